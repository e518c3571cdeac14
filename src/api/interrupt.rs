//! Stopping a long call from another thread (Ctrl-C in R or Python): the engine asks its
//! [`Progress`] between blocks of replicates whether to stop.

use crate::evaluation::Progress;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// A flag shared between a running call and whoever may stop it, with the replicates done
/// so far.
#[derive(Debug, Clone, Default)]
pub struct Interrupt {
    stop: Arc<AtomicBool>,
    done: Arc<AtomicU64>,
}

impl Interrupt {
    pub fn new() -> Interrupt {
        Interrupt::default()
    }

    /// Ask the running call to stop (it returns `Error::Interrupted` within a block of
    /// replicates).
    pub fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }

    /// Replicates done so far (over every world and point).
    pub fn done(&self) -> u64 {
        self.done.load(Ordering::Relaxed)
    }
}

impl Progress for Interrupt {
    fn advance(&self, replicates: u64) {
        self.done.fetch_add(replicates, Ordering::Relaxed);
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }
}
