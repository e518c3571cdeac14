//! From a tally to the result: estimates with their Monte Carlo error, exact values where
//! enumeration gives them, summaries of every distribution, and what the charts draw.

use super::above_alpha::above_alpha;
use super::engine::Simulated;
use super::exact_scenario::{effective_rate, exact, exact_joint};
use super::family::{ExactFamily, family_result};
use super::patients::patients;
use super::plan::{Plan, Planned};
use super::result::{
    AccrualResult, ArmInfo, ArmRate, Distributions, EndpointResult, Evaluation, HazardRatioResult, IntercurrentRate,
    IntervalResult, JointResult, LevelRate, LookResult, MmrmFits, MmrmResult, SequentialResult, SimonResult,
};
use super::sequential::SequentialPlan;
use super::settings::RunSettings;
use super::tally::{JointTally, Tally};
use crate::analysis::sequential::{Decision, LookScratch};
use crate::analysis::{Method, Rule};
use crate::model::{Model, TrialBuffer, stream, trial};
use crate::scenario::accrual::Randomisation;
use crate::scenario::provenance::Provenance;
use crate::scenario::{Endpoint, EndpointKind, Scenario};
use trialsim_stats::{Estimate, MultiplicityMethod, rate_difference, simon};

/// Patients per arm whose trajectories the charts draw.
pub const TRAJECTORIES: usize = 20;

/// The result of a simulation run with `settings`.
pub fn evaluate(s: &Scenario, settings: &RunSettings, simulated: &Simulated) -> Evaluation {
    let Simulated { model, plan, tally, precision } = simulated;
    let r = tally.replicates;
    let exact_family = ExactFamily::of(s, model, plan);
    let endpoints: Vec<EndpointResult> = plan
        .comparisons
        .iter()
        .enumerate()
        .map(|(i, c)| endpoint_result(s, model, plan, tally, &exact_family, i, c))
        .collect();
    let visits = s.visits.len() - 1;
    let levels = s.levels.len();
    let mut response_rates = Vec::new();
    for (a, arm) in s.arms.iter().enumerate() {
        for (k, level) in s.levels.iter().enumerate() {
            for j in 0..visits {
                response_rates.push(LevelRate {
                    arm: arm.name.clone(),
                    level: level.name.clone(),
                    week: s.visits[j + 1],
                    specified: arm.rates[k][j],
                    observed: tally.level_rates[(a * visits + j) * levels + k].summary(),
                });
            }
        }
    }
    let family = family_result(s, plan, tally.family.as_ref(), &exact_family, r);
    let arms_jointly =
        tally.joint.iter().enumerate().filter_map(|(e, t)| Some(joint_result(s, model, plan, e, (*t)?, r))).collect();
    Evaluation {
        provenance: Provenance::new(Some(&s.origin.text)),
        scenario: s.name.clone(),
        title: s.title.clone(),
        design: s.design.as_str().to_string(),
        replicates: r,
        seed: settings.seed,
        skip_type1: settings.skip_type1,
        precision: *precision,
        arms: s.arms.iter().map(|a| ArmInfo { name: a.name.clone(), n: a.n, dropout: a.dropout }).collect(),
        endpoints,
        family,
        arms_jointly,
        response_rates,
        accrual: accrual_result(s, model, tally),
        sequential: plan.sequential.as_ref().map(|p| sequential_result(s, p, tally)),
        intercurrent_events: intercurrent_result(s, tally),
        distributions: distributions(s, settings.seed, plan, tally),
    }
}

/// Rescue and dropout by arm and week (with `[[rescue]]`).
fn intercurrent_result(s: &Scenario, tally: &Tally) -> Vec<IntercurrentRate> {
    if tally.intercurrent.is_empty() || tally.replicates == 0 {
        return Vec::new();
    }
    let weeks = &s.visits[1..];
    let mut out = Vec::new();
    for (a, arm) in s.arms.iter().enumerate() {
        let total = (tally.replicates * arm.n as u64) as f64;
        for (j, &week) in weeks.iter().enumerate() {
            let cell = (a * weeks.len() + j) * 2;
            out.push(IntercurrentRate {
                arm: arm.name.clone(),
                week,
                rescued: tally.intercurrent[cell] as f64 / total,
                dropped_out: tally.intercurrent[cell + 1] as f64 / total,
            });
        }
    }
    out
}

