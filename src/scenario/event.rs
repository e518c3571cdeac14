//! Events followed to a horizon, and second randomisations of event-free patients.

/// An event followed to a horizon; its time is Weibull with the arm's probability by the
/// horizon, censored by dropout and by the horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub name: String,
    /// Weeks of follow-up for every patient.
    pub horizon: u32,
    /// Weibull shape; 1 is a constant hazard.
    pub shape: f64,
    /// What an arm's `dropout` probability is counted to for this event's follow-up.
    pub dropout: EventDropout,
}

/// The time an arm's `dropout` probability refers to, for an event's follow-up.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum EventDropout {
    /// Lost by the last visit: the trial's one dropout time censors the event too.
    #[default]
    LastVisit,
    /// Lost by the event's horizon: the same dropout time, rescaled to the horizon.
    Horizon,
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

/// A sub-arm of a second randomisation.
#[derive(Debug, Clone, PartialEq)]
pub struct SubArm {
    pub name: String,
    pub allocation: f64,
    /// Probability of the event within the horizon after re-randomisation.
    pub probability: f64,
}
