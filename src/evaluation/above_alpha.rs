//! Whether a test is anticonservative at the design: its type-I error (or a family's
//! family-wise error) exceeds the nominal level. Simulated values count only when their
//! whole 95 % interval lies above alpha, so Monte Carlo noise alone does not raise the flag;
//! an exact value counts when it exceeds alpha by more than rounding.

use trialsim_stats::Estimate;

/// How far an exact value may exceed alpha before it counts as above it: the rounding
/// of a sum of binomial probabilities, not a property of the test.
pub const EXACT_SLACK: f64 = 1e-12;

/// Whether the simulated or the exact type-I error shows a level above `alpha`.
///
/// # Examples
///
/// ```
/// use trialsim::evaluation::above_alpha::above_alpha;
/// use trialsim_stats::Estimate;
/// // 650 rejections in 10,000 null replicates: 95 % interval [0.060, 0.070].
/// assert!(above_alpha(0.05, Some(Estimate::share(650, 10_000)), None));
/// // 520 of 10,000 may be noise around 0.05.
/// assert!(!above_alpha(0.05, Some(Estimate::share(520, 10_000)), None));
/// assert!(above_alpha(0.05, Some(Estimate::share(520, 10_000)), Some(0.0513)));
/// ```
pub fn above_alpha(alpha: f64, simulated: Option<Estimate>, exact: Option<f64>) -> bool {
    simulated.is_some_and(|t| t.ci.lo > alpha) || exact.is_some_and(|x| x > alpha + EXACT_SLACK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_intervals_wholly_above_and_exact_values_beyond_rounding_count() {
        assert!(!above_alpha(0.05, None, None));
        assert!(!above_alpha(0.05, None, Some(0.05 + 1e-14)));
        assert!(above_alpha(0.05, None, Some(0.0501)));
        let at = Estimate::share(500, 10_000);
        assert!(at.ci.lo < 0.05 && !above_alpha(0.05, Some(at), Some(0.049)));
        assert!(above_alpha(0.025, Some(Estimate::share(400, 10_000)), Some(0.02)));
    }
}
