//! The charts of a run as SVG: per endpoint the distribution of the observed rate per arm
//! (or of the estimated difference), simulated against specified response rates by week,
//! the trajectories of the first patients of replicate 0, and with looks the bounds with
//! simulated z paths and the stops per look.

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
    out.extend(sequential(e));
    out
}

/// With looks: the bounds on the z scale by information with the first replicates' paths,
/// and the shares stopping at each look.
fn sequential(e: &Evaluation) -> Vec<(String, String)> {
    let Some(g) = &e.sequential else { return Vec::new() };
    let paths = &e.distributions.z_paths;
    let bound = |pick: &dyn Fn(&crate::evaluation::result::LookResult) -> Option<f64>| -> Vec<(f64, f64)> {
        g.looks.iter().filter_map(|l| pick(l).map(|b| (l.planned_information, b))).collect()
    };
    let (efficacy, futility) = (bound(&|l| l.efficacy_bound), bound(&|l| l.futility_bound));
    let values = paths.iter().flatten().map(|p| p.1).chain(efficacy.iter().chain(&futility).map(|p| p.1));
    let (lo, hi) = values.fold((0.0f64, 0.0f64), |(a, b), z| (a.min(z), b.max(z)));
    let mut c = Chart::new(
        &format!("{}: bounds and {} simulated paths", g.endpoint, paths.len()),
        "planned information",
        "z (large favours the arm)",
        (0.0, 1.0),
        (lo.floor() - 0.5, hi.ceil() + 0.5),
    );
    for path in paths {
        c.line(path, "#bbbbbb", false, None);
    }
    c.line(&efficacy, PALETTE[0], false, Some("efficacy bound"));
    if !futility.is_empty() {
        c.line(&futility, PALETTE[1], true, Some("futility bound"));
    }
    let mut stops = Chart::new(
        &format!("{}: stopping at each look", g.endpoint),
        "look",
        "share of replicates",
        (0.5, g.looks.len() as f64 + 0.5),
        (0.0, 1.0),
    );
    for (k, l) in g.looks.iter().enumerate() {
        let x = k as f64 + 1.0;
        stops.bar(x - 0.4, x - 0.2, l.efficacy_stop.estimate, PALETTE[0]);
        stops.bar(x - 0.2, x, l.futility_stop.estimate, PALETTE[1]);
        if let (Some(ne), Some(nf)) = (l.null_efficacy_stop, l.null_futility_stop) {
            stops.bar(x, x + 0.2, ne.estimate, PALETTE[2]);
            stops.bar(x + 0.2, x + 0.4, nf.estimate, PALETTE[3]);
        }
    }
    stops.legend("efficacy", PALETTE[0]);
    stops.legend("futility (last look: not rejecting)", PALETTE[1]);
    if g.type1_error.is_some() {
        stops.legend("efficacy, null twin", PALETTE[2]);
        stops.legend("futility, null twin", PALETTE[3]);
    }
    let name = slug(&g.endpoint);
    vec![(format!("sequential-bounds-{name}.svg"), c.svg()), (format!("sequential-stops-{name}.svg"), stops.svg())]
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
            let unit = if matches!(
                r.kind.as_str(),
                "time-to-event" | "time-to-response" | "time-to-loss" | "duration-of-response"
            ) {
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
