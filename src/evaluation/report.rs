//! The result of a run: power, type-I error and rate distributions, each with its
//! Monte Carlo error. Outputs are pure functions of this.

use super::engine::RunSettings;
use super::exact::{ArmLaw, rejection_probability};
use super::histogram::RateSummary;
use super::intervals::{IntervalTally, Method, WIDTH_SCALE};
use super::plan::{Comparison, Plan};
use super::tally::Tally;
use crate::analysis::clopper_pearson;
use crate::analysis::{Alternative, Test};
use crate::endpoint::Missing;
use crate::model::Model;
use crate::scenario::Scenario;
use serde::Serialize;

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
    /// The observed rate of the compared arm and of the control.
    pub arms: Vec<ArmRate>,
    /// Coverage and width of 95 % intervals for the rates and their difference.
    pub intervals: Vec<IntervalResult>,
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
        let coverage = Share::new(t.covered, replicates);
        let r = replicates as f64;
        let mean = t.width as f64 / WIDTH_SCALE / r;
        let mean_sq = t.width_squared as f64 / WIDTH_SCALE / r;
        let variance = (mean_sq - mean * mean).max(0.0) * r / (r - 1.0).max(1.0);
        IntervalResult {
            method: spec.method,
            estimand: if spec.method.is_difference() { "difference" } else { "rate" }.into(),
            arm: s.arms[spec.arm].name.clone(),
            control: spec.control.map(|c| s.arms[c].name.clone()),
            true_value: spec.truth,
            coverage: coverage.estimate,
            coverage_mcse: coverage.mcse,
            coverage_ci95: coverage.ci95,
            mean_width: mean,
            mean_width_mcse: (variance / r).sqrt(),
        }
    }
}

/// The exact rejection probability of a comparison in world `w`.
fn exact(s: &Scenario, model: &Model, plan: &Plan, c: &Comparison, w: usize) -> Option<f64> {
    let e = &s.endpoints[c.endpoint];
    let law = |a: usize| ArmLaw {
        n: s.arms[a].n,
        rate: e.levels.iter().map(|&k| plan.rates[w][a][k][e.visit]).sum::<f64>().min(1.0),
        survival: model.survival[a][e.visit],
    };
    rejection_probability(&c.decision, e.missing, law(c.arm), c.control.map(law))
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArmRate {
    pub name: String,
    pub rate: RateSummary,
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
                let rate = |a: usize| ArmRate {
                    name: s.arms[a].name.clone(),
                    rate: tally.endpoint_rates[c.endpoint * arms + a].summary(),
                };
                EndpointResult {
                    name: e.name.clone(),
                    primary: e.primary,
                    arm: s.arms[c.arm].name.clone(),
                    control: c.control.map(|k| s.arms[k].name.clone()),
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
                    arms: std::iter::once(c.arm).chain(c.control).map(rate).collect(),
                    intervals: c
                        .intervals
                        .iter()
                        .zip(&tally.intervals[i])
                        .map(|(spec, t)| IntervalResult::new(s, spec, t, r))
                        .collect(),
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
            arms: s.arms.iter().map(|a| ArmInfo { name: a.name.clone(), n: a.n, dropout: a.dropout }).collect(),
            endpoints,
            response_rates,
        }
    }
}
