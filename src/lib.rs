//! trialsim: patient-level Monte Carlo simulation of clinical trials.
//!
//! Data flows one way (`docs/architecture.md`): [`scenario`] (the validated TOML) →
//! [`model`] (one simulated trial, patient by patient) → [`endpoint`] (what each endpoint
//! reads off it) → [`analysis`] (how each comparison decides in one trial) →
//! [`evaluation`] (power, type-I error and distributions over replicates) → [`output`]
//! (table, JSON, CSV, charts, report). [`sweep`] and [`size`] run the evaluation over many
//! scenarios; [`stats`] (the `trialsim-stats` crate) holds the statistics and imports none
//! of this.

// Reference values are quoted digit for digit as R prints them.
#![cfg_attr(test, allow(clippy::excessive_precision))]

pub mod analysis;
pub mod api;
pub mod endpoint;
pub mod error;
pub mod evaluation;
pub mod model;
pub mod output;
pub mod scenario;
pub mod size;
pub mod sweep;

pub use error::{Error, Result, ScenarioError};
pub use scenario::Scenario;
/// The statistics library: tests, intervals, estimates (the `trialsim-stats` crate).
pub use trialsim_stats as stats;
