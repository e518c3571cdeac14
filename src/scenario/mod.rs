//! The scenario layer: the TOML file parsed and validated into typed values.
//!
//! Every later layer trusts a [`Scenario`] and never re-checks it.

pub mod allocation;
pub mod level;
pub mod locate;
pub mod marker;
mod raw;
pub mod score;
mod validate;

pub use level::{Combine, Level, LevelRule, Relative, Threshold};
pub use marker::{Baseline, Direction, Marker, Resolution};
pub use score::{Score, ScoreBaseline};

use crate::endpoint::Missing;
use crate::error::{Error, Result, ScenarioError};
use serde::Deserialize;
use std::path::Path;
pub use trialsim_stats::MultiplicityMethod;
use trialsim_stats::{Alternative, Test};

/// Parallel arms against a control, or one arm against a null rate.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Design {
    #[default]
    Parallel,
    SingleArm,
    /// A single arm in two stages with Simon's stopping rule (`[simon]`).
    SimonTwoStage,
}

impl Design {
    pub fn as_str(self) -> &'static str {
        match self {
            Design::Parallel => "parallel",
            Design::SingleArm => "single-arm",
            Design::SimonTwoStage => "simon-two-stage",
        }
    }

    /// One arm, tested against null rates.
    pub fn is_single_arm(self) -> bool {
        !matches!(self, Design::Parallel)
    }
}

/// The two-stage rule of a `simon-two-stage` design, applied to one response endpoint:
/// stop after the first `n1` patients if at most `r1` respond; with all `n` patients,
/// declare the treatment active if more than `r` respond.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SimonRule {
    pub endpoint: usize,
    pub n1: u32,
    pub r1: u32,
    pub n: u32,
    pub r: u32,
}

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
    pub simulation: Simulation,
}

/// A family of endpoints (in order, for fixed-sequence) and its rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Multiplicity {
    pub method: MultiplicityMethod,
    pub endpoints: Vec<usize>,
    /// The family-wise level: the endpoints' common alpha.
    pub alpha: f64,
}

/// What a continuous endpoint reads: the marker's values or a score's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Marker,
    Score(usize),
}

/// An event followed to a horizon; its time is Weibull with the arm's probability by the
/// horizon, censored by dropout and by the horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub name: String,
    /// Weeks of follow-up for every patient.
    pub horizon: u32,
    /// Weibull shape; 1 is a constant hazard.
    pub shape: f64,
}

/// A second randomisation: patients of `arm` still in the trial and free of `event` at
/// `week` are randomised again into sub-arms, each with its own probability of the event
/// within the event's horizon counted from `week`.
#[derive(Debug, Clone, PartialEq)]
pub struct Rerandomisation {
    pub arm: usize,
    pub week: u32,
    pub event: usize,
    pub subarms: Vec<SubArm>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SubArm {
    pub name: String,
    pub allocation: f64,
    /// Probability of the event within the horizon after re-randomisation.
    pub probability: f64,
}

/// A time-to-event endpoint comparing two sub-arms of a second randomisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubArmComparison {
    pub rerandomisation: usize,
    pub arm: usize,
    pub control: usize,
}

/// What an endpoint reads off a trial.
#[derive(Debug, Clone, PartialEq)]
pub enum EndpointKind {
    /// Patients in a set of levels (`levels`).
    Response,
    /// Change from baseline of a score or the marker, compared by a t test or ANCOVA.
    Change(Source),
    /// Patients whose score (or marker) value meets a rule.
    ScoreResponse(Source, LevelRule),
    /// Time to event k, censored by dropout and the horizon.
    TimeToEvent(usize),
}

/// An arm with its size fixed by the allocation rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Arm {
    pub name: String,
    pub allocation: f64,
    /// Patients in the arm.
    pub n: u32,
    /// Probability of missing the last visit.
    pub dropout: f64,
    /// `rates[level][j]`: probability of being in that level at post-baseline visit j.
    pub rates: Vec<Vec<f64>>,
    /// `changes[score][j]`: mean change from baseline of each score at visit j.
    pub changes: Vec<Vec<f64>>,
    /// `events[k]`: probability of event k by its horizon.
    pub events: Vec<f64>,
}

/// A binary endpoint read off the levels.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    pub name: String,
    pub primary: bool,
    pub kind: EndpointKind,
    /// Indices of the levels that count as success (response endpoints; empty otherwise).
    pub levels: Vec<usize>,
    pub week: u32,
    /// Index of the endpoint's week among the post-baseline visits.
    pub visit: usize,
    pub missing: Missing,
    pub test: Test,
    pub alternative: Alternative,
    pub alpha: f64,
    /// The rate tested against in a single-arm design.
    pub null_rate: Option<f64>,
    /// Non-inferiority (positive) or superiority (negative) margin on arm minus control,
    /// for the tests that take one; 0 otherwise.
    pub margin: f64,
    /// Time-to-event endpoints after a second randomisation: the sub-arms compared.
    pub subarms: Option<SubArmComparison>,
}

/// How many replicates and from which seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Simulation {
    pub replicates: u64,
    pub seed: u64,
}

impl Scenario {
    /// Read and validate a scenario file.
    pub fn load(path: &Path) -> Result<Scenario> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read { path: path.to_path_buf(), source })?;
        Ok(Scenario::parse(&text, path)?)
    }

    /// Validate scenario text; `file` is only used in error messages.
    pub fn parse(text: &str, file: &Path) -> std::result::Result<Scenario, ScenarioError> {
        validate::parse(text, file)
    }

    /// Post-baseline visit weeks.
    pub fn post_baseline_weeks(&self) -> &[u32] {
        &self.visits[1..]
    }

    /// The last visit week.
    pub fn last_week(&self) -> u32 {
        *self.visits.last().expect("validated: at least two visits")
    }

    /// Is the endpoint binary (response or score-response)?
    pub fn is_binary(&self, e: usize) -> bool {
        matches!(self.endpoints[e].kind, EndpointKind::Response | EndpointKind::ScoreResponse(..))
    }

    /// The arms compared with the control (parallel) or the single arm.
    pub fn compared_arms(&self) -> Vec<usize> {
        (0..self.arms.len()).filter(|&a| Some(a) != self.control).collect()
    }
}
