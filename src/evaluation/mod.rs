//! The evaluation layer: operating characteristics over all replicates.

pub mod atlas;
pub mod engine;
pub mod exact;
pub mod histogram;
pub mod intervals;
pub mod plan;
pub mod report;
pub mod tally;
pub mod values;

pub use engine::{DEFAULT_MAX_REPLICATES, Progress, RunSettings, Silent, run};
pub use report::Evaluation;
