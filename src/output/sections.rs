//! Tables that the text table and the HTML report both show, as rows of cells (the first
//! row the header; a header cell starting with a space is right-aligned in text): the
//! multiplicity family's adjusted power, the observed values per arm, interval coverage.

use super::text::{interval, share};
use crate::evaluation::Evaluation;
use crate::evaluation::result::{EndpointResult, FamilyResult, IntervalResult};
use trialsim_stats::CONFIDENCE;

fn header(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

/// The endpoints' names, each once, in the scenario's order.
fn endpoint_names(e: &Evaluation) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for r in &e.endpoints {
        if !names.contains(&r.name.as_str()) {
            names.push(&r.name);
        }
    }
    names
}

/// The family's hypotheses in its order, each with its adjusted power (and its exact
/// value, where the family has one).
pub fn adjusted_power_rows(e: &Evaluation, f: &FamilyResult) -> Vec<Vec<String>> {
    let exact = f.exact_reject_any.is_some();
    let mut rows = vec![header(&["Hypothesis", " Adjusted power", "95% CI", " Exact"])];
    for h in &f.hypotheses {
        let member = e.endpoints.iter().find(|r| &format!("{} ({})", r.name, r.arm) == h);
        let adjusted = member.and_then(|r| r.adjusted_power);
        rows.push(vec![
            h.clone(),
            adjusted.map_or("-".into(), |a| share(a.estimate)),
            adjusted.map_or("-".into(), |a| interval(a.ci)),
            member.and_then(|r| r.exact_adjusted_power).map_or("-".into(), share),
        ]);
    }
    if !exact {
        rows.iter_mut().for_each(|r| {
            r.pop();
        });
    }
    rows
}

/// Per endpoint with several compared arms: rejecting at least one and every one of its
/// comparisons (after the family's adjustment where they are members), with exact values.
pub fn joint_rows(e: &Evaluation) -> Vec<Vec<String>> {
    let mut rows = vec![header(&["Endpoint", "Adjustment", "P(reject any)", "P(reject all)"])];
    for j in &e.arms_jointly {
        rows.push(vec![
            j.endpoint.clone(),
            j.adjustment.as_str().into(),
            with_exact(&j.reject_any, j.exact_reject_any),
            with_exact(&j.reject_all, j.exact_reject_all),
        ]);
    }
    rows
}

/// A family's probability with its interval, and its exact value where known.
pub fn with_exact(x: &trialsim_stats::Estimate, exact: Option<f64>) -> String {
    match exact {
        Some(v) => format!("{} {}, exact {}", share(x.estimate), interval(x.ci), share(v)),
        None => format!("{} {}", share(x.estimate), interval(x.ci)),
    }
}

/// Per endpoint, each arm's observed rate, mean change or event probability, arms in the
/// scenario's order (sub-arms after them), then the estimated difference.
pub fn observed_rows(e: &Evaluation) -> Vec<Vec<String>> {
    let mut rows = vec![header(&["Endpoint", "Arm", "Statistic", " Mean", " SD", " 2.5%", " 50%", " 97.5%"])];
    let order = |name: &str| e.arms.iter().position(|a| a.name == name).unwrap_or(usize::MAX);
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for name in endpoint_names(e) {
        let entries: Vec<&EndpointResult> = e.endpoints.iter().filter(|r| r.name == name).collect();
        let mut arms: Vec<_> = entries.iter().flat_map(|r| &r.arms).collect();
        arms.sort_by_key(|a| order(&a.name));
        for a in arms {
            if seen.contains(&(name, a.name.as_str())) {
                continue;
            }
            seen.push((name, &a.name));
            let (what, x) = match (&a.rate, &a.mean_change, &a.event_probability) {
                (Some(x), _, _) => ("rate", x),
                (None, Some(x), _) => ("mean change", x),
                (None, None, Some(x)) => ("event probability", x),
                (None, None, None) => continue,
            };
            rows.push(vec![
                name.into(),
                a.name.clone(),
                what.into(),
                share(x.mean.estimate),
                share(x.sd),
                share(x.q025),
                share(x.q50),
                share(x.q975),
            ]);
        }
        for r in entries {
            if let Some(d) = &r.mean_difference {
                rows.push(vec![
                    name.into(),
                    format!("{} - {}", r.arm, r.control.as_deref().unwrap_or("")),
                    "difference".into(),
                    share(d.mean.estimate),
                    share(d.sd),
                    share(d.q025),
                    share(d.q50),
                    share(d.q975),
                ]);
            }
        }
    }
    rows
}

/// The level of an interval reported at another level than 95 %.
pub fn other_level(i: &IntervalResult) -> Option<f64> {
    i.confidence.filter(|&c| (c - CONFIDENCE).abs() > 1e-12)
}

/// A confidence level in percent, without trailing zeros: 0.9 is `90`, 0.975 is `97.5`.
pub fn percent(c: f64) -> String {
    let s = format!("{:.2}", 100.0 * c);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Every interval's coverage of its true value and mean width, each once; per endpoint the
/// arms' rates in the scenario's arm order, then the differences.
pub fn interval_rows(e: &Evaluation) -> Vec<Vec<String>> {
    let mut rows = vec![header(&["Endpoint", "Estimand", "Method", " True", " Coverage", "95% CI", " Mean width"])];
    let order = |name: &str| e.arms.iter().position(|a| a.name == name).unwrap_or(usize::MAX);
    let mut seen = Vec::new();
    for name in endpoint_names(e) {
        let mut intervals: Vec<(&EndpointResult, &IntervalResult)> = e
            .endpoints
            .iter()
            .filter(|r| r.name == name)
            .flat_map(|r| r.intervals.iter().map(move |i| (r, i)))
            .collect();
        // Stable: the differences keep their comparisons' order.
        intervals.sort_by_key(|(_, i)| (i.control.is_some(), if i.control.is_some() { 0 } else { order(&i.arm) }));
        for (r, i) in intervals {
            let estimand = match &i.control {
                Some(c) => format!("{} - {c}", i.arm),
                None => i.arm.clone(),
            };
            if seen.contains(&(&r.name, estimand.clone(), i.method)) {
                continue;
            }
            seen.push((&r.name, estimand.clone(), i.method));
            let method = match other_level(i) {
                Some(c) => format!("{} ({}%)", i.method.as_str(), percent(c)),
                None => i.method.as_str().into(),
            };
            rows.push(vec![
                r.name.clone(),
                estimand,
                method,
                share(i.true_value),
                share(i.coverage.estimate),
                interval(i.coverage.ci),
                share(i.mean_width.estimate),
            ]);
        }
    }
    rows
}
