//! The covariance structures of the repeated measures: the V x V covariance matrix of a
//! patient's changes, its parameters and their first and second derivatives.

use serde::{Deserialize, Serialize};

/// The within-patient covariance of an MMRM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Covariance {
    /// Every variance and covariance free: V (V + 1) / 2 parameters (R's
    /// `corSymm() + varIdent()`).
    Unstructured,
    /// First-order autoregressive on the visit index, one variance: sigma^2 rho^|j - k|
    /// (R's `corAR1(form = ~ visit | id)`).
    Ar1,
    /// Compound symmetry, one variance and one covariance (R's `corCompSymm()`).
    CompoundSymmetry,
}

impl Covariance {
    pub fn as_str(self) -> &'static str {
        match self {
            Covariance::Unstructured => "unstructured",
            Covariance::Ar1 => "ar1",
            Covariance::CompoundSymmetry => "compound-symmetry",
        }
    }

    /// The number of parameters with `visits` visits.
    pub fn parameters(self, visits: usize) -> usize {
        match self {
            Covariance::Unstructured => visits * (visits + 1) / 2,
            Covariance::Ar1 | Covariance::CompoundSymmetry => 2,
        }
    }

    /// The simpler structures to fall back on, in order, when a fit does not converge.
    pub fn fallbacks(self) -> &'static [Covariance] {
        match self {
            Covariance::Unstructured => &[Covariance::Ar1, Covariance::CompoundSymmetry],
            Covariance::Ar1 => &[Covariance::CompoundSymmetry],
            Covariance::CompoundSymmetry => &[],
        }
    }

    /// Parameters from a covariance matrix (the starting values): the matrix itself, or
    /// the structure's moment estimates from it, made admissible.
    pub fn start(self, sigma: &[f64], v: usize, theta: &mut [f64]) {
        let variance = (0..v).map(|j| sigma[j * v + j]).sum::<f64>() / v as f64;
        match self {
            Covariance::Unstructured => {
                let mut k = 0;
                for j in 0..v {
                    for l in j..v {
                        theta[k] = sigma[j * v + l];
                        k += 1;
                    }
                }
            }
            Covariance::Ar1 => {
                let adjacent =
                    if v > 1 { (0..v - 1).map(|j| sigma[j * v + j + 1]).sum::<f64>() / (v - 1) as f64 } else { 0.0 };
                theta[0] = variance;
                theta[1] = (adjacent / variance).clamp(-0.9, 0.9);
            }
            Covariance::CompoundSymmetry => {
                let pairs = v * (v - 1) / 2;
                let off = if pairs > 0 {
                    (0..v).flat_map(|j| (j + 1..v).map(move |l| (j, l))).map(|(j, l)| sigma[j * v + l]).sum::<f64>()
                        / pairs as f64
                } else {
                    0.0
                };
                let lower = if v > 1 { -variance / (v - 1) as f64 } else { 0.0 };
                theta[0] = variance;
                theta[1] = off.clamp(0.9 * lower, 0.9 * variance);
            }
        }
    }

    /// Are the parameters inside the structure's own bounds (the matrix's positive
    /// definiteness is checked where it is factored)?
    pub fn admissible(self, theta: &[f64]) -> bool {
        match self {
            Covariance::Unstructured => theta.iter().all(|t| t.is_finite()),
            Covariance::Ar1 => theta[0] > 0.0 && theta[1].abs() < 1.0,
            Covariance::CompoundSymmetry => theta[0] > 0.0 && theta[1].is_finite(),
        }
    }

    /// The covariance matrix at `theta` into `sigma` (V x V).
    pub fn sigma(self, theta: &[f64], v: usize, sigma: &mut [f64]) {
        match self {
            Covariance::Unstructured => {
                let mut k = 0;
                for j in 0..v {
                    for l in j..v {
                        sigma[j * v + l] = theta[k];
                        sigma[l * v + j] = theta[k];
                        k += 1;
                    }
                }
            }
            Covariance::Ar1 => {
                for j in 0..v {
                    for l in 0..v {
                        sigma[j * v + l] = theta[0] * theta[1].powi(j.abs_diff(l) as i32);
                    }
                }
            }
            Covariance::CompoundSymmetry => {
                for j in 0..v {
                    for l in 0..v {
                        sigma[j * v + l] = if j == l { theta[0] } else { theta[1] };
                    }
                }
            }
        }
    }

    /// The derivative of the covariance matrix with respect to parameter `k` into `out`.
    pub fn first(self, theta: &[f64], v: usize, k: usize, out: &mut [f64]) {
        out[..v * v].fill(0.0);
        match self {
            Covariance::Unstructured => {
                let (j, l) = unstructured_position(k, v);
                out[j * v + l] = 1.0;
                out[l * v + j] = 1.0;
            }
            Covariance::Ar1 => {
                for j in 0..v {
                    for l in 0..v {
                        let d = j.abs_diff(l) as i32;
                        out[j * v + l] = match k {
                            0 => theta[1].powi(d),
                            _ if d == 0 => 0.0,
                            _ => theta[0] * d as f64 * theta[1].powi(d - 1),
                        };
                    }
                }
            }
            Covariance::CompoundSymmetry => {
                for j in 0..v {
                    out[j * v + j] = if k == 0 { 1.0 } else { 0.0 };
                    for l in 0..v {
                        if l != j {
                            out[j * v + l] = if k == 1 { 1.0 } else { 0.0 };
                        }
                    }
                }
            }
        }
    }

    /// Is the covariance matrix linear in the parameters (no second derivatives)?
    pub fn linear(self) -> bool {
        !matches!(self, Covariance::Ar1)
    }

    /// The second derivative with respect to parameters `k` and `l` into `out` (only
    /// called where the structure is not [`linear`](Self::linear)).
    pub fn second(self, theta: &[f64], v: usize, k: usize, l: usize, out: &mut [f64]) {
        out[..v * v].fill(0.0);
        if let Covariance::Ar1 = self {
            for i in 0..v {
                for j in 0..v {
                    let d = i.abs_diff(j) as i32;
                    out[i * v + j] = match (k.min(l), k.max(l)) {
                        (0, 0) => 0.0,
                        (0, _) if d == 0 => 0.0,
                        (0, _) => d as f64 * theta[1].powi(d - 1),
                        _ if d < 2 => 0.0,
                        _ => theta[0] * (d * (d - 1)) as f64 * theta[1].powi(d - 2),
                    };
                }
            }
        }
    }
}

