//! The multiplicity family's result: power after adjustment over all hypotheses, the
//! family-wise error under the global null and under every partial null configuration
//! (the worst one named), and the dependence of the members' p-values that Hochberg's
//! procedure assumes.

use super::above_alpha::above_alpha;
use super::exact_scenario::{JointExact, exact_joint};
use super::plan::Plan;
use super::result::{FamilyResult, PValueCorrelation, PartialNullResult};
use super::tally::FamilyTally;
use crate::model::Model;
use crate::scenario::Scenario;
use trialsim_stats::estimate::Interval;
use trialsim_stats::{Estimate, MultiplicityMethod};

/// The family's exact decisions by enumeration, where its members are one response
/// endpoint's comparisons: in the scenario's world, under the global null (the FWER) and
/// under each partial null (rejecting a true hypothesis).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExactFamily {
    pub actual: Option<JointExact>,
    pub fwer: Option<f64>,
    pub partial_fwer: Vec<Option<f64>>,
}

impl ExactFamily {
    pub fn of(s: &Scenario, model: &Model, plan: &Plan) -> ExactFamily {
        let Some(f) = &plan.family else { return ExactFamily::default() };
        let joint = |w: usize, of: u64| exact_joint(s, model, plan, &f.members, f.method, f.alpha, w, of);
        let all = (1u64 << f.members.len().min(63)) - 1;
        ExactFamily {
            actual: joint(0, all),
            fwer: f.global_null.and_then(|w| joint(w, all)).map(|j| j.any),
            partial_fwer: f
                .partial_nulls
                .iter()
                .map(|p| joint(p.world, p.true_members.iter().fold(0, |m, &k| m | 1 << k)).map(|j| j.any_of))
                .collect(),
        }
    }
}

/// The family's result from its tally over `r` replicates; `None` without a family.
pub fn family_result(
    s: &Scenario,
    plan: &Plan,
    tally: Option<&FamilyTally>,
    exact: &ExactFamily,
    r: u64,
) -> Option<FamilyResult> {
    let (f, t) = plan.family.as_ref().zip(tally)?;
    let hypotheses: Vec<String> = f
        .members
        .iter()
        .map(|&i| {
            let c = &plan.comparisons[i].comparison;
            format!("{} ({})", s.endpoints[c.endpoint].name, c.label(s))
        })
        .collect();
    let fwer = f.global_null.map(|_| Estimate::share(t.null_any, r));
    let partial_nulls: Vec<PartialNullResult> = f
        .partial_nulls
        .iter()
        .zip(&t.partial_errors)
        .enumerate()
        .map(|(i, (p, &errors))| {
            let fwer = Estimate::share(errors, r);
            let exact_fwer = exact.partial_fwer.get(i).copied().flatten();
            PartialNullResult {
                true_hypotheses: p.true_members.iter().map(|&k| hypotheses[k].clone()).collect(),
                fwer,
                exact_fwer,
                fwer_above_alpha: above_alpha(f.alpha, Some(fwer), exact_fwer),
            }
        })
        .collect();
    // The first of the largest, so ties name the smallest configuration.
    let worst_partial_null = partial_nulls
        .iter()
        .enumerate()
        .fold(None, |best: Option<(usize, f64)>, (i, p)| match best {
            Some((_, x)) if x >= p.fwer.estimate => best,
            _ => Some((i, p.fwer.estimate)),
        })
        .map(|(i, _)| i);
    let mut p_value_correlations = Vec::new();
    if f.global_null.is_some() && r > 0 {
        let mut pair = 0;
        for k in 0..hypotheses.len() {
            for l in k + 1..hypotheses.len() {
                let correlation = quadrant_correlation(Estimate::share(t.same_side[pair], r));
                p_value_correlations.push(PValueCorrelation {
                    hypotheses: [hypotheses[k].clone(), hypotheses[l].clone()],
                    negative: correlation.ci.hi < 0.0,
                    correlation,
                });
                pair += 1;
            }
        }
    }
    let hochberg_at_risk = f.method == MultiplicityMethod::Hochberg && p_value_correlations.iter().any(|c| c.negative);
    Some(FamilyResult {
        method: f.method,
        alpha: f.alpha,
        hypotheses,
        reject_any: Estimate::share(t.any, r),
        reject_all: Estimate::share(t.all, r),
        exact_reject_any: exact.actual.as_ref().map(|j| j.any),
        exact_reject_all: exact.actual.as_ref().map(|j| j.all),
        fwer,
        exact_fwer: exact.fwer,
        fwer_above_alpha: above_alpha(f.alpha, fwer, exact.fwer),
        partial_nulls,
        worst_partial_null,
        p_value_correlations,
        hochberg_at_risk,
    })
}

/// The correlation of two p-values from the share `same` of replicates where both fall on
/// the same side of 1/2: `sin(pi (same - 1/2))`, exact for a bivariate normal pair of
/// statistics (Sheppard's formula for the orthant probability), with its MCSE by the delta
/// method and its interval by mapping the share's (the map is increasing).
///
/// # Examples
///
/// ```
/// use trialsim::evaluation::family::quadrant_correlation;
/// use trialsim_stats::Estimate;
/// // Independent: half the replicates on the same side.
/// assert!(quadrant_correlation(Estimate::share(5_000, 10_000)).estimate.abs() < 1e-12);
/// // Always on opposite sides: -1.
/// assert_eq!(quadrant_correlation(Estimate::share(0, 10_000)).estimate, -1.0);
/// ```
pub fn quadrant_correlation(same: Estimate) -> Estimate {
    let map = |p: f64| (std::f64::consts::PI * (p - 0.5)).sin();
    let slope = std::f64::consts::PI * (std::f64::consts::PI * (same.estimate - 0.5)).cos();
    Estimate {
        estimate: map(same.estimate),
        mcse: slope * same.mcse,
        ci: Interval::new(map(same.ci.lo), map(same.ci.hi)),
    }
}
