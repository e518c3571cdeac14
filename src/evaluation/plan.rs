//! What a run simulates and decides: the worlds (actual and null) and, per endpoint and
//! compared arm, the decision rule; the multiplicity family and its global null.

use super::intervals::{IntervalSpec, Method};
use crate::endpoint::Missing;
use crate::model::{Model, World};
use crate::scenario::{Design, EndpointKind, MultiplicityMethod, Scenario, SimonRule, Source, SubArmComparison};
use trialsim_stats::decision::Decision;
use trialsim_stats::{Alternative, Test};

/// How a comparison decides.
#[derive(Debug, Clone)]
pub enum Rule {
    /// A binary endpoint: the test's p-values tabulated for the arm sizes.
    Binary(Decision),
    /// A change endpoint: Welch's t or ANCOVA.
    Continuous {
        test: Test,
        alternative: Alternative,
        alpha: f64,
        /// The true difference of mean changes (arm minus control), when known.
        truth: Option<f64>,
        /// Width of the bins of the histogram of mean differences.
        bin: f64,
    },
    /// Simon's two-stage rule on a response endpoint (decided on counts, not a p-value).
    Simon(SimonRule),
    /// A time-to-event endpoint: log-rank, or the difference of Kaplan-Meier event
    /// probabilities at the horizon (against `margin`).
    TimeToEvent {
        test: Test,
        alternative: Alternative,
        alpha: f64,
        margin: f64,
        event: usize,
        /// The true difference of event probabilities by the horizon (arm minus control).
        truth: f64,
        /// Width of the bins of the histogram of estimated differences.
        bin: f64,
        /// After a second randomisation: the sub-arms compared.
        subarms: Option<SubArmComparison>,
    },
}

impl Rule {
    pub fn alpha(&self) -> f64 {
        match self {
            Rule::Binary(d) => d.alpha,
            Rule::Continuous { alpha, .. } | Rule::TimeToEvent { alpha, .. } => *alpha,
            // The rule's decision is coded as p = 0 (active) or 1.
            Rule::Simon(_) => 0.5,
        }
    }
}

/// One endpoint entry of the output: an endpoint and the arm compared.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub endpoint: usize,
    pub arm: usize,
    /// The control arm (parallel designs).
    pub control: Option<usize>,
    pub rule: Rule,
    /// The null world this comparison's type-I error is measured in.
    pub null_world: Option<usize>,
    /// The intervals whose coverage and width are tallied (response endpoints).
    pub intervals: Vec<IntervalSpec>,
}

/// The multiplicity family: its comparisons in order and its global null world.
#[derive(Debug, Clone)]
pub struct Family {
    pub method: MultiplicityMethod,
    pub alpha: f64,
    /// Indices into `Plan::comparisons`, in the family's order.
    pub members: Vec<usize>,
    /// The world where every hypothesis of the family is true.
    pub global_null: Option<usize>,
}

/// The worlds and comparisons of a run. World 0 is the scenario itself.
#[derive(Debug, Clone)]
pub struct Plan {
    pub worlds: Vec<World>,
    /// The rates of each world, `[world][arm][level][visit]`.
    pub rates: Vec<Vec<Vec<Vec<f64>>>>,
    pub comparisons: Vec<Comparison>,
    pub family: Option<Family>,
}

impl Plan {
    pub fn new(s: &Scenario, model: &Model, skip_type1: bool) -> Self {
        let mut plan = Plan {
            worlds: vec![model.actual.clone()],
            rates: vec![s.arms.iter().map(|a| a.rates.clone()).collect()],
            comparisons: Vec::new(),
            family: None,
        };
        for (e, endpoint) in s.endpoints.iter().enumerate() {
            let null_world =
                if skip_type1 { None } else { null_world(s, model, &[e]).map(|w| plan.add_world(w, model)) };
            for arm in s.compared_arms() {
                let rule = rule(s, e, arm);
                let intervals = match endpoint.kind {
                    EndpointKind::Response => intervals(s, model, e, arm),
                    _ => Vec::new(),
                };
                plan.comparisons.push(Comparison { endpoint: e, arm, control: s.control, rule, null_world, intervals });
            }
        }
        if let Some(m) = &s.multiplicity {
            // In the family's order: by the family's endpoint order, then arm.
            let mut ordered = Vec::new();
            for &e in &m.endpoints {
                ordered.extend((0..plan.comparisons.len()).filter(|&i| plan.comparisons[i].endpoint == e));
            }
            let global_null =
                if skip_type1 { None } else { null_world(s, model, &m.endpoints).map(|w| plan.add_world(w, model)) };
            plan.family = Some(Family { method: m.method, alpha: m.alpha, members: ordered, global_null });
        }
        plan
    }

