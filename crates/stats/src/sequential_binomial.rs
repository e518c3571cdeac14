//! Exact stopping probabilities of a two-arm (or single-arm) group-sequential design on a
//! binary endpoint whose looks fall at fixed cumulative numbers of analysed patients per
//! arm.
//!
//! A single arm ([`stopping_single`]) is tested against a null rate `p0` by the one-sample
//! score z, `(x - n p0) / sqrt(n p0 (1 - p0))`, its counts carried the same way.
//!
//! The statistic at a look is the pooled score z of arm minus control on the cumulative
//! responders (0 where the pooled rate is 0 or 1: no evidence either way); the design stops
//! for efficacy at `z >= c` and, failing that, for futility at `z <= f` (rpact's
//! convention). The distribution of the cumulative counts over the paths still going is
//! carried from look to look: each arm's new patients are binomial and independent, so a
//! look convolves the table with one binomial per arm, then removes the cells that stop.
//! Cost per look: `(n_arm + 1) (n_control + 1)` cells times the new patients of each arm.
//!
//! # Examples
//!
//! ```
//! use trialsim_stats::sequential_binomial::{Look, stopping};
//! // One look is the fixed design: the chance of z >= 1.96 with 30 per arm.
//! let looks = [Look { arm: 30, control: 30, efficacy: 1.96, futility: f64::NEG_INFINITY }];
//! let (efficacy, futility) = stopping(&looks, 0.55, 0.3)[0];
//! assert!(efficacy > 0.4 && efficacy < 0.6 && futility == 0.0);
//! ```

use crate::special::binomial_pmf;

/// One look: cumulative analysed patients per arm and the bounds on the z scale (`+inf`:
/// no efficacy stop, `-inf`: no futility stop).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Look {
    pub arm: u32,
    pub control: u32,
    pub efficacy: f64,
    pub futility: f64,
}

/// The pooled score z of `xa / na` minus `xc / nc`; 0 where the pooled rate is 0 or 1.
#[inline]
pub fn pooled_z(xa: u32, na: u32, xc: u32, nc: u32) -> f64 {
    let (na_f, nc_f) = (na as f64, nc as f64);
    let pooled = (xa + xc) as f64 / (na_f + nc_f);
    let variance = pooled * (1.0 - pooled) * (1.0 / na_f + 1.0 / nc_f);
    if variance > 0.0 { (xa as f64 / na_f - xc as f64 / nc_f) / variance.sqrt() } else { 0.0 }
}

/// Per look, the probabilities of stopping there for efficacy and for futility, with true
/// rates `p_arm` and `p_control`. Looks must not lose patients from one to the next.
pub fn stopping(looks: &[Look], p_arm: f64, p_control: f64) -> Vec<(f64, f64)> {
    stopping_by(looks, p_arm, p_control, pooled_z)
}

/// [`stopping`] with another statistic of the counts, `z(xa, na, xc, nc)` (e.g. the
/// Farrington-Manning score z against a margin).
pub fn stopping_by(
    looks: &[Look],
    p_arm: f64,
    p_control: f64,
    z_of: impl Fn(u32, u32, u32, u32) -> f64,
) -> Vec<(f64, f64)> {
    // `alive[xa * (nc + 1) + xc]`: probability of reaching the look with those counts.
    let (mut alive, mut na, mut nc) = (vec![1.0], 0u32, 0u32);
    let mut out = Vec::with_capacity(looks.len());
    for look in looks {
        assert!(look.arm >= na && look.control >= nc, "looks must not lose patients");
        let arm_law: Vec<f64> = (0..=look.arm - na).map(|k| binomial_pmf(k, look.arm - na, p_arm)).collect();
        let control_law: Vec<f64> =
            (0..=look.control - nc).map(|k| binomial_pmf(k, look.control - nc, p_control)).collect();
        // Convolve along the control's counts, then along the arm's.
        let width = look.control as usize + 1;
        let mut by_control = vec![0.0; (na as usize + 1) * width];
        for xa in 0..=na as usize {
            for xc in 0..=nc as usize {
                let p = alive[xa * (nc as usize + 1) + xc];
                if p == 0.0 {
                    continue;
                }
                for (k, q) in control_law.iter().enumerate() {
                    by_control[xa * width + xc + k] += p * q;
                }
            }
        }
        let mut next = vec![0.0; (look.arm as usize + 1) * width];
        for xa in 0..=na as usize {
            for (k, q) in arm_law.iter().enumerate() {
                let (from, to) = (&by_control[xa * width..(xa + 1) * width], (xa + k) * width);
                for (cell, p) in next[to..to + width].iter_mut().zip(from) {
                    *cell += p * q;
                }
            }
        }
        let (mut efficacy, mut futility) = (0.0, 0.0);
        for xa in 0..=look.arm {
            for xc in 0..=look.control {
                let cell = &mut next[xa as usize * width + xc as usize];
                if *cell == 0.0 {
                    continue;
                }
                let z = z_of(xa, look.arm, xc, look.control);
                if z >= look.efficacy {
                    efficacy += *cell;
                    *cell = 0.0;
                } else if z <= look.futility {
                    futility += *cell;
                    *cell = 0.0;
                }
            }
        }
        out.push((efficacy, futility));
        (alive, na, nc) = (next, look.arm, look.control);
    }
    out
}

