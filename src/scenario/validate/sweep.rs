//! `[[sweep]]`: the axes a sweep varies (a `path` and `values = [...]` or `range =
//! "from:to:step"`); `run` ignores them. A path must name a number in this scenario.

use super::checks::{R, Validator, root};
use crate::scenario::axis::{Axis, parse_values, sweepable};
use crate::scenario::path::ValuePath;
use crate::scenario::raw::RawScenario;

impl Validator<'_> {
    pub fn sweep_axes(&self, raw: &RawScenario, text: &str) -> R<Vec<Axis>> {
        if raw.sweep.is_empty() {
            return Ok(Vec::new());
        }
        let doc: toml::Table = toml::from_str(text).map_err(|e| self.err(&root(), e.message().to_string()))?;
        let mut axes = Vec::new();
        for (i, sw) in raw.sweep.iter().enumerate() {
            let path = root().key("sweep").index(i);
            let value_path = ValuePath::parse(&sw.path).map_err(|e| self.err(&path.key("path"), e))?;
            sweepable(&value_path).map_err(|e| self.err(&path.key("path"), e))?;
            let values = match (&sw.values, &sw.range) {
                (Some(v), None) if !v.is_empty() => v.clone(),
                (None, Some(r)) => parse_values(r).map_err(|e| self.err(&path.key("range"), e.to_string()))?,
                _ => return Err(self.err(&path, "a [[sweep]] takes `values = [...]` or `range = \"from:to:step\"`")),
            };
            // The path must reach a number of this scenario that takes every value (tried on a copy).
            let mut copy = doc.clone();
            for &v in &values {
                value_path.set(&mut copy, v).map_err(|e| self.err(&path.key("path"), e))?;
            }
            axes.push(Axis { path: value_path, values });
        }
        Ok(axes)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{VALID, assert_error};

    #[test]
    fn sweep_tables_take_values_or_a_range_on_a_path_that_exists() {
        let sweep = |body: &str| format!("{VALID}\n[[sweep]]\n{body}\n");
        assert_error(&sweep("path = \"trial.sample_size\""), "sweep[0]", "`values = [...]` or `range");
        assert_error(&sweep("path = \"trial.sample_size\"\nrange = \"80:60:10\""), "sweep[0].range", "positive step");
        assert_error(&sweep("path = \"arm[C].dropout\"\nvalues = [0.1]"), "sweep[0].path", "no element named `C`");
        assert_error(&sweep("path = \"trial.sample_size\"\nvalues = [80.5]"), "sweep[0].path", "whole number");
        let seeds =
            format!("{VALID}\n[simulation]\nseed = 1\n\n[[sweep]]\npath = \"simulation.seed\"\nvalues = [1, 2]\n");
        assert_error(&seeds, "sweep[0].path", "the same at every point");
    }
}
