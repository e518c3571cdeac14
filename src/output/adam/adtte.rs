//! `ADTTE`: one parameter per time-to-event endpoint: per patient the time in weeks
//! (`AVAL`) and whether it is censored (`CNSR` 1) or ends with the event (0), as the engine
//! reads it: an `[[event]]` (censored by dropout and the horizon; after a second
//! randomisation, the patients of its two sub-arms from their week), or a time read off
//! the levels (time to response, to loss of response, duration of response).

use super::Replicate;
use super::dataset::{Cell, Dataset, double, integer, text};
use super::subject::{self, paramcd};
use crate::endpoint::level_time;
use crate::scenario::EndpointKind;

/// `None` for a scenario without time-to-event endpoints.
pub fn adtte(r: &Replicate) -> Option<Dataset> {
    let s = r.scenario;
    let mut columns = subject::columns();
    columns.extend([
        text("TRTP", "Planned Treatment: the arm, or the sub-arm after a second randomisation"),
        text("PARAMCD", "Parameter Code"),
        text("PARAM", "Parameter: the endpoint"),
        double("AVAL", "Analysis Value: weeks"),
        text("AVALU", "Analysis Value Unit"),
        integer("CNSR", "Censor: 1 censored, 0 the event"),
        text("EVNTDESC", "Event or Censoring Description"),
    ]);
    let mut d = Dataset::new("ADTTE", "Time-to-Event Analysis Dataset", columns);
    let weeks = s.post_baseline_weeks();
    for (i, e) in s.endpoints.iter().enumerate().filter(|(_, e)| e.is_time()) {
        let code = format!("{}{:02}", paramcd(&e.name).chars().take(6).collect::<String>(), i + 1);
        for (p, patient) in r.patients.iter().enumerate() {
            let (treatment, pair) = match &e.kind {
                EndpointKind::TimeToEvent { event, subarms: None, .. } => {
                    (s.arms[patient.arm].name.clone(), Some(patient.events[*event]))
                }
                EndpointKind::TimeToEvent { subarms: Some(c), .. } => {
                    let rr = &s.rerandomisations[c.rerandomisation];
                    match patient.rerandomised[c.rerandomisation] {
                        Some((k, time, event)) if k == c.arm || k == c.control => {
                            (rr.subarms[k].name.clone(), Some((time, event)))
                        }
                        _ => continue,
                    }
                }
                EndpointKind::LevelTime { measure, levels, visit, .. } => {
                    let upto = &weeks[..=visit.index];
                    (s.arms[patient.arm].name.clone(), level_time::pair(*measure, levels, upto, &r.trial, p))
                }
                _ => continue,
            };
            // A duration of response counts only the patients who respond.
            let Some((time, event)) = pair else { continue };
            let mut row = subject::cells(r, patient);
            row.extend([
                Cell::from(treatment),
                Cell::from(code.as_str()),
                Cell::from(e.name.as_str()),
                Cell::from(time),
                Cell::from("WEEKS"),
                Cell::Integer(!event as i64),
                Cell::from(if event { "EVENT" } else { "CENSORED" }),
            ]);
            d.push(row);
        }
    }
    (!d.rows.is_empty()).then_some(d)
}
