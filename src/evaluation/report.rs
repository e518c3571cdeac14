//! The result of a run: power, type-I error and rate distributions, each with its
//! Monte Carlo error. Outputs are pure functions of this.

use super::engine::RunSettings;
use super::exact::{ArmLaw, rejection_probability};
use super::histogram::RateSummary;
use super::intervals::{IntervalTally, Method, WIDTH_SCALE};
use super::plan::{Comparison, Plan, Rule};
use super::tally::Tally;
use super::values::ValueSummary;
use crate::endpoint::Missing;
use crate::model::Model;
use crate::scenario::Scenario;
use crate::scenario::{EndpointKind, MultiplicityMethod, Source};
use serde::Serialize;
use trialsim_stats::clopper_pearson;
use trialsim_stats::{Alternative, Test};

/// Coverage of the intervals reported for shares of replicates.
pub const CONFIDENCE: f64 = 0.95;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    pub scenario: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub design: String,
    pub replicates: u64,
    pub seed: u64,
    pub skip_type1: bool,
    /// With `--precision`: the target half-width and whether every endpoint met it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub precision: Option<Precision>,
    pub arms: Vec<ArmInfo>,
    pub endpoints: Vec<EndpointResult>,
    /// With `[multiplicity]`: the family's operating characteristics.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family: Option<FamilyResult>,
    pub response_rates: Vec<LevelRate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Precision {
    /// The requested largest 95 % half-width of every endpoint's power.
    pub target: f64,
    /// The largest half-width reached.
    pub half_width: f64,
    pub met: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArmInfo {
    pub name: String,
    pub n: u32,
    pub dropout: f64,
}

/// A share of replicates with its Monte Carlo standard error and Clopper-Pearson interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Share {
    pub count: u64,
    pub estimate: f64,
    pub mcse: f64,
    pub ci95: [f64; 2],
}

impl Share {
    pub fn new(count: u64, replicates: u64) -> Self {
        let p = count as f64 / replicates as f64;
        let (lo, hi) = clopper_pearson::interval(count, replicates, 1.0 - CONFIDENCE);
        Share { count, estimate: p, mcse: (p * (1.0 - p) / replicates as f64).sqrt(), ci95: [lo, hi] }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EndpointResult {
    pub name: String,
    pub primary: bool,
    /// `response`, `score-response` or `change`.
    pub kind: String,
    /// The score (or marker) a change or score-response endpoint reads.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<String>,
    /// The arm compared with the control (single-arm: the arm).
    pub arm: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub control: Option<String>,
    pub test: Test,
    pub alternative: Alternative,
    pub alpha: f64,
    pub levels: Vec<String>,
    pub week: u32,
    pub missing: Missing,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub null_rate: Option<f64>,
    /// Non-inferiority (positive) or superiority (negative) margin, for tests with one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub margin: Option<f64>,
    pub rejections: u64,
    pub power: f64,
    pub power_mcse: f64,
    pub power_ci95: [f64; 2],
    /// `null` when the run skipped the null twin.
    pub type1_error: Option<f64>,
    pub type1_error_mcse: Option<f64>,
    pub type1_error_ci95: Option<[f64; 2]>,
    /// Power by enumeration of the arms' binomial counts; `null` where not computable.
    pub exact_power: Option<f64>,
    /// Type-I error by enumeration; `null` where not computable or skipped.
    pub exact_type1_error: Option<f64>,
    /// With a multiplicity family: power after adjustment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adjusted_power: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adjusted_power_mcse: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adjusted_power_ci95: Option<[f64; 2]>,
    /// Change endpoints: the estimated difference of mean changes (arm minus control);
    /// time-to-event endpoints: of Kaplan-Meier event probabilities by the horizon.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean_difference: Option<ValueSummary>,
    /// A simon-two-stage design's endpoint: early termination and expected size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub simon: Option<SimonResult>,
    /// The observed rate (or mean change) of the compared arm and of the control.
    pub arms: Vec<ArmRate>,
    /// Coverage and width of 95 % intervals for the rates and their difference (or the
    /// test's interval for the difference of mean changes).
    pub intervals: Vec<IntervalResult>,
}

/// The multiplicity family over all replicates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FamilyResult {
    pub method: MultiplicityMethod,
    pub alpha: f64,
    /// The family's hypotheses: endpoint and compared arm, in order.
    pub hypotheses: Vec<String>,
    /// Probability of rejecting at least one hypothesis, with MCSE and 95 % interval.
    pub reject_any: f64,
    pub reject_any_mcse: f64,
    pub reject_any_ci95: [f64; 2],
    /// Probability of rejecting them all.
    pub reject_all: f64,
    pub reject_all_mcse: f64,
    pub reject_all_ci95: [f64; 2],
    /// Family-wise error rate under the global null (same seeds); `null` when skipped.
    pub fwer: Option<f64>,
    pub fwer_mcse: Option<f64>,
    pub fwer_ci95: Option<[f64; 2]>,
}

/// How one interval method performed over the replicates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntervalResult {
    pub method: Method,
    /// `rate` of `arm`, or `difference` of `arm` minus `control`.
    pub estimand: String,
    pub arm: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub control: Option<String>,
    /// The value the interval should cover.
    pub true_value: f64,
    pub coverage: f64,
    pub coverage_mcse: f64,
    pub coverage_ci95: [f64; 2],
    pub mean_width: f64,
    pub mean_width_mcse: f64,
}

