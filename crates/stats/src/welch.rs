//! Welch's t test of the difference of mean changes (arm minus control).

use crate::Alternative;
use crate::sample::SampleStats;
use crate::student_t::TTest;

/// Welch's test; `None` with fewer than two patients in an arm or no variation at all.
///
/// # Examples
///
/// ```
/// use trialsim_stats::{sample::SampleStats, welch, Alternative};
/// let (mut a, mut b) = (SampleStats::default(), SampleStats::default());
/// for y in [-5.0, -3.0, -4.0, -6.0, -2.0] { a.push(0.0, y) }
/// for y in [-1.0, 0.0, -2.0, 1.0] { b.push(0.0, y) }
/// // R: t.test(c(-5,-3,-4,-6,-2), c(-1,0,-2,1))$p.value = 0.008156170828
/// let e = welch::test(&a, &b, Alternative::TwoSided, 0.95).unwrap();
/// assert!((e.p - 0.008156170828).abs() < 1e-8);
/// ```
pub fn test(arm: &SampleStats, control: &SampleStats, alternative: Alternative, level: f64) -> Option<TTest> {
    if arm.n < 2 || control.n < 2 {
        return None;
    }
    let (v1, v2) = (arm.var_y() / arm.n as f64, control.var_y() / control.n as f64);
    let se2 = v1 + v2;
    if se2 <= 0.0 {
        return None;
    }
    let df = se2 * se2 / (v1 * v1 / (arm.n - 1) as f64 + v2 * v2 / (control.n - 1) as f64);
    Some(TTest::new(arm.mean_y - control.mean_y, se2.sqrt(), df, alternative, level))
}
