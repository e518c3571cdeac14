//! trialsim-stats: the statistics trialsim's simulations are judged with, one file per test
//! or interval, importing nothing of the simulator.
//!
//! Two-sample tests compare the arm (group 1) with the control (group 2); the alternative
//! is about the arm's rate minus the control's. A test whose statistic is undefined (for
//! example no responders in any arm) returns `None` and does not reject. Every operating
//! characteristic a simulation reports is an [`Estimate`] (point, Monte Carlo standard
//! error and interval at [`CONFIDENCE`]); every distribution over replicates a [`Summary`].
//!
//! Reference values in the examples and tests are quoted digit for digit as R prints them.
#![cfg_attr(test, allow(clippy::excessive_precision))]

pub mod alternative;
pub mod ancova;
pub mod binomial;
pub mod boundary;
pub mod chi_square;
pub mod clopper_pearson;
pub mod cochran_armitage;
pub mod cox;
pub mod decision;
pub mod dunnett;
pub mod estimate;
pub mod fisher;
pub mod group_sequential;
pub mod kaplan_meier;
pub mod log_rank;
pub mod miettinen_nurminen;
pub mod mmrm;
pub mod multiplicity;
pub mod newcombe;
pub mod p_value;
pub mod pooled_t;
pub mod quadrature;
pub mod quantile;
pub mod rate_difference;
pub mod sample;
pub mod score;
pub mod sequential_binomial;
pub mod simon;
pub mod special;
pub mod spending;
pub mod student_t;
pub mod summary;
pub mod test;
pub mod welch;
pub mod wilson;
pub mod z_test;

pub use alternative::Alternative;
pub use estimate::{CONFIDENCE, Estimate, Interval, Z_CONFIDENCE};
pub use multiplicity::MultiplicityMethod;
pub use p_value::{one_sample_p_value, rejects, two_sample_p_value};
pub use summary::Summary;
pub use test::Test;
