//! The reported value of a patient at a visit, given the level drawn and where the latent
//! score lies within the level's band. Values are monotone in the latent score and always
//! meet exactly the rule of the level drawn.
//!
//! - The best level (open-ended in the better direction) starts at the first value that
//!   meets its rule and moves geometrically further with the score's distance into the band:
//!   `entry * exp(±log_sd * (z - band_low))`.
//! - Intermediate levels spread linearly over their interval of grid values by the
//!   score's position within the band.
//! - NR values centre on the patient's baseline, `x = baseline * exp(±log_sd * (z -
//!   nr_median))`, softly capped below the first value of any level (see [`soft_cap`]), so
//!   they never respond by accident.
//!
//! Everything is then rounded to the grid and clamped into the level's interval.
//!
//! On the hot path ([`ValueMap::place`]) the parts that depend only on the band are
//! precomputed per arm, visit and level ([`Placement`]): `exp(±log_sd * (z - c))` becomes
//! `exp(±log_sd * z) * exp(∓log_sd * c)` and a band's width a reciprocal, so a visit costs
//! one exponential ([`super::exp::exp`], no library call) and one division (the soft cap).
//! [`ValueMap::goodness`] is the same map written out directly; a unit test holds the two
//! to the same grid index.

use crate::scenario::Resolution;

/// ln(1 + e^x) without overflow.
#[inline]
fn softplus(x: f64) -> f64 {
    if x > 35.0 { x } else { x.exp().ln_1p() }
}

/// The soft cap of NR values at `first`, the first value of any level (`sign` +1: higher is
/// better, values stay below `first`; -1: they stay above it).
///
/// Higher is better: `x` itself up to `first / 2`, then `first - first^2 / (4 x)`, which
/// meets it with the same slope, increases, and stays below `first`. Lower is better: the
/// mirror image, `x` from `2 first` up, below it `4 first^2 / (4 first - x)`, which stays
/// above `first`. A patient near their baseline keeps exactly that value; one division at
/// most, no root or logarithm.
///
/// # Examples
///
/// ```
/// use trialsim::model::value::soft_cap;
/// assert_eq!(soft_cap(20.0, 100.0, 1), 20.0);
/// assert!(soft_cap(1e6, 100.0, 1) < 100.0);
/// assert!(soft_cap(0.001, 2.0, -1) > 2.0);
/// ```
#[inline]
pub fn soft_cap(x: f64, first: f64, sign: i64) -> f64 {
    if first <= 0.0 { x } else { capped(x, first, first * first, sign) }
}

/// [`soft_cap`] for `x > 0` without branches, from `first` and its square: the second piece
/// h(x) never exceeds x when higher is better and never falls below it when lower is
/// better, so a min and a max pick the piece. With `first` +inf (higher is better) or 0
/// (lower is better) h is NaN or 0, which they drop: the identity.
#[inline]
fn capped(x: f64, first: f64, squared: f64, sign: i64) -> f64 {
    if sign > 0 {
        min(x, max(first - squared / (4.0 * x), 0.5 * first))
    } else {
        max(x, min(4.0 * squared / (4.0 * first - x), 2.0 * first))
    }
}

/// How a level's values are placed at one visit of one arm: the part of the map that
/// depends only on the level's band.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    /// Geometric levels (the best and NR): values `from * exp(±log_sd * z) * scale`, with
    /// `scale = exp(∓log_sd * c)` and `c` the band's low end or NR's median.
    pub scale: f64,
    /// Intermediate levels: the position in the band is `(z - low) * per_width`.
    pub low: f64,
    pub per_width: f64,
    /// A band with an infinite end other than the best level's top, or empty: use
    /// [`ValueMap::goodness`].
    pub general: bool,
}

impl Placement {
    pub const GENERAL: Placement = Placement { scale: 1.0, low: 0.0, per_width: 0.0, general: true };

    pub fn geometric(scale: f64) -> Self {
        Placement { scale, general: false, ..Placement::GENERAL }
    }

    pub fn linear(low: f64, per_width: f64) -> Self {
        Placement { low, per_width, general: false, ..Placement::GENERAL }
    }
}

