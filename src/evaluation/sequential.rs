//! Group-sequential runs: each replicate stopped where the monitor
//! ([`crate::analysis::sequential::Monitor`]) says, tallied under the scenario and its null
//! twin.

use super::values::ValueTally;
use crate::analysis::sequential::{Monitor, Stop};
use crate::scenario::accrual::Randomisation;
use crate::scenario::sequential::Trigger;
use crate::scenario::{EndpointKind, Scenario};
use trialsim_stats::sequential_binomial::{Look, SingleLook, stopping_by, stopping_single};

/// Bin width of tallied patient numbers and calendar weeks.
const BIN: f64 = 1e-3;

/// The monitor of a run and the world its null twin is simulated in (`None` with
/// `--skip-type1`).
#[derive(Debug, Clone)]
pub struct SequentialPlan {
    pub monitor: Monitor,
    pub null_world: Option<usize>,
}

/// The looks' outcomes over the replicates of one world.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SequentialTally {
    pub replicates: u64,
    /// Per look: replicates stopping there for efficacy (the final look: rejecting), and
    /// for futility (the final look: not rejecting).
    pub efficacy: Vec<u64>,
    pub futility: Vec<u64>,
    /// Replicates that would reject with the futility bounds ignored.
    pub rejected_without_futility: u64,
    pub enrolled: ValueTally,
    pub analysed: ValueTally,
    pub weeks: ValueTally,
    /// With several arms, each comparison's own stops (the fields above are the trial's:
    /// where it ended, with a rejection of any comparison or none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comparisons: Vec<ComparisonTally>,
}

/// One comparison's stops per look over the replicates of one world.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ComparisonTally {
    pub efficacy: Vec<u64>,
    pub futility: Vec<u64>,
    pub rejected_without_futility: u64,
}

impl ComparisonTally {
    fn new(looks: usize) -> Self {
        ComparisonTally { efficacy: vec![0; looks], futility: vec![0; looks], rejected_without_futility: 0 }
    }

    fn add(&mut self, stop: &Stop) {
        let counts = if stop.efficacy { &mut self.efficacy } else { &mut self.futility };
        counts[stop.look] += 1;
        self.rejected_without_futility += stop.rejects_without_futility as u64;
    }

    fn merge(&mut self, other: &ComparisonTally) {
        for (a, b) in
            self.efficacy.iter_mut().chain(&mut self.futility).zip(other.efficacy.iter().chain(&other.futility))
        {
            *a += b;
        }
        self.rejected_without_futility += other.rejected_without_futility;
    }

    /// Of `fresh`'s shape, its counts those of `replicates`?
    fn consistent(&self, fresh: &ComparisonTally, replicates: u64) -> bool {
        self.efficacy.len() == fresh.efficacy.len()
            && self.futility.len() == fresh.futility.len()
            && self.efficacy.iter().chain(&self.futility).sum::<u64>() == replicates
            && self.rejected_without_futility <= replicates
    }
}

impl SequentialTally {
    /// The tally of `comparisons` comparisons (one: the trial's stops are its own).
    pub fn new(looks: usize, comparisons: usize) -> Self {
        SequentialTally {
            replicates: 0,
            efficacy: vec![0; looks],
            futility: vec![0; looks],
            rejected_without_futility: 0,
            enrolled: ValueTally::new(BIN),
            analysed: ValueTally::new(BIN),
            weeks: ValueTally::new(BIN),
            comparisons: if comparisons > 1 { vec![ComparisonTally::new(looks); comparisons] } else { Vec::new() },
        }
    }

    /// A trial's stop, and each comparison's (several arms).
    pub fn add(&mut self, stop: Stop, comparisons: &[Stop]) {
        self.replicates += 1;
        if stop.efficacy {
            self.efficacy[stop.look] += 1;
        } else {
            self.futility[stop.look] += 1;
        }
        self.rejected_without_futility += stop.rejects_without_futility as u64;
        self.enrolled.add(stop.enrolled as f64);
        self.analysed.add(stop.analysed as f64);
        self.weeks.add(stop.week);
        for (tally, stop) in self.comparisons.iter_mut().zip(comparisons) {
            tally.add(stop);
        }
    }

    pub fn merge(&mut self, other: &SequentialTally) {
        self.replicates += other.replicates;
        for (a, b) in self.efficacy.iter_mut().zip(&other.efficacy) {
            *a += b;
        }
        for (a, b) in self.futility.iter_mut().zip(&other.futility) {
            *a += b;
        }
        self.rejected_without_futility += other.rejected_without_futility;
        self.enrolled.merge(&other.enrolled);
        self.analysed.merge(&other.analysed);
        self.weeks.merge(&other.weeks);
        for (a, b) in self.comparisons.iter_mut().zip(&other.comparisons) {
            a.merge(b);
        }
    }

