//! The endpoint layer: what each endpoint reads off a simulated trial.

pub mod change;
pub mod response;
pub mod score_response;
pub mod time_to_event;

use serde::{Deserialize, Serialize};

/// How patients without a value at the endpoint's week count.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Missing {
    /// A failure, over all enrolled patients of the arm.
    #[default]
    NonResponder,
    /// Left out of numerator and denominator.
    CompleteCase,
}

impl Missing {
    pub fn as_str(self) -> &'static str {
        match self {
            Missing::NonResponder => "non-responder",
            Missing::CompleteCase => "complete-case",
        }
    }
}

/// Responders out of a denominator, for one arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Proportion {
    pub responders: u32,
    pub denominator: u32,
}

/// The responders of arm `a` for a binary endpoint (response or score-response).
#[inline]
pub fn read_binary(endpoint: &crate::scenario::Endpoint, trial: &crate::model::TrialBuffer, a: usize) -> Proportion {
    use crate::scenario::EndpointKind;
    match &endpoint.kind {
        EndpointKind::ScoreResponse(source, rule) => score_response::read(endpoint, *source, rule, trial, a),
        _ => response::read(endpoint, trial, a),
    }
}
