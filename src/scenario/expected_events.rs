//! The events of an `[[event]]` expected by a calendar week on the planned accrual and the
//! scenario's rates: what plans a look triggered by events on an endpoint that is not the
//! event's time (its planned information is the share of patients expected to have
//! reached the endpoint's week when that many events are expected).
//!
//! A patient of arm a entering at week x has had the event by calendar week T with
//! probability `P(T_e <= min(T - x, H, D))`, where `T_e` is the arm's Weibull time
//! (`P(T_e <= H) = p_a`), H the horizon and D the exponential dropout time of the model
//! (rescaled to the horizon under the event's `dropout = "horizon"`); entries follow the
//! planned accrual curve up to the sample size.

use super::accrual::Accrual;
use super::arm::Arm;
use super::event::{Event, EventDropout};
use trialsim_stats::quadrature::integrate;

/// How closely the integrals are computed (in events).
const TOLERANCE: f64 = 1e-9;

/// The planned course of one event's count over calendar time.
pub struct ExpectedEvents<'a> {
    pub accrual: &'a Accrual,
    pub arms: &'a [Arm],
    pub event: &'a Event,
    /// The event's index among the scenario's events.
    pub k: usize,
    /// The last visit's week (the dropout probability refers to it).
    pub last_week: f64,
    pub sample_size: u32,
}

impl<'a> ExpectedEvents<'a> {
    /// The plan of event `k` of a scenario with `[accrual]`.
    pub fn of(s: &'a super::Scenario, k: usize) -> Option<Self> {
        Some(ExpectedEvents {
            accrual: s.accrual.as_ref()?,
            arms: &s.arms,
            event: &s.events[k],
            k,
            last_week: *s.visits.last()? as f64,
            sample_size: s.sample_size,
        })
    }

    /// The probability that a patient of `arm` has had the event `s` weeks after entry.
    fn by(&self, arm: &Arm, s: f64) -> f64 {
        let p = arm.events[self.k];
        if p <= 0.0 || s <= 0.0 {
            return 0.0;
        }
        let (horizon, shape) = (self.event.horizon as f64, arm.shapes[self.k]);
        let cumulative = -(-p).ln_1p();
        let scale = match self.event.dropout {
            EventDropout::LastVisit => 1.0,
            EventDropout::Horizon => horizon / self.last_week,
        };
        // Follow-up is lost at rate `rate` (the dropout time's hazard, rescaled).
        let rate = -(-arm.dropout).ln_1p() / self.last_week / scale;
        let f = |u: f64| -(-cumulative * (u / horizon).powf(shape)).exp_m1();
        let m = s.min(horizon);
        // The integral of f'(u) exp(-rate u) over (0, m), by parts.
        let rest = if rate > 0.0 { rate * integrate(|u| f(u) * (-rate * u).exp(), 0.0, m, TOLERANCE) } else { 0.0 };
        f(m) * (-rate * m).exp() + rest
    }

    /// The events expected by calendar week `t`.
    pub fn at(&self, t: f64) -> f64 {
        let n = self.sample_size;
        let end = self.accrual.schedule.duration(n).min(t);
        if end <= 0.0 {
            return 0.0;
        }
        // Entry is spread as the planned curve up to the sample size: split where its
        // density jumps, and where a patient's follow-up reaches the horizon.
        let mut cuts = vec![0.0, end, t - self.event.horizon as f64];
        if let super::accrual::Schedule::Periods { starts, .. } = &self.accrual.schedule {
            cuts.extend(starts.iter().copied());
        }
        cuts.retain(|&x| (0.0..=end).contains(&x));
        cuts.sort_by(f64::total_cmp);
        cuts.dedup();
        let density = |x: f64| self.accrual.schedule.intensity(x, n) / n as f64;
        self.arms
            .iter()
            .map(|arm| {
                let each = cuts
                    .windows(2)
                    .map(|w| integrate(|x| density(x) * self.by(arm, t - x), w[0], w[1], TOLERANCE / n as f64))
                    .sum::<f64>();
                arm.n as f64 * each
            })
            .sum()
    }

    /// The calendar week by which `events` are expected, if they ever are.
    pub fn week_of(&self, events: f64) -> Option<f64> {
        let last = self.accrual.schedule.duration(self.sample_size) + self.event.horizon as f64;
        if self.at(last) < events {
            return None;
        }
        let (mut lo, mut hi) = (0.0, last);
        while hi - lo > 1e-9 * (1.0 + hi) {
            let mid = 0.5 * (lo + hi);
            if self.at(mid) < events {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        Some(hi)
    }
}
