//! The exact values of a scenario's response endpoints: the exact power and type-I error a
//! run reports, and the exact power of a scenario without simulating it (what a
//! sample-size search enumerates at every size), with the work that takes.

use super::exact::{ArmLaw, evaluations, rejection_probability};
use super::exact_arms::{Members, each_decision, each_outcome, evaluations_of_every_arm, p_value};
use super::null_world::Truth;
use super::plan::{Plan, Planned};
use crate::analysis::Rule;
use crate::model::Model;
use crate::scenario::{EndpointKind, Scenario};
use trialsim_stats::decision::MAX_TABLE;
use trialsim_stats::{Alternative, MultiplicityMethod, Test, simon};

/// The exact rejection probability of a comparison in world `w` (response endpoints).
pub fn exact(s: &Scenario, model: &Model, plan: &Plan, planned: &Planned, w: usize) -> Option<f64> {
    let c = &planned.comparison;
    // Rescue changes who responds after it: the counts are no longer binomial in the rates.
    if s.rescue_affects(c.endpoint) {
        return None;
    }
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
        Rule::Trend { alpha, .. } => {
            let laws: Vec<ArmLaw> =
                (0..s.arms.len()).map(|a| law(s, model, &plan.truths[w], levels, visit.index, a)).collect();
            let mut total = 0.0;
            each_outcome(&laws, *missing, |counts, q| {
                if p_value(&c.rule, c.arm, c.control, counts) <= *alpha {
                    total += q;
                }
            })?;
            Some(total)
        }
        Rule::Continuous { .. } | Rule::TimeToEvent { .. } => None,
    }
}

/// Exact probabilities of a set of decisions taken together.
#[derive(Debug, Clone, PartialEq)]
pub struct JointExact {
    /// Each member rejected (after adjustment).
    pub each: Vec<f64>,
    /// At least one, and every one, rejected.
    pub any: f64,
    pub all: f64,
    /// At least one of the members in the bit set asked for rejected (the FWER when they
    /// are the true hypotheses).
    pub any_of: f64,
}

/// The exact joint decisions of `members` (indices into the plan's comparisons, all of one
/// response endpoint) adjusted by `method` in world `w`, with `any_of` for the members in
/// the bit set `of`; `None` for members of other endpoint kinds or several endpoints, or
/// beyond the enumeration's limit.
#[allow(clippy::too_many_arguments)]
pub fn exact_joint(
    s: &Scenario,
    model: &Model,
    plan: &Plan,
    members: &[usize],
    method: MultiplicityMethod,
    alpha: f64,
    w: usize,
    of: u64,
) -> Option<JointExact> {
    if members.iter().any(|&i| s.rescue_affects(plan.comparisons[i].comparison.endpoint)) {
        return None;
    }
    let first = &plan.comparisons[*members.first()?].comparison;
    let e = first.endpoint;
    let EndpointKind::Response { levels, visit, missing } = &s.endpoints[e].kind else { return None };
    if members.iter().any(|&i| plan.comparisons[i].comparison.endpoint != e) {
        return None;
    }
    let rules: Vec<(&Rule, usize)> =
        members.iter().map(|&i| (&plan.comparisons[i].comparison.rule, plan.comparisons[i].comparison.arm)).collect();
    if rules.iter().any(|(r, _)| !matches!(r, Rule::Binary(_) | Rule::Trend { .. })) {
        return None;
    }
    let two_sided = s.endpoints[e].alternative == Alternative::TwoSided;
    let members = Members { rules, control: first.control, method, alpha, two_sided };
    let laws: Vec<ArmLaw> = (0..s.arms.len()).map(|a| law(s, model, &plan.truths[w], levels, visit.index, a)).collect();
    let m = members.rules.len();
    let mut out = JointExact { each: vec![0.0; m], any: 0.0, all: 0.0, any_of: 0.0 };
    each_decision(&members, &laws, *missing, |rejected, q| {
        for (k, &r) in rejected.iter().enumerate() {
            if r {
                out.each[k] += q;
            }
        }
        if rejected.iter().any(|&r| r) {
            out.any += q;
        }
        if rejected.iter().all(|&r| r) {
            out.all += q;
        }
        if rejected.iter().enumerate().any(|(k, &r)| r && of >> k & 1 == 1) {
            out.any_of += q;
        }
    })?;
    Some(out)
}

/// The share of patients of the compared arm a response endpoint counts as responders in
/// world `w`, and whether it is a response endpoint at all.
pub fn effective_rate(s: &Scenario, model: &Model, plan: &Plan, planned: &Planned, w: usize) -> Option<f64> {
    let c = &planned.comparison;
    if s.rescue_affects(c.endpoint) {
        return None;
    }
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
    let e = (0..s.endpoints.len()).take_while(|&e| s.first_entry(e) <= i).last()?;
    let arm = *s.entry_arms(e).get(i - s.first_entry(e))?;
    let endpoint = s.endpoints.get(e)?;
    let EndpointKind::Response { levels, visit, missing } = &endpoint.kind else { return None };
    if let Some(rule) = s.simon.filter(|r| r.endpoint == e) {
        return Some(rule.n as u64 + 1);
    }
    let model = Model::new(s);
    let truth = Truth::of(s);
    let law = |a: usize| law(s, &model, &truth, levels, visit.index, a);
    if endpoint.test.is_trend() {
        return Some(evaluations_of_every_arm(&(0..s.arms.len()).map(law).collect::<Vec<_>>(), *missing));
    }
    let outcomes = evaluations(*missing, law(arm), s.control.map(law));
    let (n1, n2) = (s.arms[arm].n as u64, s.control.map_or(0, |c| s.arms[c].n as u64));
    let untabulated = s.control.is_some() && endpoint.test == Test::Fisher && (n1 + 1) * (n2 + 1) > MAX_TABLE;
    Some(if untabulated { outcomes.saturating_mul(n1 + n2) } else { outcomes })
}

/// How much work the exact joint decisions of endpoint `e`'s comparisons take: the
/// combinations of every arm's outcomes. `None` where the endpoint has no exact values.
pub fn exact_joint_evaluations(s: &Scenario, e: usize) -> Option<u64> {
    let EndpointKind::Response { levels, visit, missing } = &s.endpoints.get(e)?.kind else { return None };
    let model = Model::new(s);
    let truth = Truth::of(s);
    let laws: Vec<ArmLaw> = (0..s.arms.len()).map(|a| law(s, &model, &truth, levels, visit.index, a)).collect();
    Some(evaluations_of_every_arm(&laws, *missing))
}
