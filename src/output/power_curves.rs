//! Power curves of a sweep: per endpoint one chart of power against the first varied value,
//! with its 95 % band: one curve per compared arm and per combination of the other axes'
//! values (so that rows of different arms or points never join into one zig-zag line).

use super::charts::slug;
use super::svg::{Chart, PALETTE};
use super::sweep_rows::SweepRow;

/// One chart per endpoint: (file name, SVG). `axes` names the varied paths.
pub fn power_curves(axes: &[String], rows: &[SweepRow]) -> Vec<(String, String)> {
    let Some(x_name) = axes.first() else { return Vec::new() };
    let mut endpoints: Vec<&str> = Vec::new();
    for r in rows {
        if !endpoints.contains(&r.endpoint.as_str()) {
            endpoints.push(&r.endpoint);
        }
    }
    let mut out = Vec::new();
    for name in endpoints {
        let of_endpoint: Vec<&SweepRow> = rows.iter().filter(|r| r.endpoint == name).collect();
        // A curve: the arm and the values of the axes after the first.
        let key = |r: &SweepRow| (r.arm.clone(), r.values[1..].iter().map(|v| v.to_bits()).collect::<Vec<_>>());
        let mut curves: Vec<(String, Vec<u64>)> = Vec::new();
        for r in &of_endpoint {
            if !curves.contains(&key(r)) {
                curves.push(key(r));
            }
        }
        let xs_all: Vec<f64> = of_endpoint.iter().map(|r| r.values[0]).collect();
        let (x0, x1) = (
            xs_all.iter().copied().fold(f64::INFINITY, f64::min),
            xs_all.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        );
        let mut c = Chart::new(&format!("{name}: power"), x_name, "power", (x0, x1), (0.0, 1.0));
        for (i, curve) in curves.iter().enumerate() {
            let mut pts: Vec<&SweepRow> = of_endpoint.iter().copied().filter(|r| key(r) == *curve).collect();
            pts.sort_by(|a, b| a.values[0].total_cmp(&b.values[0]));
            let color = PALETTE[i % PALETTE.len()];
            let xs: Vec<f64> = pts.iter().map(|p| p.values[0]).collect();
            let lower: Vec<f64> = pts.iter().map(|p| p.power_ci95.lo).collect();
            let upper: Vec<f64> = pts.iter().map(|p| p.power_ci95.hi).collect();
            c.band(&xs, &lower, &upper, color);
            let label = if curves.len() == 1 {
                "power (95% band)".to_string()
            } else {
                let others: Vec<String> =
                    axes[1..].iter().zip(&pts[0].values[1..]).map(|(a, v)| format!("{a} = {v}")).collect();
                [vec![pts[0].arm.clone()], others].concat().join(", ")
            };
            c.line(&pts.iter().map(|p| (p.values[0], p.power)).collect::<Vec<_>>(), color, false, Some(&label));
        }
        out.push((format!("power-{}.svg", slug(name)), c.svg()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use trialsim_stats::Interval;

    fn row(point: usize, values: Vec<f64>, arm: &str, power: f64) -> SweepRow {
        SweepRow {
            point,
            values,
            endpoint: "CR".into(),
            arm: arm.into(),
            power,
            power_ci95: Interval::new(power - 0.05, power + 0.05),
            type1_error: None,
            exact_power: None,
            replicates: 100,
            scenario: String::new(),
            run: String::new(),
            seed: 1,
            scenario_sha256: String::new(),
        }
    }

    #[test]
    fn arms_and_other_axes_make_their_own_curves() {
        let axes = vec!["trial.sample_size".to_string(), "arm[*].dropout".to_string()];
        let mut rows = Vec::new();
        for (i, (n, d)) in [(80.0, 0.0), (80.0, 0.1), (120.0, 0.0), (120.0, 0.1)].into_iter().enumerate() {
            for arm in ["low dose", "high dose"] {
                rows.push(row(i, vec![n, d], arm, n / 200.0 - d));
            }
        }
        let charts = power_curves(&axes, &rows);
        assert_eq!(charts.len(), 1);
        let svg = &charts[0].1;
        // Four curves (two arms by two dropouts), each with its band and legend entry.
        assert_eq!(svg.matches("<polygon").count(), 4);
        for label in ["low dose, arm[*].dropout = 0", "high dose, arm[*].dropout = 0.1"] {
            assert!(svg.contains(label), "{label}");
        }
    }
}
