//! The analysis of one simulated trial, as `trialsim analyse` shows it: per endpoint and
//! compared arm, the data each arm contributes (randomised and analysed patients,
//! responders, mean change, events) and the test's numbers (estimate, standard error,
//! degrees of freedom, statistic, p-value, intervals, decision). The p-value, decision and
//! intervals are the ones the engine tallies ([`analyse`] on the same trial); the other
//! numbers are computed beside them from the same data.

use super::comparison::{Comparison, comparisons};
use super::outcome::{Outcome, analyse};
use super::rule::Rule;
use super::scratch::Scratch;
use super::sequential::{Decision, Group, LookScratch, Monitor};
use crate::endpoint::{Proportion, binary, change, level_time, time_to_event};
use crate::model::{Model, TrialBuffer, stream, trial};
use crate::scenario::provenance::Provenance;
use crate::scenario::{Endpoint, EndpointKind, LevelTime, Scenario};
use serde::Serialize;
use trialsim_stats::mmrm::{Covariance, DegreesOfFreedom};
use trialsim_stats::sample::SampleStats;
use trialsim_stats::{Alternative, Test, chi_square, cochran_armitage, log_rank, pooled_t, score, z_test};

/// One trial's analysis.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct TrialAnalysis {
    /// What every output carries (with `seed` below).
    #[serde(flatten)]
    pub provenance: Provenance,
    pub scenario: String,
    pub seed: u64,
    pub replicate: u64,
    pub endpoints: Vec<EndpointAnalysis>,
    /// With `[[analysis]]` looks: each look at the monitored endpoint (also those after the
    /// trial stopped, marked so).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub looks: Vec<LookAnalysis>,
}

/// One look of a group-sequential design at one trial.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct LookAnalysis {
    /// 1-based.
    pub look: usize,
    pub trigger: String,
    /// The calendar week of the cut, and the patients enrolled by then.
    pub cut_week: f64,
    pub enrolled: u32,
    /// The arm, then the control: patients analysed at the cut and responders among them.
    pub data: Vec<ArmData>,
    /// The pooled score z, turned so that large values favour the arm.
    pub z: f64,
    pub efficacy_bound: Option<f64>,
    pub futility_bound: Option<f64>,
    /// `stop for efficacy`, `stop for futility`, `continue`; at the final analysis `reject`
    /// or `do not reject`; after the trial stopped, `after the stop`.
    pub decision: &'static str,
}

/// One comparison of one endpoint in one trial.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct EndpointAnalysis {
    pub name: String,
    pub arm: String,
    pub control: Option<String>,
    pub test: Test,
    pub alternative: Alternative,
    pub alpha: f64,
    /// The arm, then the control.
    pub data: Vec<ArmData>,
    /// Arm minus control: the difference of rates, of mean changes, of event
    /// probabilities by the horizon; single arm: the arm's rate. `None` where undefined.
    pub estimate: Option<f64>,
    /// The estimate's standard error as the test uses it (binary tests: the Wald error of
    /// the difference; t tests: theirs; Kaplan-Meier: Greenwood's).
    pub standard_error: Option<f64>,
    /// t tests only.
    pub df: Option<f64>,
    /// The test's statistic and its name (`X-squared`, `z`, `t`, `responders`); `None` for
    /// Fisher's test, a two-stage rule, or where undefined.
    pub statistic: Option<Statistic>,
    /// `None` where the test is undefined (then it does not reject) or for a two-stage rule.
    pub p_value: Option<f64>,
    pub intervals: Vec<NamedInterval>,
    pub rejected: bool,
    /// A two-stage rule: whether it stopped after its first stage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub early_stop: Option<bool>,
    /// An MMRM: the model's fit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mmrm: Option<MmrmFit>,
}

/// How a trial's MMRM was fitted.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct MmrmFit {
    /// The structure asked for, and the one used (a simpler one where that failed);
    /// `None` where no structure could be fitted.
    pub covariance: Covariance,
    pub df: DegreesOfFreedom,
    pub used: Option<Covariance>,
    /// Newton-Raphson iterations of the fit used, and its -2 restricted log-likelihood.
    pub iterations: Option<u32>,
    pub reml: Option<f64>,
    /// The visits the model reads (every post-baseline visit up to the endpoint's) and
    /// the estimated covariance of a patient's changes at them, row by row.
    pub weeks: Vec<u32>,
    pub sigma: Vec<Vec<f64>>,
}