/// The operating characteristics of the looks.
fn sequential_result(s: &Scenario, plan: &SequentialPlan, tally: &Tally) -> SequentialResult {
    let p = &plan.monitor;
    use trialsim_stats::group_sequential::{Assumed, Efficacy, Futility};
    use trialsim_stats::special::normal_cdf;
    let (actual, null) = (&tally.sequential[0], tally.sequential.get(1));
    let (r, nr) = (actual.replicates, null.map_or(0, |n| n.replicates));
    let share = |x: u64, total: u64| Estimate::share(x, total);
    let finite = |x: f64| x.is_finite().then_some(x);
    let sides = if p.design.two_sided { 2.0 } else { 1.0 };
    let exact = super::sequential::exact(s, p);
    let looks = p
        .looks
        .iter()
        .enumerate()
        .map(|(k, look)| {
            let c = p.bounds.efficacy[k];
            LookResult {
                trigger: look.describe(&s.events),
                planned_information: look.information,
                efficacy_bound: finite(c),
                futility_bound: finite(p.bounds.futility[k]).filter(|_| p.design.futility_stops[k]),
                nominal_alpha: finite(c).map(|c| sides * normal_cdf(-c)),
                cumulative_alpha: p.bounds.alpha_spent[k],
                efficacy_stop: share(actual.efficacy[k], r),
                futility_stop: share(actual.futility[k], r),
                null_efficacy_stop: null.map(|n| share(n.efficacy[k], nr)),
                null_futility_stop: null.map(|n| share(n.futility[k], nr)),
                exact_efficacy_stop: exact.as_ref().map(|x| x.scenario[k].0),
                exact_futility_stop: exact.as_ref().map(|x| x.scenario[k].1),
                exact_null_efficacy_stop: exact.as_ref().map(|x| x.null[k].0),
                exact_null_futility_stop: exact.as_ref().map(|x| x.null[k].1),
            }
        })
        .collect();
    let efficacy = match &p.design.efficacy {
        Efficacy::Spending(f) => format!("alpha spending: {}", f.name()),
        Efficacy::WangTsiatis(delta) if *delta == 0.0 => "classical O'Brien-Fleming".to_string(),
        Efficacy::WangTsiatis(_) => "classical Pocock".to_string(),
    };
    let m = p.arms.len();
    let efficacy = if m > 1 {
        format!("{efficacy}, each of {m} comparisons at alpha / {m} = {} (Bonferroni)", p.design.alpha)
    } else {
        efficacy
    };
    let futility = match &p.design.futility {
        Futility::None => "none".to_string(),
        Futility::BetaSpending { spending, beta } => format!("beta spending: {}, beta {beta}", spending.name()),
        Futility::Z(_) if s.sequential.as_ref().is_some_and(|(_, rule)| rule.futility_p) => {
            "p bounds (one-sided p-value at or above)".to_string()
        }
        Futility::Z(_) => "z bounds".to_string(),
        Futility::ConditionalPower { threshold, assumed } => format!(
            "conditional power below {threshold} under {}",
            match assumed {
                Assumed::Trend => "the trend".to_string(),
                Assumed::Design { beta } => format!("the design's effect (power {})", 1.0 - beta),
            }
        ),
    };
    SequentialResult {
        endpoint: s.endpoints[p.endpoint].name.clone(),
        arm: p.labels.join(", "),
        control: p.control_label.clone(),
        null_rate: p.control.is_none().then(|| s.endpoints[p.endpoint].null_rate).flatten(),
        efficacy,
        futility,
        binding: p.design.binding,
        drift: p.bounds.drift,
        looks,
        power: share(actual.efficacy.iter().sum(), r),
        // Binding futility bounds count; non-binding ones are ignored, as their definition says.
        type1_error: null
            .map(|n| share(if p.design.binding { n.efficacy.iter().sum() } else { n.rejected_without_futility }, nr)),
        exact_power: exact.as_ref().map(|x| x.power),
        exact_type1_error: exact.as_ref().map(|x| x.type1_error),
        enrolled: actual.enrolled.summary(r),
        analysed: actual.analysed.summary(r),
        weeks: actual.weeks.summary(r),
        null_enrolled: null.map(|n| n.enrolled.summary(nr)),
        null_analysed: null.map(|n| n.analysed.summary(nr)),
        null_weeks: null.map(|n| n.weeks.summary(nr)),
        comparisons: comparison_results(s, p, actual, null),
    }
}

