//! Response endpoints: patients in a set of levels at one visit.

use super::{Missing, Proportion};
use crate::model::TrialBuffer;
use crate::scenario::Endpoint;

/// The responders of arm `a` for a response endpoint, with its missing-data rule.
///
/// Non-responder imputation divides by every enrolled patient of the arm, complete-case
/// analysis by the patients with a value at the endpoint's week.
#[inline]
pub fn read(endpoint: &Endpoint, trial: &TrialBuffer, a: usize) -> Proportion {
    let responders = trial.count_in(a, endpoint.visit, &endpoint.levels);
    let denominator = match endpoint.missing {
        Missing::NonResponder => (trial.arm_start[a + 1] - trial.arm_start[a]) as u32,
        Missing::CompleteCase => trial.observed(a, endpoint.visit),
    };
    Proportion { responders, denominator }
}

/// Responders among patients `from..to` (in enrolment order) at the endpoint's week; a
/// patient without a value there is a non-responder.
#[inline]
pub fn responders_among(endpoint: &Endpoint, trial: &TrialBuffer, from: usize, to: usize) -> u32 {
    let visits = trial.visits();
    (from..to)
        .filter(|&p| {
            let level = trial.level[p * visits + endpoint.visit];
            endpoint.levels.iter().any(|&k| k as u8 == level)
        })
        .count() as u32
}
