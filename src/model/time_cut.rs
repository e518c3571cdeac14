//! Whether a time drawn by a logarithm passes a week, decided without the logarithm where
//! the answer is certain.
//!
//! Dropout, event and second-period event times are `T = g(-ln v)` for a uniform `v` and an
//! increasing `g`, so `T > W` exactly when `-ln v > level`, that is when `v < exp(-level)`.
//! A [`TimeCut`] holds that threshold widened by a relative margin of [`MARGIN`] on each
//! side: outside the band the answer is certain (the time computed the long way is within
//! 1e-14 of the true one, far inside the margin), inside it the caller computes the time.
//! The simulation then takes the logarithm only for the patients whose time it stores
//! (an event, a dropout before the horizon), and every decision and stored time is the same
//! bit for bit as when every time was computed.

use super::exp::exp;
use super::ln::ln;
use super::setup::Model;

/// The relative margin on `level` around which the answer is left to the exact time.
pub const MARGIN: f64 = 1e-8;

/// The threshold of one comparison `T > W` on the uniform `v` the time is drawn from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeCut {
    /// `v` below this: `T > W` certainly.
    below: f64,
    /// `v` above this: `T < W` certainly.
    above: f64,
}

impl TimeCut {
    /// A cut that never decides (every comparison takes the exact time).
    pub const EXACT: TimeCut = TimeCut { below: f64::NEG_INFINITY, above: f64::INFINITY };

    /// The cut of `T > W` where that holds exactly when `-ln v > level`. Levels beyond the
    /// exponential's range (or NaN) give [`TimeCut::EXACT`].
    pub fn new(level: f64) -> Self {
        if level.is_nan() || level.abs() > 600.0 {
            return TimeCut::EXACT;
        }
        TimeCut { below: exp(-level * (1.0 + MARGIN)), above: exp(-level * (1.0 - MARGIN)) }
    }

    /// `Some(T > W)` where `v` decides it, `None` where the time must be computed.
    #[inline]
    pub fn decide(&self, v: f64) -> Option<bool> {
        if v < self.below {
            Some(true)
        } else if v > self.above {
            Some(false)
        } else {
            None
        }
    }

    /// `T > W`, with `exact` (the comparison on the computed time) where `v` does not
    /// decide it.
    #[inline]
    pub fn exceeds(&self, v: f64, exact: impl FnOnce() -> bool) -> bool {
        self.decide(v).unwrap_or_else(exact)
    }
}

/// One arm's times for one event: the follow-up its dropout allows, and the event's own
/// time (Weibull with `P(T <= horizon) = probability`: `horizon (-ln v / c)^(1 / shape)`,
/// `c = -ln(1 - probability)`).
#[derive(Debug, Clone, Copy, Default)]
pub struct EventTimes {
    horizon: f64,
    shape: f64,
    cumulative: f64,
    /// The arm's dropout hazard, and whether its dropout time is stored (informative
    /// dropout) rather than `-ln(stay) / hazard`.
    hazard: f64,
    stored: bool,
    censor_scale: f64,
}

impl EventTimes {
    /// Arm `a`'s times for event `k` (horizon, censoring scale) with event probability
    /// `probability` by the horizon and Weibull `shape`.
    pub fn new(model: &Model, a: usize, k: usize, probability: f64, shape: f64) -> Self {
        let (horizon, _, censor_scale) = model.events[k];
        EventTimes {
            horizon,
            shape,
            cumulative: -(-probability).ln_1p(),
            hazard: model.dropout_hazard[a],
            stored: model.informative_dropout[a] != 0.0,
            censor_scale,
        }
    }

    /// The follow-up time from the patient's `stay` uniform (or `stored` dropout time).
    #[inline]
    pub fn follow_up(&self, stay: f64, stored: f64) -> f64 {
        let dropout = if self.stored {
            stored
        } else if self.hazard > 0.0 {
            -ln(stay) / self.hazard
        } else {
            f64::INFINITY
        };
        dropout * self.censor_scale
    }

    /// The cut of `follow_up > week` on `stay`.
    pub fn follow_up_cut(&self, week: f64) -> TimeCut {
        if self.stored { TimeCut::EXACT } else { TimeCut::new(week * self.hazard / self.censor_scale) }
    }

    /// The event's time from its uniform `v` (infinite when the probability is 0).
    #[inline]
    pub fn time(&self, v: f64) -> f64 {
        time(v, self.horizon, self.cumulative, self.shape)
    }

