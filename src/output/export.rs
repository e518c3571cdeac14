//! `trialsim export`: the patients of one simulated trial as CSV, visit by visit.

use super::csv_lines::CsvLines;
use crate::evaluation::patients::Patient;
use crate::scenario::Scenario;
use crate::scenario::provenance::Provenance;

/// The patients as CSV: one row per patient and visit (week 0 is the baseline) with columns
/// `arm`, `patient` (1-based across the trial, arm after arm), `week`, `value`, `level`, one per score, and
/// `dropped_out`; then per `[[event]]` `EVENT_time` and `EVENT_status` (the follow-up in
/// weeks and 1/0 for the event) and per `[[rerandomisation]]` `sub_arm`, `sub_time` and
/// `sub_status` (suffixed `_2`, `_3`, ... from the second on), filled on the week-0 row
/// only (the sub-arm columns for patients randomised again); with `[accrual]` last
/// `calendar_week`, the week of the row's visit from the first patient's entry (on week 0,
/// the patient's entry); last, on the week-0 rows, where the file comes from: `seed`,
/// `scenario_sha256`, `schema_version` and `trialsim_version`.
///
/// # Examples
///
/// ```
/// use std::path::Path;
/// use trialsim::Scenario;
/// use trialsim::evaluation::patients::patients;
/// use trialsim::output::export::patients_csv;
/// let s = Scenario::load(Path::new("scenarios/retrospective-cohort.toml")).unwrap();
/// let csv = patients_csv(&s, 1, &patients(&s, 1, 0));
/// assert!(csv.starts_with("arm,patient,week,value,level,dropped_out,seed,scenario_sha256,schema_version,trialsim_version\n"));
/// assert_eq!(csv.lines().count(), 1 + 23 * 5);
/// ```
pub fn patients_csv(s: &Scenario, seed: u64, patients: &[Patient]) -> String {
    let decimals = s.marker.resolution.decimals();
    let mut csv = CsvLines::new();
    let head = ["arm", "patient", "week", "value", "level"];
    let mut header: Vec<String> = head.into_iter().map(String::from).collect();
    header.extend(s.scores.iter().map(|sc| sc.name.clone()));
    header.push("dropped_out".into());
    for e in &s.events {
        header.extend([format!("{}_time", e.name), format!("{}_status", e.name)]);
    }
    for r in 0..s.rerandomisations.len() {
        let suffix = if r == 0 { String::new() } else { format!("_{}", r + 1) };
        header.extend(["sub_arm", "sub_time", "sub_status"].map(|c| format!("{c}{suffix}")));
    }
    let calendar = s.accrual.is_some();
    if calendar {
        header.push("calendar_week".into());
    }
    // Where the file comes from, on each patient's week-0 row.
    header.extend(["seed", "scenario_sha256", "schema_version", "trialsim_version"].map(String::from));
    let provenance = Provenance::new(Some(&s.origin.text));
    let origin = [
        seed.to_string(),
        provenance.scenario_sha256.clone().unwrap_or_default(),
        provenance.schema_version.to_string(),
        provenance.trialsim_version.clone(),
    ];
    csv.record(&header);
    // The columns after `dropped_out`, empty on the post-baseline rows.
    let extra = 2 * s.events.len() + 3 * s.rerandomisations.len();
    // Times in full precision (the shortest text that reads back as the same number).
    let status = |e: bool| if e { "1" } else { "0" };
    let level_name = |k: usize| s.levels.get(k).map_or("NR", |l| l.name.as_str());
    let mut row: Vec<String> = Vec::new();
    for p in patients {
        let arm = &s.arms[p.arm].name;
        // Week 0: the baseline and the level it would count as.
        row.clear();
        row.extend([arm.clone(), p.number.to_string(), "0".into(), format!("{:.*}", decimals, p.baseline)]);
        row.push(level_name(p.baseline_level).into());
        row.extend(
            s.scores.iter().zip(&p.score_baselines).map(|(sc, b)| format!("{:.*}", sc.resolution.decimals(), b)),
        );
        row.push("false".into());
        for &(time, event) in &p.events {
            row.extend([time.to_string(), status(event).into()]);
        }
        for (r, sub) in s.rerandomisations.iter().zip(&p.rerandomised) {
            match sub {
                Some((k, time, event)) => {
                    row.extend([r.subarms[*k].name.clone(), time.to_string(), status(*event).into()])
                }
                None => row.extend([String::new(), String::new(), String::new()]),
            }
        }
        if calendar {
            row.push(p.entry_week.to_string());
        }
        row.extend(origin.iter().cloned());
        csv.record(&row);
        for (j, visit) in p.visits.iter().enumerate() {
            row.clear();
            row.extend([arm.clone(), p.number.to_string(), s.visits[j + 1].to_string()]);
            match visit.value {
                Some((value, level)) => row.extend([format!("{value:.decimals$}"), level_name(level).into()]),
                None => row.extend([String::new(), String::new()]),
            }
            let score = |(sc, v): (&crate::scenario::Score, &Option<f64>)| {
                v.map_or(String::new(), |v| format!("{:.*}", sc.resolution.decimals(), v))
            };
            row.extend(s.scores.iter().zip(&visit.scores).map(score));
            row.push(visit.value.is_none().to_string());
            row.extend(std::iter::repeat_n(String::new(), extra));
            if calendar {
                row.push((p.entry_week + s.visits[j + 1] as f64).to_string());
            }
            row.extend(std::iter::repeat_n(String::new(), origin.len()));
            csv.record(&row);
        }
    }
    csv.finish()
}
