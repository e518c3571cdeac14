//! A progress bar on standard error when it is a terminal, hidden otherwise.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use trialsim::evaluation::Progress;

/// The progress bar of a command.
pub struct Bar {
    bar: ProgressBar,
    /// Whether `set_total` may change its length (single runs follow a target precision).
    follows_target: bool,
}

impl Bar {
    /// A bar for `total` replicates; with `follows_target` the run may change the total.
    pub fn new(total: u64, follows_target: bool) -> Bar {
        let bar = if std::io::stderr().is_terminal() {
            let bar = ProgressBar::new(total);
            bar.set_style(
                ProgressStyle::with_template("{spinner} {bar:40} {pos}/{len} replicates ({eta})")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar
        } else {
            ProgressBar::hidden()
        };
        Bar { bar, follows_target }
    }

    /// Remove the bar from the terminal.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Progress for Bar {
    fn advance(&self, replicates: u64) {
        self.bar.inc(replicates);
    }

    fn set_total(&self, replicates: u64) {
        if self.follows_target {
            self.bar.set_length(replicates);
        }
    }
}
