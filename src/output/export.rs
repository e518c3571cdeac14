//! `trialsim export`: the patients of one simulated trial as CSV, visit by visit.

use super::csv_lines::CsvLines;
use crate::evaluation::patients::Patient;
use crate::scenario::Scenario;

/// The patients as CSV: one row per patient and visit (week 0 is the baseline) with columns
/// `arm`, `patient` (1-based within the arm), `week`, `value`, `level`, one per score, and
/// `dropped_out`.
///
/// # Examples
///
/// ```
/// use std::path::Path;
/// use trialsim::Scenario;
/// use trialsim::evaluation::patients::patients;
/// use trialsim::output::export::patients_csv;
/// let s = Scenario::load(Path::new("scenarios/retrospective-cohort.toml")).unwrap();
/// let csv = patients_csv(&s, &patients(&s, 1, 0));
/// assert!(csv.starts_with("arm,patient,week,value,level,dropped_out\n"));
/// assert_eq!(csv.lines().count(), 1 + 23 * 5);
/// ```
pub fn patients_csv(s: &Scenario, patients: &[Patient]) -> String {
    let decimals = s.marker.resolution.decimals();
    let mut csv = CsvLines::new();
    let head = ["arm", "patient", "week", "value", "level"];
    csv.record(head.into_iter().chain(s.scores.iter().map(|sc| sc.name.as_str())).chain(["dropped_out"]));
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
            csv.record(&row);
        }
    }
    csv.finish()
}
