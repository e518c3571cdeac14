//! Sweep axes: a path to a number in the scenario and the values it takes, from a
//! `[[sweep]]` table or a `PATH=VALUES` text (a list `a,b,c` or a range `from:to:step`).

use super::path::ValuePath;
use crate::error::AxisError;

/// Most values one axis may take.
pub const MAX_VALUES: usize = 100_000;

/// One axis of a sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    pub path: ValuePath,
    pub values: Vec<f64>,
}

impl Axis {
    /// Parse `PATH=VALUES`.
    ///
    /// # Examples
    ///
    /// ```
    /// use trialsim::scenario::Axis;
    /// let axis = Axis::parse("arm[*].dropout=0,0.1,0.2").unwrap();
    /// assert_eq!(axis.path.text, "arm[*].dropout");
    /// assert_eq!(axis.values, vec![0.0, 0.1, 0.2]);
    /// assert_eq!(Axis::parse("trial.sample_size=80:140:20").unwrap().values, vec![80.0, 100.0, 120.0, 140.0]);
    /// ```
    pub fn parse(spec: &str) -> Result<Axis, AxisError> {
        let (path, values) = spec.split_once('=').ok_or_else(|| AxisError::Syntax { spec: spec.into() })?;
        let fail = |message| AxisError::Path { path: path.trim().into(), message };
        let path = ValuePath::parse(path).map_err(fail)?;
        sweepable(&path).map_err(fail)?;
        Ok(Axis { path, values: parse_values(values)? })
    }
}

/// Can a sweep vary the number at `path`? Not the simulation's settings (a sweep runs every
/// point with the same replicates and seed) nor the sweep's own tables.
pub fn sweepable(path: &ValuePath) -> Result<(), String> {
    match path.section() {
        "simulation" => Err("the replicates and the seed are the whole sweep's, the same at every point; set them for the run, not as an axis".into()),
        "sweep" => Err("a [[sweep]] table is an axis, not a value of the scenario".into()),
        _ => Ok(()),
    }
}

/// Parse `a,b,c` or `from:to:step` (inclusive of `to` when the steps land on it).
pub fn parse_values(text: &str) -> Result<Vec<f64>, AxisError> {
    let fail = |message: String| AxisError::Values { text: text.into(), message };
    let num = |s: &str| s.trim().parse::<f64>().map_err(|_| fail(format!("`{}` is not a number", s.trim())));
    let parts: Vec<&str> = text.split(':').collect();
    let values = if parts.len() == 3 {
        let (from, to, step) = (num(parts[0])?, num(parts[1])?, num(parts[2])?);
        if !(from.is_finite() && to.is_finite() && step > 0.0 && to >= from) {
            return Err(fail("a range needs finite from <= to and a positive step".into()));
        }
        let count = ((to - from) / step + 1e-9).floor() + 1.0;
        if count > MAX_VALUES as f64 {
            return Err(fail(format!("{count} values; at most {MAX_VALUES}")));
        }
        // Round to the step's decimals so that 0.1:0.3:0.1 gives 0.1, 0.2, 0.3 exactly.
        let scale = 1e12;
        (0..count as usize).map(|i| ((from + i as f64 * step) * scale).round() / scale).collect()
    } else if parts.len() == 1 {
        text.split(',').map(num).collect::<Result<Vec<_>, _>>()?
    } else {
        return Err(fail("expected a list a,b,c or a range from:to:step".into()));
    };
    if let Some(bad) = values.iter().find(|v| !v.is_finite()) {
        return Err(fail(format!("{bad} is not a finite number")));
    }
    if values.len() > MAX_VALUES {
        return Err(fail(format!("{} values; at most {MAX_VALUES}", values.len())));
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_ranges() {
        assert_eq!(parse_values("80:140:20").unwrap(), vec![80.0, 100.0, 120.0, 140.0]);
        assert_eq!(parse_values("0.1:0.3:0.1").unwrap(), vec![0.1, 0.2, 0.3]);
        assert_eq!(parse_values("0.3, 0.35").unwrap(), vec![0.3, 0.35]);
        assert!(parse_values("a,b").is_err());
        assert!(parse_values("1:0:1").is_err());
        assert!(parse_values("0:1:0").is_err());
        assert!(parse_values("inf").is_err());
        assert!(matches!(Axis::parse("trial.sample_size"), Err(AxisError::Syntax { .. })));
        assert!(matches!(Axis::parse("simulation.seed=1,2"), Err(AxisError::Path { .. })));
        assert!(matches!(Axis::parse("simulation.replicates=100,200"), Err(AxisError::Path { .. })));
    }
}
