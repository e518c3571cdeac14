//! The group-sequential monitor of one endpoint: each trial's looks in calendar time,
//! stopped at the first bound crossed.
//!
//! The statistic at a look is, for a response endpoint, the pooled score z of arm minus
//! control on the responders known at the cut, and for a change endpoint Welch's t of the
//! mean changes of the patients seen at the endpoint's week by the cut, turned into the z
//! with the same one-sided p-value (whatever test the endpoint names for its fixed-design
//! analysis),
//! turned so that large values favour the arm (`less`: its negative; two-sided: both
//! sides, `|z|`). The design stops for efficacy at `z >= c` and, failing that, for
//! futility at `z <= f` (rpact's convention; with binary data z = 0 is common, and a
//! futility bound of 0 stops there). Bounds are computed once per design at the planned
//! information fractions (`trialsim_stats::group_sequential`), or with `information =
//! "observed"` re-spent at each trial's observed information (see [`Monitor::bounds`]).

use super::look::{
    change_at_cut, cut_week, event_cut_week, events_at_cut, response_at_cut, score_response_at_cut,
    subarm_event_cut_week, subarm_events_at_cut, sustained_at_cut,
};
use crate::endpoint::Proportion;
use crate::model::TrialBuffer;
use crate::scenario::sequential::{Analysis, Trigger, design};
use crate::scenario::{EndpointKind, LevelRule, Missing, Scenario, Source};
use std::collections::HashMap;
use trialsim_stats::Alternative;
use trialsim_stats::group_sequential::{Boundaries, Design, Efficacy, Futility, boundaries, boundaries_at};
use trialsim_stats::sample::SampleStats;
use trialsim_stats::sequential_binomial::{one_sample_z, pooled_z};
use trialsim_stats::special::normal_quantile;
use trialsim_stats::spending::Spending;
use trialsim_stats::test::Test;
use trialsim_stats::{log_rank, score, student_t, welch};

/// Bounds at observed information, by the patients analysed at each look so far (what one
/// worker has computed; the bounds do not depend on who computed them).
pub type BoundCache = HashMap<Vec<u32>, Bounds>;

/// The bounds of one look on the z scale (`+inf`, `-inf`: no such stop).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub efficacy: f64,
    pub futility: f64,
}

/// What the monitored endpoint reads at a cut.
#[derive(Debug, Clone)]
enum Reads {
    /// Responders in `levels`, with the missing-data rule.
    Response { levels: Vec<usize>, missing: Missing },
    /// Responders by a rule on a score or the marker's value, the same way.
    ScoreResponse { source: Source, rule: LevelRule, missing: Missing },
    /// Sustained responders: in `levels` at `at_least` of the visits from `from` on.
    Sustained { levels: Vec<usize>, from: usize, at_least: usize, missing: Missing },
    /// Changes of the marker or a score.
    Change { source: Source },
    /// Time to event `event`, looked at by its events (`final_events` at the final look);
    /// between two sub-arms of a second randomisation, from its week on.
    TimeToEvent { event: usize, final_events: u32, subarms: Option<SubArms> },
}

/// The sub-arms of second randomisation `r` (at `week`) a time to event compares.
#[derive(Debug, Clone, Copy)]
struct SubArms {
    r: usize,
    subs: [usize; 2],
    week: f64,
}

/// What a look reuses from trial to trial.
#[derive(Debug, Clone, Default)]
pub struct LookScratch {
    weeks: Vec<f64>,
    arm: Vec<(f64, bool)>,
    control: Vec<(f64, bool)>,
    subjects: Vec<trialsim_stats::log_rank::Subject>,
    /// The arms whose events cut a look: the compared arms and the control.
    cut_arms: Vec<usize>,
    /// Per comparison (`run`): the information counted at each look so far, flat; its
    /// state; and where each stopped.
    pub(crate) history: Vec<u32>,
    pub(crate) tracks: Vec<Track>,
    pub stops: Vec<Stop>,
}

