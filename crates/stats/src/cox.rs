//! The Cox proportional-hazards estimate of the hazard ratio of two groups (arm against
//! control): the maximum of the partial likelihood by Newton-Raphson, with Breslow's
//! handling of tied event times (the same as Efron's, R's default, when no event times
//! are tied, as with continuous times), and its Wald standard error from the observed
//! information.

use crate::log_rank::{EventTimes, Subject};

/// The estimated log hazard ratio of the arm and its standard error.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CoxFit {
    pub log_hazard_ratio: f64,
    pub se: f64,
}

/// Newton-Raphson steps before giving up (R's `coxph` takes 20; a two-group fit needs a
/// handful).
const MAX_ITERATIONS: usize = 50;
/// Convergence: the change of the log hazard ratio.
const TOLERANCE: f64 = 1e-12;

/// Fit `data` (time, event, in the arm), sorting it by time. `None` when the estimate is
/// not finite: no events, or all of them in one group, or no information.
///
/// # Examples
///
/// ```
/// use trialsim_stats::cox;
/// // R: library(survival); t <- c(1.3, 2.1, 3.7, 4.2, 5.9, 6.1, 0.7, 2.8, 3.3, 4.9, 5.2, 6.6)
/// // e <- c(1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 0); g <- rep(1:0, each = 6)
/// // f <- coxph(Surv(t, e) ~ g): coef -0.05717433024833191, se 0.7140269086631904
/// let t = [1.3, 2.1, 3.7, 4.2, 5.9, 6.1, 0.7, 2.8, 3.3, 4.9, 5.2, 6.6];
/// let e = [1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 0];
/// let mut d: Vec<_> = (0..12).map(|i| (t[i], e[i] == 1, i < 6)).collect();
/// let fit = cox::fit(&mut d).unwrap();
/// assert!((fit.log_hazard_ratio - -0.05717433024833191).abs() < 1e-10);
/// assert!((fit.se - 0.7140269086631904).abs() < 1e-10);
/// ```
pub fn fit(data: &mut [Subject]) -> Option<CoxFit> {
    crate::log_rank::sort(data);
    fit_sorted(data, &mut Vec::new())
}

/// Per distinct event time: events (all, in the arm) and who is at risk (control, arm).
pub type RiskSet = (f64, f64, f64, f64);

/// [`fit`] of subjects already sorted by time, with `times` as scratch space (reused from
/// fit to fit, so a simulation allocates nothing per trial).
pub fn fit_sorted(data: &[Subject], times: &mut Vec<RiskSet>) -> Option<CoxFit> {
    times.clear();
    times.extend(EventTimes::new(data).map(|t| (t.events, t.arm_events, t.at_risk - t.at_risk_arm, t.at_risk_arm)));
    let times = &times[..];
    let arm_events: f64 = times.iter().map(|x| x.1).sum();
    let events: f64 = times.iter().map(|x| x.0).sum();
    if arm_events == 0.0 || arm_events == events {
        return None;
    }
    let mut beta = 0.0_f64;
    for _ in 0..MAX_ITERATIONS {
        let r = beta.exp();
        let (mut score, mut information) = (0.0, 0.0);
        for &(d, d_arm, r0, r1) in times {
            let share = r1 * r / (r0 + r1 * r);
            score += d_arm - d * share;
            information += d * share * (1.0 - share);
        }
        if information <= 0.0 || !information.is_finite() {
            return None;
        }
        let step = score / information;
        beta += step;
        if step.abs() < TOLERANCE {
            let r = beta.exp();
            let information: f64 = times
                .iter()
                .map(|&(d, _, r0, r1)| {
                    let share = r1 * r / (r0 + r1 * r);
                    d * share * (1.0 - share)
                })
                .sum();
            return (beta.is_finite() && information > 0.0)
                .then(|| CoxFit { log_hazard_ratio: beta, se: information.sqrt().recip() });
        }
    }
    None
}
