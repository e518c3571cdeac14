//! `trialsim report` and `--plots`: charts of a run as SVG, and one self-contained HTML
//! page (inline SVG, no scripts, no network) with the design and the operating
//! characteristics.

use super::design::describe;
use super::svg::{Chart, PALETTE};
use super::text::share;
use crate::evaluation::Evaluation;
use crate::evaluation::tally::Tally;
use crate::model::{MISSING, Model, TrialBuffer, stream, trial};
use crate::scenario::{EndpointKind, Scenario};
use std::fmt::Write;

/// Patients drawn per arm in the trajectory charts.
pub const TRAJECTORIES: usize = 20;

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A file name from a title.
fn slug(s: &str) -> String {
    let mut out: String =
        s.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    while out.contains("--") {
        out = out.replace("--", "-");
    }
    out.trim_matches('-').to_string()
}

/// Histogram bars of (value, count) pairs over `bins` equal bins of `range`, as shares.
fn histogram(chart: &mut Chart, values: &[(f64, u64)], range: (f64, f64), bins: usize, color: &str, offset: f64) {
    let total: u64 = values.iter().map(|v| v.1).sum();
    if total == 0 {
        return;
    }
    let width = (range.1 - range.0) / bins as f64;
    let mut counts = vec![0u64; bins];
    for &(v, c) in values {
        let i = (((v - range.0) / width).floor().max(0.0) as usize).min(bins - 1);
        counts[i] += c;
    }
    for (i, c) in counts.iter().enumerate() {
        let x0 = range.0 + i as f64 * width;
        chart.bar(x0 + offset * width, x0 + (offset + 0.5) * width, *c as f64 / total as f64, color);
    }
}