    /// The cut of `time > week` on `v`.
    pub fn cut(&self, week: f64) -> TimeCut {
        cut(week, self.horizon, self.cumulative, self.shape)
    }

    /// A time of the same shape with another probability by the horizon (a sub-arm's after
    /// a second randomisation, whose follow-up starts at its week).
    pub fn with_probability(self, probability: f64) -> Self {
        EventTimes { cumulative: -(-probability).ln_1p(), ..self }
    }
}

/// `horizon (-ln v / cumulative)^(1 / shape)`; infinite for `cumulative` 0.
#[inline]
fn time(v: f64, horizon: f64, cumulative: f64, shape: f64) -> f64 {
    if cumulative > 0.0 { horizon * weibull(-ln(v) / cumulative, shape) } else { f64::INFINITY }
}

/// The cut of `time(v) > week`: `-ln v > cumulative (week / horizon)^shape`.
fn cut(week: f64, horizon: f64, cumulative: f64, shape: f64) -> TimeCut {
    if !(cumulative > 0.0 && cumulative.is_finite()) {
        return TimeCut::EXACT;
    }
    let ratio = week / horizon;
    let power = if shape == 1.0 { ratio } else { exp(shape * ln(ratio)) };
    TimeCut::new(cumulative * power)
}

/// `x^(1 / shape)`: `x` itself for shape 1 (an exponential time), else by the project's own
/// exponential and logarithm (no library call, the same bits on every platform).
#[inline]
fn weibull(x: f64, shape: f64) -> f64 {
    if shape == 1.0 { x } else { exp(ln(x) / shape) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ln::ln;

    /// Every decision the cut makes agrees with the time computed the long way, over a
    /// dense grid of uniforms around the threshold and far from it.
    #[test]
    fn decisions_agree_with_the_computed_time() {
        for &(hazard, week) in &[(0.002, 52.0), (0.05, 78.0), (1.3, 0.5), (1e-6, 130.0), (3.0, 100.0)] {
            let cut = TimeCut::new(week * hazard);
            let time = |v: f64| -ln(v) / hazard;
            let edge = (-week * hazard).exp();
            let mut decided = 0;
            for i in 0..200_000 {
                // Uniforms spread over (0, 1] and packed near the threshold.
                let v = if i % 2 == 0 {
                    (i as f64 + 0.5) / 200_000.0
                } else {
                    (edge * (1.0 + (i as f64 - 100_000.0) * 1e-12)).min(1.0)
                };
                if let Some(d) = cut.decide(v) {
                    decided += 1;
                    assert_eq!(d, time(v) > week, "hazard {hazard}, week {week}, v {v}");
                }
            }
            assert!(decided > 90_000, "the cut decides most uniforms ({decided})");
        }
    }

    /// Event times of several shapes and probabilities: the cut agrees with the time.
    #[test]
    fn event_cuts_agree_with_the_event_time() {
        for &(p, shape, week) in &[(0.09f64, 1.0, 52.0), (0.3, 1.7, 78.0), (0.5, 0.6, 20.0), (0.999, 3.0, 130.0)] {
            let cumulative = -(-p).ln_1p();
            let c = cut(week, 52.0, cumulative, shape);
            let mut decided = 0;
            for i in 1..100_000 {
                let v = i as f64 / 100_000.0;
                if let Some(d) = c.decide(v) {
                    decided += 1;
                    assert_eq!(d, time(v, 52.0, cumulative, shape) > week, "p {p}, shape {shape}, v {v}");
                }
            }
            assert!(decided > 99_000, "{decided}");
        }
        assert_eq!(cut(52.0, 52.0, 0.0, 1.0), TimeCut::EXACT);
        assert_eq!(time(0.5, 52.0, 0.0, 1.0), f64::INFINITY);
    }

    #[test]
    fn extreme_levels_leave_every_answer_to_the_exact_time() {
        assert_eq!(TimeCut::new(f64::NAN), TimeCut::EXACT);
        assert_eq!(TimeCut::new(1e4), TimeCut::EXACT);
        assert_eq!(TimeCut::EXACT.decide(0.5), None);
        // A level of 0 (a week of 0, or no dropout): every v < 1 passes.
        assert_eq!(TimeCut::new(0.0).decide(0.999_999), Some(true));
    }
}
