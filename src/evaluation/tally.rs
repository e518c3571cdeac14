//! Integer tallies over replicates: merged by addition, so the result does not depend
//! on how replicates were split between threads.

use super::histogram::RatioHistogram;
use super::intervals::IntervalTally;
use super::plan::{Comparison, Plan, Rule};
use super::values::ValueTally;
use crate::endpoint::{change, read_binary, response, time_to_event};
use crate::model::TrialBuffer;
use crate::scenario::{EndpointKind, Scenario};
use trialsim_stats::multiplicity::adjust;
use trialsim_stats::{Test, ancova, log_rank, welch};

/// Coverage the change endpoints' intervals are built for.
const LEVEL: f64 = 0.95;

/// What a change comparison adds up.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ContinuousTally {
    pub difference: ValueTally,
    pub interval: IntervalTally,
}

/// What the multiplicity family adds up.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct FamilyTally {
    /// Per member: replicates where it was rejected after adjustment.
    pub rejected: Vec<u64>,
    pub any: u64,
    pub all: u64,
    /// Replicates of the global null with at least one rejection.
    pub null_any: u64,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Tally {
    pub replicates: u64,
    /// Per comparison: replicates whose test rejected.
    pub rejections: Vec<u64>,
    /// Per comparison: rejections in its null world.
    pub null_rejections: Vec<u64>,
    /// Per comparison with a two-stage rule: early stops, in the actual and the null world.
    pub early_stops: Vec<u64>,
    pub null_early_stops: Vec<u64>,
    /// Per comparison and interval of its plan: coverage and widths.
    pub intervals: Vec<Vec<IntervalTally>>,
    /// Per comparison: the change endpoints' mean differences and intervals.
    pub continuous: Vec<Option<ContinuousTally>>,
    /// `endpoint_rates[e * arms + a]`: observed rate of arm a for binary endpoint e.
    pub endpoint_rates: Vec<RatioHistogram>,
    /// `mean_changes[e * arms + a]`: mean change of arm a for change endpoint e.
    pub mean_changes: Vec<Option<ValueTally>>,
    /// `level_rates[(a * visits + j) * levels + k]`: share of the patients still in the
    /// trial who are in level k at visit j.
    pub level_rates: Vec<RatioHistogram>,
    pub family: Option<FamilyTally>,
    // Scratch space (not results): p-values of this replicate, the family's decisions.
    #[serde(skip)]
    p: Vec<f64>,
    #[serde(skip)]
    family_p: Vec<f64>,
    #[serde(skip)]
    family_rejected: Vec<bool>,
    #[serde(skip)]
    family_order: Vec<usize>,
    /// Per comparison of sub-arms: their Kaplan-Meier event probabilities.
    pub subarm_probabilities: Vec<Vec<ValueTally>>,
    #[serde(skip)]
    subjects: Vec<log_rank::Subject>,
    #[serde(skip)]
    km_arm: Vec<(f64, bool)>,
    #[serde(skip)]
    km_control: Vec<(f64, bool)>,
}

fn bin_of(c: &Comparison) -> Option<f64> {
    match c.rule {
        Rule::Continuous { bin, .. } | Rule::TimeToEvent { bin, .. } => Some(bin),
        Rule::Binary(_) | Rule::Simon(_) => None,
    }
}

