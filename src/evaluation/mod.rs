//! The evaluation layer: operating characteristics over all replicates.

pub mod atlas;
pub mod engine;
pub mod exact;
pub mod histogram;
pub mod intervals;
pub mod plan;
pub mod report;
pub mod shard;
pub mod tally;
pub mod values;
mod wide;

pub use engine::{DEFAULT_MAX_REPLICATES, Progress, RunSettings, Silent, run, run_tally};
pub use report::Evaluation;

/// The model and plan of a scenario run with `settings` (what `merge` rebuilds).
pub fn model_plan(s: &crate::scenario::Scenario, settings: &RunSettings) -> (crate::model::Model, plan::Plan) {
    let model = crate::model::Model::new(s);
    let plan = plan::Plan::new(s, &model, settings.skip_type1);
    (model, plan)
}