/// What placing a value of one level needs from the patient's reported baseline, in
/// grid units ([`ValueMap::place`] works on grid indices, not values).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Anchor {
    /// The level's goodness interval `[lo, hi]` for this baseline.
    pub region: (i64, i64),
    /// Its boundary value ([`ValueMap::edge`]).
    pub edge: f64,
    /// 1 for intermediate levels, placed linearly; 0 for the best level and NR, placed
    /// geometrically (a weight, so that choosing needs no branch).
    pub linear: f64,
    /// Geometric levels start from this many grid steps: the entry value (best level) or
    /// the baseline (NR).
    pub from: f64,
    /// NR's soft cap `first` in grid steps and its square; for the other levels values at
    /// which the cap is the identity (+inf when higher is better, 0 otherwise).
    pub cap: f64,
    pub cap_squared: f64,
    /// The index is `base + direction * offset`, the offset between 0 and `width - 1`:
    /// from `lo` upwards, or from `hi` downwards for geometric levels when lower is better
    /// (their grid index grows as the goodness index falls).
    pub base: i64,
    pub direction: i64,
    pub width: f64,
    /// Added to a geometric level's rounded-up grid position to make it an offset.
    pub shift: f64,
}

/// The smaller of `a` and `b`, and `b` if either is NaN: the form processors have an
/// instruction for (`f64::min` returns the number when the other is NaN, which takes
/// seven instructions on x86-64).
#[inline]
fn min(a: f64, b: f64) -> f64 {
    if a < b { a } else { b }
}

/// The larger of `a` and `b`, `b` if either is NaN (see [`min`]).
#[inline]
fn max(a: f64, b: f64) -> f64 {
    if a > b { a } else { b }
}

/// The inputs that do not change within a run.
#[derive(Debug, Clone, Copy)]
pub struct ValueMap {
    pub grid: Resolution,
    /// +1 when higher is better, -1 otherwise.
    pub sign: i64,
    /// Spread of values on the log scale (the baseline's log-SD).
    pub log_sd: f64,
    /// Grid steps per unit (to round a continuous value to the grid by a product).
    per_step: f64,
    /// `sign * log_sd`.
    slope: f64,
}

impl ValueMap {
    pub fn new(grid: Resolution, sign: i64, log_sd: f64) -> Self {
        ValueMap { grid, sign, log_sd, per_step: 1.0 / grid.step(), slope: sign as f64 * log_sd }
    }

    /// The boundary value a level's values are placed from: the first value of the region
    /// for a responding level, the first value above NR's region (the soft cap) for NR.
    pub fn edge(&self, region: (i64, i64), nr: bool) -> f64 {
        if nr { self.grid.value(self.sign * (region.1 + 1)) } else { self.grid.value(self.sign * region.0) }
    }

    /// The anchors of every level (NR last) of a patient with reported `baseline`, whose
    /// goodness intervals are `regions`.
    pub fn anchors(&self, regions: &[(i64, i64)], baseline: f64) -> Vec<Anchor> {
        let nr = regions.len() - 1;
        let identity = if self.sign > 0 { f64::INFINITY } else { 0.0 };
        regions
            .iter()
            .enumerate()
            .map(|(k, &(lo, hi))| {
                let edge = self.edge((lo, hi), k == nr);
                let linear = k != 0 && k != nr;
                let from = if k == nr { baseline } else { edge } * self.per_step;
                let cap = if k == nr && edge > 0.0 { edge * self.per_step } else { identity };
                let downwards = !linear && self.sign < 0;
                Anchor {
                    region: (lo, hi),
                    edge,
                    linear: if linear { 1.0 } else { 0.0 },
                    from,
                    cap,
                    cap_squared: cap * cap,
                    base: if downwards { hi } else { lo },
                    direction: if downwards { -1 } else { 1 },
                    width: (hi - lo + 1).max(1) as f64,
                    // Grid index m = floor(v + 1/2); higher is better: offset m - lo;
                    // lower is better: goodness -m, offset m + hi.
                    shift: 0.5 + if downwards { hi as f64 } else { -lo as f64 },
                }
            })
            .collect()
    }

