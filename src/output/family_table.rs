//! The multiplicity family's partial nulls and p-value dependence, as lines of the table
//! and paragraphs of the report.

use super::text::{columns, interval, share};
use crate::evaluation::result::FamilyResult;
use std::fmt::Write;

/// The note under a Hochberg family whose p-values are negatively correlated.
pub const HOCHBERG_AT_RISK: &str = "Hochberg's procedure controls the FWER when the p-values are positively dependent (PRDS); a pair of them is negatively correlated here, so that control is not guaranteed: the simulated FWER above is what this design gives, or use Holm";

/// The table's lines: the FWER under each partial null (the worst marked), then the
/// p-value correlations and, for Hochberg, the note on its assumption.
pub fn partial_null_lines(f: &FamilyResult) -> String {
    let mut out = String::new();
    if !f.partial_nulls.is_empty() {
        let _ = writeln!(out, "  FWER under partial nulls (the listed hypotheses true, the others as assumed):");
        let exact = f.partial_nulls.iter().any(|p| p.exact_fwer.is_some());
        let mut rows = vec![vec!["True hypotheses".to_string(), "   FWER".into(), "95% CI".into(), String::new()]];
        if exact {
            rows[0].insert(3, "  Exact".into());
        }
        for (i, p) in f.partial_nulls.iter().enumerate() {
            let mark = match (p.fwer_above_alpha, f.worst_partial_null == Some(i)) {
                (true, true) => "! worst",
                (true, false) => "!",
                (false, true) => "worst",
                (false, false) => "",
            };
            let mut row = vec![p.true_hypotheses.join(" + "), share(p.fwer.estimate), interval(p.fwer.ci), mark.into()];
            if exact {
                row.insert(3, p.exact_fwer.map_or("-".into(), share));
            }
            rows.push(row);
        }
        // Indented under the family's lines.
        for line in columns(&rows).lines() {
            let _ = writeln!(out, "  {}", line.trim_end());
        }
        if f.partial_nulls.iter().any(|p| p.fwer_above_alpha) {
            let _ = writeln!(out, "  ! FWER above the family's alpha: its 95% interval lies wholly above {}", f.alpha);
        }
    }
    for c in &f.p_value_correlations {
        let _ = writeln!(
            out,
            "  p-value correlation under the global null, {} ~ {}: {:.3} {}",
            c.hypotheses[0],
            c.hypotheses[1],
            c.correlation.estimate,
            interval(c.correlation.ci)
        );
    }
    if f.hochberg_at_risk {
        let _ = writeln!(out, "  ! {HOCHBERG_AT_RISK}");
    }
    out
}
