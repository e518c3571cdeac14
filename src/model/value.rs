//! The reported value of a patient at a visit, given the level drawn and where the latent
//! score lies within the level's band. Values are monotone in the latent score and always
//! meet exactly the rule of the level drawn.
//!
//! - The best level (open-ended in the better direction) starts at the first value that
//!   meets its rule and moves geometrically further with the score's distance into the band:
//!   `entry * exp(±log_sd * (z - band_low))`.
//! - Intermediate levels spread linearly over their interval of grid values by the
//!   score's position within the band.
//! - NR values centre on the patient's baseline, `baseline * exp(±log_sd * (z - nr_median))`,
//!   softly capped below the first value of any level, `first * u / (1 + u^4)^(1/4)` with
//!   `u = x / first` (so they never respond by accident, with no logarithm on the hot path).
//!
//! Everything is then rounded to the grid and clamped into the level's interval.

use crate::scenario::Resolution;

/// ln(1 + e^x) without overflow.
#[inline]
fn softplus(x: f64) -> f64 {
    if x > 35.0 { x } else { x.exp().ln_1p() }
}

/// The inputs that do not change within a run.
#[derive(Debug, Clone, Copy)]
pub struct ValueMap {
    pub grid: Resolution,
    /// +1 when higher is better, -1 otherwise.
    pub sign: i64,
    /// Spread of values on the log scale (the baseline's log-SD).
    pub log_sd: f64,
}

impl ValueMap {
    /// The boundary value a level's values are placed from: the first value of the region
    /// for a responding level, the first value above NR's region (the soft cap) for NR.
    pub fn edge(&self, region: (i64, i64), nr: bool) -> f64 {
        if nr { self.grid.value(self.sign * (region.1 + 1)) } else { self.grid.value(self.sign * region.0) }
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
            // x = baseline * exp(+-log_sd * (z - nr_median)), then softly capped below the
            // first value of a level: v = first * g(x / first) with g(u) = u / (1 + u^4)^(1/4),
            // which is u for small u, increasing, and below 1 (mirrored for lower-is-better).
            let x = baseline * (sign * self.log_sd * (z - nr_median)).exp();
            let first = edge;
            let v = if first <= 0.0 {
                x
            } else if self.sign > 0 {
                let u = x / first;
                first * u / (1.0 + u * u * u * u).sqrt().sqrt()
            } else {
                // Lower is better: NR values stay above `first`: mirror g on first / x.
                let u = first / x;
                first * (1.0 + u * u * u * u).sqrt().sqrt() / u
            };
            self.sign * self.grid.index(v)
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
                (false, false) => crate::analysis::special::normal_cdf(z),
            };
            let width = (hi - lo + 1) as f64;
            lo + (t.clamp(0.0, 1.0) * width).floor().min(width - 1.0) as i64
        };
        s.clamp(lo, hi)
    }
}
