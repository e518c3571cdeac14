//! Integer tallies over replicates: merged by addition, so the result does not depend
//! on how replicates were split between threads.

use super::histogram::RatioHistogram;
use super::intervals::IntervalTally;
use super::plan::Plan;
use crate::endpoint::response;
use crate::model::TrialBuffer;
use crate::scenario::Scenario;

#[derive(Debug, Clone, PartialEq)]
pub struct Tally {
    pub replicates: u64,
    /// Per comparison: replicates whose test rejected.
    pub rejections: Vec<u64>,
    /// Per comparison: rejections in its null world.
    pub null_rejections: Vec<u64>,
    /// Per comparison and interval of its plan: coverage and widths.
    pub intervals: Vec<Vec<IntervalTally>>,
    /// `endpoint_rates[e * arms + a]`: observed rate of arm a for endpoint e.
    pub endpoint_rates: Vec<RatioHistogram>,
    /// `level_rates[(a * visits + j) * levels + k]`: share of the patients still in the
    /// trial who are in level k at visit j.
    pub level_rates: Vec<RatioHistogram>,
}

impl Tally {
    pub fn new(s: &Scenario, plan: &Plan) -> Self {
        let visits = s.visits.len() - 1;
        let mut endpoint_rates = Vec::new();
        for _ in &s.endpoints {
            endpoint_rates.extend(s.arms.iter().map(|a| RatioHistogram::new(a.n)));
        }
        let mut level_rates = Vec::new();
        for a in &s.arms {
            for _ in 0..visits * s.levels.len() {
                level_rates.push(RatioHistogram::new(a.n));
            }
        }
        Tally {
            replicates: 0,
            rejections: vec![0; plan.comparisons.len()],
            null_rejections: vec![0; plan.comparisons.len()],
            intervals: plan.comparisons.iter().map(|c| vec![IntervalTally::default(); c.intervals.len()]).collect(),
            endpoint_rates,
            level_rates,
        }
    }

    /// Record a trial simulated in world `world`.
    pub fn record(&mut self, s: &Scenario, plan: &Plan, world: usize, trial: &TrialBuffer) {
        let arms = s.arms.len();
        for (i, c) in plan.comparisons.iter().enumerate() {
            let actual = world == 0;
            if !actual && c.null_world != Some(world) {
                continue;
            }
            let endpoint = &s.endpoints[c.endpoint];
            let x = response::read(endpoint, trial, c.arm);
            let y = c.control.map(|k| response::read(endpoint, trial, k));
            let rejected = match y {
                Some(y) => c.decision.rejects_two(x.responders, x.denominator, y.responders, y.denominator),
                None => c.decision.rejects_one(x.responders, x.denominator),
            };
            if actual {
                self.rejections[i] += rejected as u64;
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
            } else {
                self.null_rejections[i] += rejected as u64;
            }
        }
        if world != 0 {
            return;
        }
        self.replicates += 1;
        for (e, endpoint) in s.endpoints.iter().enumerate() {
            for a in 0..arms {
                let x = response::read(endpoint, trial, a);
                self.endpoint_rates[e * arms + a].add(x.responders, x.denominator);
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

    pub fn merge(mut self, other: Tally) -> Tally {
        self.replicates += other.replicates;
        for (a, b) in self.rejections.iter_mut().zip(&other.rejections) {
            *a += b;
        }
        for (a, b) in self.null_rejections.iter_mut().zip(&other.null_rejections) {
            *a += b;
        }
        for (mine, theirs) in self.intervals.iter_mut().zip(&other.intervals) {
            for (a, b) in mine.iter_mut().zip(theirs) {
                a.merge(b);
            }
        }
        for (a, b) in self.endpoint_rates.iter_mut().zip(&other.endpoint_rates) {
            a.merge(b);
        }
        for (a, b) in self.level_rates.iter_mut().zip(&other.level_rates) {
            a.merge(b);
        }
        self
    }
}
