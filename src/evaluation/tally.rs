//! Integer tallies over replicates: merged by addition, so the result does not depend on
//! how replicates were split between threads, shards or batches. A tally holds results
//! only; the buffers a replicate needs travel beside it ([`Workspace`]).

use super::histogram::RatioHistogram;
use super::interval_tally::IntervalTally;
use super::plan::Plan;
use super::sequential::SequentialTally;
use super::values::ValueTally;
use crate::analysis::hazard_ratio::{events, hazard_ratio};
use crate::analysis::{JointLevels, Scratch, Sizes, analyse};
use crate::endpoint::{binary, change, level_time, time_to_event};
use crate::model::{Model, TrialBuffer, stream};
use crate::scenario::{EndpointKind, LevelTime, Scenario};
use rand_chacha::ChaCha8Rng;
use trialsim_stats::multiplicity::adjust;
use trialsim_stats::{Test, Z_CONFIDENCE};

/// What a change or time-to-event comparison adds up: its estimated differences and the
/// coverage of their intervals (those of the comparison's `difference_intervals`, in order).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ContinuousTally {
    pub difference: ValueTally,
    pub intervals: Vec<IntervalTally>,
}

/// What a time-to-event comparison's hazard ratios add up: Cox's log hazard ratios and
/// their Wald intervals' coverage of the true one.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HazardRatioTally {
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
    /// Per partial null configuration: replicates rejecting at least one true hypothesis.
    pub partial_errors: Vec<u64>,
    /// Per pair of members `(k, l)`, `k < l`, in order: global-null replicates whose two
    /// p-values fall on the same side of 1/2 (their quadrant correlation).
    pub same_side: Vec<u64>,
}

/// Per endpoint with several entries: replicates rejecting at least one and every one of
/// its comparisons (after the family's adjustment where they are members).
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct JointTally {
    pub any: u64,
    pub all: u64,
}

/// Everything a run counts.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Tally {
    pub replicates: u64,
    /// Per comparison: replicates whose test rejected.
    pub rejections: Vec<u64>,
    /// Per comparison: rejections in its null world.
    pub null_rejections: Vec<u64>,
    /// Per comparison of a response endpoint: rejections in its true-rate null world.
    pub true_rate_null_rejections: Vec<u64>,
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
    /// Per endpoint: its comparisons jointly (`None` for endpoints with one entry).
    #[serde(default)]
    pub joint: Vec<Option<JointTally>>,
    /// Per comparison of sub-arms: their Kaplan-Meier event probabilities.
    pub subarm_probabilities: Vec<Vec<ValueTally>>,
    /// Per time-to-event comparison: the Cox log hazard ratios and their Wald intervals'
    /// coverage of the true one.
    pub hazard_ratios: Vec<Option<HazardRatioTally>>,
    /// Per time-to-event comparison: events in the compared group, in the control, in both.
    pub events: Vec<Vec<ValueTally>>,
    /// With `[accrual]`: the calendar week of the last patient's entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accrual: Option<ValueTally>,
    /// With looks: the monitored endpoint's stops under the scenario, then its null twin.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sequential: Vec<SequentialTally>,
    /// With MMRM endpoints, per comparison (`None` for others): the fits per covariance
    /// structure used and the failures, in the scenario and in its null world.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mmrm_fits: Vec<Option<FitTally>>,
    /// With `[[rescue]]` or informative dropout: `intercurrent[(a * visits + j) * 2]` the patients of arm a whose
    /// visit j comes after rescue, `+ 1` those without a value there (dropped out), summed
    /// over the scenario's replicates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub intercurrent: Vec<u64>,
}

/// How an MMRM comparison's fits went: per world (the scenario, its null twin) the trials
/// fitted with each structure of [`STRUCTURES`](crate::analysis::mmrm::STRUCTURES) and those not fitted at all.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct FitTally {
    pub actual: [u64; 4],
    pub null: [u64; 4],
}

/// Bin width of tallied entry weeks.
pub const ENTRY_WEEK_BIN: f64 = 1e-3;

/// Bin width of tallied log hazard ratios.
const LOG_HAZARD_RATIO_BIN: f64 = 1e-3;

