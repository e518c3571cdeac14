//! Progress on standard error: a bar with the time left when it is a terminal; otherwise
//! (a batch job's log) one line with the estimated time left, once a run has gone on for a
//! while and still has more than a minute to go.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};
use trialsim::evaluation::Progress;

/// How long a run goes before its estimate is written to a log.
const ESTIMATE_AFTER: Duration = Duration::from_secs(10);
/// The least time left worth writing about.
const WORTH_WRITING: Duration = Duration::from_secs(60);

/// The progress of a command.
pub struct Bar {
    bar: ProgressBar,
    /// Whether `set_total` may change its length (single runs follow a target precision).
    follows_target: bool,
    started: Instant,
    done: AtomicU64,
    total: AtomicU64,
    estimated: AtomicBool,
}

impl Bar {
    /// Progress over `total` replicates; with `follows_target` the run may change the total.
    pub fn new(total: u64, follows_target: bool) -> Bar {
        let bar = if std::io::stderr().is_terminal() {
            let bar = ProgressBar::new(total);
            bar.set_style(
                ProgressStyle::with_template("{spinner} {bar:40} {pos}/{len} replicates ({eta} left)")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar
        } else {
            ProgressBar::hidden()
        };
        Bar {
            bar,
            follows_target,
            started: Instant::now(),
            done: AtomicU64::new(0),
            total: AtomicU64::new(total),
            estimated: AtomicBool::new(false),
        }
    }

    /// Remove the bar from the terminal.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }

    /// Write the time left to a log once, when it is long.
    fn estimate(&self, done: u64) {
        let elapsed = self.started.elapsed();
        let total = self.total.load(Ordering::Relaxed);
        if !self.bar.is_hidden() || elapsed < ESTIMATE_AFTER || done == 0 || done >= total {
            return;
        }
        let left = elapsed.as_secs_f64() * (total - done) as f64 / done as f64;
        if left >= WORTH_WRITING.as_secs_f64() && !self.estimated.swap(true, Ordering::Relaxed) {
            eprintln!("trialsim: about {} left ({done} of {total} replicates done)", duration(left));
        }
    }
}

/// Seconds in words: `3 min`, `2 h 15 min`, `4.1 days`, `7.2e5 years`.
fn duration(seconds: f64) -> String {
    let minutes = seconds / 60.0;
    if minutes < 60.0 {
        format!("{:.0} min", minutes.ceil())
    } else if minutes < 48.0 * 60.0 {
        format!("{:.0} h {:.0} min", (minutes / 60.0).floor(), minutes % 60.0)
    } else if minutes < 730.0 * 24.0 * 60.0 {
        format!("{:.1} days", minutes / 1440.0)
    } else {
        format!("{:.1e} years", minutes / 525_960.0)
    }
}

impl Progress for Bar {
    fn advance(&self, replicates: u64) {
        self.bar.inc(replicates);
        let done = self.done.fetch_add(replicates, Ordering::Relaxed) + replicates;
        self.estimate(done);
    }

    fn set_total(&self, replicates: u64) {
        if self.follows_target {
            self.bar.set_length(replicates);
            self.total.store(replicates, Ordering::Relaxed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::duration;

    #[test]
    fn durations_in_words() {
        assert_eq!(duration(150.0), "3 min");
        assert_eq!(duration(8100.0), "2 h 15 min");
        assert_eq!(duration(86400.0 * 4.1), "4.1 days");
        assert!(duration(1e15).ends_with("years"));
    }
}
