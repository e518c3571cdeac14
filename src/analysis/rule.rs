//! How a comparison decides: the test of its endpoint, ready to apply.

use crate::scenario::SimonRule;
use trialsim_stats::decision::Decision;
use trialsim_stats::{Alternative, Test};

/// A comparison's decision rule.
#[derive(Debug, Clone)]
pub enum Rule {
    /// A binary endpoint: the test's p-values tabulated for the arm sizes.
    Binary(Decision),
    /// A change endpoint: Welch's t, ANCOVA or the t on the variance pooled over the arms.
    Continuous { test: Test, alternative: Alternative, alpha: f64 },
    /// A trend over every arm's dose `scores` (in the scenario's arm order): Cochran-Armitage
    /// (binary endpoints) or the linear-trend contrast (change endpoints).
    Trend { test: Test, alternative: Alternative, alpha: f64, scores: Vec<f64> },
    /// Simon's two-stage rule on a response endpoint (decided on counts, not a p-value).
    Simon(SimonRule),
    /// A time-to-event endpoint: log-rank, or the difference of Kaplan-Meier event
    /// probabilities at the horizon (against `margin`).
    TimeToEvent { test: Test, alternative: Alternative, alpha: f64, margin: f64 },
}

impl Rule {
    /// The level its p-values are compared with.
    pub fn alpha(&self) -> f64 {
        match self {
            Rule::Binary(d) => d.alpha,
            Rule::Continuous { alpha, .. } | Rule::Trend { alpha, .. } | Rule::TimeToEvent { alpha, .. } => *alpha,
            // The rule's decision is coded as p = 0 (active) or 1.
            Rule::Simon(_) => 0.5,
        }
    }

    /// Does the p-value reject? An undefined one (NaN) does not.
    #[inline]
    pub fn rejects(&self, p: f64) -> bool {
        p <= self.alpha()
    }
}
