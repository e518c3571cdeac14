//! Group-sequential boundaries and crossing probabilities by recursive numerical
//! integration (Armitage, McPherson & Rowe 1969; Jennison & Turnbull 2000, chapter 19).
//!
//! The statistic at look k is the cumulative z, `Z_k`, at information fraction `t_k`:
//! jointly normal with `Cov(Z_j, Z_k) = sqrt(t_j / t_k)` and mean `drift * sqrt(t_k)`
//! (`drift` is the mean of the final z; 0 under the null). The sub-density of `Z_k` over
//! the paths that continued through the earlier looks is carried from look to look on
//! composite Gauss-Legendre nodes (10 per panel, panels at most half the smallest
//! standard deviation of the look's transitions, over the mean +/- 9): the crossing
//! probabilities are then sums of normal tails, accurate to about 1e-12.
//!
//! Efficacy bounds come from an alpha-spending function ([`Spending`]) or the classical
//! Wang-Tsiatis family (O'Brien-Fleming and Pocock); futility bounds from beta spending
//! under the drift at which the design has power `1 - beta` (found so that the two bounds
//! meet at the last look, as rpact's `getDesignGroupSequential` does), or given on the z
//! scale; binding (the efficacy bounds count on stopping for futility) or not. A look can
//! have either stop switched off. One-sided designs reject for large z; two-sided ones are
//! symmetric (`|Z_k| >= c_k`), with the alpha spent on both sides together.
//!
//! Conventions: efficacy at `z >= c`, futility at `z <= f` (rpact's); the continuation
//! region at a look is the open interval between them.
//!
//! # Examples
//!
//! ```
//! use trialsim_stats::group_sequential::{Design, Efficacy, Futility, boundaries};
//! use trialsim_stats::spending::Spending;
//! // rpact: getDesignGroupSequential(kMax = 3, alpha = 0.025, sided = 1,
//! //   typeOfDesign = "asOF", informationRates = c(0.3, 0.6, 1))$criticalValues
//! //   = 3.92857254262661 2.66997200995684 1.98102449625731
//! let design = Design::new(vec![0.3, 0.6, 1.0], 0.025, false, Efficacy::Spending(Spending::OBrienFleming));
//! let b = boundaries(&design).unwrap();
//! for (c, r) in b.efficacy.iter().zip([3.92857254262661, 2.66997200995684, 1.98102449625731]) {
//!     assert!((c - r).abs() < 1e-6);
//! }
//! ```

use crate::quadrature::rule;
use crate::special::normal_cdf;
use crate::spending::Spending;

/// How far beyond a look's mean (in its standard deviations, 1) the nodes reach.
const REACH: f64 = 9.0;
/// Kernel arguments beyond this contribute below 1e-22 and are skipped.
const NEGLIGIBLE: f64 = 10.0;
/// Root-finding stops when the bracket is this narrow (on the z scale or the drift).
const ROOT_TOLERANCE: f64 = 1e-12;

/// How the efficacy bounds are made.
#[derive(Debug, Clone, PartialEq)]
pub enum Efficacy {
    /// Each look spends the increment of an alpha-spending function (the alpha of looks
    /// without an efficacy stop is carried to the next).
    Spending(Spending),
    /// Wang and Tsiatis: `c_k = C t_k^(delta - 1/2)`, C so that the design has size alpha.
    /// `delta` 0 is O'Brien and Fleming's design, 0.5 Pocock's.
    WangTsiatis(f64),
}

impl Efficacy {
    pub const O_BRIEN_FLEMING: Efficacy = Efficacy::WangTsiatis(0.0);
    pub const POCOCK: Efficacy = Efficacy::WangTsiatis(0.5);
}

