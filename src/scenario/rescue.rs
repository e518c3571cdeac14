//! Rescue therapy, an intercurrent event: a rule on the patient's trajectory (a level, a
//! marker value, a fall from baseline) or an event that starts it, the arms where it is
//! given, and its own effect on the marker's rates and the scores' changes after it. How an
//! endpoint counts the visits after rescue is the endpoint's [`Strategy`].

use serde::{Deserialize, Serialize};

/// A `[[rescue]]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Rescue {
    pub name: String,
    /// Per arm: is the rescue given there?
    pub arms: Vec<bool>,
    pub trigger: Trigger,
    /// `rates[level][j]` of the patients rescued before visit j (every post-baseline
    /// visit); `None`: their rates stay the arm's.
    pub rates: Option<Vec<Vec<f64>>>,
    /// `changes[score][j]`: the mean change of the patients rescued before visit j;
    /// `None`: the arm's.
    pub changes: Option<Vec<Vec<f64>>>,
}

/// What starts rescue. A rule on a visit's reading starts it after that visit (the visits
/// after it are rescued); an event starts it at the event (the visits after the event).
#[derive(Debug, Clone, PartialEq)]
pub enum Trigger {
    /// In one of `levels` at a visit from index `from` on.
    Levels { levels: Vec<usize>, from: usize },
    /// The marker's reported value below `below`, above `above`, or worse than the
    /// baseline by at least `worse_by` (in the marker's bad direction), at a visit from
    /// index `from` on; any of those given.
    Value { below: Option<f64>, above: Option<f64>, worse_by: Option<f64>, from: usize },
    /// Event `event` observed (before dropout and its horizon).
    Event { event: usize },
}

/// How an endpoint counts a patient's visits after rescue (ICH E9(R1) strategies).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Strategy {
    /// The values as observed, rescue's effect included.
    #[default]
    TreatmentPolicy,
    /// Rescue is a failure: a rescued patient does not respond from then on (binary
    /// endpoints).
    Composite,
    /// The values after rescue are missing, and the analysis handles them as it handles
    /// missing values (complete case; an MMRM under missing at random).
    Hypothetical,
    /// The value at the last visit before rescue stands for the later ones.
    WhileOnTreatment,
}

impl Strategy {
    pub fn as_str(self) -> &'static str {
        match self {
            Strategy::TreatmentPolicy => "treatment-policy",
            Strategy::Composite => "composite",
            Strategy::Hypothetical => "hypothetical",
            Strategy::WhileOnTreatment => "while-on-treatment",
        }
    }
}
