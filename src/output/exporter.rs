//! The presentations of a run's result.

use super::format::Format;
use super::{json, table};
use crate::evaluation::Evaluation;

/// A way of presenting the result of a run.
pub trait Exporter {
    fn render(&self, evaluation: &Evaluation) -> String;
}

/// The exporter of a format (a run is a table or JSON; CSV is the table).
pub fn exporter(format: Format) -> Box<dyn Exporter> {
    match format {
        Format::Json => Box::new(json::JsonExporter),
        Format::Table | Format::Csv => Box::new(table::TableExporter),
    }
}
