//! The power of an MMRM's contrast at the last visit by Lu, Luo and Chen's (2008) formula
//! ("Sample size estimation for repeated measures analysis in randomized clinical trials
//! with missing data", Int. J. Biostat. 4(1)): with monotone dropout, a patient whose last
//! visit is j carries the information R_j^-1 (the inverse of the correlation matrix of
//! visits 1..j) about the visits' means; over patients the information is
//! I = sum_j (r_j - r_{j+1}) R_j^-1 (r_j the share still observed at visit j, r_{V+1} = 0),
//! and the variance of the last visit's mean is sigma^2 phi / n with phi = (I^-1)_VV.
//! The power of the z test of a difference delta is then that of a normal statistic with
//! standard error sqrt(sigma_a^2 phi_a / n_a + sigma_c^2 phi_c / n_c). It ignores the
//! estimation of the covariance and the t distribution of the statistic.

use super::dense::{cholesky, inverse_from_cholesky};
use crate::Alternative;
use crate::special::{normal_cdf, normal_quantile};

/// phi, the factor by which dropout inflates the variance of the last visit's mean: the
/// last diagonal entry of the inverse of sum_j (r_j - r_{j+1}) R_j^-1. `correlation` is
/// V x V (row-major), `retention` the V shares observed, non-increasing; `None` if a
/// correlation matrix is not positive definite or no one reaches the last visit.
///
/// # Examples
///
/// ```
/// use trialsim_stats::mmrm::power::variance_factor;
/// // Without dropout nothing is lost; with the last visit alone observed in 80 %, the
/// // others complete and uncorrelated, the last mean rests on 80 % of the patients.
/// assert!((variance_factor(&[1.0, 0.5, 0.5, 1.0], &[1.0, 1.0]).unwrap() - 1.0).abs() < 1e-12);
/// assert!((variance_factor(&[1.0, 0.0, 0.0, 1.0], &[1.0, 0.8]).unwrap() - 1.25).abs() < 1e-12);
/// ```
pub fn variance_factor(correlation: &[f64], retention: &[f64]) -> Option<f64> {
    let v = retention.len();
    if correlation.len() != v * v || retention[v - 1] <= 0.0 {
        return None;
    }
    let mut information = vec![0.0; v * v];
    let (mut block, mut inverse) = (vec![0.0; v * v], vec![0.0; v * v]);
    for j in 1..=v {
        let weight = retention[j - 1] - if j < v { retention[j] } else { 0.0 };
        if weight == 0.0 {
            continue;
        }
        for x in 0..j {
            for z in 0..j {
                block[x * j + z] = correlation[x * v + z];
            }
        }
        cholesky(&mut block[..j * j], j)?;
        inverse_from_cholesky(&block[..j * j], j, &mut inverse[..j * j]);
        for x in 0..j {
            for z in 0..j {
                information[x * v + z] += weight * inverse[x * j + z];
            }
        }
    }
    cholesky(&mut information, v)?;
    inverse_from_cholesky(&information, v, &mut inverse);
    Some(inverse[v * v - 1])
}

/// One arm's part of the formula: patients randomised, the SD of the last visit's change
/// (given the covariates) and its [`variance_factor`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Group {
    pub n: f64,
    pub sd: f64,
    pub phi: f64,
}

/// The power of the test of `delta` (arm minus control at the last visit) at level
/// `alpha` (two-sided: alpha / 2 each side).
pub fn power(arm: Group, control: Group, delta: f64, alpha: f64, alternative: Alternative) -> f64 {
    let se = (arm.sd * arm.sd * arm.phi / arm.n + control.sd * control.sd * control.phi / control.n).sqrt();
    let z = delta / se;
    match alternative {
        Alternative::Greater => normal_cdf(z - normal_quantile(1.0 - alpha)),
        Alternative::Less => normal_cdf(-z - normal_quantile(1.0 - alpha)),
        Alternative::TwoSided => {
            let q = normal_quantile(1.0 - alpha / 2.0);
            normal_cdf(z - q) + normal_cdf(-z - q)
        }
    }
}
