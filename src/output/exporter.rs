//! The presentations of a run's result, one file per format (`table.rs`, `json.rs`).

use crate::evaluation::Evaluation;

/// A way of presenting the result of a run.
pub trait Exporter {
    fn render(&self, evaluation: &Evaluation) -> String;
}
