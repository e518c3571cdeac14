//! The command-line tool's layer over the library: arguments, the progress bar, and one
//! file per command, each reading its arguments, calling the library and writing through
//! one [`trialsim::output::Target`].

pub mod analyse;
pub mod args;
pub mod bar;
pub mod check;
pub mod export;
pub mod merge;
pub mod one_trial;
pub mod report;
pub mod run;
pub mod schema;
pub mod simon;
pub mod size;
pub mod sweep;
pub mod usage;
