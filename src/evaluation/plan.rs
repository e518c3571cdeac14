//! What a run simulates and decides: the worlds (actual and null) and, per endpoint and
//! compared arm, the decision rule.

use crate::analysis::decision::Decision;
use crate::model::World;
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
}

/// The worlds and comparisons of a run. World 0 is the scenario itself.
#[derive(Debug, Clone)]
pub struct Plan {
    pub worlds: Vec<World>,
    pub comparisons: Vec<Comparison>,
}

impl Plan {
    pub fn new(s: &Scenario, actual: &World, skip_type1: bool) -> Self {
        let mut worlds = vec![actual.clone()];
        let mut comparisons = Vec::new();
        for (e, endpoint) in s.endpoints.iter().enumerate() {
            let rates = if skip_type1 { None } else { Some(null_rates(s, e)) };
            let null_world = rates.map(|r| {
                let world = World::new(&r);
                match worlds.iter().position(|w| *w == world) {
                    Some(i) if i > 0 => i,
                    _ => {
                        worlds.push(world);
                        worlds.len() - 1
                    }
                }
            });
            for arm in s.compared_arms() {
                let n1 = s.arms[arm].n;
                let decision = match (s.design, s.control) {
                    (Design::Parallel, Some(c)) => {
                        Decision::two_sample(endpoint.test, endpoint.alternative, endpoint.alpha, n1, s.arms[c].n)
                    }
                    _ => Decision::one_sample(
                        endpoint.alternative,
                        endpoint.alpha,
                        endpoint.null_rate.expect("validated: single-arm endpoints have a null rate"),
                        n1,
                    ),
                };
                comparisons.push(Comparison { endpoint: e, arm, control: s.control, decision, null_world });
            }
        }
        Plan { worlds, comparisons }
    }
}

/// The rates of the null hypothesis of endpoint `e`, `[arm][level][visit]`.
///
/// Parallel: every arm has the control arm's rates. Single-arm: at the endpoint's visit
/// the endpoint's levels are scaled to sum to `null_rate` (shared equally if they were
/// all zero), and the other levels scaled down only as far as needed to keep the sum <= 1;
/// the other visits keep their rates.
pub fn null_rates(s: &Scenario, e: usize) -> Vec<Vec<Vec<f64>>> {
    match s.control {
        Some(c) => vec![s.arms[c].rates.clone(); s.arms.len()],
        None => {
            let endpoint = &s.endpoints[e];
            let p0 = endpoint.null_rate.expect("validated: single-arm endpoints have a null rate");
            let j = endpoint.visit;
            let mut rates = s.arms[0].rates.clone();
            let inside: f64 = endpoint.levels.iter().map(|&k| rates[k][j]).sum();
            let outside: f64 = (0..rates.len()).filter(|k| !endpoint.levels.contains(k)).map(|k| rates[k][j]).sum();
            for (k, r) in rates.iter_mut().enumerate() {
                if endpoint.levels.contains(&k) {
                    r[j] = if inside > 0.0 { r[j] * p0 / inside } else { p0 / endpoint.levels.len() as f64 };
                } else if outside + p0 > 1.0 {
                    r[j] *= (1.0 - p0) / outside;
                }
            }
            vec![rates]
        }
    }
}
