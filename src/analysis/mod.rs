//! The analysis model: how each comparison of a scenario is decided in one simulated trial.
//! Per endpoint and compared arm a [`Comparison`] holds its decision [`Rule`] (the test's
//! rejection region tabulated once, Welch or ANCOVA, log-rank, Simon's rule) and the
//! intervals it reports; [`analyse`] applies it to a trial and returns its [`Outcome`].

pub mod comparison;
pub mod hazard_ratio;
pub mod intervals;
pub mod look;
pub mod many_to_one;
pub mod mmrm;
pub mod one_trial;
pub mod outcome;
pub mod rule;
pub mod scratch;
pub mod sequential;
pub mod sequential_stop;

pub use comparison::{Comparison, comparisons};
pub use intervals::{IntervalSpec, Method};
pub use many_to_one::JointLevels;
pub use outcome::{Difference, Outcome, Sizes, analyse};
pub use rule::Rule;
pub use scratch::Scratch;
