//! A mixed model for repeated measures (MMRM): the change from baseline at every
//! post-baseline visit, with arm, visit, arm x visit, baseline and baseline x visit as
//! fixed effects and an unstructured (or AR(1), or compound-symmetric) covariance of a
//! patient's visits, fitted by REML; an arm's contrast with the control at a visit with
//! Satterthwaite's degrees of freedom. Patients with missing visits contribute the visits
//! they have (missing at random).
//!
//! This is the model of R's
//! `nlme::gls(change ~ baseline * visit + arm * visit, correlation = corSymm(form = ~ visit | id),
//! weights = varIdent(form = ~ 1 | visit), method = "REML")` with
//! `emmeans(fit, ~ arm | visit, mode = "satterthwaite")`; `tests/mmrm.rs` checks the
//! estimates, standard errors, degrees of freedom and p-values against it.
//!
//! The fit works on the data's summaries by pattern of observed visits and arm (see
//! `cells`), refits allocate nothing once a model has seen its largest data set, and a
//! Newton-Raphson iteration on the covariance parameters with the exact observed Hessian
//! (Fisher scoring where it is not positive definite, step halving where the likelihood
//! would fall) converges in a handful of steps. A fit that does not converge (or whose
//! covariance or fixed-effects matrix is singular) falls back on the next simpler
//! structure, unstructured to AR(1) to compound symmetry; [`Fitted`] says which was used.
//!
//! # Examples
//!
//! ```
//! use trialsim_stats::mmrm::{Covariance, DegreesOfFreedom, Mmrm};
//! use trialsim_stats::Alternative;
//! // Six patients per arm, two visits; NaN is a missing visit.
//! let mut model = Mmrm::new(2, 2, Covariance::Unstructured);
//! let data = [
//!     (0, 5.1, [-0.2, -0.5]), (0, 6.0, [0.3, 0.1]), (0, 4.2, [-0.6, f64::NAN]),
//!     (0, 5.5, [0.1, -0.3]), (0, 6.3, [0.4, 0.6]), (0, 4.9, [-0.1, -0.4]),
//!     (1, 5.4, [-0.9, -1.4]), (1, 5.8, [-0.5, -1.1]), (1, 4.6, [-1.2, -1.3]),
//!     (1, 6.1, [-0.4, f64::NAN]), (1, 5.0, [-1.0, -1.6]), (1, 5.2, [-0.8, -1.0]),
//! ];
//! for (arm, baseline, changes) in data {
//!     model.push(arm, baseline, &changes);
//! }
//! let fit = model.fit().unwrap();
//! assert_eq!(fit.covariance, Covariance::Unstructured);
//! let t = model.contrast(1, 0, 1, DegreesOfFreedom::Satterthwaite, Alternative::TwoSided, 0.95).unwrap();
//! // R: fit <- nlme::gls(change ~ baseline * visit + arm * visit, method = "REML",
//! //        correlation = corSymm(form = ~ visit | id), weights = varIdent(form = ~ 1 | visit))
//! //    contrast(emmeans(fit, ~ arm | visit), "trt.vs.ctrl"): at visit 2
//! //    estimate -0.9784206, SE 0.16758474
//! assert!((t.difference + 0.9784206).abs() < 1e-7 && (t.se - 0.16758474).abs() < 1e-8);
//! ```

mod cells;
mod dense;
mod kenward_roger;
pub mod power;
mod reml;
mod structure;

pub use structure::Covariance;

use crate::Alternative;
use crate::student_t::TTest;
use cells::Cells;
use dense::{cholesky, solve_cholesky};
use reml::{Level, Work};

/// The most Newton-Raphson iterations a fit may take.
pub const MAX_ITERATIONS: u32 = 50;

/// How a contrast's degrees of freedom (and standard error) are found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DegreesOfFreedom {
    /// Satterthwaite's approximation with the observed Hessian of the REML likelihood;
    /// the model-based standard error.
    Satterthwaite,
    /// Kenward and Roger's: the standard error from their adjusted covariance of the
    /// fixed effects, Satterthwaite's formula on the expected information.
    KenwardRoger,
}