/// With several arms, each comparison's stops, power and type-I error.
fn comparison_results(
    s: &Scenario,
    p: &crate::analysis::sequential::Monitor,
    actual: &super::sequential::SequentialTally,
    null: Option<&super::sequential::SequentialTally>,
) -> Vec<crate::evaluation::result::ComparisonResult> {
    use crate::evaluation::result::{ComparisonLook, ComparisonResult};
    let (r, nr) = (actual.replicates, null.map_or(0, |n| n.replicates));
    let share = |x: u64, total: u64| Estimate::share(x, total);
    actual
        .comparisons
        .iter()
        .enumerate()
        .map(|(c, mine)| {
            let theirs = null.map(|n| &n.comparisons[c]);
            let exact = super::sequential::exact_comparison(s, p, c);
            let looks = (0..p.looks.len())
                .map(|k| ComparisonLook {
                    efficacy_stop: share(mine.efficacy[k], r),
                    futility_stop: share(mine.futility[k], r),
                    null_efficacy_stop: theirs.map(|n| share(n.efficacy[k], nr)),
                    null_futility_stop: theirs.map(|n| share(n.futility[k], nr)),
                    exact_efficacy_stop: exact.as_ref().map(|x| x.scenario[k].0),
                    exact_futility_stop: exact.as_ref().map(|x| x.scenario[k].1),
                    exact_null_efficacy_stop: exact.as_ref().map(|x| x.null[k].0),
                    exact_null_futility_stop: exact.as_ref().map(|x| x.null[k].1),
                })
                .collect();
            ComparisonResult {
                arm: p.labels[c].clone(),
                looks,
                power: share(mine.efficacy.iter().sum(), r),
                type1_error: theirs.map(|n| {
                    share(if p.design.binding { n.efficacy.iter().sum() } else { n.rejected_without_futility }, nr)
                }),
                exact_power: exact.as_ref().map(|x| x.power),
                exact_type1_error: exact.as_ref().map(|x| x.type1_error),
            }
        })
        .collect()
}

/// The planned and simulated duration of accrual.
fn accrual_result(s: &Scenario, model: &Model, tally: &Tally) -> Option<AccrualResult> {
    let (accrual, planned, last) = (s.accrual.as_ref()?, model.accrual.as_ref()?, tally.accrual.as_ref()?);
    let randomisation = match accrual.randomisation {
        Randomisation::Complete => "complete".to_string(),
        Randomisation::Blocks(size) => format!("blocks of {size}"),
    };
    Some(AccrualResult {
        planned_weeks: planned.planned_weeks(),
        randomisation,
        last_entry_week: last.summary(tally.replicates),
    })
}

/// Endpoint `e`'s comparisons together, adjusted as its family member (exact where the
/// family is the endpoint's comparisons alone, or it has no family).
fn joint_result(s: &Scenario, model: &Model, plan: &Plan, e: usize, t: JointTally, r: u64) -> JointResult {
    let entries: Vec<usize> =
        (0..plan.comparisons.len()).filter(|&i| plan.comparisons[i].comparison.endpoint == e).collect();
    let family = plan.family.as_ref().filter(|f| entries.iter().any(|i| f.members.contains(i)));
    let (adjustment, alone) = match family {
        Some(f) => (f.method, f.members == entries),
        None => (MultiplicityMethod::None, true),
    };
    let alpha = family.map_or(s.endpoints[e].alpha, |f| f.alpha);
    let all = (1u64 << entries.len().min(63)) - 1;
    let exact = alone.then(|| exact_joint(s, model, plan, &entries, adjustment, alpha, 0, all)).flatten();
    JointResult {
        endpoint: s.endpoints[e].name.clone(),
        adjustment,
        reject_any: Estimate::share(t.any, r),
        reject_all: Estimate::share(t.all, r),
        exact_reject_any: exact.as_ref().map(|j| j.any),
        exact_reject_all: exact.as_ref().map(|j| j.all),
    }
}