/// The (row, column), row <= column, of the `k`-th unstructured parameter (row by row).
fn unstructured_position(k: usize, v: usize) -> (usize, usize) {
    let mut k = k;
    for j in 0..v {
        let here = v - j;
        if k < here {
            return (j, j + k);
        }
        k -= here;
    }
    unreachable!("parameter index out of range")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The analytic derivatives equal central differences of the matrix.
    #[test]
    fn derivatives_equal_finite_differences() {
        let v = 4;
        for (structure, theta) in [
            (Covariance::Ar1, vec![1.7, 0.55]),
            (Covariance::CompoundSymmetry, vec![1.7, 0.6]),
            (Covariance::Unstructured, (0..10).map(|k| 0.1 * k as f64 + 1.0).collect()),
        ] {
            let q = structure.parameters(v);
            let (mut d, mut plus, mut minus) = (vec![0.0; 16], vec![0.0; 16], vec![0.0; 16]);
            let h = 1e-6;
            for k in 0..q {
                structure.first(&theta, v, k, &mut d);
                let mut t = theta.clone();
                t[k] += h;
                structure.sigma(&t, v, &mut plus);
                t[k] -= 2.0 * h;
                structure.sigma(&t, v, &mut minus);
                for i in 0..16 {
                    assert!((d[i] - (plus[i] - minus[i]) / (2.0 * h)).abs() < 1e-8, "{structure:?} {k} {i}");
                }
                if structure.linear() {
                    continue;
                }
                for l in 0..q {
                    structure.second(&theta, v, k, l, &mut d);
                    let mut t = theta.clone();
                    t[l] += h;
                    structure.first(&t, v, k, &mut plus);
                    t[l] -= 2.0 * h;
                    structure.first(&t, v, k, &mut minus);
                    for i in 0..16 {
                        assert!((d[i] - (plus[i] - minus[i]) / (2.0 * h)).abs() < 1e-7, "{structure:?} {k} {l} {i}");
                    }
                }
            }
        }
    }
}
