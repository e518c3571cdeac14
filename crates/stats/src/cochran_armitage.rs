//! The Cochran-Armitage test for a linear trend in proportions over ordered groups (doses),
//! as R's `prop.trend.test`: the weighted regression of the groups' proportions on their
//! dose scores, with the variance under the null of one common proportion.

use crate::Alternative;
use crate::special::z_p_value;

/// The signed trend statistic `z = sum x_g (s_g - s) / sqrt(p (1 - p) sum n_g (s_g - s)^2)`
/// over groups of `x_g` responders out of `n_g` with scores `s_g` (`s` the patients' mean
/// score, `p` the pooled proportion); positive when the proportion rises with the score.
/// `None` when no patient or every patient responded, or the scores do not vary.
pub fn statistic(x: &[u32], n: &[u32], scores: &[f64]) -> Option<f64> {
    let total: f64 = n.iter().map(|&k| k as f64).sum();
    let responders: f64 = x.iter().map(|&k| k as f64).sum();
    if total <= 0.0 {
        return None;
    }
    let p = responders / total;
    let mean = n.iter().zip(scores).map(|(&k, s)| k as f64 * s).sum::<f64>() / total;
    let spread: f64 = n.iter().zip(scores).map(|(&k, s)| k as f64 * (s - mean) * (s - mean)).sum();
    let variance = p * (1.0 - p) * spread;
    if variance <= 0.0 || variance.is_nan() {
        return None;
    }
    let trend: f64 = x.iter().zip(scores).map(|(&k, s)| k as f64 * (s - mean)).sum();
    Some(trend / variance.sqrt())
}

/// The test's p-value: two-sided as `prop.trend.test` (the chi-square on one degree of
/// freedom is `z^2`), `greater` for a proportion rising with the score, `less` falling.
///
/// # Examples
///
/// ```
/// use trialsim_stats::{cochran_armitage, Alternative};
/// // R: prop.trend.test(c(15, 10, 8), c(30, 30, 30), score = c(2, 1, 0))$p.value
/// //    = 0.0607515982239579 (X-squared = 3.516746)
/// let p = cochran_armitage::p_value(&[15, 10, 8], &[30, 30, 30], &[2.0, 1.0, 0.0], Alternative::TwoSided);
/// assert!((p.unwrap() - 0.0607515982239579).abs() < 1e-12);
/// ```
pub fn p_value(x: &[u32], n: &[u32], scores: &[f64], alternative: Alternative) -> Option<f64> {
    statistic(x, n, scores).map(|z| z_p_value(z, alternative))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_groups_are_the_pooled_z_test() {
        let z = statistic(&[12, 20], &[40, 45], &[0.0, 1.0]).unwrap();
        let pooled = crate::z_test::pooled_statistic(20, 45, 12, 40).unwrap();
        assert!((z - pooled).abs() < 1e-12);
    }

    #[test]
    fn undefined_without_variation() {
        assert_eq!(statistic(&[0, 0, 0], &[5, 5, 5], &[0.0, 1.0, 2.0]), None);
        assert_eq!(statistic(&[5, 5, 5], &[5, 5, 5], &[0.0, 1.0, 2.0]), None);
        assert_eq!(statistic(&[1, 2, 3], &[5, 5, 5], &[1.0, 1.0, 1.0]), None);
    }
}
