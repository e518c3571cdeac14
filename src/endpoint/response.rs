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
