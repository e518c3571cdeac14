//! Time-to-event endpoints: each patient's follow-up time and whether it ended with the
//! event (censored by dropout and by the horizon).

use crate::model::TrialBuffer;
use trialsim_stats::kaplan_meier;

/// The (time, event) pairs of arm `a` for event `k`, sorted by time, into `out`.
#[inline]
pub fn collect(trial: &TrialBuffer, k: usize, a: usize, out: &mut Vec<(f64, bool)>) {
    let range = trial.arm_start[a]..trial.arm_start[a + 1];
    let pairs = trial.event_time[k][range.clone()].iter().zip(&trial.event[k][range]);
    sort_into(pairs.map(|(&t, &e)| (t, e)), trial.horizon[k], out);
}

/// `pairs` sorted by time into `out`. Those censored at the horizon, usually most, are
/// counted and put last without sorting: every time-to-event statistic counts tied times
/// together, so their order (like that of any ties) does not matter.
#[inline]
fn sort_into(pairs: impl Iterator<Item = (f64, bool)>, horizon: f64, out: &mut Vec<(f64, bool)>) {
    out.clear();
    let mut at_horizon = 0;
    for (t, event) in pairs {
        if t == horizon && !event {
            at_horizon += 1;
        } else {
            out.push((t, event));
        }
    }
    out.sort_unstable_by(|x, y| x.0.total_cmp(&y.0));
    out.extend(std::iter::repeat_n((horizon, false), at_horizon));
}

/// Each arm's (time, event) pairs per event, sorted by time, kept for the trial they were
/// read from: the endpoints on one event, and the per-arm summaries, share one sort.
#[derive(Debug, Clone, Default)]
pub struct SortedEvents {
    /// Per event and arm (`k * arms + a`): the trial's serial and its sorted pairs.
    lists: Vec<(u64, Vec<(f64, bool)>)>,
}

impl SortedEvents {
    /// The (time, event) pairs of arm `a` for event `k` in `trial`, sorted by time (read and
    /// sorted the first time this trial asks).
    pub fn get(&mut self, trial: &TrialBuffer, k: usize, a: usize) -> &[(f64, bool)] {
        let arms = trial.arm_start.len() - 1;
        let i = k * arms + a;
        if self.lists.len() <= i {
            self.lists.resize_with(i + 1, || (0, Vec::new()));
        }
        let (serial, list) = &mut self.lists[i];
        if *serial != trial.serial {
            collect(trial, k, a, list);
            *serial = trial.serial;
        }
        list
    }
}

/// The Kaplan-Meier probability of the event by `horizon` and its Greenwood variance.
#[inline]
pub fn event_probability(sorted: &[(f64, bool)], horizon: f64) -> (f64, f64) {
    kaplan_meier::at_horizon(sorted, horizon)
}

/// The (time, event) pairs after second randomisation `r` of the patients in sub-arm
/// `sub`, sorted by time, into `out`.
#[inline]
pub fn collect_subarm(trial: &TrialBuffer, r: usize, sub: usize, out: &mut Vec<(f64, bool)>) {
    let range = trial.sub_patients[r].clone();
    let pairs =
        trial.sub_arm[r][range.clone()].iter().zip(&trial.sub_time[r][range.clone()]).zip(&trial.sub_event[r][range]);
    let pairs = pairs.filter(|((s, _), _)| **s as usize == sub).map(|((_, &t), &e)| (t, e));
    // Follow-up after the second randomisation ends at the event's horizon too.
    sort_into(pairs, trial.sub_horizon[r], out);
}
