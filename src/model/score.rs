//! A continuous score of one patient: baseline + the arm's mean change + a deviation that
//! is AR(1) across visits, correlated with the marker's latent score and with the patient's
//! baseline.

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
    /// Mean and SD of the reported baseline (the rounded, truncated normal), which
    /// standardise it: the baseline's part of the deviation has mean 0 and SD 1 exactly.
    baseline_mean: f64,
    baseline_sd: f64,
    /// Per arm: SD of the deviation from the mean change.
    pub change_sd: Vec<f64>,
    pub persistence: f64,
    /// `sqrt(1 - persistence^2)`.
    pub innovation: f64,
    /// Weights of the marker's latent score, of the standardised baseline and of the
    /// score's own AR(1) part in the deviation (their squares sum to 1).
    pub marker_weight: f64,
    pub baseline_weight: f64,
    pub own_weight: f64,
}

impl ScoreModel {
    /// The model of score `s`, its deviation SD per arm from `change_sd`.
    pub fn new(s: &Score, change_sd: Vec<f64>) -> Self {
        let b = &s.baseline;
        let (first, last) = b.grid(&s.resolution);
        let cdf = |v: f64| normal_cdf((v - b.mean) / b.sd);
        let weights = super::baseline::cell_weights(first, last, s.resolution.step(), b.min, b.max, cdf);
        let weights = if weights.iter().sum::<f64>() > 0.0 { weights } else { vec![1.0; weights.len()] };
        let total: f64 = weights.iter().sum();
        let value = |i: usize| s.resolution.value(first + i as i64);
        let baseline_mean = weights.iter().enumerate().map(|(i, w)| w * value(i)).sum::<f64>() / total;
        let variance =
            weights.iter().enumerate().map(|(i, w)| w * (value(i) - baseline_mean).powi(2)).sum::<f64>() / total;
        let (c, r) = (s.marker_correlation, s.baseline_correlation);
        ScoreModel {
            grid: s.resolution,
            first,
            last,
            baseline: AliasTable::new(&weights),
            baseline_mean,
            baseline_sd: variance.sqrt(),
            change_sd,
            persistence: s.persistence,
            innovation: (1.0 - s.persistence * s.persistence).sqrt(),
            marker_weight: c,
            baseline_weight: r,
            own_weight: (1.0 - c * c - r * r).max(0.0).sqrt(),
        }
    }

    /// The baseline's part of the deviation: `baseline_correlation` times the standardised
    /// baseline (0 when the baseline cannot vary or the correlation is 0).
    #[inline]
    pub fn baseline_part(&self, baseline: f64) -> f64 {
        if self.baseline_weight == 0.0 || self.baseline_sd == 0.0 {
            0.0
        } else {
            self.baseline_weight * (baseline - self.baseline_mean) / self.baseline_sd
        }
    }

    /// The reported baseline from one random word.
    #[inline]
    pub fn baseline(&self, word: u64) -> f64 {
        self.grid.value(self.first + self.baseline.sample(word) as i64)
    }

    /// The reported value for a patient of arm `a`, from a baseline, a mean change and a
    /// standardised deviation.
    #[inline]
    pub fn value(&self, a: usize, baseline: f64, change: f64, deviation: f64) -> f64 {
        let m = self.grid.index(baseline + change + self.change_sd[a] * deviation).clamp(self.first, self.last);
        self.grid.value(m)
    }
}
