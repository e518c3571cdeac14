//! Endpoints: what is measured, when, and how it is tested. Each kind carries only the
//! fields it has.

use super::level::LevelRule;
use super::rescue::Strategy;
use serde::{Deserialize, Serialize};
use trialsim_stats::mmrm::{Covariance, DegreesOfFreedom};
use trialsim_stats::{Alternative, Test};

/// How patients without a value at the endpoint's week count.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
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

/// A post-baseline visit: its week and its index among the post-baseline visits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Visit {
    pub week: u32,
    pub index: usize,
}

/// What a continuous endpoint reads: the marker's values or a score's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Marker,
    Score(usize),
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
    /// Patients in a set of levels (indices, increasing) at a visit.
    Response { levels: Vec<usize>, visit: Visit, missing: Missing },
    /// Patients whose score (or marker) value meets a rule at a visit.
    ScoreResponse { source: Source, rule: LevelRule, visit: Visit, missing: Missing },
    /// Patients in a set of levels at `at_least` of the visits `from..=visit` (indices): a
    /// sustained response.
    Sustained { levels: Vec<usize>, from: Visit, visit: Visit, at_least: usize, missing: Missing },
    /// Change from baseline of a score or the marker at a visit, among the patients still
    /// in the trial (complete case), compared by a t test or ANCOVA. With `area` (the
    /// post-baseline weeks up to the visit), the area under the change curve over them
    /// per week instead: the time-averaged change.
    Change { source: Source, visit: Visit, area: Option<Vec<u32>> },
    /// Time to event `event`, censored by dropout and by the event's horizon; after a
    /// second randomisation, between two of its sub-arms.
    TimeToEvent { event: usize, horizon: u32, subarms: Option<SubArmComparison> },
    /// A time read off the patient's levels on the visit grid up to `visit`, censored at
    /// the last visit seen: to the first visit in `levels`, to the first visit out of
    /// them, or from the first visit in them to the first out (responders only).
    /// `weeks`: the post-baseline weeks up to `visit`.
    LevelTime { measure: LevelTime, levels: Vec<usize>, visit: Visit, weeks: Vec<u32> },
}

/// Which time a [`EndpointKind::LevelTime`] endpoint reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LevelTime {
    /// From randomisation to the first visit in the levels.
    FirstResponse,
    /// From randomisation to the first visit out of the levels.
    Loss,
    /// From the first visit in the levels to the first visit after it out of them.
    Duration,
    /// The weeks in the levels up to the endpoint's week (each visit in them counts the
    /// weeks since the previous visit; none after dropout): a continuous endpoint.
    WeeksIn,
}

impl LevelTime {
    pub fn as_str(self) -> &'static str {
        match self {
            LevelTime::FirstResponse => "time-to-response",
            LevelTime::Loss => "time-to-loss",
            LevelTime::Duration => "duration-of-response",
            LevelTime::WeeksIn => "time-in-response",
        }
    }
}

/// An endpoint and its test.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    pub name: String,
    pub primary: bool,
    pub kind: EndpointKind,
    pub test: Test,
    pub alternative: Alternative,
    pub alpha: f64,
    /// Single-arm binary endpoints: the rate under the null hypothesis.
    pub null_rate: Option<f64>,
    /// The tests that take one (farrington-manning, miettinen-nurminen, rate-difference):
    /// the non-inferiority (positive) or superiority (negative) margin on arm minus control,
    /// 0 when none is given; `None` for the other tests.
    pub margin: Option<f64>,
    /// `test = "mmrm"`: the model's options.
    pub mmrm: Option<MmrmOptions>,
    /// How the visits after rescue count.
    pub strategy: Strategy,
}

/// How an MMRM endpoint's model is fitted and its contrast tested.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MmrmOptions {
    /// The covariance structure of a patient's visits.
    pub covariance: Covariance,
    /// Satterthwaite's degrees of freedom, or Kenward-Roger's with their adjusted
    /// standard error.
    pub df: DegreesOfFreedom,
}

impl Endpoint {
    /// The visit a response, score-response or change endpoint reads.
    pub fn visit(&self) -> Option<Visit> {
        match &self.kind {
            EndpointKind::Response { visit, .. }
            | EndpointKind::ScoreResponse { visit, .. }
            | EndpointKind::Sustained { visit, .. }
            | EndpointKind::Change { visit, .. }
            | EndpointKind::LevelTime { visit, .. } => Some(*visit),
            EndpointKind::TimeToEvent { .. } => None,
        }
    }

    /// Is it a time to event, from an `[[event]]` or read off the levels?
    pub fn is_time(&self) -> bool {
        match &self.kind {
            EndpointKind::TimeToEvent { .. } => true,
            EndpointKind::LevelTime { measure, .. } => *measure != LevelTime::WeeksIn,
            _ => false,
        }
    }

    /// Does the endpoint read the marker's reported values (not only its levels)?
    pub fn reads_marker_values(&self) -> bool {
        matches!(
            self.kind,
            EndpointKind::ScoreResponse { source: Source::Marker, .. }
                | EndpointKind::Change { source: Source::Marker, .. }
                // (its ANCOVA reads the marker's baseline)
                | EndpointKind::LevelTime { measure: LevelTime::WeeksIn, .. }
        )
    }

    /// Is the endpoint binary (response, score-response or sustained response)?
    pub fn is_binary(&self) -> bool {
        matches!(
            self.kind,
            EndpointKind::Response { .. } | EndpointKind::ScoreResponse { .. } | EndpointKind::Sustained { .. }
        )
    }

    /// The week reported for the endpoint: its visit's, or the horizon of a time to event.
    pub fn week(&self) -> u32 {
        match &self.kind {
            EndpointKind::TimeToEvent { horizon, .. } => *horizon,
            _ => self.visit().map_or(0, |v| v.week),
        }
    }

    /// The missing-data rule reported for the endpoint: a binary endpoint's own;
    /// complete case for changes and times to event (censored, not imputed).
    pub fn missing(&self) -> Missing {
        match &self.kind {
            EndpointKind::Response { missing, .. }
            | EndpointKind::ScoreResponse { missing, .. }
            | EndpointKind::Sustained { missing, .. } => *missing,
            EndpointKind::Change { .. } | EndpointKind::TimeToEvent { .. } | EndpointKind::LevelTime { .. } => {
                Missing::CompleteCase
            }
        }
    }

    /// The levels that count as success (response endpoints; empty otherwise).
    pub fn levels(&self) -> &[usize] {
        match &self.kind {
            EndpointKind::Response { levels, .. } => levels,
            _ => &[],
        }
    }

    /// The margin, 0 for tests without one.
    pub fn margin_or_zero(&self) -> f64 {
        self.margin.unwrap_or(0.0)
    }
}
