//! Distributions of continuous operating characteristics (mean changes and their
//! differences) over replicates, tallied in integers so that they do not depend on the
//! order replicates are added in: sums in fixed point, quantiles from a histogram of bins.

use std::collections::BTreeMap;
use trialsim_stats::Summary;

/// Fixed-point scale of the sums.
const SCALE: f64 = (1u64 << 32) as f64;

/// Count, fixed-point sums and a histogram of a continuous quantity over replicates.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ValueTally {
    /// Histogram bin width (quantiles are exact to within it).
    bin: f64,
    pub count: u64,
    #[serde(with = "super::wide::i128_string")]
    sum: i128,
    #[serde(with = "super::wide::i128_string")]
    sum_squares: i128,
    bins: BTreeMap<i64, u64>,
}

impl ValueTally {
    pub fn new(bin: f64) -> Self {
        ValueTally { bin, count: 0, sum: 0, sum_squares: 0, bins: BTreeMap::new() }
    }

    #[inline]
    pub fn add(&mut self, v: f64) {
        self.count += 1;
        self.sum += (v * SCALE).round() as i128;
        self.sum_squares += (v * v * SCALE).round() as i128;
        *self.bins.entry((v / self.bin).round() as i64).or_insert(0) += 1;
    }

    /// Is it consistent: its bins hold its count, at the bin width of `fresh`?
    pub fn consistent(&self, fresh: &ValueTally) -> bool {
        self.bin == fresh.bin && self.bins.values().sum::<u64>() == self.count
    }

    pub fn merge(&mut self, other: &ValueTally) {
        self.count += other.count;
        self.sum += other.sum;
        self.sum_squares += other.sum_squares;
        for (k, v) in &other.bins {
            *self.bins.entry(*k).or_insert(0) += v;
        }
    }

    /// The histogram: (bin centre, replicates).
    pub fn bins(&self) -> Vec<(f64, u64)> {
        self.bins.iter().map(|(k, c)| (*k as f64 * self.bin, *c)).collect()
    }

    /// The summary over `replicates` (those without a value count as undefined).
    pub fn summary(&self, replicates: u64) -> Summary {
        let n = self.count as f64;
        let mean = self.sum as f64 / SCALE / n;
        let variance = ((self.sum_squares as f64 / SCALE - n * mean * mean) / (n - 1.0)).max(0.0);
        let sd = if self.count > 1 { variance.sqrt() } else { 0.0 };
        Summary::new(mean, sd, self.count, &self.bins(), Some(self.bin), replicates - self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_of_known_values() {
        let mut t = ValueTally::new(0.001);
        for v in [1.0, 2.0, 3.0, 4.0] {
            t.add(v);
        }
        let s = t.summary(5);
        assert!((s.mean.estimate - 2.5).abs() < 1e-9);
        assert!((s.sd - 1.2909944487358056).abs() < 1e-9);
        assert!((s.q50 - 2.5).abs() < 1e-9);
        assert_eq!(s.undefined, 1);
    }
}
