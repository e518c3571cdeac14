//! Intercurrent events as an endpoint counts them: which of a patient's readings stands
//! for a visit after rescue under the endpoint's [`Strategy`], and the binary endpoints
//! read that way (change endpoints read through [`stand`] in `change`).

use super::proportion::Proportion;
use crate::model::{MISSING, TrialBuffer};
use crate::scenario::{Endpoint, EndpointKind, Missing, Strategy};

/// What stands for a patient's visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stand {
    /// The reading at this post-baseline visit (missing after dropout).
    At(usize),
    /// A failure (composite strategy after rescue).
    Failure,
    /// Nothing (hypothetical strategy after rescue; while on treatment when rescue came
    /// before the first visit).
    Missing,
}

/// What stands for visit `j` of patient `p` under `strategy`: the visit itself before
/// rescue (or without rescue, or under treatment policy); after it a failure (composite),
/// nothing (hypothetical) or the last visit before rescue (while on treatment).
#[inline]
pub fn stand(strategy: Strategy, trial: &TrialBuffer, p: usize, j: usize) -> Stand {
    let rescued = trial.rescued_from(p);
    if j < rescued {
        return Stand::At(j);
    }
    match strategy {
        Strategy::TreatmentPolicy => Stand::At(j),
        Strategy::Composite => Stand::Failure,
        Strategy::Hypothetical => Stand::Missing,
        Strategy::WhileOnTreatment if rescued == 0 => Stand::Missing,
        Strategy::WhileOnTreatment => Stand::At(rescued - 1),
    }
}

/// Whether patient `p` responds at visit `j` under `strategy` by `responds` (which reads a
/// visit's reading): `Some(true/false)`, or `None` where the visit has no reading.
#[inline]
fn status(
    strategy: Strategy,
    trial: &TrialBuffer,
    p: usize,
    j: usize,
    responds: &impl Fn(usize) -> Option<bool>,
) -> Option<bool> {
    match stand(strategy, trial, p, j) {
        Stand::At(i) => responds(i),
        Stand::Failure => Some(false),
        Stand::Missing => None,
    }
}

/// Whether patient `p` responds for binary endpoint `endpoint` read under its strategy:
/// `Some(true/false)` (a failure counts as an observed non-responder), or `None` where the
/// endpoint's visit has no reading (missing, which the endpoint's `missing` rule counts).
pub fn responds(endpoint: &Endpoint, trial: &TrialBuffer, p: usize) -> Option<bool> {
    let s = endpoint.strategy;
    let visits = trial.visits();
    let in_levels = |levels: &[usize], i: usize| {
        let l = trial.level[p * visits + i];
        (l != MISSING).then(|| levels.iter().any(|&k| k as u8 == l))
    };
    match &endpoint.kind {
        EndpointKind::Response { levels, visit, .. } => status(s, trial, p, visit.index, &|i| in_levels(levels, i)),
        EndpointKind::ScoreResponse { source, rule, visit, .. } => status(s, trial, p, visit.index, &|i| {
            let (baseline, value) = trial.reading(*source, p, i);
            (!value.is_nan()).then(|| rule.meets(value, baseline))
        }),
        EndpointKind::Sustained { levels, from, visit, at_least, missing } => {
            // A visit without a reading is not a response (as `sustained::read` counts
            // dropout); under complete case the patient counts when the window's last visit
            // has a reading.
            let last = status(s, trial, p, visit.index, &|i| in_levels(levels, i));
            if last.is_none() && *missing == Missing::CompleteCase {
                return None;
            }
            let hits = (from.index..=visit.index)
                .filter(|&j| status(s, trial, p, j, &|i| in_levels(levels, i)) == Some(true))
                .count();
            Some(hits >= *at_least)
        }
        EndpointKind::Change { .. } | EndpointKind::TimeToEvent { .. } | EndpointKind::LevelTime { .. } => {
            unreachable!("`{}` is not a binary endpoint", endpoint.name)
        }
    }
}

/// The responders of arm `a` for binary endpoint `endpoint` read under its strategy, patient
/// by patient ([`responds`]); the endpoint's `missing` rule counts the missing
/// (non-responder imputation: a non-responder over every patient; complete case: left out).
pub fn binary(endpoint: &Endpoint, trial: &TrialBuffer, a: usize) -> Proportion {
    let (mut responders, mut observed) = (0u32, 0u32);
    for p in trial.arm_start[a]..trial.arm_start[a + 1] {
        if let Some(responds) = responds(endpoint, trial, p) {
            observed += 1;
            responders += responds as u32;
        }
    }
    let denominator = match endpoint.missing() {
        Missing::NonResponder => (trial.arm_start[a + 1] - trial.arm_start[a]) as u32,
        Missing::CompleteCase => observed,
    };
    Proportion { responders, denominator }
}
