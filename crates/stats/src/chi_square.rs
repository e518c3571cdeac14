//! Pearson's chi-square test of a 2x2 table, with or without Yates' correction.

use crate::Alternative;
use crate::special::{chi_square_1_upper, z_p_value};

/// The p-value of Pearson's chi-square test of `x1` of `n1` against `x2` of `n2`.
///
/// Two-sided: R's `chisq.test(correct = yates)`. One-sided: the signed square root of
/// the statistic as a z, as R's `prop.test(correct = yates, alternative = ...)`.
/// `None` when a margin is empty (no responders or no non-responders at all).
///
/// # Examples
///
/// ```
/// use trialsim_stats::{chi_square, Alternative};
/// // R: chisq.test(matrix(c(12, 8, 5, 15), 2, byrow = TRUE))$p.value = 0.05497432872169428
/// let p = chi_square::p_value(12, 20, 5, 20, Alternative::TwoSided, true).unwrap();
/// assert!((p - 0.05497432872169428).abs() < 1e-12);
/// ```
pub fn p_value(x1: u32, n1: u32, x2: u32, n2: u32, alternative: Alternative, yates: bool) -> Option<f64> {
    let (statistic, sign) = signed_statistic(x1, n1, x2, n2, yates)?;
    Some(match alternative {
        Alternative::TwoSided => chi_square_1_upper(statistic),
        _ => z_p_value(sign * statistic.sqrt(), alternative),
    })
}

/// Pearson's statistic (R's `X-squared`, 1 degree of freedom), `None` when a margin is
/// empty.
///
/// # Examples
///
/// ```
/// use trialsim_stats::chi_square;
/// // R: chisq.test(matrix(c(12, 8, 5, 15), 2, byrow = TRUE))$statistic = 3.68286445012788
/// let x = chi_square::statistic(12, 20, 5, 20, true).unwrap();
/// assert!((x - 3.68286445012788).abs() < 1e-12);
/// ```
pub fn statistic(x1: u32, n1: u32, x2: u32, n2: u32, yates: bool) -> Option<f64> {
    signed_statistic(x1, n1, x2, n2, yates).map(|(x, _)| x)
}

/// The statistic and the sign of the arm's observed minus expected responders.
fn signed_statistic(x1: u32, n1: u32, x2: u32, n2: u32, yates: bool) -> Option<(f64, f64)> {
    let (x1, n1, x2, n2) = (x1 as f64, n1 as f64, x2 as f64, n2 as f64);
    let n = n1 + n2;
    let m = x1 + x2;
    if m == 0.0 || m == n {
        return None;
    }
    // Observed minus expected in the arm's responder cell; the same in size in every cell.
    let delta = x1 - n1 * m / n;
    let correction = if yates { delta.abs().min(0.5) } else { 0.0 };
    let inverse_expected = n / (n1 * m) + n / (n1 * (n - m)) + n / (n2 * m) + n / (n2 * (n - m));
    Some(((delta.abs() - correction).powi(2) * inverse_expected, delta.signum()))
}
