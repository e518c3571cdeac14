//! The Miettinen-Nurminen score interval for a difference of proportions: the set of
//! differences the corrected score test does not reject.

use crate::score::statistic;
use crate::special::normal_quantile;

/// The two-sided interval with coverage `1 - alpha` for `x1/n1 - x2/n2`.
pub fn interval(x1: u32, n1: u32, x2: u32, n2: u32, alpha: f64) -> (f64, f64) {
    let z = normal_quantile(1.0 - alpha / 2.0);
    let d = x1 as f64 / n1 as f64 - x2 as f64 / n2 as f64;
    // The statistic decreases in delta; None (zero variance) only where the data agree.
    let stat = |delta: f64| statistic(x1, n1, x2, n2, delta, true).unwrap_or(0.0);
    let lo = if d <= -1.0 { -1.0 } else { root(|delta| stat(delta) - z, -1.0, d) };
    let hi = if d >= 1.0 { 1.0 } else { root(|delta| stat(delta) + z, d, 1.0) };
    (lo, hi)
}

/// The point in `[a, b]` where the decreasing `f` crosses zero, by bisection.
fn root(f: impl Fn(f64) -> f64, mut a: f64, mut b: f64) -> f64 {
    if f(a) <= 0.0 {
        return a;
    }
    if f(b) >= 0.0 {
        return b;
    }
    for _ in 0..100 {
        let m = 0.5 * (a + b);
        if m <= a || m >= b || b - a <= 1e-14 {
            break;
        }
        if f(m) > 0.0 { a = m } else { b = m }
    }
    0.5 * (a + b)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Published values are rounded to 4 decimals.
    const PUBLISHED: f64 = 5e-5;

    #[test]
    fn matches_newcombes_published_examples() {
        // Newcombe (1998), Statistics in Medicine 17:873-890, Table II, the
        // Miettinen-Nurminen score method.
        for (x1, n1, x2, n2, lo, hi) in [
            (56, 70, 48, 80, 0.0528, 0.3382),
            (5, 56, 0, 29, -0.0326, 0.1933),
            (0, 10, 0, 20, -0.1658, 0.2844),
            (10, 10, 0, 10, 0.6636, 1.0),
        ] {
            let (a, b) = interval(x1, n1, x2, n2, 0.05);
            assert!((a - lo).abs() < PUBLISHED && (b - hi).abs() < PUBLISHED, "{x1}/{n1} - {x2}/{n2}: {a} {b}");
        }
    }
}
