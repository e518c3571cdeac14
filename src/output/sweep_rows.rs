//! A sweep's tidy output: one row per grid point and endpoint entry, as CSV (`point`, the
//! varied values, `endpoint`, `arm`, `power`, `power_ci95_lo`, `power_ci95_hi`,
//! `type1_error`, `exact_power`, `replicates`, `scenario`, `run`, `seed`,
//! `scenario_sha256`, `schema_version`, `trialsim_version`) or as JSON lines (the
//! varied values under `values`, the interval as `power_ci95`); and the same rows read back
//! (to resume a sweep, or to draw its power curves). `scenario` is the fingerprint of the
//! scenario file's text, `run` that of the whole sweep (scenario, seed, replicates, null
//! twin, format, axes and points).

use super::csv_lines::CsvLines;
use super::format::Format;
use crate::error::{Error, Result, SweepFileError};
use crate::evaluation::Evaluation;
use crate::scenario::provenance::SCHEMA_VERSION;
use crate::scenario::{Axis, Scenario};
use crate::sweep::Point;
use std::path::Path;
use trialsim_stats::Interval;

/// The columns after the point and the varied values.
const COLUMNS: [&str; 14] = [
    "endpoint",
    "arm",
    "power",
    "power_ci95_lo",
    "power_ci95_hi",
    "type1_error",
    "exact_power",
    "replicates",
    "scenario",
    "run",
    "seed",
    "scenario_sha256",
    "schema_version",
    "trialsim_version",
];

/// One row of a sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepRow {
    pub point: usize,
    /// The value of each axis at the point.
    pub values: Vec<f64>,
    pub endpoint: String,
    pub arm: String,
    pub power: f64,
    pub power_ci95: Interval,
    pub type1_error: Option<f64>,
    pub exact_power: Option<f64>,
    pub replicates: u64,
    /// The fingerprints of the scenario text and of the sweep.
    pub scenario: String,
    pub run: String,
    /// The run's seed and the SHA-256 of the scenario text (see `scenario::provenance`).
    pub seed: u64,
    pub scenario_sha256: String,
}

/// What every row of one sweep carries: the fingerprints of its scenario and of itself,
/// the seed and the SHA-256 of the scenario text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub scenario: String,
    pub run: String,
    pub seed: u64,
    pub scenario_sha256: String,
}

/// The rows of one point: one per endpoint entry, then with looks one for the
/// group-sequential design (`endpoint` named `NAME (group-sequential)`; its power and
/// type-I error are the design's, over all looks).
pub fn rows(point: &Point, e: &Evaluation, stamp: &Stamp) -> Vec<SweepRow> {
    let sequential = e.sequential.iter().map(|g| SweepRow {
        point: point.index,
        values: point.values.clone(),
        endpoint: format!("{} (group-sequential)", g.endpoint),
        arm: g.arm.clone(),
        power: g.power.estimate,
        power_ci95: g.power.ci,
        type1_error: g.type1_error.map(|t| t.estimate),
        exact_power: None,
        replicates: e.replicates,
        scenario: stamp.scenario.clone(),
        run: stamp.run.clone(),
        seed: stamp.seed,
        scenario_sha256: stamp.scenario_sha256.clone(),
    });
    e.endpoints
        .iter()
        .map(|r| SweepRow {
            point: point.index,
            values: point.values.clone(),
            endpoint: r.name.clone(),
            arm: r.arm.clone(),
            power: r.power.estimate,
            power_ci95: r.power.ci,
            type1_error: r.type1_error.map(|t| t.estimate),
            exact_power: r.exact_power,
            replicates: e.replicates,
            scenario: stamp.scenario.clone(),
            run: stamp.run.clone(),
            seed: stamp.seed,
            scenario_sha256: stamp.scenario_sha256.clone(),
        })
        .chain(sequential)
        .collect()
}

/// The header of a format (empty for JSON lines).
pub fn header(format: Format, axes: &[Axis]) -> String {
    if format != Format::Csv {
        return String::new();
    }
    let mut csv = CsvLines::new();
    csv.record(["point"].into_iter().chain(axes.iter().map(|a| a.path.text.as_str())).chain(COLUMNS));
    csv.finish()
}

