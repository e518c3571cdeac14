//! Score-response endpoints: patients whose score (or marker) value meets a rule.

use super::{Missing, Proportion};
use crate::model::TrialBuffer;
use crate::scenario::{Endpoint, LevelRule, Source};

/// The responders of arm `a` by `rule`, with the endpoint's missing-data rule.
#[inline]
pub fn read(endpoint: &Endpoint, source: Source, rule: &LevelRule, trial: &TrialBuffer, a: usize) -> Proportion {
    let visits = trial.visits();
    let j = endpoint.visit;
    let (mut responders, mut observed) = (0, 0);
    for p in trial.arm_start[a]..trial.arm_start[a + 1] {
        let (baseline, value) = match source {
            Source::Marker => (trial.baseline[p], trial.values[p * visits + j]),
            Source::Score(k) => (trial.score_baseline[k][p], trial.score_values[k][p * visits + j]),
        };
        if !value.is_nan() {
            observed += 1;
            responders += rule.meets(value, baseline) as u32;
        }
    }
    let denominator = match endpoint.missing {
        Missing::NonResponder => (trial.arm_start[a + 1] - trial.arm_start[a]) as u32,
        Missing::CompleteCase => observed,
    };
    Proportion { responders, denominator }
}
