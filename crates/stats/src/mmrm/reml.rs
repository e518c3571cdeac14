//! The restricted (REML) log-likelihood of an MMRM, its gradient and its observed and
//! expected Hessians in the covariance parameters, from the pattern summaries.
//!
//! Fixed effects, in this order: the mean change of arm a at visit j (column a V + j) and
//! the baseline slope at visit j (column A V + j); the same column space as R's
//! `change ~ baseline * visit + arm * visit`. With V = V(theta) the block-diagonal
//! covariance, W = V^-1, C = (X' W X)^-1 and P = W - W X C X' W,
//!
//! -2 l_R = (N - p) log(2 pi) + log|V| + r' W r + log|X' W X|,  r = y - X beta(theta);
//! d(-2 l_R)/d theta_k = tr(P V_k) - y' P V_k P y;
//! d2(-2 l_R)/d theta_k d theta_l = -tr(P V_k P V_l) + 2 y' P V_k P V_l P y
//!                                  + tr(P V_kl) - y' P V_kl P y;
//! its expectation is tr(P V_k P V_l). Every term is a sum over patterns and arms of small
//! matrices (see `cells`).

use super::cells::{Cell, Cells, Pattern};
use super::dense::{cholesky, inverse_from_cholesky, multiply, solve_cholesky, trace_product};
use super::structure::Covariance;

/// What an evaluation computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Value,
    Derivatives,
}

/// The buffers of an evaluation, sized once for a model's arms, visits and structure.
#[derive(Debug, Clone, Default)]
pub struct Work {
    pub visits: usize,
    pub arms: usize,
    pub q: usize,
    pub p: usize,
    pub sigma: Vec<f64>,
    /// dSigma/dtheta_k, V x V each.
    pub e: Vec<f64>,
    f: Vec<f64>,
    /// d(-2 l_R)/dSigma as a V x V matrix (both triangles).
    g_sigma: Vec<f64>,
    pub xtwx: Vec<f64>,
    pub c: Vec<f64>,
    factor: Vec<f64>,
    xtwy: Vec<f64>,
    pub beta: Vec<f64>,
    /// X' W V_k W X, p x p each; C M_k; X' W V_k P y.
    pub m: Vec<f64>,
    n: Vec<f64>,
    h: Vec<f64>,
    ch: Vec<f64>,
    pub gradient: Vec<f64>,
    /// Observed and expected Hessians of -2 l_R, q x q.
    pub hessian: Vec<f64>,
    pub information: Vec<f64>,
    gather: Vec<f64>,
    k_buf: Vec<f64>,
}

impl Work {
    pub fn new(arms: usize, visits: usize, structure: Covariance) -> Work {
        let (v, q) = (visits, structure.parameters(visits));
        let p = (arms + 1) * visits;
        Work {
            visits,
            arms,
            q,
            p,
            sigma: vec![0.0; v * v],
            e: vec![0.0; q * v * v],
            f: vec![0.0; v * v],
            g_sigma: vec![0.0; v * v],
            xtwx: vec![0.0; p * p],
            c: vec![0.0; p * p],
            factor: vec![0.0; p * p],
            xtwy: vec![0.0; p],
            beta: vec![0.0; p],
            m: vec![0.0; q * p * p],
            n: vec![0.0; q * p * p],
            h: vec![0.0; q * p],
            ch: vec![0.0; q * p],
            gradient: vec![0.0; q],
            hessian: vec![0.0; q * q],
            information: vec![0.0; q * q],
            gather: vec![0.0; v * v],
            k_buf: vec![0.0; v * v],
        }
    }

    fn layout(&self) -> Layout {
        Layout { visits: self.visits, arms: self.arms, p: self.p }
    }