/// What judging the looks of a trial needs.
#[derive(Debug, Clone)]
pub struct Monitor {
    pub looks: Vec<Analysis>,
    pub design: Design,
    pub bounds: Boundaries,
    /// The monitored endpoint, its compared arms, each against the control (none: a single
    /// arm against the endpoint's null rate).
    pub endpoint: usize,
    pub arms: Vec<usize>,
    pub control: Option<usize>,
    /// What the outputs call the compared groups, then the control: the arms, or the
    /// sub-arms of a second randomisation.
    pub labels: Vec<String>,
    pub control_label: Option<String>,
    /// A single arm's null rate.
    null_rate: Option<f64>,
    /// The arm minus the control under the null hypothesis: minus the margin (`greater`),
    /// the margin (`less`), or 0.
    pub null_difference: f64,
    /// Against a margin: Miettinen and Nurminen's variance factor `N / (N - 1)`.
    corrected: bool,
    what: Reads,
    visit: usize,
    alternative: Alternative,
    weeks: Vec<u32>,
    /// Re-spend alpha at each trial's observed information (patients analysed over the
    /// sample size) instead of the planned.
    pub observed: bool,
    sample_size: u32,
}

impl Monitor {
    /// The monitor of a scenario with looks (validated: two arms, or a single arm's response
    /// endpoint; the boundaries exist).
    pub fn new(s: &Scenario) -> Option<Self> {
        let (looks, rule) = s.sequential.as_ref()?;
        let control = s.control;
        let arms = if rule.comparisons > 1 { s.compared_arms() } else { vec![s.compared_arms()[0]] };
        let endpoint = &s.endpoints[rule.endpoint];
        let (what, visit) = match &endpoint.kind {
            EndpointKind::Response { levels, visit, missing } => {
                (Reads::Response { levels: levels.clone(), missing: *missing }, visit.index)
            }
            EndpointKind::ScoreResponse { source, rule, visit, missing } => {
                (Reads::ScoreResponse { source: *source, rule: rule.clone(), missing: *missing }, visit.index)
            }
            EndpointKind::Change { source, visit, area: None } => (Reads::Change { source: *source }, visit.index),
            EndpointKind::Change { area: Some(_), .. } => {
                unreachable!("validated: an area under the curve is not monitored")
            }
            EndpointKind::LevelTime { .. } => unreachable!("validated: a time read off the levels is not monitored"),
            EndpointKind::Sustained { levels, from, visit, at_least, missing } => {
                let what = Reads::Sustained {
                    levels: levels.clone(),
                    from: from.index,
                    at_least: *at_least,
                    missing: *missing,
                };
                (what, visit.index)
            }
            EndpointKind::TimeToEvent { event, subarms, .. } => {
                let Some(Trigger::Events(final_events)) = looks.last().map(|l| l.trigger) else {
                    unreachable!("validated: a time to event's final look is by events")
                };
                let subarms = subarms.as_ref().map(|c| SubArms {
                    r: c.rerandomisation,
                    subs: [c.arm, c.control],
                    week: s.rerandomisations[c.rerandomisation].week as f64,
                });
                (Reads::TimeToEvent { event: *event, final_events, subarms }, 0)
            }
        };
        let design = design(rule, looks, endpoint);
        let bounds = boundaries(&design).expect("validated design");
        Some(Monitor {
            looks: looks.clone(),
            design,
            bounds,
            endpoint: rule.endpoint,
            labels: match &endpoint.kind {
                EndpointKind::TimeToEvent { subarms: Some(c), .. } => {
                    vec![s.rerandomisations[c.rerandomisation].subarms[c.arm].name.clone()]
                }
                _ => arms.iter().map(|&a| s.arms[a].name.clone()).collect(),
            },
            control_label: match &endpoint.kind {
                EndpointKind::TimeToEvent { subarms: Some(c), .. } => {
                    Some(s.rerandomisations[c.rerandomisation].subarms[c.control].name.clone())
                }
                _ => control.map(|c| s.arms[c].name.clone()),
            },
            arms,
            control,
            null_rate: if control.is_none() { Some(endpoint.null_rate?) } else { None },
            corrected: endpoint.test == Test::MiettinenNurminen,
            null_difference: match endpoint.alternative {
                Alternative::Greater => -endpoint.margin_or_zero(),
                Alternative::Less => endpoint.margin_or_zero(),
                Alternative::TwoSided => 0.0,
            },
            what,
            visit,
            alternative: endpoint.alternative,
            weeks: s.post_baseline_weeks().to_vec(),
            observed: rule.observed,
            sample_size: s.sample_size,
        })
    }

