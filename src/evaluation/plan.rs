//! What a run simulates and decides: the worlds (actual and null) and, per endpoint and
//! compared arm, the decision rule.

use super::intervals::{IntervalSpec, Method};
use crate::analysis::decision::Decision;
use crate::endpoint::Missing;
use crate::model::{Model, World};
use crate::scenario::{Design, Scenario};

/// One endpoint entry of the output: an endpoint and the arm compared.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub endpoint: usize,
    pub arm: usize,
    /// The control arm (parallel designs).
    pub control: Option<usize>,
    pub decision: Decision,
    /// The null world this comparison's type-I error is measured in.
    pub null_world: Option<usize>,
    /// The intervals whose coverage and width are tallied.
    pub intervals: Vec<IntervalSpec>,
}

/// The worlds and comparisons of a run. World 0 is the scenario itself.
#[derive(Debug, Clone)]
pub struct Plan {
    pub worlds: Vec<World>,
    /// The rates of each world, `[world][arm][level][visit]`.
    pub rates: Vec<Vec<Vec<Vec<f64>>>>,
    pub comparisons: Vec<Comparison>,
}

impl Plan {
    pub fn new(s: &Scenario, model: &Model, skip_type1: bool) -> Self {
        let mut worlds = vec![model.actual.clone()];
        let mut all_rates = vec![s.arms.iter().map(|a| a.rates.clone()).collect::<Vec<_>>()];
        let mut comparisons = Vec::new();
        for (e, endpoint) in s.endpoints.iter().enumerate() {
            let rates = if skip_type1 { None } else { Some(null_rates(s, model, e)) };
            let null_world = rates.map(|r| {
                let world = World::new(&r);
                match worlds.iter().position(|w| *w == world) {
                    Some(i) if i > 0 => i,
                    _ => {
                        worlds.push(world);
                        all_rates.push(r);
                        worlds.len() - 1
                    }
                }
            });
            // What the endpoint's analysis estimates in each arm: the rate among patients
            // still in the trial (complete case) or times the survival (non-responder).
            let truth = |a: usize| {
                let rate: f64 = endpoint.levels.iter().map(|&k| s.arms[a].rates[k][endpoint.visit]).sum();
                match endpoint.missing {
                    Missing::NonResponder => rate * model.survival[a][endpoint.visit],
                    Missing::CompleteCase => rate,
                }
            };
            for arm in s.compared_arms() {
                let n1 = s.arms[arm].n;
                let decision = match (s.design, s.control) {
                    (Design::Parallel, Some(c)) => {
                        let (test, alt) = (endpoint.test, endpoint.alternative);
                        Decision::two_sample(test, alt, endpoint.alpha, endpoint.margin, n1, s.arms[c].n)
                    }
                    _ => Decision::one_sample(
                        endpoint.alternative,
                        endpoint.alpha,
                        endpoint.null_rate.expect("validated: single-arm endpoints have a null rate"),
                        n1,
                    ),
                };
                let mut intervals = Vec::new();
                for a in std::iter::once(arm).chain(s.control) {
                    for method in [Method::Wilson, Method::ClopperPearson] {
                        let cc = endpoint.missing == Missing::CompleteCase;
                        intervals.push(IntervalSpec::new(method, a, None, truth(a), s.arms[a].n, 0, cc));
                    }
                }
                if let Some(c) = s.control {
                    for method in [Method::Newcombe, Method::MiettinenNurminen] {
                        let (n1, n2) = (s.arms[arm].n, s.arms[c].n);
                        intervals.push(IntervalSpec::new(method, arm, Some(c), truth(arm) - truth(c), n1, n2, false));
                    }
                }
                comparisons.push(Comparison { endpoint: e, arm, control: s.control, decision, null_world, intervals });
            }
        }
        Plan { worlds, rates: all_rates, comparisons }
    }
}

/// The rates of the null hypothesis of endpoint `e`, `[arm][level][visit]`.
///
/// Parallel: every arm has the control arm's rates. For a test with a margin, the
/// proportion the test analyses in each compared arm then sits on the null boundary, the
/// control's plus the null difference. Single-arm: the analysed proportion is `null_rate`.
/// The analysed proportion is the rate among patients still in the trial (complete case)
/// or that rate times the probability of still being in the trial (non-responder
/// imputation), so the rate set at the endpoint's visit is divided by that probability.
/// Other visits keep their rates.
pub fn null_rates(s: &Scenario, model: &Model, e: usize) -> Vec<Vec<Vec<f64>>> {
    let endpoint = &s.endpoints[e];
    let j = endpoint.visit;
    let survival = |a: usize| match endpoint.missing {
        Missing::NonResponder => model.survival[a][j],
        Missing::CompleteCase => 1.0,
    };
    // The rate (among patients still in the trial) that makes arm a analyse `share`.
    let rate_for = |a: usize, share: f64| if survival(a) > 0.0 { (share / survival(a)).clamp(0.0, 1.0) } else { 0.0 };
    match s.control {
        Some(c) => {
            let mut rates = vec![s.arms[c].rates.clone(); s.arms.len()];
            let delta = endpoint.alternative.null_difference(endpoint.margin);
            if delta != 0.0 {
                let control: f64 = endpoint.levels.iter().map(|&k| s.arms[c].rates[k][j]).sum::<f64>() * survival(c);
                for arm in s.compared_arms() {
                    set_success_rate(&mut rates[arm], &endpoint.levels, j, rate_for(arm, control + delta));
                }
            }
            rates
        }
        None => {
            let p0 = endpoint.null_rate.expect("validated: single-arm endpoints have a null rate");
            let mut rates = s.arms[0].rates.clone();
            set_success_rate(&mut rates, &endpoint.levels, j, rate_for(0, p0));
            vec![rates]
        }
    }
}

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
