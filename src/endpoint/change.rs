//! Change endpoints: baseline and change from baseline of the patients still in the trial
//! at the endpoint's week (complete case).

use crate::model::TrialBuffer;
use crate::scenario::{Endpoint, Source};
use trialsim_stats::sample::SampleStats;

/// The (baseline, change) statistics of arm `a`.
#[inline]
pub fn read(endpoint: &Endpoint, source: Source, trial: &TrialBuffer, a: usize) -> SampleStats {
    let visits = trial.visits();
    let j = endpoint.visit;
    let mut stats = SampleStats::default();
    for p in trial.arm_start[a]..trial.arm_start[a + 1] {
        let (baseline, value) = match source {
            Source::Marker => (trial.baseline[p], trial.values[p * visits + j]),
            Source::Score(k) => (trial.score_baseline[k][p], trial.score_values[k][p * visits + j]),
        };
        if !value.is_nan() {
            stats.push(baseline, value - baseline);
        }
    }
    stats
}
