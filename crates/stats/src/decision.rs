//! Whether one endpoint comparison rejects, with the rejection region tabulated once
//! for the arm sizes (exact: the table holds the test's own decisions).

use crate::{Alternative, Test, one_sample_p_value, two_sample_p_value};
use std::sync::OnceLock;

/// Most cells of a tabulated rejection region (arms of about 2,000 patients each).
pub const MAX_TABLE: u64 = 1 << 22;

/// The decision rule of one comparison: a test, its alternative and level.
#[derive(Debug, Clone)]
pub struct Decision {
    pub test: Test,
    pub alternative: Alternative,
    pub alpha: f64,
    /// The non-inferiority or superiority margin (tests that take one).
    pub margin: f64,
    /// Single-arm designs: the null rate.
    pub null_rate: Option<f64>,
    /// Tabulated for the denominators `(n1, n2)` (n2 = 0 for single-arm).
    n1: u32,
    n2: u32,
    /// p-values (NaN where the test is undefined).
    table: Vec<f64>,
    /// Single-arm: the p-value of each count of `n1`, computed when first needed (each
    /// takes time linear in `n1`, and a run meets only the counts near the expected one)
    /// from the null law of `n1` patients, computed once.
    counts: Vec<OnceLock<f64>>,
    law: Vec<f64>,
}

impl Decision {
    /// A two-sample decision, tabulated for denominators `n1` (arm) and `n2` (control)
    /// when the table has at most [`MAX_TABLE`] cells (larger arms are tested directly).
    pub fn two_sample(test: Test, alternative: Alternative, alpha: f64, margin: f64, n1: u32, n2: u32) -> Self {
        let cells = (n1 as u64 + 1) * (n2 as u64 + 1);
        let mut table = Vec::new();
        if cells <= MAX_TABLE && test == Test::Fisher {
            // Every table with the same total responders shares one hypergeometric law.
            table = vec![f64::NAN; cells as usize];
            let mut law = crate::fisher::Margin::default();
            for m in 0..=n1 + n2 {
                law.compute(n1, n2, m);
                for x1 in law.lo..=m.min(n1) {
                    table[(x1 * (n2 + 1) + (m - x1)) as usize] = law.p_value(x1, alternative);
                }
            }
        } else if cells <= MAX_TABLE {
            table.reserve(cells as usize);
            for x1 in 0..=n1 {
                for x2 in 0..=n2 {
                    table.push(two_sample_p_value(test, alternative, margin, x1, n1, x2, n2).unwrap_or(f64::NAN));
                }
            }
        }
        Decision {
            test,
            alternative,
            alpha,
            margin,
            null_rate: None,
            n1,
            n2,
            table,
            counts: Vec::new(),
            law: Vec::new(),
        }
    }

    /// A single-arm exact binomial decision, tabulated for `n` patients.
    pub fn one_sample(alternative: Alternative, alpha: f64, null_rate: f64, n: u32) -> Self {
        Decision {
            test: Test::ExactBinomial,
            alternative,
            alpha,
            margin: 0.0,
            null_rate: Some(null_rate),
            n1: n,
            n2: 0,
            table: Vec::new(),
            counts: (0..=n).map(|_| OnceLock::new()).collect(),
            law: crate::binomial::null_law(n, null_rate),
        }
    }

    /// The p-value of `x1` of `d1` (arm) against `x2` of `d2` (control); NaN if undefined.
    #[inline]
    pub fn p_two(&self, x1: u32, d1: u32, x2: u32, d2: u32) -> f64 {
        if d1 == self.n1 && d2 == self.n2 && !self.table.is_empty() {
            self.table[(x1 * (self.n2 + 1) + x2) as usize]
        } else {
            two_sample_p_value(self.test, self.alternative, self.margin, x1, d1, x2, d2).unwrap_or(f64::NAN)
        }
    }

    /// The p-value of `x` of `d` against the null rate; NaN if undefined.
    #[inline]
    pub fn p_one(&self, x: u32, d: u32) -> f64 {
        let p0 = self.null_rate.expect("single-arm decisions have a null rate");
        let direct = || one_sample_p_value(self.alternative, x, d, p0).unwrap_or(f64::NAN);
        match self.counts.get(x as usize) {
            Some(cell) if d == self.n1 && d > 0 => {
                *cell.get_or_init(|| crate::binomial::p_value_of(x, &self.law, p0, self.alternative))
            }
            _ => direct(),
        }
    }

    /// Does `x1` of `d1` (arm) against `x2` of `d2` (control) reject?
    #[inline]
    pub fn rejects_two(&self, x1: u32, d1: u32, x2: u32, d2: u32) -> bool {
        self.p_two(x1, d1, x2, d2) <= self.alpha
    }

    /// Does `x` of `d` reject against the null rate?
    #[inline]
    pub fn rejects_one(&self, x: u32, d: u32) -> bool {
        self.p_one(x, d) <= self.alpha
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rejects;

    #[test]
    fn table_matches_direct_computation() {
        let d = Decision::two_sample(Test::Fisher, Alternative::TwoSided, 0.05, 0.0, 12, 9);
        for x1 in 0..=12 {
            for x2 in 0..=9 {
                let direct = rejects(two_sample_p_value(Test::Fisher, Alternative::TwoSided, 0.0, x1, 12, x2, 9), 0.05);
                assert_eq!(d.rejects_two(x1, 12, x2, 9), direct);
            }
        }
        // A denominator off the table is computed directly.
        assert!(d.rejects_two(10, 11, 0, 9));
    }

    #[test]
    fn single_arm_p_values_equal_the_direct_ones() {
        let d = Decision::one_sample(Alternative::Greater, 0.025, 0.15, 40);
        for x in 0..=40 {
            let direct = one_sample_p_value(Alternative::Greater, x, 40, 0.15).unwrap();
            assert_eq!(d.p_one(x, 40).to_bits(), direct.to_bits());
            assert_eq!(d.p_one(x, 40).to_bits(), direct.to_bits(), "a second time, from the cell");
        }
        assert_eq!(d.p_one(5, 39), one_sample_p_value(Alternative::Greater, 5, 39, 0.15).unwrap());
        // A large arm costs nothing up front.
        let large = Decision::one_sample(Alternative::Greater, 0.025, 0.43, 1_000_000);
        assert!(large.rejects_one(440_000, 1_000_000));
    }
}
