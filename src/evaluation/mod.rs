//! The evaluation layer: the simulation experiment over all replicates (the scenario's
//! world and the null worlds), its integer tally, and the result with every operating
//! characteristic's Monte Carlo error.

pub mod above_alpha;
pub mod atlas;
pub mod engine;
pub mod evaluate;
pub mod exact;
pub mod exact_arms;
pub mod exact_scenario;
pub mod family;
pub mod histogram;
pub mod interval_tally;
pub mod memory;
pub mod null_world;
pub mod patients;
pub mod plan;
pub mod progress;
pub mod result;
pub mod run;
pub mod sequential;
pub mod settings;
pub mod shard;
pub mod tally;
pub mod values;
pub mod verify;
mod wide;

pub use engine::{Simulated, simulate};
pub use evaluate::evaluate;
pub use progress::{Progress, Silent};
pub use result::Evaluation;
pub use run::run;
pub use settings::{DEFAULT_MAX_REPLICATES, RunSettings, Shard};