    /// The index of a world with these rates and changes, added if new.
    fn add_world(&mut self, (rates, changes, events, subarms): NullWorld, model: &Model) -> usize {
        let world = World::new(&rates, &changes, &events, &model.values).with_subarms(subarms);
        match self.worlds.iter().skip(1).position(|w| *w == world) {
            Some(i) => i + 1,
            None => {
                self.worlds.push(world);
                self.rates.push(rates);
                self.worlds.len() - 1
            }
        }
    }
}

/// The probability that a patient of arm `a` is still in the trial at endpoint e's week,
/// as the endpoint's analysis sees it (1 under complete case).
fn analysed_survival(s: &Scenario, model: &Model, e: usize, a: usize) -> f64 {
    match s.endpoints[e].missing {
        Missing::NonResponder => model.survival[a][s.endpoints[e].visit],
        Missing::CompleteCase => 1.0,
    }
}

fn rule(s: &Scenario, e: usize, arm: usize) -> Rule {
    let endpoint = &s.endpoints[e];
    let (test, alternative, alpha) = (endpoint.test, endpoint.alternative, endpoint.alpha);
    if let Some(rule) = s.simon.filter(|r| r.endpoint == e) {
        return Rule::Simon(rule);
    }
    match (&endpoint.kind, s.design, s.control) {
        (EndpointKind::TimeToEvent(k), _, Some(c)) => Rule::TimeToEvent {
            test,
            alternative,
            alpha,
            margin: endpoint.margin,
            event: *k,
            truth: match endpoint.subarms {
                Some(sc) => {
                    let sub = &s.rerandomisations[sc.rerandomisation].subarms;
                    sub[sc.arm].probability - sub[sc.control].probability
                }
                None => s.arms[arm].events[*k] - s.arms[c].events[*k],
            },
            bin: 1e-4,
            subarms: endpoint.subarms,
        },
        (EndpointKind::Change(source), _, Some(c)) => {
            let j = endpoint.visit;
            let truth = match source {
                Source::Score(k) => Some(s.arms[arm].changes[*k][j] - s.arms[c].changes[*k][j]),
                Source::Marker => None,
            };
            let spread = match source {
                Source::Score(k) => s.scores[*k].change_sd.max(s.scores[*k].resolution.step()),
                Source::Marker => s.marker.baseline.median * s.marker.baseline.log_sd,
            };
            Rule::Continuous { test, alternative, alpha, truth, bin: spread / 1000.0 }
        }
        (_, Design::Parallel, Some(c)) => {
            Rule::Binary(Decision::two_sample(test, alternative, alpha, endpoint.margin, s.arms[arm].n, s.arms[c].n))
        }
        _ => {
            let p0 = endpoint.null_rate.expect("validated: single-arm endpoints have a null rate");
            Rule::Binary(Decision::one_sample(alternative, alpha, p0, s.arms[arm].n))
        }
    }
}

/// The intervals judged for a response endpoint's comparison.
fn intervals(s: &Scenario, model: &Model, e: usize, arm: usize) -> Vec<IntervalSpec> {
    let endpoint = &s.endpoints[e];
    // What the endpoint's analysis estimates in each arm: the rate among patients still in
    // the trial (complete case) or times the survival (non-responder imputation).
    let truth = |a: usize| {
        let rate: f64 = endpoint.levels.iter().map(|&k| s.arms[a].rates[k][endpoint.visit]).sum();
        rate * analysed_survival(s, model, e, a)
    };
    let cc = endpoint.missing == Missing::CompleteCase;
    let mut out = Vec::new();
    for a in std::iter::once(arm).chain(s.control) {
        for method in [Method::Wilson, Method::ClopperPearson] {
            out.push(IntervalSpec::new(method, a, None, truth(a), s.arms[a].n, 0, cc));
        }
    }
    if let Some(c) = s.control {
        for method in [Method::Newcombe, Method::MiettinenNurminen] {
            let (n1, n2) = (s.arms[arm].n, s.arms[c].n);
            out.push(IntervalSpec::new(method, arm, Some(c), truth(arm) - truth(c), n1, n2, false));
        }
    }
    out
}

