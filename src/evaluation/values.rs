//! Distributions of continuous operating characteristics (mean changes and their
//! differences) over replicates, tallied in integers so that they do not depend on the
//! order replicates are added in: sums in fixed point, quantiles from a histogram of bins.

use serde::Serialize;
use std::collections::BTreeMap;

/// Fixed-point scale of the sums.
const SCALE: f64 = (1u64 << 32) as f64;

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

/// Mean, SD and quantiles of a continuous quantity over replicates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValueSummary {
    pub mean: f64,
    pub mean_mcse: f64,
    pub mean_ci95: [f64; 2],
    pub sd: f64,
    pub q025: f64,
    pub q50: f64,
    pub q975: f64,
    /// Width of the bins the quantiles are read from.
    pub resolution: f64,
    /// Replicates where it was not defined (too few patients).
    #[serde(skip_serializing_if = "is_zero")]
    pub undefined: u64,
}

fn is_zero(x: &u64) -> bool {
    *x == 0
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
    pub fn summary(&self, replicates: u64) -> ValueSummary {
        let n = self.count as f64;
        let mean = self.sum as f64 / SCALE / n;
        let variance = ((self.sum_squares as f64 / SCALE - n * mean * mean) / (n - 1.0)).max(0.0);
        let sd = if self.count > 1 { variance.sqrt() } else { 0.0 };
        let mcse = sd / n.sqrt();
        let z = trialsim_stats::special::normal_quantile(0.975);
        let order = |i: u64| {
            let mut seen = 0;
            for (k, c) in &self.bins {
                seen += c;
                if i < seen {
                    return *k as f64 * self.bin;
                }
            }
            f64::NAN
        };
        let quantile = |p: f64| {
            if self.count == 0 {
                return f64::NAN;
            }
            let h = (self.count - 1) as f64 * p;
            let lo = h.floor() as u64;
            let (a, b) = (order(lo), order((lo + 1).min(self.count - 1)));
            a + (h - lo as f64) * (b - a)
        };
        ValueSummary {
            mean,
            mean_mcse: mcse,
            mean_ci95: [mean - z * mcse, mean + z * mcse],
            sd,
            q025: quantile(0.025),
            q50: quantile(0.5),
            q975: quantile(0.975),
            resolution: self.bin,
            undefined: replicates - self.count,
        }
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
        assert!((s.mean - 2.5).abs() < 1e-9);
        assert!((s.sd - 1.2909944487358056).abs() < 1e-9);
        assert!((s.q50 - 2.5).abs() < 1e-9);
        assert_eq!(s.undefined, 1);
    }
}