    /// -2 l_R at `theta` (`None` where a covariance is not positive definite or X' W X is
    /// singular); with [`Level::Derivatives`] also the gradient, the observed and expected
    /// Hessians, and the M_k the degrees of freedom need.
    pub fn evaluate(&mut self, structure: Covariance, theta: &[f64], cells: &mut Cells, level: Level) -> Option<f64> {
        let (v, p) = (self.visits, self.p);
        structure.sigma(theta, v, &mut self.sigma);
        for pattern in &mut cells.patterns[..cells.used] {
            let m = pattern.m();
            for x in 0..m {
                for z in 0..m {
                    self.gather[x * m + z] = self.sigma[pattern.obs[x] * v + pattern.obs[z]];
                }
            }
            pattern.log_det = cholesky(&mut self.gather[..m * m], m)?;
            inverse_from_cholesky(&self.gather, m, &mut pattern.w);
        }
        // X' W X and X' W y.
        self.xtwx.fill(0.0);
        self.xtwy.fill(0.0);
        let layout = self.layout();
        for pattern in cells.active() {
            let m = pattern.m();
            for (a, cell) in pattern.arms.iter().enumerate() {
                if cell.n == 0.0 {
                    continue;
                }
                layout.add_form(pattern, a, cell, &pattern.w, &mut self.xtwx);
                for x in 0..m {
                    let (cx, sx) = (layout.cell(a, pattern.obs[x]), layout.slope(pattern.obs[x]));
                    for z in 0..m {
                        let w = pattern.w[x * m + z];
                        let sy = cell.n * cell.y[z];
                        self.xtwy[cx] += w * sy;
                        self.xtwy[sx] += w * (cell.syb[z] + cell.b * sy);
                    }
                }
            }
        }
        self.factor.copy_from_slice(&self.xtwx);
        let log_det_x = cholesky(&mut self.factor, p)?;
        self.beta.copy_from_slice(&self.xtwy);
        solve_cholesky(&self.factor, p, &mut self.beta);
        inverse_from_cholesky(&self.factor, p, &mut self.c);
        // Residual summaries and the value.
        let mut value = (cells.observations - p as f64) * (2.0 * std::f64::consts::PI).ln() + log_det_x;
        for pattern in &mut cells.patterns[..cells.used] {
            let m = pattern.m();
            pattern.sr.fill(0.0);
            for (a, cell) in pattern.arms.iter_mut().enumerate() {
                if cell.n == 0.0 {
                    continue;
                }
                for x in 0..m {
                    let j = pattern.obs[x];
                    let (mu, gamma) = (self.beta[a * v + j], self.beta[self.arms * v + j]);
                    let d = cell.y[x] - mu - cell.b * gamma;
                    cell.r[x] = cell.n * d;
                    cell.br[x] = cell.syb[x] - cell.sbb * gamma + cell.b * cell.n * d;
                }
                for x in 0..m {
                    let gx = self.beta[self.arms * v + pattern.obs[x]];
                    let dx = cell.r[x] / cell.n;
                    for z in 0..m {
                        let gz = self.beta[self.arms * v + pattern.obs[z]];
                        let dz = cell.r[z] / cell.n;
                        pattern.sr[x * m + z] += cell.syy[x * m + z] - cell.syb[x] * gz - gx * cell.syb[z]
                            + cell.sbb * gx * gz
                            + cell.n * dx * dz;
                    }
                }
            }
            value += pattern.n * pattern.log_det + trace_product(&pattern.w, &pattern.sr, m);
        }
        if level == Level::Value {
            return Some(value);
        }
        self.derivatives(structure, theta, cells);
        Some(value)
    }

