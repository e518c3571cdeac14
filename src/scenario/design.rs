//! The trial design: parallel arms or one arm, Simon's two-stage rule, and the
//! multiplicity family.

use serde::Deserialize;
use trialsim_stats::MultiplicityMethod;

/// Parallel arms against a control, or one arm against a null rate.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Design {
    #[default]
    Parallel,
    SingleArm,
    /// A single arm in two stages with Simon's stopping rule (`[simon]`).
    SimonTwoStage,
}

impl Design {
    pub fn as_str(self) -> &'static str {
        match self {
            Design::Parallel => "parallel",
            Design::SingleArm => "single-arm",
            Design::SimonTwoStage => "simon-two-stage",
        }
    }

    /// One arm, tested against null rates.
    pub fn is_single_arm(self) -> bool {
        !matches!(self, Design::Parallel)
    }
}

/// The two-stage rule of a `simon-two-stage` design, applied to one response endpoint:
/// stop after the first `n1` patients if at most `r1` respond; with all `n` patients,
/// declare the treatment active if more than `r` respond.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SimonRule {
    pub endpoint: usize,
    pub n1: u32,
    pub r1: u32,
    pub n: u32,
    pub r: u32,
}

/// Which partial null configurations of a family are simulated.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PartialNulls {
    /// Each hypothesis true alone, the others as the scenario assumes: one world each.
    #[default]
    Single,
    /// Every non-empty proper subset of the hypotheses true: 2^k - 2 worlds.
    All,
    /// None: the global null only.
    None,
}

/// Families of at most this many hypotheses may ask for every partial null configuration
/// (2^8 - 2 = 254 worlds, each as costly as the scenario's).
pub const MAX_ALL_PARTIAL_NULLS: usize = 8;

/// A family of endpoints (in order, for fixed-sequence) and its rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Multiplicity {
    pub method: MultiplicityMethod,
    pub endpoints: Vec<usize>,
    pub partial_nulls: PartialNulls,
    /// The family-wise level: the endpoints' common alpha.
    pub alpha: f64,
}
