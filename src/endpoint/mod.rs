//! The endpoint layer: what each endpoint reads off a simulated trial, one file per kind.

pub mod binary;
pub mod change;
pub mod level_time;
pub mod proportion;
pub mod response;
pub mod score_response;
pub mod strategy;
pub mod sustained;
pub mod time_to_event;

pub use proportion::Proportion;