    /// The calendar week of look `k`'s cut of `trial`: at a week, a number enrolled or
    /// reached, or at the k-th event (of the monitored time to event, or of the look's
    /// `[[event]]`) among the compared arms and the control.
    pub fn cut(&self, k: usize, trial: &TrialBuffer, scratch: &mut LookScratch) -> f64 {
        let trigger = self.looks[k].trigger;
        scratch.cut_arms.clear();
        scratch.cut_arms.extend(self.arms.iter().copied().chain(self.control));
        let arms = &scratch.cut_arms;
        match (&self.what, trigger, self.looks[k].event) {
            (Reads::TimeToEvent { event, final_events, subarms }, _, _) => {
                let events = match trigger {
                    Trigger::Events(k) => k,
                    Trigger::Information(x) => (x * *final_events as f64 - 1e-9).ceil().max(1.0) as u32,
                    _ => unreachable!("validated: events or information"),
                };
                match *subarms {
                    Some(SubArms { r, subs, week }) => {
                        subarm_event_cut_week(events, r, subs, week, trial, &mut scratch.weeks)
                    }
                    None => event_cut_week(events, *event, trial, arms, &mut scratch.weeks),
                }
            }
            (_, Trigger::Events(count), Some(e)) => event_cut_week(count, e, trial, arms, &mut scratch.weeks),
            _ => cut_week(trigger, trial, self.visit, &self.weeks, &mut scratch.weeks),
        }
    }

    /// What comparison `c` reads at calendar week `cut`: each group's responders among the
    /// patients known then (or mean changes, or events) and the patients enrolled, and the
    /// statistic (turned so that large values favour the arm).
    pub fn read(&self, c: usize, cut: f64, trial: &TrialBuffer, scratch: &mut LookScratch) -> Reading {
        let arm = self.arms[c];
        let control = self.control.unwrap_or(arm);
        let (arm_group, control_group, enrolled, z) = match &self.what {
            Reads::Response { levels, missing } => {
                let read = |a| response_at_cut(levels, self.visit, &self.weeks, *missing, trial, a, cut);
                let ((x, y), enrolled, z) = self.binary(arm, read);
                (x, y, enrolled, z)
            }
            Reads::ScoreResponse { source, rule, missing } => {
                let read = |a| score_response_at_cut(*source, rule, self.visit, &self.weeks, *missing, trial, a, cut);
                let ((x, y), enrolled, z) = self.binary(arm, read);
                (x, y, enrolled, z)
            }
            Reads::Sustained { levels, from, at_least, missing } => {
                let window = (*from, self.visit);
                let read = |a| sustained_at_cut(levels, window, *at_least, &self.weeks, *missing, trial, a, cut);
                let ((x, y), enrolled, z) = self.binary(arm, read);
                (x, y, enrolled, z)
            }
            Reads::Change { source } => {
                let read = |a| change_at_cut(*source, self.visit, &self.weeks, trial, a, cut);
                let ((x, ea), (y, ec)) = (read(arm), read(control));
                // Welch's t of the difference minus the null difference as the z with its
                // one-sided p-value; 0 where it is undefined.
                let z = welch::test(&x, &y, Alternative::Greater, 0.95).map_or(0.0, |t| {
                    let t_null = (t.difference - self.null_difference) / t.se;
                    -normal_quantile(student_t::upper_tail(t_null, t.df))
                });
                (Group::of_changes(&x), Some(Group::of_changes(&y)), (ea, ec), z)
            }
            Reads::TimeToEvent { event, subarms, .. } => {
                let (x, y) = if let Some(SubArms { r, subs, week }) = *subarms {
                    let x = subarm_events_at_cut(r, subs[0], week, trial, cut, &mut scratch.arm);
                    (x, subarm_events_at_cut(r, subs[1], week, trial, cut, &mut scratch.control))
                } else {
                    let x = events_at_cut(*event, trial, arm, cut, &mut scratch.arm);
                    (x, events_at_cut(*event, trial, control, cut, &mut scratch.control))
                };
                log_rank::merge(&scratch.arm, &scratch.control, &mut scratch.subjects);
                // The log-rank z: positive when the arm has more events than expected.
                let z = log_rank::statistic_sorted(&scratch.subjects).unwrap_or(0.0);
                let (na, nc) = (scratch.arm.len() as u32, scratch.control.len() as u32);
                (Group::of_events(na, x), Some(Group::of_events(nc, y)), (na, nc), z)
            }
        };
        let z = match self.alternative {
            Alternative::Less => -z,
            Alternative::Greater => z,
            Alternative::TwoSided => z.abs(),
        };
        Reading { cut, arm: arm_group, control: control_group, enrolled, z }
    }

