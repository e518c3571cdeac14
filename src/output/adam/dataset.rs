//! One ADaM dataset: its columns (name, label, type) and rows, written as CSV and as CDISC
//! Dataset-JSON 1.1.

use super::super::csv_lines::CsvLines;
use crate::scenario::provenance::Provenance;
use serde_json::{Value, json};

/// The type of a column, as Dataset-JSON names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataType {
    String,
    Integer,
    Double,
}

impl DataType {
    fn as_str(self) -> &'static str {
        match self {
            DataType::String => "string",
            DataType::Integer => "integer",
            DataType::Double => "double",
        }
    }
}

/// A column: its ADaM variable name, label and type.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: String,
    pub label: String,
    pub data_type: DataType,
}

/// A cell: text, an integer, a double, or missing (empty in CSV, `null` in JSON).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Integer(i64),
    Double(f64),
    Missing,
}

impl Cell {
    fn csv(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Integer(i) => i.to_string(),
            Cell::Double(x) => format!("{x}"),
            Cell::Missing => String::new(),
        }
    }

    fn json(&self) -> Value {
        match self {
            Cell::Text(s) => json!(s),
            Cell::Integer(i) => json!(i),
            Cell::Double(x) => json!(x),
            Cell::Missing => Value::Null,
        }
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl From<f64> for Cell {
    fn from(x: f64) -> Cell {
        if x.is_finite() { Cell::Double(x) } else { Cell::Missing }
    }
}

impl From<Option<f64>> for Cell {
    fn from(x: Option<f64>) -> Cell {
        x.map_or(Cell::Missing, Cell::from)
    }
}

/// One dataset.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// The dataset name, upper case (`ADSL`); files are named in lower case.
    pub name: String,
    pub label: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

/// Where the datasets come from, for Dataset-JSON's metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct Origin {
    /// `trial.name`.
    pub study: String,
    /// The time the files are said to be made, ISO 8601 in UTC.
    pub created: String,
    pub provenance: Provenance,
    pub seed: u64,
    pub replicate: u64,
}

impl Dataset {
    pub fn new(name: &str, label: &str, columns: Vec<Column>) -> Dataset {
        Dataset { name: name.to_string(), label: label.to_string(), columns, rows: Vec::new() }
    }

    /// Add a row (one cell per column).
    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.columns.len(), "{}: a row of {} cells", self.name, row.len());
        self.rows.push(row);
    }

    /// The dataset as CSV: a header of the variable names, then one line per row.
    pub fn csv(&self) -> String {
        let mut csv = CsvLines::new();
        csv.record(self.columns.iter().map(|c| c.name.as_str()));
        for row in &self.rows {
            csv.record(row.iter().map(Cell::csv));
        }
        csv.finish()
    }

    /// The dataset as CDISC Dataset-JSON 1.1.
    pub fn dataset_json(&self, origin: &Origin) -> String {
        let columns: Vec<Value> = self
            .columns
            .iter()
            .map(|c| {
                json!({
                    "itemOID": format!("IT.{}.{}", self.name, c.name),
                    "name": c.name,
                    "label": c.label,
                    "dataType": c.data_type.as_str(),
                })
            })
            .collect();
        let rows: Vec<Value> = self.rows.iter().map(|r| Value::Array(r.iter().map(Cell::json).collect())).collect();
        let document = json!({
            "datasetJSONCreationDateTime": origin.created,
            "datasetJSONVersion": "1.1.0",
            "fileOID": format!("trialsim.{}.seed{}.replicate{}.{}", origin.study, origin.seed, origin.replicate, self.name),
            "originator": "trialsim",
            "sourceSystem": { "name": "trialsim", "version": origin.provenance.trialsim_version },
            "studyOID": origin.study,
            "metaDataVersionOID": format!("trialsim-scenario-sha256-{}", origin.provenance.scenario_sha256.as_deref().unwrap_or("")),
            "itemGroupOID": format!("IG.{}", self.name),
            "records": self.rows.len(),
            "name": self.name,
            "label": self.label,
            "columns": columns,
            "rows": rows,
        });
        serde_json::to_string(&document).expect("a dataset serialises") + "\n"
    }
}

/// A column of text.
pub fn text(name: &str, label: &str) -> Column {
    Column { name: name.to_string(), label: label.to_string(), data_type: DataType::String }
}

/// A column of integers.
pub fn integer(name: &str, label: &str) -> Column {
    Column { name: name.to_string(), label: label.to_string(), data_type: DataType::Integer }
}

/// A column of doubles.
pub fn double(name: &str, label: &str) -> Column {
    Column { name: name.to_string(), label: label.to_string(), data_type: DataType::Double }
}