impl Tally {
    pub fn new(s: &Scenario, plan: &Plan) -> Self {
        let visits = s.visits.len() - 1;
        let arms = s.arms.len();
        let mut endpoint_rates = Vec::new();
        let mut mean_changes = Vec::new();
        for (e, _) in s.endpoints.iter().enumerate() {
            let bin = plan.comparisons.iter().find(|c| c.endpoint == e).and_then(bin_of);
            for a in &s.arms {
                // A continuous endpoint has no rates: an empty histogram.
                endpoint_rates.push(RatioHistogram::new(if bin.is_some() { 0 } else { a.n }));
                mean_changes.push(bin.map(ValueTally::new));
            }
        }
        let mut level_rates = Vec::new();
        for a in &s.arms {
            for _ in 0..visits * s.levels.len() {
                level_rates.push(RatioHistogram::new(a.n));
            }
        }
        let n = plan.comparisons.len();
        let members = plan.family.as_ref().map_or(0, |f| f.members.len());
        let _ = arms;
        Tally {
            replicates: 0,
            rejections: vec![0; n],
            null_rejections: vec![0; n],
            early_stops: vec![0; n],
            null_early_stops: vec![0; n],
            intervals: plan.comparisons.iter().map(|c| vec![IntervalTally::default(); c.intervals.len()]).collect(),
            continuous: plan
                .comparisons
                .iter()
                .map(|c| {
                    bin_of(c)
                        .map(|b| ContinuousTally { difference: ValueTally::new(b), interval: IntervalTally::default() })
                })
                .collect(),
            endpoint_rates,
            mean_changes,
            level_rates,
            family: plan
                .family
                .as_ref()
                .map(|f| FamilyTally { rejected: vec![0; f.members.len()], ..Default::default() }),
            p: vec![f64::NAN; n],
            family_p: vec![f64::NAN; members],
            family_rejected: vec![false; members],
            family_order: vec![0; members],
            subarm_probabilities: plan
                .comparisons
                .iter()
                .map(|c| match c.rule {
                    Rule::TimeToEvent { subarms: Some(_), bin, .. } => vec![ValueTally::new(bin), ValueTally::new(bin)],
                    _ => Vec::new(),
                })
                .collect(),
            subjects: Vec::new(),
            km_arm: Vec::new(),
            km_control: Vec::new(),
        }
    }

    /// Record a trial simulated in world `world`.
    pub fn record(&mut self, s: &Scenario, plan: &Plan, world: usize, trial: &TrialBuffer) {
        let actual = world == 0;
        let global_null = plan.family.as_ref().and_then(|f| f.global_null) == Some(world);
        for (i, c) in plan.comparisons.iter().enumerate() {
            let in_family = global_null && plan.family.as_ref().is_some_and(|f| f.members.contains(&i));
            if !actual && c.null_world != Some(world) && !in_family {
                continue;
            }
            let (p, early) = self.compare(s, i, c, trial, actual);
            self.p[i] = p;
            let rejected = (p <= c.rule.alpha()) as u64;
            if actual {
                self.rejections[i] += rejected;
                self.early_stops[i] += early as u64;
            }
            if c.null_world == Some(world) && !actual {
                self.null_rejections[i] += rejected;
                self.null_early_stops[i] += early as u64;
            }
        }
        if let Some(f) = &plan.family
            && (actual || global_null)
        {
            {
                for (k, &i) in f.members.iter().enumerate() {
                    self.family_p[k] = self.p[i];
                }
                adjust(f.method, f.alpha, &self.family_p, &mut self.family_rejected, &mut self.family_order);
                let tally = self.family.as_mut().expect("a family has a tally");
                let any = self.family_rejected.iter().any(|&r| r) as u64;
                if actual {
                    for (k, &r) in self.family_rejected.iter().enumerate() {
                        tally.rejected[k] += r as u64;
                    }
                    tally.any += any;
                    tally.all += self.family_rejected.iter().all(|&r| r) as u64;
                }
                if global_null {
                    tally.null_any += any;
                }
            }
        }
        if !actual {
            return;
        }
        self.replicates += 1;
        let arms = s.arms.len();
        for (e, endpoint) in s.endpoints.iter().enumerate() {
            for a in 0..arms {
                match endpoint.kind {
                    EndpointKind::TimeToEvent(k) => {
                        time_to_event::collect(trial, k, a, &mut self.km_arm);
                        let (f, _) = time_to_event::event_probability(&self.km_arm, endpoint.week as f64);
                        if let Some(t) = self.mean_changes[e * arms + a].as_mut() {
                            t.add(f);
                        }
                    }
                    EndpointKind::Change(source) => {
                        let stats = change::read(endpoint, source, trial, a);
                        if let (Some(t), true) = (self.mean_changes[e * arms + a].as_mut(), stats.n > 0) {
                            t.add(stats.mean_y);
                        }
                    }
                    _ => {
                        let x = read_binary(endpoint, trial, a);
                        self.endpoint_rates[e * arms + a].add(x.responders, x.denominator);
                    }
                }
            }
        }
        let levels = s.levels.len();
        let visits = trial.visits();
        for a in 0..arms {
            for j in 0..visits {
                let observed = trial.observed(a, j);
                for k in 0..levels {
                    self.level_rates[(a * visits + j) * levels + k].add(trial.count(a, j, k), observed);
                }
            }
        }
    }