fn endpoint_result(
    s: &Scenario,
    model: &Model,
    plan: &Plan,
    tally: &Tally,
    exact_family: &ExactFamily,
    i: usize,
    planned: &Planned,
) -> EndpointResult {
    let c = &planned.comparison;
    let e = &s.endpoints[c.endpoint];
    let r = tally.replicates;
    let arms = s.arms.len();
    let (kind, score, event) = match &e.kind {
        EndpointKind::Response { .. } => ("response", None, None),
        EndpointKind::Sustained { .. } => ("sustained-response", None, None),
        EndpointKind::Change { source, area, .. } => {
            (if area.is_some() { "auc" } else { "change" }, Some(s.source_name(*source).to_string()), None)
        }
        EndpointKind::ScoreResponse { source, .. } => {
            ("score-response", Some(s.source_name(*source).to_string()), None)
        }
        EndpointKind::TimeToEvent { event, .. } => ("time-to-event", None, Some(s.events[*event].name.clone())),
        EndpointKind::LevelTime { measure, .. } => (measure.as_str(), None, None),
    };
    let member = plan.family.as_ref().and_then(|f| f.members.iter().position(|&m| m == i));
    let adjusted = member.and_then(|k| Some(Estimate::share(tally.family.as_ref()?.rejected[k], r)));
    let exact_adjusted_power = member.and_then(|k| Some(exact_family.actual.as_ref()?.each[k]));
    // Sub-arms of a second randomisation stand in for the arms.
    let subarm_names = match &e.kind {
        EndpointKind::TimeToEvent { subarms: Some(sc), .. } => {
            let sub = &s.rerandomisations[sc.rerandomisation].subarms;
            Some((sub[sc.arm].name.clone(), sub[sc.control].name.clone()))
        }
        _ => None,
    };
    let arm_name = subarm_names.as_ref().map_or(c.label(s).to_string(), |n| n.0.clone());
    let control_name = match &subarm_names {
        Some(n) => Some(n.1.clone()),
        None => c.control.map(|k| s.arms[k].name.clone()),
    };
    let mut intervals: Vec<IntervalResult> = c
        .intervals
        .iter()
        .zip(&planned.interval_truths)
        .zip(&tally.intervals[i])
        .map(|((spec, truth), t)| IntervalResult {
            method: spec.method,
            estimand: if spec.method.is_difference() { "difference" } else { "rate" }.into(),
            arm: s.arms[spec.arm].name.clone(),
            control: spec.control.map(|k| s.arms[k].name.clone()),
            true_value: *truth,
            confidence: None,
            coverage: t.coverage(r),
            mean_width: t.mean_width(r),
        })
        .collect();
    // The intervals of a change or time-to-event difference: the endpoint's own, and for a
    // rate-difference test the Wald interval beside its inversion.
    if let (Some(t), Some(truth)) = (&tally.continuous[i], planned.difference.and_then(|d| d.truth)) {
        let n = t.difference.count;
        for (&method, tally) in c.difference_intervals.iter().zip(&t.intervals) {
            let confidence = match (method, &c.rule) {
                (Method::KaplanMeierScore, Rule::TimeToEvent { alternative, alpha, .. }) => {
                    Some(rate_difference::score_confidence(*alternative, *alpha))
                }
                _ => None,
            };
            intervals.push(IntervalResult {
                method,
                estimand: if c.is_trend() { "slope" } else { "difference" }.into(),
                arm: arm_name.clone(),
                control: control_name.clone(),
                true_value: truth,
                confidence,
                coverage: tally.coverage(n),
                mean_width: tally.mean_width(n),
            });
        }
    }
    let binary = e.is_binary();
    let tte = e.is_time();
    let rate = |a: usize| {
        let values = tally.mean_changes[c.endpoint * arms + a].as_ref().map(|t| t.summary(r));
        ArmRate {
            name: s.arms[a].name.clone(),
            rate: binary.then(|| tally.endpoint_rates[c.endpoint * arms + a].summary()),
            mean_change: if tte { None } else { values },
            event_probability: if tte { values } else { None },
            events: None,
        }
    };
    let arms_out: Vec<ArmRate> = match &subarm_names {
        Some((a, k)) => [a, k]
            .into_iter()
            .zip(&tally.subarm_probabilities[i])
            .map(|(name, t)| ArmRate {
                name: name.clone(),
                rate: None,
                mean_change: None,
                event_probability: Some(t.summary(r)),
                events: None,
            })
            .collect(),
        // A trend reads every arm, in the scenario's order.
        None if c.is_trend() => (0..arms).map(rate).collect(),
        None => std::iter::once(c.arm).chain(c.control).map(rate).collect(),
    };
    // Time to event: the events of the compared group, of its control, of both.
    let mut arms_out = arms_out;
    for (arm, t) in arms_out.iter_mut().zip(&tally.events[i]) {
        arm.events = Some(t.summary(r));
    }
    let events = tally.events[i].get(2).map(|t| t.summary(r));
    let hazard_ratio = tally.hazard_ratios[i].as_ref().map(|t| {
        let n = t.difference.count;
        HazardRatioResult {
            true_value: planned.hazard_ratio,
            log_hazard_ratio: t.difference.summary(r),
            coverage: planned.hazard_ratio.map(|_| t.interval.coverage(n)),
            mean_width: t.interval.mean_width(n),
        }
    });
    let type1_error = planned.null_world.map(|_| Estimate::share(tally.null_rejections[i], r));
    let exact_type1_error = planned.null_world.and_then(|w| exact(s, model, plan, planned, w));
    let type1_error_true_rate =
        planned.true_rate_null_world.map(|_| Estimate::share(tally.true_rate_null_rejections[i], r));
    let exact_type1_error_true_rate = planned.true_rate_null_world.and_then(|w| exact(s, model, plan, planned, w));
    EndpointResult {
        name: e.name.clone(),
        primary: e.primary,
        kind: kind.into(),
        score,
        event,
        arm: arm_name,
        control: control_name,
        test: e.test,
        alternative: e.alternative,
        alpha: e.alpha,
        levels: e.levels().iter().map(|&k| s.levels[k].name.clone()).collect(),
        week: e.week(),
        missing: (!matches!(e.kind, EndpointKind::TimeToEvent { .. })).then(|| e.missing()),
        null_rate: e.null_rate,
        margin: e.margin,
        rejections: tally.rejections[i],
        power: Estimate::share(tally.rejections[i], r),
        type1_error,
        exact_power: exact(s, model, plan, planned, 0),
        exact_type1_error,
        type1_error_above_alpha: above_alpha(e.alpha, type1_error, exact_type1_error),
        type1_error_true_rate,
        exact_type1_error_true_rate,
        type1_error_true_rate_above_alpha: above_alpha(e.alpha, type1_error_true_rate, exact_type1_error_true_rate),
        adjusted_power: adjusted,
        exact_adjusted_power,
        mean_difference: tally.continuous[i].as_ref().map(|t| t.difference.summary(r)),
        simon: simon_result(s, model, plan, planned, i, tally),
        arms: arms_out,
        intervals,
        events,
        hazard_ratio,
        mmrm: mmrm_result(e, tally, i),
    }
}

