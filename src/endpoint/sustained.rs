//! Sustained-response endpoints: patients in a set of levels at `at_least` of the visits
//! in a window (every one of them by default).

use super::proportion::Proportion;
use crate::model::TrialBuffer;
use crate::scenario::{Missing, Visit};

/// The responders of arm `a`: in `levels` at `at_least` of the visits `from..=to`. Under
/// non-responder imputation a visit after dropout is not in the levels and every patient
/// counts; complete case counts only the patients seen at the window's last visit.
#[inline]
pub fn read(
    levels: &[usize],
    (from, to): (Visit, Visit),
    at_least: usize,
    missing: Missing,
    trial: &TrialBuffer,
    a: usize,
) -> Proportion {
    let visits = trial.visits();
    let (mut responders, mut denominator) = (0, 0);
    for p in trial.arm_start[a]..trial.arm_start[a + 1] {
        if missing == Missing::CompleteCase && trial.seen(p) <= to.index {
            continue;
        }
        denominator += 1;
        let window = &trial.level[p * visits + from.index..=p * visits + to.index];
        let hits = window.iter().filter(|&&l| levels.iter().any(|&k| k as u8 == l)).count();
        responders += (hits >= at_least) as u32;
    }
    Proportion { responders, denominator }
}
