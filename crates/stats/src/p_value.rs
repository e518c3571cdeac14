//! p-values of binary endpoints by test: the two-sample tests and the exact binomial test.

use crate::{Alternative, Test, binomial, chi_square, fisher, score, z_test};

/// The p-value of a two-sample test of `x1` of `n1` (arm) against `x2` of `n2` (control).
/// `margin` is used by the tests that take one (see [`Alternative::null_difference`]).
///
/// # Examples
///
/// ```
/// use trialsim_stats::{two_sample_p_value, Alternative, Test};
/// // R: chisq.test(matrix(c(30, 25, 16, 39), 2, byrow = TRUE), correct = FALSE)$p.value
/// let p = two_sample_p_value(Test::ChiSquare, Alternative::TwoSided, 0.0, 30, 55, 16, 55).unwrap();
/// assert!((p - 0.00680636816758801).abs() < 1e-12);
/// ```
pub fn two_sample_p_value(
    test: Test,
    alternative: Alternative,
    margin: f64,
    x1: u32,
    n1: u32,
    x2: u32,
    n2: u32,
) -> Option<f64> {
    if n1 == 0 || n2 == 0 {
        return None;
    }
    match test {
        Test::Fisher => Some(fisher::p_value(x1, n1, x2, n2, alternative)),
        Test::ChiSquare => chi_square::p_value(x1, n1, x2, n2, alternative, false),
        Test::ChiSquareYates => chi_square::p_value(x1, n1, x2, n2, alternative, true),
        Test::ZPooled => z_test::pooled(x1, n1, x2, n2, alternative),
        Test::ZUnpooled => z_test::unpooled(x1, n1, x2, n2, alternative),
        Test::ExactBinomial
        | Test::CochranArmitage
        | Test::WelchT
        | Test::Ancova
        | Test::Mmrm
        | Test::PooledT
        | Test::LinearTrend
        | Test::LogRank
        | Test::RateDifference => None,
        Test::FarringtonManning | Test::MiettinenNurminen => {
            let delta = alternative.null_difference(margin);
            score::p_value(x1, n1, x2, n2, delta, alternative, test == Test::MiettinenNurminen)
        }
    }
}

/// The p-value of the exact binomial test of `x` of `n` against `p0`.
pub fn one_sample_p_value(alternative: Alternative, x: u32, n: u32, p0: f64) -> Option<f64> {
    (n > 0).then(|| binomial::p_value(x, n, p0, alternative))
}

/// Does a p-value reject at `alpha`? An undefined test never rejects.
#[inline]
pub fn rejects(p: Option<f64>, alpha: f64) -> bool {
    p.is_some_and(|p| p <= alpha)
}
