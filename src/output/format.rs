//! The output formats; each command accepts the ones that fit it.

use super::exporter::Exporter;
use super::{json, table};
use std::fmt;
use std::str::FromStr;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Aligned columns for people.
    #[default]
    Table,
    /// JSON: one object (a run), or one object per line (a sweep).
    Json,
    /// Comma-separated values with a header (a sweep).
    Csv,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Table, Format::Json, Format::Csv];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Csv => "csv",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Format, String> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| format!("unknown format `{s}`; expected table, json or csv"))
    }
}

/// The exporter of a run's result in a format (a run is a table or JSON; CSV is the table).
pub fn exporter(format: Format) -> Box<dyn Exporter> {
    match format {
        Format::Json => Box::new(json::JsonExporter),
        Format::Table | Format::Csv => Box::new(table::TableExporter),
    }
}