impl IntervalResult {
    fn new(s: &Scenario, spec: &super::intervals::IntervalSpec, t: &IntervalTally, replicates: u64) -> Self {
        IntervalResult::from_tally(
            spec.method,
            if spec.method.is_difference() { "difference" } else { "rate" },
            s.arms[spec.arm].name.clone(),
            spec.control.map(|c| s.arms[c].name.clone()),
            spec.truth,
            t,
            replicates,
        )
    }

    fn from_tally(
        method: Method,
        estimand: &str,
        arm: String,
        control: Option<String>,
        truth: f64,
        t: &IntervalTally,
        replicates: u64,
    ) -> Self {
        let replicates = replicates.max(1);
        let coverage = Share::new(t.covered, replicates);
        let r = replicates as f64;
        let mean = t.width as f64 / WIDTH_SCALE / r;
        let mean_sq = t.width_squared as f64 / WIDTH_SCALE / r;
        let variance = (mean_sq - mean * mean).max(0.0) * r / (r - 1.0).max(1.0);
        IntervalResult {
            method,
            estimand: estimand.into(),
            arm,
            control,
            true_value: truth,
            coverage: coverage.estimate,
            coverage_mcse: coverage.mcse,
            coverage_ci95: coverage.ci95,
            mean_width: mean,
            mean_width_mcse: (variance / r).sqrt(),
        }
    }
}

/// The share of patients an arm's response endpoint counts as responders in world `w`.
fn effective_rate(s: &Scenario, model: &Model, plan: &Plan, c: &Comparison, w: usize) -> f64 {
    let e = &s.endpoints[c.endpoint];
    let rate: f64 = e.levels.iter().map(|&k| plan.rates[w][c.arm][k][e.visit]).sum();
    rate.min(1.0) * model.survival[c.arm][e.visit]
}

/// Operating characteristics of a two-stage rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimonResult {
    pub r1: u32,
    pub n1: u32,
    pub r: u32,
    pub n: u32,
    /// Probability of stopping after the first stage, simulated (with MCSE, interval) and exact.
    pub early_termination: f64,
    pub early_termination_mcse: f64,
    pub early_termination_ci95: [f64; 2],
    pub exact_early_termination: f64,
    /// Expected number of patients treated, simulated and exact.
    pub expected_sample_size: f64,
    pub exact_expected_sample_size: f64,
    /// The same under the null rate; `null` when the null twin was skipped.
    pub early_termination_null: Option<f64>,
    pub exact_early_termination_null: Option<f64>,
    pub expected_sample_size_null: Option<f64>,
    pub exact_expected_sample_size_null: Option<f64>,
}

fn simon_result(
    s: &Scenario,
    model: &Model,
    plan: &Plan,
    c: &Comparison,
    i: usize,
    tally: &Tally,
) -> Option<SimonResult> {
    let Rule::Simon(rule) = &c.rule else { return None };
    let r = tally.replicates;
    let stop = Share::new(tally.early_stops[i], r);
    let size = |pet: f64| rule.n1 as f64 + (1.0 - pet) * (rule.n - rule.n1) as f64;
    let exact = |w: usize| {
        let p = effective_rate(s, model, plan, c, w);
        trialsim_stats::simon::evaluate(rule.r1, rule.n1, rule.r, rule.n, p, p).pet0
    };
    let null_stop = c.null_world.map(|_| tally.null_early_stops[i] as f64 / r as f64);
    let exact_null = c.null_world.map(exact);
    Some(SimonResult {
        r1: rule.r1,
        n1: rule.n1,
        r: rule.r,
        n: rule.n,
        early_termination: stop.estimate,
        early_termination_mcse: stop.mcse,
        early_termination_ci95: stop.ci95,
        exact_early_termination: exact(0),
        expected_sample_size: size(stop.estimate),
        exact_expected_sample_size: size(exact(0)),
        early_termination_null: null_stop,
        exact_early_termination_null: exact_null,
        expected_sample_size_null: null_stop.map(size),
        exact_expected_sample_size_null: exact_null.map(size),
    })
}

