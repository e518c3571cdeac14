//! The Clopper-Pearson ("exact") interval for a binomial proportion.

use crate::special::ln_choose;

/// P(X >= x) for X ~ Binomial(n, p), summed outward from the largest term so that the
/// cost grows with the standard deviation, not with n.
pub fn binomial_upper_tail(x: u64, n: u64, p: f64) -> f64 {
    if x == 0 {
        return 1.0;
    }
    if x > n || p <= 0.0 {
        return 0.0;
    }
    if p >= 1.0 {
        return 1.0;
    }
    let mode = (((n + 1) as f64 * p).floor() as u64).min(n);
    let start = mode.max(x);
    let ln_pmf = |k: u64| ln_choose_u64(n, k) + k as f64 * p.ln() + (n - k) as f64 * (-p).ln_1p();
    let first = ln_pmf(start).exp();
    let ratio = p / (1.0 - p);
    let mut total = first;
    // Upward: pmf(k + 1) = pmf(k) * (n - k) / (k + 1) * p / (1 - p).
    let mut term = first;
    let mut k = start;
    while k < n {
        term *= (n - k) as f64 / (k + 1) as f64 * ratio;
        k += 1;
        total += term;
        if term <= total * 1e-17 {
            break;
        }
    }
    // Downward to x: pmf(k - 1) = pmf(k) * k / (n - k + 1) * (1 - p) / p.
    let mut term = first;
    let mut k = start;
    while k > x {
        term *= k as f64 / (n - k + 1) as f64 / ratio;
        k -= 1;
        total += term;
        if term <= total * 1e-17 {
            break;
        }
    }
    total.min(1.0)
}

fn ln_choose_u64(n: u64, k: u64) -> f64 {
    if n <= u32::MAX as u64 {
        ln_choose(n as u32, k as u32)
    } else {
        use statrs::function::gamma::ln_gamma;
        ln_gamma(n as f64 + 1.0) - ln_gamma(k as f64 + 1.0) - ln_gamma((n - k) as f64 + 1.0)
    }
}

/// The two-sided Clopper-Pearson interval with coverage `1 - alpha` for `x` of `n`.
///
/// # Examples
///
/// ```
/// use trialsim_stats::clopper_pearson::interval;
/// // R: binom.test(8, 23)$conf.int = 0.16376359837494991 0.57265603696350564
/// let (lo, hi) = interval(8, 23, 0.05);
/// assert!((lo - 0.16376359837494991).abs() < 1e-12 && (hi - 0.57265603696350564).abs() < 1e-12);
/// ```
pub fn interval(x: u64, n: u64, alpha: f64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    // Lower: P(X >= x; p) = alpha / 2, increasing in p.
    let lower = if x == 0 { 0.0 } else { solve(|p| binomial_upper_tail(x, n, p), alpha / 2.0) };
    // Upper: P(X <= x; p) = alpha / 2, i.e. P(X >= x + 1; p) = 1 - alpha / 2.
    let upper = if x == n { 1.0 } else { solve(|p| binomial_upper_tail(x + 1, n, p), 1.0 - alpha / 2.0) };
    (lower, upper)
}

/// The p in (0, 1) where the increasing function f reaches `target`, by bisection to a
/// relative precision of 1e-15.
fn solve(f: impl Fn(f64) -> f64, target: f64) -> f64 {
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    for _ in 0..1100 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi || hi - lo <= 1e-15 * hi {
            break;
        }
        if f(mid) < target { lo = mid } else { hi = mid }
    }
    0.5 * (lo + hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tail_matches_direct_sum() {
        use crate::special::binomial_pmf;
        for (x, n, p) in [(3u32, 10u32, 0.3), (0, 5, 0.5), (17, 40, 0.2), (40, 40, 0.9)] {
            let direct: f64 = (x..=n).map(|k| binomial_pmf(k, n, p)).sum();
            assert!((binomial_upper_tail(x as u64, n as u64, p) - direct).abs() < 1e-13);
        }
    }

    #[test]
    fn large_counts_are_quick_and_sane() {
        let (lo, hi) = interval(8_123_000, 10_000_000, 0.05);
        assert!(lo < 0.8123 && hi > 0.8123 && hi - lo < 0.0006);
    }
}
