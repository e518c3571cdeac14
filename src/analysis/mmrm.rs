//! The MMRM of a change endpoint: fitted once per trial and shared by the endpoint's
//! comparisons (every arm is in the model), the fits kept from trial to trial.

use crate::endpoint::change;
use crate::model::TrialBuffer;
use crate::scenario::{Endpoint, EndpointKind};
use trialsim_stats::mmrm::{Covariance, FitError, Fitted, Mmrm};

/// How a trial's MMRM was fitted: with the requested covariance structure or a simpler
/// one it fell back on, or not at all (the comparison does not reject).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FitOutcome {
    Used(Covariance),
    Failed,
}

impl FitOutcome {
    /// Its slot in a tally: the three structures in the order of [`STRUCTURES`], then
    /// failures.
    pub fn slot(self) -> usize {
        match self {
            FitOutcome::Used(c) => STRUCTURES.iter().position(|&s| s == c).expect("every structure is listed"),
            FitOutcome::Failed => STRUCTURES.len(),
        }
    }
}

/// The structures in the order tallies count them.
pub const STRUCTURES: [Covariance; 3] = [Covariance::Unstructured, Covariance::Ar1, Covariance::CompoundSymmetry];

/// One endpoint's model and the trial it was last fitted to.
#[derive(Debug, Clone)]
struct Slot {
    endpoint: usize,
    serial: u64,
    model: Mmrm,
    result: Result<Fitted, FitError>,
}

/// The MMRMs of a worker thread, one per MMRM endpoint.
#[derive(Debug, Clone, Default)]
pub struct MmrmFits {
    slots: Vec<Slot>,
    changes: Vec<f64>,
}

impl MmrmFits {
    /// The model of endpoint `e` fitted to `trial` (fitted on the first ask per trial).
    pub fn fit(&mut self, e: usize, endpoint: &Endpoint, trial: &TrialBuffer) -> (&mut Mmrm, Result<Fitted, FitError>) {
        let EndpointKind::Change { source, visit, area: None } = &endpoint.kind else {
            unreachable!("validated: an MMRM analyses a change at a visit")
        };
        let covariance = endpoint.mmrm.expect("validated: an MMRM endpoint has its options").covariance;
        let i = match self.slots.iter().position(|s| s.endpoint == e) {
            Some(i) => i,
            None => {
                let arms = trial.arm_start.len() - 1;
                self.slots.push(Slot {
                    endpoint: e,
                    serial: u64::MAX,
                    model: Mmrm::new(arms, visit.index + 1, covariance),
                    result: Err(FitError::NotConverged),
                });
                self.slots.len() - 1
            }
        };
        let slot = &mut self.slots[i];
        if slot.serial != trial.serial {
            change::trajectories(endpoint.strategy, *source, *visit, trial, &mut slot.model, &mut self.changes);
            slot.result = slot.model.fit();
            slot.serial = trial.serial;
        }
        (&mut slot.model, slot.result)
    }
}