    /// The gradient, Hessians and M_k at the point [`evaluate`](Self::evaluate) just
    /// computed.
    fn derivatives(&mut self, structure: Covariance, theta: &[f64], cells: &mut Cells) {
        let (v, p, q) = (self.visits, self.p, self.q);
        for k in 0..q {
            structure.first(theta, v, k, &mut self.e[k * v * v..(k + 1) * v * v]);
        }
        self.g_sigma.fill(0.0);
        self.m.fill(0.0);
        self.h.fill(0.0);
        let layout = self.layout();
        for pattern in &mut cells.patterns[..cells.used] {
            let m = pattern.m();
            let mm = m * m;
            // T = sum_i X_i C X_i' on the pattern's visits.
            pattern.t.fill(0.0);
            for (a, cell) in pattern.arms.iter().enumerate() {
                if cell.n == 0.0 {
                    continue;
                }
                let (sb, sbb) = cell.baseline_sums();
                for x in 0..m {
                    let (cx, sx) = (a * v + pattern.obs[x], self.arms * v + pattern.obs[x]);
                    for z in 0..m {
                        let (cz, sz) = (a * v + pattern.obs[z], self.arms * v + pattern.obs[z]);
                        pattern.t[x * m + z] += cell.n * self.c[cx * p + cz]
                            + sb * (self.c[cx * p + sz] + self.c[sx * p + cz])
                            + sbb * self.c[sx * p + sz];
                    }
                }
            }
            // U = W S W, W T W, and the gradient's matrix n W - U - W T W.
            let buf = &mut self.gather[..mm];
            multiply(&pattern.w, &pattern.sr, m, buf);
            multiply(buf, &pattern.w, m, &mut pattern.u);
            multiply(&pattern.w, &pattern.t, m, buf);
            multiply(buf, &pattern.w, m, &mut pattern.wtw);
            for x in 0..m {
                for z in 0..m {
                    let i = x * m + z;
                    self.g_sigma[pattern.obs[x] * v + pattern.obs[z]] +=
                        pattern.n * pattern.w[i] - pattern.u[i] - pattern.wtw[i];
                }
            }
            // Per parameter: W E_k, W T W E_k, U E_k, and M_k, h_k.
            for k in 0..q {
                let ek = &self.e[k * v * v..(k + 1) * v * v];
                for x in 0..m {
                    for z in 0..m {
                        self.gather[x * m + z] = ek[pattern.obs[x] * v + pattern.obs[z]];
                    }
                }
                let block = k * mm..(k + 1) * mm;
                multiply(&pattern.w, &self.gather[..mm], m, &mut pattern.a[block.clone()]);
                multiply(&pattern.wtw, &self.gather[..mm], m, &mut pattern.bk[block.clone()]);
                multiply(&pattern.u, &self.gather[..mm], m, &mut pattern.d[block.clone()]);
                // K = W E_k W.
                multiply(&pattern.a[block], &pattern.w, m, &mut self.k_buf[..mm]);
                let kk = &self.k_buf[..mm];
                let mk = &mut self.m[k * p * p..(k + 1) * p * p];
                for (a, cell) in pattern.arms.iter().enumerate() {
                    if cell.n == 0.0 {
                        continue;
                    }
                    layout.add_form(pattern, a, cell, kk, mk);
                    for x in 0..m {
                        let (cx, sx) = (a * v + pattern.obs[x], self.arms * v + pattern.obs[x]);
                        for z in 0..m {
                            self.h[k * p + cx] += kk[x * m + z] * cell.r[z];
                            self.h[k * p + sx] += kk[x * m + z] * cell.br[z];
                        }
                    }
                }
            }
        }
        // The gradient.
        for k in 0..q {
            let ek = &self.e[k * v * v..(k + 1) * v * v];
            self.gradient[k] = self.g_sigma.iter().zip(ek).map(|(g, e)| g * e).sum();
        }
        // C M_k and C h_k.
        for k in 0..q {
            let (mk, nk) = (&self.m[k * p * p..(k + 1) * p * p], &mut self.n[k * p * p..(k + 1) * p * p]);
            multiply(&self.c, mk, p, nk);
            for i in 0..p {
                self.ch[k * p + i] = (0..p).map(|j| self.c[i * p + j] * self.h[k * p + j]).sum();
            }
        }
        for k in 0..q {
            for l in k..q {
                let mut trace = 0.0;
                let mut quadratic = 0.0;
                for pattern in cells.active() {
                    let mm = pattern.m() * pattern.m();
                    let m = pattern.m();
                    let (ak, al) = (&pattern.a[k * mm..(k + 1) * mm], &pattern.a[l * mm..(l + 1) * mm]);
                    trace += pattern.n * trace_product(ak, al, m)
                        - 2.0 * trace_product(&pattern.bk[k * mm..(k + 1) * mm], al, m);
                    quadratic += trace_product(&pattern.d[k * mm..(k + 1) * mm], al, m);
                }
                trace += trace_product(&self.n[k * p * p..(k + 1) * p * p], &self.n[l * p * p..(l + 1) * p * p], p);
                quadratic -= (0..p).map(|i| self.h[k * p + i] * self.ch[l * p + i]).sum::<f64>();
                let mut observed = -trace + 2.0 * quadratic;
                if !structure.linear() {
                    structure.second(theta, v, k, l, &mut self.f);
                    observed += self.g_sigma.iter().zip(&self.f).map(|(g, f)| g * f).sum::<f64>();
                }
                self.hessian[k * q + l] = observed;
                self.hessian[l * q + k] = observed;
                self.information[k * q + l] = trace;
                self.information[l * q + k] = trace;
            }
        }
    }
}

/// Where the fixed effects sit among the p columns.
#[derive(Debug, Clone, Copy)]
struct Layout {
    visits: usize,
    arms: usize,
    p: usize,
}

impl Layout {
    fn cell(self, a: usize, j: usize) -> usize {
        a * self.visits + j
    }

    fn slope(self, j: usize) -> usize {
        self.arms * self.visits + j
    }

    /// Add the X' K X form of one cell's patients (K m x m on the pattern's visits) to the
    /// p x p matrix `out`.
    fn add_form(self, pattern: &Pattern, a: usize, cell: &Cell, k: &[f64], out: &mut [f64]) {
        let (m, p) = (pattern.m(), self.p);
        let (sb, sbb) = cell.baseline_sums();
        for x in 0..m {
            let (cx, sx) = (self.cell(a, pattern.obs[x]), self.slope(pattern.obs[x]));
            for z in 0..m {
                let (cz, sz) = (self.cell(a, pattern.obs[z]), self.slope(pattern.obs[z]));
                let w = k[x * m + z];
                out[cx * p + cz] += cell.n * w;
                out[cx * p + sz] += sb * w;
                out[sx * p + cz] += sb * w;
                out[sx * p + sz] += sbb * w;
            }
        }
    }
}
