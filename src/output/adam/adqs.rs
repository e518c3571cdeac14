//! `ADQS`: the scores (ESSDAI, DAS28, ...) per patient and visit, a parameter each.

use super::Replicate;
use super::dataset::Dataset;
use super::subject::{bds_columns, bds_row, paramcd};

/// `None` for a scenario without scores.
pub fn adqs(r: &Replicate) -> Option<Dataset> {
    let s = r.scenario;
    if s.scores.is_empty() {
        return None;
    }
    let mut d = Dataset::new("ADQS", "Questionnaire and Score Analysis Dataset", bds_columns(None));
    for p in &r.patients {
        for (k, score) in s.scores.iter().enumerate() {
            let (code, base) = (paramcd(&score.name), p.score_baselines[k]);
            d.push(bds_row(r, p, (&code, &score.name), 0, base, base, None));
            for (v, &week) in p.visits.iter().zip(s.post_baseline_weeks()) {
                if let Some(value) = v.scores[k] {
                    d.push(bds_row(r, p, (&code, &score.name), week, value, base, None));
                }
            }
        }
    }
    Some(d)
}
