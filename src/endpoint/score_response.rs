//! Score-response endpoints: patients whose score (or marker) value meets a rule.

use super::proportion::Proportion;
use crate::model::TrialBuffer;
use crate::scenario::{LevelRule, Missing, Source, Visit};

/// The responders of arm `a` by `rule` on `source` at `visit`, with the missing-data rule.
#[inline]
pub fn read(
    source: Source,
    rule: &LevelRule,
    visit: Visit,
    missing: Missing,
    trial: &TrialBuffer,
    a: usize,
) -> Proportion {
    let (mut responders, mut observed) = (0, 0);
    for p in trial.arm_start[a]..trial.arm_start[a + 1] {
        let (baseline, value) = trial.reading(source, p, visit.index);
        if !value.is_nan() {
            observed += 1;
            responders += rule.meets(value, baseline) as u32;
        }
    }
    let denominator = match missing {
        Missing::NonResponder => (trial.arm_start[a + 1] - trial.arm_start[a]) as u32,
        Missing::CompleteCase => observed,
    };
    Proportion { responders, denominator }
}
