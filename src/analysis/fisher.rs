//! Fisher's exact test for a 2x2 table, as R's `fisher.test`.

use super::Alternative;
use super::special::ln_choose;

/// R's relative tolerance for "no more likely than the observed table".
pub const RELATIVE_TOLERANCE: f64 = 1e-7;

/// The p-value of Fisher's exact test of `x1` of `n1` against `x2` of `n2`.
///
/// The two-sided p-value sums the probabilities of all tables with the same margins
/// that are no more likely than the observed one (within a relative 1e-7); one-sided
/// p-values are hypergeometric tails of the arm's responders.
///
/// # Examples
///
/// ```
/// use trialsim::analysis::{fisher, Alternative};
/// // R: fisher.test(matrix(c(3, 1, 1, 3), 2))$p.value = 0.4857142857142857
/// assert!((fisher::p_value(3, 4, 1, 4, Alternative::TwoSided) - 0.4857142857142857).abs() < 1e-12);
/// ```
pub fn p_value(x1: u32, n1: u32, x2: u32, n2: u32, alternative: Alternative) -> f64 {
    let m = x1 + x2; // responders in both arms
    let lo = m.saturating_sub(n2);
    let hi = m.min(n1);
    // Hypergeometric densities of the arm's responders, scaled by the largest.
    let ld = |k: u32| ln_choose(n1, k) + ln_choose(n2, m - k);
    let max = (lo..=hi).map(ld).fold(f64::NEG_INFINITY, f64::max);
    let d = |k: u32| (ld(k) - max).exp();
    let total: f64 = (lo..=hi).map(d).sum();
    let p = match alternative {
        Alternative::Less => (lo..=x1).map(d).sum::<f64>(),
        Alternative::Greater => (x1..=hi).map(d).sum::<f64>(),
        Alternative::TwoSided => {
            let observed = d(x1) * (1.0 + RELATIVE_TOLERANCE);
            (lo..=hi).map(d).filter(|&v| v <= observed).sum::<f64>()
        }
    };
    (p / total).min(1.0)
}