fn num(x: Option<f64>) -> String {
    x.map_or(String::new(), |v| format!("{v}"))
}

/// Rows as text: CSV lines, or one JSON object per line.
pub fn render(format: Format, axes: &[Axis], rows: &[SweepRow]) -> String {
    if format == Format::Csv {
        let mut csv = CsvLines::new();
        for r in rows {
            let mut cols = vec![r.point.to_string()];
            cols.extend(r.values.iter().map(|v| format!("{v}")));
            cols.extend([r.endpoint.clone(), r.arm.clone()]);
            cols.extend([r.power, r.power_ci95.lo, r.power_ci95.hi].map(|v| format!("{v}")));
            cols.extend([num(r.type1_error), num(r.exact_power), r.replicates.to_string()]);
            cols.extend([r.scenario.clone(), r.run.clone(), r.seed.to_string(), r.scenario_sha256.clone()]);
            cols.extend([SCHEMA_VERSION.to_string(), env!("CARGO_PKG_VERSION").to_string()]);
            csv.record(cols);
        }
        return csv.finish();
    }
    let mut out = String::new();
    for r in rows {
        let row = JsonRow {
            arm: &r.arm,
            endpoint: &r.endpoint,
            exact_power: r.exact_power,
            point: r.point,
            power: r.power,
            power_ci95: r.power_ci95,
            replicates: r.replicates,
            run: &r.run,
            scenario: &r.scenario,
            scenario_sha256: &r.scenario_sha256,
            schema_version: SCHEMA_VERSION,
            seed: r.seed,
            trialsim_version: env!("CARGO_PKG_VERSION"),
            type1_error: r.type1_error,
            values: axes.iter().zip(&r.values).map(|(a, &v)| (a.path.text.as_str(), v)).collect(),
        };
        out.push_str(&serde_json::to_string(&row).expect("a sweep row serialises"));
        out.push('\n');
    }
    out
}

/// One sweep row as a JSON line (its keys in alphabetical order).
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct JsonRow<'a> {
    pub arm: &'a str,
    pub endpoint: &'a str,
    pub exact_power: Option<f64>,
    pub point: usize,
    pub power: f64,
    pub power_ci95: Interval,
    pub replicates: u64,
    /// The fingerprint (FNV-1a) of the whole sweep: scenario, seed, replicates, null twin,
    /// format, axes and points.
    pub run: &'a str,
    /// The fingerprint (FNV-1a) of the scenario text.
    pub scenario: &'a str,
    pub scenario_sha256: &'a str,
    pub schema_version: u32,
    pub seed: u64,
    pub trialsim_version: &'a str,
    pub type1_error: Option<f64>,
    /// The value of each varied path at the point.
    pub values: std::collections::BTreeMap<&'a str, f64>,
}

/// Split a CSV line into fields.
fn fields(line: &str) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(line.as_bytes());
    reader.records().next().and_then(|r| r.ok()).map_or_else(Vec::new, |r| r.iter().map(String::from).collect())
}