/// What one arm contributes.
#[derive(Debug, Clone, PartialEq, Serialize, Default, schemars::JsonSchema)]
pub struct ArmData {
    pub arm: String,
    pub randomised: u32,
    /// The patients the analysis counts: the denominator (binary), the patients with a
    /// value (change), everyone followed (time to event).
    pub analysed: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub responders: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean_change: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sd_change: Option<f64>,
    /// Time to event: events observed by the horizon, and the Kaplan-Meier probability.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_probability: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Statistic {
    pub name: &'static str,
    pub value: f64,
}

/// An interval: its method, what it estimates (`rate` of `arm`, or `difference`), its
/// level (95 %, or the rate-difference test's own for its inversion).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct NamedInterval {
    pub method: &'static str,
    pub confidence: f64,
    pub estimand: &'static str,
    pub arm: String,
    pub lo: f64,
    pub hi: f64,
}

/// The analysis of replicate `replicate` under `seed`: the scenario's world, the same
/// trial a run with that seed simulates and `trialsim export` writes.
pub fn analyse_trial(s: &Scenario, seed: u64, replicate: u64) -> TrialAnalysis {
    let model = Model::new(s);
    let mut buf = TrialBuffer::new(&model);
    trial::simulate(&model, &model.actual, &mut stream::generator(seed), replicate, &mut buf);
    let mut scratch = Scratch::default();
    let endpoints = comparisons(s)
        .iter()
        .map(|c| {
            let outcome = analyse(c, &s.endpoints[c.endpoint], &buf, &mut scratch);
            endpoint_analysis(s, c, &buf, &outcome, &mut scratch)
        })
        .collect();
    TrialAnalysis {
        provenance: Provenance::new(Some(&s.origin.text)),
        scenario: s.name.clone(),
        seed,
        replicate,
        endpoints,
        looks: looks(s, &buf),
    }
}

/// Each look of the scenario's monitor at `trial`, comparison by comparison (several arms:
/// each against the control, in the arms' order).
fn looks(s: &Scenario, trial: &TrialBuffer) -> Vec<LookAnalysis> {
    let Some(monitor) = Monitor::new(s) else { return Vec::new() };
    let (mut scratch, mut cache) = (LookScratch::default(), Default::default());
    let last = monitor.looks.len() - 1;
    let finite = |x: f64| x.is_finite().then_some(x);
    let mut out = Vec::new();
    for (c, label) in monitor.labels.iter().enumerate() {
        let mut stopped = false;
        for (k, (r, b)) in monitor.readings(c, trial, &mut scratch, &mut cache).into_iter().enumerate() {
            let decision = match (stopped, monitor.decide(k, r.z, b), k == last) {
                (true, _, _) => "after the stop",
                (false, Decision::Efficacy, true) => "reject",
                (false, _, true) => "do not reject",
                (false, Decision::Efficacy, false) => "stop for efficacy",
                (false, Decision::Futility, false) => "stop for futility",
                (false, Decision::Continue, false) => "continue",
            };
            stopped |= decision.starts_with("stop");
            let arm = |label: &String, g: Group, enrolled: u32| ArmData {
                arm: label.clone(),
                randomised: enrolled,
                analysed: g.analysed,
                responders: g.responders,
                rate: g.responders.filter(|_| g.analysed > 0).map(|x| x as f64 / g.analysed as f64),
                mean_change: g.mean_change,
                events: g.events,
                ..ArmData::default()
            };
            out.push(LookAnalysis {
                look: k + 1,
                trigger: monitor.looks[k].describe(&s.events),
                cut_week: r.cut,
                enrolled: r.enrolled.0 + r.enrolled.1,
                data: std::iter::once(arm(label, r.arm, r.enrolled.0))
                    .chain(monitor.control_label.as_ref().zip(r.control).map(|(c, g)| arm(c, g, r.enrolled.1)))
                    .collect(),
                z: r.z,
                efficacy_bound: finite(b.efficacy),
                futility_bound: finite(b.futility),
                decision,
            });
        }
    }
    out
}