    /// A binary endpoint's groups, patients enrolled and z: the pooled score z of the arm
    /// minus the control (0 when either has no patient or the pooled rate is 0 or 1), or a
    /// single arm's one-sample score z against its null rate; `read(a)` reads group a.
    #[allow(clippy::type_complexity)]
    fn binary(
        &self,
        arm: usize,
        read: impl Fn(usize) -> (Proportion, u32),
    ) -> ((Group, Option<Group>), (u32, u32), f64) {
        let (x, ea) = read(arm);
        let Some(c) = self.control else {
            let z = one_sample_z(x.responders, x.denominator, self.null_rate.expect("validated: a null rate"));
            return ((Group::of_rate(x), None), (ea, 0), z);
        };
        let (y, ec) = read(c);
        let z = if x.denominator == 0 || y.denominator == 0 {
            0.0
        } else {
            self.two_arm_z(x.responders, x.denominator, y.responders, y.denominator)
        };
        ((Group::of_rate(x), Some(Group::of_rate(y))), (ea, ec), z)
    }

    /// The two-arm statistic of a binary endpoint (both arms with patients): the pooled
    /// score z, or against a margin the Farrington-Manning score z of the difference minus
    /// the null difference, with Miettinen and Nurminen's factor when the endpoint's test
    /// is theirs (0 where its variance is 0 and so is that).
    pub fn two_arm_z(&self, xa: u32, na: u32, xc: u32, nc: u32) -> f64 {
        if self.null_difference == 0.0 {
            pooled_z(xa, na, xc, nc)
        } else {
            score::statistic(xa, na, xc, nc, self.null_difference, self.corrected).unwrap_or(0.0)
        }
    }

    /// What a look's information counts: the patients analysed, or a time to event's events.
    pub(crate) fn information_count(&self, r: &Reading) -> u32 {
        match (r.arm.events, r.control.and_then(|c| c.events)) {
            (Some(x), Some(y)) => x + y,
            _ => r.analysed(),
        }
    }

    /// What the final analysis's information counts: the sample size, or the final events.
    fn information_total(&self) -> f64 {
        match self.what {
            Reads::TimeToEvent { final_events, .. } => final_events as f64,
            _ => self.sample_size as f64,
        }
    }

    /// The bounds of look `k` for a trial that analysed `analysed[j]` at looks `j <= k`:
    /// the planned ones, or at observed information those re-spent at
    /// `t_j = analysed[j] / N` (a look that adds no information spends nothing and cannot
    /// stop; the final analysis spends the rest, at t = 1). The looks after `k` are taken
    /// as planned (they matter to conditional power only), and a drift (beta spending,
    /// conditional power under the design's effect) stays the planned design's.
    pub fn bounds(&self, k: usize, analysed: &[u32], cache: &mut BoundCache) -> Bounds {
        let planned = Bounds { efficacy: self.bounds.efficacy[k], futility: self.planned_futility(k) };
        if !self.observed {
            return planned;
        }
        if let Some(&b) = cache.get(&analysed[..=k]) {
            return b;
        }
        let looks = self.looks.len();
        let (mut information, mut at) = (Vec::new(), Vec::new());
        for (j, &a) in analysed[..=k].iter().enumerate() {
            let t = if j + 1 == looks { 1.0 } else { (a as f64 / self.information_total()).min(1.0) };
            if t > information.last().copied().unwrap_or(0.0) && (t < 1.0 || j + 1 == looks) {
                information.push(t);
                at.push(j);
            }
        }
        let b = if at.last() != Some(&k) {
            Bounds { efficacy: f64::INFINITY, futility: f64::NEG_INFINITY }
        } else {
            let here = at.len() - 1;
            // The planned looks still to come.
            let reached = information[here];
            at.extend((k + 1..looks).filter(|&j| self.design.information[j] > reached));
            information.extend(at[here + 1..].iter().map(|&j| self.design.information[j]));
            let mut d = self.design.clone();
            d.efficacy_stops = at.iter().map(|&j| self.design.efficacy_stops[j]).collect();
            d.futility_stops = at.iter().map(|&j| self.design.futility_stops[j]).collect();
            // z futility bounds of the kept looks before the final one (one per look but the last).
            if let Futility::Z(z) = &self.design.futility {
                d.futility = Futility::Z(at.iter().filter(|&&j| j + 1 < looks).map(|&j| z[j]).collect());
            }
            if let Efficacy::Spending(Spending::User(v)) = &self.design.efficacy {
                d.efficacy = Efficacy::Spending(Spending::User(at.iter().map(|&j| v[j]).collect()));
            }
            d.information = information;
            // The kept fractions increase and end at 1, and user values keep their order:
            // the design is valid whenever the planned one is.
            boundaries_at(&d, self.bounds.drift).map_or(planned, |b| Bounds {
                efficacy: b.efficacy[here],
                futility: if k + 1 == looks || !d.futility_stops[here] { f64::NEG_INFINITY } else { b.futility[here] },
            })
        };
        cache.insert(analysed[..=k].to_vec(), b);
        b
    }

