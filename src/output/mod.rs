//! The output layer: pure functions of results, one file per format, and the one place
//! outputs are written ([`target`]).

pub mod adam;
pub mod analysis;
pub mod charts;
pub mod csv_lines;
pub mod design;
pub mod export;
pub mod exporter;
pub mod family_table;
pub mod format;
pub mod hazard_table;
pub mod intercurrent_table;
pub mod json;
pub mod mmrm_table;
pub mod power_curves;
pub mod report;
pub mod schema;
pub mod sections;
pub mod sequential_table;
pub mod simon;
pub mod size;
pub mod svg;
pub mod sweep_file;
pub mod sweep_rows;
pub mod table;
pub mod target;
mod text;

pub use exporter::Exporter;
pub use format::{Format, exporter};
pub use target::Target;
