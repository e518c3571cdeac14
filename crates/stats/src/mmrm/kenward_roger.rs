//! Kenward and Roger's (1997) small-sample adjustment of a contrast's variance.
//!
//! With Phi = (X' W X)^-1, P_i = -X' W V_i W X, Q_ij = X' W V_i W V_j W X,
//! R_ij = X' W V_ij W X and W_E the inverse of the expected information of the covariance
//! parameters (1/2 tr(P V_i P V_j)), the adjusted covariance of the fixed effects is
//! Phi_A = Phi + 2 Phi { sum_ij W_E,ij (Q_ij - P_i Phi P_j - R_ij / 4) } Phi. For one
//! contrast l (c = Phi l') only c' Q_ij c, (P_i c)' Phi (P_j c) and c' R_ij c are needed,
//! and each is a sum over patterns and arms of small matrices. For one contrast the
//! degrees of freedom reduce to 2 phi^2 / (g' W_E g), g_i = c' P_i c (and the F scaling
//! to 1): Satterthwaite's formula on the expected information.

use super::cells::Cells;
use super::dense::{multiply, trace_product};
use super::reml::Work;
use super::structure::Covariance;

/// Buffers of the adjustment.
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    /// M_i c and Phi M_i c, p each per parameter.
    mc: Vec<f64>,
    phi_mc: Vec<f64>,
    /// Per pattern: Z = sum_n (W X_n c)(W X_n c)' and Z E_i (m x m each).
    z: Vec<f64>,
    ze: Vec<f64>,
    y: Vec<f64>,
    gather: Vec<f64>,
    /// c' Q_ij c (q x q) and a second derivative of the covariance (V x V).
    q_form: Vec<f64>,
    f: Vec<f64>,
}

/// sum_ij W_E,ij (c' Q_ij c - (P_i c)' Phi (P_j c) - c' R_ij c / 4), with `w_e` the
/// inverse expected information (q x q); Phi_A's variance of the contrast is
/// c' l' + 2 times this.
pub fn adjustment(
    structure: Covariance,
    theta: &[f64],
    work: &Work,
    cells: &Cells,
    c: &[f64],
    w_e: &[f64],
    s: &mut Scratch,
) -> f64 {
    let (v, p, q, arms) = (work.visits, work.p, work.q, work.arms);
    s.mc.resize(q * p, 0.0);
    s.phi_mc.resize(q * p, 0.0);
    for i in 0..q {
        let m = &work.m[i * p * p..(i + 1) * p * p];
        for r in 0..p {
            s.mc[i * p + r] = (0..p).map(|k| m[r * p + k] * c[k]).sum();
        }
        for r in 0..p {
            s.phi_mc[i * p + r] = (0..p).map(|k| work.c[r * p + k] * s.mc[i * p + k]).sum();
        }
    }
    // sum over patterns of tr(E_i W E_j Z) (= c' Q_ij c) and tr(V_ij Z) (= c' R_ij c).
    s.q_form.clear();
    s.q_form.resize(q * q, 0.0);
    s.f.resize(v * v, 0.0);
    let mut r_form = 0.0;
    for pattern in cells.active() {
        let m = pattern.m();
        let mm = m * m;
        s.y.clear();
        s.y.resize(mm, 0.0);
        for (a, cell) in pattern.arms.iter().enumerate() {
            if cell.n == 0.0 {
                continue;
            }
            let (sb, sbb) = cell.baseline_sums();
            for x in 0..m {
                let (ux, sx) = (c[a * v + pattern.obs[x]], c[arms * v + pattern.obs[x]]);
                for z in 0..m {
                    let (uz, sz) = (c[a * v + pattern.obs[z]], c[arms * v + pattern.obs[z]]);
                    s.y[x * m + z] += cell.n * ux * uz + sb * (ux * sz + sx * uz) + sbb * sx * sz;
                }
            }
        }
        s.gather.resize(mm, 0.0);
        s.z.resize(mm, 0.0);
        multiply(&pattern.w, &s.y, m, &mut s.gather);
        multiply(&s.gather, &pattern.w, m, &mut s.z);
        s.ze.resize(q * mm, 0.0);
        for i in 0..q {
            let e = &work.e[i * v * v..(i + 1) * v * v];
            for x in 0..m {
                for z in 0..m {
                    s.gather[x * m + z] = e[pattern.obs[x] * v + pattern.obs[z]];
                }
            }
            multiply(&s.z, &s.gather, m, &mut s.ze[i * mm..(i + 1) * mm]);
        }
        for i in 0..q {
            for j in 0..q {
                s.q_form[i * q + j] += trace_product(&s.ze[i * mm..(i + 1) * mm], &pattern.a[j * mm..(j + 1) * mm], m);
            }
        }
        if !structure.linear() {
            for i in 0..q {
                for j in 0..q {
                    structure.second(theta, v, i, j, &mut s.f);
                    let mut t = 0.0;
                    for x in 0..m {
                        for z in 0..m {
                            t += s.f[pattern.obs[x] * v + pattern.obs[z]] * s.z[z * m + x];
                        }
                    }
                    r_form += w_e[i * q + j] * t;
                }
            }
        }
    }
    let mut total = -0.25 * r_form;
    for i in 0..q {
        for j in 0..q {
            let pp: f64 = (0..p).map(|r| s.mc[i * p + r] * s.phi_mc[j * p + r]).sum();
            total += w_e[i * q + j] * (s.q_form[i * q + j] - pp);
        }
    }
    total
}