/// What one worker thread reuses from replicate to replicate: the simulated trial, its
/// random stream, the analysis's buffers, this replicate's p-values and the family's
/// decisions.
pub struct Workspace {
    pub trial: TrialBuffer,
    pub rng: ChaCha8Rng,
    pub scratch: Scratch,
    p: Vec<f64>,
    /// This replicate's decisions per comparison, unadjusted, then adjusted for members.
    decided: Vec<bool>,
    /// This replicate's analysed sizes per comparison (those Dunnett's procedures adjust).
    sizes: Vec<Option<Sizes>>,
    family_p: Vec<f64>,
    family_sizes: Vec<Sizes>,
    joint: JointLevels,
    family_rejected: Vec<bool>,
    family_order: Vec<usize>,
    /// One number per patient, for finding the cut of a look.
    cut_scratch: crate::analysis::sequential::LookScratch,
    /// Efficacy bounds at observed information met so far.
    bound_cache: crate::analysis::sequential::BoundCache,
}

impl Workspace {
    pub fn new(s: &Scenario, model: &Model, plan: &Plan, seed: u64) -> Self {
        let members = plan.family.as_ref().map_or(0, |f| f.members.len());
        let trial = TrialBuffer::new(model);
        // Nothing a run tallies reads the marker's values unless an endpoint does.
        // (A rescue started by a value keeps them: see `TrialBuffer::without_values`.)
        let trial = if s.endpoints.iter().any(|e| e.reads_marker_values()) { trial } else { trial.without_values() };
        Workspace {
            trial,
            rng: stream::generator(seed),
            scratch: Scratch::default(),
            p: vec![f64::NAN; plan.comparisons.len()],
            sizes: vec![None; plan.comparisons.len()],
            decided: vec![false; plan.comparisons.len()],
            family_p: vec![f64::NAN; members],
            family_sizes: Vec::with_capacity(members),
            joint: JointLevels::default(),
            family_rejected: vec![false; members],
            family_order: vec![0; members],
            cut_scratch: Default::default(),
            bound_cache: Default::default(),
        }
    }
}

