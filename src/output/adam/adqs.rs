//! `ADQS`: the scores (ESSDAI, DAS28, ...) per patient and visit, a parameter each.

use super::Replicate;
use super::dataset::{Cell, Dataset, double, integer, text};
use super::subject::{self, paramcd, visit_name};

/// `None` for a scenario without scores.
pub fn adqs(r: &Replicate) -> Option<Dataset> {
    let s = r.scenario;
    if s.scores.is_empty() {
        return None;
    }
    let mut columns = subject::columns();
    columns.extend([
        text("PARAMCD", "Parameter Code"),
        text("PARAM", "Parameter"),
        text("AVISIT", "Analysis Visit"),
        integer("AVISITN", "Analysis Visit (N): the week"),
        double("AVAL", "Analysis Value"),
        double("BASE", "Baseline Value"),
        double("CHG", "Change from Baseline"),
        text("ABLFL", "Baseline Record Flag"),
        text("ANL01FL", "Analysis Flag 01: a post-baseline value"),
    ]);
    let mut d = Dataset::new("ADQS", "Questionnaire and Score Analysis Dataset", columns);
    for p in &r.patients {
        for (k, score) in s.scores.iter().enumerate() {
            let base = p.score_baselines[k];
            let mut row = |week: u32, value: f64, baseline: bool| {
                let mut row = subject::cells(r, p);
                row.extend([
                    Cell::from(paramcd(&score.name)),
                    Cell::from(score.name.as_str()),
                    Cell::from(visit_name(week)),
                    Cell::Integer(week as i64),
                    Cell::from(value),
                    Cell::from(base),
                    if baseline { Cell::Missing } else { Cell::from(value - base) },
                    Cell::from(if baseline { "Y" } else { "" }),
                    Cell::from(if baseline { "" } else { "Y" }),
                ]);
                d.push(row);
            };
            row(0, base, true);
            for (v, &week) in p.visits.iter().zip(s.post_baseline_weeks()) {
                if let Some(value) = v.scores[k] {
                    row(week, value, false);
                }
            }
        }
    }
    Some(d)
}
