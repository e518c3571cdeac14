//! Fisher's exact test for a 2x2 table, as R's `fisher.test`.

use crate::Alternative;
use crate::special::ln_choose;

/// R's relative tolerance for "no more likely than the observed table".
pub const RELATIVE_TOLERANCE: f64 = 1e-7;

/// The p-value of Fisher's exact test of `x1` of `n1` against `x2` of `n2`.
///
/// The two-sided p-value sums the probabilities of all tables with the same margins
/// that are no more likely than the observed one (within a relative 1e-7); one-sided
/// p-values are hypergeometric tails of the arm's responders.
///
/// # Examples
///
/// ```
/// use trialsim_stats::{fisher, Alternative};
/// // R: fisher.test(matrix(c(3, 1, 1, 3), 2))$p.value = 0.4857142857142857
/// assert!((fisher::p_value(3, 4, 1, 4, Alternative::TwoSided) - 0.4857142857142857).abs() < 1e-12);
/// ```
pub fn p_value(x1: u32, n1: u32, x2: u32, n2: u32, alternative: Alternative) -> f64 {
    let mut margin = Margin::default();
    margin.compute(n1, n2, x1 + x2);
    margin.p_value(x1, alternative)
}

/// The hypergeometric distribution of the arm's responders given both arm sizes and the
/// total responders, with what every p-value at this margin needs.
#[derive(Debug, Default, Clone)]
pub struct Margin {
    /// Smallest possible responders in the arm.
    pub lo: u32,
    /// Probabilities of lo, lo + 1, ... (normalised after scaling by the largest).
    density: Vec<f64>,
    /// Densities sorted increasingly, and their running sums.
    sorted: Vec<f64>,
    cumulative_sorted: Vec<f64>,
    /// Running sums of the density in support order.
    cumulative: Vec<f64>,
}

impl Margin {
    /// Prepare the margin of arm sizes n1, n2 with m responders in all.
    pub fn compute(&mut self, n1: u32, n2: u32, m: u32) {
        self.lo = m.saturating_sub(n2);
        let hi = m.min(n1);
        let ld = |k: u32| ln_choose(n1, k) + ln_choose(n2, m - k);
        let max = (self.lo..=hi).map(ld).fold(f64::NEG_INFINITY, f64::max);
        self.density.clear();
        self.density.extend((self.lo..=hi).map(|k| (ld(k) - max).exp()));
        let total: f64 = self.density.iter().sum();
        for d in &mut self.density {
            *d /= total;
        }
        self.cumulative.clear();
        let mut run = 0.0;
        for d in &self.density {
            run += d;
            self.cumulative.push(run);
        }
        self.sorted.clear();
        self.sorted.extend_from_slice(&self.density);
        self.sorted.sort_by(f64::total_cmp);
        self.cumulative_sorted.clear();
        let mut run = 0.0;
        for d in &self.sorted {
            run += d;
            self.cumulative_sorted.push(run);
        }
    }

    /// The p-value of `x1` responders in the arm at this margin.
    pub fn p_value(&self, x1: u32, alternative: Alternative) -> f64 {
        let i = (x1 - self.lo) as usize;
        let p = match alternative {
            Alternative::Less => self.cumulative[i],
            Alternative::Greater => 1.0 - if i == 0 { 0.0 } else { self.cumulative[i - 1] },
            Alternative::TwoSided => {
                let observed = self.density[i] * (1.0 + RELATIVE_TOLERANCE);
                let count = self.sorted.partition_point(|&d| d <= observed);
                if count == 0 { 0.0 } else { self.cumulative_sorted[count - 1] }
            }
        };
        p.clamp(0.0, 1.0)
    }
}
