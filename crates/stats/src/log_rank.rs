//! The log-rank test of two arms' times to event.

use crate::Alternative;
use crate::special::z_p_value;

/// One patient: follow-up time, whether it ended with the event, whether in the arm
/// (as opposed to the control).
pub type Subject = (f64, bool, bool);

/// The standardised log-rank statistic `(O - E) / sqrt(V)` of the arm (negative when the
/// arm has fewer events than expected). Sorts `data` by time. `None` without events.
///
/// # Examples
///
/// ```
/// use trialsim_stats::log_rank;
/// // R: survdiff(Surv(c(1,2,3,4,5,6), c(1,1,0,1,1,0)) ~ c(1,1,1,0,0,0))$chisq = 2.46938775510204
/// let mut d = vec![(1.0, true, true), (2.0, true, true), (3.0, false, true),
///                  (4.0, true, false), (5.0, true, false), (6.0, false, false)];
/// let z = log_rank::statistic(&mut d).unwrap();
/// assert!((z * z - 2.46938775510204).abs() < 1e-12 && z > 0.0);
/// ```
pub fn statistic(data: &mut [Subject]) -> Option<f64> {
    sort(data);
    statistic_sorted(data)
}

/// [`statistic`] of `data` already sorted by time.
pub fn statistic_sorted(data: &[Subject]) -> Option<f64> {
    let (mut observed, mut expected, mut variance) = (0.0, 0.0, 0.0);
    for EventTime { events: d, arm_events, at_risk, at_risk_arm } in EventTimes::new(data) {
        let share = at_risk_arm / at_risk;
        observed += arm_events;
        expected += d * share;
        if at_risk > 1.0 {
            variance += d * share * (1.0 - share) * (at_risk - d) / (at_risk - 1.0);
        }
    }
    (variance > 0.0).then(|| (observed - expected) / variance.sqrt())
}

/// A distinct time with events: the events (all, and in the arm) and who was at risk
/// just before it (all, and in the arm).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EventTime {
    pub events: f64,
    pub arm_events: f64,
    pub at_risk: f64,
    pub at_risk_arm: f64,
}

/// Sort subjects by time. Subjects tied in time are counted together by every statistic
/// here, so their order does not matter (an unstable sort, without allocating).
pub fn sort(data: &mut [Subject]) {
    data.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
}

/// The distinct event times of `data`, in order (sorting `data` by time).
pub fn event_times(data: &mut [Subject]) -> Vec<EventTime> {
    sort(data);
    EventTimes::new(data).collect()
}

/// The distinct event times of subjects sorted by time, in order, without allocating.
pub struct EventTimes<'a> {
    data: &'a [Subject],
    i: usize,
    at_risk: f64,
    at_risk_arm: f64,
}

impl<'a> EventTimes<'a> {
    pub fn new(data: &'a [Subject]) -> Self {
        let at_risk_arm = data.iter().filter(|s| s.2).count() as f64;
        EventTimes { data, i: 0, at_risk: data.len() as f64, at_risk_arm }
    }
}

impl Iterator for EventTimes<'_> {
    type Item = EventTime;

    fn next(&mut self) -> Option<EventTime> {
        let data = self.data;
        while self.i < data.len() {
            let t = data[self.i].0;
            let (mut d, mut d_arm, mut leaving, mut leaving_arm) = (0.0, 0.0, 0.0, 0.0);
            while self.i < data.len() && data[self.i].0 == t {
                let (_, event, arm) = data[self.i];
                d += event as u8 as f64;
                d_arm += (event && arm) as u8 as f64;
                leaving += 1.0;
                leaving_arm += arm as u8 as f64;
                self.i += 1;
            }
            let (at_risk, at_risk_arm) = (self.at_risk, self.at_risk_arm);
            self.at_risk -= leaving;
            self.at_risk_arm -= leaving_arm;
            if d > 0.0 {
                return Some(EventTime { events: d, arm_events: d_arm, at_risk, at_risk_arm });
            }
        }
        None
    }
}

/// The p-value of the log-rank test: `less` means fewer events in the arm.
pub fn p_value(data: &mut [Subject], alternative: Alternative) -> Option<f64> {
    statistic(data).map(|z| z_p_value(z, alternative))
}

/// [`p_value`] of `data` already sorted by time.
pub fn p_value_sorted(data: &[Subject], alternative: Alternative) -> Option<f64> {
    statistic_sorted(data).map(|z| z_p_value(z, alternative))
}

/// The subjects of two groups, each sorted by time, merged in time order into `out` (the
/// compared group's marked `true`).
pub fn merge(arm: &[(f64, bool)], control: &[(f64, bool)], out: &mut Vec<Subject>) {
    out.clear();
    let (mut i, mut j) = (0, 0);
    while i < arm.len() || j < control.len() {
        if j == control.len() || i < arm.len() && arm[i].0 <= control[j].0 {
            out.push((arm[i].0, arm[i].1, true));
            i += 1;
        } else {
            out.push((control[j].0, control[j].1, false));
            j += 1;
        }
    }
}