/// Read one row back, its values those of the paths `axes` (`None` for a line that is not
/// a whole row).
pub fn parse(format: Format, axes: &[String], line: &str) -> Option<SweepRow> {
    if format == Format::Csv {
        let axes = axes.len();
        let f = fields(line);
        if f.len() != 1 + axes + COLUMNS.len() {
            return None;
        }
        let number = |s: &str| s.parse::<f64>().ok();
        let optional = |s: &str| if s.is_empty() { Some(None) } else { number(s).map(Some) };
        let c = &f[1 + axes..];
        Some(SweepRow {
            point: f[0].parse().ok()?,
            values: f[1..=axes].iter().map(|v| number(v)).collect::<Option<_>>()?,
            endpoint: c[0].clone(),
            arm: c[1].clone(),
            power: number(&c[2])?,
            power_ci95: Interval::new(number(&c[3])?, number(&c[4])?),
            type1_error: optional(&c[5])?,
            exact_power: optional(&c[6])?,
            replicates: c[7].parse().ok()?,
            scenario: c[8].clone(),
            run: c[9].clone(),
            seed: c[10].parse().ok()?,
            scenario_sha256: c[11].clone(),
        })
    } else {
        let v: serde_json::Value = serde_json::from_str(line).ok()?;
        let ci = v.get("power_ci95")?.as_array()?;
        let values = v.get("values")?.as_object()?;
        Some(SweepRow {
            point: v.get("point")?.as_u64()? as usize,
            values: axes.iter().map(|a| values.get(a)?.as_f64()).collect::<Option<_>>()?,
            endpoint: v.get("endpoint")?.as_str()?.into(),
            arm: v.get("arm")?.as_str()?.into(),
            power: v.get("power")?.as_f64()?,
            power_ci95: Interval::new(ci.first()?.as_f64()?, ci.get(1)?.as_f64()?),
            type1_error: v.get("type1_error").and_then(|x| x.as_f64()),
            exact_power: v.get("exact_power").and_then(|x| x.as_f64()),
            replicates: v.get("replicates")?.as_u64()?,
            scenario: v.get("scenario")?.as_str()?.into(),
            run: v.get("run")?.as_str()?.into(),
            seed: v.get("seed")?.as_u64()?,
            scenario_sha256: v.get("scenario_sha256")?.as_str()?.into(),
        })
    }
}

/// A sweep's CSV results file over `scenario`: the names of its axes and its rows.
pub fn read_csv(path: &Path, scenario: &Scenario) -> Result<(Vec<String>, Vec<SweepRow>)> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        what: "sweep results",
        path: path.into(),
        source,
    })?;
    let bad = |line: usize, message: String| SweepFileError::Row { path: path.into(), line, message };
    let mut lines = text.lines();
    let header = fields(lines.next().ok_or_else(|| bad(1, "empty: expected the header of a sweep's CSV".into()))?);
    let tail = header.len().checked_sub(COLUMNS.len()).filter(|&k| k >= 2 && header[0] == "point");
    let Some(end) = tail.filter(|&k| header[k..] == COLUMNS) else {
        return Err(bad(
            1,
            format!("expected the header of a sweep's CSV: point, the varied paths, {}", COLUMNS.join(", ")),
        )
        .into());
    };
    let axes: Vec<String> = header[1..end].to_vec();
    let mut rows = Vec::new();
    for (i, line) in lines.enumerate() {
        let row = parse(Format::Csv, &axes, line)
            .ok_or_else(|| bad(i + 2, format!("expected {} fields of a sweep row", header.len())))?;
        rows.push(row);
    }
    if rows.is_empty() {
        return Err(bad(2, "no rows: the sweep wrote no point yet".into()).into());
    }
    let fingerprint = scenario.origin.fingerprint().hex();
    if rows.iter().any(|r| r.scenario != fingerprint) {
        return Err(SweepFileError::OtherScenario { path: path.into(), scenario: scenario.origin.file.clone() }.into());
    }
    Ok((axes, rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_read_back_as_written() {
        let axes = vec![Axis::parse("trial.sample_size=80").unwrap(), Axis::parse("arm[A, B].dropout=0.1").unwrap()];
        let row = SweepRow {
            point: 3,
            values: vec![80.0, 0.1],
            endpoint: "CR, week 12".into(),
            arm: "A \"new\"".into(),
            power: 0.8125,
            power_ci95: Interval::new(0.79, 0.83),
            type1_error: None,
            exact_power: Some(0.81),
            replicates: 1000,
            scenario: "00ff".into(),
            run: "ab12".into(),
            seed: 20260122,
            scenario_sha256: "ba7816bf".into(),
        };
        let names: Vec<String> = axes.iter().map(|a| a.path.text.clone()).collect();
        for format in [Format::Csv, Format::Json] {
            let text = render(format, &axes, std::slice::from_ref(&row));
            assert_eq!(parse(format, &names, text.trim_end()), Some(row.clone()), "{text}");
        }
        assert!(header(Format::Csv, &axes).starts_with("point,trial.sample_size,\"arm[A, B].dropout\",endpoint"));
    }
}
