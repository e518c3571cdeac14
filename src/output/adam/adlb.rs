//! `ADLB`: the marker per patient and visit (the baseline and every visit with a value).

use super::Replicate;
use super::dataset::{Cell, Dataset, double, integer, text};
use super::subject::{self, level_name, paramcd, visit_name};

pub fn adlb(r: &Replicate) -> Dataset {
    let s = r.scenario;
    let mut columns = subject::columns();
    columns.extend([
        text("PARAMCD", "Parameter Code"),
        text("PARAM", "Parameter"),
        text("AVISIT", "Analysis Visit"),
        integer("AVISITN", "Analysis Visit (N): the week"),
        double("AVAL", "Analysis Value"),
        double("BASE", "Baseline Value"),
        double("CHG", "Change from Baseline"),
        text("AVALCAT1", "Analysis Value Category 1: the level"),
        text("ABLFL", "Baseline Record Flag"),
        text("ANL01FL", "Analysis Flag 01: a post-baseline value"),
    ]);
    let mut d = Dataset::new("ADLB", "Laboratory Analysis Dataset: the marker", columns);
    let param =
        if s.marker.unit.is_empty() { s.marker.name.clone() } else { format!("{} ({})", s.marker.name, s.marker.unit) };
    for p in &r.patients {
        let row = |week: u32, value: f64, level: usize, baseline: bool| {
            let mut row = subject::cells(r, p);
            row.extend([
                Cell::from(paramcd(&s.marker.name)),
                Cell::from(param.as_str()),
                Cell::from(visit_name(week)),
                Cell::Integer(week as i64),
                Cell::from(value),
                Cell::from(p.baseline),
                if baseline { Cell::Missing } else { Cell::from(value - p.baseline) },
                Cell::from(level_name(r, level)),
                Cell::from(if baseline { "Y" } else { "" }),
                Cell::from(if baseline { "" } else { "Y" }),
            ]);
            row
        };
        d.push(row(0, p.baseline, p.baseline_level, true));
        for (v, &week) in p.visits.iter().zip(s.post_baseline_weeks()) {
            if let Some((value, level)) = v.value {
                d.push(row(week, value, level, false));
            }
        }
    }
    d
}
