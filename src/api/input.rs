//! Where a scenario comes from: a file, its TOML text, or a nested map (a Python dict or an
//! R list, handed over as JSON).

use crate::error::{Result, ScenarioError};
use crate::scenario::Scenario;
use std::path::{Path, PathBuf};

/// A scenario to load.
#[derive(Debug, Clone)]
pub enum ScenarioInput {
    /// A TOML file; errors name it.
    File(PathBuf),
    /// TOML text; errors name `name` as the file.
    Text { text: String, name: String },
    /// A nested map, as JSON: written as TOML (tables in the order given) and read as text,
    /// so it is checked exactly as a file is; errors name `name` as the file and give the
    /// line and column of that TOML text ([`ScenarioInput::toml`] shows it) and the key.
    Map { map: serde_json::Value, name: String },
}

impl ScenarioInput {
    /// The input the bindings name by `kind`: `file` (`source` is a path), `text` (TOML) or
    /// `json` (a nested map as JSON text); `name` is what errors call text and maps.
    pub fn from_kind(kind: &str, source: &str, name: &str) -> std::result::Result<ScenarioInput, String> {
        Ok(match kind {
            "file" => ScenarioInput::File(PathBuf::from(source)),
            "text" => ScenarioInput::Text { text: source.to_string(), name: name.to_string() },
            "json" => {
                let map = serde_json::from_str(source).map_err(|e| format!("the scenario map is not JSON: {e}"))?;
                ScenarioInput::Map { map, name: name.to_string() }
            }
            other => return Err(format!("unknown scenario kind `{other}`: expected file, text or json")),
        })
    }

    /// The scenario, validated.
    pub fn load(&self) -> Result<Scenario> {
        match self {
            ScenarioInput::File(path) => Scenario::load(path),
            ScenarioInput::Text { text, name } => Ok(Scenario::parse(text, Path::new(name))?),
            ScenarioInput::Map { name, .. } => Ok(Scenario::parse(&self.toml()?, Path::new(name))?),
        }
    }

    /// The TOML text a map is read as (the text itself for text; the file's for a file).
    pub fn toml(&self) -> Result<String> {
        match self {
            ScenarioInput::File(path) => std::fs::read_to_string(path).map_err(|source| crate::Error::Read {
                what: "scenario",
                path: path.clone(),
                source,
            }),
            ScenarioInput::Text { text, .. } => Ok(text.clone()),
            ScenarioInput::Map { map, name } => {
                let not_toml = |message: String| ScenarioError {
                    file: PathBuf::from(name),
                    line: 1,
                    column: 1,
                    key: String::new(),
                    message,
                };
                if !map.is_object() {
                    return Err(not_toml("a scenario map must be a map of tables (trial, marker, ...)".into()).into());
                }
                let value: toml::Value = serde_json::from_value(map.clone()).map_err(|e| {
                    not_toml(format!(
                        "the map cannot be written as TOML: {e} (null values and mixed lists have no TOML form)"
                    ))
                })?;
                toml::to_string(&value).map_err(|e| not_toml(format!("the map cannot be written as TOML: {e}")).into())
            }
        }
    }
}