    /// Is it a tally of `fresh`'s shape, its counts within its replicates?
    pub fn consistent(&self, fresh: &SequentialTally) -> bool {
        self.efficacy.len() == fresh.efficacy.len()
            && self.futility.len() == fresh.futility.len()
            && self.efficacy.iter().chain(&self.futility).sum::<u64>() == self.replicates
            && self.rejected_without_futility <= self.replicates
            && self.comparisons.len() == fresh.comparisons.len()
            && self.comparisons.iter().zip(&fresh.comparisons).all(|(a, b)| a.consistent(b, self.replicates))
            && [&self.enrolled, &self.analysed, &self.weeks]
                .iter()
                .zip([&fresh.enrolled, &fresh.analysed, &fresh.weeks])
                .all(|(a, b)| a.consistent(b) && a.count == self.replicates)
    }
}

/// Exact stopping probabilities of a design whose looks fall at fixed numbers per arm.
#[derive(Debug, Clone, PartialEq)]
pub struct ExactSequential {
    /// Per look (efficacy, futility) under the scenario and under the null twin (the
    /// control's rate in both arms); the last look's futility is not rejecting.
    pub scenario: Vec<(f64, f64)>,
    pub null: Vec<(f64, f64)>,
    pub power: f64,
    /// With binding futility bounds obeyed, non-binding ones ignored.
    pub type1_error: f64,
}

/// The exact stops where every look falls at fixed numbers per arm: no dropout in the two
/// arms, permuted blocks, and every look at a number reached (or an information share of
/// it) that fills whole blocks or is everyone. Then the first `k` patients to reach the
/// endpoint's week are the first `k` to enter, `k w_a / W` of arm `a`, and the counts are
/// binomial at the arms' rates by that week.
/// With several arms, the trial's stops depend on every comparison at once: see
/// [`exact_comparison`] for each on its own.
pub fn exact(s: &Scenario, m: &Monitor) -> Option<ExactSequential> {
    if m.arms.len() == 1 { exact_comparison(s, m, 0) } else { None }
}

/// The exact stops of comparison `c` on its own (as [`exact`], the arm's own looks).
pub fn exact_comparison(s: &Scenario, m: &Monitor, c: usize) -> Option<ExactSequential> {
    if s.rescue_affects(m.endpoint) {
        return None;
    }
    let accrual = s.accrual.as_ref()?;
    let Randomisation::Blocks(block) = accrual.randomisation else { return None };
    let arm = &s.arms[m.arms[c]];
    let control = m.control.map(|c| &s.arms[c]);
    if arm.dropout != 0.0 || control.is_some_and(|c| c.dropout != 0.0) {
        return None;
    }
    let endpoint = &s.endpoints[m.endpoint];
    let EndpointKind::Response { levels, visit, .. } = &endpoint.kind else { return None };
    let n = s.sample_size;
    let total: f64 = s.arms.iter().map(|a| a.allocation).sum();
    // Per look: each arm's patients, and the bounds (the final look has no futility stop:
    // not rejecting there is its futility).
    let mut looks = Vec::new();
    for (k, look) in m.looks.iter().enumerate() {
        let reached = match look.trigger {
            Trigger::Reached(r) => r,
            Trigger::Information(x) => (x * n as f64 - 1e-9).ceil().max(1.0) as u32,
            Trigger::Week(_) | Trigger::Enrolled(_) | Trigger::Events(_) => return None,
        };
        let per = |a: &crate::scenario::arm::Arm| {
            if reached == n { a.n } else { (reached as f64 * a.allocation / total).round() as u32 }
        };
        if reached != n && reached % block != 0 {
            return None;
        }
        let last = k + 1 == m.looks.len();
        let futility = if last {
            f64::INFINITY
        } else if m.design.futility_stops[k] {
            m.bounds.futility[k]
        } else {
            f64::NEG_INFINITY
        };
        looks.push(Look { arm: per(arm), control: control.map_or(0, per), efficacy: m.bounds.efficacy[k], futility });
    }
    let rate = |a: &crate::scenario::arm::Arm| levels.iter().map(|&l| a.rates[l][visit.index]).sum::<f64>();
    // Under the null the arm has the control's rate plus the null difference, or a single
    // arm the null rate; the control keeps its own.
    let p_arm = rate(arm);
    let p_control = control.map_or(0.0, rate);
    let p_null = control.map_or(endpoint.null_rate.unwrap_or(0.0), |_| p_control + m.null_difference);
    let run = |looks: &[Look], p: f64| match control {
        Some(_) => stopping_by(looks, p, p_control, |xa, na, xc, nc| m.two_arm_z(xa, na, xc, nc)),
        None => {
            let single: Vec<SingleLook> =
                looks.iter().map(|l| SingleLook { n: l.arm, efficacy: l.efficacy, futility: l.futility }).collect();
            stopping_single(&single, p, p_null)
        }
    };
    let (scenario, null) = (run(&looks, p_arm), run(&looks, p_null));
    let type1_error =
        if m.design.binding || looks.iter().all(|l| l.futility == f64::NEG_INFINITY || l.futility == f64::INFINITY) {
            null.iter().map(|x| x.0).sum()
        } else {
            let mut without = looks.clone();
            let last = without.len() - 1;
            for l in &mut without[..last] {
                l.futility = f64::NEG_INFINITY;
            }
            run(&without, p_null).iter().map(|x| x.0).sum()
        };
    Some(ExactSequential { power: scenario.iter().map(|x| x.0).sum(), type1_error, scenario, null })
}
