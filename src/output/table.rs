//! The table for people: power with its interval and type-I error per endpoint, the
//! observed rates per arm, and the simulated response rates beside the specified ones.

use super::exporter::Exporter;
use super::family_table::partial_null_lines;
use super::hazard_table::hazard_lines;
use super::intercurrent_table::intercurrent_lines;
use super::mmrm_table::mmrm_lines;
use super::sections::{adjusted_power_rows, interval_rows, joint_rows, observed_rows, other_level, with_exact};
use super::sequential_table::sequential_lines;
use super::text::{columns, interval, share};
use crate::evaluation::Evaluation;
use std::fmt::Write;
use trialsim_stats::Alternative;

pub struct TableExporter;

/// The note beside a type-I error above its level, in the table and the report.
pub const ABOVE_ALPHA: &str = "type-I error above alpha: its simulated 95% interval lies wholly above alpha, or its exact value exceeds alpha; the test is anticonservative at this design";

/// What the two type-I errors of a response endpoint assume, in the table and the report.
pub const TRUE_RATE_NULL: &str = "Operating characteristics put the proportion the test analyses on the null boundary (under non-responder imputation: responders of all patients, rate x retention); here the true response rates are on it instead, and dropout moves the analysed proportions off it.";

impl Exporter for TableExporter {
    fn render(&self, e: &Evaluation) -> String {
        let mut out = String::new();
        let title = e.title.as_deref().map(|t| format!(": {t}")).unwrap_or_default();
        let _ = writeln!(out, "{}{title}", e.scenario);
        let arms: Vec<String> = e.arms.iter().map(|a| format!("{} (n = {})", a.name, a.n)).collect();
        let _ =
            writeln!(out, "{} design, {}; {} replicates, seed {}\n", e.design, arms.join(", "), e.replicates, e.seed);
        if let Some(a) = &e.accrual {
            let w = &a.last_entry_week;
            let _ = writeln!(
                out,
                "Accrual: every patient in by week {:.1} as planned; simulated last entry week median {:.1} (95% of replicates {:.1} to {:.1}); randomisation: {}.\n",
                a.planned_weeks, w.q50, w.q025, w.q975, a.randomisation
            );
        }

        let _ = writeln!(out, "Operating characteristics");
        let mut rows = vec![header(&[
            "Endpoint",
            "Arm",
            "Test",
            "Alternative",
            " alpha",
            " Power",
            "95% CI",
            " Exact",
            " Type-I error",
            " Exact",
        ])];
        for r in &e.endpoints {
            let star = if r.primary { " *" } else { "" };
            rows.push(vec![
                format!("{}{star}", r.name),
                r.arm.clone(),
                r.test.as_str().into(),
                r.alternative.as_str().into(),
                format!("{}", r.alpha),
                share(r.power.estimate),
                interval(r.power.ci),
                r.exact_power.map_or("-".into(), share),
                r.type1_error.map_or("skipped".into(), |t| share(t.estimate)),
                r.exact_type1_error.map_or("-".into(), share) + if r.type1_error_above_alpha { " !" } else { "" },
            ]);
        }
        out.push_str(&columns(&rows));
        if e.endpoints.iter().any(|r| r.primary) {
            out.push_str("  * primary endpoint\n");
        }
        if e.endpoints.iter().any(|r| r.type1_error_above_alpha) {
            let _ = writeln!(out, "  ! {ABOVE_ALPHA}");
        }
        let _ = writeln!(
            out,
            "  Power and type-I error: share of replicates rejecting (95% Clopper-Pearson interval); Exact: by enumeration."
        );
        if e.endpoints.iter().any(|r| r.true_rate_null_differs()) {
            let _ = writeln!(
                out,
                "  Type-I error: the proportion the test analyses on the null boundary; with the true response rates on it, below."
            );
        }
        for r in e.endpoints.iter().filter(|r| r.margin.is_some()) {
            let bound = r.alternative.null_difference(r.margin.unwrap_or(0.0));
            let op = if r.alternative == Alternative::Less { "<" } else { ">" };
            let _ = writeln!(out, "  {}: H1 is {} minus control {op} {bound}.", r.name, r.arm);
        }
        for r in &e.endpoints {
            if let Some(t) = &r.simon {
                let _ = writeln!(
                    out,
                    "  {}: two-stage rule {}/{}, {}/{}: early termination {} (exact {}), expected size {:.1} (exact {:.1})",
                    r.name,
                    t.r1,
                    t.n1,
                    t.r,
                    t.n,
                    share(t.early_termination.estimate),
                    share(t.exact_early_termination),
                    t.expected_sample_size,
                    t.exact_expected_sample_size
                );
                if let (Some(p), Some(x), Some(en), Some(xen)) = (
                    t.early_termination_null.map(|x| x.estimate),
                    t.exact_early_termination_null,
                    t.expected_sample_size_null,
                    t.exact_expected_sample_size_null,
                ) {
                    let _ = writeln!(
                        out,
                        "    under the null rate: early termination {} (exact {}), expected size {en:.1} (exact {xen:.1})",
                        share(p),
                        share(x)
                    );
                }
            }
        }
        if let Some(p) = &e.precision {
            let verdict = if p.met { "met" } else { "NOT met: allow more replicates" };
            let _ = writeln!(
                out,
                "  Precision: largest 95% half-width {:.4}, target {} ({verdict}).",
                p.half_width, p.target
            );
        }
        out.push('\n');
        out.push_str(&sequential_lines(e));

        let differing: Vec<_> = e.endpoints.iter().filter(|r| r.true_rate_null_differs()).collect();
        if !differing.is_empty() {
            let _ = writeln!(out, "Type-I error with the true response rates on the null boundary");
            let mut rows = vec![header(&["Endpoint", "Arm", " Type-I error", "95% CI", " Exact"])];
            for r in differing {
                let t = r.type1_error_true_rate.expect("differs only where it exists");
                rows.push(vec![
                    r.name.clone(),
                    r.arm.clone(),
                    share(t.estimate),
                    interval(t.ci),
                    r.exact_type1_error_true_rate.map_or("-".into(), share)
                        + if r.type1_error_true_rate_above_alpha { " !" } else { "" },
                ]);
            }
            out.push_str(&columns(&rows));
            let _ = writeln!(out, "  {TRUE_RATE_NULL}");
            if e.endpoints.iter().any(|r| r.type1_error_true_rate_above_alpha && r.true_rate_null_differs()) {
                let _ = writeln!(out, "  ! {ABOVE_ALPHA}");
            }
            out.push('\n');
        }

        if let Some(f) = &e.family {
            let _ = writeln!(out, "Multiplicity: {} at family-wise alpha {}", f.method.as_str(), f.alpha);
            out.push_str(&columns(&adjusted_power_rows(e, f)));
            let _ = writeln!(out, "  P(reject at least one) {}", with_exact(&f.reject_any, f.exact_reject_any));
            let _ = writeln!(out, "  P(reject all)          {}", with_exact(&f.reject_all, f.exact_reject_all));
            match f.fwer {
                Some(x) => {
                    let _ = writeln!(out, "  FWER under the global null {}", with_exact(&x, f.exact_fwer));
                    if f.fwer_above_alpha {
                        let _ = writeln!(
                            out,
                            "  ! FWER above the family's alpha: its 95% interval lies wholly above {}",
                            f.alpha
                        );
                    }
                }
                None => {
                    let _ = writeln!(out, "  FWER under the global null: skipped");
                }
            }
            out.push_str(&partial_null_lines(f));
            out.push('\n');
        }
        if !e.arms_jointly.is_empty() {
            let _ = writeln!(
                out,
                "Compared arms together: at least one, and every one, of an endpoint's comparisons rejected"
            );
            out.push_str(&columns(&joint_rows(e)));
            out.push('\n');
        }

        out.push_str(&hazard_lines(e));
        out.push_str(&mmrm_lines(e));
        out.push_str(&intercurrent_lines(e));
        let _ = writeln!(
            out,
            "Observed per arm over replicates: rate (binary), mean change (change), event probability (time to event)"
        );
        out.push_str(&columns(&observed_rows(e)));
        out.push('\n');

        let marked = e.endpoints.iter().flat_map(|r| &r.intervals).any(|i| other_level(i).is_some());
        let levels = if marked { "95% intervals unless marked" } else { "95% intervals" };
        let intervals = interval_rows(e);
        // (Without any interval, e.g. with rescue, the section is left out.)
        if intervals.len() > 1 {
            let _ = writeln!(out, "Interval estimation ({levels}): coverage of the true value and mean width");
            out.push_str(&columns(&intervals));
            out.push('\n');
        }

        let _ = writeln!(out, "Response rates among patients still in the trial: specified vs simulated");
        let mut rows = vec![header(&["Arm", "Level", " Week", " Specified", " Simulated", " 2.5%", " 97.5%"])];
        for r in &e.response_rates {
            rows.push(vec![
                r.arm.clone(),
                r.level.clone(),
                r.week.to_string(),
                share(r.specified),
                share(r.observed.mean.estimate),
                share(r.observed.q025),
                share(r.observed.q975),
            ]);
        }
        out.push_str(&columns(&rows));
        let _ = writeln!(out, "\n{}", super::text::provenance_line(&e.provenance, Some(e.seed)));
        out
    }
}

fn header(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}