    /// The p-value of comparison i (NaN when undefined) and whether a two-stage rule
    /// stopped early; in the actual world also its intervals and estimates.
    fn compare(&mut self, s: &Scenario, i: usize, c: &Comparison, trial: &TrialBuffer, actual: bool) -> (f64, bool) {
        let endpoint = &s.endpoints[c.endpoint];
        if let Rule::Simon(rule) = &c.rule {
            let start = trial.arm_start[c.arm];
            let first = response::responders_among(endpoint, trial, start, start + rule.n1 as usize);
            let rest =
                response::responders_among(endpoint, trial, start + rule.n1 as usize, trial.arm_start[c.arm + 1]);
            let early = first <= rule.r1;
            let active = !early && first + rest > rule.r;
            return (if active { 0.0 } else { 1.0 }, early);
        }
        let p = match (&c.rule, &endpoint.kind) {
            (Rule::Continuous { test, alternative, truth, .. }, EndpointKind::Change(source)) => {
                let control = c.control.expect("change endpoints are parallel");
                let x = change::read(endpoint, *source, trial, c.arm);
                let y = change::read(endpoint, *source, trial, control);
                let estimate = match test {
                    Test::Ancova => ancova::test(&x, &y, *alternative, LEVEL),
                    _ => welch::test(&x, &y, *alternative, LEVEL),
                };
                if actual && let (Some(t), Some(e)) = (self.continuous[i].as_mut(), estimate) {
                    t.difference.add(e.difference);
                    if let Some(truth) = truth {
                        t.interval.add((e.lo, e.hi), *truth);
                    }
                }
                estimate.map_or(f64::NAN, |e| e.p)
            }
            (Rule::Binary(decision), _) => {
                let x = read_binary(endpoint, trial, c.arm);
                let y = c.control.map(|k| read_binary(endpoint, trial, k));
                if actual {
                    for (spec, tally) in c.intervals.iter().zip(self.intervals[i].iter_mut()) {
                        let (first, second) = match (spec.arm == c.arm, y) {
                            (true, Some(y)) => (x, y),
                            (true, None) => (x, x),
                            (false, Some(y)) => (y, y),
                            (false, None) => unreachable!("single-arm intervals are of the arm"),
                        };
                        let bounds =
                            spec.bounds(first.responders, first.denominator, second.responders, second.denominator);
                        tally.add(bounds, spec.truth);
                    }
                }
                match y {
                    Some(y) => decision.p_two(x.responders, x.denominator, y.responders, y.denominator),
                    None => decision.p_one(x.responders, x.denominator),
                }
            }
            (Rule::TimeToEvent { test, alternative, margin, event, truth, subarms, .. }, _) => {
                let control = c.control.expect("time-to-event endpoints are parallel");
                let horizon = endpoint.week as f64;
                match subarms {
                    Some(sc) => {
                        time_to_event::collect_subarm(trial, sc.rerandomisation, sc.arm, &mut self.km_arm);
                        time_to_event::collect_subarm(trial, sc.rerandomisation, sc.control, &mut self.km_control);
                    }
                    None => {
                        time_to_event::collect(trial, *event, c.arm, &mut self.km_arm);
                        time_to_event::collect(trial, *event, control, &mut self.km_control);
                    }
                }
                let (f1, v1) = time_to_event::event_probability(&self.km_arm, horizon);
                let (f2, v2) = time_to_event::event_probability(&self.km_control, horizon);
                let (n1, n2) = (self.km_arm.len() as f64, self.km_control.len() as f64);
                let se = (v1 + v2).sqrt();
                if actual && let Some(t) = self.continuous[i].as_mut() {
                    if subarms.is_some() {
                        self.subarm_probabilities[i][0].add(f1);
                        self.subarm_probabilities[i][1].add(f2);
                    }
                    t.difference.add(f1 - f2);
                    let z = trialsim_stats::special::normal_quantile(0.5 + LEVEL / 2.0);
                    t.interval.add((f1 - f2 - z * se, f1 - f2 + z * se), *truth);
                }
                let p = if *test == Test::LogRank {
                    self.subjects.clear();
                    self.subjects.extend(self.km_arm.iter().map(|&(t, e)| (t, e, true)));
                    self.subjects.extend(self.km_control.iter().map(|&(t, e)| (t, e, false)));
                    log_rank::p_value(&mut self.subjects, *alternative)
                } else {
                    // A score statistic with the variance under the null boundary, on the
                    // Greenwood effective sample sizes F (1 - F) / var (the Wald statistic
                    // with Greenwood's variance is anticonservative at small probabilities).
                    let effective = |f: f64, v: f64, n: f64| if v > 0.0 { f * (1.0 - f) / v } else { n };
                    let delta = alternative.null_difference(*margin);
                    trialsim_stats::score::statistic_effective(
                        f1,
                        effective(f1, v1, n1),
                        f2,
                        effective(f2, v2, n2),
                        delta,
                    )
                    .map(|z| trialsim_stats::special::z_p_value(z, *alternative))
                };
                p.unwrap_or(f64::NAN)
            }
            (Rule::Continuous { .. }, _) => unreachable!("continuous rules belong to change endpoints"),
            (Rule::Simon(_), _) => unreachable!("handled above"),
        };
        (p, false)
    }