fn endpoint_analysis(
    s: &Scenario,
    c: &Comparison,
    trial: &TrialBuffer,
    outcome: &Outcome,
    scratch: &mut Scratch,
) -> EndpointAnalysis {
    let e = &s.endpoints[c.endpoint];
    let name = |a: usize| s.arms[a].name.clone();
    let mut out = EndpointAnalysis {
        name: e.name.clone(),
        arm: c.label(s).to_string(),
        control: c.control.map(name),
        test: e.test,
        alternative: e.alternative,
        alpha: e.alpha,
        data: Vec::new(),
        estimate: None,
        standard_error: None,
        df: None,
        statistic: None,
        p_value: (!outcome.p.is_nan()).then_some(outcome.p),
        intervals: Vec::new(),
        rejected: c.rule.rejects(outcome.p),
        early_stop: None,
        mmrm: None,
    };
    let randomised = |a: usize| (trial.arm_start[a + 1] - trial.arm_start[a]) as u32;
    match &e.kind {
        EndpointKind::Response { .. } | EndpointKind::ScoreResponse { .. } | EndpointKind::Sustained { .. } => {
            let arm_data = |a: usize, p: Proportion| ArmData {
                arm: name(a),
                randomised: randomised(a),
                analysed: p.denominator,
                responders: Some(p.responders),
                rate: (p.denominator > 0).then(|| p.responders as f64 / p.denominator as f64),
                ..ArmData::default()
            };
            if let Rule::Trend { scores, .. } = &c.rule {
                // Every arm, and the signed trend statistic.
                let counts: Vec<Proportion> = (0..s.arms.len()).map(|a| binary::read(e, trial, a)).collect();
                out.data = counts.iter().enumerate().map(|(a, &p)| arm_data(a, p)).collect();
                let x: Vec<u32> = counts.iter().map(|p| p.responders).collect();
                let n: Vec<u32> = counts.iter().map(|p| p.denominator).collect();
                out.statistic = cochran_armitage::statistic(&x, &n, scores).map(|value| Statistic { name: "z", value });
                return out;
            }
            let (x, y) = outcome.counts.expect("binary comparisons count responders");
            out.data.push(arm_data(c.arm, x));
            if let (Some(k), Some(y)) = (c.control, y) {
                out.data.push(arm_data(k, y));
            }
            binary_numbers(&mut out, e.margin_or_zero(), x, y);
            if let Rule::Simon(_) = c.rule {
                out.early_stop = Some(outcome.early_stop);
                out.p_value = None;
            }
            for spec in &c.intervals {
                let (first, second) = match (spec.arm == c.arm, y) {
                    (true, Some(y)) => (x, y),
                    (true, None) => (x, x),
                    (false, Some(y)) => (y, y),
                    (false, None) => unreachable!("single-arm intervals are of the arm"),
                };
                let (lo, hi) = spec.bounds(first.responders, first.denominator, second.responders, second.denominator);
                out.intervals.push(NamedInterval {
                    method: spec.method.as_str(),
                    confidence: trialsim_stats::CONFIDENCE,
                    estimand: if spec.method.is_difference() { "difference" } else { "rate" },
                    arm: name(spec.arm),
                    lo,
                    hi,
                });
            }
        }
        EndpointKind::Change { source, visit, area } => {
            let control = c.control.expect("validated: change endpoints compare arms");
            let arm_data = |a: usize, x: &SampleStats| continuous_data(name(a), randomised(a), x);
            let (x, y) = (
                change::read(e.strategy, *source, *visit, area.as_deref(), trial, c.arm),
                change::read(e.strategy, *source, *visit, area.as_deref(), trial, control),
            );
            out.data = vec![arm_data(c.arm, &x), arm_data(control, &y)];
            let every: Vec<SampleStats> = (0..s.arms.len())
                .map(|a| change::read(e.strategy, *source, *visit, area.as_deref(), trial, a))
                .collect();
            let level = trialsim_stats::CONFIDENCE;
            let t = match (&c.rule, e.test) {
                (Rule::Trend { scores, .. }, _) => {
                    out.data = every.iter().enumerate().map(|(a, x)| arm_data(a, x)).collect();
                    pooled_t::linear_trend(&every, scores, e.alternative, level)
                }
                (_, Test::PooledT) => {
                    pooled_t::pooled_variance(&every).and_then(|v| pooled_t::test(&x, &y, v, e.alternative, level))
                }
                (_, Test::Ancova) => trialsim_stats::ancova::test(&x, &y, e.alternative, level),
                (_, Test::Mmrm) => {
                    let (model, fitted) = scratch.mmrm.fit(c.endpoint, e, trial);
                    let options = e.mmrm.expect("validated: an MMRM endpoint has its options");
                    let t = fitted
                        .ok()
                        .and_then(|_| model.contrast(c.arm, control, visit.index, options.df, e.alternative, level));
                    let v = visit.index + 1;
                    out.mmrm = Some(MmrmFit {
                        covariance: options.covariance,
                        df: options.df,
                        used: fitted.ok().map(|f| f.covariance),
                        iterations: fitted.ok().map(|f| f.iterations),
                        reml: fitted.ok().map(|f| f.reml),
                        weeks: s.visits[1..=v].to_vec(),
                        sigma: model.sigma().map_or(Vec::new(), |m| m.chunks(v).map(<[f64]>::to_vec).collect()),
                    });
                    t
                }
                _ => trialsim_stats::welch::test(&x, &y, e.alternative, level),
            };
            if let Some(t) = t {
                out.estimate = Some(t.difference);
                out.standard_error = Some(t.se);
                out.df = Some(t.df);
                out.statistic = Some(Statistic { name: "t", value: t.t });
            }
            if let Some(d) = outcome.difference {
                out.intervals.push(NamedInterval {
                    method: e.test.as_str(),
                    confidence: trialsim_stats::CONFIDENCE,
                    estimand: if c.is_trend() { "slope" } else { "difference" },
                    arm: c.label(s).to_string(),
                    lo: d.interval.lo,
                    hi: d.interval.hi,
                });
            }
        }
        EndpointKind::TimeToEvent { event, horizon, subarms } => {
            let control = c.control.expect("validated: time-to-event endpoints compare arms");
            let (arm_name, control_name) = match subarms {
                Some(sc) => {
                    let r = &s.rerandomisations[sc.rerandomisation];
                    time_to_event::collect_subarm(trial, sc.rerandomisation, sc.arm, &mut scratch.arm);
                    time_to_event::collect_subarm(trial, sc.rerandomisation, sc.control, &mut scratch.control);
                    (r.subarms[sc.arm].name.clone(), r.subarms[sc.control].name.clone())
                }
                None => {
                    time_to_event::collect(trial, *event, c.arm, &mut scratch.arm);
                    time_to_event::collect(trial, *event, control, &mut scratch.control);
                    (name(c.arm), name(control))
                }
            };
            describe_times(&mut out, e, outcome, scratch, (arm_name, control_name), *horizon as f64);
        }
        EndpointKind::LevelTime { measure: LevelTime::WeeksIn, levels, weeks, .. } => {
            let control = c.control.expect("validated: times in the levels compare arms");
            let arm_data = |a: usize, x: &SampleStats| continuous_data(name(a), randomised(a), x);
            let (x, y) = (
                level_time::weeks_in(levels, weeks, trial, c.arm),
                level_time::weeks_in(levels, weeks, trial, control),
            );
            out.data = vec![arm_data(c.arm, &x), arm_data(control, &y)];
            let level = trialsim_stats::CONFIDENCE;
            let t = match e.test {
                Test::Ancova => trialsim_stats::ancova::test(&x, &y, e.alternative, level),
                _ => trialsim_stats::welch::test(&x, &y, e.alternative, level),
            };
            if let Some(t) = t {
                out.estimate = Some(t.difference);
                out.standard_error = Some(t.se);
                out.df = Some(t.df);
                out.statistic = Some(Statistic { name: "t", value: t.t });
                out.intervals.push(NamedInterval {
                    method: e.test.as_str(),
                    confidence: level,
                    estimand: "difference",
                    arm: name(c.arm),
                    lo: t.lo,
                    hi: t.hi,
                });
            }
        }
        EndpointKind::LevelTime { measure, levels, weeks, .. } => {
            let control = c.control.expect("validated: time-to-event endpoints compare arms");
            level_time::collect(*measure, levels, weeks, trial, c.arm, &mut scratch.arm);
            level_time::collect(*measure, levels, weeks, trial, control, &mut scratch.control);
            let h = level_time::horizon(*measure, weeks);
            describe_times(&mut out, e, outcome, scratch, (name(c.arm), name(control)), h);
        }
    }
    out
}

