//! The charts of a run as SVG: per endpoint the distribution of the observed rate per arm
//! (or of the estimated difference), simulated against specified response rates by week,
//! and the trajectories of the first patients of replicate 0.

use super::svg::{Chart, PALETTE};
use crate::evaluation::Evaluation;
use crate::scenario::Scenario;

/// A file name from a title.
pub fn slug(s: &str) -> String {
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
pub fn charts(s: &Scenario, e: &Evaluation) -> Vec<(String, String)> {
    let mut out = Vec::new();
    out.extend(distributions(s, e));
    out.extend(rates(s, e));
    out.extend(trajectories(s, e));
    out
}

/// Observed rates (binary endpoints, once per endpoint) or estimated differences (per
/// comparison).
fn distributions(s: &Scenario, e: &Evaluation) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut done = Vec::new();
    for (i, r) in e.endpoints.iter().enumerate() {
        let Some(ei) = s.endpoints.iter().position(|x| x.name == r.name) else { continue };
        if let Some(per_arm) = &e.distributions.rates[ei] {
            if done.contains(&ei) {
                continue;
            }
            done.push(ei);
            let mut top: f64 = 0.0;
            for values in per_arm {
                let total: u64 = values.iter().map(|v| v.1).sum();
                let mut counts = [0u64; 20];
                for &(v, n) in values {
                    counts[((v * 20.0).floor() as usize).min(19)] += n;
                }
                top = top.max(counts.iter().map(|&n| n as f64 / total.max(1) as f64).fold(0.0, f64::max));
            }
            let mut c = Chart::new(
                &format!("{}: observed rate per arm", r.name),
                "observed rate (share of patients)",
                "share of replicates",
                (0.0, 1.0),
                (0.0, top * 1.1),
            );
            for (a, values) in per_arm.iter().enumerate() {
                let color = PALETTE[a % PALETTE.len()];
                histogram(&mut c, values, (0.0, 1.0), 20, color, 0.5 * (a % 2) as f64);
                c.legend(&s.arms[a].name, color);
            }
            out.push((format!("histogram-{}.svg", slug(&r.name)), c.svg()));
        } else if let Some(bins) = &e.distributions.differences[i] {
            let (Some(first), Some(last)) = (bins.first(), bins.last()) else { continue };
            let (lo, hi) = (first.0, last.0);
            let unit = if r.kind == "time-to-event" {
                "difference of event probabilities"
            } else {
                "difference of mean changes (points)"
            };
            let total: u64 = bins.iter().map(|b| b.1).sum();
            let width = (hi - lo).max(1e-9) / 30.0;
            let mut counts = [0u64; 30];
            for &(v, n) in bins {
                counts[(((v - lo) / width).floor() as usize).min(29)] += n;
            }
            let top = counts.iter().map(|&n| n as f64 / total as f64).fold(0.0, f64::max);
            let mut c = Chart::new(
                &format!("{}: {} - {}", r.name, r.arm, r.control.as_deref().unwrap_or("")),
                unit,
                "share of replicates",
                (lo, hi + width),
                (0.0, top * 1.1),
            );
            histogram(&mut c, bins, (lo, hi + width), 30, PALETTE[0], 0.0);
            out.push((format!("histogram-{}-{}.svg", slug(&r.name), slug(&r.arm)), c.svg()));
        }
    }
    out
}

/// Response rates by week, simulated (solid) against specified (dashed), per level.
fn rates(s: &Scenario, e: &Evaluation) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for level in &s.levels {
        let mut c = Chart::new(
            &format!("{}: simulated vs specified", level.name),
            "week",
            "share of patients still in the trial",
            (0.0, s.last_week() as f64),
            (0.0, 1.0),
        );
        for (a, arm) in s.arms.iter().enumerate() {
            let color = PALETTE[a % PALETTE.len()];
            let rates: Vec<_> =
                e.response_rates.iter().filter(|r| r.arm == arm.name && r.level == level.name).collect();
            let sim: Vec<(f64, f64)> = rates.iter().map(|r| (r.week as f64, r.observed.mean.estimate)).collect();
            let spec: Vec<(f64, f64)> = rates.iter().map(|r| (r.week as f64, r.specified)).collect();
            c.line(&sim, color, false, Some(&format!("{} simulated", arm.name)));
            c.line(&spec, color, true, Some(&format!("{} specified", arm.name)));
        }
        out.push((format!("rates-{}.svg", slug(&level.name)), c.svg()));
    }
    out
}

/// The first patients of replicate 0 per arm, with the level thresholds.
fn trajectories(s: &Scenario, e: &Evaluation) -> Vec<(String, String)> {
    let all = &e.distributions.trajectories;
    let top = all.iter().flatten().flatten().map(|p| p.1).fold(0.0, f64::max);
    let unit = if s.marker.unit.is_empty() { String::new() } else { format!(" ({})", s.marker.unit) };
    let mut out = Vec::new();
    for (arm, patients) in s.arms.iter().zip(all) {
        let mut c = Chart::new(
            &format!("{}: {} of {} patients (replicate 0)", arm.name, s.marker.name, patients.len()),
            "week",
            &format!("{}{unit}", s.marker.name),
            (0.0, s.last_week() as f64),
            (0.0, top * 1.05),
        );
        for (i, points) in patients.iter().enumerate() {
            c.line(points, PALETTE[i % PALETTE.len()], false, None);
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
