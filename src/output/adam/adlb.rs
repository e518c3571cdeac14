//! `ADLB`: the marker per patient and visit (the baseline and every visit with a value).

use super::Replicate;
use super::dataset::Dataset;
use super::subject::{bds_columns, bds_row, level_name, paramcd};

pub fn adlb(r: &Replicate) -> Dataset {
    let s = r.scenario;
    let columns = bds_columns(Some("Analysis Value Category 1: the level"));
    let mut d = Dataset::new("ADLB", "Laboratory Analysis Dataset: the marker", columns);
    let param =
        if s.marker.unit.is_empty() { s.marker.name.clone() } else { format!("{} ({})", s.marker.name, s.marker.unit) };
    let code = paramcd(&s.marker.name);
    for p in &r.patients {
        let level = |k: usize| Some(level_name(r, k));
        d.push(bds_row(r, p, (&code, &param), 0, p.baseline, p.baseline, level(p.baseline_level)));
        for (v, &week) in p.visits.iter().zip(s.post_baseline_weeks()) {
            if let Some((value, k)) = v.value {
                d.push(bds_row(r, p, (&code, &param), week, value, p.baseline, level(k)));
            }
        }
    }
    d
}