/// Estimate, standard error and statistic of a binary comparison.
fn binary_numbers(out: &mut EndpointAnalysis, margin: f64, x: Proportion, y: Option<Proportion>) {
    let rate = |p: Proportion| (p.denominator > 0).then(|| p.responders as f64 / p.denominator as f64);
    let wald = |p: f64, n: u32| p * (1.0 - p) / n as f64;
    match y {
        None => {
            out.estimate = rate(x);
            out.standard_error = out.estimate.map(|p| wald(p, x.denominator).sqrt());
            out.statistic = Some(Statistic { name: "responders", value: x.responders as f64 });
        }
        Some(y) => {
            let (Some(p1), Some(p2)) = (rate(x), rate(y)) else { return };
            out.estimate = Some(p1 - p2);
            out.standard_error = Some((wald(p1, x.denominator) + wald(p2, y.denominator)).sqrt());
            let (x1, n1, x2, n2) = (x.responders, x.denominator, y.responders, y.denominator);
            let delta = out.alternative.null_difference(margin);
            let statistic = match out.test {
                Test::ChiSquare => chi_square::statistic(x1, n1, x2, n2, false).map(|v| ("X-squared", v)),
                Test::ChiSquareYates => chi_square::statistic(x1, n1, x2, n2, true).map(|v| ("X-squared", v)),
                Test::ZPooled => z_test::pooled_statistic(x1, n1, x2, n2).map(|v| ("z", v)),
                Test::ZUnpooled => z_test::unpooled_statistic(x1, n1, x2, n2).map(|v| ("z", v)),
                Test::FarringtonManning | Test::MiettinenNurminen => {
                    score::statistic(x1, n1, x2, n2, delta, out.test == Test::MiettinenNurminen).map(|v| ("z", v))
                }
                _ => None,
            };
            out.statistic = statistic.map(|(name, value)| Statistic { name, value });
        }
    }
}

