//! The exact values of a scenario's response endpoints: the exact power and type-I error a
//! run reports, and the exact power of a scenario without simulating it (what a
//! sample-size search enumerates at every size), with the work that takes.

use super::exact::{ArmLaw, evaluations, rejection_probability};
use super::null_world::Truth;
use super::plan::{Plan, Planned};
use crate::analysis::Rule;
use crate::model::Model;
use crate::scenario::{EndpointKind, Scenario};
use trialsim_stats::decision::MAX_TABLE;
use trialsim_stats::{Test, simon};

/// The exact rejection probability of a comparison in world `w` (response endpoints).
pub fn exact(s: &Scenario, model: &Model, plan: &Plan, planned: &Planned, w: usize) -> Option<f64> {
    let c = &planned.comparison;
    let EndpointKind::Response { levels, visit, missing } = &s.endpoints[c.endpoint].kind else { return None };
    match &c.rule {
        Rule::Simon(rule) => {
            let p = effective_rate(s, model, plan, planned, w)?;
            Some(simon::evaluate(rule.r1, rule.n1, rule.r, rule.n, p, p).power)
        }
        Rule::Binary(decision) => {
            let law = |a: usize| law(s, model, &plan.truths[w], levels, visit.index, a);
            rejection_probability(decision, *missing, law(c.arm), c.control.map(law))
        }
        Rule::Continuous { .. } | Rule::TimeToEvent { .. } => None,
    }
}

/// The share of patients of the compared arm a response endpoint counts as responders in
/// world `w`, and whether it is a response endpoint at all.
pub fn effective_rate(s: &Scenario, model: &Model, plan: &Plan, planned: &Planned, w: usize) -> Option<f64> {
    let c = &planned.comparison;
    let EndpointKind::Response { levels, visit, .. } = &s.endpoints[c.endpoint].kind else { return None };
    let rate: f64 = levels.iter().map(|&k| plan.truths[w].rates[c.arm][k][visit.index]).sum();
    Some(rate.min(1.0) * model.survival[c.arm][visit.index])
}

/// The responders of arm `a` at a response endpoint's visit in the world `truth`.
fn law(s: &Scenario, model: &Model, truth: &Truth, levels: &[usize], visit: usize, a: usize) -> ArmLaw {
    ArmLaw {
        n: s.arms[a].n,
        rate: levels.iter().map(|&k| truth.rates[a][k][visit]).sum::<f64>().min(1.0),
        survival: model.survival[a][visit],
    }
}

/// The exact power of endpoint entry `i` (endpoints in order, each endpoint's compared arms
/// in order) without simulating: the `exact_power` a run of `s` reports, `None` where a
/// run reports none.
pub fn exact_power(s: &Scenario, i: usize) -> Option<f64> {
    let model = Model::new(s);
    let plan = Plan::new(s, &model, true);
    exact(s, &model, &plan, plan.comparisons.get(i)?, 0)
}

/// How much work [`exact_power`] of entry `i` takes, in test evaluations: the outcomes
/// whose decision it looks up (tabulated decisions cost about the same each), each counted
/// `n1 + n2` times where Fisher's test of arms too large to tabulate sums that many terms
/// per outcome. `None` where the endpoint has no exact power.
pub fn exact_evaluations(s: &Scenario, i: usize) -> Option<u64> {
    let compared = s.compared_arms();
    let (e, arm) = (i / compared.len().max(1), *compared.get(i % compared.len().max(1))?);
    let endpoint = s.endpoints.get(e)?;
    let EndpointKind::Response { levels, visit, missing } = &endpoint.kind else { return None };
    if let Some(rule) = s.simon.filter(|r| r.endpoint == e) {
        return Some(rule.n as u64 + 1);
    }
    let model = Model::new(s);
    let truth = Truth::of(s);
    let law = |a: usize| law(s, &model, &truth, levels, visit.index, a);
    let outcomes = evaluations(*missing, law(arm), s.control.map(law));
    let (n1, n2) = (s.arms[arm].n as u64, s.control.map_or(0, |c| s.arms[c].n as u64));
    let untabulated = s.control.is_some() && endpoint.test == Test::Fisher && (n1 + 1) * (n2 + 1) > MAX_TABLE;
    Some(if untabulated { outcomes.saturating_mul(n1 + n2) } else { outcomes })
}
