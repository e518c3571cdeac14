//! The marker: the lab value simulated at every visit, its baseline and reporting grid.

/// Which way is better for the marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Higher values are better (platelets, hemoglobin).
    Higher,
    /// Lower values are better (proteinuria, disease activity).
    Lower,
}

impl Direction {
    /// +1 for higher-is-better, -1 for lower-is-better: the sign that turns a grid index
    /// into a "goodness" index that increases with better values.
    pub fn sign(self) -> i64 {
        match self {
            Direction::Higher => 1,
            Direction::Lower => -1,
        }
    }
}

/// The log-normal baseline, truncated to `[min, max)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Baseline {
    pub median: f64,
    pub log_sd: f64,
    pub min: f64,
    pub max: f64,
}

impl Baseline {
    /// The first and last grid index of reported baseline values in `[min, max)`.
    pub fn grid(&self, grid: &Resolution) -> (i64, i64) {
        let mut lo = grid.index(self.min);
        while grid.value(lo) < self.min {
            lo += 1;
        }
        while lo > 0 && grid.value(lo - 1) >= self.min {
            lo -= 1;
        }
        let mut hi = grid.index(self.max);
        while grid.value(hi) >= self.max {
            hi -= 1;
        }
        while grid.value(hi + 1) < self.max {
            hi += 1;
        }
        (lo, hi)
    }
}

/// The step values are reported at. Values are `m * step` for integer grid indices `m`.
///
/// When the step is the reciprocal of an integer (0.1, 0.01, 0.5), a value is computed as
/// `m / k`, which is the double nearest the decimal value, so that the reported value
/// `0.3` compares with a threshold written `0.3` as the decimal numbers do.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Resolution {
    step: f64,
    reciprocal: Option<f64>,
}

impl Resolution {
    /// A grid with the given positive step.
    pub fn new(step: f64) -> Self {
        let k = (1.0 / step).round();
        let reciprocal = (step < 1.0 && ((1.0 / step) - k).abs() < 1e-9 * k).then_some(k);
        Resolution { step, reciprocal }
    }

    /// Three significant digits of the baseline median: the default step.
    pub fn default_for(median: f64) -> Self {
        Resolution::new(10f64.powi(median.log10().floor() as i32 - 2))
    }

    pub fn step(&self) -> f64 {
        self.step
    }

    /// The reported value of grid index `m`.
    #[inline]
    pub fn value(&self, m: i64) -> f64 {
        match self.reciprocal {
            Some(k) => m as f64 / k,
            None => m as f64 * self.step,
        }
    }

    /// The grid index nearest to `v` (halves away from zero).
    #[inline]
    pub fn index(&self, v: f64) -> i64 {
        let x = match self.reciprocal {
            Some(k) => v * k,
            None => v / self.step,
        };
        round_half_away(x)
    }

    /// The largest magnitude a value on this grid may have: 2^52 steps (beyond it grid
    /// indices and values are no longer exact).
    pub fn limit(&self) -> f64 {
        MAX_STEPS * self.step
    }

    /// Does the grid hold `v` exactly (a finite value at most [`Resolution::limit`] away
    /// from 0)?
    pub fn holds(&self, v: f64) -> bool {
        v.is_finite() && v.abs() <= self.limit()
    }

    /// Number of decimals to print a reported value with.
    pub fn decimals(&self) -> usize {
        let mut d = 0;
        while d < 9 && ((self.step * 10f64.powi(d as i32)).round() - self.step * 10f64.powi(d as i32)).abs() > 1e-9 {
            d += 1;
        }
        d
    }
}

/// The most grid steps a value may lie from 0.
const MAX_STEPS: f64 = 4_503_599_627_370_496.0;

/// Round to the nearest integer, halves away from zero, by truncating conversions (no
/// library call on CPUs without a rounding instruction). Saturates like `as`.
#[inline]
pub fn round_half_away(x: f64) -> i64 {
    if x >= 0.0 { (x + 0.5) as i64 } else { -((0.5 - x) as i64) }
}

/// The simulated lab value.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub name: String,
    pub unit: String,
    pub direction: Direction,
    pub baseline: Baseline,
    pub persistence: f64,
    /// The share `w` of the latent score's variance that is the patient's own:
    /// `Z_j = sqrt(w) U + sqrt(1 - w) AR_j`.
    pub patient_share: f64,
    pub resolution: Resolution,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_steps_give_decimal_values() {
        let r = Resolution::new(0.1);
        assert_eq!(r.value(3), 0.3);
        assert!(r.value(3) <= 0.3);
        assert_eq!(r.index(0.3), 3);
        assert_eq!(r.decimals(), 1);
        let r = Resolution::new(5.0);
        assert_eq!(r.value(3), 15.0);
        assert_eq!(r.decimals(), 0);
    }

    #[test]
    fn default_resolution_keeps_three_digits() {
        assert_eq!(Resolution::default_for(13.0).step(), 0.1);
        assert_eq!(Resolution::default_for(250.0).step(), 1.0);
        assert!((Resolution::default_for(0.8).step() - 0.001).abs() < 1e-15);
    }
}
