//! Coverage and width of an interval over replicates, summed in integers (so that the sums
//! do not depend on the order replicates are added in).

use trialsim_stats::Estimate;

/// Fixed-point scale for summing widths as integers (so that sums do not depend on the
/// order replicates are added in).
pub const WIDTH_SCALE: f64 = (1u64 << 52) as f64;

/// A non-negative amount rounded to an integer: adding a half and truncating, through a
/// 64-bit conversion when it fits (a conversion to 128 bits is a library call).
#[inline]
fn fixed(x: f64) -> u128 {
    let y = x + 0.5;
    if y < 9.0e18 { y as u64 as u128 } else { y as u128 }
}

/// Coverage count and width sums of one interval over replicates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct IntervalTally {
    pub covered: u64,
    #[serde(with = "super::wide::u128_string")]
    pub width: u128,
    #[serde(with = "super::wide::u128_string")]
    pub width_squared: u128,
}

impl IntervalTally {
    #[inline]
    pub fn add(&mut self, (lo, hi): (f64, f64), truth: f64) {
        self.covered += (lo <= truth && truth <= hi) as u64;
        let w = (hi - lo).max(0.0);
        self.width += fixed(w * WIDTH_SCALE);
        self.width_squared += fixed(w * w * WIDTH_SCALE);
    }

    pub fn merge(&mut self, other: &IntervalTally) {
        self.covered += other.covered;
        self.width += other.width;
        self.width_squared += other.width_squared;
    }

    /// The share of `replicates` whose interval covered the true value.
    pub fn coverage(&self, replicates: u64) -> Estimate {
        Estimate::share(self.covered, replicates.max(1))
    }

    /// The mean width over `replicates`, its standard error and normal interval.
    pub fn mean_width(&self, replicates: u64) -> Estimate {
        let r = replicates.max(1) as f64;
        let mean = self.width as f64 / WIDTH_SCALE / r;
        let mean_sq = self.width_squared as f64 / WIDTH_SCALE / r;
        let variance = (mean_sq - mean * mean).max(0.0) * r / (r - 1.0).max(1.0);
        Estimate::normal(mean, (variance / r).sqrt())
    }
}
