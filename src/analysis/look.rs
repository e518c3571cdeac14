//! One look at the data of a trial in calendar time: when the data are cut, and what a
//! response endpoint counts in the data that exist then.
//!
//! A patient's status at the endpoint's week `w` is known at entry + `w` when they were
//! seen then, and at entry + the week of the first visit they missed when they left before
//! (dropout is noticed at the missed visit). At a cut, patients whose status is not known
//! yet (the pipeline) are left out; under non-responder imputation those who left before
//! `w` count as non-responders, under complete case they are left out.

use crate::endpoint::Proportion;
use crate::model::{MISSING, TrialBuffer};
use crate::scenario::sequential::Trigger;
use crate::scenario::{LevelRule, Missing, Source};
use trialsim_stats::sample::SampleStats;

/// The week patient `p`'s status at post-baseline visit `j` (week `weeks[j]`) is known.
#[inline]
pub fn known_week(trial: &TrialBuffer, p: usize, j: usize, weeks: &[u32]) -> f64 {
    let seen = trial.seen(p);
    trial.entry[p] + if seen > j { weeks[j] } else { weeks[seen] } as f64
}

/// The calendar week of a look's cut for visit `j`; `scratch` holds one number per patient.
pub fn cut_week(trigger: Trigger, trial: &TrialBuffer, j: usize, weeks: &[u32], scratch: &mut Vec<f64>) -> f64 {
    let n = trial.entry.len();
    let kth = |k: u32, scratch: &mut Vec<f64>| {
        let i = (k as usize).clamp(1, n) - 1;
        *scratch.select_nth_unstable_by(i, f64::total_cmp).1
    };
    match trigger {
        Trigger::Week(t) => t,
        Trigger::Enrolled(k) => {
            scratch.clear();
            scratch.extend_from_slice(&trial.entry);
            kth(k, scratch)
        }
        Trigger::Reached(k) => {
            scratch.clear();
            scratch.extend((0..n).map(|p| known_week(trial, p, j, weeks)));
            kth(k, scratch)
        }
        Trigger::Information(x) => {
            let k = (x * n as f64 - 1e-9).ceil().max(1.0) as u32;
            cut_week(Trigger::Reached(k), trial, j, weeks, scratch)
        }
        Trigger::Events(_) => unreachable!("event looks are cut by `event_cut_week`"),
    }
}

/// The calendar week of the `k`-th event `e` among `arms` (entry + event time of the
/// patients whose follow-up ended with it); if fewer occur, the end of all follow-up (the
/// last patient's). `scratch` holds one number per event.
pub fn event_cut_week(k: u32, e: usize, trial: &TrialBuffer, arms: &[usize], scratch: &mut Vec<f64>) -> f64 {
    let follow_ups = arms.iter().flat_map(|&a| trial.arm_start[a]..trial.arm_start[a + 1]);
    kth_event_or_end(k, follow_ups.map(|p| (trial.entry[p] + trial.event_time[e][p], trial.event[e][p])), scratch)
}

/// The calendar week of the `k`-th of the follow-ups `(end week, ended by the event)`, or
/// the last end if fewer are events. `scratch` holds one number per event.
fn kth_event_or_end(k: u32, follow_ups: impl Iterator<Item = (f64, bool)>, scratch: &mut Vec<f64>) -> f64 {
    scratch.clear();
    let mut end: f64 = 0.0;
    for (at, event) in follow_ups {
        end = end.max(at);
        if event {
            scratch.push(at);
        }
    }
    let i = k as usize - 1;
    if i >= scratch.len() { end } else { *scratch.select_nth_unstable_by(i, f64::total_cmp).1 }
}

/// The calendar week of the `k`-th event among sub-arms `subs` of second randomisation `r`
/// at `week` (entry + `week` + the time after it); if fewer occur, the end of all their
/// follow-up. `scratch` holds one number per event.
pub fn subarm_event_cut_week(
    k: u32,
    r: usize,
    subs: [usize; 2],
    week: f64,
    trial: &TrialBuffer,
    scratch: &mut Vec<f64>,
) -> f64 {
    let randomised = trial.sub_patients[r].clone().filter(|&p| subs.contains(&(trial.sub_arm[r][p] as usize)));
    kth_event_or_end(
        k,
        randomised.map(|p| (trial.entry[p] + week + trial.sub_time[r][p], trial.sub_event[r][p])),
        scratch,
    )
}

/// Sub-arm `sub`'s (time, event) pairs after second randomisation `r` at `week`, at `cut`,
/// sorted by time, into `out`: the patients randomised again by then, followed from it to
/// their event, dropout or horizon or to the cut; and the events among them.
pub fn subarm_events_at_cut(
    r: usize,
    sub: usize,
    week: f64,
    trial: &TrialBuffer,
    cut: f64,
    out: &mut Vec<(f64, bool)>,
) -> u32 {
    let mine = trial.sub_patients[r].clone().filter(|&p| trial.sub_arm[r][p] as usize == sub);
    let follow_ups = mine.map(|p| (trial.entry[p] + week, trial.sub_time[r][p], trial.sub_event[r][p]));
    followed_to_cut(follow_ups, cut, out)
}

