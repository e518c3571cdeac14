//! The rate-difference test of two Kaplan-Meier event probabilities at a horizon, and the
//! intervals of their difference: the test's inversion and the Wald interval.
//!
//! The test is Farrington & Manning's (1990) score test of `F1 - F2 = delta`, applied to
//! the Kaplan-Meier estimates as if each were a proportion among its Greenwood effective
//! sample size `n = F (1 - F) / var`, the size of a binomial sample whose proportion `F`
//! would have the Greenwood variance `var` (`docs/model.md` derives it).

use crate::Alternative;
use crate::boundary::{crossing, turn_near};
use crate::score::statistic_effective;
use crate::special::{normal_quantile, z_p_value};

/// A Kaplan-Meier estimate of the probability of the event by the horizon in one group.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EventProbability {
    /// `F`, one minus the Kaplan-Meier survival at the horizon.
    pub estimate: f64,
    /// Greenwood's variance of `F`.
    pub variance: f64,
    /// Patients in the group.
    pub patients: f64,
}

impl EventProbability {
    /// The Greenwood effective sample size `F (1 - F) / var`; the group's patients when the
    /// variance is 0 (no event, or every patient's by the horizon).
    pub fn effective_size(&self) -> f64 {
        let f = self.estimate;
        if self.variance > 0.0 { f * (1.0 - f) / self.variance } else { self.patients }
    }
}

/// The score statistic of `F1 - F2 = delta` (arm minus control); `None` where it is
/// undefined (a group without patients, or no variance and no difference).
pub fn statistic(arm: &EventProbability, control: &EventProbability, delta: f64) -> Option<f64> {
    statistic_effective(arm.estimate, arm.effective_size(), control.estimate, control.effective_size(), delta)
}

/// The p-value of the test of `F1 - F2 = delta` against `alternative`.
pub fn p_value(
    arm: &EventProbability,
    control: &EventProbability,
    delta: f64,
    alternative: Alternative,
) -> Option<f64> {
    statistic(arm, control, delta).map(|z| z_p_value(z, alternative))
}

/// The confidence of the interval that inverts the test at `alpha`: `1 - alpha` for a
/// two-sided test, `1 - 2 alpha` for a one-sided one (each bound is a one-sided test at
/// `alpha`).
pub fn score_confidence(alternative: Alternative, alpha: f64) -> f64 {
    match alternative {
        Alternative::TwoSided => 1.0 - alpha,
        Alternative::Greater | Alternative::Less => 1.0 - 2.0 * alpha,
    }
}

/// The interval that inverts the test against `alternative` at `alpha`: the differences
/// `d` whose null hypothesis `F1 - F2 = d` the test does not reject, from the smallest to
/// the largest such number. A one-sided test is inverted on each side (the upper bound by
/// `less`, the lower by `greater`, both at `alpha`), a two-sided one on the side of the
/// estimate each bound lies on. So the test of `delta` rejects exactly when `delta` lies
/// above the upper bound (`less`), below the lower bound (`greater`), or outside the
/// interval (two-sided): the bounds are found to adjacent floating-point numbers with the
/// test's own p-value. Bounds lie in `[-1, 1]`; where the test rejects nothing (an empty
/// group) the interval is `[-1, 1]`.
pub fn score_interval(
    arm: &EventProbability,
    control: &EventProbability,
    alternative: Alternative,
    alpha: f64,
) -> (f64, f64) {
    // Does the test reject `F1 - F2 = d` for a difference below (`Less`) or above it?
    let rejects = |d: f64, side: Alternative| match statistic(arm, control, d) {
        None => false,
        Some(z) if alternative == Alternative::TwoSided => {
            (if side == Alternative::Less { z < 0.0 } else { z > 0.0 }) && z_p_value(z, alternative) <= alpha
        }
        Some(z) => z_p_value(z, side) <= alpha,
    };
    // The statistic decreases in d: rejections on the `less` side turn on above the upper
    // bound, those on the `greater` side off above the lower bound. Each bound starts from
    // where the statistic reaches its critical value, then is settled by the test itself.
    let estimate = arm.estimate - control.estimate;
    let critical = normal_quantile(if alternative == Alternative::TwoSided { alpha / 2.0 } else { alpha });
    let near = |target: f64| {
        let f = |d: f64| statistic(arm, control, d).unwrap_or(0.0) - target;
        if f(estimate) > 0.0 { crossing(f, estimate, 1.0) } else { crossing(f, -1.0, estimate) }
    };
    let above = |d: f64| rejects(d, Alternative::Less);
    let hi = if above(-1.0) {
        -1.0
    } else if !above(1.0) {
        1.0
    } else {
        turn_near(near(critical), -1.0, 1.0, above).0
    };
    let below = |d: f64| !rejects(d, Alternative::Greater);
    let lo = if below(-1.0) {
        -1.0
    } else if !below(1.0) {
        1.0
    } else {
        turn_near(near(-critical), -1.0, 1.0, below).1
    };
    (lo, hi)
}

