//! The table's section on a group-sequential design: per look its trigger, bounds and
//! stopping shares under the scenario and its null twin; then power, type-I error and the
//! expected size and duration at the stop.

use super::text::{columns, interval, share};
use crate::evaluation::Evaluation;
use crate::evaluation::result::SequentialResult;

/// The looks as rows, the first the header.
pub fn look_rows(g: &SequentialResult) -> Vec<Vec<String>> {
    let bound = |x: Option<f64>| x.map_or("-".to_string(), |x| format!("{x:.4}"));
    let or_dash = |x: Option<trialsim_stats::Estimate>| x.map_or("-".to_string(), |x| share(x.estimate));
    let mut rows = vec![
        [
            "Look",
            "Trigger",
            " Information",
            " Efficacy z",
            " Nominal p",
            " Cumulative alpha",
            " Futility z",
            " Stop: efficacy",
            " futility",
            " Null: efficacy",
            " futility",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for (k, l) in g.looks.iter().enumerate() {
        rows.push(vec![
            (k + 1).to_string(),
            l.trigger.clone(),
            format!("{:.3}", l.planned_information),
            bound(l.efficacy_bound),
            l.nominal_alpha.map_or("-".into(), |p| format!("{p:.5}")),
            format!("{:.5}", l.cumulative_alpha),
            bound(l.futility_bound),
            share(l.efficacy_stop.estimate),
            share(l.futility_stop.estimate),
            or_dash(l.null_efficacy_stop),
            or_dash(l.null_futility_stop),
        ]);
    }
    rows
}

/// The design in one line: what it monitors and how its bounds are made.
pub fn headline(g: &SequentialResult) -> String {
    format!(
        "Group-sequential design on {} ({} vs {}): efficacy by {}, futility {}{}",
        g.endpoint,
        g.arm,
        match (&g.control, g.null_rate) {
            (Some(c), _) => c.clone(),
            (None, rate) => format!("the null rate {}", rate.unwrap_or(f64::NAN)),
        },
        g.efficacy,
        g.futility,
        if g.futility == "none" {
            String::new()
        } else if g.binding {
            " (binding)".into()
        } else {
            " (non-binding)".into()
        }
    )
}

/// Power, type-I error and the size and duration at the stop, in two lines; with several
/// arms a line per comparison between them (the first two then the trial's: rejecting any
/// comparison, the family-wise error).
pub fn summary_lines(g: &SequentialResult) -> String {
    let mut out = String::new();
    let _ = std::fmt::Write::write_fmt(
        &mut out,
        format_args!(
            "Power {} {}; type-I error {}{}.\n",
            share(g.power.estimate),
            interval(g.power.ci),
            g.type1_error.map_or("- (skipped)".into(), |t| format!("{} {}", share(t.estimate), interval(t.ci))),
            if g.binding || g.futility == "none" { "" } else { " (futility bounds ignored, as non-binding)" }
        ),
    );
    if let (Some(p), Some(t)) = (g.exact_power, g.exact_type1_error) {
        let stops: Vec<String> = g
            .looks
            .iter()
            .map(|l| {
                format!(
                    "{}/{}",
                    share(l.exact_efficacy_stop.unwrap_or(f64::NAN)),
                    share(l.exact_futility_stop.unwrap_or(f64::NAN))
                )
            })
            .collect();
        let _ = std::fmt::Write::write_fmt(
            &mut out,
            format_args!(
                "Exact (looks at fixed numbers per arm): power {}, type-I error {}; stops per look (efficacy/futility) {}.\n",
                share(p),
                share(t),
                stops.join(", ")
            ),
        );
    }
    for c in &g.comparisons {
        let stops: Vec<String> = c
            .looks
            .iter()
            .map(|l| format!("{}/{}", share(l.efficacy_stop.estimate), share(l.futility_stop.estimate)))
            .collect();
        let _ = std::fmt::Write::write_fmt(
            &mut out,
            format_args!(
                "{} vs {}: power {} {}; type-I error {}{}; stops per look (efficacy/futility) {}.\n",
                c.arm,
                g.control.as_deref().unwrap_or("the control"),
                share(c.power.estimate),
                interval(c.power.ci),
                c.type1_error.map_or("- (skipped)".into(), |t| format!("{} {}", share(t.estimate), interval(t.ci))),
                match (c.exact_power, c.exact_type1_error) {
                    (Some(p), Some(t)) => format!("; exact power {}, type-I error {}", share(p), share(t)),
                    _ => String::new(),
                },
                stops.join(", ")
            ),
        );
    }
    let size = |s: &trialsim_stats::Summary| format!("{:.1}", s.mean.estimate);
    let _ = std::fmt::Write::write_fmt(
        &mut out,
        format_args!(
            "At the stop, on average: {} enrolled, {} analysed, week {}; under the null: {}.\n",
            size(&g.enrolled),
            size(&g.analysed),
            size(&g.weeks),
            match (&g.null_enrolled, &g.null_analysed, &g.null_weeks) {
                (Some(a), Some(b), Some(c)) => format!("{} enrolled, {} analysed, week {}", size(a), size(b), size(c)),
                _ => "-".into(),
            }
        ),
    );
    out
}

/// The section, empty without looks.
pub fn sequential_lines(e: &Evaluation) -> String {
    let Some(g) = &e.sequential else { return String::new() };
    let mut out = headline(g);
    out.push('\n');
    out.push_str(&columns(&look_rows(g)));
    for line in summary_lines(g).lines() {
        out.push_str("  ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out
}