impl DegreesOfFreedom {
    pub fn as_str(self) -> &'static str {
        match self {
            DegreesOfFreedom::Satterthwaite => "satterthwaite",
            DegreesOfFreedom::KenwardRoger => "kenward-roger",
        }
    }
}

/// Why a model could not be fitted with any structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FitError {
    /// Fewer observations than fixed effects and covariance parameters together.
    TooFewObservations,
    /// No structure converged (or every one met a singular matrix).
    NotConverged,
}

/// How a fit went.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fitted {
    /// The structure whose fit is used (the requested one unless it failed).
    pub covariance: Covariance,
    /// Newton-Raphson iterations of that fit.
    pub iterations: u32,
    /// -2 times the restricted log-likelihood (with this crate's parameterisation of the
    /// fixed effects: the cell means and slopes on the baseline centred at its mean).
    pub reml: f64,
}

/// An MMRM with its data and workspaces.
#[derive(Debug, Clone)]
pub struct Mmrm {
    arms: usize,
    visits: usize,
    covariance: Covariance,
    arm: Vec<usize>,
    baseline: Vec<f64>,
    values: Vec<f64>,
    cells: Cells,
    /// One workspace per structure tried: the requested one, then its fallbacks.
    works: Vec<(Covariance, Work)>,
    theta: Vec<f64>,
    trial: Vec<f64>,
    step: Vec<f64>,
    factor: Vec<f64>,
    contrast: Vec<f64>,
    /// V x V scratch of the starting values.
    moments: [Vec<f64>; 3],
    /// Kenward-Roger: the inverse expected information and the adjustment's buffers.
    w_e: Vec<f64>,
    kr: kenward_roger::Scratch,
    fitted: Option<(usize, Fitted)>,
}

impl Mmrm {
    /// A model of `arms` arms (0.. ; any can be the control) and `visits` post-baseline
    /// visits.
    pub fn new(arms: usize, visits: usize, covariance: Covariance) -> Mmrm {
        assert!((1..=64).contains(&visits), "an MMRM has 1 to 64 visits");
        let works: Vec<(Covariance, Work)> = std::iter::once(covariance)
            .chain(covariance.fallbacks().iter().copied())
            .map(|s| (s, Work::new(arms, visits, s)))
            .collect();
        let q = covariance.parameters(visits).max(2);
        let p = (arms + 1) * visits;
        Mmrm {
            arms,
            visits,
            covariance,
            arm: vec![],
            baseline: vec![],
            values: vec![],
            cells: Cells::default(),
            works,
            theta: vec![0.0; q],
            trial: vec![0.0; q],
            step: vec![0.0; q],
            factor: vec![0.0; q * q],
            contrast: vec![0.0; p + q],
            moments: [vec![0.0; visits * visits], vec![0.0; visits * visits], vec![0.0; visits * visits]],
            w_e: vec![0.0; q * q],
            kr: kenward_roger::Scratch::default(),
            fitted: None,
        }
    }

    /// Forget the data.
    pub fn clear(&mut self) {
        self.arm.clear();
        self.baseline.clear();
        self.values.clear();
        self.fitted = None;
    }

    /// Add a patient: arm, baseline and the change at each visit (NaN where missing).
    pub fn push(&mut self, arm: usize, baseline: f64, changes: &[f64]) {
        assert!(
            arm < self.arms && changes.len() == self.visits,
            "a patient of arm {arm} with {} visits",
            changes.len()
        );
        self.arm.push(arm);
        self.baseline.push(baseline);
        self.values.extend_from_slice(changes);
    }

    /// Fit by REML, falling back on simpler structures where the requested one fails.
    pub fn fit(&mut self) -> Result<Fitted, FitError> {
        self.fitted = None;
        let q_max = self.covariance.parameters(self.visits);
        self.cells.build(&self.arm, &self.baseline, &self.values, self.visits, self.arms, q_max);
        let p = (self.arms + 1) * self.visits;
        for index in 0..self.works.len() {
            let q = self.works[index].0.parameters(self.visits);
            if self.cells.observations <= (p + q) as f64 {
                continue;
            }
            if let Some(fitted) = self.fit_with(index) {
                self.fitted = Some((index, fitted));
                return Ok(fitted);
            }
        }
        if self.cells.observations <= (p + 2) as f64 {
            return Err(FitError::TooFewObservations);
        }
        Err(FitError::NotConverged)
    }

