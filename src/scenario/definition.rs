//! The validated scenario: one trial design and the truth assumed about it.

use super::arm::Arm;
use super::axis::Axis;
use super::design::{Design, Multiplicity, SimonRule};
use super::endpoint::Endpoint;
use super::event::{Event, Rerandomisation};
use super::level::Level;
use super::marker::Marker;
use super::score::Score;
use std::path::PathBuf;

/// A validated scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub name: String,
    pub title: Option<String>,
    pub design: Design,
    pub sample_size: u32,
    /// Visit weeks, starting with 0 (baseline), strictly increasing.
    pub visits: Vec<u32>,
    /// Index of the control arm (parallel designs).
    pub control: Option<usize>,
    pub marker: Marker,
    pub levels: Vec<Level>,
    pub arms: Vec<Arm>,
    pub endpoints: Vec<Endpoint>,
    /// Continuous scores simulated beside the marker.
    pub scores: Vec<Score>,
    /// The multiplicity rule over a family of endpoints.
    pub multiplicity: Option<Multiplicity>,
    /// The two-stage rule of a `simon-two-stage` design.
    pub simon: Option<SimonRule>,
    /// Events followed to a horizon (flares, relapses).
    pub events: Vec<Event>,
    /// Second randomisations of event-free patients.
    pub rerandomisations: Vec<Rerandomisation>,
    /// Rescue therapies (intercurrent events).
    pub rescues: Vec<super::rescue::Rescue>,
    /// The axes of `[[sweep]]` tables (only a sweep uses them).
    pub sweep: Vec<Axis>,
    pub simulation: Simulation,
    /// When patients enter (none: everyone at week 0, as in a trial without calendar time).
    pub accrual: Option<super::accrual::Accrual>,
    /// The looks at the data (the last the final analysis) and the group-sequential rule of
    /// the monitored endpoint.
    pub sequential: Option<(Vec<super::sequential::Analysis>, super::sequential::GroupSequential)>,
    /// Where the scenario was read from.
    pub origin: Origin,
}

/// How many replicates and from which seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Simulation {
    pub replicates: u64,
    pub seed: u64,
}

/// The file a scenario was read from (as the user named it) and its text: a sweep's grid
/// points are validated against it, so that their errors point into the file, and a shard
/// carries it to the merge.
#[derive(Debug, Clone, PartialEq)]
pub struct Origin {
    pub file: PathBuf,
    pub text: String,
}

impl Origin {
    /// The fingerprint of the scenario's text.
    pub fn fingerprint(&self) -> super::fingerprint::Fingerprint {
        super::fingerprint::Fingerprint::default().with(self.text.as_bytes())
    }
}

impl Scenario {
    /// Post-baseline visit weeks.
    pub fn post_baseline_weeks(&self) -> &[u32] {
        &self.visits[1..]
    }

    /// The last visit week.
    pub fn last_week(&self) -> u32 {
        *self.visits.last().expect("validated: at least two visits")
    }

    /// Does rescue change what endpoint `e` reads: a strategy other than treatment policy,
    /// or a rescue with its own rates or mean changes? (A rescue without an effect of its
    /// own leaves a treatment-policy endpoint's data as they were.)
    pub fn rescue_affects(&self, e: usize) -> bool {
        !self.rescues.is_empty()
            && (self.endpoints[e].strategy != super::rescue::Strategy::TreatmentPolicy
                || self.rescues.iter().any(|r| r.rates.is_some() || r.changes.is_some()))
    }

    /// The arms compared with the control (parallel) or the single arm.
    pub fn compared_arms(&self) -> Vec<usize> {
        (0..self.arms.len()).filter(|&a| Some(a) != self.control).collect()
    }

    /// The compared arms endpoint `e` reports an entry for: every compared arm, or for a
    /// trend over every arm the last one (the trend's one entry).
    pub fn entry_arms(&self, e: usize) -> Vec<usize> {
        let compared = self.compared_arms();
        if self.endpoints[e].test.is_trend() { compared.last().copied().into_iter().collect() } else { compared }
    }

    /// The index of endpoint `e`'s first entry among a run's entries (endpoints in order,
    /// each with its [`entry_arms`](Self::entry_arms)).
    pub fn first_entry(&self, e: usize) -> usize {
        (0..e).map(|k| self.entry_arms(k).len()).sum()
    }

    /// The number of entries a run reports.
    pub fn entries(&self) -> usize {
        self.first_entry(self.endpoints.len())
    }

    /// The name of what a continuous or score-response endpoint reads.
    pub fn source_name(&self, source: super::endpoint::Source) -> &str {
        match source {
            super::endpoint::Source::Marker => &self.marker.name,
            super::endpoint::Source::Score(k) => &self.scores[k].name,
        }
    }
}