/// Every chart of a run: (file name, SVG).
pub fn charts(s: &Scenario, e: &Evaluation, tally: &Tally, seed: u64) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let arms = s.arms.len();
    // Observed rates (binary endpoints) or estimated differences, per endpoint.
    let mut done = Vec::new();
    for (i, r) in e.endpoints.iter().enumerate() {
        let ei = s.endpoints.iter().position(|x| x.name == r.name).unwrap_or(0);
        if s.is_binary(ei) {
            if done.contains(&ei) {
                continue;
            }
            done.push(ei);
            let mut series = Vec::new();
            let mut top: f64 = 0.0;
            for a in 0..arms {
                let cells = tally.endpoint_rates[ei * arms + a].cells();
                let values: Vec<(f64, u64)> = cells.iter().map(|&(x, d, n)| (x as f64 / d as f64, n)).collect();
                let total: u64 = values.iter().map(|v| v.1).sum();
                let mut counts = [0u64; 20];
                for &(v, n) in &values {
                    counts[((v * 20.0).floor() as usize).min(19)] += n;
                }
                top = top.max(counts.iter().map(|&n| n as f64 / total.max(1) as f64).fold(0.0, f64::max));
                series.push(values);
            }
            let mut c = Chart::new(
                &format!("{}: observed rate per arm", r.name),
                "observed rate (share of patients)",
                "share of replicates",
                (0.0, 1.0),
                (0.0, top * 1.1),
            );
            for (a, values) in series.iter().enumerate() {
                let color = PALETTE[a % PALETTE.len()];
                histogram(&mut c, values, (0.0, 1.0), 20, color, 0.5 * (a % 2) as f64);
                c.legend(&s.arms[a].name, color);
            }
            out.push((format!("histogram-{}.svg", slug(&r.name)), c.svg()));
        } else if let Some(t) = &tally.continuous[i] {
            let bins = t.difference.bins();
            if bins.is_empty() {
                continue;
            }
            let lo = bins.first().map_or(0.0, |b| b.0);
            let hi = bins.last().map_or(1.0, |b| b.0);
            let unit = match &s.endpoints[ei].kind {
                EndpointKind::TimeToEvent(_) => "difference of event probabilities".to_string(),
                _ => "difference of mean changes (points)".to_string(),
            };
            let total: u64 = bins.iter().map(|b| b.1).sum();
            let width = (hi - lo).max(1e-9) / 30.0;
            let mut counts = [0u64; 30];
            for &(v, n) in &bins {
                counts[(((v - lo) / width).floor() as usize).min(29)] += n;
            }
            let top = counts.iter().map(|&n| n as f64 / total as f64).fold(0.0, f64::max);
            let mut c = Chart::new(
                &format!("{}: {} - {}", r.name, r.arm, r.control.as_deref().unwrap_or("")),
                &unit,
                "share of replicates",
                (lo, hi + width),
                (0.0, top * 1.1),
            );
            histogram(&mut c, &bins, (lo, hi + width), 30, PALETTE[0], 0.0);
            out.push((format!("histogram-{}-{}.svg", slug(&r.name), slug(&r.arm)), c.svg()));
        }
    }
    // Response rates by week, simulated (solid) against specified (dashed).
    for level in &s.levels {
        let mut c = Chart::new(
            &format!("{}: simulated vs specified", level.name),
            "week",
            "share of patients still in the trial",
            (0.0, *s.visits.last().unwrap_or(&1) as f64),
            (0.0, 1.0),
        );
        for (a, arm) in s.arms.iter().enumerate() {
            let color = PALETTE[a % PALETTE.len()];
            let rates: Vec<&crate::evaluation::report::LevelRate> =
                e.response_rates.iter().filter(|r| r.arm == arm.name && r.level == level.name).collect();
            let sim: Vec<(f64, f64)> = rates.iter().map(|r| (r.week as f64, r.observed.mean)).collect();
            let spec: Vec<(f64, f64)> = rates.iter().map(|r| (r.week as f64, r.specified)).collect();
            c.line(&sim, color, false, Some(&format!("{} simulated", arm.name)));
            c.line(&spec, color, true, Some(&format!("{} specified", arm.name)));
        }
        out.push((format!("rates-{}.svg", slug(&level.name)), c.svg()));
    }
    // Trajectories of the first patients of replicate 0, with the level thresholds.
    let model = Model::new(s);
    let mut buf = TrialBuffer::new(&model);
    trial::simulate(&model, &model.actual, &mut stream::generator(seed), 0, &mut buf);
    let visits = model.visits();
    let mut top: f64 = 0.0;
    for p in 0..model.patients() {
        top = top.max(buf.baseline[p]);
        for j in 0..visits {
            let v = buf.values[p * visits + j];
            if v.is_finite() {
                top = top.max(v);
            }
        }
    }
    for (a, arm) in s.arms.iter().enumerate() {
        let unit = if s.marker.unit.is_empty() { String::new() } else { format!(" ({})", s.marker.unit) };
        let mut c = Chart::new(
            &format!("{}: {} of {} patients (replicate 0)", arm.name, s.marker.name, TRAJECTORIES.min(arm.n as usize)),
            "week",
            &format!("{}{unit}", s.marker.name),
            (0.0, *s.visits.last().unwrap_or(&1) as f64),
            (0.0, top * 1.05),
        );
        for (i, p) in (buf.arm_start[a]..buf.arm_start[a + 1]).take(TRAJECTORIES).enumerate() {
            let mut pts = vec![(0.0, buf.baseline[p])];
            for j in 0..visits {
                if buf.level[p * visits + j] != MISSING {
                    pts.push((s.visits[j + 1] as f64, buf.values[p * visits + j]));
                }
            }
            c.line(&pts, PALETTE[i % PALETTE.len()], false, None);
        }
        for level in &s.levels {
            if let Some(t) = level.rule.threshold {
                c.hline(t.value, &format!("{} threshold {}", level.name, t.value));
            }
        }
        out.push((format!("trajectories-{}.svg", slug(&arm.name)), c.svg()));
    }
    out
}

