//! `trialsim report`: one self-contained HTML page (inline SVG, no scripts, no network)
//! with the design, the operating characteristics and the charts.

use super::charts::charts;
use super::design::describe;
use super::family_table::partial_null_lines;
use super::intercurrent_table::intercurrent_lines;
use super::mmrm_table::mmrm_lines;
use super::power_curves::power_curves;
use super::sections::{adjusted_power_rows, interval_rows, joint_rows, observed_rows, with_exact};
use super::sequential_table::{headline, look_rows, summary_lines};
use super::sweep_rows::SweepRow;
use super::table::{ABOVE_ALPHA, TRUE_RATE_NULL};
use super::text::{interval, share};
use crate::evaluation::Evaluation;
use crate::evaluation::result::EndpointResult;
use crate::scenario::Scenario;
use std::fmt::Write;

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Rows (the first the header) as an HTML table.
fn html_table(rows: &[Vec<String>]) -> String {
    let mut h = String::from("<table>");
    for (i, row) in rows.iter().enumerate() {
        let cell = if i == 0 { "th" } else { "td" };
        h.push_str("<tr>");
        for c in row {
            let _ = write!(h, "<{cell}>{}</{cell}>", html_escape(c.trim()));
        }
        h.push_str("</tr>");
    }
    h.push_str("</table>\n");
    h
}

/// The whole report as one HTML page.
pub fn html(s: &Scenario, e: &Evaluation, sweep: Option<(&[String], &[SweepRow])>) -> String {
    let mut h = String::new();
    let title = format!("{}{}", s.name, s.title.as_deref().map(|t| format!(": {t}")).unwrap_or_default());
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title>\n\
         <style>body{{font-family:sans-serif;margin:2em;max-width:1400px}}table{{border-collapse:collapse}}\
         td,th{{border:1px solid #ccc;padding:3px 8px;text-align:right}}td:first-child,th:first-child{{text-align:left}}\
         .charts svg{{margin:4px;border:1px solid #eee;width:600px;height:auto}}.above{{color:#b00020}}</style></head><body>\n<h1>{}</h1>\n",
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
        let _ = writeln!(
            h,
            "<tr><td>{}{}</td><td>{}</td><td>{} {}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            html_escape(&r.name),
            if r.primary { " (primary)" } else { "" },
            html_escape(&r.arm),
            r.test.as_str(),
            r.alternative.as_str(),
            share(r.power.estimate),
            interval(r.power.ci),
            r.exact_power.map_or("-".into(), share),
            r.type1_error.map_or("skipped".into(), |t| share(t.estimate)),
            r.type1_error.map_or("-".into(), |t| interval(t.ci))
                + if r.type1_error_above_alpha { " <strong class=\"above\">!</strong>" } else { "" }
        );
    }
    h.push_str("</table>\n");
    let differing: Vec<_> = e.endpoints.iter().filter(|r| r.true_rate_null_differs()).collect();
    if !differing.is_empty() {
        let _ = writeln!(
            h,
            "<h3>Type-I error with the true response rates on the null boundary</h3>\n<p>{}</p>\n\
             <table><tr><th>Endpoint</th><th>Arm</th><th>Type-I error</th><th>95% CI</th><th>Exact</th></tr>",
            html_escape(TRUE_RATE_NULL)
        );
        for r in differing {
            let t = r.type1_error_true_rate.expect("differs only where it exists");
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                html_escape(&r.name),
                html_escape(&r.arm),
                share(t.estimate),
                interval(t.ci),
                r.exact_type1_error_true_rate.map_or("-".into(), share)
                    + if r.type1_error_true_rate_above_alpha { " <strong class=\"above\">!</strong>" } else { "" }
            );
        }
        h.push_str("</table>\n");
    }
    let above = |r: &EndpointResult| {
        r.type1_error_above_alpha || r.type1_error_true_rate_above_alpha && r.true_rate_null_differs()
    };
    if e.endpoints.iter().any(above) {
        let _ = writeln!(h, "<p class=\"above\"><strong>!</strong> {}.</p>", html_escape(ABOVE_ALPHA));
    }
    if let Some(f) = e.family.as_ref().filter(|f| f.fwer_above_alpha) {
        let fwer = f.fwer.map_or(String::new(), |x| format!("{} {}", share(x.estimate), interval(x.ci)));
        let _ = writeln!(
            h,
            "<p class=\"above\"><strong>!</strong> {} family: FWER under the global null {fwer}, wholly above its alpha {}.</p>",
            f.method.as_str(),
            f.alpha
        );
    }
    if let Some(g) = &e.sequential {
        let _ = writeln!(h, "<h2>Interim analyses</h2>\n<p>{}</p>", html_escape(&headline(g)));
        h.push_str(&html_table(&look_rows(g)));
        for line in summary_lines(g).lines() {
            let _ = writeln!(h, "<p>{}</p>", html_escape(line));
        }
    }
    if let Some(f) = &e.family {
        let _ = writeln!(h, "<h2>Multiplicity: {} at family-wise alpha {}</h2>", f.method.as_str(), f.alpha);
        h.push_str(&html_table(&adjusted_power_rows(e, f)));
        let fwer = f.fwer.map_or("skipped".into(), |x| with_exact(&x, f.exact_fwer));
        let _ = writeln!(
            h,
            "<p>P(reject at least one) {}; P(reject all) {}; FWER under the global null {fwer}.</p>",
            with_exact(&f.reject_any, f.exact_reject_any),
            with_exact(&f.reject_all, f.exact_reject_all),
        );
    }
    if let Some(f) = e.family.as_ref().filter(|f| !f.partial_nulls.is_empty() || !f.p_value_correlations.is_empty()) {
        let _ = writeln!(
            h,
            "<h3>{} family: partial nulls and p-value dependence</h3>\n<pre{}>{}</pre>",
            f.method.as_str(),
            if f.hochberg_at_risk || f.partial_nulls.iter().any(|p| p.fwer_above_alpha) {
                " class=\"above\""
            } else {
                ""
            },
            html_escape(&partial_null_lines(f))
        );
    }
    if !e.arms_jointly.is_empty() {
        let _ = writeln!(h, "<h2>Compared arms together</h2>");
        h.push_str(&html_table(&joint_rows(e)));
    }
    for (title, lines) in
        [("MMRM fits", mmrm_lines(e)), ("Intercurrent events: rescue and dropout", intercurrent_lines(e))]
    {
        if !lines.is_empty() {
            let _ = writeln!(h, "<h2>{title}</h2>\n<pre>{}</pre>", html_escape(&lines));
        }
    }
    let _ = writeln!(h, "<h2>Observed per arm over replicates</h2>");
    h.push_str(&html_table(&observed_rows(e)));
    let _ = writeln!(h, "<h2>Interval estimation: coverage of the true value and mean width</h2>");
    h.push_str(&html_table(&interval_rows(e)));
    let _ = writeln!(h, "<h2>Charts</h2>\n<div class=\"charts\">");
    for (_, svg) in charts(s, e) {
        h.push_str(&svg);
    }
    if let Some((axes, rows)) = sweep {
        let _ = writeln!(h, "</div>\n<h2>Sweep</h2>\n<div class=\"charts\">");
        for (_, svg) in power_curves(axes, rows) {
            h.push_str(&svg);
        }
    }
    let provenance = super::text::provenance_line(&e.provenance, Some(e.seed));
    let _ = writeln!(h, "</div>\n<p class=\"provenance\">{}</p>", html_escape(&provenance));
    h.push_str("</body></html>\n");
    h
}
