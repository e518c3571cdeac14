//! What a run simulates and judges: the worlds (the scenario's and the null ones), every
//! comparison with the world its type-I error is measured in and the true values its
//! estimates are judged against, and the multiplicity family with its global null.

use super::null_world::{Truth, analysed_survival, null_world, partial_null_world, true_rate_null_world};
use super::sequential::SequentialPlan;
use crate::analysis::sequential::Monitor;
use crate::analysis::{Comparison, Method, comparisons};
use crate::model::{Model, World};
use crate::scenario::design::PartialNulls;
use crate::scenario::{EndpointKind, LevelTime, MultiplicityMethod, Scenario, Source};
use trialsim_stats::Alternative;

/// A comparison as the run judges it.
#[derive(Debug, Clone)]
pub struct Planned {
    pub comparison: Comparison,
    /// The null world its type-I error is measured in (`None`: skipped or not defined).
    pub null_world: Option<usize>,
    /// Response endpoints: the world where the arms' true rates (not the proportions the
    /// test analyses) sit on the null boundary; the same index as `null_world` where the
    /// two coincide.
    pub true_rate_null_world: Option<usize>,
    /// The value each of its intervals should cover: what the endpoint's analysis
    /// estimates (the rate times survival under non-responder imputation, the rate under
    /// complete case), or their difference.
    pub interval_truths: Vec<f64>,
    /// Change and time-to-event comparisons: how their estimated differences are tallied.
    pub difference: Option<DifferenceSpec>,
    /// Time-to-event comparisons: the true hazard ratio (the groups' cumulative hazards by
    /// the horizon, `-ln(1 - p)`, in proportion; constant in time when the groups share
    /// the event's Weibull shape). `None` when the shapes differ or the control has no
    /// hazard.
    pub hazard_ratio: Option<f64>,
}

/// The true difference of a change or time-to-event comparison and the width of the bins
/// its estimates are counted in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DifferenceSpec {
    /// `None` where the truth is not known in closed form (a change of the marker).
    pub truth: Option<f64>,
    pub bin: f64,
}

/// The multiplicity family: its comparisons in order and its global null world.
#[derive(Debug, Clone)]
pub struct Family {
    pub method: MultiplicityMethod,
    pub alpha: f64,
    /// Are its tests two-sided (Dunnett's procedures then bound `|z|`)? Those of its first
    /// endpoint.
    pub two_sided: bool,
    /// Indices into `Plan::comparisons`, in the family's order.
    pub members: Vec<usize>,
    /// The world where every hypothesis of the family is true.
    pub global_null: Option<usize>,
    /// Partial null configurations: some hypotheses true, the others as the scenario has
    /// them (as `[multiplicity] partial_nulls` asks).
    pub partial_nulls: Vec<PartialNull>,
}

/// A partial null configuration of the family and the world it is simulated in.
#[derive(Debug, Clone, PartialEq)]
pub struct PartialNull {
    /// Positions in `Family::members` of the hypotheses that are true.
    pub true_members: Vec<usize>,
    pub world: usize,
}

/// The worlds and comparisons of a run. World 0 is the scenario itself.
#[derive(Debug, Clone)]
pub struct Plan {
    pub worlds: Vec<World>,
    /// What each world assumes.
    pub truths: Vec<Truth>,
    pub comparisons: Vec<Planned>,
    pub family: Option<Family>,
    /// With looks: the monitored endpoint's group-sequential plan.
    pub sequential: Option<SequentialPlan>,
}