/// The exact rejection probability of a comparison in world `w` (response endpoints).
fn exact(s: &Scenario, model: &Model, plan: &Plan, c: &Comparison, w: usize) -> Option<f64> {
    let e = &s.endpoints[c.endpoint];
    if e.kind != EndpointKind::Response {
        return None;
    }
    if let Rule::Simon(rule) = &c.rule {
        let p = effective_rate(s, model, plan, c, w);
        return Some(trialsim_stats::simon::evaluate(rule.r1, rule.n1, rule.r, rule.n, p, p).power);
    }
    let Rule::Binary(decision) = &c.rule else { return None };
    let law = |a: usize| ArmLaw {
        n: s.arms[a].n,
        rate: e.levels.iter().map(|&k| plan.rates[w][a][k][e.visit]).sum::<f64>().min(1.0),
        survival: model.survival[a][e.visit],
    };
    rejection_probability(decision, e.missing, law(c.arm), c.control.map(law))
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArmRate {
    pub name: String,
    /// Binary endpoints: the observed rate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate: Option<RateSummary>,
    /// Change endpoints: the observed mean change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean_change: Option<ValueSummary>,
    /// Time-to-event endpoints: the Kaplan-Meier probability of the event by the horizon.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_probability: Option<ValueSummary>,
}

/// The share of patients still in the trial who are in a level at a visit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelRate {
    pub arm: String,
    pub level: String,
    pub week: u32,
    /// The rate the scenario specifies.
    pub specified: f64,
    #[serde(flatten)]
    pub observed: RateSummary,
}