/// The rates `[arm][level][visit]` and changes `[arm][score][visit]` of the world where the
/// null hypotheses of all `endpoints` hold; `None` when one of them has no such world the
/// model can build (a single-arm score-response endpoint).
///
/// Parallel: every arm has the control arm's rates and mean changes. For a test with a
/// margin, the proportion the test analyses in each compared arm then sits on the null
/// boundary, the control's plus the null difference. Single-arm: the analysed proportion is
/// `null_rate`. The analysed proportion is the rate among patients still in the trial
/// (complete case) or that rate times the probability of still being in the trial
/// (non-responder imputation), so the rate set at the endpoint's visit is divided by that
/// probability. Other visits keep their rates.
pub fn null_world(s: &Scenario, model: &Model, endpoints: &[usize]) -> Option<NullWorld> {
    let mut subarms: Vec<Vec<f64>> =
        s.rerandomisations.iter().map(|r| r.subarms.iter().map(|x| x.probability).collect()).collect();
    // Comparisons of sub-arms alone keep the first period as the scenario has it.
    let only_subarms = endpoints.iter().all(|&e| s.endpoints[e].subarms.is_some());
    let (mut rates, changes, mut events) = match s.control {
        _ if only_subarms => (
            s.arms.iter().map(|a| a.rates.clone()).collect(),
            s.arms.iter().map(|a| a.changes.clone()).collect(),
            s.arms.iter().map(|a| a.events.clone()).collect(),
        ),
        Some(c) => (
            vec![s.arms[c].rates.clone(); s.arms.len()],
            vec![s.arms[c].changes.clone(); s.arms.len()],
            vec![s.arms[c].events.clone(); s.arms.len()],
        ),
        None => (vec![s.arms[0].rates.clone()], vec![s.arms[0].changes.clone()], vec![s.arms[0].events.clone()]),
    };
    for &e in endpoints {
        let endpoint = &s.endpoints[e];
        let j = endpoint.visit;
        // The rate (among patients still in the trial) that makes arm a analyse `share`.
        let rate_for = |a: usize, share: f64| {
            let survival = analysed_survival(s, model, e, a);
            if survival > 0.0 { (share / survival).clamp(0.0, 1.0) } else { 0.0 }
        };
        match (&endpoint.kind, s.control) {
            (EndpointKind::Response, Some(c)) => {
                let delta = endpoint.alternative.null_difference(endpoint.margin);
                if delta != 0.0 {
                    let control: f64 = endpoint.levels.iter().map(|&k| s.arms[c].rates[k][j]).sum::<f64>()
                        * analysed_survival(s, model, e, c);
                    for arm in s.compared_arms() {
                        set_success_rate(&mut rates[arm], &endpoint.levels, j, rate_for(arm, control + delta));
                    }
                }
            }
            (EndpointKind::Response, None) => {
                let p0 = endpoint.null_rate.expect("validated: single-arm endpoints have a null rate");
                set_success_rate(&mut rates[0], &endpoint.levels, j, rate_for(0, p0));
            }
            (EndpointKind::ScoreResponse(..), None) => return None,
            // Sub-arms: the compared one gets the control's probability (plus the margin).
            (EndpointKind::TimeToEvent(_), _) if endpoint.subarms.is_some() => {
                let sc = endpoint.subarms.expect("checked");
                let delta = endpoint.alternative.null_difference(endpoint.margin);
                let p = subarms[sc.rerandomisation][sc.control];
                subarms[sc.rerandomisation][sc.arm] = (p + delta).clamp(0.0, 0.999_999);
            }
            // A margin on the difference of event probabilities: the arm on the boundary.
            (EndpointKind::TimeToEvent(k), Some(c)) => {
                let delta = endpoint.alternative.null_difference(endpoint.margin);
                for arm in s.compared_arms() {
                    events[arm][*k] = (s.arms[c].events[*k] + delta).clamp(0.0, 0.999_999);
                }
            }
            // Equal rates and changes make score-response (without a margin) and change
            // endpoints null.
            _ => {}
        }
    }
    Some((rates, changes, events, subarms))
}

/// The rates `[arm][level][visit]`, mean changes `[arm][score][visit]`, event
/// probabilities `[arm][event]` and sub-arm event probabilities `[rerandomisation][sub]`
/// of a world.
pub type NullWorld = (Vec<Vec<Vec<f64>>>, Vec<Vec<Vec<f64>>>, Vec<Vec<f64>>, Vec<Vec<f64>>);

/// Make the rates of `levels` at visit `j` sum to `target`: scaled (shared equally if they
/// were all zero), the other levels scaled down only as far as needed to keep the sum <= 1.
fn set_success_rate(rates: &mut [Vec<f64>], levels: &[usize], j: usize, target: f64) {
    let inside: f64 = levels.iter().map(|&k| rates[k][j]).sum();
    let outside: f64 = (0..rates.len()).filter(|k| !levels.contains(k)).map(|k| rates[k][j]).sum();
    for (k, r) in rates.iter_mut().enumerate() {
        if levels.contains(&k) {
            r[j] = if inside > 0.0 { r[j] * target / inside } else { target / levels.len() as f64 };
        } else if outside + target > 1.0 {
            r[j] *= (1.0 - target) / outside;
        }
    }
}
