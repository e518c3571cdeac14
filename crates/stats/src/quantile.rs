//! Quantiles of a sample held as sorted runs of equal values.

/// R's type-7 quantile of order `p` (`quantile(x, p)`, the default) of a sample given as
/// runs `(value, count)` in increasing order of value; NaN for an empty sample.
///
/// # Examples
///
/// ```
/// use trialsim_stats::quantile::type7;
/// // R: quantile(c(0, 0.25, 1/3, 0.5, 0.75), c(0.025, 0.5, 0.975)) = 0.025 0.3333333 0.725
/// let runs = [(0.0, 1), (0.25, 1), (1.0 / 3.0, 1), (0.5, 1), (0.75, 1)];
/// assert!((type7(&runs, 0.025) - 0.025).abs() < 1e-12);
/// assert!((type7(&runs, 0.5) - 1.0 / 3.0).abs() < 1e-12);
/// assert!((type7(&runs, 0.975) - 0.725).abs() < 1e-12);
/// ```
pub fn type7(runs: &[(f64, u64)], p: f64) -> f64 {
    let total: u64 = runs.iter().map(|r| r.1).sum();
    if total == 0 {
        return f64::NAN;
    }
    // The i-th order statistic (0-based).
    let order = |i: u64| {
        let mut seen = 0;
        for &(value, count) in runs {
            seen += count;
            if i < seen {
                return value;
            }
        }
        runs[runs.len() - 1].0
    };
    let h = (total - 1) as f64 * p;
    let lo = h.floor() as u64;
    let (a, b) = (order(lo), order((lo + 1).min(total - 1)));
    a + (h - lo as f64) * (b - a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_values_count_with_their_weight() {
        // R: quantile(c(1, 1, 1, 5), 0.5) = 1; quantile(c(1, 1, 1, 5), 0.9) = 3.8
        assert_eq!(type7(&[(1.0, 3), (5.0, 1)], 0.5), 1.0);
        assert!((type7(&[(1.0, 3), (5.0, 1)], 0.9) - 3.8).abs() < 1e-12);
        assert!(type7(&[], 0.5).is_nan());
    }
}
