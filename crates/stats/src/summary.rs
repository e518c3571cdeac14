//! How a quantity is spread over replicates: an observed rate, a mean change, an estimated
//! difference.

use crate::estimate::Estimate;
use crate::quantile::type7;
use serde::Serialize;

/// The mean (with its Monte Carlo error), SD and 2.5 %, 50 % and 97.5 % quantiles (R's
/// type 7) of a quantity over replicates.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Summary {
    /// The mean over replicates, its standard error SD / sqrt(replicates) and normal interval;
    /// written `mean`, `mean_mcse`, `mean_ci95`.
    #[serde(flatten, serialize_with = "mean::serialize")]
    #[schemars(schema_with = "mean::schema")]
    pub mean: Estimate,
    pub sd: f64,
    pub q025: f64,
    pub q50: f64,
    pub q975: f64,
    /// Width of the bins the quantiles were read from (continuous quantities).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolution: Option<f64>,
    /// Replicates where the quantity was undefined (for example no patient left).
    #[serde(skip_serializing_if = "is_zero")]
    pub undefined: u64,
}

crate::flat_estimate!(mean, "mean", All, false);

fn is_zero(x: &u64) -> bool {
    *x == 0
}

impl Summary {
    /// The summary of `n` values with this mean and SD, whose quantiles are read from
    /// `runs` (sorted `(value, count)` pairs).
    pub fn new(mean: f64, sd: f64, n: u64, runs: &[(f64, u64)], resolution: Option<f64>, undefined: u64) -> Summary {
        Summary {
            mean: Estimate::normal(mean, sd / (n as f64).sqrt()),
            sd,
            q025: type7(runs, 0.025),
            q50: type7(runs, 0.5),
            q975: type7(runs, 0.975),
            resolution,
            undefined,
        }
    }

    /// The summary of no value at all.
    pub fn empty(resolution: Option<f64>, undefined: u64) -> Summary {
        Summary {
            mean: Estimate::normal(f64::NAN, f64::NAN),
            sd: f64::NAN,
            q025: f64::NAN,
            q50: f64::NAN,
            q975: f64::NAN,
            resolution,
            undefined,
        }
    }
}
