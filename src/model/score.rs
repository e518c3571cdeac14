//! A continuous score of one patient: baseline + the arm's mean change + a deviation that
//! is AR(1) across visits and correlated with the marker's latent score.

use super::alias::AliasTable;
use crate::scenario::{Resolution, Score};
use trialsim_stats::special::normal_cdf;

/// Everything about a score that depends only on the scenario.
#[derive(Debug, Clone)]
pub struct ScoreModel {
    pub grid: Resolution,
    /// Grid indices of the smallest and largest reported values in `[min, max]`.
    pub first: i64,
    pub last: i64,
    baseline: AliasTable,
    pub change_sd: f64,
    pub persistence: f64,
    /// `sqrt(1 - persistence^2)`.
    pub innovation: f64,
    /// Weight of the marker's latent score in the deviation, and of the score's own.
    pub marker_weight: f64,
    pub own_weight: f64,
}

impl ScoreModel {
    pub fn new(s: &Score) -> Self {
        let b = &s.baseline;
        let (first, last) = b.grid(&s.resolution);
        let cdf = |v: f64| normal_cdf((v - b.mean) / b.sd);
        let weights = super::baseline::cell_weights(first, last, s.resolution.step(), b.min, b.max, cdf);
        let weights = if weights.iter().sum::<f64>() > 0.0 { weights } else { vec![1.0; weights.len()] };
        let c = s.marker_correlation;
        ScoreModel {
            grid: s.resolution,
            first,
            last,
            baseline: AliasTable::new(&weights),
            change_sd: s.change_sd,
            persistence: s.persistence,
            innovation: (1.0 - s.persistence * s.persistence).sqrt(),
            marker_weight: c,
            own_weight: (1.0 - c * c).sqrt(),
        }
    }

    /// The reported baseline from one random word.
    #[inline]
    pub fn baseline(&self, word: u64) -> f64 {
        self.grid.value(self.first + self.baseline.sample(word) as i64)
    }

    /// The reported value for a baseline, a mean change and a standardised deviation.
    #[inline]
    pub fn value(&self, baseline: f64, change: f64, deviation: f64) -> f64 {
        let m = self.grid.index(baseline + change + self.change_sd * deviation).clamp(self.first, self.last);
        self.grid.value(m)
    }
}