/// How the futility bounds are made (one-sided designs).
#[derive(Debug, Clone, PartialEq)]
pub enum Futility {
    None,
    /// Each look spends the increment of a beta-spending function of `beta` under the
    /// drift at which the design has power `1 - beta`; the last look's futility bound is
    /// its efficacy bound.
    BetaSpending {
        spending: Spending,
        beta: f64,
    },
    /// Bounds on the z scale, one per look but the last (`-inf`: none at that look).
    Z(Vec<f64>),
    /// Stop when the conditional power at the look, the probability of rejecting at a
    /// later look given the look's z (later futility stops ignored), is below `threshold`:
    /// on the z scale, below the z where it equals `threshold`.
    ConditionalPower {
        threshold: f64,
        assumed: Assumed,
    },
}

/// The effect conditional power assumes from a look on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Assumed {
    /// The current estimate: the drift `z_k / sqrt(t_k)`.
    Trend,
    /// The drift at which the efficacy bounds alone give power `1 - beta`.
    Design { beta: f64 },
}

/// A group-sequential design: its looks and how its bounds are made.
#[derive(Debug, Clone, PartialEq)]
pub struct Design {
    /// Information fractions of the looks, increasing, the last 1.
    pub information: Vec<f64>,
    /// The type-I error: one-sided, or two-sided in total.
    pub alpha: f64,
    pub two_sided: bool,
    pub efficacy: Efficacy,
    pub futility: Futility,
    /// Do the efficacy bounds count on stopping at the futility bounds?
    pub binding: bool,
    /// Per look: may the trial stop for efficacy (the last look always tests)?
    pub efficacy_stops: Vec<bool>,
    /// Per look: may it stop for futility?
    pub futility_stops: Vec<bool>,
}

impl Design {
    /// A design with efficacy bounds only, every look able to stop.
    pub fn new(information: Vec<f64>, alpha: f64, two_sided: bool, efficacy: Efficacy) -> Self {
        let k = information.len();
        Design {
            information,
            alpha,
            two_sided,
            efficacy,
            futility: Futility::None,
            binding: false,
            efficacy_stops: vec![true; k],
            futility_stops: vec![true; k],
        }
    }

    /// The same design with futility bounds, binding or not.
    pub fn with_futility(mut self, futility: Futility, binding: bool) -> Self {
        self.futility = futility;
        self.binding = binding;
        self
    }

    /// What is wrong with the design, if anything (each message names what to fix).
    pub fn problem(&self) -> Option<String> {
        let t = &self.information;
        let k = t.len();
        if k == 0 {
            return Some("expected at least one look".into());
        }
        if t.iter().any(|&x| !(x > 0.0 && x <= 1.0)) {
            return Some(format!("information fractions must lie in (0, 1], found {t:?}"));
        }
        if t.windows(2).any(|w| w[1] <= w[0]) {
            return Some(format!("information fractions must increase from look to look, found {t:?}"));
        }
        if t[k - 1] != 1.0 {
            return Some(format!("the last look is the final analysis, at information 1; found {}", t[k - 1]));
        }
        let limit = if self.two_sided { 1.0 } else { 0.5 };
        if !(self.alpha > 0.0 && self.alpha < limit) {
            return Some(format!("alpha must lie in (0, {limit}), found {}", self.alpha));
        }
        if self.efficacy_stops.len() != k || self.futility_stops.len() != k {
            return Some(format!("expected one efficacy and one futility switch per look ({k})"));
        }
        if !self.efficacy_stops[k - 1] {
            return Some("the final analysis always tests for efficacy".into());
        }
        if let Efficacy::Spending(s) = &self.efficacy
            && let Some(p) = s.problem(self.alpha, k)
        {
            return Some(format!("alpha spending: {p}"));
        }
        if let Efficacy::WangTsiatis(delta) = self.efficacy
            && !(delta.is_finite() && (-0.5..=1.0).contains(&delta))
        {
            return Some(format!("the Wang-Tsiatis delta must lie in [-0.5, 1], found {delta}"));
        }
        match &self.futility {
            Futility::None => None,
            _ if self.two_sided => Some("futility bounds are for one-sided designs".into()),
            Futility::BetaSpending { spending, beta } => {
                if !(*beta > 0.0 && *beta < 1.0 - self.alpha) {
                    Some(format!("beta must lie in (0, 1 - alpha), found {beta}"))
                } else {
                    spending.problem(*beta, k).map(|p| format!("beta spending: {p}"))
                }
            }
            Futility::Z(z) if z.len() + 1 != k => {
                Some(format!("expected a futility bound for each look but the last ({}), found {}", k - 1, z.len()))
            }
            Futility::Z(z) if z.iter().any(|x| x.is_nan() || *x == f64::INFINITY) => {
                Some("futility bounds must be numbers (or -inf for none)".into())
            }
            Futility::Z(_) => None,
            Futility::ConditionalPower { threshold, .. } if !(*threshold > 0.0 && *threshold < 1.0) => {
                Some(format!("the conditional-power threshold must lie in (0, 1), found {threshold}"))
            }
            Futility::ConditionalPower { assumed: Assumed::Design { beta }, .. }
                if !(*beta > 0.0 && *beta < 1.0 - self.alpha) =>
            {
                Some(format!("beta must lie in (0, 1 - alpha), found {beta}"))
            }
            Futility::ConditionalPower { .. } => None,
        }
    }
}