impl Plan {
    pub fn new(s: &Scenario, model: &Model, skip_type1: bool) -> Self {
        let mut plan = Plan {
            worlds: vec![model.actual.clone()],
            truths: vec![Truth::of(s)],
            comparisons: Vec::new(),
            family: None,
            sequential: None,
        };
        let mut null_of_endpoint = Vec::new();
        for e in 0..s.endpoints.len() {
            let world = if skip_type1 { None } else { null_world(s, model, &[e]).map(|w| plan.add_world(w, model)) };
            null_of_endpoint.push(world);
        }
        for comparison in comparisons(s) {
            if let Some((_, rule)) = &s.sequential
                && rule.endpoint == comparison.endpoint
            {
                let null_world = null_of_endpoint[comparison.endpoint];
                plan.sequential = Monitor::new(s).map(|monitor| SequentialPlan { monitor, null_world });
            }
            let interval_truths = interval_truths(s, model, &comparison);
            let difference = difference(s, model, &comparison);
            let null_world = null_of_endpoint[comparison.endpoint];
            let hazard_ratio = true_hazard_ratio(s, &comparison);
            plan.comparisons.push(Planned {
                comparison,
                null_world,
                true_rate_null_world: None,
                interval_truths,
                difference,
                hazard_ratio,
            });
        }
        if let Some(m) = &s.multiplicity {
            // In the family's order: by the family's endpoint order, then arm.
            let mut members = Vec::new();
            for &e in &m.endpoints {
                members.extend((0..plan.comparisons.len()).filter(|&i| plan.comparisons[i].comparison.endpoint == e));
            }
            let global_null =
                if skip_type1 { None } else { null_world(s, model, &m.endpoints).map(|w| plan.add_world(w, model)) };
            plan.family = Some(Family {
                method: m.method,
                alpha: m.alpha,
                two_sided: s.endpoints[m.endpoints[0]].alternative == Alternative::TwoSided,
                members,
                global_null,
                partial_nulls: Vec::new(),
            });
        }
        // Added last, so the worlds above keep their indices.
        if !skip_type1 {
            for e in 0..s.endpoints.len() {
                let Some(world) = true_rate_null_world(s, model, e).map(|w| plan.add_world(w, model)) else { continue };
                for planned in plan.comparisons.iter_mut().filter(|p| p.comparison.endpoint == e) {
                    planned.true_rate_null_world = Some(world);
                }
            }
        }
        if !skip_type1 && let Some(f) = &plan.family {
            // A trend's hypothesis is every compared arm's.
            let hypotheses: Vec<Vec<(usize, usize)>> = f
                .members
                .iter()
                .map(|&i| {
                    let c = &plan.comparisons[i].comparison;
                    c.arms(s).into_iter().map(|a| (c.endpoint, a)).collect()
                })
                .collect();
            let mut partial_nulls = Vec::new();
            let which = s.multiplicity.as_ref().map_or(PartialNulls::None, |m| m.partial_nulls);
            for true_members in configurations(hypotheses.len(), which) {
                let listed: Vec<(usize, usize)> = true_members.iter().flat_map(|&k| hypotheses[k].clone()).collect();
                if let Some(truth) = partial_null_world(s, model, &listed) {
                    partial_nulls.push(PartialNull { true_members, world: plan.add_world(truth, model) });
                }
            }
            plan.family.as_mut().expect("checked above").partial_nulls = partial_nulls;
        }
        plan
    }

    /// The index of a world with this truth, added if new.
    fn add_world(&mut self, truth: Truth, model: &Model) -> usize {
        let world = World::new(&truth.rates, &truth.changes, &truth.events, &model.values)
            .with_subarms(truth.subarms.clone())
            .with_shapes(truth.shapes.clone())
            .with_rescue_arms(truth.rescue_arms.clone());
        match self.worlds.iter().skip(1).position(|w| *w == world) {
            Some(i) => i + 1,
            None => {
                self.worlds.push(world);
                self.truths.push(truth);
                self.worlds.len() - 1
            }
        }
    }

    /// Is comparison `i` a member of the family?
    pub fn in_family(&self, i: usize) -> bool {
        self.family.as_ref().is_some_and(|f| f.members.contains(&i))
    }
}

/// The partial null configurations of `k` hypotheses, as sets of positions: each single
/// one, or every non-empty proper subset (by size, then in order), or none. A family of
/// one hypothesis has none (its only null is the global one).
pub fn configurations(k: usize, which: PartialNulls) -> Vec<Vec<usize>> {
    match which {
        _ if k < 2 => return Vec::new(),
        PartialNulls::None => return Vec::new(),
        PartialNulls::Single => return (0..k).map(|i| vec![i]).collect(),
        PartialNulls::All => {}
    }
    let mut subsets: Vec<Vec<usize>> =
        (1..(1usize << k) - 1).map(|bits| (0..k).filter(|i| bits >> i & 1 == 1).collect()).collect();
    subsets.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    subsets
}

/// What each interval of a response endpoint's comparison should cover.
fn interval_truths(s: &Scenario, model: &Model, c: &Comparison) -> Vec<f64> {
    let EndpointKind::Response { levels, visit, .. } = &s.endpoints[c.endpoint].kind else { return Vec::new() };
    // What the endpoint's analysis estimates in each arm: the rate among patients still in
    // the trial (complete case) or times the survival (non-responder imputation).
    let truth = |a: usize| {
        let rate: f64 = levels.iter().map(|&k| s.arms[a].rates[k][visit.index]).sum();
        rate * analysed_survival(s, model, c.endpoint, a)
    };
    c.intervals
        .iter()
        .map(|spec| match (spec.method, spec.control) {
            (Method::Newcombe | Method::MiettinenNurminen, Some(k)) => truth(spec.arm) - truth(k),
            _ => truth(spec.arm),
        })
        .collect()
}

