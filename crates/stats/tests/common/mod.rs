//! What the fixture tests share: reading the CSVs R and Python wrote.

use std::collections::BTreeMap;
use std::path::Path;

/// A fixture row by column name.
pub type Row = BTreeMap<String, String>;

/// The rows of `tests/fixtures/group_sequential/<name>`.
#[allow(dead_code)]
pub fn read(name: &str) -> Vec<Row> {
    read_in("group_sequential", name)
}

/// The rows of `tests/fixtures/<folder>/<name>`.
pub fn read_in(folder: &str, name: &str) -> Vec<Row> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(folder).join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines();
    let header: Vec<String> = lines.next().unwrap().split(',').map(|s| s.trim_matches('"').to_string()).collect();
    lines.map(|l| header.iter().cloned().zip(l.split(',').map(|s| s.trim_matches('"').to_string())).collect()).collect()
}

pub fn number(s: &str) -> f64 {
    s.parse().unwrap_or_else(|_| panic!("not a number: {s}"))
}

/// Fractions R wrote to 15 digits (1/3, 2/3 and the like), as the exact doubles.
#[allow(dead_code)]
pub fn fraction(s: &str) -> f64 {
    let x = number(s);
    for exact in [1.0 / 3.0, 2.0 / 3.0] {
        if (x - exact).abs() < 1e-14 {
            return exact;
        }
    }
    x
}