    /// The planned futility bound of look `k` (`-inf` where it cannot stop for futility).
    fn planned_futility(&self, k: usize) -> f64 {
        if k + 1 == self.looks.len() || !self.design.futility_stops[k] {
            f64::NEG_INFINITY
        } else {
            self.bounds.futility[k]
        }
    }

    /// The decision at look `k` on statistic `z` against bounds `b`.
    pub fn decide(&self, k: usize, z: f64, b: Bounds) -> Decision {
        if z >= b.efficacy {
            Decision::Efficacy
        } else if k + 1 == self.looks.len() || z <= b.futility {
            Decision::Futility
        } else {
            Decision::Continue
        }
    }

    /// Each look of comparison `c` in `trial` with its bounds, up to the last.
    pub fn readings(
        &self,
        c: usize,
        trial: &TrialBuffer,
        scratch: &mut LookScratch,
        cache: &mut BoundCache,
    ) -> Vec<(Reading, Bounds)> {
        let mut analysed = Vec::with_capacity(self.looks.len());
        (0..self.looks.len())
            .map(|k| {
                let cut = self.cut(k, trial, scratch);
                let r = self.read(c, cut, trial, scratch);
                analysed.push(self.information_count(&r));
                let b = self.bounds(k, &analysed, cache);
                (r, b)
            })
            .collect()
    }
}

/// What one arm contributes at a look: the patients analysed, and the responders (a
/// response endpoint) or the mean change (a change endpoint).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Group {
    pub analysed: u32,
    pub responders: Option<u32>,
    pub mean_change: Option<f64>,
    /// A time to event: the events by the cut (`analysed`: the patients followed).
    pub events: Option<u32>,
}

impl Group {
    fn of_rate(p: Proportion) -> Group {
        Group { analysed: p.denominator, responders: Some(p.responders), mean_change: None, events: None }
    }

    fn of_changes(s: &SampleStats) -> Group {
        Group { analysed: s.n, responders: None, mean_change: (s.n > 0).then_some(s.mean_y), events: None }
    }

    fn of_events(followed: u32, events: u32) -> Group {
        Group { analysed: followed, responders: None, mean_change: None, events: Some(events) }
    }
}

/// What one look reads.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reading {
    pub cut: f64,
    pub arm: Group,
    /// None: a single arm.
    pub control: Option<Group>,
    /// Patients enrolled by the cut in the arm and the control.
    pub enrolled: (u32, u32),
    pub z: f64,
}

impl Reading {
    /// The patients analysed at the look.
    pub fn analysed(&self) -> u32 {
        self.arm.analysed + self.control.map_or(0, |c| c.analysed)
    }
}

/// What a look decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Efficacy,
    Futility,
    Continue,
}

/// Where and how a comparison, or the trial, stopped.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stop {
    /// The look (0-based).
    pub look: usize,
    /// For efficacy (the final look: rejecting); the trial: any comparison rejected.
    pub efficacy: bool,
    /// Patients enrolled and analysed there (the trial: of every arm while it was in).
    pub enrolled: u32,
    pub analysed: u32,
    /// The cut's calendar week.
    pub week: f64,
    /// Would it reject with the futility bounds ignored (the trial: any comparison)?
    pub rejects_without_futility: bool,
}

/// A comparison's state while the looks go on.
#[derive(Debug, Clone, Copy)]
pub struct Track {
    pub(crate) stop: Option<Stop>,
    /// Decided, futility ignored too.
    pub(crate) settled: bool,
    /// At its stop: the arm's and the control's patients enrolled and analysed.
    pub(crate) arm: (u32, u32),
    pub(crate) control: (u32, u32),
}