    /// The placement of level `k` (`levels` for NR) whose latent-score band is `band`
    /// (`(low, high]`), with `nr_median` the median score of the NR band.
    pub fn placement(&self, k: usize, levels: usize, band: (f64, f64), nr_median: f64) -> Placement {
        let (low, high) = band;
        let exp = super::exp::exp;
        if k == levels {
            if nr_median.is_finite() { Placement::geometric(exp(-self.slope * nr_median)) } else { Placement::GENERAL }
        } else if k == 0 {
            if low.is_finite() { Placement::geometric(exp(-self.slope * low)) } else { Placement::GENERAL }
        } else if low.is_finite() && high.is_finite() && high > low {
            Placement::linear(low, 1.0 / (high - low))
        } else {
            Placement::GENERAL
        }
    }

    /// The goodness index of the value at score `z` of a level placed by `placement` for a
    /// patient with `anchor`; equal to [`ValueMap::goodness`] but for rounding in the last
    /// bit. `placement` must not be general.
    ///
    /// Written for the hot loop: which level a visit falls in is as unpredictable as the
    /// score, so there is no branch on it: both the geometric and the linear position are
    /// computed (one exponential), one is kept by a 0/1 weight, and minima and maxima do
    /// the soft cap and the clamping.
    #[inline]
    pub fn place(&self, placement: &Placement, anchor: &Anchor, z: f64) -> i64 {
        let x = anchor.from * placement.scale * super::exp::exp(self.slope * z);
        // The soft cap in grid steps (anchor.cap makes it the identity off NR).
        let v = capped(x, anchor.cap, anchor.cap_squared, self.sign);
        let geometric = v + anchor.shift;
        let linear = (z - placement.low) * placement.per_width * anchor.width;
        // Select by weights 1 and 0, not a branch (both are finite here).
        let offset = linear * anchor.linear + geometric * (1.0 - anchor.linear);
        // Clamped into [0, width - 1] (NaN to 0), then truncated: the floor.
        let offset = min(max(offset, 0.0), anchor.width - 1.0);
        anchor.base + anchor.direction * offset as i64
    }

    /// The goodness index `s` (see `scenario::level`) of the value of a patient.
    ///
    /// `region` is the level's `[lo, hi]` goodness interval for this patient, `edge` its
    /// precomputed boundary value ([`ValueMap::edge`]), `band` the level's latent-score band
    /// `(low, high]`, `z` the score, `baseline` the reported baseline value, `nr_median`
    /// the median score in the NR band.
    #[inline]
    #[allow(clippy::too_many_arguments)]
    pub fn goodness(
        &self,
        best: bool,
        nr: bool,
        region: (i64, i64),
        edge: f64,
        band: (f64, f64),
        z: f64,
        baseline: f64,
        nr_median: f64,
    ) -> i64 {
        let (lo, hi) = region;
        let sign = self.sign as f64;
        let s = if nr {
            let x = baseline * (sign * self.log_sd * (z - nr_median)).exp();
            self.sign * self.grid.index(soft_cap(x, edge, self.sign))
        } else if best {
            let entry = edge;
            let depth = if band.0.is_finite() { z - band.0 } else { softplus(z) };
            self.sign * self.grid.index(entry * (sign * self.log_sd * depth).exp())
        } else {
            let (low, high) = band;
            let t = match (low.is_finite(), high.is_finite()) {
                (true, true) => (z - low) / (high - low),
                (true, false) => -(-(z - low)).exp_m1(),
                (false, true) => (z - high).exp(),
                (false, false) => trialsim_stats::special::normal_cdf(z),
            };
            let width = (hi - lo + 1) as f64;
            lo + (t.clamp(0.0, 1.0) * width).floor().min(width - 1.0) as i64
        };
        s.clamp(lo, hi)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn soft_cap_is_continuous_increasing_and_bounded() {
        for (first, sign) in [(100.0, 1), (50.0, 1), (2.0, -1), (11.0, -1)] {
            let mut previous = soft_cap(first * 1e-3, first, sign);
            for i in 1..4000 {
                let x = first * 1e-3 * 1.003f64.powi(i);
                let v = soft_cap(x, first, sign);
                assert!(v > previous, "{first} {sign} {x}");
                assert!(if sign > 0 { v < first } else { v > first }, "{first} {sign} {x}");
                // No jump where the two pieces meet (slope 1 there).
                assert!((v - previous).abs() <= 1.01 * (x - x / 1.003), "{first} {sign} {x}");
                previous = v;
            }
        }
    }
}