/// How an MMRM comparison's fits went; `None` for other tests.
fn mmrm_result(e: &Endpoint, tally: &Tally, i: usize) -> Option<MmrmResult> {
    let t = tally.mmrm_fits.get(i).copied().flatten()?;
    let null = t.null.iter().sum::<u64>() > 0;
    let options = e.mmrm.expect("validated: an MMRM endpoint has its options");
    Some(MmrmResult {
        covariance: options.covariance,
        df: options.df,
        fits: MmrmFits::from_counts(t.actual),
        null_fits: null.then(|| MmrmFits::from_counts(t.null)),
    })
}

fn simon_result(
    s: &Scenario,
    model: &Model,
    plan: &Plan,
    planned: &Planned,
    i: usize,
    tally: &Tally,
) -> Option<SimonResult> {
    let Rule::Simon(rule) = &planned.comparison.rule else { return None };
    let r = tally.replicates;
    let stop = Estimate::share(tally.early_stops[i], r);
    let size = |pet: f64| rule.n1 as f64 + (1.0 - pet) * (rule.n - rule.n1) as f64;
    let exact = |w: usize| {
        let p = effective_rate(s, model, plan, planned, w).expect("a two-stage rule is on a response endpoint");
        simon::evaluate(rule.r1, rule.n1, rule.r, rule.n, p, p).pet0
    };
    let null_stop = planned.null_world.map(|_| Estimate::share(tally.null_early_stops[i], r));
    let exact_null = planned.null_world.map(exact);
    Some(SimonResult {
        r1: rule.r1,
        n1: rule.n1,
        r: rule.r,
        n: rule.n,
        early_termination: stop,
        exact_early_termination: exact(0),
        expected_sample_size: size(stop.estimate),
        exact_expected_sample_size: size(exact(0)),
        early_termination_null: null_stop,
        exact_early_termination_null: exact_null,
        expected_sample_size_null: null_stop.map(|x| size(x.estimate)),
        exact_expected_sample_size_null: exact_null.map(size),
    })
}

