//! `trialsim analyse`: one simulated trial's data and analyses, as a table for people or
//! as JSON (the fields of [`TrialAnalysis`]).

use super::format::Format;
use super::text::columns;
use crate::analysis::one_trial::TrialAnalysis;
use std::fmt::Write;

/// The analysis in `format` (table, or JSON for anything else).
pub fn render(a: &TrialAnalysis, format: Format) -> String {
    if format != Format::Table {
        let mut text = serde_json::to_string_pretty(a).expect("an analysis always serialises");
        text.push('\n');
        return text;
    }
    let mut out = String::new();
    let _ = writeln!(out, "{}: replicate {} of seed {}\n", a.scenario, a.replicate, a.seed);
    let number = |x: Option<f64>| x.map_or("-".to_string(), |x| format!("{x:.6}"));
    for e in &a.endpoints {
        let against = e.control.as_deref().map(|c| format!(" vs {c}")).unwrap_or_default();
        let _ = writeln!(
            out,
            "{}: {}{against}; {} {} at alpha {}",
            e.name,
            e.arm,
            e.test.as_str(),
            e.alternative.as_str(),
            e.alpha
        );
        let mut rows = vec![
            [
                "Arm",
                " Randomised",
                " Analysed",
                " Responders",
                " Rate",
                " Mean change",
                " SD",
                " Events",
                " Event prob.",
            ]
            .map(String::from)
            .to_vec(),
        ];
        for d in &e.data {
            rows.push(vec![
                d.arm.clone(),
                d.randomised.to_string(),
                d.analysed.to_string(),
                d.responders.map_or("-".into(), |x| x.to_string()),
                number(d.rate),
                number(d.mean_change),
                number(d.sd_change),
                d.events.map_or("-".into(), |x| x.to_string()),
                number(d.event_probability),
            ]);
        }
        out.push_str(&columns(&rows));
        let statistic = e.statistic.as_ref().map_or("-".into(), |s| format!("{} = {:.6}", s.name, s.value));
        let _ = writeln!(
            out,
            "  estimate {}, standard error {}, df {}, {statistic}, p-value {}",
            number(e.estimate),
            number(e.standard_error),
            number(e.df),
            e.p_value.map_or("-".into(), |p| format!("{p:.6e}"))
        );
        if let Some(m) = &e.mmrm {
            let used = match (m.used, m.iterations, m.reml) {
                (Some(c), Some(k), Some(reml)) => {
                    format!("fitted {} in {k} iterations, -2 REML log-likelihood {reml:.6}", c.as_str())
                }
                _ => "no structure could be fitted".into(),
            };
            let _ = writeln!(out, "  MMRM: {} covariance, {} df; {used}", m.covariance.as_str(), m.df.as_str());
            let weeks: Vec<String> = m.weeks.iter().map(u32::to_string).collect();
            let _ = writeln!(out, "  estimated covariance of the changes at weeks {}:", weeks.join(", "));
            for row in &m.sigma {
                let cells: Vec<String> = row.iter().map(|x| format!("{x:>12.6}")).collect();
                let _ = writeln!(out, "    {}", cells.join(" "));
            }
        }
        for i in &e.intervals {
            let _ = writeln!(
                out,
                "  {}% {} interval for the {} ({}): [{:.6}, {:.6}]",
                (i.confidence * 1000.0).round() / 10.0,
                i.method,
                i.estimand,
                i.arm,
                i.lo,
                i.hi
            );
        }
        let stop = match e.early_stop {
            Some(true) => " (stopped after the first stage)",
            Some(false) => " (went on to the second stage)",
            None => "",
        };
        let _ = writeln!(out, "  {}{stop}\n", if e.rejected { "rejected" } else { "not rejected" });
    }
    if !a.looks.is_empty() {
        let _ = writeln!(out, "Looks at the data (group-sequential)");
        let mut rows = vec![
            [
                "Look",
                "Trigger",
                " Cut week",
                " Enrolled",
                " Arm analysed",
                " responders / mean change / events",
                " Control analysed",
                " responders / mean change / events",
                " z",
                " Efficacy z",
                " Futility z",
                "Decision",
            ]
            .map(String::from)
            .to_vec(),
        ];
        let bound = |x: Option<f64>| x.map_or("-".to_string(), |x| format!("{x:.4}"));
        let what = |d: &crate::analysis::one_trial::ArmData| match (d.responders, d.mean_change, d.events) {
            (Some(x), _, _) => x.to_string(),
            (None, Some(m), _) => format!("{m:.4}"),
            (None, None, Some(e)) => format!("{e} events"),
            (None, None, None) => "-".into(),
        };
        for l in &a.looks {
            let (arm, control) = (&l.data[0], &l.data[1]);
            rows.push(vec![
                l.look.to_string(),
                l.trigger.clone(),
                format!("{:.2}", l.cut_week),
                l.enrolled.to_string(),
                arm.analysed.to_string(),
                what(arm),
                control.analysed.to_string(),
                what(control),
                format!("{:.4}", l.z),
                bound(l.efficacy_bound),
                bound(l.futility_bound),
                l.decision.to_string(),
            ]);
        }
        out.push_str(&columns(&rows));
    }
    let _ = writeln!(out, "\n{}", super::text::provenance_line(&a.provenance, Some(a.seed)));
    out
}