/// A design's bounds on the z scale and what they spend.
#[derive(Debug, Clone, PartialEq)]
pub struct Boundaries {
    /// Efficacy bounds (`+inf` at a look without an efficacy stop); two-sided designs
    /// reject at `|z| >= c`.
    pub efficacy: Vec<f64>,
    /// Futility bounds (`-inf` where there is none).
    pub futility: Vec<f64>,
    /// Cumulative probability of rejecting under the null (futility stops counted only
    /// when binding).
    pub alpha_spent: Vec<f64>,
    /// Cumulative probability of stopping for futility (the last look: not rejecting)
    /// under `drift` (empty without beta spending).
    pub beta_spent: Vec<f64>,
    /// The mean of the final z at which the design has power `1 - beta` (beta spending;
    /// conditional power under the design's effect: with the efficacy bounds alone).
    pub drift: Option<f64>,
}

/// The sub-density of `Z_k` over the paths that continued through looks 1..k (and, once
/// cut to the look's continuation region, through look k): values times weights at the
/// nodes.
#[derive(Debug, Clone, Default)]
pub struct Stage {
    t: f64,
    nodes: Vec<f64>,
    mass: Vec<f64>,
}

impl Stage {
    /// The probability the stage holds (of continuing through its look).
    pub fn total(&self) -> f64 {
        self.mass.iter().sum()
    }
}

/// `P(Z > x)`.
#[inline]
fn upper(x: f64) -> f64 {
    normal_cdf(-x)
}

/// The standard normal density.
#[inline]
fn phi(x: f64) -> f64 {
    const ROOT_TWO_PI: f64 = 2.506_628_274_631_000_7;
    (-0.5 * x * x).exp() / ROOT_TWO_PI
}

/// The probabilities of having continued through the looks before `t` (`previous`; none:
/// `t` is the first look) and then being at or above `c`, and at or below `f`.
pub fn crossing(previous: Option<&Stage>, t: f64, drift: f64, c: f64, f: f64) -> (f64, f64) {
    let rt = t.sqrt();
    match previous {
        None => {
            let m = drift * rt;
            (
                if c == f64::INFINITY { 0.0 } else { upper(c - m) },
                if f == f64::NEG_INFINITY { 0.0 } else { normal_cdf(f - m) },
            )
        }
        Some(p) => {
            let delta = t - p.t;
            let (sd, prt, shift) = (delta.sqrt(), p.t.sqrt(), drift * delta);
            let (mut above, mut below) = (0.0, 0.0);
            for (&z, &m) in p.nodes.iter().zip(&p.mass) {
                let centre = z * prt + shift;
                if c < f64::INFINITY {
                    above += m * upper((c * rt - centre) / sd);
                }
                if f > f64::NEG_INFINITY {
                    below += m * normal_cdf((f * rt - centre) / sd);
                }
            }
            (above, below)
        }
    }
}

