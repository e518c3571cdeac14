//! Continuous scores simulated beside the marker (ESSDAI, ESSPRI, DAS28, ...).

use super::marker::{Direction, Resolution};

/// The normal baseline of a score, truncated to `[min, max]`.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreBaseline {
    pub mean: f64,
    pub sd: f64,
    pub min: f64,
    pub max: f64,
}

impl ScoreBaseline {
    /// The first and last grid index of reported values in `[min, max]`.
    pub fn grid(&self, grid: &Resolution) -> (i64, i64) {
        let mut lo = grid.index(self.min);
        while grid.value(lo) < self.min {
            lo += 1;
        }
        let mut hi = grid.index(self.max);
        while grid.value(hi) > self.max {
            hi -= 1;
        }
        (lo, hi)
    }
}

/// A score: baseline + the arm's mean change + a patient deviation (normal, SD
/// `change_sd` or the arm's own, AR(1) across visits with `persistence`, correlated
/// `marker_correlation` with the marker's latent score and `baseline_correlation` with the
/// patient's baseline), kept inside `[min, max]`, reported at `resolution`.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    pub name: String,
    pub direction: Direction,
    pub baseline: ScoreBaseline,
    pub change_sd: f64,
    pub persistence: f64,
    pub resolution: Resolution,
    pub marker_correlation: f64,
    /// Correlation between the patient's baseline and their deviation (so their change).
    pub baseline_correlation: f64,
}
