//! t tests on a variance pooled over every group of a one-way layout: each arm against the
//! control (the statistics of Dunnett's t), and the linear trend over dose scores.

use crate::Alternative;
use crate::sample::SampleStats;
use crate::student_t::TTest;

/// The variance of the change pooled over the groups with at least one patient, and its
/// degrees of freedom (patients minus groups); `None` without any degree of freedom or
/// without variation.
pub fn pooled_variance(groups: &[SampleStats]) -> Option<(f64, f64)> {
    let used = groups.iter().filter(|g| g.n > 0);
    let (mut sum, mut df) = (0.0, 0.0);
    for g in used {
        sum += g.syy;
        df += (g.n - 1) as f64;
    }
    (df > 0.0 && sum > 0.0).then(|| (sum / df, df))
}

/// The t test of the arm's mean change minus the control's with the variance pooled over
/// `groups` (every arm of the endpoint), `pooled` from [`pooled_variance`]; `None` when an
/// arm has no patient.
///
/// # Examples
///
/// ```
/// use trialsim_stats::{pooled_t, sample::SampleStats, Alternative};
/// let groups: Vec<SampleStats> = [vec![-1.0, 0.0, -2.0, 1.0], vec![-5.0, -3.0, -4.0], vec![-2.0, -6.0, -4.0, -3.0]]
///     .iter()
///     .map(|ys| ys.iter().fold(SampleStats::default(), |mut s, &y| { s.push(0.0, y); s }))
///     .collect();
/// let pooled = pooled_t::pooled_variance(&groups).unwrap();
/// // R: g <- factor(c(0,0,0,0,1,1,1,2,2,2,2)); y <- c(-1,0,-2,1,-5,-3,-4,-2,-6,-4,-3)
/// //    summary(lm(y ~ g))$coefficients["g1", ] : t = -3.26598632371, p = 0.0114245543778
/// let t = pooled_t::test(&groups[1], &groups[0], pooled, Alternative::TwoSided, 0.95).unwrap();
/// assert!((t.t + 3.26598632371).abs() < 1e-10 && t.df == 8.0);
/// assert!((t.p - 0.0114245543778).abs() < 1e-12);
/// ```
pub fn test(
    arm: &SampleStats,
    control: &SampleStats,
    pooled: (f64, f64),
    alternative: Alternative,
    level: f64,
) -> Option<TTest> {
    if arm.n == 0 || control.n == 0 {
        return None;
    }
    let (variance, df) = pooled;
    let se = (variance * (1.0 / arm.n as f64 + 1.0 / control.n as f64)).sqrt();
    Some(TTest::new(arm.mean_y - control.mean_y, se, df, alternative, level))
}

/// The linear-trend contrast of the groups' mean changes over dose `scores`: the slope of
/// the patients' weighted regression on the scores, `sum n_g (s_g - s) y_g / sum n_g (s_g - s)^2`
/// (`s` the patients' mean score), tested with the pooled within-group variance on
/// patients minus groups degrees of freedom (a one-way analysis of variance contrast with
/// weights `n_g (s_g - s)`). `greater` is a mean change rising with the score. `None`
/// without variation, degrees of freedom or spread of scores.
pub fn linear_trend(groups: &[SampleStats], scores: &[f64], alternative: Alternative, level: f64) -> Option<TTest> {
    let pooled = pooled_variance(groups)?;
    let total: f64 = groups.iter().map(|g| g.n as f64).sum();
    let mean = groups.iter().zip(scores).map(|(g, s)| g.n as f64 * s).sum::<f64>() / total;
    let spread: f64 = groups.iter().zip(scores).map(|(g, s)| g.n as f64 * (s - mean) * (s - mean)).sum();
    if spread <= 0.0 {
        return None;
    }
    let slope = groups
        .iter()
        .zip(scores)
        .filter(|(g, _)| g.n > 0)
        .map(|(g, s)| g.n as f64 * (s - mean) * g.mean_y)
        .sum::<f64>()
        / spread;
    Some(TTest::new(slope, (pooled.0 / spread).sqrt(), pooled.1, alternative, level))
}