/// The stage of look `t` cut to `(lo, hi)`, from the previous one, with panels at most `h`
/// wide.
pub fn stage(previous: Option<&Stage>, t: f64, drift: f64, lo: f64, hi: f64, h: f64) -> Stage {
    stage_around(previous, t, drift, lo, hi, h, drift * t.sqrt())
}

/// [`stage`] with the nodes over `centre` +/- 9 (the look's mean given the stages before).
fn stage_around(previous: Option<&Stage>, t: f64, drift: f64, lo: f64, hi: f64, h: f64, centre: f64) -> Stage {
    let rt = t.sqrt();
    let m = drift * rt;
    let (a, b) = (lo.max(centre - REACH), hi.min(centre + REACH));
    let mut out = Stage { t, nodes: Vec::new(), mass: Vec::new() };
    if a >= b {
        return out;
    }
    let panels = ((b - a) / h).ceil().max(1.0) as usize;
    let width = (b - a) / panels as f64;
    for i in 0..panels {
        let (left, half) = (a + i as f64 * width, width / 2.0);
        for &(x, w) in rule() {
            out.nodes.push(left + half * (1.0 + x));
            out.mass.push(half * w);
        }
    }
    match previous {
        None => {
            for (y, w) in out.nodes.iter().zip(out.mass.iter_mut()) {
                *w *= phi(y - m);
            }
        }
        Some(p) => {
            let delta = t - p.t;
            let (sd, prt, shift) = (delta.sqrt(), p.t.sqrt(), drift * delta);
            let scale = rt / sd;
            for (y, w) in out.nodes.iter().zip(out.mass.iter_mut()) {
                let mut density = 0.0;
                for (&z, &mass) in p.nodes.iter().zip(&p.mass) {
                    let x = (y * rt - z * prt - shift) / sd;
                    if x.abs() < NEGLIGIBLE {
                        density += mass * phi(x);
                    }
                }
                *w *= scale * density;
            }
        }
    }
    out
}

/// The panel width for the nodes of look `k`: half the smallest standard deviation of the
/// transitions into and out of it (on the z scale), at most 1/2.
fn resolution(t: &[f64], k: usize) -> f64 {
    let mut sd: f64 = 1.0;
    if k > 0 {
        sd = sd.min(((t[k] - t[k - 1]) / t[k]).sqrt());
    }
    if k + 1 < t.len() {
        sd = sd.min(((t[k + 1] - t[k]) / t[k]).sqrt());
    }
    0.5 * sd
}

/// The x in `[lo, hi]` where the decreasing `f` equals `target` (Illinois' regula falsi);
/// the end where it cannot.
fn solve_decreasing(f: impl Fn(f64) -> f64, target: f64, mut lo: f64, mut hi: f64) -> f64 {
    let (mut flo, mut fhi) = (f(lo) - target, f(hi) - target);
    if flo <= 0.0 {
        return lo;
    }
    if fhi >= 0.0 {
        return hi;
    }
    let mut side = 0;
    for _ in 0..200 {
        if hi - lo <= ROOT_TOLERANCE * (1.0 + lo.abs().max(hi.abs())) {
            break;
        }
        let mut x = (lo * fhi - hi * flo) / (fhi - flo);
        if !(x > lo && x < hi) {
            x = 0.5 * (lo + hi);
        }
        let fx = f(x) - target;
        if fx == 0.0 {
            return x;
        }
        if fx > 0.0 {
            (lo, flo) = (x, fx);
            if side == 1 {
                fhi /= 2.0;
            }
            side = 1;
        } else {
            (hi, fhi) = (x, fx);
            if side == -1 {
                flo /= 2.0;
            }
            side = -1;
        }
    }
    0.5 * (lo + hi)
}

