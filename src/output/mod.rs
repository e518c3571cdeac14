//! The output layer: pure functions of an [`Evaluation`], one file per format.

pub mod design;
pub mod export;
pub mod json;
pub mod report;
pub mod simon;
pub mod svg;
pub mod table;
mod text;
pub mod write;

use crate::evaluation::Evaluation;

/// A way of presenting the result of a run.
pub trait Exporter {
    fn render(&self, evaluation: &Evaluation) -> String;
}

/// The formats of `trialsim run --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Table,
    Json,
}

/// The exporter of a format.
pub fn exporter(format: Format) -> Box<dyn Exporter> {
    match format {
        Format::Table => Box::new(table::TableExporter),
        Format::Json => Box::new(json::JsonExporter),
    }
}
