//! Aligned plain-text columns.

/// Render rows as columns, the first row a header underlined with dashes. Columns
/// whose header starts with a space are right-aligned.
pub fn columns(rows: &[Vec<String>]) -> String {
    let Some(header) = rows.first() else { return String::new() };
    let widths: Vec<usize> = (0..header.len())
        .map(|c| rows.iter().map(|r| r.get(c).map_or(0, |s| s.trim().chars().count())).max().unwrap_or(0))
        .collect();
    let right: Vec<bool> = header.iter().map(|h| h.starts_with(' ')).collect();
    let mut out = String::new();
    let line = |row: &[String], out: &mut String| {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, s)| {
                if right[c] {
                    format!("{:>w$}", s.trim(), w = widths[c])
                } else {
                    format!("{:<w$}", s.trim(), w = widths[c])
                }
            })
            .collect();
        out.push_str("  ");
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    };
    line(header, &mut out);
    let dashes: Vec<String> = widths.iter().map(|&w| "-".repeat(w)).collect();
    line(&dashes, &mut out);
    for row in &rows[1..] {
        line(row, &mut out);
    }
    out
}

/// A share as a fixed 4-decimal number.
pub fn share(x: f64) -> String {
    if x.is_nan() { "-".into() } else { format!("{x:.4}") }
}

/// An interval as `[lo, hi]` with shares' decimals.
pub fn interval(ci: trialsim_stats::Interval) -> String {
    format!("[{}, {}]", share(ci.lo), share(ci.hi))
}

/// The line that ends a table: the trialsim version, the output schema, the seed and the
/// scenario's SHA-256 (where there are a seed and a scenario).
pub fn provenance_line(p: &crate::scenario::provenance::Provenance, seed: Option<u64>) -> String {
    let mut line = format!("trialsim {}, output schema {}", p.trialsim_version, p.schema_version);
    if let Some(seed) = seed {
        line.push_str(&format!(", seed {seed}"));
    }
    if let Some(hash) = &p.scenario_sha256 {
        line.push_str(&format!(", scenario SHA-256 {hash}"));
    }
    line
}
