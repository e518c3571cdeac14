//! Tidy sweep output: one row per grid point and endpoint entry, as CSV or JSON lines.

use super::grid::Axis;
use crate::evaluation::Evaluation;

/// The CSV header.
pub fn csv_header(axes: &[Axis]) -> String {
    let mut cols = vec!["point".to_string()];
    cols.extend(axes.iter().map(|a| csv_cell(&a.path.text)));
    cols.extend(
        ["endpoint", "arm", "power", "power_ci95_lo", "power_ci95_hi", "type1_error", "exact_power", "replicates"]
            .map(String::from),
    );
    cols.join(",") + "\n"
}

fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

fn num(x: Option<f64>) -> String {
    x.map_or(String::new(), |v| format!("{v}"))
}

/// The CSV rows of one point.
pub fn csv_rows(point: usize, values: &[f64], e: &Evaluation) -> String {
    let mut out = String::new();
    for r in &e.endpoints {
        let mut cols = vec![point.to_string()];
        cols.extend(values.iter().map(|v| format!("{v}")));
        cols.push(csv_cell(&r.name));
        cols.push(csv_cell(&r.arm));
        cols.push(format!("{}", r.power));
        cols.push(format!("{}", r.power_ci95[0]));
        cols.push(format!("{}", r.power_ci95[1]));
        cols.push(num(r.type1_error));
        cols.push(num(r.exact_power));
        cols.push(e.replicates.to_string());
        out.push_str(&cols.join(","));
        out.push('\n');
    }
    out
}

/// The JSON lines of one point.
pub fn json_rows(point: usize, axes: &[Axis], values: &[f64], e: &Evaluation) -> String {
    let mut out = String::new();
    for r in &e.endpoints {
        let varied: serde_json::Map<String, serde_json::Value> =
            axes.iter().zip(values).map(|(a, v)| (a.path.text.clone(), serde_json::json!(v))).collect();
        let row = serde_json::json!({
            "point": point,
            "values": varied,
            "endpoint": r.name,
            "arm": r.arm,
            "power": r.power,
            "power_ci95": r.power_ci95,
            "type1_error": r.type1_error,
            "exact_power": r.exact_power,
            "replicates": e.replicates,
        });
        out.push_str(&row.to_string());
        out.push('\n');
    }
    out
}