/// Power curves from a sweep's CSV: power against the first varied value, per endpoint,
/// with the 95 % band.
pub fn sweep_charts(csv: &str) -> Vec<(String, String)> {
    let mut lines = csv.lines();
    let Some(header) = lines.next() else { return Vec::new() };
    let cols: Vec<&str> = header.split(',').collect();
    let find = |name: &str| cols.iter().position(|c| *c == name);
    let (Some(ep), Some(pw), Some(lo), Some(hi)) =
        (find("endpoint"), find("power"), find("power_ci95_lo"), find("power_ci95_hi"))
    else {
        return Vec::new();
    };
    if ep < 2 {
        return Vec::new();
    }
    let x_name = cols[1].to_string();
    let rows: Vec<Vec<&str>> =
        lines.map(|l| l.split(',').collect()).filter(|r: &Vec<&str>| r.len() == cols.len()).collect();
    let mut endpoints: Vec<&str> = Vec::new();
    for r in &rows {
        if !endpoints.contains(&r[ep]) {
            endpoints.push(r[ep]);
        }
    }
    let num = |s: &str| s.parse::<f64>().unwrap_or(f64::NAN);
    let mut out = Vec::new();
    for name in endpoints {
        let mut pts: Vec<(f64, f64, f64, f64)> =
            rows.iter().filter(|r| r[ep] == name).map(|r| (num(r[1]), num(r[pw]), num(r[lo]), num(r[hi]))).collect();
        pts.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (x0, x1) = (pts.first().map_or(0.0, |p| p.0), pts.last().map_or(1.0, |p| p.0));
        let mut c = Chart::new(&format!("{name}: power"), &x_name, "power", (x0, x1), (0.0, 1.0));
        let xs: Vec<f64> = pts.iter().map(|p| p.0).collect();
        c.band(
            &xs,
            &pts.iter().map(|p| p.2).collect::<Vec<_>>(),
            &pts.iter().map(|p| p.3).collect::<Vec<_>>(),
            PALETTE[0],
        );
        c.line(&pts.iter().map(|p| (p.0, p.1)).collect::<Vec<_>>(), PALETTE[0], false, Some("power (95% band)"));
        out.push((format!("power-{}.svg", slug(name)), c.svg()));
    }
    out
}

/// The whole report as one HTML page.
pub fn html(s: &Scenario, e: &Evaluation, tally: &Tally, seed: u64, sweep: Option<&str>) -> String {
    let mut h = String::new();
    let title = format!("{}{}", s.name, s.title.as_deref().map(|t| format!(": {t}")).unwrap_or_default());
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title>\n\
         <style>body{{font-family:sans-serif;margin:2em;max-width:1400px}}table{{border-collapse:collapse}}\
         td,th{{border:1px solid #ccc;padding:3px 8px;text-align:right}}td:first-child,th:first-child{{text-align:left}}\
         .charts svg{{margin:4px;border:1px solid #eee;width:600px;height:auto}}</style></head><body>\n<h1>{}</h1>\n",
        html_escape(&title),
        html_escape(&title)
    );
    let _ = writeln!(h, "<p>{} replicates, seed {}.</p>", e.replicates, e.seed);
    let _ = writeln!(h, "<h2>Design</h2>\n<pre>{}</pre>", html_escape(&describe(s)));
    let _ = writeln!(
        h,
        "<h2>Operating characteristics</h2>\n<table><tr><th>Endpoint</th><th>Arm</th><th>Test</th><th>Power</th>\
         <th>95% CI</th><th>Exact power</th><th>Type-I error</th><th>95% CI</th></tr>"
    );
    for r in &e.endpoints {
        let ci = |c: [f64; 2]| format!("[{}, {}]", share(c[0]), share(c[1]));
        let _ = writeln!(
            h,
            "<tr><td>{}{}</td><td>{}</td><td>{} {}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            html_escape(&r.name),
            if r.primary { " (primary)" } else { "" },
            html_escape(&r.arm),
            r.test.as_str(),
            r.alternative.as_str(),
            share(r.power),
            ci(r.power_ci95),
            r.exact_power.map_or("-".into(), share),
            r.type1_error.map_or("skipped".into(), share),
            r.type1_error_ci95.map_or("-".into(), ci)
        );
    }
    h.push_str("</table>\n");
    let _ = writeln!(h, "<h2>Charts</h2>\n<div class=\"charts\">");
    for (_, svg) in charts(s, e, tally, seed) {
        h.push_str(&svg);
    }
    if let Some(csv) = sweep {
        let _ = writeln!(h, "</div>\n<h2>Sweep</h2>\n<div class=\"charts\">");
        for (_, svg) in sweep_charts(csv) {
            h.push_str(&svg);
        }
    }
    h.push_str("</div>\n</body></html>\n");
    h
}