/// The cumulative alpha of look `k` by `s`. A two-sided design spends half on each side:
/// the O'Brien-Fleming type function, not linear in the error, is applied to alpha / 2 and
/// doubled (rpact's convention); the others are linear, and user values are the total.
fn alpha_spent(d: &Design, s: &Spending, k: usize) -> f64 {
    let t = d.information[k];
    match s {
        Spending::OBrienFleming if d.two_sided => 2.0 * s.spent(d.alpha / 2.0, t, k),
        _ => s.spent(d.alpha, t, k),
    }
}

/// The widest range a bound is looked for in.
const Z_RANGE: (f64, f64) = (-12.0, 40.0);

/// The efficacy bounds and cumulative alpha of a design under the null, with the futility
/// bounds `futility` counted (binding) or `-inf`; `fixed`: Wang-Tsiatis bounds to use as
/// they are.
fn null_pass(d: &Design, futility: &[f64], fixed: Option<&[f64]>) -> (Vec<f64>, Vec<f64>) {
    let t = &d.information;
    let (mut bounds, mut spent) = (Vec::new(), Vec::new());
    let (mut previous, mut total) = (None::<Stage>, 0.0);
    for k in 0..t.len() {
        let cross = |c: f64| {
            let (above, below) =
                crossing(previous.as_ref(), t[k], 0.0, c, if d.two_sided { -c } else { f64::NEG_INFINITY });
            above + below
        };
        let c = if !d.efficacy_stops[k] {
            f64::INFINITY
        } else if let Some(fixed) = fixed {
            fixed[k]
        } else {
            let Efficacy::Spending(s) = &d.efficacy else { unreachable!("fixed bounds are given") };
            let target = alpha_spent(d, s, k) - total;
            if target <= 0.0 { f64::INFINITY } else { solve_decreasing(cross, target, 0.0, Z_RANGE.1) }
        };
        total += if c == f64::INFINITY { 0.0 } else { cross(c) };
        bounds.push(c);
        spent.push(total);
        let lo = if d.two_sided { -c } else { futility[k] };
        previous = Some(stage(previous.as_ref(), t[k], 0.0, lo, c, resolution(t, k)));
    }
    (bounds, spent)
}

/// Wang-Tsiatis bounds `C t^(delta - 1/2)` with C giving the design size alpha (futility
/// bounds counted when binding).
fn wang_tsiatis(d: &Design, delta: f64, futility: &[f64]) -> Vec<f64> {
    let t = &d.information;
    let at = |c: f64| t.iter().map(|&x| c * x.powf(delta - 0.5)).collect::<Vec<_>>();
    let size = |c: f64| *null_pass(d, futility, Some(&at(c))).1.last().expect("a look");
    at(solve_decreasing(size, d.alpha, 0.0, Z_RANGE.1))
}

