//! Interval estimation judged by simulation: per arm the Wilson and Clopper-Pearson
//! intervals for the rate, for the difference Newcombe's hybrid score and the
//! Miettinen-Nurminen intervals; each replicate's interval either covers the true value
//! or not, and has a width.

use serde::Serialize;
use std::sync::OnceLock;
use trialsim_stats::{clopper_pearson, miettinen_nurminen, newcombe, wilson};

/// Coverage the intervals are built for.
pub const LEVEL: f64 = 0.95;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    Wilson,
    ClopperPearson,
    Newcombe,
    MiettinenNurminen,
    /// The Welch t interval of a difference of mean changes.
    WelchT,
    /// The ANCOVA interval of the adjusted difference.
    Ancova,
    /// The Wald interval of a difference of Kaplan-Meier event probabilities (Greenwood).
    KaplanMeier,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Wilson => "wilson",
            Method::ClopperPearson => "clopper-pearson",
            Method::Newcombe => "newcombe",
            Method::MiettinenNurminen => "miettinen-nurminen",
            Method::WelchT => "welch-t",
            Method::Ancova => "ancova",
            Method::KaplanMeier => "kaplan-meier",
        }
    }

    pub fn is_difference(self) -> bool {
        matches!(
            self,
            Method::Newcombe | Method::MiettinenNurminen | Method::WelchT | Method::Ancova | Method::KaplanMeier
        )
    }

    /// The interval for `x1/d1` (one-sample methods) or `x1/d1 - x2/d2`.
    pub fn bounds(self, x1: u32, d1: u32, x2: u32, d2: u32) -> (f64, f64) {
        let alpha = 1.0 - LEVEL;
        match self {
            Method::Wilson => wilson::interval(x1, d1, alpha),
            Method::ClopperPearson => clopper_pearson::interval(x1 as u64, d1 as u64, alpha),
            // Without patients in an arm the difference is not estimated at all.
            _ if d1 == 0 || d2 == 0 => (-1.0, 1.0),
            Method::Newcombe => newcombe::interval(x1, d1, x2, d2, alpha),
            Method::MiettinenNurminen => miettinen_nurminen::interval(x1, d1, x2, d2, alpha),
            Method::WelchT | Method::Ancova | Method::KaplanMeier => {
                unreachable!("continuous intervals come from their tests")
            }
        }
    }
}

/// One interval judged for one comparison.
#[derive(Debug, Clone)]
pub struct IntervalSpec {
    pub method: Method,
    /// The arm whose rate it estimates (the compared arm for differences).
    pub arm: usize,
    /// The control, for differences.
    pub control: Option<usize>,
    /// The true rate (or difference) of what the endpoint's analysis estimates.
    pub truth: f64,
    /// Bounds for the full denominators, each computed the first time a replicate needs
    /// it (most tables of counts are never reached, and a bound is a pure function of its
    /// cell, so which thread computes it does not matter).
    table: Vec<OnceLock<(f64, f64)>>,
    /// One-sample bounds for every denominator d (cell d (d + 1) / 2 + x), complete case.
    triangle: Vec<OnceLock<(f64, f64)>>,
    d1: u32,
    d2: u32,
}

impl IntervalSpec {
    /// An interval spec with bounds tabulated for denominators `n1` (and `n2`). With
    /// `every_denominator` (complete-case analysis), one-sample intervals are tabulated for
    /// every denominator up to `n1` as well, when that is at most [`MAX_TRIANGLE`] cells.
    /// Cells are filled as replicates reach them.
    pub fn new(
        method: Method,
        arm: usize,
        control: Option<usize>,
        truth: f64,
        n1: u32,
        n2: u32,
        every_denominator: bool,
    ) -> Self {
        let n2_range = if method.is_difference() { n2 } else { 0 };
        let table = (0..(n1 as usize + 1) * (n2_range as usize + 1)).map(|_| OnceLock::new()).collect();
        let cells = (n1 as u64 + 1) * (n1 as u64 + 2) / 2;
        let triangle = if every_denominator && !method.is_difference() && cells <= MAX_TRIANGLE {
            (0..cells).map(|_| OnceLock::new()).collect()
        } else {
            Vec::new()
        };
        IntervalSpec { method, arm, control, truth, table, triangle, d1: n1, d2: n2_range }
    }

    /// The interval of a replicate.
    #[inline]
    pub fn bounds(&self, x1: u32, d1: u32, x2: u32, d2: u32) -> (f64, f64) {
        let difference = self.method.is_difference();
        let d2 = if difference { d2 } else { 0 };
        let compute = || self.method.bounds(x1, d1, x2, d2);
        if d1 == self.d1 && d2 == self.d2 {
            *self.table[(x1 * (self.d2 + 1) + if difference { x2 } else { 0 }) as usize].get_or_init(compute)
        } else if let Some(cell) = self.triangle.get((d1 as usize * (d1 as usize + 1)) / 2 + x1 as usize) {
            *cell.get_or_init(compute)
        } else {
            compute()
        }
    }
}

/// Most cells of the table of one-sample intervals for every denominator.
pub const MAX_TRIANGLE: u64 = 1 << 20;

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
}
