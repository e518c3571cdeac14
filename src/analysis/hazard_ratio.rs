//! The hazard ratio of a time-to-event comparison in one trial: Cox's partial-likelihood
//! estimate of the compared group against its control.

use super::scratch::Scratch;
use trialsim_stats::cox::{self, CoxFit};
use trialsim_stats::log_rank;

/// The Cox fit of the groups in `scratch.arm` (compared) and `scratch.control`, which
/// [`analyse`](super::analyse) of a time-to-event comparison leaves there. `None` when not
/// estimable (no events, or all in one group).
pub fn hazard_ratio(scratch: &mut Scratch) -> Option<CoxFit> {
    log_rank::merge(&scratch.arm, &scratch.control, &mut scratch.subjects);
    cox::fit_sorted(&scratch.subjects, &mut scratch.risk_sets)
}

/// Events observed in a group's (time, event) pairs.
pub fn events(group: &[(f64, bool)]) -> usize {
    group.iter().filter(|x| x.1).count()
}
