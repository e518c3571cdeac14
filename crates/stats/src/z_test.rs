//! z tests of two proportions.

use crate::Alternative;
use crate::special::z_p_value;

/// The z test with the pooled variance `p(1-p)(1/n1 + 1/n2)`; `None` when it is zero.
///
/// # Examples
///
/// ```
/// use trialsim_stats::{z_test, Alternative};
/// // R: prop.test(c(30, 16), c(55, 55), correct = FALSE, alternative = "greater")$p.value
/// let p = z_test::pooled(30, 55, 16, 55, Alternative::Greater).unwrap();
/// assert!((p - 0.003403184083794004).abs() < 1e-12);
/// ```
pub fn pooled(x1: u32, n1: u32, x2: u32, n2: u32, alternative: Alternative) -> Option<f64> {
    pooled_statistic(x1, n1, x2, n2).map(|z| z_p_value(z, alternative))
}

/// The pooled z statistic, `None` when the pooled variance is zero.
pub fn pooled_statistic(x1: u32, n1: u32, x2: u32, n2: u32) -> Option<f64> {
    let (n1, n2) = (n1 as f64, n2 as f64);
    let (p1, p2) = (x1 as f64 / n1, x2 as f64 / n2);
    let p = (x1 + x2) as f64 / (n1 + n2);
    let variance = p * (1.0 - p) * (1.0 / n1 + 1.0 / n2);
    (variance > 0.0).then(|| (p1 - p2) / variance.sqrt())
}

/// The z test with the unpooled variance `p1(1-p1)/n1 + p2(1-p2)/n2`. When that variance
/// is zero, a difference (0 of n1 against all of n2, say) is infinitely many standard
/// errors away (z = +-infinity); no difference at all is undefined (`None`).
pub fn unpooled(x1: u32, n1: u32, x2: u32, n2: u32, alternative: Alternative) -> Option<f64> {
    unpooled_statistic(x1, n1, x2, n2).map(|z| z_p_value(z, alternative))
}

/// The unpooled z statistic (the difference over its Wald standard error).
pub fn unpooled_statistic(x1: u32, n1: u32, x2: u32, n2: u32) -> Option<f64> {
    let (n1, n2) = (n1 as f64, n2 as f64);
    let (p1, p2) = (x1 as f64 / n1, x2 as f64 / n2);
    let variance = p1 * (1.0 - p1) / n1 + p2 * (1.0 - p2) / n2;
    crate::score::standardise(p1 - p2, variance)
}
