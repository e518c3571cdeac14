//! Exact distributions of observed rates: a histogram of (responders, denominator)
//! pairs whose memory is bounded by the arm size, not the number of replicates.

use trialsim_stats::Summary;

/// Counts of replicates by (responders x, denominator d), for d in 0..=n.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RatioHistogram {
    /// `rows[d][x]`; a row is allocated the first time its denominator occurs.
    rows: Vec<Vec<u64>>,
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

    /// Replicates counted.
    pub fn total(&self) -> u64 {
        self.rows.iter().flatten().sum()
    }

    /// Is it a histogram for the same denominators as `fresh` (a row d holds d + 1 counts)?
    pub fn same_shape(&self, fresh: &RatioHistogram) -> bool {
        self.rows.len() == fresh.rows.len()
            && self.rows.iter().enumerate().all(|(d, row)| row.is_empty() || row.len() == d + 1)
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

    /// The observed rates x / d with how many replicates had each, in increasing order
    /// (equal rates of different denominators in separate runs).
    pub fn rates(&self) -> Vec<(f64, u64)> {
        self.sorted().iter().map(|&(x, d, count)| (x as f64 / d as f64, count)).collect()
    }

    /// Mean, sample SD and R's type-7 quantiles of x / d over the replicates; replicates
    /// with no patient in the denominator count as undefined.
    pub fn summary(&self) -> Summary {
        let undefined = self.rows[0].iter().sum();
        let runs = self.rates();
        let total: u64 = runs.iter().map(|c| c.1).sum();
        if total == 0 {
            return Summary::empty(None, undefined);
        }
        let mean = runs.iter().map(|&(rate, count)| rate * count as f64).sum::<f64>() / total as f64;
        let ss: f64 = runs.iter().map(|&(rate, count)| (rate - mean).powi(2) * count as f64).sum();
        let sd = if total > 1 { (ss / (total - 1) as f64).sqrt() } else { 0.0 };
        Summary::new(mean, sd, total, &runs, None, undefined)
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
        assert!((s.mean.estimate - mean).abs() < 1e-15);
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
