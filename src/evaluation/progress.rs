//! Progress of a run, reported as blocks of replicates finish.

/// Told how many replicates are done, as blocks finish (from any thread).
pub trait Progress: Sync {
    fn advance(&self, replicates: u64);
    /// The number of replicates the run now aims at (it grows with a target precision).
    fn set_total(&self, _replicates: u64) {}
    /// Has the caller asked the run to stop? Asked between blocks of replicates; a stopped
    /// run returns `Error::Interrupted` and nothing it computed.
    fn stopped(&self) -> bool {
        false
    }
}

/// No progress reporting.
pub struct Silent;

impl Progress for Silent {
    fn advance(&self, _: u64) {}
}
