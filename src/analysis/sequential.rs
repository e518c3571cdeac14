//! The group-sequential monitor of one endpoint: each trial's looks in calendar time,
//! stopped at the first bound crossed.
//!
//! The statistic at a look is the pooled score z of arm minus control on the responders
//! known at the cut (whatever test the endpoint names for its fixed-design analysis),
//! turned so that large values favour the arm (`less`: its negative; two-sided: both
//! sides, `|z|`). The design stops for efficacy at `z >= c` and, failing that, for
//! futility at `z <= f` (rpact's convention; with binary data z = 0 is common, and a
//! futility bound of 0 stops there). Bounds are computed once per design at the planned
//! information fractions (`trialsim_stats::group_sequential`).

use super::look::{cut_week, response_at_cut};
use crate::endpoint::Proportion;
use crate::model::TrialBuffer;
use crate::scenario::sequential::{Analysis, design};
use crate::scenario::{EndpointKind, Missing, Scenario};
use trialsim_stats::Alternative;
use trialsim_stats::group_sequential::{Boundaries, Design, boundaries};
use trialsim_stats::sequential_binomial::pooled_z;

/// What judging the looks of a trial needs.
#[derive(Debug, Clone)]
pub struct Monitor {
    pub looks: Vec<Analysis>,
    pub design: Design,
    pub bounds: Boundaries,
    /// The monitored endpoint, its compared arm and control.
    pub endpoint: usize,
    pub arm: usize,
    pub control: usize,
    levels: Vec<usize>,
    visit: usize,
    missing: Missing,
    alternative: Alternative,
    weeks: Vec<u32>,
}

impl Monitor {
    /// The monitor of a scenario with looks (validated: two arms, the boundaries exist).
    pub fn new(s: &Scenario) -> Option<Self> {
        let (looks, rule) = s.sequential.as_ref()?;
        let control = s.control?;
        let arm = s.compared_arms()[0];
        let endpoint = &s.endpoints[rule.endpoint];
        let EndpointKind::Response { levels, visit, missing } = &endpoint.kind else {
            unreachable!("validated: a response endpoint")
        };
        let design = design(rule, looks, endpoint);
        let bounds = boundaries(&design).expect("validated design");
        Some(Monitor {
            looks: looks.clone(),
            design,
            bounds,
            endpoint: rule.endpoint,
            arm,
            control,
            levels: levels.clone(),
            visit: visit.index,
            missing: *missing,
            alternative: endpoint.alternative,
            weeks: s.post_baseline_weeks().to_vec(),
        })
    }

    /// What look `k` of `trial` reads: the cut's week, each arm's responders among the
    /// patients known then and the patients enrolled, and the statistic (turned so that
    /// large values favour the arm).
    pub fn read(&self, k: usize, trial: &TrialBuffer, scratch: &mut Vec<f64>) -> Reading {
        let cut = cut_week(self.looks[k].trigger, trial, self.visit, &self.weeks, scratch);
        let read = |a| response_at_cut(&self.levels, self.visit, &self.weeks, self.missing, trial, a, cut);
        let ((x, enrolled_arm), (y, enrolled_control)) = (read(self.arm), read(self.control));
        let z = if x.denominator == 0 || y.denominator == 0 {
            0.0
        } else {
            pooled_z(x.responders, x.denominator, y.responders, y.denominator)
        };
        let z = match self.alternative {
            Alternative::Less => -z,
            Alternative::Greater => z,
            Alternative::TwoSided => z.abs(),
        };
        Reading { cut, arm: x, control: y, enrolled: (enrolled_arm, enrolled_control), z }
    }

    /// The decision at look `k` on statistic `z`.
    pub fn decide(&self, k: usize, z: f64) -> Decision {
        let last = k + 1 == self.looks.len();
        if z >= self.bounds.efficacy[k] {
            Decision::Efficacy
        } else if last || (self.design.futility_stops[k] && z <= self.bounds.futility[k]) {
            Decision::Futility
        } else {
            Decision::Continue
        }
    }

    /// Where one trial stops: the look (0-based), whether for efficacy (the final look:
    /// whether it rejects), and the patients enrolled, analysed and the cut's week there;
    /// and whether it would reject with its futility bounds ignored (the type-I error of a
    /// non-binding design counts that).
    pub fn run(&self, trial: &TrialBuffer, scratch: &mut Vec<f64>) -> Stop {
        let mut stop: Option<Stop> = None;
        for k in 0..self.looks.len() {
            let r = self.read(k, trial, scratch);
            let decision = self.decide(k, r.z);
            let (efficacy, last) = (decision == Decision::Efficacy, k + 1 == self.looks.len());
            match &mut stop {
                None if decision != Decision::Continue => {
                    let here = Stop {
                        look: k,
                        efficacy,
                        enrolled: r.enrolled.0 + r.enrolled.1,
                        analysed: r.arm.denominator + r.control.denominator,
                        week: r.cut,
                        rejects_without_futility: efficacy,
                    };
                    if efficacy || last {
                        return here;
                    }
                    // Stopped for futility: the path without futility bounds goes on.
                    stop = Some(here);
                }
                Some(here) if efficacy || last => {
                    here.rejects_without_futility = efficacy;
                    return *here;
                }
                _ => {}
            }
        }
        stop.expect("the final look always decides")
    }
}

/// What one look reads.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reading {
    pub cut: f64,
    pub arm: Proportion,
    pub control: Proportion,
    /// Patients enrolled by the cut in the arm and the control.
    pub enrolled: (u32, u32),
    pub z: f64,
}

/// What a look decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Efficacy,
    Futility,
    Continue,
}

/// Where and how a replicate stopped.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stop {
    pub look: usize,
    pub efficacy: bool,
    pub enrolled: u32,
    pub analysed: u32,
    pub week: f64,
    pub rejects_without_futility: bool,
}
