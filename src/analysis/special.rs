//! Special functions shared by the tests.

use statrs::function::erf::erfc;
use statrs::function::gamma::ln_gamma;

/// ln(n!).
#[inline]
pub fn ln_factorial(n: u32) -> f64 {
    ln_gamma(n as f64 + 1.0)
}

/// ln of the binomial coefficient C(n, k).
#[inline]
pub fn ln_choose(n: u32, k: u32) -> f64 {
    ln_factorial(n) - ln_factorial(k) - ln_factorial(n - k)
}

/// The binomial probability P(X = k) for X ~ Binomial(n, p).
pub fn binomial_pmf(k: u32, n: u32, p: f64) -> f64 {
    if p <= 0.0 {
        return if k == 0 { 1.0 } else { 0.0 };
    }
    if p >= 1.0 {
        return if k == n { 1.0 } else { 0.0 };
    }
    (ln_choose(n, k) + k as f64 * p.ln() + (n - k) as f64 * (-p).ln_1p()).exp()
}

/// The standard normal distribution function.
#[inline]
pub fn normal_cdf(x: f64) -> f64 {
    0.5 * erfc(-x / std::f64::consts::SQRT_2)
}

/// P(chi-square with one degree of freedom > x).
#[inline]
pub fn chi_square_1_upper(x: f64) -> f64 {
    erfc((x / 2.0).sqrt())
}

/// The p-value of a z statistic under an alternative.
pub fn z_p_value(z: f64, alternative: super::Alternative) -> f64 {
    use super::Alternative::*;
    match alternative {
        TwoSided => erfc(z.abs() / std::f64::consts::SQRT_2),
        Greater => normal_cdf(-z),
        Less => normal_cdf(z),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_values() {
        // R: pnorm(1.96) = 0.9750021048517795; pchisq(3.84, 1, lower = FALSE) = 0.05004352124870519
        assert!((normal_cdf(1.96) - 0.9750021048517795).abs() < 1e-15);
        assert!((chi_square_1_upper(3.84) - 0.05004352124870519).abs() < 1e-14);
        // R: dbinom(3, 10, 0.3) = 0.2668279320000001
        assert!((binomial_pmf(3, 10, 0.3) - 0.266827932).abs() < 1e-14);
    }
}
