//! Group-sequential runs: each replicate stopped where the monitor
//! ([`crate::analysis::sequential::Monitor`]) says, tallied under the scenario and its null
//! twin.

use super::values::ValueTally;
use crate::analysis::sequential::{Monitor, Stop};

/// Bin width of tallied patient numbers and calendar weeks.
const BIN: f64 = 1e-3;

/// The monitor of a run and the world its null twin is simulated in (`None` with
/// `--skip-type1`).
#[derive(Debug, Clone)]
pub struct SequentialPlan {
    pub monitor: Monitor,
    pub null_world: Option<usize>,
}

/// The looks' outcomes over the replicates of one world.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SequentialTally {
    pub replicates: u64,
    /// Per look: replicates stopping there for efficacy (the final look: rejecting), and
    /// for futility (the final look: not rejecting).
    pub efficacy: Vec<u64>,
    pub futility: Vec<u64>,
    /// Replicates that would reject with the futility bounds ignored.
    pub rejected_without_futility: u64,
    pub enrolled: ValueTally,
    pub analysed: ValueTally,
    pub weeks: ValueTally,
}

impl SequentialTally {
    pub fn new(looks: usize) -> Self {
        SequentialTally {
            replicates: 0,
            efficacy: vec![0; looks],
            futility: vec![0; looks],
            rejected_without_futility: 0,
            enrolled: ValueTally::new(BIN),
            analysed: ValueTally::new(BIN),
            weeks: ValueTally::new(BIN),
        }
    }

    pub fn add(&mut self, stop: Stop) {
        self.replicates += 1;
        if stop.efficacy {
            self.efficacy[stop.look] += 1;
        } else {
            self.futility[stop.look] += 1;
        }
        self.rejected_without_futility += stop.rejects_without_futility as u64;
        self.enrolled.add(stop.enrolled as f64);
        self.analysed.add(stop.analysed as f64);
        self.weeks.add(stop.week);
    }

    pub fn merge(&mut self, other: &SequentialTally) {
        self.replicates += other.replicates;
        for (a, b) in self.efficacy.iter_mut().zip(&other.efficacy) {
            *a += b;
        }
        for (a, b) in self.futility.iter_mut().zip(&other.futility) {
            *a += b;
        }
        self.rejected_without_futility += other.rejected_without_futility;
        self.enrolled.merge(&other.enrolled);
        self.analysed.merge(&other.analysed);
        self.weeks.merge(&other.weeks);
    }

    /// Is it a tally of `fresh`'s shape, its counts within its replicates?
    pub fn consistent(&self, fresh: &SequentialTally) -> bool {
        self.efficacy.len() == fresh.efficacy.len()
            && self.futility.len() == fresh.futility.len()
            && self.efficacy.iter().chain(&self.futility).sum::<u64>() == self.replicates
            && self.rejected_without_futility <= self.replicates
            && [&self.enrolled, &self.analysed, &self.weeks]
                .iter()
                .zip([&fresh.enrolled, &fresh.analysed, &fresh.weeks])
                .all(|(a, b)| a.consistent(b) && a.count == self.replicates)
    }
}
