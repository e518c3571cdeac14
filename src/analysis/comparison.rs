//! Comparisons: one per endpoint and compared arm (the arm against the control, or the
//! single arm against its null rate), or one per endpoint for a trend test over every arm,
//! each with its rule and intervals.

use super::intervals::{IntervalSpec, Method};
use super::rule::Rule;
use crate::scenario::{EndpointKind, LevelTime, Missing, Scenario};
use trialsim_stats::Test;
use trialsim_stats::decision::Decision;

/// One endpoint entry of a run: an endpoint and the arm compared.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub endpoint: usize,
    /// The arm compared; for a trend over every arm, the last compared arm (the trend's
    /// hypothesis is that of every compared arm: see [`Comparison::arms`]).
    pub arm: usize,
    /// The control arm (parallel designs).
    pub control: Option<usize>,
    pub rule: Rule,
    /// The intervals it reports (response endpoints): per arm Wilson and Clopper-Pearson,
    /// for the difference Newcombe and Miettinen-Nurminen.
    pub intervals: Vec<IntervalSpec>,
    /// The intervals of its estimated difference (change and time-to-event endpoints), in
    /// the order of [`Difference::intervals`](super::Difference::intervals).
    pub difference_intervals: Vec<Method>,
}

impl Comparison {
    /// Is it a trend over every arm?
    pub fn is_trend(&self) -> bool {
        matches!(self.rule, Rule::Trend { .. })
    }

    /// The compared arms whose hypothesis it tests: its arm, or every compared arm for a
    /// trend.
    pub fn arms(&self, s: &Scenario) -> Vec<usize> {
        if self.is_trend() { s.compared_arms() } else { vec![self.arm] }
    }

    /// The name it is reported under: the arm's, or `trend` for a trend over every arm.
    pub fn label<'a>(&self, s: &'a Scenario) -> &'a str {
        if self.is_trend() { TREND } else { &s.arms[self.arm].name }
    }
}

/// The name a trend comparison is reported under in place of an arm's.
pub const TREND: &str = "trend";

/// The comparisons of a scenario, endpoint by endpoint, each endpoint's compared arms in
/// order (one comparison of every arm for a trend test).
pub fn comparisons(s: &Scenario) -> Vec<Comparison> {
    let mut out = Vec::new();
    for e in 0..s.endpoints.len() {
        if s.endpoints[e].test.is_trend() {
            let arm = s.entry_arms(e)[0];
            out.push(Comparison {
                endpoint: e,
                arm,
                control: s.control,
                rule: rule(s, e, arm),
                intervals: Vec::new(),
                difference_intervals: difference_intervals(s, e),
            });
            continue;
        }
        for arm in s.compared_arms() {
            out.push(Comparison {
                endpoint: e,
                arm,
                control: s.control,
                rule: rule(s, e, arm),
                intervals: intervals(s, e, arm),
                difference_intervals: difference_intervals(s, e),
            });
        }
    }
    out
}

fn rule(s: &Scenario, e: usize, arm: usize) -> Rule {
    let endpoint = &s.endpoints[e];
    let (test, alternative, alpha) = (endpoint.test, endpoint.alternative, endpoint.alpha);
    if let Some(rule) = s.simon.filter(|r| r.endpoint == e) {
        return Rule::Simon(rule);
    }
    if test.is_trend() {
        let scores = s.arms.iter().map(|a| a.dose.expect("validated: a trend's arms have doses")).collect();
        return Rule::Trend { test, alternative, alpha, scores };
    }
    match (&endpoint.kind, s.control) {
        (EndpointKind::LevelTime { measure: LevelTime::WeeksIn, .. }, _) => {
            Rule::Continuous { test, alternative, alpha }
        }
        (EndpointKind::TimeToEvent { .. } | EndpointKind::LevelTime { .. }, _) => {
            Rule::TimeToEvent { test, alternative, alpha, margin: endpoint.margin_or_zero() }
        }
        (EndpointKind::Change { .. }, _) => Rule::Continuous { test, alternative, alpha },
        (_, Some(c)) => Rule::Binary(Decision::two_sample(
            test,
            alternative,
            alpha,
            endpoint.margin_or_zero(),
            s.arms[arm].n,
            s.arms[c].n,
        )),
        (_, None) => {
            let p0 = endpoint.null_rate.expect("validated: single-arm endpoints have a null rate");
            Rule::Binary(Decision::one_sample(alternative, alpha, p0, s.arms[arm].n))
        }
    }
}

/// The intervals of a change or time-to-event endpoint's estimated difference: the test's
/// own (Welch t, ANCOVA, pooled t, the trend's slope; the inversion of the rate-difference test, then the Wald interval
/// beside it), or for log-rank the Wald interval.
fn difference_intervals(s: &Scenario, e: usize) -> Vec<Method> {
    let endpoint = &s.endpoints[e];
    match (&endpoint.kind, endpoint.test) {
        (EndpointKind::LevelTime { measure: LevelTime::WeeksIn, .. }, Test::Ancova) => vec![Method::Ancova],
        (EndpointKind::LevelTime { measure: LevelTime::WeeksIn, .. }, _) => vec![Method::WelchT],
        (EndpointKind::TimeToEvent { .. } | EndpointKind::LevelTime { .. }, Test::RateDifference) => {
            vec![Method::KaplanMeierScore, Method::KaplanMeier]
        }
        (EndpointKind::TimeToEvent { .. } | EndpointKind::LevelTime { .. }, _) => vec![Method::KaplanMeier],
        (EndpointKind::Change { .. }, Test::Ancova) => vec![Method::Ancova],
        (EndpointKind::Change { .. }, Test::Mmrm) => vec![Method::Mmrm],
        (EndpointKind::Change { .. }, Test::PooledT) => vec![Method::PooledT],
        (EndpointKind::Change { .. }, Test::LinearTrend) => vec![Method::LinearTrend],
        (EndpointKind::Change { .. }, _) => vec![Method::WelchT],
        (EndpointKind::Response { .. } | EndpointKind::ScoreResponse { .. } | EndpointKind::Sustained { .. }, _) => {
            Vec::new()
        }
    }
}

/// The intervals a response endpoint's comparison reports; none for other kinds.
fn intervals(s: &Scenario, e: usize, arm: usize) -> Vec<IntervalSpec> {
    let EndpointKind::Response { missing, .. } = &s.endpoints[e].kind else { return Vec::new() };
    // With rescue the specified rates are not what the analysis estimates: no coverage to
    // judge.
    if s.rescue_affects(e) {
        return Vec::new();
    }
    let cc = *missing == Missing::CompleteCase;
    let mut out = Vec::new();
    for a in std::iter::once(arm).chain(s.control) {
        for method in [Method::Wilson, Method::ClopperPearson] {
            out.push(IntervalSpec::new(method, a, None, s.arms[a].n, 0, cc));
        }
    }
    if let Some(c) = s.control {
        for method in [Method::Newcombe, Method::MiettinenNurminen] {
            out.push(IntervalSpec::new(method, arm, Some(c), s.arms[arm].n, s.arms[c].n, false));
        }
    }
    out
}
