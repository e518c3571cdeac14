//! The scenario layer: the TOML file parsed and validated into typed values.
//!
//! Every later layer trusts a [`Scenario`] and never re-checks it. The file format is
//! documented for users in `docs/scenario-format.md`.

pub mod accrual;
pub mod allocation;
pub mod arm;
pub mod axis;
pub mod definition;
pub mod design;
pub mod endpoint;
pub mod event;
pub mod expected_events;
pub mod fingerprint;
pub mod level;
pub mod locate;
pub mod marker;
mod parse;
pub mod path;
pub mod provenance;
mod raw;
pub mod rescue;
pub mod schema;
pub mod score;
pub mod sequential;
mod validate;

pub use arm::Arm;
pub use axis::Axis;
pub use definition::{Origin, Scenario, Simulation};
pub use design::{Design, Multiplicity, SimonRule};
pub use endpoint::{Endpoint, EndpointKind, LevelTime, Missing, Source, SubArmComparison, Visit};
pub use event::{Event, Rerandomisation, SubArm};
pub use level::{Combine, Level, LevelRule, Relative, Threshold};
pub use marker::{Baseline, Direction, Marker, Resolution};
pub use path::ValuePath;
pub use rescue::{Rescue, Strategy, Trigger};
pub use score::{Score, ScoreBaseline};
pub use trialsim_stats::MultiplicityMethod;
