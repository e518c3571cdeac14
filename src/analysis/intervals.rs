//! The intervals a comparison reports in each trial: per arm the Wilson and
//! Clopper-Pearson intervals for the rate, for the difference Newcombe's hybrid score and
//! the Miettinen-Nurminen intervals; for a difference of mean changes or of Kaplan-Meier
//! event probabilities the intervals its analysis gives (the evaluation judges their
//! coverage and width).

use serde::Serialize;
use std::sync::OnceLock;
use trialsim_stats::decision::MAX_TABLE;
use trialsim_stats::{CONFIDENCE, clopper_pearson, miettinen_nurminen, newcombe, wilson};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
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
    /// The MMRM's t interval of the arms' contrast at the endpoint's visit (Satterthwaite's
    /// degrees of freedom).
    Mmrm,
    /// The t interval of a difference of mean changes with the variance pooled over every
    /// arm.
    PooledT,
    /// The t interval of the slope of the mean change on the dose (the linear-trend
    /// contrast).
    LinearTrend,
    /// The Wald interval of a difference of Kaplan-Meier event probabilities (Greenwood).
    KaplanMeier,
    /// The inversion of the rate-difference test: the differences of Kaplan-Meier event
    /// probabilities it does not reject, at the test's level.
    KaplanMeierScore,
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
            Method::Mmrm => "mmrm",
            Method::PooledT => "pooled-t",
            Method::LinearTrend => "linear-trend",
            Method::KaplanMeier => "kaplan-meier",
            Method::KaplanMeierScore => "kaplan-meier-score",
        }
    }

    pub fn is_difference(self) -> bool {
        matches!(
            self,
            Method::Newcombe
                | Method::MiettinenNurminen
                | Method::WelchT
                | Method::Ancova
                | Method::Mmrm
                | Method::PooledT
                | Method::LinearTrend
                | Method::KaplanMeier
                | Method::KaplanMeierScore
        )
    }

    /// The interval for `x1/d1` (one-sample methods) or `x1/d1 - x2/d2`.
    pub fn bounds(self, x1: u32, d1: u32, x2: u32, d2: u32) -> (f64, f64) {
        let alpha = 1.0 - CONFIDENCE;
        match self {
            Method::Wilson => wilson::interval(x1, d1, alpha),
            Method::ClopperPearson => clopper_pearson::interval(x1 as u64, d1 as u64, alpha),
            // Without patients in an arm the difference is not estimated at all.
            _ if d1 == 0 || d2 == 0 => (-1.0, 1.0),
            Method::Newcombe => newcombe::interval(x1, d1, x2, d2, alpha),
            Method::MiettinenNurminen => miettinen_nurminen::interval(x1, d1, x2, d2, alpha),
            Method::WelchT
            | Method::Ancova
            | Method::Mmrm
            | Method::PooledT
            | Method::LinearTrend
            | Method::KaplanMeier
            | Method::KaplanMeierScore => {
                unreachable!("continuous intervals come from their analyses")
            }
        }
    }
}

/// One interval a comparison reports.
#[derive(Debug, Clone)]
pub struct IntervalSpec {
    pub method: Method,
    /// The arm whose rate it estimates (the compared arm for differences).
    pub arm: usize,
    /// The control, for differences.
    pub control: Option<usize>,
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
    pub fn new(method: Method, arm: usize, control: Option<usize>, n1: u32, n2: u32, every_denominator: bool) -> Self {
        let n2_range = if method.is_difference() { n2 } else { 0 };
        let cells = (n1 as u64 + 1) * (n2_range as u64 + 1);
        // Larger tables (arms of thousands) are computed directly, as decisions are.
        let table = if cells <= MAX_TABLE { (0..cells).map(|_| OnceLock::new()).collect() } else { Vec::new() };
        let cells = (n1 as u64 + 1) * (n1 as u64 + 2) / 2;
        let triangle = if every_denominator && !method.is_difference() && cells <= MAX_TRIANGLE {
            (0..cells).map(|_| OnceLock::new()).collect()
        } else {
            Vec::new()
        };
        IntervalSpec { method, arm, control, table, triangle, d1: n1, d2: n2_range }
    }

    /// The interval of a replicate.
    #[inline]
    pub fn bounds(&self, x1: u32, d1: u32, x2: u32, d2: u32) -> (f64, f64) {
        let difference = self.method.is_difference();
        let d2 = if difference { d2 } else { 0 };
        let compute = || self.method.bounds(x1, d1, x2, d2);
        if d1 == self.d1 && d2 == self.d2 && !self.table.is_empty() {
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
