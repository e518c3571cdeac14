//! trialsim: patient-level Monte Carlo simulation of clinical trials.
//!
//! Data flows one way: [`scenario`] (the validated TOML) → [`model`] (simulated patients)
//! → [`endpoint`] (what each endpoint reads off them) → [`analysis`] (the tests) →
//! [`evaluation`] (power, type-I error and rate distributions over replicates) →
//! [`output`] (table and JSON).

// Reference values are quoted digit for digit as R prints them.
#![cfg_attr(test, allow(clippy::excessive_precision))]

pub mod endpoint;
pub mod error;
pub mod evaluation;
pub mod model;
pub mod output;
pub mod scenario;
pub mod sweep;

pub use error::{Error, Result, ScenarioError};
pub use scenario::Scenario;
/// The statistics library: tests, intervals, estimates (the `trialsim-stats` crate).
pub use trialsim_stats as stats;
