//! The data model: one simulated trial, patient by patient and visit by visit.
//!
//! Per patient: a reported baseline, an AR(1) standard-normal latent score per
//! post-baseline visit, the level whose band holds the score, a value inside the
//! patient's own interval for that level, and an exponential dropout time. The model is
//! documented for users in `docs/model.md`.

pub mod accrual;
pub mod alias;
pub mod baseline;
pub mod exp;
pub mod ln;
pub mod rescue;
pub mod score;
pub mod setup;
pub mod stream;
pub mod time_cut;
pub mod trial;
pub mod value;
pub mod world;

pub use setup::Model;
pub use trial::{MISSING, TrialBuffer};
pub use world::World;
