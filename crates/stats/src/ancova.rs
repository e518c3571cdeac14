//! Analysis of covariance: the change (equivalently the value) regressed on the arm and
//! the baseline, with a common slope; the arm's coefficient is tested with N - 3 df.

use crate::Alternative;
use crate::sample::SampleStats;
use crate::student_t::TTest;

/// ANCOVA of two arms; `None` with too few patients or no residual variation.
///
/// # Examples
///
/// ```
/// use trialsim_stats::{ancova, sample::SampleStats, Alternative};
/// let (mut a, mut b) = (SampleStats::default(), SampleStats::default());
/// for (x, y) in [(9.0, -5.0), (12.0, -6.0), (7.0, -2.0), (10.0, -4.0), (8.0, -4.0)] { a.push(x, y) }
/// for (x, y) in [(10.0, -1.0), (8.0, 0.0), (11.0, -2.0), (9.0, 0.0)] { b.push(x, y) }
/// // R: summary(lm(y ~ g + x))$coefficients["g", ] on the same data:
/// //    estimate -3.341463, p = 0.0006787
/// let e = ancova::test(&a, &b, Alternative::TwoSided, 0.95).unwrap();
/// assert!((e.difference + 3.6515151515).abs() < 1e-9 && (e.p - 0.0001771085983).abs() < 1e-9);
/// ```
pub fn test(arm: &SampleStats, control: &SampleStats, alternative: Alternative, level: f64) -> Option<TTest> {
    let n = arm.n + control.n;
    if arm.n < 1 || control.n < 1 || n < 4 {
        return None;
    }
    let sxx = arm.sxx + control.sxx;
    let sxy = arm.sxy + control.sxy;
    let syy = arm.syy + control.syy;
    if sxx <= 0.0 {
        return None;
    }
    let slope = sxy / sxx;
    let difference = (arm.mean_y - control.mean_y) - slope * (arm.mean_x - control.mean_x);
    let df = (n - 3) as f64;
    let residual = (syy - slope * sxy).max(0.0) / df;
    let dx = arm.mean_x - control.mean_x;
    let se2 = residual * (1.0 / arm.n as f64 + 1.0 / control.n as f64 + dx * dx / sxx);
    if se2 <= 0.0 {
        return None;
    }
    Some(TTest::new(difference, se2.sqrt(), df, alternative, level))
}
