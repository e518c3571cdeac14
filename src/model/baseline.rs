//! The reported baseline: a log-normal truncated to `[min, max)`, rounded to the grid.

use super::alias::AliasTable;
use crate::scenario::{Baseline, Resolution};
use trialsim_stats::special::normal_cdf;

/// The probability of each grid value's rounding cell under `cdf`, the end cells reaching
/// to `min` and `max` (the distribution of a rounded, truncated value).
pub fn cell_weights(first: i64, last: i64, step: f64, min: f64, max: f64, cdf: impl Fn(f64) -> f64) -> Vec<f64> {
    (first..=last)
        .map(|m| {
            let lo = if m == first { min } else { (m as f64 - 0.5) * step };
            let hi = if m == last { max } else { (m as f64 + 0.5) * step };
            (cdf(hi) - cdf(lo)).max(0.0)
        })
        .collect()
}

/// Draws reported baselines: grid values with the probability the truncated log-normal
/// gives their rounding cell (the end cells reach to `min` and `max`).
#[derive(Debug, Clone)]
pub struct BaselineSampler {
    /// Grid index of the smallest reported baseline.
    pub first: i64,
    table: AliasTable,
    probabilities: Vec<f64>,
}

impl BaselineSampler {
    pub fn new(b: &Baseline, grid: &Resolution) -> Self {
        let (first, last) = b.grid(grid);
        let cdf = |v: f64| if v <= 0.0 { 0.0 } else { normal_cdf((v / b.median).ln() / b.log_sd) };
        let weights = cell_weights(first, last, grid.step(), b.min, b.max, cdf);
        let total: f64 = weights.iter().sum();
        let weights = if total > 0.0 {
            weights
        } else {
            // The range is so far in a tail that the masses underflow: spread evenly.
            vec![1.0; weights.len()]
        };
        let total: f64 = weights.iter().sum();
        BaselineSampler {
            first,
            table: AliasTable::new(&weights),
            probabilities: weights.iter().map(|w| w / total).collect(),
        }
    }

    /// The number of reported baseline values.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// An offset into the grid (add `first` for the grid index) from one random word.
    #[inline]
    pub fn sample(&self, word: u64) -> usize {
        self.table.sample(word)
    }

    /// The probability of the i-th reported baseline value.
    pub fn probability(&self, i: usize) -> f64 {
        self.probabilities[i]
    }
}
