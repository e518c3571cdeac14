//! Simon's (1989) two-stage designs for single-arm phase II trials: stop after `n1`
//! patients if at most `r1` respond; otherwise treat `n` in all and declare the treatment
//! inactive if at most `r` respond. Exact binomial operating characteristics.

use crate::special::binomial_pmf;
use serde::Serialize;

/// A two-stage design with its exact operating characteristics.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
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

/// The binomial probabilities and distribution function of one size.
struct Binomial {
    pmf: Vec<f64>,
    cdf: Vec<f64>,
}

impl Binomial {
    fn new(p: f64, m: u32) -> Self {
        let pmf: Vec<f64> = (0..=m).map(|x| binomial_pmf(x, m, p)).collect();
        let mut run = 0.0;
        let cdf = pmf
            .iter()
            .map(|q| {
                run += q;
                run.min(1.0)
            })
            .collect();
        Binomial { pmf, cdf }
    }

    /// P(at most k), 0 for k < 0.
    fn at_most(&self, k: i64) -> f64 {
        if k < 0 { 0.0 } else { self.cdf[(k as usize).min(self.cdf.len() - 1)] }
    }
}

/// P(declare active) of (r1/n1, r/n), from the laws of the first stage (`n1` patients) and
/// of the second (`n - n1`).
fn active(first: &Binomial, second: &Binomial, r1: u32, r: u32) -> f64 {
    (r1 as usize + 1..first.pmf.len()).map(|x1| first.pmf[x1] * (1.0 - second.at_most(r as i64 - x1 as i64))).sum()
}

/// The binomial laws of every size up to `nmax`, for the search.
struct Tables {
    sizes: Vec<Binomial>,
}

impl Tables {
    fn new(p: f64, nmax: u32) -> Self {
        Tables { sizes: (0..=nmax).map(|m| Binomial::new(p, m)).collect() }
    }

    /// P(at most k of m), 0 for k < 0.
    fn at_most(&self, m: u32, k: i64) -> f64 {
        self.sizes[m as usize].at_most(k)
    }

    /// P(declare active) of (r1/n1, r/n).
    fn active(&self, r1: u32, n1: u32, r: u32, n: u32) -> f64 {
        active(&self.sizes[n1 as usize], &self.sizes[(n - n1) as usize], r1, r)
    }
}

/// The exact operating characteristics of a given design, in time and memory linear in `n`.
pub fn evaluate(r1: u32, n1: u32, r: u32, n: u32, p0: f64, p1: f64) -> SimonDesign {
    let (first0, second0) = (Binomial::new(p0, n1), Binomial::new(p0, n - n1));
    let (first1, second1) = (Binomial::new(p1, n1), Binomial::new(p1, n - n1));
    let pet0 = first0.at_most(r1 as i64);
    SimonDesign {
        r1,
        n1,
        r,
        n,
        en0: n1 as f64 + (1.0 - pet0) * (n - n1) as f64,
        pet0,
        alpha: active(&first0, &second0, r1, r),
        power: active(&first1, &second1, r1, r),
    }
}

