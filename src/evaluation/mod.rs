//! The evaluation layer: operating characteristics over all replicates.

pub mod engine;
pub mod histogram;
pub mod plan;
pub mod report;
pub mod tally;

pub use engine::{Progress, RunSettings, Silent, run};
pub use report::Evaluation;
