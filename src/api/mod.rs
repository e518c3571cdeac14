//! One library API for every caller that is not the command line: the R and Python
//! packages call these functions and nothing else, so there is one engine and the numbers
//! they return are the command line's.
//!
//! Every call takes its scenario as a [`ScenarioInput`] (a file, TOML text, or a nested map
//! as JSON), takes the run's options as [`Options`], and returns the typed values the JSON
//! outputs are made from ([`Evaluation`], [`SizeResult`], [`SimonDesigns`], sweep rows), or
//! the export's CSV text. A long call can be stopped from another thread with an
//! [`Interrupt`]; it then returns [`crate::Error::Interrupted`].

pub mod calls;
pub mod input;
pub mod interrupt;

pub use calls::{Options, Sweep, check, export, run, simon, size, sweep};
pub use input::ScenarioInput;
pub use interrupt::Interrupt;

pub use crate::evaluation::Evaluation;
pub use crate::size::SizeResult;
pub use crate::size::simon::SimonDesigns;