/// The futility bounds, cumulative beta and (binding) efficacy bounds of a beta-spending
/// design at `drift`.
fn futility_pass(
    d: &Design,
    spending: &Spending,
    beta: f64,
    drift: f64,
    efficacy: &[f64],
) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let t = &d.information;
    let last = t.len() - 1;
    let (mut futility, mut spent, mut bounds) = (Vec::new(), Vec::new(), Vec::new());
    let (mut alternative, mut null, mut total, mut alpha) = (None::<Stage>, None::<Stage>, 0.0, 0.0);
    for k in 0..t.len() {
        let h = resolution(t, k);
        // Binding: the efficacy bound counts on the futility stops before it.
        let c = if d.binding && d.efficacy_stops[k] {
            let Efficacy::Spending(s) = &d.efficacy else { unreachable!("beta spending goes with alpha spending") };
            let cross = |c: f64| crossing(null.as_ref(), t[k], 0.0, c, f64::NEG_INFINITY).0;
            let target = alpha_spent(d, s, k) - alpha;
            let c = if target <= 0.0 { f64::INFINITY } else { solve_decreasing(cross, target, Z_RANGE.0, Z_RANGE.1) };
            alpha += if c == f64::INFINITY { 0.0 } else { cross(c) };
            c
        } else {
            efficacy[k]
        };
        let below = |f: f64| crossing(alternative.as_ref(), t[k], drift, f64::INFINITY, f).1;
        let f = if k == last {
            c
        } else if !d.futility_stops[k] {
            f64::NEG_INFINITY
        } else {
            let target = spending.spent(beta, t[k], k) - total;
            let f = if target <= 0.0 {
                f64::NEG_INFINITY
            } else {
                -solve_decreasing(|x| below(-x), target, -Z_RANGE.1, -Z_RANGE.0)
            };
            f.min(c)
        };
        total += below(f);
        futility.push(f);
        spent.push(total);
        bounds.push(c);
        if k < last {
            alternative = Some(stage(alternative.as_ref(), t[k], drift, f, c, h));
            if d.binding {
                null = Some(stage(null.as_ref(), t[k], 0.0, f, c, h));
            }
        }
    }
    (futility, spent, bounds)
}

/// The conditional power at look `k` (0-based) of a one-sided design with efficacy bounds
/// `efficacy` at fractions `t`: the probability of rejecting at a later look given
/// `Z_k = z`, under `drift` (later futility stops ignored).
///
/// # Examples
///
/// ```
/// use trialsim_stats::group_sequential::conditional_power;
/// // Two looks at 0.5 and 1, final bound 1.96, z = 1 at the interim, drift 2.8:
/// // R: 1 - pnorm((1.96 - 1 * sqrt(0.5) - 2.8 * 0.5) / sqrt(0.5)) = 0.582401290600055
/// let cp = conditional_power(&[0.5, 1.0], &[2.8, 1.96], 0, 1.0, 2.8);
/// assert!((cp - 0.582401290600055).abs() < 1e-12);
/// ```
pub fn conditional_power(t: &[f64], efficacy: &[f64], k: usize, z: f64, drift: f64) -> f64 {
    let mut previous = Stage { t: t[k], nodes: vec![z], mass: vec![1.0] };
    let mut power = 0.0;
    for j in k + 1..t.len() {
        power += crossing(Some(&previous), t[j], drift, efficacy[j], f64::NEG_INFINITY).0;
        if j + 1 < t.len() {
            // Given Z_k = z the look's mean is (z sqrt(t_k) + drift (t_j - t_k)) / sqrt(t_j).
            let centre = (z * t[k].sqrt() + drift * (t[j] - t[k])) / t[j].sqrt();
            let h = resolution(t, j).min(0.5 * ((t[j] - t[k]) / t[j]).sqrt());
            previous = stage_around(Some(&previous), t[j], drift, f64::NEG_INFINITY, efficacy[j], h, centre);
        }
    }
    power
}

/// The futility bounds of conditional power `threshold` at each look but the last (`-inf`
/// where the look has no futility stop), under the design's `drift` or the trend (`None`).
fn conditional_power_bounds(d: &Design, efficacy: &[f64], threshold: f64, drift: Option<f64>) -> Vec<f64> {
    let t = &d.information;
    (0..t.len())
        .map(|k| {
            if k + 1 == t.len() || !d.futility_stops[k] {
                return f64::NEG_INFINITY;
            }
            let cp = |z: f64| conditional_power(t, efficacy, k, z, drift.unwrap_or(z / t[k].sqrt()));
            (-solve_decreasing(|x| cp(-x), threshold, -Z_RANGE.1, -Z_RANGE.0)).min(efficacy[k])
        })
        .collect()
}

