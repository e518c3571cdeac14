//! The JSON Schema of trialsim's JSON outputs (`schema/output.schema.json`; a test checks
//! that the committed file is current): a run (`run`, `merge`, a shard), a sample-size
//! search (`size`), Simon's designs (`simon`), one line of a sweep (`sweep --format
//! json`) or one replicate's analysis (`analyse --format json`). Each carries `schema_version`, `trialsim_version`, `seed` and
//! `scenario_sha256`.

use super::sweep_rows::JsonRow;
use crate::analysis::one_trial::TrialAnalysis;
use crate::evaluation::Evaluation;
use crate::size::SizeResult;
use crate::size::simon::SimonDesigns;
use schemars::{JsonSchema, Schema, SchemaGenerator};

/// Any JSON output of trialsim.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code, clippy::large_enum_variant)] // never built: its schema is the point
enum Output<'a> {
    /// `trialsim run --format json`, `merge`, and a shard of `run --shard` (with `shard`).
    Run(Evaluation),
    /// `trialsim size --format json`.
    Size(SizeResult),
    /// `trialsim simon --format json`.
    Simon(SimonDesigns),
    /// One line of `trialsim sweep --format json`.
    SweepRow(JsonRow<'a>),
    /// `trialsim analyse --format json`: one replicate's analysis.
    Analysis(TrialAnalysis),
}

/// The output schema (JSON Schema draft 2020-12), for what the outputs serialise.
pub fn output_schema() -> serde_json::Value {
    let generator: SchemaGenerator =
        schemars::generate::SchemaSettings::draft2020_12().for_serialize().into_generator();
    let mut schema: Schema = generator.into_root_schema_for::<Output>();
    schema.insert("$id".into(), "https://github.com/trialsim/trialsim/schema/output.schema.json".into());
    schema.insert("title".into(), "trialsim output".into());
    schema.insert(
        "description".into(),
        "A JSON output of trialsim: a run, a sample-size search, Simon's designs, one sweep row or one replicate's analysis. docs/model.md documents every field.".into(),
    );
    schema.to_value()
}