    /// The last fit, if it succeeded.
    pub fn fitted(&self) -> Option<Fitted> {
        self.fitted.map(|(_, f)| f)
    }

    /// The estimated covariance matrix of a patient's visits (V x V, row-major).
    pub fn sigma(&self) -> Option<&[f64]> {
        self.fitted.map(|(i, _)| &self.works[i].1.sigma[..])
    }

    /// Starting values: the structure's moment estimates from the residuals of the fit
    /// with an identity covariance, or the identity where those are not admissible.
    fn start(&mut self, index: usize) -> Option<f64> {
        let v = self.visits;
        let (structure, work) = &mut self.works[index];
        let structure = *structure;
        let q = structure.parameters(v);
        let [identity, sums, counts] = &mut self.moments;
        identity.fill(0.0);
        (0..v).for_each(|j| identity[j * v + j] = 1.0);
        structure.start(identity, v, &mut self.theta[..q]);
        work.evaluate(structure, &self.theta[..q], &mut self.cells, Level::Value)?;
        sums.fill(0.0);
        counts.fill(0.0);
        for pattern in self.cells.active() {
            let m = pattern.m();
            for x in 0..m {
                for z in 0..m {
                    sums[pattern.obs[x] * v + pattern.obs[z]] += pattern.sr[x * m + z];
                    counts[pattern.obs[x] * v + pattern.obs[z]] += pattern.n;
                }
            }
        }
        // The moment estimates (in `sums`).
        for (s, &n) in sums.iter_mut().zip(counts.iter()) {
            *s = if n > 0.0 { *s / n } else { 0.0 };
        }
        structure.start(sums, v, &mut self.trial[..q]);
        if structure.admissible(&self.trial[..q])
            && let Some(value) = work.evaluate(structure, &self.trial[..q], &mut self.cells, Level::Derivatives)
        {
            self.theta[..q].copy_from_slice(&self.trial[..q]);
            return Some(value);
        }
        // Otherwise a diagonal of the mean variance.
        let variance = ((0..v).map(|j| sums[j * v + j]).sum::<f64>() / v as f64).max(1e-8);
        identity.iter_mut().for_each(|x| *x *= variance);
        structure.start(identity, v, &mut self.theta[..q]);
        work.evaluate(structure, &self.theta[..q], &mut self.cells, Level::Derivatives)
    }

    /// Newton-Raphson with step halving from the starting values; `None` if it fails.
    fn fit_with(&mut self, index: usize) -> Option<Fitted> {
        let structure = self.works[index].0;
        let q = structure.parameters(self.visits);
        let mut value = self.start(index)?;
        for iteration in 0..MAX_ITERATIONS {
            let work = &mut self.works[index].1;
            // The direction: Newton's, or Fisher scoring's where the Hessian is not
            // positive definite.
            self.factor[..q * q].copy_from_slice(&work.hessian);
            if cholesky(&mut self.factor[..q * q], q).is_none() {
                self.factor[..q * q].copy_from_slice(&work.information);
                cholesky(&mut self.factor[..q * q], q)?;
            }
            for k in 0..q {
                self.step[k] = -work.gradient[k];
            }
            solve_cholesky(&self.factor[..q * q], q, &mut self.step[..q]);
            let decrement: f64 = -(0..q).map(|k| work.gradient[k] * self.step[k]).sum::<f64>();
            let scale = value.abs().max(1.0);
            if decrement <= 1e-18 * scale {
                // One last full step: Newton's quadratic convergence takes the parameters
                // from here to the optimum to rounding (the decrement is small in the
                // criterion's units even where a parameter is still 1e-9 away).
                for k in 0..q {
                    self.trial[k] = self.theta[k] + self.step[k];
                }
                if structure.admissible(&self.trial[..q])
                    && let Some(v) = work.evaluate(structure, &self.trial[..q], &mut self.cells, Level::Derivatives)
                    && v <= value + 1e-13 * scale
                {
                    self.theta[..q].copy_from_slice(&self.trial[..q]);
                    return Some(Fitted { covariance: structure, iterations: iteration + 1, reml: v });
                }
                work.evaluate(structure, &self.theta[..q], &mut self.cells, Level::Derivatives)?;
                return Some(Fitted { covariance: structure, iterations: iteration, reml: value });
            }
            let mut t = 1.0;
            let accepted = loop {
                for k in 0..q {
                    self.trial[k] = self.theta[k] + t * self.step[k];
                }
                if structure.admissible(&self.trial[..q]) {
                    let trial = work.evaluate(structure, &self.trial[..q], &mut self.cells, Level::Value);
                    if trial.is_some_and(|v| v <= value + 1e-13 * scale) {
                        break true;
                    }
                }
                t *= 0.5;
                if t < 1e-10 {
                    break false;
                }
            };
            if !accepted {
                // At the noise floor of the likelihood the iteration has converged.
                work.evaluate(structure, &self.theta[..q], &mut self.cells, Level::Derivatives)?;
                return (decrement <= 1e-9 * scale).then_some(Fitted {
                    covariance: structure,
                    iterations: iteration,
                    reml: value,
                });
            }
            self.theta[..q].copy_from_slice(&self.trial[..q]);
            value = work.evaluate(structure, &self.theta[..q], &mut self.cells, Level::Derivatives)?;
        }
        None
    }

