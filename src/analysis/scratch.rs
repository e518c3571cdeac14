//! Buffers the analysis of one trial reuses (one per worker thread: no allocation per
//! replicate).

use super::mmrm::MmrmFits;
use crate::endpoint::time_to_event::SortedEvents;
use trialsim_stats::log_rank;
use trialsim_stats::sample::SampleStats;

/// Scratch space of [`super::analyse`].
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    /// (time, event) of the compared group and of its control, sorted by time.
    pub arm: Vec<(f64, bool)>,
    pub control: Vec<(f64, bool)>,
    /// Each arm's sorted times per event, shared by the endpoints of one trial.
    pub sorted: SortedEvents,
    /// Cox's risk sets.
    pub risk_sets: Vec<trialsim_stats::cox::RiskSet>,
    /// Both groups for the log-rank test.
    pub subjects: Vec<log_rank::Subject>,
    /// Every arm's change statistics (tests on a variance pooled over the arms, trends).
    pub groups: Vec<SampleStats>,
    /// Every arm's responders and denominator (a trend of a binary endpoint).
    pub responders: Vec<u32>,
    pub denominators: Vec<u32>,
    /// The MMRMs of the trial's MMRM endpoints.
    pub mmrm: MmrmFits,
}
