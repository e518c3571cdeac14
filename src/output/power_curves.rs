//! Power curves of a sweep: power against the first varied value, per endpoint, with the
//! 95 % band.

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
        let mut pts: Vec<&SweepRow> = rows.iter().filter(|r| r.endpoint == name).collect();
        pts.sort_by(|a, b| a.values[0].total_cmp(&b.values[0]));
        let (x0, x1) = (pts.first().map_or(0.0, |p| p.values[0]), pts.last().map_or(1.0, |p| p.values[0]));
        let mut c = Chart::new(&format!("{name}: power"), x_name, "power", (x0, x1), (0.0, 1.0));
        let xs: Vec<f64> = pts.iter().map(|p| p.values[0]).collect();
        let lower: Vec<f64> = pts.iter().map(|p| p.power_ci95.lo).collect();
        let upper: Vec<f64> = pts.iter().map(|p| p.power_ci95.hi).collect();
        c.band(&xs, &lower, &upper, PALETTE[0]);
        c.line(
            &pts.iter().map(|p| (p.values[0], p.power)).collect::<Vec<_>>(),
            PALETTE[0],
            false,
            Some("power (95% band)"),
        );
        out.push((format!("power-{}.svg", slug(name)), c.svg()));
    }
    out
}
