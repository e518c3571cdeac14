//! Exact distributions of observed rates: a histogram of (responders, denominator)
//! pairs whose memory is bounded by the arm size, not the number of replicates.

use serde::Serialize;

/// Counts of replicates by (responders x, denominator d), for d in 0..=n.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RatioHistogram {
    /// `rows[d][x]`; a row is allocated the first time its denominator occurs.
    rows: Vec<Vec<u64>>,
}

/// Mean, SD and quantiles of an observed rate over replicates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RateSummary {
    pub mean: f64,
    /// Monte Carlo standard error of the mean, SD / sqrt(replicates).
    pub mean_mcse: f64,
    /// Normal 95 % interval of the mean.
    pub mean_ci95: [f64; 2],
    pub sd: f64,
    pub q025: f64,
    pub q50: f64,
    pub q975: f64,
    /// Replicates where the rate was undefined (no patient left in the denominator).
    #[serde(skip_serializing_if = "is_zero")]
    pub undefined: u64,
}

fn is_zero(x: &u64) -> bool {
    *x == 0
}

impl RatioHistogram {
    /// A histogram for denominators up to `n`.
    pub fn new(n: u32) -> Self {
        RatioHistogram { rows: vec![Vec::new(); n as usize + 1] }
    }

    #[inline]
    pub fn add(&mut self, x: u32, d: u32) {
        let row = &mut self.rows[d as usize];
        if row.is_empty() {
            row.resize(d as usize + 1, 0);
        }
        row[x as usize] += 1;
    }

    pub fn merge(&mut self, other: &RatioHistogram) {
        for (mine, theirs) in self.rows.iter_mut().zip(&other.rows) {
            if theirs.is_empty() {
                continue;
            }
            if mine.is_empty() {
                mine.resize(theirs.len(), 0);
            }
            for (a, b) in mine.iter_mut().zip(theirs) {
                *a += b;
            }
        }
    }

    /// Every (x, d, count) with a positive count, in increasing order of x / d.
    pub fn cells(&self) -> Vec<(u64, u64, u64)> {
        self.sorted()
    }

    fn sorted(&self) -> Vec<(u64, u64, u64)> {
        let mut cells: Vec<(u64, u64, u64)> = self
            .rows
            .iter()
            .enumerate()
            .skip(1)
            .flat_map(|(d, row)| {
                row.iter().enumerate().filter(|(_, c)| **c > 0).map(move |(x, &c)| (x as u64, d as u64, c))
            })
            .collect();
        cells.sort_by(|a, b| (a.0 * b.1).cmp(&(b.0 * a.1)).then(a.1.cmp(&b.1)));
        cells
    }

    /// Mean, sample SD and R's type-7 quantiles of x / d over the replicates.
    pub fn summary(&self) -> RateSummary {
        let undefined = self.rows[0].iter().sum();
        let cells = self.sorted();
        let total: u64 = cells.iter().map(|c| c.2).sum();
        if total == 0 {
            return RateSummary {
                mean: f64::NAN,
                mean_mcse: f64::NAN,
                mean_ci95: [f64::NAN, f64::NAN],
                sd: f64::NAN,
                q025: f64::NAN,
                q50: f64::NAN,
                q975: f64::NAN,
                undefined,
            };
        }
        let rate = |c: &(u64, u64, u64)| c.0 as f64 / c.1 as f64;
        let mean = cells.iter().map(|c| rate(c) * c.2 as f64).sum::<f64>() / total as f64;
        let ss: f64 = cells.iter().map(|c| (rate(c) - mean).powi(2) * c.2 as f64).sum();
        let sd = if total > 1 { (ss / (total - 1) as f64).sqrt() } else { 0.0 };
        // The value of the i-th order statistic (0-based).
        let order = |i: u64| {
            let mut seen = 0;
            for c in &cells {
                seen += c.2;
                if i < seen {
                    return rate(c);
                }
            }
            rate(cells.last().expect("non-empty"))
        };
        let quantile = |p: f64| {
            let h = (total - 1) as f64 * p;
            let lo = h.floor() as u64;
            let (a, b) = (order(lo), order((lo + 1).min(total - 1)));
            a + (h - lo as f64) * (b - a)
        };
        let mean_mcse = sd / (total as f64).sqrt();
        let z = trialsim_stats::special::normal_quantile(0.975);
        RateSummary {
            mean,
            mean_mcse,
            mean_ci95: [mean - z * mean_mcse, mean + z * mean_mcse],
            sd,
            q025: quantile(0.025),
            q50: quantile(0.5),
            q975: quantile(0.975),
            undefined,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_matches_r_on_a_small_sample() {
        // Rates 0/4, 1/4, 1/2 (= 2/4), 3/4, 1/3: R: x <- c(0, .25, .5, .75, 1/3)
        let mut h = RatioHistogram::new(4);
        for (x, d) in [(0, 4), (1, 4), (2, 4), (3, 4), (1, 3)] {
            h.add(x, d);
        }
        let s = h.summary();
        let xs = [0.0, 0.25, 0.5, 0.75, 1.0 / 3.0];
        let mean = xs.iter().sum::<f64>() / 5.0;
        assert!((s.mean - mean).abs() < 1e-15);
        // quantile(x, c(.025, .5, .975)) = 0.025 0.3333333 0.725
        assert!((s.q025 - 0.025).abs() < 1e-12);
        assert!((s.q50 - 1.0 / 3.0).abs() < 1e-12);
        assert!((s.q975 - 0.725).abs() < 1e-12);
        // sd(x) = 0.28012893856619353
        assert!((s.sd - 0.28012893856619353).abs() < 1e-12);
    }

    #[test]
    fn merging_adds_counts() {
        let mut a = RatioHistogram::new(3);
        let mut b = RatioHistogram::new(3);
        a.add(1, 3);
        b.add(1, 3);
        b.add(0, 2);
        a.merge(&b);
        let mut c = RatioHistogram::new(3);
        c.add(1, 3);
        c.add(1, 3);
        c.add(0, 2);
        assert_eq!(a, c);
    }
}
