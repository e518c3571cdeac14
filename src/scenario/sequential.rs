//! `[[analysis]]` and `[group_sequential]`: the looks at the data in calendar time and the
//! group-sequential rule of the monitored endpoint.

use super::accrual::Accrual;
use super::endpoint::Endpoint;
use trialsim_stats::Alternative;
use trialsim_stats::group_sequential::{Design, Efficacy, Futility};
use trialsim_stats::spending::Spending;

/// What triggers a look: the data are cut at that calendar week.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Trigger {
    /// A calendar week after the first patient's entry.
    Week(f64),
    /// When this many patients have entered.
    Enrolled(u32),
    /// When this many patients have reached the endpoint's week or left before it.
    Reached(u32),
    /// When the share of the final analysis's patients above have (`reached` of
    /// `ceil(share * N)`); for a time to event, of its events.
    Information(f64),
    /// When this many events of the monitored time-to-event endpoint (or of the look's
    /// `event`) have occurred in the two arms; the end of all follow-up if they never do.
    Events(u32),
}

impl std::fmt::Display for Trigger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Trigger::Week(w) => write!(f, "week = {w}"),
            Trigger::Enrolled(k) => write!(f, "enrolled = {k}"),
            Trigger::Reached(k) => write!(f, "reached = {k}"),
            Trigger::Information(x) => write!(f, "information = {x}"),
            Trigger::Events(k) => write!(f, "events = {k}"),
        }
    }
}

/// One look.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Analysis {
    pub trigger: Trigger,
    /// May the trial stop here for efficacy (always at the final analysis), for futility?
    pub efficacy: bool,
    pub futility: bool,
    /// The planned information fraction: the share of the sample size expected to have
    /// reached the endpoint's week (or left before it) at the cut, on the planned accrual.
    pub information: f64,
    /// The `[[event]]` an `events` trigger counts when the monitored endpoint is not a time
    /// to event (a time to event counts its own).
    pub event: Option<usize>,
}

impl Analysis {
    /// The trigger as the outputs show it (`events = 30 of flare` for an event look on an
    /// endpoint that is not the event's time).
    pub fn describe(&self, events: &[super::event::Event]) -> String {
        match self.event {
            Some(e) => format!("{} of {}", self.trigger, events[e].name),
            None => self.trigger.to_string(),
        }
    }
}

/// The group-sequential rule of one endpoint over the looks.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupSequential {
    /// The monitored endpoint.
    pub endpoint: usize,
    pub efficacy: Efficacy,
    pub futility: Futility,
    pub binding: bool,
    /// Re-spend alpha at each trial's observed information (instead of the planned).
    pub observed: bool,
    /// The futility bounds were given as one-sided p-values (`futility` holds their z).
    pub futility_p: bool,
    /// The comparisons monitored, each arm against the control (1 but with several arms);
    /// each has the design at the endpoint's alpha over their number (Bonferroni).
    pub comparisons: usize,
}

/// The planned information fraction at a look: the share of the sample size expected to
/// have reached the endpoint's `week` at the cut, on the planned accrual.
pub fn planned_information(trigger: Trigger, accrual: &Accrual, week: f64, n: u32) -> f64 {
    let reached_by = |t: f64| accrual.schedule.expected(t - week, n).min(n as f64) / n as f64;
    match trigger {
        Trigger::Information(x) => x,
        Trigger::Reached(k) => k as f64 / n as f64,
        Trigger::Week(t) => reached_by(t),
        Trigger::Enrolled(k) => reached_by(accrual.schedule.week_of(k as f64, n)),
        // Event looks are planned on the final analysis's events (the validator's).
        Trigger::Events(_) => unreachable!("event looks are planned by their share of the final events"),
    }
}

/// The boundary design of a rule over its looks.
pub fn design(rule: &GroupSequential, looks: &[Analysis], endpoint: &Endpoint) -> Design {
    let two_sided = endpoint.alternative == Alternative::TwoSided;
    let share = rule.comparisons as f64;
    // User values are the cumulative alpha of the endpoint: each comparison spends its share.
    let efficacy = match &rule.efficacy {
        Efficacy::Spending(Spending::User(v)) if rule.comparisons > 1 => {
            Efficacy::Spending(Spending::User(v.iter().map(|x| x / share).collect()))
        }
        other => other.clone(),
    };
    let information = looks.iter().map(|l| l.information).collect();
    let mut d = Design::new(information, endpoint.alpha / share, two_sided, efficacy)
        .with_futility(rule.futility.clone(), rule.binding);
    d.efficacy_stops = looks.iter().map(|l| l.efficacy).collect();
    d.futility_stops = looks.iter().map(|l| l.futility).collect();
    d
}