impl Tally {
    pub fn new(s: &Scenario, plan: &Plan) -> Self {
        let visits = s.visits.len() - 1;
        let mut endpoint_rates = Vec::new();
        let mut mean_changes = Vec::new();
        for (e, endpoint) in s.endpoints.iter().enumerate() {
            let bin =
                plan.comparisons.iter().find(|c| c.comparison.endpoint == e).and_then(|c| c.difference).map(|d| d.bin);
            for a in &s.arms {
                // A continuous endpoint has no rates: an empty histogram.
                endpoint_rates.push(RatioHistogram::new(if endpoint.is_binary() { a.n } else { 0 }));
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
        Tally {
            replicates: 0,
            rejections: vec![0; n],
            null_rejections: vec![0; n],
            true_rate_null_rejections: vec![0; n],
            early_stops: vec![0; n],
            null_early_stops: vec![0; n],
            intervals: plan
                .comparisons
                .iter()
                .map(|c| vec![IntervalTally::default(); c.comparison.intervals.len()])
                .collect(),
            continuous: plan
                .comparisons
                .iter()
                .map(|c| {
                    c.difference.map(|d| ContinuousTally {
                        difference: ValueTally::new(d.bin),
                        intervals: vec![IntervalTally::default(); c.comparison.difference_intervals.len()],
                    })
                })
                .collect(),
            endpoint_rates,
            mean_changes,
            level_rates,
            family: plan.family.as_ref().map(|f| FamilyTally {
                rejected: vec![0; f.members.len()],
                partial_errors: vec![0; f.partial_nulls.len()],
                same_side: vec![0; f.members.len() * f.members.len().saturating_sub(1) / 2],
                ..Default::default()
            }),
            joint: (0..s.endpoints.len())
                .map(|e| {
                    (plan.comparisons.iter().filter(|c| c.comparison.endpoint == e).count() > 1)
                        .then(JointTally::default)
                })
                .collect(),
            hazard_ratios: plan
                .comparisons
                .iter()
                .map(|c| {
                    matches!(s.endpoints[c.comparison.endpoint].kind, EndpointKind::TimeToEvent { .. }).then(|| {
                        HazardRatioTally {
                            difference: ValueTally::new(LOG_HAZARD_RATIO_BIN),
                            interval: IntervalTally::default(),
                        }
                    })
                })
                .collect(),
            accrual: s.accrual.as_ref().map(|_| ValueTally::new(ENTRY_WEEK_BIN)),
            intercurrent: if s.rescues.is_empty() && s.arms.iter().all(|a| a.informative_dropout == 0.0) {
                Vec::new()
            } else {
                vec![0; s.arms.len() * (s.visits.len() - 1) * 2]
            },
            mmrm_fits: if s.endpoints.iter().any(|e| e.test == Test::Mmrm) {
                plan.comparisons
                    .iter()
                    .map(|c| (s.endpoints[c.comparison.endpoint].test == Test::Mmrm).then(FitTally::default))
                    .collect()
            } else {
                Vec::new()
            },
            sequential: plan.sequential.as_ref().map_or(Vec::new(), |p| {
                let worlds = if p.null_world.is_some() { 2 } else { 1 };
                vec![SequentialTally::new(p.monitor.looks.len(), p.monitor.arms.len()); worlds]
            }),
            events: plan
                .comparisons
                .iter()
                .map(|c| match s.endpoints[c.comparison.endpoint].kind {
                    EndpointKind::TimeToEvent { .. } => vec![ValueTally::new(1.0); 3],
                    _ => Vec::new(),
                })
                .collect(),
            subarm_probabilities: plan
                .comparisons
                .iter()
                .map(|c| match (&s.endpoints[c.comparison.endpoint].kind, c.difference) {
                    (EndpointKind::TimeToEvent { subarms: Some(_), .. }, Some(d)) => {
                        vec![ValueTally::new(d.bin), ValueTally::new(d.bin)]
                    }
                    _ => Vec::new(),
                })
                .collect(),
        }
    }

    /// Record the trial in `ws`, simulated in world `world`.
    pub fn record(&mut self, s: &Scenario, plan: &Plan, world: usize, ws: &mut Workspace) {
        let actual = world == 0;
        let global_null = plan.family.as_ref().and_then(|f| f.global_null) == Some(world);
        let partial_null =
            !actual && plan.family.as_ref().is_some_and(|f| f.partial_nulls.iter().any(|p| p.world == world));
        for (i, planned) in plan.comparisons.iter().enumerate() {
            let c = &planned.comparison;
            let null = planned.null_world == Some(world) && !actual;
            let true_rate_null = planned.true_rate_null_world == Some(world) && !actual;
            if !(actual || null || true_rate_null || (global_null || partial_null) && plan.in_family(i)) {
                continue;
            }
            let outcome = analyse(c, &s.endpoints[c.endpoint], &ws.trial, &mut ws.scratch);
            ws.p[i] = outcome.p;
            ws.sizes[i] = outcome.sizes;
            let rejected = c.rule.rejects(outcome.p) as u64;
            ws.decided[i] = rejected == 1;
            if null {
                self.null_rejections[i] += rejected;
                self.null_early_stops[i] += outcome.early_stop as u64;
            }
            if let (Some(fit), Some(Some(t))) = (outcome.fit, self.mmrm_fits.get_mut(i)) {
                if actual {
                    t.actual[fit.slot()] += 1;
                } else if null {
                    t.null[fit.slot()] += 1;
                }
            }
            if true_rate_null {
                self.true_rate_null_rejections[i] += rejected;
            }
            if !actual {
                continue;
            }
            self.rejections[i] += rejected;
            self.early_stops[i] += outcome.early_stop as u64;
            if let Some((x, y)) = outcome.counts {
                for ((spec, truth), tally) in
                    c.intervals.iter().zip(&planned.interval_truths).zip(&mut self.intervals[i])
                {
                    let (first, second) = match (spec.arm == c.arm, y) {
                        (true, Some(y)) => (x, y),
                        (true, None) => (x, x),
                        (false, Some(y)) => (y, y),
                        (false, None) => unreachable!("single-arm intervals are of the arm"),
                    };
                    tally.add(
                        spec.bounds(first.responders, first.denominator, second.responders, second.denominator),
                        *truth,
                    );
                }
            }
            if let (Some(t), Some(d), Some(spec)) =
                (self.continuous[i].as_mut(), outcome.difference, planned.difference)
            {
                t.difference.add(d.estimate);
                if let Some(truth) = spec.truth {
                    for (tally, interval) in t.intervals.iter_mut().zip(d.intervals()) {
                        tally.add((interval.lo, interval.hi), truth);
                    }
                }
            }
            if let (Some((f1, f2)), [arm, control]) =
                (outcome.event_probabilities, &mut self.subarm_probabilities[i][..])
            {
                arm.add(f1);
                control.add(f2);
            }
            if let [arm, control, both] = &mut self.events[i][..] {
                let (x, y) = (events(&ws.scratch.arm) as f64, events(&ws.scratch.control) as f64);
                arm.add(x);
                control.add(y);
                both.add(x + y);
            }
            if let Some(t) = self.hazard_ratios[i].as_mut()
                && let Some(fit) = hazard_ratio(&mut ws.scratch)
            {
                t.difference.add(fit.log_hazard_ratio);
                let half = Z_CONFIDENCE * fit.se;
                // Without a constant true ratio (the groups' shapes differ) nothing is covered.
                let truth = planned.hazard_ratio.map_or(f64::NAN, f64::ln);
                t.interval.add((fit.log_hazard_ratio - half, fit.log_hazard_ratio + half), truth);
            }
        }
        if let Some(f) = &plan.family
            && (actual || global_null || partial_null)
        {
            ws.family_sizes.clear();
            for (k, &i) in f.members.iter().enumerate() {
                ws.family_p[k] = ws.p[i];
                ws.family_sizes.extend(ws.sizes[i]);
            }
            let (joint, sizes, two_sided) = (&mut ws.joint, &ws.family_sizes, f.two_sided);
            let mut level = |members: u64| joint.level(f.alpha, sizes, two_sided, members);
            adjust(f.method, f.alpha, &ws.family_p, &mut ws.family_rejected, &mut ws.family_order, &mut level);
            let tally = self.family.as_mut().expect("a family has a tally");
            let any = ws.family_rejected.iter().any(|&r| r) as u64;
            if actual {
                for (k, &r) in ws.family_rejected.iter().enumerate() {
                    tally.rejected[k] += r as u64;
                    ws.decided[f.members[k]] = r;
                }
                tally.any += any;
                tally.all += ws.family_rejected.iter().all(|&r| r) as u64;
            }
            if global_null {
                tally.null_any += any;
                let mut pair = 0;
                for k in 0..f.members.len() {
                    for l in k + 1..f.members.len() {
                        tally.same_side[pair] += ((ws.family_p[k] <= 0.5) == (ws.family_p[l] <= 0.5)) as u64;
                        pair += 1;
                    }
                }
            }
            for (c, p) in f.partial_nulls.iter().enumerate() {
                if p.world == world {
                    tally.partial_errors[c] += p.true_members.iter().any(|&k| ws.family_rejected[k]) as u64;
                }
            }
        }
        if let Some(p) = &plan.sequential {
            let at = if actual { Some(0) } else { (p.null_world == Some(world)).then_some(1) };
            if let Some(at) = at {
                let stop = p.monitor.run(&ws.trial, &mut ws.cut_scratch, &mut ws.bound_cache);
                self.sequential[at].add(stop, &ws.cut_scratch.stops);
            }
        }
        if actual {
            for (e, joint) in self.joint.iter_mut().enumerate() {
                let Some(joint) = joint else { continue };
                let (mut any, mut all) = (false, true);
                for (c, &r) in plan.comparisons.iter().zip(&ws.decided) {
                    if c.comparison.endpoint == e {
                        any |= r;
                        all &= r;
                    }
                }
                joint.any += any as u64;
                joint.all += all as u64;
            }
            self.observe(s, &ws.trial, &mut ws.scratch);
        }
    }

    /// The scenario's world: each arm's observed rates, mean changes, event probabilities
    /// and level rates.
    fn observe(&mut self, s: &Scenario, trial: &TrialBuffer, scratch: &mut Scratch) {
        self.replicates += 1;
        if let Some(accrual) = &mut self.accrual {
            accrual.add(trial.entry.iter().copied().fold(0.0, f64::max));
        }
        let arms = s.arms.len();
        for (e, endpoint) in s.endpoints.iter().enumerate() {
            for a in 0..arms {
                match &endpoint.kind {
                    EndpointKind::TimeToEvent { event, horizon, .. } => {
                        let sorted = scratch.sorted.get(trial, *event, a);
                        let (f, _) = time_to_event::event_probability(sorted, *horizon as f64);
                        if let Some(t) = self.mean_changes[e * arms + a].as_mut() {
                            t.add(f);
                        }
                    }
                    EndpointKind::LevelTime { measure: LevelTime::WeeksIn, levels, weeks, .. } => {
                        let stats = level_time::weeks_in(levels, weeks, trial, a);
                        if let (Some(t), true) = (self.mean_changes[e * arms + a].as_mut(), stats.n > 0) {
                            t.add(stats.mean_y);
                        }
                    }
                    EndpointKind::LevelTime { measure, levels, weeks, .. } => {
                        level_time::collect(*measure, levels, weeks, trial, a, &mut scratch.arm);
                        let (f, _) =
                            time_to_event::event_probability(&scratch.arm, level_time::horizon(*measure, weeks));
                        if let Some(t) = self.mean_changes[e * arms + a].as_mut() {
                            t.add(f);
                        }
                    }
                    EndpointKind::Change { source, visit, area } => {
                        let stats = change::read(endpoint.strategy, *source, *visit, area.as_deref(), trial, a);
                        if let (Some(t), true) = (self.mean_changes[e * arms + a].as_mut(), stats.n > 0) {
                            t.add(stats.mean_y);
                        }
                    }
                    EndpointKind::Response { .. }
                    | EndpointKind::ScoreResponse { .. }
                    | EndpointKind::Sustained { .. } => {
                        let x = binary::read(endpoint, trial, a);
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
        if !self.intercurrent.is_empty() {
            for a in 0..arms {
                for p in trial.arm_start[a]..trial.arm_start[a + 1] {
                    let (rescued, seen) = (trial.rescued_from(p), trial.seen(p));
                    for j in 0..visits {
                        self.intercurrent[(a * visits + j) * 2] += (rescued <= j) as u64;
                        self.intercurrent[(a * visits + j) * 2 + 1] += (seen <= j) as u64;
                    }
                }
            }
        }
    }

    pub fn merge(mut self, other: Tally) -> Tally {
        fn add(a: &mut [u64], b: &[u64]) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        self.replicates += other.replicates;
        add(&mut self.rejections, &other.rejections);
        add(&mut self.null_rejections, &other.null_rejections);
        add(&mut self.true_rate_null_rejections, &other.true_rate_null_rejections);
        add(&mut self.early_stops, &other.early_stops);
        add(&mut self.null_early_stops, &other.null_early_stops);
        for (mine, theirs) in self.intervals.iter_mut().zip(&other.intervals) {
            for (a, b) in mine.iter_mut().zip(theirs) {
                a.merge(b);
            }
        }
        for (a, b) in self.continuous.iter_mut().zip(&other.continuous) {
            if let (Some(a), Some(b)) = (a, b) {
                a.difference.merge(&b.difference);
                for (x, y) in a.intervals.iter_mut().zip(&b.intervals) {
                    x.merge(y);
                }
            }
        }
        for (a, b) in self.endpoint_rates.iter_mut().zip(&other.endpoint_rates) {
            a.merge(b);
        }
        for (a, b) in self.hazard_ratios.iter_mut().zip(&other.hazard_ratios) {
            if let (Some(a), Some(b)) = (a, b) {
                a.difference.merge(&b.difference);
                a.interval.merge(&b.interval);
            }
        }
        for (mine, theirs) in self.events.iter_mut().zip(&other.events) {
            for (a, b) in mine.iter_mut().zip(theirs) {
                a.merge(b);
            }
        }
        if let (Some(a), Some(b)) = (&mut self.accrual, &other.accrual) {
            a.merge(b);
        }
        add(&mut self.intercurrent, &other.intercurrent);
        for (a, b) in self.mmrm_fits.iter_mut().zip(&other.mmrm_fits) {
            if let (Some(a), Some(b)) = (a, b) {
                add(&mut a.actual, &b.actual);
                add(&mut a.null, &b.null);
            }
        }
        for (a, b) in self.sequential.iter_mut().zip(&other.sequential) {
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
        for (a, b) in self.joint.iter_mut().zip(&other.joint) {
            if let (Some(a), Some(b)) = (a, b) {
                a.any += b.any;
                a.all += b.all;
            }
        }
        if let (Some(a), Some(b)) = (self.family.as_mut(), &other.family) {
            add(&mut a.rejected, &b.rejected);
            a.any += b.any;
            a.all += b.all;
            a.null_any += b.null_any;
            add(&mut a.partial_errors, &b.partial_errors);
            add(&mut a.same_side, &b.same_side);
        }
        self
    }
}