/// The one-sample score z of `x` responders of `n` against the null rate `p0` (0 without
/// patients).
#[inline]
pub fn one_sample_z(x: u32, n: u32, p0: f64) -> f64 {
    if n == 0 {
        return 0.0;
    }
    let n = n as f64;
    (x as f64 - n * p0) / (n * p0 * (1.0 - p0)).sqrt()
}

/// One look of a single-arm design: cumulative analysed patients and the bounds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SingleLook {
    pub n: u32,
    pub efficacy: f64,
    pub futility: f64,
}

/// Per look, the probabilities of stopping there for efficacy and for futility of a
/// single-arm design testing `p0`, with true rate `p`. Looks must not lose patients.
///
/// # Examples
///
/// ```
/// use trialsim_stats::sequential_binomial::{SingleLook, stopping_single};
/// // One look of 20 patients against p0 = 0.2, z >= 1.96: x >= 8 (z = 2.236); under the null
/// // R: 1 - pbinom(7, 20, 0.2) = 0.0321426630808752
/// let looks = [SingleLook { n: 20, efficacy: 1.96, futility: f64::NEG_INFINITY }];
/// let (efficacy, _) = stopping_single(&looks, 0.2, 0.2)[0];
/// assert!((efficacy - 0.0321426630808752).abs() < 1e-14);
/// ```
pub fn stopping_single(looks: &[SingleLook], p: f64, p0: f64) -> Vec<(f64, f64)> {
    // `alive[x]`: probability of reaching the look with x responders.
    let (mut alive, mut n) = (vec![1.0], 0u32);
    let mut out = Vec::with_capacity(looks.len());
    for look in looks {
        assert!(look.n >= n, "looks must not lose patients");
        let law: Vec<f64> = (0..=look.n - n).map(|k| binomial_pmf(k, look.n - n, p)).collect();
        let mut next = vec![0.0; look.n as usize + 1];
        for (x, &q) in alive.iter().enumerate() {
            if q == 0.0 {
                continue;
            }
            for (k, r) in law.iter().enumerate() {
                next[x + k] += q * r;
            }
        }
        let (mut efficacy, mut futility) = (0.0, 0.0);
        for (x, cell) in next.iter_mut().enumerate() {
            let z = one_sample_z(x as u32, look.n, p0);
            if z >= look.efficacy {
                efficacy += *cell;
                *cell = 0.0;
            } else if z <= look.futility {
                futility += *cell;
                *cell = 0.0;
            }
        }
        out.push((efficacy, futility));
        (alive, n) = (next, look.n);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_ends_somewhere() {
        let looks = [
            Look { arm: 10, control: 12, efficacy: 2.5, futility: -0.5 },
            Look { arm: 20, control: 20, efficacy: 2.2, futility: 0.0 },
            Look { arm: 30, control: 30, efficacy: 2.0, futility: 2.0 },
        ];
        let total: f64 = stopping(&looks, 0.4, 0.3).iter().map(|(e, f)| e + f).sum();
        assert!((total - 1.0).abs() < 1e-12, "{total}");
    }
}