/// The efficacy bounds and cumulative alpha of a design under the null, the futility
/// bounds `counted` (binding, else `-inf`).
fn efficacy_bounds(d: &Design, counted: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let fixed = match d.efficacy {
        Efficacy::WangTsiatis(delta) => Some(wang_tsiatis(d, delta, counted)),
        Efficacy::Spending(_) => None,
    };
    null_pass(d, counted, fixed.as_deref())
}

/// The drift at which the efficacy bounds alone give power `1 - beta`.
fn design_drift(d: &Design, efficacy: &[f64], beta: f64) -> f64 {
    let none = vec![f64::NEG_INFINITY; efficacy.len()];
    let b = Boundaries {
        efficacy: efficacy.to_vec(),
        futility: none,
        alpha_spent: Vec::new(),
        beta_spent: Vec::new(),
        drift: None,
    };
    let miss = |drift: f64| 1.0 - stopping(d, &b, drift).iter().map(|s| s.0).sum::<f64>();
    solve_decreasing(miss, beta, 0.0, 20.0)
}

/// How many times binding conditional-power bounds and the efficacy bounds are re-solved
/// at most, and the largest change between rounds that ends it.
const BINDING_ROUNDS: usize = 100;
const BINDING_TOLERANCE: f64 = 1e-11;

/// The bounds of a design.
pub fn boundaries(d: &Design) -> Result<Boundaries, String> {
    boundaries_at(d, None)
}

/// The bounds of a design whose drift, where it has one (beta spending, conditional power
/// under the design's effect), is `drift` instead of the one its own looks give: the
/// planned design's drift when the bounds are re-spent at a trial's observed information.
pub fn boundaries_at(d: &Design, drift: Option<f64>) -> Result<Boundaries, String> {
    if let Some(p) = d.problem() {
        return Err(p);
    }
    let k = d.information.len();
    let none = vec![f64::NEG_INFINITY; k];
    match &d.futility {
        Futility::None | Futility::Z(_) => {
            let futility = match &d.futility {
                Futility::Z(z) => {
                    let mut f: Vec<f64> = z
                        .iter()
                        .zip(&d.futility_stops)
                        .map(|(&x, &on)| if on { x } else { f64::NEG_INFINITY })
                        .collect();
                    f.push(f64::NEG_INFINITY);
                    f
                }
                _ => none.clone(),
            };
            let counted = if d.binding { &futility } else { &none };
            let (efficacy, alpha_spent) = efficacy_bounds(d, counted);
            let mut futility = futility;
            if let Futility::Z(_) = d.futility {
                futility[k - 1] = f64::NEG_INFINITY;
                for (f, c) in futility.iter_mut().zip(&efficacy) {
                    *f = f.min(*c);
                }
            }
            Ok(Boundaries { efficacy, futility, alpha_spent, beta_spent: Vec::new(), drift: None })
        }
        Futility::BetaSpending { spending, beta } => {
            let Efficacy::Spending(_) = d.efficacy else {
                return Err("beta spending needs efficacy bounds from an alpha-spending function".into());
            };
            let (unbound, unbound_spent) = null_pass(d, &none, None);
            let total = |drift: f64| *futility_pass(d, spending, *beta, drift, &unbound).1.last().expect("a look");
            let drift = drift.unwrap_or_else(|| solve_decreasing(total, *beta, 0.0, 20.0));
            let (futility, beta_spent, efficacy) = futility_pass(d, spending, *beta, drift, &unbound);
            let alpha_spent = if d.binding { null_pass(d, &futility, Some(&efficacy)).1 } else { unbound_spent };
            Ok(Boundaries { efficacy, futility, alpha_spent, beta_spent, drift: Some(drift) })
        }
        Futility::ConditionalPower { threshold, assumed } => {
            let (mut efficacy, mut alpha_spent) = efficacy_bounds(d, &none);
            let drift = match assumed {
                Assumed::Trend => None,
                Assumed::Design { beta } => Some(drift.unwrap_or_else(|| design_drift(d, &efficacy, *beta))),
            };
            let mut futility = conditional_power_bounds(d, &efficacy, *threshold, drift);
            // Binding: the efficacy bounds count on the futility stops, which depend on
            // the final bound; re-solve both until they settle.
            for _ in 0..if d.binding { BINDING_ROUNDS } else { 0 } {
                let (next, spent) = efficacy_bounds(d, &futility);
                let change = next.iter().zip(&efficacy).map(|(a, b)| if a == b { 0.0 } else { (a - b).abs() });
                let settled = change.fold(0.0, f64::max) < BINDING_TOLERANCE;
                (efficacy, alpha_spent) = (next, spent);
                futility = conditional_power_bounds(d, &efficacy, *threshold, drift);
                if settled {
                    break;
                }
            }
            Ok(Boundaries { efficacy, futility, alpha_spent, beta_spent: Vec::new(), drift })
        }
    }
}

