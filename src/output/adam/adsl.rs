//! `ADSL`: one row per patient.

use super::Replicate;
use super::dataset::{Cell, Dataset, double, integer, text};
use super::subject::{self, level_name};

pub fn adsl(r: &Replicate) -> Dataset {
    let s = r.scenario;
    let mut columns = subject::columns();
    columns.extend([
        text("SUBJID", "Subject Identifier for the Study"),
        text("ARM", "Description of Planned Arm"),
        text("ITTFL", "Intent-To-Treat Population Flag"),
        double("ENTRYWK", "Calendar Week of Entry"),
        double("BASE", &format!("Baseline {}", s.marker.name)),
        text("BASECAT1", "Baseline Level"),
        text("EOSSTT", "End of Study Status"),
        integer("LSTVISWK", "Week of Last Post-baseline Visit Attended (0: none)"),
        integer("RESCWK", "Week of First Visit after Rescue"),
    ]);
    for (i, rr) in s.rerandomisations.iter().enumerate() {
        columns.push(text(
            &format!("TRT{:02}P", i + 2),
            &format!("Sub-arm at the second randomisation of {} (week {})", s.arms[rr.arm].name, rr.week),
        ));
    }
    let mut d = Dataset::new("ADSL", "Subject-Level Analysis Dataset", columns);
    let weeks = s.post_baseline_weeks();
    for (p, patient) in r.patients.iter().enumerate() {
        let seen = patient.visits.iter().take_while(|v| v.value.is_some()).count();
        let mut row = subject::cells(r, patient);
        row.extend([
            Cell::from(patient.number.to_string()),
            Cell::from(s.arms[patient.arm].name.as_str()),
            Cell::from("Y"),
            Cell::from(patient.entry_week),
            Cell::from(patient.baseline),
            Cell::from(level_name(r, patient.baseline_level)),
            Cell::from(if seen == weeks.len() { "COMPLETED" } else { "DISCONTINUED" }),
            Cell::Integer(if seen == 0 { 0 } else { weeks[seen - 1] as i64 }),
            match r.trial.rescued_from(p) {
                j if j < weeks.len() && r.trial.has_rescue() => Cell::Integer(weeks[j] as i64),
                _ => Cell::Missing,
            },
        ]);
        for (rr, sub) in s.rerandomisations.iter().zip(&patient.rerandomised) {
            row.push(sub.map_or(Cell::Missing, |(k, _, _)| Cell::from(rr.subarms[k].name.as_str())));
        }
        d.push(row);
    }
    d
}
