//! Reading a scenario: TOML text, then serde's raw structures, then the validated
//! [`Scenario`], every error located in the file. A sweep's grid point is the same document
//! with numbers replaced, validated against the original text so that its errors point
//! into the file the user wrote.

use super::axis::Axis;
use super::definition::{Origin, Scenario};
use super::locate::{KeyPath, Locator, line_col};
use super::raw::RawScenario;
use super::validate::{self, Validator};
use crate::error::{AxisError, Error, Result, ScenarioError};
use std::path::Path;
use toml::de::DeTable;

impl Scenario {
    /// Read and validate a scenario file.
    pub fn load(path: &Path) -> Result<Scenario> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            what: "scenario",
            path: path.into(),
            source,
        })?;
        Ok(Scenario::parse(&text, path)?)
    }

    /// Validate scenario text; `file` names it in errors.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::path::Path;
    /// use trialsim::Scenario;
    /// let text = std::fs::read_to_string("scenarios/NCT05694130.toml").unwrap();
    /// let s = Scenario::parse(&text, Path::new("NCT05694130.toml")).unwrap();
    /// assert_eq!(s.arms[0].n, 55);
    /// let bad = text.replace("persistence = 0.7", "persistance = 0.7");
    /// let e = Scenario::parse(&bad, Path::new("NCT05694130.toml")).unwrap_err();
    /// assert_eq!(e.key, "marker.persistance");
    /// ```
    pub fn parse(text: &str, file: &Path) -> std::result::Result<Scenario, ScenarioError> {
        let locator = locator(text, file)?;
        let v = Validator { file, locator: &locator };
        let raw: RawScenario = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            let (line, column) = locator.line_col(offset);
            let key = locator.path_at(offset).to_string();
            ScenarioError { file: file.into(), line, column, key, message: explain_serde(e.message()) }
        })?;
        validate::scenario(&v, raw, Origin { file: file.into(), text: text.into() })
    }

    /// This scenario with the numbers at the axes' paths set to `values` (a point of a sweep
    /// or of a sample-size search). An invalid point is an error at the key in the original
    /// file, naming the point.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::path::Path;
    /// use trialsim::scenario::{Axis, Scenario};
    /// let s = Scenario::load(Path::new("scenarios/NCT05694130.toml")).unwrap();
    /// let axis = Axis::parse("trial.sample_size=80").unwrap();
    /// assert_eq!(s.at(&[axis.clone()], &[80.0]).unwrap().arms[0].n, 40);
    /// let e = s.at(&[axis], &[0.0]).unwrap_err().to_string();
    /// assert!(e.contains("key `trial.sample_size`") && e.contains("at the point trial.sample_size = 0"), "{e}");
    /// ```
    pub fn at(&self, axes: &[Axis], values: &[f64]) -> Result<Scenario> {
        let origin = &self.origin;
        let mut doc: toml::Table = toml::from_str(&origin.text).expect("the text of a validated scenario");
        let mut changed: Vec<KeyPath> = Vec::new();
        for (axis, &value) in axes.iter().zip(values) {
            let at = axis
                .path
                .set(&mut doc, value)
                .map_err(|message| AxisError::Path { path: axis.path.text.clone(), message })?;
            changed.extend(at);
        }
        let point: Vec<String> = axes.iter().zip(values).map(|(a, v)| format!("{} = {v}", a.path.text)).collect();
        let in_context = |mut e: ScenarioError| {
            e.message = format!("{} (at the point {})", e.message, point.join(", "));
            e
        };
        let locator = locator(&origin.text, &origin.file)?;
        let v = Validator { file: &origin.file, locator: &locator };
        let text = toml::to_string(&doc).expect("a TOML table serialises");
        let raw: RawScenario = toml::Value::Table(doc)
            .try_into()
            .map_err(|e: toml::de::Error| in_context(v.err(&changed[0], explain_serde(e.message()))))?;
        Ok(validate::scenario(&v, raw, Origin { file: origin.file.clone(), text }).map_err(in_context)?)
    }
}

/// The located document, or the TOML syntax error.
fn locator<'t>(text: &'t str, file: &Path) -> std::result::Result<Locator<'t>, ScenarioError> {
    let root = DeTable::parse(text).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |s| line_col(text, s.start));
        ScenarioError {
            file: file.into(),
            line,
            column,
            key: String::new(),
            message: format!("not valid TOML: {}", e.message().trim()),
        }
    })?;
    Ok(Locator::new(text, root))
}

/// Serde's messages in the words of the file: no Rust type names, and a hint where one
/// helps.
fn explain_serde(message: &str) -> String {
    let message = message.trim();
    if message.starts_with("unknown field") {
        return format!("{message} (keys are case-sensitive; docs/scenario-format.md lists every key)");
    }
    let typed = message.strip_prefix("invalid type: ").or_else(|| message.strip_prefix("invalid value: "));
    let Some((found, expected)) = typed.and_then(|t| t.rsplit_once(", expected ")) else {
        return message.to_string();
    };
    let expected = match expected.trim() {
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number of 0 or more",
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number",
        "f32" | "f64" => "a number",
        "a boolean" => "true or false",
        "a sequence" => "a list, e.g. [0, 4, 8]",
        "a string" => "text in quotes",
        e if e.starts_with("struct") || e == "a map" => "a table, e.g. { key = value }",
        e => e,
    };
    // `floating point `1.5``, `integer `-3``, `string "23"`, `map`, `sequence`, `boolean `true``
    let value = |kind: &str| found.strip_prefix(kind).map(|v| v.trim().trim_matches('`').to_string());
    let found = if let Some(v) = value("floating point") {
        v
    } else if let Some(v) = value("integer") {
        v
    } else if let Some(v) = value("boolean") {
        v
    } else if let Some(v) = value("string") {
        format!("the text {v}, in quotes (write numbers and true or false without quotes)")
    } else if found == "map" {
        "a table".to_string()
    } else if found == "sequence" {
        "a list".to_string()
    } else {
        found.to_string()
    };
    format!("expected {expected}, found {found}")
}

#[cfg(test)]
mod tests {
    use super::explain_serde;

    #[test]
    fn serde_messages_name_no_rust_type() {
        let cases = [
            ("invalid type: floating point `23.5`, expected u32", "expected a whole number of 0 or more, found 23.5"),
            ("invalid value: integer `-3`, expected u32", "expected a whole number of 0 or more, found -3"),
            ("invalid type: integer `1`, expected a boolean", "expected true or false, found 1"),
            ("invalid type: integer `4`, expected a sequence", "expected a list, e.g. [0, 4, 8], found 4"),
            ("invalid type: map, expected f64", "expected a number, found a table"),
        ];
        for (serde, ours) in cases {
            assert_eq!(explain_serde(serde), ours);
        }
        assert!(
            explain_serde("invalid type: string \"23\", expected u32").contains("found the text \"23\", in quotes")
        );
    }
}