/// Per look, the probabilities of stopping for efficacy (at or beyond the efficacy bound,
/// either side for a two-sided design) and for futility, under `drift`.
pub fn stopping(d: &Design, b: &Boundaries, drift: f64) -> Vec<(f64, f64)> {
    let t = &d.information;
    let mut previous = None::<Stage>;
    let mut out = Vec::with_capacity(t.len());
    for k in 0..t.len() {
        let (c, f) = (b.efficacy[k], b.futility[k]);
        let lo = if d.two_sided { -c } else { f };
        let (above, below) = crossing(previous.as_ref(), t[k], drift, c, lo);
        out.push(if d.two_sided { (above + below, 0.0) } else { (above, below) });
        previous = Some(stage(previous.as_ref(), t[k], drift, lo, c, resolution(t, k)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_look_is_the_fixed_design() {
        let d = Design::new(vec![1.0], 0.025, false, Efficacy::Spending(Spending::OBrienFleming));
        let b = boundaries(&d).unwrap();
        assert!((b.efficacy[0] - 1.959963984540054).abs() < 1e-10);
        let d = Design::new(vec![1.0], 0.05, true, Efficacy::POCOCK);
        assert!((boundaries(&d).unwrap().efficacy[0] - 1.959963984540054).abs() < 1e-10);
    }

    #[test]
    fn stopping_probabilities_under_the_null_add_up_to_alpha() {
        let d = Design::new(vec![0.25, 0.5, 0.75, 1.0], 0.025, false, Efficacy::Spending(Spending::Pocock));
        let b = boundaries(&d).unwrap();
        let total: f64 = stopping(&d, &b, 0.0).iter().map(|s| s.0).sum();
        assert!((total - 0.025).abs() < 1e-10, "{total}");
    }

    #[test]
    fn bad_designs_are_refused_with_what_to_fix() {
        let ok = Design::new(vec![0.5, 1.0], 0.025, false, Efficacy::O_BRIEN_FLEMING);
        let problem = |d: Design| boundaries(&d).unwrap_err();
        assert!(problem(Design { information: vec![0.6, 0.5, 1.0], ..ok.clone() }).contains("increase"));
        assert!(problem(Design { information: vec![0.0, 1.0], ..ok.clone() }).contains("(0, 1]"));
        assert!(problem(Design { information: vec![0.5, 0.9], ..ok.clone() }).contains("information 1"));
        assert!(problem(Design { efficacy_stops: vec![true, false], ..ok.clone() }).contains("always tests"));
        let two = Design { two_sided: true, alpha: 0.05, ..ok.clone() };
        let beta = Futility::BetaSpending { spending: Spending::OBrienFleming, beta: 0.2 };
        assert!(problem(two.with_futility(beta.clone(), false)).contains("one-sided"));
        assert!(problem(ok.clone().with_futility(beta, false)).contains("alpha-spending"));
        assert!(problem(ok.with_futility(Futility::Z(vec![0.0, 0.0]), true)).contains("each look but the last"));
    }
}