/// The true difference and bin width of a change or time-to-event comparison.
/// The true hazard ratio of a time-to-event comparison: `ln(1 - p_arm) / ln(1 - p_control)`.
fn true_hazard_ratio(s: &Scenario, c: &Comparison) -> Option<f64> {
    let (p, q) = match &s.endpoints[c.endpoint].kind {
        EndpointKind::TimeToEvent { subarms: Some(sc), .. } => {
            let sub = &s.rerandomisations[sc.rerandomisation].subarms;
            (sub[sc.arm].probability, sub[sc.control].probability)
        }
        EndpointKind::TimeToEvent { event, .. } => {
            let control = c.control.expect("validated: time-to-event endpoints compare arms");
            if s.arms[c.arm].shapes[*event] != s.arms[control].shapes[*event] {
                return None;
            }
            (s.arms[c.arm].events[*event], s.arms[control].events[*event])
        }
        _ => return None,
    };
    (q > 0.0).then(|| (-p).ln_1p() / (-q).ln_1p())
}

fn difference(s: &Scenario, model: &Model, c: &Comparison) -> Option<DifferenceSpec> {
    match &s.endpoints[c.endpoint].kind {
        EndpointKind::TimeToEvent { event, subarms, .. } => {
            let truth = match subarms {
                Some(sc) => {
                    let sub = &s.rerandomisations[sc.rerandomisation].subarms;
                    sub[sc.arm].probability - sub[sc.control].probability
                }
                None => {
                    let control = c.control.expect("validated: time-to-event endpoints compare arms");
                    s.arms[c.arm].events[*event] - s.arms[control].events[*event]
                }
            };
            Some(DifferenceSpec { truth: Some(truth), bin: 1e-4 })
        }
        EndpointKind::Change { source, visit, area } => {
            let control = c.control.expect("validated: change endpoints compare arms");
            let j = visit.index;
            // The mean change at the visit, or time-averaged over the area's weeks (linear in
            // the visits' mean changes).
            let mean_of = |a: usize, k: usize| match area {
                None => s.arms[a].changes[k][j],
                Some(weeks) => crate::endpoint::change::time_averaged(weeks, |i| s.arms[a].changes[k][i]),
            };
            let (truth, spread) = match source {
                Source::Score(k) if c.is_trend() => {
                    let doses: Vec<f64> = s.arms.iter().map(|a| a.dose.unwrap_or(0.0)).collect();
                    let mean: Vec<f64> = (0..s.arms.len()).map(|a| mean_of(a, *k)).collect();
                    (Some(trend_slope(&expected_analysed(s, model, j), &doses, &mean)), {
                        s.arms.iter().map(|a| a.change_sd[*k]).fold(s.scores[*k].resolution.step(), f64::max)
                    })
                }
                Source::Score(k) => (
                    Some(mean_of(c.arm, *k) - mean_of(control, *k)),
                    s.arms.iter().map(|a| a.change_sd[*k]).fold(s.scores[*k].resolution.step(), f64::max),
                ),
                Source::Marker => (None, s.marker.baseline.median * s.marker.baseline.log_sd),
            };
            // After rescue the specified changes are not what the analysis estimates.
            let truth = truth.filter(|_| !s.rescue_affects(c.endpoint));
            Some(DifferenceSpec { truth, bin: spread / 1000.0 })
        }
        // The mean weeks in the levels: each visit's weeks times the share in them there.
        EndpointKind::LevelTime { measure: LevelTime::WeeksIn, levels, weeks, .. } => {
            let control = c.control.expect("validated: times in the levels compare arms");
            let mean = |a: usize| {
                let mut previous = 0;
                let mut total = 0.0;
                for (j, &w) in weeks.iter().enumerate() {
                    let rate: f64 = levels.iter().map(|&k| s.arms[a].rates[k][j]).sum();
                    total += (w - previous) as f64 * rate * model.survival[a][j];
                    previous = w;
                }
                total
            };
            let truth = Some(mean(c.arm) - mean(control)).filter(|_| !s.rescue_affects(c.endpoint));
            Some(DifferenceSpec { truth, bin: 1e-3 })
        }
        // Kaplan-Meier differences whose truth depends on the latent scores' correlation.
        EndpointKind::LevelTime { .. } => Some(DifferenceSpec { truth: None, bin: 1e-4 }),
        EndpointKind::Response { .. } | EndpointKind::ScoreResponse { .. } | EndpointKind::Sustained { .. } => None,
    }
}

/// The patients each arm is expected to have at post-baseline visit `j` (its size times the
/// probability of staying that long).
fn expected_analysed(s: &Scenario, model: &Model, j: usize) -> Vec<f64> {
    s.arms.iter().enumerate().map(|(a, arm)| arm.n as f64 * model.survival[a][j]).collect()
}

/// The slope the linear-trend contrast estimates: the regression of the arms' mean changes
/// on their doses, weighted by the patients analysed.
fn trend_slope(weights: &[f64], doses: &[f64], means: &[f64]) -> f64 {
    let total: f64 = weights.iter().sum();
    let centre = weights.iter().zip(doses).map(|(w, d)| w * d).sum::<f64>() / total;
    let spread: f64 = weights.iter().zip(doses).map(|(w, d)| w * (d - centre) * (d - centre)).sum();
    weights.iter().zip(doses).zip(means).map(|((w, d), m)| w * (d - centre) * m).sum::<f64>() / spread
}
