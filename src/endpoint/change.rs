//! Change endpoints: baseline and change from baseline of the patients still in the trial
//! at the endpoint's week (complete case); or the area under the change curve up to it per
//! week (the time-averaged change, by the trapezoid rule from 0 at week 0).

use super::strategy::{Stand, stand};
use crate::model::TrialBuffer;
use crate::scenario::{Source, Strategy, Visit};
use trialsim_stats::mmrm::Mmrm;
use trialsim_stats::sample::SampleStats;

/// The (baseline, change) statistics of arm `a` for `source` at `visit`; with `area` (the
/// post-baseline weeks up to `visit`) the time-averaged change over them instead. Visits
/// after rescue are read by `strategy` (a patient with a missing one is left out).
#[inline]
pub fn read(
    strategy: Strategy,
    source: Source,
    visit: Visit,
    area: Option<&[u32]>,
    trial: &TrialBuffer,
    a: usize,
) -> SampleStats {
    let mut stats = SampleStats::default();
    for p in trial.arm_start[a]..trial.arm_start[a + 1] {
        let (baseline, value) = reading(strategy, source, trial, p, visit.index);
        if value.is_nan() {
            continue;
        }
        let y = match area {
            None => value - baseline,
            Some(weeks) => time_averaged(weeks, |j| reading(strategy, source, trial, p, j).1 - baseline),
        };
        if y.is_nan() {
            continue;
        }
        stats.push(baseline, y);
    }
    stats
}

/// Patient `p`'s baseline and the value standing for visit `j` under `strategy` (NaN
/// where there is none).
#[inline]
fn reading(strategy: Strategy, source: Source, trial: &TrialBuffer, p: usize, j: usize) -> (f64, f64) {
    match stand(strategy, trial, p, j) {
        Stand::At(i) => trial.reading(source, p, i),
        Stand::Failure | Stand::Missing => (trial.reading(source, p, j).0, f64::NAN),
    }
}

/// The area under the change curve through (0, 0) and (`weeks[j]`, `change(j)`) by the
/// trapezoid rule, over the last week.
#[inline]
pub fn time_averaged(weeks: &[u32], change: impl Fn(usize) -> f64) -> f64 {
    let (mut area, mut previous) = (0.0, (0.0, 0.0));
    for (j, &w) in weeks.iter().enumerate() {
        let here = (w as f64, change(j));
        area += 0.5 * (previous.1 + here.1) * (here.0 - previous.0);
        previous = here;
    }
    area / previous.0
}

/// Every patient's change at the post-baseline visits up to `visit` (NaN after dropout, or
/// where `strategy` leaves a visit after rescue without a value),
/// with arm and baseline, into `model` (an MMRM of every arm).
pub fn trajectories(
    strategy: Strategy,
    source: Source,
    visit: Visit,
    trial: &TrialBuffer,
    model: &mut Mmrm,
    changes: &mut Vec<f64>,
) {
    model.clear();
    let arms = trial.arm_start.len() - 1;
    for a in 0..arms {
        for p in trial.arm_start[a]..trial.arm_start[a + 1] {
            changes.clear();
            let mut baseline = f64::NAN;
            for j in 0..=visit.index {
                let (b, value) = reading(strategy, source, trial, p, j);
                baseline = b;
                changes.push(value - b);
            }
            model.push(a, baseline, changes);
        }
    }
}
