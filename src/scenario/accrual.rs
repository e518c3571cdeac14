//! `[accrual]`: when patients enter the trial, and how the arms are assigned in order of
//! entry.
//!
//! The planned accrual is a curve of expected patients by calendar week (from the first
//! patient's entry): piecewise-constant intensity over periods (rpact's
//! `accrualTime`/`accrualIntensity`, the last period open until every patient is in) or a
//! duration with uniform entry. It reaches the sample size at the planned duration `T`.
//! A replicate's entry weeks are the order statistics of `N` independent draws from the
//! planned curve (its share by week t, `expected(t) / N`): the trial enrols exactly `N`
//! patients, never after `T`, and the expected number enrolled by week t is the curve
//! itself (binomial around it).

/// The most random-number streams (the marker, each score, event and second
/// randomisation) a scenario with accrual may have: the entry weeks take the next.
pub const MAX_COMPONENTS: usize = 255;

/// How patients enter the trial, and in what order the arms are assigned.
#[derive(Debug, Clone, PartialEq)]
pub struct Accrual {
    pub schedule: Schedule,
    pub randomisation: Randomisation,
}

/// The planned accrual curve.
#[derive(Debug, Clone, PartialEq)]
pub enum Schedule {
    /// Patients per week `intensity[i]` from week `starts[i]` (the first 0) to the next
    /// start; the last period lasts until every patient is in.
    Periods { starts: Vec<f64>, intensity: Vec<f64> },
    /// Entry uniform over `duration` weeks.
    Uniform { duration: f64 },
}

/// The order of the arms in order of entry; the arm sizes are the scenario's either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Randomisation {
    /// Permuted blocks of this size (a multiple of the sum of the allocation weights):
    /// each block holds the arms in the allocation's proportions in random order; the last,
    /// partial block holds what the arm sizes still need.
    Blocks(u32),
    /// Every order of the arms' patients equally likely (the random allocation rule: the
    /// arm sizes stay fixed).
    Complete,
}

impl Schedule {
    /// Expected patients enrolled by week `t` with the last period open-ended (rpact's
    /// `getNumberOfSubjects` before it caps at the sample size).
    pub fn expected(&self, t: f64, n: u32) -> f64 {
        if t <= 0.0 {
            return 0.0;
        }
        match self {
            Schedule::Uniform { duration } => n as f64 * (t / duration).min(1.0),
            Schedule::Periods { starts, intensity } => {
                let mut total = 0.0;
                for (i, (&start, &rate)) in starts.iter().zip(intensity).enumerate() {
                    let end = starts.get(i + 1).copied().unwrap_or(f64::INFINITY);
                    if t > start {
                        total += rate * (t.min(end) - start);
                    }
                }
                total
            }
        }
    }

    /// Patients per week entering at week `t` on the planned curve (before it reaches the
    /// sample size).
    pub fn intensity(&self, t: f64, n: u32) -> f64 {
        match self {
            Schedule::Uniform { duration } => n as f64 / duration,
            Schedule::Periods { starts, intensity } => {
                let i = starts.iter().rposition(|&start| start <= t).unwrap_or(0);
                intensity[i]
            }
        }
    }

    /// The week at which the planned curve reaches `patients` (the planned duration at the
    /// sample size). `patients` must be reachable: the last period has a positive intensity.
    pub fn week_of(&self, patients: f64, n: u32) -> f64 {
        match self {
            Schedule::Uniform { duration } => duration * patients / n as f64,
            Schedule::Periods { starts, intensity } => {
                let mut before = 0.0;
                for (i, (&start, &rate)) in starts.iter().zip(intensity).enumerate() {
                    let end = starts.get(i + 1).copied().unwrap_or(f64::INFINITY);
                    let here = rate * (end - start);
                    if before + here >= patients && rate > 0.0 {
                        return start + (patients - before) / rate;
                    }
                    before += here;
                }
                f64::INFINITY
            }
        }
    }

    /// The planned duration: the week the curve reaches the sample size.
    pub fn duration(&self, n: u32) -> f64 {
        self.week_of(n as f64, n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_match_rpact() {
        // rpact: getAccrualTime(accrualTime = c(0, 12), accrualIntensity = c(5, 10),
        //   maxNumberOfSubjects = 110)$accrualTime = 0 12 17
        let s = Schedule::Periods { starts: vec![0.0, 12.0], intensity: vec![5.0, 10.0] };
        assert_eq!(s.duration(110), 17.0);
        // getNumberOfSubjects(time = c(6, 12, 15), accrualTime = c(0, 12, 17),
        //   accrualIntensity = c(5, 10), maxNumberOfSubjects = 110) = 30 60 90
        for (t, expected) in [(6.0, 30.0), (12.0, 60.0), (15.0, 90.0)] {
            assert_eq!(s.expected(t, 110), expected);
            assert_eq!(s.week_of(expected, 110), t);
        }
        let u = Schedule::Uniform { duration: 52.0 };
        assert_eq!(u.duration(220), 52.0);
        assert_eq!(u.expected(13.0, 220), 55.0);
        assert_eq!(u.expected(60.0, 220), 220.0);
    }

    #[test]
    fn a_period_without_patients_is_passed_over() {
        let s = Schedule::Periods { starts: vec![0.0, 4.0, 8.0], intensity: vec![2.0, 0.0, 4.0] };
        assert_eq!(s.week_of(8.0, 20), 4.0);
        assert_eq!(s.week_of(12.0, 20), 9.0);
        assert_eq!(s.duration(20), 11.0);
    }
}
