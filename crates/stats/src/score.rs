//! Score tests of a difference of two proportions against a margin: Farrington-Manning
//! (1990) and Miettinen-Nurminen (1985), which adds the variance factor N / (N - 1).
//! Both use the maximum likelihood estimates restricted to `p1 - p2 = delta`.

use crate::Alternative;
use crate::special::z_p_value;

/// The restricted maximum likelihood estimates `(p1, p2)` with `p1 - p2 = delta`, the
/// closed form of Farrington & Manning (1990) / Miettinen & Nurminen (1985).
pub fn restricted_mle(x1: u32, n1: u32, x2: u32, n2: u32, delta: f64) -> (f64, f64) {
    restricted_mle_real(x1 as f64, n1 as f64, x2 as f64, n2 as f64, delta)
}

/// [`restricted_mle`] for real-valued counts and sizes (effective sample sizes).
pub fn restricted_mle_real(x1: f64, n1: f64, x2: f64, n2: f64, delta: f64) -> (f64, f64) {
    let (p1, p2) = (x1 / n1, x2 / n2);
    let theta = n2 / n1;
    let a = 1.0 + theta;
    let b = -(1.0 + theta + p1 + theta * p2 + delta * (theta + 2.0));
    let c = delta * delta + delta * (2.0 * p1 + theta + 1.0) + p1 + theta * p2;
    let d = -p1 * delta * (1.0 + delta);
    let v = b.powi(3) / (3.0 * a).powi(3) - b * c / (6.0 * a * a) + d / (2.0 * a);
    let u2 = b * b / (3.0 * a).powi(2) - c / (3.0 * a);
    let r1 = if u2 <= 0.0 {
        -b / (3.0 * a)
    } else {
        let u = v.signum() * u2.sqrt();
        let ratio = if u == 0.0 { 0.0 } else { (v / u.powi(3)).clamp(-1.0, 1.0) };
        let w = (std::f64::consts::PI + ratio.acos()) / 3.0;
        2.0 * u * w.cos() - b / (3.0 * a)
    };
    let (lo, hi) = (delta.max(0.0), (1.0 + delta).min(1.0));
    let mut r1 = r1.clamp(lo, hi);
    // The cubic's trigonometric form loses digits near the boundary: polish with Newton
    // steps on the likelihood equation while the estimate is inside.
    for _ in 0..3 {
        let r2 = r1 - delta;
        if r1 <= lo || r1 >= hi || r2 <= 0.0 || r2 >= 1.0 || r1 <= 0.0 || r1 >= 1.0 {
            break;
        }
        let score = x1 / r1 - (n1 - x1) / (1.0 - r1) + x2 / r2 - (n2 - x2) / (1.0 - r2);
        let slope = -x1 / (r1 * r1)
            - (n1 - x1) / ((1.0 - r1) * (1.0 - r1))
            - x2 / (r2 * r2)
            - (n2 - x2) / ((1.0 - r2) * (1.0 - r2));
        if slope >= 0.0 || !score.is_finite() {
            break;
        }
        let next = (r1 - score / slope).clamp(lo, hi);
        if next == r1 {
            break;
        }
        r1 = next;
    }
    (r1, r1 - delta)
}

/// The score statistic `(p1 - p2 - delta) / se` with the restricted variance, times
/// sqrt((N - 1) / N) when `corrected` (Miettinen-Nurminen). `None` when the variance is 0.
pub fn statistic(x1: u32, n1: u32, x2: u32, n2: u32, delta: f64, corrected: bool) -> Option<f64> {
    let (p1, p2) = (x1 as f64 / n1 as f64, x2 as f64 / n2 as f64);
    let (r1, r2) = restricted_mle(x1, n1, x2, n2, delta);
    let mut variance = r1 * (1.0 - r1) / n1 as f64 + r2 * (1.0 - r2) / n2 as f64;
    if corrected {
        let n = (n1 + n2) as f64;
        variance *= n / (n - 1.0);
    }
    standardise(p1 - p2 - delta, variance)
}

/// `diff / sqrt(variance)`; with no variance a difference is infinitely many standard
/// errors away (the estimate sits where the null puts no mass) and none is undefined.
pub fn standardise(diff: f64, variance: f64) -> Option<f64> {
    if variance > 0.0 {
        Some(diff / variance.sqrt())
    } else if diff != 0.0 {
        Some(diff.signum() * f64::INFINITY)
    } else {
        None
    }
}

/// The p-value of the score test of `p1 - p2 = delta` (the null boundary).
pub fn p_value(
    x1: u32,
    n1: u32,
    x2: u32,
    n2: u32,
    delta: f64,
    alternative: Alternative,
    corrected: bool,
) -> Option<f64> {
    statistic(x1, n1, x2, n2, delta, corrected).map(|z| z_p_value(z, alternative))
}

/// The Farrington-Manning statistic for estimated proportions with effective sample sizes
/// (for Kaplan-Meier estimates: `n = F (1 - F) / Greenwood variance`).
pub fn statistic_effective(f1: f64, n1: f64, f2: f64, n2: f64, delta: f64) -> Option<f64> {
    if !(n1 > 0.0 && n2 > 0.0) {
        return None;
    }
    let (r1, r2) = restricted_mle_real(f1 * n1, n1, f2 * n2, n2, delta);
    standardise(f1 - f2 - delta, r1 * (1.0 - r1) / n1 + r2 * (1.0 - r2) / n2)
}