/// The distributions the charts draw.
fn distributions(s: &Scenario, seed: u64, plan: &Plan, tally: &Tally) -> Distributions {
    let arms = s.arms.len();
    let rates = s
        .endpoints
        .iter()
        .enumerate()
        .map(|(e, endpoint)| {
            endpoint.is_binary().then(|| (0..arms).map(|a| tally.endpoint_rates[e * arms + a].rates()).collect())
        })
        .collect();
    let differences = plan
        .comparisons
        .iter()
        .enumerate()
        .map(|(i, _)| tally.continuous[i].as_ref().map(|t| t.difference.bins()))
        .collect();
    let mut trajectories = vec![Vec::new(); arms];
    for p in patients(s, seed, 0) {
        if trajectories[p.arm].len() >= TRAJECTORIES {
            continue;
        }
        let mut points = vec![(0.0, p.baseline)];
        for (j, visit) in p.visits.iter().enumerate() {
            if let Some((value, _)) = visit.value {
                points.push((s.visits[j + 1] as f64, value));
            }
        }
        trajectories[p.arm].push(points);
    }
    Distributions { rates, differences, trajectories, z_paths: z_paths(s, seed, plan) }
}

/// The statistic at each look of the first replicates, up to where each stops.
fn z_paths(s: &Scenario, seed: u64, plan: &Plan) -> Vec<Vec<(f64, f64)>> {
    let Some(p) = &plan.sequential else { return Vec::new() };
    let model = Model::new(s);
    let mut buf = TrialBuffer::new(&model);
    let (mut rng, mut scratch, mut cache) = (stream::generator(seed), LookScratch::default(), Default::default());
    (0..TRAJECTORIES as u64)
        .map(|r| {
            trial::simulate(&model, &model.actual, &mut rng, r, &mut buf);
            // From z = 0 at no information (where every path starts), so that one that stops
            // at the first look shows too.
            let mut path = vec![(0.0, 0.0)];
            for (k, (reading, b)) in p.monitor.readings(0, &buf, &mut scratch, &mut cache).into_iter().enumerate() {
                path.push((p.monitor.looks[k].information, reading.z));
                if p.monitor.decide(k, reading.z, b) != Decision::Continue {
                    break;
                }
            }
            path
        })
        .collect()
}