    pub fn merge(mut self, other: Tally) -> Tally {
        self.replicates += other.replicates;
        for (a, b) in self.rejections.iter_mut().zip(&other.rejections) {
            *a += b;
        }
        for (a, b) in self.null_rejections.iter_mut().zip(&other.null_rejections) {
            *a += b;
        }
        for (a, b) in self.early_stops.iter_mut().zip(&other.early_stops) {
            *a += b;
        }
        for (a, b) in self.null_early_stops.iter_mut().zip(&other.null_early_stops) {
            *a += b;
        }
        for (mine, theirs) in self.intervals.iter_mut().zip(&other.intervals) {
            for (a, b) in mine.iter_mut().zip(theirs) {
                a.merge(b);
            }
        }
        for (a, b) in self.continuous.iter_mut().zip(&other.continuous) {
            if let (Some(a), Some(b)) = (a, b) {
                a.difference.merge(&b.difference);
                a.interval.merge(&b.interval);
            }
        }
        for (a, b) in self.endpoint_rates.iter_mut().zip(&other.endpoint_rates) {
            a.merge(b);
        }
        for (mine, theirs) in self.subarm_probabilities.iter_mut().zip(&other.subarm_probabilities) {
            for (a, b) in mine.iter_mut().zip(theirs) {
                a.merge(b);
            }
        }
        for (a, b) in self.mean_changes.iter_mut().zip(&other.mean_changes) {
            if let (Some(a), Some(b)) = (a, b) {
                a.merge(b);
            }
        }
        for (a, b) in self.level_rates.iter_mut().zip(&other.level_rates) {
            a.merge(b);
        }
        if let (Some(a), Some(b)) = (self.family.as_mut(), &other.family) {
            for (x, y) in a.rejected.iter_mut().zip(&b.rejected) {
                *x += y;
            }
            a.any += b.any;
            a.all += b.all;
            a.null_any += b.null_any;
        }
        self
    }
}