    /// The contrast of `arm` with `control` at `visit` (0-based) from the last fit: the
    /// estimate, its standard error (Kenward-Roger's adjusted one with
    /// [`DegreesOfFreedom::KenwardRoger`]), the degrees of freedom and the t test; `None`
    /// without a fit or where the degrees of freedom are undefined.
    pub fn contrast(
        &mut self,
        arm: usize,
        control: usize,
        visit: usize,
        method: DegreesOfFreedom,
        alternative: Alternative,
        level: f64,
    ) -> Option<TTest> {
        let (index, _) = self.fitted?;
        let (structure, work) = &self.works[index];
        let (v, p, q) = (self.visits, work.p, structure.parameters(self.visits));
        let (ca, cc) = (arm * v + visit, control * v + visit);
        let estimate = work.beta[ca] - work.beta[cc];
        let (c, g) = self.contrast.split_at_mut(p);
        for (i, c) in c.iter_mut().enumerate() {
            *c = work.c[i * p + ca] - work.c[i * p + cc];
        }
        let variance = c[ca] - c[cc];
        for (k, g) in g[..q].iter_mut().enumerate() {
            *g = dense::bilinear(c, &work.m[k * p * p..(k + 1) * p * p], c, p);
        }
        // df = 2 phi^2 / (g' A g) with A = 2 H^-1 the asymptotic covariance of the
        // parameters: H the observed Hessian of -2 l_R (Satterthwaite) or its expectation
        // (Kenward-Roger).
        let metric = match method {
            DegreesOfFreedom::Satterthwaite => &work.hessian,
            DegreesOfFreedom::KenwardRoger => &work.information,
        };
        self.factor[..q * q].copy_from_slice(metric);
        cholesky(&mut self.factor[..q * q], q)?;
        self.trial[..q].copy_from_slice(&g[..q]);
        solve_cholesky(&self.factor[..q * q], q, &mut self.trial[..q]);
        let spread: f64 = (0..q).map(|k| g[k] * self.trial[k]).sum();
        let df = variance * variance / spread;
        let adjusted = match method {
            DegreesOfFreedom::Satterthwaite => variance,
            DegreesOfFreedom::KenwardRoger => {
                // W_E = (information / 2)^-1.
                let w_e = &mut self.w_e[..q * q];
                dense::inverse_from_cholesky(&self.factor[..q * q], q, w_e);
                w_e.iter_mut().for_each(|w| *w *= 2.0);
                let theta = &self.theta[..q];
                variance + 2.0 * kenward_roger::adjustment(*structure, theta, work, &self.cells, c, w_e, &mut self.kr)
            }
        };
        (adjusted > 0.0 && df.is_finite() && df > 0.0)
            .then(|| TTest::new(estimate, adjusted.sqrt(), df, alternative, level))
    }
}
