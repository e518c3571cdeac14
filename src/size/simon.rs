//! Simon's optimal and minimax two-stage designs for a single-arm phase II trial, with the
//! inputs checked (the one entry the command line and the R and Python packages share).

use crate::error::{Result, SimonError};
use crate::scenario::provenance::Provenance;
use serde::Serialize;
use trialsim_stats::simon::{SimonDesign, search};

/// The largest `nmax` searched: the search holds 16 nmax^2 bytes of binomial laws (400 MB
/// at 5,000).
pub const NMAX_LIMIT: u32 = 5000;

/// The two designs, with what they were searched for.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct SimonDesigns {
    /// What every output carries; `scenario_sha256` and `seed` are `null` (no scenario, no
    /// random numbers).
    #[serde(flatten)]
    pub provenance: Provenance,
    pub seed: Option<u64>,
    pub p0: f64,
    pub p1: f64,
    pub alpha: f64,
    pub power: f64,
    pub nmax: u32,
    /// Smallest expected size under p0, and smallest total size.
    pub optimal: SimonDesign,
    pub minimax: SimonDesign,
}

/// Simon's designs for response rates `p0 < p1`, type-I error at most `alpha` and power at
/// least `power`, with at most `nmax` patients.
///
/// # Examples
///
/// ```
/// // Simon (1989), Table 1: p0 0.1, p1 0.3, alpha 0.05, power 0.8: optimal 1/10, 5/29.
/// let d = trialsim::size::simon::designs(0.1, 0.3, 0.05, 0.8, 100).unwrap();
/// assert_eq!((d.optimal.r1, d.optimal.n1, d.optimal.r, d.optimal.n), (1, 10, 5, 29));
/// ```
pub fn designs(p0: f64, p1: f64, alpha: f64, power: f64, nmax: u32) -> Result<SimonDesigns> {
    let open = |x: f64| x > 0.0 && x < 1.0;
    if !(open(p0) && open(p1) && open(alpha) && open(power)) || p0 >= p1 {
        return Err(SimonError::Inputs { p0, p1, alpha, power }.into());
    }
    if !(2..=NMAX_LIMIT).contains(&nmax) {
        return Err(SimonError::Nmax { nmax, limit: NMAX_LIMIT }.into());
    }
    let Some((optimal, minimax)) = search(p0, p1, alpha, power, nmax) else {
        return Err(SimonError::NoDesign { nmax, power, alpha }.into());
    };
    Ok(SimonDesigns { provenance: Provenance::new(None), seed: None, p0, p1, alpha, power, nmax, optimal, minimax })
}
