//! Student's t distribution: tails and quantiles for the t tests.

use statrs::distribution::{ContinuousCDF, StudentsT};

/// P(T > t) for T ~ t with `df` degrees of freedom.
pub fn upper_tail(t: f64, df: f64) -> f64 {
    if t.is_infinite() {
        return if t > 0.0 { 0.0 } else { 1.0 };
    }
    let dist = StudentsT::new(0.0, 1.0, df).expect("positive degrees of freedom");
    if t > 0.0 { dist.sf(t) } else { dist.cdf(-t) }
}

/// The p-value of a t statistic under an alternative (arm minus control).
pub fn p_value(t: f64, df: f64, alternative: crate::Alternative) -> f64 {
    use crate::Alternative::*;
    match alternative {
        TwoSided => (2.0 * upper_tail(t.abs(), df)).min(1.0),
        Greater => upper_tail(t, df),
        Less => upper_tail(-t, df),
    }
}

/// A t test of a difference: its p-value, the estimate and a two-sided interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TTest {
    pub p: f64,
    pub difference: f64,
    pub lo: f64,
    pub hi: f64,
    /// The difference's standard error, the degrees of freedom and `difference / se`.
    pub se: f64,
    pub df: f64,
    pub t: f64,
}

impl TTest {
    /// The p-value of `difference / se` on `df` degrees of freedom and the two-sided
    /// interval with coverage `level`.
    pub fn new(difference: f64, se: f64, df: f64, alternative: crate::Alternative, level: f64) -> TTest {
        let q = quantile(0.5 + level / 2.0, df);
        TTest {
            p: p_value(difference / se, df, alternative),
            difference,
            lo: difference - q * se,
            hi: difference + q * se,
            se,
            df,
            t: difference / se,
        }
    }
}

/// The quantile of order `p`.
pub fn quantile(p: f64, df: f64) -> f64 {
    StudentsT::new(0.0, 1.0, df).expect("positive degrees of freedom").inverse_cdf(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_values() {
        // R: pt(2.1, 37.3, lower.tail = FALSE) = 0.0212747597; qt(0.975, 20) = 2.085963447
        assert!((upper_tail(2.1, 37.3) - 0.0212747597).abs() < 1e-9);
        assert!((quantile(0.975, 20.0) - 2.085963447).abs() < 1e-8);
    }
}
