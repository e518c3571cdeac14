//! The JSON Schema of a scenario file, generated from the structures it is read into
//! (`schema/scenario.schema.json`; a test checks that the committed file is current).
//!
//! The schema describes the file's shape: its tables, keys and their types, as TOML
//! converted to JSON. The checks that tie keys together (a level named in an arm's rates
//! exists, rates lie in [0, 1], ...) are the validator's, with the file, line and column.

use super::raw::RawScenario;

/// The scenario schema (JSON Schema draft 2020-12).
pub fn scenario_schema() -> serde_json::Value {
    let mut schema =
        schemars::generate::SchemaSettings::draft2020_12().into_generator().into_root_schema_for::<RawScenario>();
    schema.insert("$id".into(), "https://github.com/trialsim/trialsim/schema/scenario.schema.json".into());
    schema.insert("title".into(), "trialsim scenario".into());
    schema.insert(
        "description".into(),
        "A trialsim scenario file (TOML, here as its JSON equivalent): the trial, the marker and its levels, the arms, the endpoints and the design features. docs/scenario-format.md documents every key.".into(),
    );
    schema.to_value()
}
