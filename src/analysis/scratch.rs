//! Buffers the analysis of one trial reuses (one per worker thread: no allocation per
//! replicate).

use trialsim_stats::log_rank;

/// Scratch space of [`super::analyse`].
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    /// (time, event) of the compared group and of its control, sorted by time.
    pub arm: Vec<(f64, bool)>,
    pub control: Vec<(f64, bool)>,
    /// Both groups for the log-rank test.
    pub subjects: Vec<log_rank::Subject>,
}
