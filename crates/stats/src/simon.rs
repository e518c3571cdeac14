//! Simon's (1989) two-stage designs for single-arm phase II trials: stop after `n1`
//! patients if at most `r1` respond; otherwise treat `n` in all and declare the treatment
//! inactive if at most `r` respond. Exact binomial operating characteristics.

use crate::special::binomial_pmf;
use serde::Serialize;

/// A two-stage design with its exact operating characteristics.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SimonDesign {
    pub r1: u32,
    pub n1: u32,
    pub r: u32,
    pub n: u32,
    /// Expected sample size under p0.
    pub en0: f64,
    /// Probability of early termination under p0.
    pub pet0: f64,
    /// Probability of declaring the treatment active under p0 (type-I error).
    pub alpha: f64,
    /// ... and under p1 (power).
    pub power: f64,
}

/// Binomial probabilities and distribution functions for all sizes up to `nmax`.
struct Tables {
    pmf: Vec<Vec<f64>>,
    cdf: Vec<Vec<f64>>,
}

impl Tables {
    fn new(p: f64, nmax: u32) -> Self {
        let pmf: Vec<Vec<f64>> = (0..=nmax).map(|m| (0..=m).map(|x| binomial_pmf(x, m, p)).collect()).collect();
        let cdf = pmf
            .iter()
            .map(|row| {
                let mut run = 0.0;
                row.iter()
                    .map(|q| {
                        run += q;
                        run.min(1.0)
                    })
                    .collect()
            })
            .collect();
        Tables { pmf, cdf }
    }

    /// P(at most k of m), 0 for k < 0.
    fn at_most(&self, m: u32, k: i64) -> f64 {
        if k < 0 { 0.0 } else { self.cdf[m as usize][(k as usize).min(m as usize)] }
    }

    /// P(declare active) of (r1/n1, r/n).
    fn active(&self, r1: u32, n1: u32, r: u32, n: u32) -> f64 {
        let n2 = n - n1;
        (r1 + 1..=n1)
            .map(|x1| self.pmf[n1 as usize][x1 as usize] * (1.0 - self.at_most(n2, r as i64 - x1 as i64)))
            .sum()
    }
}

/// The exact operating characteristics of a given design.
pub fn evaluate(r1: u32, n1: u32, r: u32, n: u32, p0: f64, p1: f64) -> SimonDesign {
    let (t0, t1) = (Tables::new(p0, n), Tables::new(p1, n));
    let pet0 = t0.at_most(n1, r1 as i64);
    SimonDesign {
        r1,
        n1,
        r,
        n,
        en0: n1 as f64 + (1.0 - pet0) * (n - n1) as f64,
        pet0,
        alpha: t0.active(r1, n1, r, n),
        power: t1.active(r1, n1, r, n),
    }
}

/// The optimal (smallest expected size under p0) and minimax (smallest maximum size, then
/// smallest expected size) designs with type-I error at most `alpha` and power at least
/// `power`, over maximum sizes up to `nmax`; `None` if no design of that size qualifies.
///
/// # Examples
///
/// ```
/// use trialsim_stats::simon::search;
/// let (optimal, minimax) = search(0.1, 0.3, 0.05, 0.8, 60).unwrap();
/// assert_eq!((optimal.r1, optimal.n1, optimal.r, optimal.n), (1, 10, 5, 29));
/// assert_eq!((minimax.r1, minimax.n1, minimax.r, minimax.n), (1, 15, 5, 25));
/// ```
pub fn search(p0: f64, p1: f64, alpha: f64, power: f64, nmax: u32) -> Option<(SimonDesign, SimonDesign)> {
    let (t0, t1) = (Tables::new(p0, nmax), Tables::new(p1, nmax));
    let mut optimal: Option<SimonDesign> = None;
    let mut minimax: Option<SimonDesign> = None;
    for n in 2..=nmax {
        for n1 in 1..n {
            for r1 in 0..n1 {
                // Power cannot exceed the chance of passing the first stage under p1.
                if 1.0 - t1.at_most(n1, r1 as i64) < power {
                    break;
                }
                // The smallest r whose type-I error is at most alpha (it falls as r grows).
                let (mut lo, mut hi) = (r1, n);
                while lo < hi {
                    let mid = (lo + hi) / 2;
                    if t0.active(r1, n1, mid, n) <= alpha { hi = mid } else { lo = mid + 1 }
                }
                if lo >= n {
                    continue;
                }
                let r = lo;
                let achieved = t1.active(r1, n1, r, n);
                if achieved < power {
                    continue;
                }
                let pet0 = t0.at_most(n1, r1 as i64);
                let design = SimonDesign {
                    r1,
                    n1,
                    r,
                    n,
                    en0: n1 as f64 + (1.0 - pet0) * (n - n1) as f64,
                    pet0,
                    alpha: t0.active(r1, n1, r, n),
                    power: achieved,
                };
                const TIE: f64 = 1e-12;
                if optimal.is_none_or(|o| design.en0 < o.en0 - TIE) {
                    optimal = Some(design);
                }
                if minimax.is_none_or(|m| n < m.n || (n == m.n && design.en0 < m.en0 - TIE)) {
                    minimax = Some(design);
                }
            }
        }
    }
    optimal.zip(minimax)
}