/// The optimal (smallest expected size under p0) and minimax (smallest maximum size, then
/// smallest expected size) designs with type-I error at most `alpha` and power at least
/// `power`, over maximum sizes up to `nmax`; `None` if no design of that size qualifies.
///
/// Sizes at which even the most powerful test of all patients falls short of `power` are
/// skipped, and once the minimax design is found, designs that cannot have a smaller
/// expected size than the best so far are not tried: the answer is that of trying every
/// design (a unit test compares the two), found in a small part of the time.
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
    // Designs whose expected size under p0 cannot fall below this cannot be optimal.
    const TIE: f64 = 1e-12;
    for n in 2..=nmax {
        // No design of n patients beats the most powerful (randomised) test of all n.
        if most_power(&t0.sizes[n as usize], &t1.sizes[n as usize], alpha) < power - 1e-9 {
            continue;
        }
        // Once the minimax design has fewer patients, only a smaller EN(p0) counts.
        let bound = match (optimal, minimax) {
            (Some(o), Some(m)) if m.n < n => o.en0 - TIE,
            _ => f64::INFINITY,
        };
        for n1 in 1..n {
            // EN(p0) is at least n1.
            if n1 as f64 >= bound {
                break;
            }
            for r1 in 0..n1 {
                // Power cannot exceed the chance of passing the first stage under p1.
                if 1.0 - t1.at_most(n1, r1 as i64) < power {
                    break;
                }
                let pet0 = t0.at_most(n1, r1 as i64);
                let en0 = n1 as f64 + (1.0 - pet0) * (n - n1) as f64;
                if en0 >= bound {
                    continue;
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
                let design = SimonDesign { r1, n1, r, n, en0, pet0, alpha: t0.active(r1, n1, r, n), power: achieved };
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

/// The power at p1 of the most powerful test of level `alpha` of p0 against p1 > p0 from
/// all `n` patients (Neyman-Pearson: reject for many responders, randomising at the
/// critical count), from the laws of the count under p0 and p1. Every two-stage design of
/// `n` patients is a test of that level from the same patients, so none has more power.
fn most_power(null: &Binomial, alternative: &Binomial, alpha: f64) -> f64 {
    let n = null.pmf.len() - 1;
    // The smallest c with P0(X > c) <= alpha.
    let above = |law: &Binomial, c: usize| 1.0 - law.cdf[c];
    let c = (0..=n).find(|&c| above(null, c) <= alpha).unwrap_or(n);
    let share = if null.pmf[c] > 0.0 { ((alpha - above(null, c)) / null.pmf[c]).clamp(0.0, 1.0) } else { 0.0 };
    above(alternative, c) + share * alternative.pmf[c]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evaluate_equals_the_search_tables_bit_for_bit() {
        for (p0, p1) in [(0.05, 0.25), (0.1, 0.3), (0.2, 0.4)] {
            let (optimal, minimax) = search(p0, p1, 0.05, 0.8, 60).unwrap();
            for d in [optimal, minimax] {
                assert_eq!(evaluate(d.r1, d.n1, d.r, d.n, p0, p1), d);
            }
        }
    }

    /// Every design of at most `nmax` patients, each with its smallest r, by brute force.
    fn all_designs(p0: f64, p1: f64, alpha: f64, power: f64, nmax: u32) -> Vec<SimonDesign> {
        let mut all = Vec::new();
        for n in 2..=nmax {
            for n1 in 1..n {
                for r1 in 0..n1 {
                    let r = (r1..n).find(|&r| evaluate(r1, n1, r, n, p0, p1).alpha <= alpha);
                    let design = r.map(|r| evaluate(r1, n1, r, n, p0, p1));
                    all.extend(design.filter(|d| d.power >= power));
                }
            }
        }
        all
    }

    #[test]
    fn the_pruned_search_finds_what_brute_force_finds() {
        for (p0, p1, alpha, power) in
            [(0.1, 0.3, 0.05, 0.8), (0.2, 0.4, 0.05, 0.8), (0.3, 0.6, 0.025, 0.85), (0.05, 0.25, 0.1, 0.9)]
        {
            let all = all_designs(p0, p1, alpha, power, 45);
            let (optimal, minimax) = search(p0, p1, alpha, power, 45).expect("a design");
            let least_en0 = all.iter().map(|d| d.en0).fold(f64::INFINITY, f64::min);
            assert!((optimal.en0 - least_en0).abs() < 1e-9, "optimal {optimal:?}, least EN0 {least_en0}");
            let least_n = all.iter().map(|d| d.n).min().unwrap();
            let least_en0_at_n = all.iter().filter(|d| d.n == least_n).map(|d| d.en0).fold(f64::INFINITY, f64::min);
            assert_eq!(minimax.n, least_n);
            assert!((minimax.en0 - least_en0_at_n).abs() < 1e-9, "minimax {minimax:?}");
        }
        // None at all when even the most powerful test of nmax patients falls short.
        assert!(search(0.5, 0.55, 0.05, 0.8, 300).is_none());
        assert!(all_designs(0.5, 0.55, 0.05, 0.8, 40).is_empty());
    }

    #[test]
    fn large_designs_are_evaluated_in_linear_memory() {
        // Tables of every size up to n would hold n^2 / 2 probabilities: 17 GB here.
        let d = evaluate(12_900, 30_000, 28_500, 65_535, 0.43, 0.5);
        assert!(d.pet0 > 0.0 && d.pet0 < 1.0 && d.power > d.alpha, "{d:?}");
        assert!((d.en0 - (30_000.0 + (1.0 - d.pet0) * 35_535.0)).abs() < 1e-6);
    }
}