/// The Wald interval `F1 - F2 -/+ z sqrt(var1 + var2)` with Greenwood's variances.
pub fn wald_interval(arm: &EventProbability, control: &EventProbability, z: f64) -> (f64, f64) {
    let estimate = arm.estimate - control.estimate;
    let half = z * (arm.variance + control.variance).sqrt();
    (estimate - half, estimate + half)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Alternative::{Greater, Less, TwoSided};

    fn group(estimate: f64, effective: f64, patients: f64) -> EventProbability {
        let variance = if effective > 0.0 { estimate * (1.0 - estimate) / effective } else { 0.0 };
        EventProbability { estimate, variance, patients }
    }

    /// Groups from no event to all, small to large, effective sizes at and below the
    /// patients (censoring).
    fn groups() -> Vec<EventProbability> {
        let mut out = Vec::new();
        for f in [0.0, 0.01, 0.07, 0.12, 0.3, 0.5, 0.93, 1.0] {
            for n in [3.0, 30.0, 110.0, 2000.0] {
                for share in [0.37, 0.9, 1.0] {
                    out.push(group(f, share * n, n));
                }
            }
        }
        out
    }

    #[test]
    fn effective_size_is_the_binomial_size_with_the_greenwood_variance() {
        let g = EventProbability { estimate: 0.2, variance: 0.0016, patients: 120.0 };
        assert!((g.effective_size() - 100.0).abs() < 1e-12);
        // No variance (no event, or every patient's): the patients.
        assert_eq!(EventProbability { estimate: 0.0, variance: 0.0, patients: 40.0 }.effective_size(), 40.0);
        // Without censoring Greenwood's variance is the binomial one: the patients. With it,
        // fewer.
        // (Censored only after the horizon.)
        let uncensored = [(1.0, true), (2.0, true), (2.0, true), (5.0, true), (7.0, false), (9.0, true), (9.5, false)];
        let (estimate, variance) = crate::kaplan_meier::at_horizon(&uncensored, 6.0);
        let g = EventProbability { estimate, variance, patients: 7.0 };
        assert!((estimate - 4.0 / 7.0).abs() < 1e-15 && (g.effective_size() - 7.0).abs() < 1e-12, "{g:?}");
        let censored = [(1.0, true), (2.0, false), (2.0, true), (4.0, false), (5.0, true), (9.0, true), (9.5, false)];
        let (estimate, variance) = crate::kaplan_meier::at_horizon(&censored, 6.0);
        assert!(EventProbability { estimate, variance, patients: 7.0 }.effective_size() < 7.0);
    }

    #[test]
    fn the_bounds_are_where_the_p_value_reaches_alpha() {
        let (arm, control) = (group(0.09, 95.0, 110.0), group(0.07, 97.0, 110.0));
        for (alternative, alpha) in [(Less, 0.025), (Greater, 0.025), (Less, 0.05), (TwoSided, 0.05), (TwoSided, 0.1)] {
            let (lo, hi) = score_interval(&arm, &control, alternative, alpha);
            let (p_lo, p_hi) = match alternative {
                TwoSided => (p_value(&arm, &control, lo, TwoSided), p_value(&arm, &control, hi, TwoSided)),
                _ => (p_value(&arm, &control, lo, Greater), p_value(&arm, &control, hi, Less)),
            };
            for p in [p_lo.unwrap(), p_hi.unwrap()] {
                assert!((p - alpha).abs() < 1e-9, "{alternative:?} {alpha}: p {p} at ({lo}, {hi})");
            }
            // Not rejected at the bounds, rejected at the next numbers out.
            let rejects = |d: f64, side| p_value(&arm, &control, d, side).unwrap() <= alpha;
            let (side_lo, side_hi) = if alternative == TwoSided { (TwoSided, TwoSided) } else { (Greater, Less) };
            assert!(!rejects(lo, side_lo) && rejects(lo.next_down(), side_lo));
            assert!(!rejects(hi, side_hi) && rejects(hi.next_up(), side_hi));
        }
        // The interval of the two one-sided tests at 0.025 is the two-sided one at 0.05.
        let one = score_interval(&arm, &control, Less, 0.025);
        let two = score_interval(&arm, &control, TwoSided, 0.05);
        assert!((one.0 - two.0).abs() < 1e-12 && (one.1 - two.1).abs() < 1e-12, "{one:?} {two:?}");
        assert_eq!(score_confidence(Less, 0.025), 0.95);
        assert_eq!(score_confidence(TwoSided, 0.05), 0.95);
    }

    #[test]
    fn the_statistic_decreases_in_the_null_difference() {
        for (i, arm) in groups().iter().enumerate() {
            for control in groups().iter().skip(i % 7).step_by(7) {
                let mut last = f64::INFINITY;
                for k in -1000..=1000 {
                    let d = k as f64 / 1000.0;
                    let Some(z) = statistic(arm, control, d) else { continue };
                    assert!(z <= last + 1e-9 * (1.0 + z.abs()), "{arm:?} {control:?}: z({d}) = {z} after {last}");
                    last = z;
                }
            }
        }
    }

    #[test]
    fn the_interval_excludes_a_null_difference_exactly_when_the_test_rejects() {
        let mut decisions = 0;
        for arm in groups() {
            for control in groups() {
                for (alternative, alpha) in [(Less, 0.025), (Greater, 0.025), (TwoSided, 0.05), (Less, 0.1)] {
                    let (lo, hi) = score_interval(&arm, &control, alternative, alpha);
                    assert!((-1.0..=1.0).contains(&lo) && (-1.0..=1.0).contains(&hi) && lo <= hi);
                    let deltas = [-0.12, 0.0, 0.05, 0.12, 0.3, lo, hi, lo.next_down(), hi.next_up()];
                    for delta in deltas.into_iter().filter(|d| (-1.0..=1.0).contains(d)) {
                        let rejects = p_value(&arm, &control, delta, alternative).is_some_and(|p| p <= alpha);
                        let excludes = match alternative {
                            Less => delta > hi,
                            Greater => delta < lo,
                            TwoSided => delta < lo || delta > hi,
                        };
                        assert_eq!(rejects, excludes, "{arm:?} {control:?} {alternative:?} {delta}: ({lo}, {hi})");
                        decisions += 1;
                    }
                }
            }
        }
        assert!(decisions > 100_000, "{decisions}");
    }

    #[test]
    fn degenerate_groups_give_intervals_without_panics() {
        let empty = EventProbability { estimate: 0.0, variance: 0.0, patients: 0.0 };
        let some = group(0.2, 50.0, 60.0);
        assert_eq!(score_interval(&empty, &some, Less, 0.025), (-1.0, 1.0));
        assert_eq!(score_interval(&some, &empty, TwoSided, 0.05), (-1.0, 1.0));
        // No events in either group: an interval around 0.
        let none = group(0.0, 0.0, 50.0);
        let (lo, hi) = score_interval(&none, &none, TwoSided, 0.05);
        assert!(lo < 0.0 && hi > 0.0 && (lo + hi).abs() < 1e-12, "({lo}, {hi})");
        // Every patient's event in the arm, none in the control: up to 1.
        let all = group(1.0, 0.0, 50.0);
        let (lo, hi) = score_interval(&all, &none, TwoSided, 0.05);
        assert!(lo > 0.9 && hi == 1.0, "({lo}, {hi})");
    }

    #[test]
    fn the_wald_interval_is_symmetric_around_the_estimate() {
        let (arm, control) = (group(0.3, 80.0, 100.0), group(0.2, 90.0, 100.0));
        let (lo, hi) = wald_interval(&arm, &control, 1.959963984540054);
        let half = 1.959963984540054 * (arm.variance + control.variance).sqrt();
        assert!((lo - (0.1 - half)).abs() < 1e-15 && (hi - (0.1 + half)).abs() < 1e-15);
    }
}
