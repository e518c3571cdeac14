//! Welch's t test of the difference of mean changes (arm minus control).

use super::Alternative;
use super::sample::SampleStats;
use super::student_t;

/// A continuous comparison: p-value, estimate and its two-sided 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub p: f64,
    pub difference: f64,
    pub lo: f64,
    pub hi: f64,
}

/// Welch's test; `None` with fewer than two patients in an arm or no variation at all.
///
/// # Examples
///
/// ```
/// use trialsim::analysis::{sample::SampleStats, welch, Alternative};
/// let (mut a, mut b) = (SampleStats::default(), SampleStats::default());
/// for y in [-5.0, -3.0, -4.0, -6.0, -2.0] { a.push(0.0, y) }
/// for y in [-1.0, 0.0, -2.0, 1.0] { b.push(0.0, y) }
/// // R: t.test(c(-5,-3,-4,-6,-2), c(-1,0,-2,1))$p.value = 0.008156170828
/// let e = welch::test(&a, &b, Alternative::TwoSided, 0.95).unwrap();
/// assert!((e.p - 0.008156170828).abs() < 1e-8);
/// ```
pub fn test(arm: &SampleStats, control: &SampleStats, alternative: Alternative, level: f64) -> Option<Estimate> {
    if arm.n < 2 || control.n < 2 {
        return None;
    }
    let (v1, v2) = (arm.var_y() / arm.n as f64, control.var_y() / control.n as f64);
    let se2 = v1 + v2;
    if se2 <= 0.0 {
        return None;
    }
    let df = se2 * se2 / (v1 * v1 / (arm.n - 1) as f64 + v2 * v2 / (control.n - 1) as f64);
    Some(Estimate::from_t(arm.mean_y - control.mean_y, se2.sqrt(), df, alternative, level))
}

impl Estimate {
    /// A t-based estimate: p-value of `difference / se` on `df` degrees of freedom and the
    /// two-sided interval with coverage `level`.
    pub fn from_t(difference: f64, se: f64, df: f64, alternative: Alternative, level: f64) -> Estimate {
        let q = student_t::quantile(0.5 + level / 2.0, df);
        Estimate {
            p: student_t::p_value(difference / se, df, alternative),
            difference,
            lo: difference - q * se,
            hi: difference + q * se,
        }
    }
}
