//! Change endpoints: baseline and change from baseline of the patients still in the trial
//! at the endpoint's week (complete case).

use crate::model::TrialBuffer;
use crate::scenario::{Source, Visit};
use trialsim_stats::sample::SampleStats;

/// The (baseline, change) statistics of arm `a` for `source` at `visit`.
#[inline]
pub fn read(source: Source, visit: Visit, trial: &TrialBuffer, a: usize) -> SampleStats {
    let mut stats = SampleStats::default();
    for p in trial.arm_start[a]..trial.arm_start[a + 1] {
        let (baseline, value) = trial.reading(source, p, visit.index);
        if !value.is_nan() {
            stats.push(baseline, value - baseline);
        }
    }
    stats
}
