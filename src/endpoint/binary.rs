//! Binary endpoints (response, score-response, sustained response): responders out of a
//! denominator.

use super::proportion::Proportion;
use super::{response, score_response, strategy, sustained};
use crate::model::TrialBuffer;
use crate::scenario::{Endpoint, EndpointKind, Strategy};

/// The responders of arm `a` for a binary endpoint (response or score-response).
///
/// # Panics
///
/// On an endpoint that is not binary (a caller's error: the plan only asks binary ones).
#[inline]
pub fn read(endpoint: &Endpoint, trial: &TrialBuffer, a: usize) -> Proportion {
    if endpoint.strategy != Strategy::TreatmentPolicy && trial.has_rescue() {
        return strategy::binary(endpoint, trial, a);
    }
    match &endpoint.kind {
        EndpointKind::Response { levels, visit, missing } => response::read(levels, *visit, *missing, trial, a),
        EndpointKind::ScoreResponse { source, rule, visit, missing } => {
            score_response::read(*source, rule, *visit, *missing, trial, a)
        }
        EndpointKind::Sustained { levels, from, visit, at_least, missing } => {
            sustained::read(levels, (*from, *visit), *at_least, *missing, trial, a)
        }
        EndpointKind::Change { .. } | EndpointKind::TimeToEvent { .. } | EndpointKind::LevelTime { .. } => {
            unreachable!("`{}` is not a binary endpoint", endpoint.name)
        }
    }
}
