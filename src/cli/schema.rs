//! `trialsim schema scenario|output`: the JSON Schema of scenario files or of the JSON
//! outputs (the files in `schema/`).

use super::args::SchemaArgs;
use trialsim::output::Target;
use trialsim::output::schema::output_schema;
use trialsim::scenario::schema::scenario_schema;

pub fn schema(a: SchemaArgs) -> trialsim::Result<()> {
    let schema = if a.which == "scenario" { scenario_schema() } else { output_schema() };
    Target::new(a.output).write(&(serde_json::to_string_pretty(&schema).expect("a schema serialises") + "\n"))
}
