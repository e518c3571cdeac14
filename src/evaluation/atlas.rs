//! The type-I error atlas: for each test, the largest exact type-I error over null rates,
//! by arm size. Exact tests never exceed alpha; asymptotic ones can at small arms.

use super::exact::{ArmLaw, rejection_probability};
use crate::scenario::Missing;
use trialsim_stats::decision::Decision;
use trialsim_stats::{Alternative, Test};

/// The worst type-I error of a test at one arm size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AtlasCell {
    pub test: Test,
    /// Patients per arm.
    pub n: u32,
    /// The largest exact type-I error over the null rates.
    pub worst: f64,
    /// The null rate where it occurs.
    pub at_rate: f64,
}

/// Exact type-I error of `test` (two arms of `n`, or one arm for `exact-binomial`) at a
/// common null rate, with no dropout.
pub fn type1_error(test: Test, alternative: Alternative, alpha: f64, n: u32, rate: f64) -> f64 {
    if test == Test::ExactBinomial {
        let decision = Decision::one_sample(alternative, alpha, rate, n);
        return at_rate(&decision, None, n, rate);
    }
    at_rate(&Decision::two_sample(test, alternative, alpha, 0.0, n, n), Some(n), n, rate)
}

fn at_rate(decision: &Decision, control: Option<u32>, n: u32, rate: f64) -> f64 {
    let law = |n| ArmLaw { n, rate, survival: 1.0 };
    rejection_probability(decision, Missing::NonResponder, law(n), control.map(law)).expect("no dropout: computable")
}

/// The atlas over `rates` and arm sizes `sizes`.
pub fn atlas(tests: &[Test], alternative: Alternative, alpha: f64, sizes: &[u32], rates: &[f64]) -> Vec<AtlasCell> {
    let mut cells = Vec::new();
    for &test in tests {
        for &n in sizes {
            // A two-sample rejection region does not depend on the rate: tabulate it once.
            let two = (test != Test::ExactBinomial).then(|| Decision::two_sample(test, alternative, alpha, 0.0, n, n));
            let (worst, at_rate_) = rates
                .iter()
                .map(|&p| {
                    let e = match &two {
                        Some(d) => at_rate(d, Some(n), n, p),
                        None => type1_error(test, alternative, alpha, n, p),
                    };
                    (e, p)
                })
                .fold((f64::NEG_INFINITY, 0.0), |a, b| if b.0 > a.0 { b } else { a });
            cells.push(AtlasCell { test, n, worst, at_rate: at_rate_ });
        }
    }
    cells
}