/// The data and test of a comparison of times to event whose sorted (time, event) pairs
/// are in `scratch.arm` and `scratch.control`, the Kaplan-Meier probabilities at `h`.
fn describe_times(
    out: &mut EndpointAnalysis,
    e: &Endpoint,
    outcome: &Outcome,
    scratch: &mut Scratch,
    (arm_name, control_name): (String, String),
    h: f64,
) {
    out.arm = arm_name.clone();
    out.control = Some(control_name.clone());
    let group = |who: String, d: &[(f64, bool)]| {
        let (f, _) = time_to_event::event_probability(d, h);
        ArmData {
            arm: who,
            randomised: d.len() as u32,
            analysed: d.len() as u32,
            events: Some(d.iter().filter(|(t, e)| *e && *t <= h).count() as u32),
            event_probability: Some(f),
            ..ArmData::default()
        }
    };
    out.data = vec![group(arm_name.clone(), &scratch.arm), group(control_name, &scratch.control)];
    let (f1, v1) = time_to_event::event_probability(&scratch.arm, h);
    let (f2, v2) = time_to_event::event_probability(&scratch.control, h);
    out.estimate = Some(f1 - f2);
    out.standard_error = Some((v1 + v2).sqrt());
    out.statistic = if e.test == Test::LogRank {
        scratch.subjects.clear();
        scratch.subjects.extend(scratch.arm.iter().map(|&(t, e)| (t, e, true)));
        scratch.subjects.extend(scratch.control.iter().map(|&(t, e)| (t, e, false)));
        log_rank::statistic(&mut scratch.subjects).map(|z| Statistic { name: "z", value: z })
    } else {
        let effective = |f: f64, v: f64, n: usize| if v > 0.0 { f * (1.0 - f) / v } else { n as f64 };
        let delta = e.alternative.null_difference(e.margin_or_zero());
        score::statistic_effective(
            f1,
            effective(f1, v1, scratch.arm.len()),
            f2,
            effective(f2, v2, scratch.control.len()),
            delta,
        )
        .map(|z| Statistic { name: "z", value: z })
    };
    if let Some(d) = outcome.difference {
        // The rate-difference test's inversion (at the test's level), then the Wald
        // interval; log-rank: the Wald interval alone.
        let methods: &[&'static str] =
            if d.wald.is_some() { &["kaplan-meier-score", "kaplan-meier"] } else { &["kaplan-meier"] };
        let test_level = if e.alternative == Alternative::TwoSided { 1.0 - e.alpha } else { 1.0 - 2.0 * e.alpha };
        let levels =
            [if d.wald.is_some() { test_level } else { trialsim_stats::CONFIDENCE }, trialsim_stats::CONFIDENCE];
        for ((method, i), confidence) in methods.iter().zip(std::iter::once(d.interval).chain(d.wald)).zip(levels) {
            out.intervals.push(NamedInterval {
                method,
                confidence,
                estimand: "difference",
                arm: arm_name.clone(),
                lo: i.lo,
                hi: i.hi,
            });
        }
    }
}

/// What one arm contributes to a continuous comparison: its mean and SD.
fn continuous_data(arm: String, randomised: u32, x: &SampleStats) -> ArmData {
    ArmData {
        arm,
        randomised,
        analysed: x.n,
        mean_change: (x.n > 0).then_some(x.mean_y),
        sd_change: (x.n > 1).then(|| (x.syy / (x.n - 1) as f64).sqrt()),
        ..ArmData::default()
    }
}
