//! The Wilson score interval for one proportion.

use crate::special::normal_quantile;

/// The two-sided Wilson interval with coverage `1 - alpha` for `x` of `n`, as R's
/// `prop.test(x, n, correct = FALSE)$conf.int`.
///
/// # Examples
///
/// ```
/// use trialsim_stats::wilson;
/// // R: prop.test(8, 23, correct = FALSE)$conf.int = 0.1881127594 0.5510966462
/// let (lo, hi) = wilson::interval(8, 23, 0.05);
/// assert!((lo - 0.1881127594).abs() < 1e-9 && (hi - 0.5510966462).abs() < 1e-9);
/// ```
pub fn interval(x: u32, n: u32, alpha: f64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    // The usual level without the quantile's cost: qnorm(0.975) in R.
    let z = if alpha == 0.05 { 1.959963984540054 } else { normal_quantile(1.0 - alpha / 2.0) };
    let n = n as f64;
    let p = x as f64 / n;
    let z22n = z * z / (2.0 * n);
    let spread = z * (p * (1.0 - p) / n + z22n / (2.0 * n)).sqrt();
    let lo = if p <= 0.0 { 0.0 } else { (p + z22n - spread) / (1.0 + 2.0 * z22n) };
    let hi = if p >= 1.0 { 1.0 } else { (p + z22n + spread) / (1.0 + 2.0 * z22n) };
    (lo, hi)
}
