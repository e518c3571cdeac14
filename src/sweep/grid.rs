//! The grid of a sweep: axes `PATH=VALUES` (a list `a,b,c` or a range `from:to:step`),
//! every combination in order, the first axis varying slowest.

use super::path::ValuePath;

#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    pub path: ValuePath,
    pub values: Vec<f64>,
}

/// Parse `a,b,c` or `from:to:step` (inclusive of `to` when the steps land on it).
pub fn parse_values(text: &str) -> Result<Vec<f64>, String> {
    let num = |s: &str| s.trim().parse::<f64>().map_err(|_| format!("`{s}` is not a number"));
    let parts: Vec<&str> = text.split(':').collect();
    let values = if parts.len() == 3 {
        let (from, to, step) = (num(parts[0])?, num(parts[1])?, num(parts[2])?);
        if step.is_nan() || step <= 0.0 || to < from {
            return Err(format!("`{text}`: a range needs from <= to and a positive step"));
        }
        let count = ((to - from) / step + 1e-9).floor() as usize + 1;
        if count > 100_000 {
            return Err(format!("`{text}` has {count} values; at most 100000"));
        }
        // Round to the step's decimals so that 0.1:0.3:0.1 gives 0.1, 0.2, 0.3 exactly.
        let scale = 1e12;
        (0..count).map(|i| ((from + i as f64 * step) * scale).round() / scale).collect()
    } else if parts.len() == 1 {
        text.split(',').map(num).collect::<Result<Vec<_>, _>>()?
    } else {
        return Err(format!("`{text}`: expected a list a,b,c or a range from:to:step"));
    };
    if values.is_empty() {
        return Err("no values".into());
    }
    Ok(values)
}

/// Parse `PATH=VALUES`.
pub fn parse_axis(spec: &str) -> Result<Axis, String> {
    let (path, values) = spec
        .split_once('=')
        .ok_or_else(|| format!("`{spec}`: expected PATH=VALUES, e.g. trial.sample_size=80:140:10"))?;
    Ok(Axis { path: ValuePath::parse(path)?, values: parse_values(values)? })
}

/// The axes a scenario file declares in `[[sweep]]` tables (`path` with `values = [...]`
/// or `range = "from:to:step"`).
pub fn axes_of(text: &str) -> Result<Vec<Axis>, String> {
    let doc: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
    let Some(list) = doc.get("sweep").and_then(|v| v.as_array()) else { return Ok(Vec::new()) };
    list.iter()
        .map(|t| {
            let path = t.get("path").and_then(|p| p.as_str()).ok_or("[[sweep]] needs `path`")?;
            let values = match (t.get("values").and_then(|v| v.as_array()), t.get("range").and_then(|r| r.as_str())) {
                (Some(v), None) => v
                    .iter()
                    .map(|x| {
                        x.as_float().or_else(|| x.as_integer().map(|i| i as f64)).ok_or("[[sweep]] values are numbers")
                    })
                    .collect::<Result<Vec<_>, _>>()?,
                (None, Some(r)) => parse_values(r)?,
                _ => return Err(format!("[[sweep]] `{path}` needs `values = [...]` or `range = \"from:to:step\"`")),
            };
            Ok(Axis { path: ValuePath::parse(path)?, values })
        })
        .collect()
}

/// Every combination of the axes' values, the first axis varying slowest.
pub fn points(axes: &[Axis]) -> Vec<Vec<f64>> {
    let mut out = vec![Vec::new()];
    for axis in axes {
        out = out
            .into_iter()
            .flat_map(|prefix| {
                axis.values.iter().map(move |&v| {
                    let mut p = prefix.clone();
                    p.push(v);
                    p
                })
            })
            .collect();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_ranges_and_grids() {
        assert_eq!(parse_values("80:140:20").unwrap(), vec![80.0, 100.0, 120.0, 140.0]);
        assert_eq!(parse_values("0.1:0.3:0.1").unwrap(), vec![0.1, 0.2, 0.3]);
        assert_eq!(parse_values("0.3, 0.35").unwrap(), vec![0.3, 0.35]);
        assert!(parse_values("a,b").is_err());
        let a = parse_axis("trial.sample_size=80,100").unwrap();
        let b = parse_axis("arm[*].dropout=0,0.1,0.2").unwrap();
        let g = points(&[a, b]);
        assert_eq!(g.len(), 6);
        assert_eq!(g[1], vec![80.0, 0.1]);
        assert_eq!(g[3], vec![100.0, 0.0]);
    }
}
