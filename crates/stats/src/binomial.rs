//! The exact binomial test of one proportion, as R's `binom.test`.

use crate::Alternative;
use crate::special::binomial_pmf;

/// R's relative tolerance for "no more likely than the observed count".
pub const RELATIVE_TOLERANCE: f64 = 1e-7;

/// The p-value of the exact binomial test of `x` of `n` against the rate `p0`.
///
/// # Examples
///
/// ```
/// use trialsim_stats::{binomial, Alternative};
/// // R: binom.test(7, 20, 0.2)$p.value = 0.09822172861346873
/// assert!((binomial::p_value(7, 20, 0.2, Alternative::TwoSided) - 0.09822172861346873).abs() < 1e-12);
/// ```
pub fn p_value(x: u32, n: u32, p0: f64, alternative: Alternative) -> f64 {
    p_value_by(x, n, p0, alternative, |k| binomial_pmf(k, n, p0))
}

/// The probabilities of 0 to `n` successes at the rate `p0`: the law [`p_value_of`] takes.
pub fn null_law(n: u32, p0: f64) -> Vec<f64> {
    (0..=n).map(|k| binomial_pmf(k, n, p0)).collect()
}

/// [`p_value`] from the null law of `n = law.len() - 1` trials (bit for bit the same
/// value): the law is computed once for all counts of one `n`.
pub fn p_value_of(x: u32, law: &[f64], p0: f64, alternative: Alternative) -> f64 {
    p_value_by(x, (law.len() - 1) as u32, p0, alternative, |k| law[k as usize])
}

/// The p-value with the null probabilities given by `pmf`.
fn p_value_by(x: u32, n: u32, p0: f64, alternative: Alternative, pmf: impl Fn(u32) -> f64) -> f64 {
    let sum = |ks: std::ops::RangeInclusive<u32>| ks.map(&pmf).sum::<f64>();
    let p = match alternative {
        Alternative::Less => sum(0..=x),
        Alternative::Greater => sum(x..=n),
        Alternative::TwoSided => {
            let mean = n as f64 * p0;
            let observed = pmf(x) * (1.0 + RELATIVE_TOLERANCE);
            if x as f64 == mean {
                1.0
            } else if (x as f64) < mean {
                let from = mean.ceil() as u32;
                let y = (from..=n).filter(|&k| pmf(k) <= observed).count() as u32;
                sum(0..=x) + if y > 0 { sum(n - y + 1..=n) } else { 0.0 }
            } else {
                let to = mean.floor() as u32;
                let y = (0..=to).filter(|&k| pmf(k) <= observed).count() as u32;
                (if y > 0 { sum(0..=y - 1) } else { 0.0 }) + sum(x..=n)
            }
        }
    };
    p.min(1.0)
}
