//! JSON output: one object, pretty-printed (its fields are documented in docs/model.md).

use super::exporter::Exporter;
use crate::evaluation::Evaluation;

pub struct JsonExporter;

impl Exporter for JsonExporter {
    fn render(&self, evaluation: &Evaluation) -> String {
        let mut text = serde_json::to_string_pretty(evaluation).expect("an evaluation always serialises");
        text.push('\n');
        text
    }
}
