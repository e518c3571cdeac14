//! The table's section on intercurrent events: per arm and week, the share of patients
//! rescued before that visit and the share dropped out by it.

use super::text::columns;
use crate::evaluation::Evaluation;

/// The section, empty without `[[rescue]]`.
pub fn intercurrent_lines(e: &Evaluation) -> String {
    if e.intercurrent_events.is_empty() {
        return String::new();
    }
    let mut rows = vec![["Arm", " Week", " Rescued", " Dropped out"].map(String::from).to_vec()];
    for r in &e.intercurrent_events {
        rows.push(vec![
            r.arm.clone(),
            r.week.to_string(),
            format!("{:.4}", r.rescued),
            format!("{:.4}", r.dropped_out),
        ]);
    }
    let mut out = String::from("Intercurrent events: share of each arm's patients by week\n");
    out.push_str(&columns(&rows));
    out.push_str(
        "  Rescued: the visit comes after rescue began; Dropped out: no value at the visit. Each endpoint counts visits after rescue by its strategy.\n\n",
    );
    out
}
