//! Sweeps: one scenario over a grid of values, every point on the same random streams
//! (common random numbers), handed out point by point in grid order so that a killed sweep
//! can be resumed into exactly the file an uninterrupted one writes.

pub mod grid;
pub mod run;

pub use grid::{Grid, Point};
pub use run::run;
