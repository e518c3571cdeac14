//! Times read off a patient's levels on the visit grid (`time-to-response`,
//! `time-to-loss`, `duration-of-response`): the week of the first visit in the levels,
//! of the first visit out of them, or the weeks from the first visit in them to the first
//! visit after it out of them. Follow-up ends at the endpoint's visit or at the last visit
//! seen (dropout), where a time without its event is censored.

use crate::model::{MISSING, TrialBuffer};
use crate::scenario::LevelTime;
use trialsim_stats::sample::SampleStats;

/// The (time, event) pairs of arm `a`, sorted by time, into `out` (`weeks`: the
/// post-baseline weeks up to the endpoint's). A duration counts only the patients who
/// respond by then.
pub fn collect(
    measure: LevelTime,
    levels: &[usize],
    weeks: &[u32],
    trial: &TrialBuffer,
    a: usize,
    out: &mut Vec<(f64, bool)>,
) {
    out.clear();
    out.extend((trial.arm_start[a]..trial.arm_start[a + 1]).filter_map(|p| pair(measure, levels, weeks, trial, p)));
    out.sort_unstable_by(|x, y| x.0.total_cmp(&y.0).then(y.1.cmp(&x.1)));
}

/// Patient `p`'s (time, event) pair (`weeks`: the post-baseline weeks up to the
/// endpoint's); `None` for a duration of a patient who does not respond by then.
pub fn pair(measure: LevelTime, levels: &[usize], weeks: &[u32], trial: &TrialBuffer, p: usize) -> Option<(f64, bool)> {
    let visits = trial.visits();
    let last = weeks.len();
    let week = |j: usize| weeks[j] as f64;
    let row = &trial.level[p * visits..p * visits + last];
    let inside = |l: u8| l != MISSING && levels.iter().any(|&k| k as u8 == l);
    let seen = trial.seen(p).min(last);
    // Censored at the last visit seen (week 0 when none was).
    let censored = if seen == 0 { 0.0 } else { week(seen - 1) };
    Some(match measure {
        LevelTime::FirstResponse => match row[..seen].iter().position(|&l| inside(l)) {
            Some(j) => (week(j), true),
            None => (censored, false),
        },
        LevelTime::Loss => match row[..seen].iter().position(|&l| !inside(l)) {
            Some(j) => (week(j), true),
            None => (censored, false),
        },
        LevelTime::WeeksIn => unreachable!("weeks in the levels are read by `weeks_in`"),
        LevelTime::Duration => {
            let first = row[..seen].iter().position(|&l| inside(l))?;
            match row[first..seen].iter().position(|&l| !inside(l)) {
                Some(k) => (week(first + k) - week(first), true),
                None => (censored - week(first), false),
            }
        }
    })
}

/// The horizon the Kaplan-Meier probability is read at: the endpoint's week, or for a
/// duration the longest one possible (from the first post-baseline visit to it).
pub fn horizon(measure: LevelTime, weeks: &[u32]) -> f64 {
    let last = *weeks.last().expect("at least one visit") as f64;
    match measure {
        LevelTime::Duration => last - weeks[0] as f64,
        LevelTime::FirstResponse | LevelTime::Loss | LevelTime::WeeksIn => last,
    }
}

/// The (baseline, weeks in the levels) statistics of arm `a`: every patient, a visit in
/// the levels counting the weeks since the previous visit, none after dropout.
pub fn weeks_in(levels: &[usize], weeks: &[u32], trial: &TrialBuffer, a: usize) -> SampleStats {
    let visits = trial.visits();
    let mut stats = SampleStats::default();
    for p in trial.arm_start[a]..trial.arm_start[a + 1] {
        let mut previous = 0;
        let mut total = 0.0;
        for (j, &w) in weeks.iter().enumerate() {
            let l = trial.level[p * visits + j];
            if l != MISSING && levels.iter().any(|&k| k as u8 == l) {
                total += (w - previous) as f64;
            }
            previous = w;
        }
        stats.push(trial.baseline[p], total);
    }
    stats
}
