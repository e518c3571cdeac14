//! Response endpoints: patients in a set of levels at one visit.

use super::proportion::Proportion;
use crate::model::TrialBuffer;
use crate::scenario::{Missing, Visit};

/// The responders of arm `a` in `levels` at `visit`, with the missing-data rule.
///
/// Non-responder imputation divides by every enrolled patient of the arm, complete-case
/// analysis by the patients with a value at the endpoint's week.
#[inline]
pub fn read(levels: &[usize], visit: Visit, missing: Missing, trial: &TrialBuffer, a: usize) -> Proportion {
    let responders = trial.count_in(a, visit.index, levels);
    let denominator = match missing {
        Missing::NonResponder => (trial.arm_start[a + 1] - trial.arm_start[a]) as u32,
        Missing::CompleteCase => trial.observed(a, visit.index),
    };
    Proportion { responders, denominator }
}

/// Responders in `levels` at `visit` among patients `from..to` (in enrolment order); a
/// patient without a value there is a non-responder.
#[inline]
pub fn responders_among(levels: &[usize], visit: Visit, trial: &TrialBuffer, from: usize, to: usize) -> u32 {
    let visits = trial.visits();
    (from..to)
        .filter(|&p| {
            let level = trial.level[p * visits + visit.index];
            levels.iter().any(|&k| k as u8 == level)
        })
        .count() as u32
}