/// Arm `a`'s (time, event) pairs for event `e` at `cut`, sorted by time, into `out`: the
/// patients enrolled by then, followed to their event, dropout or horizon or to the cut
/// (administrative censoring), whichever comes first; and the events among them.
pub fn events_at_cut(e: usize, trial: &TrialBuffer, a: usize, cut: f64, out: &mut Vec<(f64, bool)>) -> u32 {
    let follow_ups = (trial.arm_start[a]..trial.arm_start[a + 1])
        .map(|p| (trial.entry[p], trial.event_time[e][p], trial.event[e][p]));
    followed_to_cut(follow_ups, cut, out)
}

/// The (time, event) pairs at `cut` of the follow-ups `(start week, time, ended by the
/// event)` that started by then, sorted by time, into `out`: an event after the cut is
/// censored there (administrative censoring); and the events among them.
fn followed_to_cut(follow_ups: impl Iterator<Item = (f64, f64, bool)>, cut: f64, out: &mut Vec<(f64, bool)>) -> u32 {
    out.clear();
    let mut events = 0;
    for (start, time, ended) in follow_ups {
        if start > cut {
            continue;
        }
        let event = ended && start + time <= cut;
        events += event as u32;
        out.push(if event { (time, true) } else { (time.min(cut - start), false) });
    }
    out.sort_unstable_by(|x, y| x.0.total_cmp(&y.0));
    events
}

/// Arm `a`'s responders among the patients whose status at visit `j` is known by `cut`,
/// `status(p)` saying whether patient p responds (`None`: missing, a non-responder or left
/// out as `missing` says); and the patients enrolled by then.
fn binary_at_cut(
    j: usize,
    weeks: &[u32],
    missing: Missing,
    trial: &TrialBuffer,
    a: usize,
    cut: f64,
    status: impl Fn(usize) -> Option<bool>,
) -> (Proportion, u32) {
    let (mut responders, mut denominator, mut enrolled) = (0, 0, 0);
    for p in trial.arm_start[a]..trial.arm_start[a + 1] {
        enrolled += (trial.entry[p] <= cut) as u32;
        if known_week(trial, p, j, weeks) > cut {
            continue;
        }
        match status(p) {
            None => denominator += (missing == Missing::NonResponder) as u32,
            Some(responds) => {
                denominator += 1;
                responders += responds as u32;
            }
        }
    }
    (Proportion { responders, denominator }, enrolled)
}

/// Arm `a`'s responders (in `levels` at visit `j`) among the patients whose status is
/// known by `cut`, with the missing-data rule; and the patients enrolled by then.
pub fn response_at_cut(
    levels: &[usize],
    j: usize,
    weeks: &[u32],
    missing: Missing,
    trial: &TrialBuffer,
    a: usize,
    cut: f64,
) -> (Proportion, u32) {
    let visits = trial.visits();
    binary_at_cut(j, weeks, missing, trial, a, cut, |p| {
        let level = trial.level[p * visits + j];
        (level != MISSING).then(|| levels.contains(&(level as usize)))
    })
}

/// Arm `a`'s sustained responders (in `levels` at `at_least` of the visits `from..=j`)
/// among the patients whose status at visit `j` is known by `cut`: a visit after dropout
/// holds no level; under complete case only the patients seen at `j` count.
#[allow(clippy::too_many_arguments)]
pub fn sustained_at_cut(
    levels: &[usize],
    (from, j): (usize, usize),
    at_least: usize,
    weeks: &[u32],
    missing: Missing,
    trial: &TrialBuffer,
    a: usize,
    cut: f64,
) -> (Proportion, u32) {
    let visits = trial.visits();
    binary_at_cut(j, weeks, missing, trial, a, cut, |p| {
        if missing == Missing::CompleteCase && trial.seen(p) <= j {
            return None;
        }
        let window = &trial.level[p * visits + from..=p * visits + j];
        Some(window.iter().filter(|&&l| levels.iter().any(|&k| k as u8 == l)).count() >= at_least)
    })
}

/// Arm `a`'s (baseline, change) statistics of `source` at visit `j` among the patients seen
/// at its week by `cut` (complete case, as the fixed analysis of a change), and the
/// patients enrolled by then.
pub fn change_at_cut(
    source: Source,
    j: usize,
    weeks: &[u32],
    trial: &TrialBuffer,
    a: usize,
    cut: f64,
) -> (SampleStats, u32) {
    let mut stats = SampleStats::default();
    let mut enrolled = 0;
    for p in trial.arm_start[a]..trial.arm_start[a + 1] {
        enrolled += (trial.entry[p] <= cut) as u32;
        if trial.seen(p) > j && trial.entry[p] + weeks[j] as f64 <= cut {
            let (baseline, value) = trial.reading(source, p, j);
            stats.push(baseline, value - baseline);
        }
    }
    (stats, enrolled)
}

/// Arm `a`'s responders by `rule` on `source` at visit `j` among the patients whose status
/// is known by `cut` (a missing value: a non-responder, or left out under complete case),
/// and the patients enrolled by then.
#[allow(clippy::too_many_arguments)]
pub fn score_response_at_cut(
    source: Source,
    rule: &LevelRule,
    j: usize,
    weeks: &[u32],
    missing: Missing,
    trial: &TrialBuffer,
    a: usize,
    cut: f64,
) -> (Proportion, u32) {
    binary_at_cut(j, weeks, missing, trial, a, cut, |p| {
        let (baseline, value) = trial.reading(source, p, j);
        (!value.is_nan()).then(|| rule.meets(value, baseline))
    })
}