impl Evaluation {
    pub fn new(
        s: &Scenario,
        settings: &RunSettings,
        model: &Model,
        plan: &Plan,
        tally: &Tally,
        precision: Option<Precision>,
    ) -> Self {
        let r = tally.replicates;
        let arms = s.arms.len();
        let level_names = |ks: &[usize]| ks.iter().map(|&k| s.levels[k].name.clone()).collect();
        let endpoints = plan
            .comparisons
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let e = &s.endpoints[c.endpoint];
                let power = Share::new(tally.rejections[i], r);
                let type1 = c.null_world.map(|_| Share::new(tally.null_rejections[i], r));
                let continuous = !s.is_binary(c.endpoint);
                let tte = matches!(e.kind, EndpointKind::TimeToEvent(_));
                let rate = |a: usize| {
                    let values = tally.mean_changes[c.endpoint * arms + a].as_ref().map(|t| t.summary(r));
                    ArmRate {
                        name: s.arms[a].name.clone(),
                        rate: (!continuous).then(|| tally.endpoint_rates[c.endpoint * arms + a].summary()),
                        mean_change: if tte { None } else { values.clone() },
                        event_probability: if tte { values } else { None },
                    }
                };
                let source_name = |src: &Source| match src {
                    Source::Marker => s.marker.name.clone(),
                    Source::Score(k) => s.scores[*k].name.clone(),
                };
                let (kind, score) = match &e.kind {
                    EndpointKind::Response => ("response", None),
                    EndpointKind::Change(src) => ("change", Some(source_name(src))),
                    EndpointKind::ScoreResponse(src, _) => ("score-response", Some(source_name(src))),
                    EndpointKind::TimeToEvent(k) => ("time-to-event", Some(s.events[*k].name.clone())),
                };
                let adjusted = plan.family.as_ref().and_then(|f| {
                    let k = f.members.iter().position(|&m| m == i)?;
                    Some(Share::new(tally.family.as_ref()?.rejected[k], r))
                });
                let mut intervals: Vec<IntervalResult> = c
                    .intervals
                    .iter()
                    .zip(&tally.intervals[i])
                    .map(|(spec, t)| IntervalResult::new(s, spec, t, r))
                    .collect();
                // Sub-arms of a second randomisation stand in for the arms.
                let subarm_names = e.subarms.map(|sc| {
                    let sub = &s.rerandomisations[sc.rerandomisation].subarms;
                    (sub[sc.arm].name.clone(), sub[sc.control].name.clone())
                });
                let arm_name = subarm_names.as_ref().map_or(s.arms[c.arm].name.clone(), |n| n.0.clone());
                let control_name = match &subarm_names {
                    Some(n) => Some(n.1.clone()),
                    None => c.control.map(|k| s.arms[k].name.clone()),
                };
                if let (Rule::TimeToEvent { truth, .. }, Some(t)) = (&c.rule, &tally.continuous[i]) {
                    intervals.push(IntervalResult::from_tally(
                        Method::KaplanMeier,
                        "difference",
                        arm_name.clone(),
                        control_name.clone(),
                        *truth,
                        &t.interval,
                        t.difference.count,
                    ));
                }
                if let (Rule::Continuous { test, truth: Some(truth), .. }, Some(t)) = (&c.rule, &tally.continuous[i]) {
                    let method = if *test == Test::Ancova { Method::Ancova } else { Method::WelchT };
                    intervals.push(IntervalResult::from_tally(
                        method,
                        "difference",
                        s.arms[c.arm].name.clone(),
                        c.control.map(|k| s.arms[k].name.clone()),
                        *truth,
                        &t.interval,
                        t.difference.count,
                    ));
                }
                let arms_out: Vec<ArmRate> = match &subarm_names {
                    Some((a, k)) => [a, k]
                        .into_iter()
                        .zip(&tally.subarm_probabilities[i])
                        .map(|(name, t)| ArmRate {
                            name: name.clone(),
                            rate: None,
                            mean_change: None,
                            event_probability: Some(t.summary(r)),
                        })
                        .collect(),
                    None => std::iter::once(c.arm).chain(c.control).map(rate).collect(),
                };
                EndpointResult {
                    name: e.name.clone(),
                    primary: e.primary,
                    kind: kind.into(),
                    score,
                    arm: arm_name,
                    control: control_name,
                    test: e.test,
                    alternative: e.alternative,
                    alpha: e.alpha,
                    levels: level_names(&e.levels),
                    week: e.week,
                    missing: e.missing,
                    null_rate: e.null_rate,
                    margin: e.test.takes_margin().then_some(e.margin),
                    rejections: power.count,
                    power: power.estimate,
                    power_mcse: power.mcse,
                    power_ci95: power.ci95,
                    type1_error: type1.map(|t| t.estimate),
                    type1_error_mcse: type1.map(|t| t.mcse),
                    type1_error_ci95: type1.map(|t| t.ci95),
                    exact_power: exact(s, model, plan, c, 0),
                    exact_type1_error: c.null_world.and_then(|w| exact(s, model, plan, c, w)),
                    adjusted_power: adjusted.map(|a| a.estimate),
                    adjusted_power_mcse: adjusted.map(|a| a.mcse),
                    adjusted_power_ci95: adjusted.map(|a| a.ci95),
                    mean_difference: tally.continuous[i].as_ref().map(|t| t.difference.summary(r)),
                    simon: simon_result(s, model, plan, c, i, tally),
                    arms: arms_out,
                    intervals,
                }
            })
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
        Evaluation {
            scenario: s.name.clone(),
            title: s.title.clone(),
            design: s.design.as_str().to_string(),
            replicates: r,
            seed: settings.seed,
            skip_type1: settings.skip_type1,
            precision,
            family: plan.family.as_ref().zip(tally.family.as_ref()).map(|(f, t)| {
                let any = Share::new(t.any, r);
                let all = Share::new(t.all, r);
                let fwer = f.global_null.map(|_| Share::new(t.null_any, r));
                FamilyResult {
                    method: f.method,
                    alpha: f.alpha,
                    hypotheses: f
                        .members
                        .iter()
                        .map(|&i| {
                            let c = &plan.comparisons[i];
                            format!("{} ({})", s.endpoints[c.endpoint].name, s.arms[c.arm].name)
                        })
                        .collect(),
                    reject_any: any.estimate,
                    reject_any_mcse: any.mcse,
                    reject_any_ci95: any.ci95,
                    reject_all: all.estimate,
                    reject_all_mcse: all.mcse,
                    reject_all_ci95: all.ci95,
                    fwer: fwer.map(|x| x.estimate),
                    fwer_mcse: fwer.map(|x| x.mcse),
                    fwer_ci95: fwer.map(|x| x.ci95),
                }
            }),
            arms: s.arms.iter().map(|a| ArmInfo { name: a.name.clone(), n: a.n, dropout: a.dropout }).collect(),
            endpoints,
            response_rates,
        }
    }
}
