//! `trialsim export`: the patients of one simulated trial as CSV, visit by visit.

use crate::evaluation::patients::Patient;
use crate::scenario::Scenario;
use std::fmt::Write;

/// A CSV field, quoted when it holds a comma or a quote.
fn quote(t: &str) -> String {
    if t.contains([',', '"', '\n']) { format!("\"{}\"", t.replace('"', "\"\"")) } else { t.to_string() }
}

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
    let mut out = String::from("arm,patient,week,value,level");
    for sc in &s.scores {
        out.push(',');
        out.push_str(&quote(&sc.name));
    }
    out.push_str(",dropped_out\n");
    let level_name = |k: usize| s.levels.get(k).map_or("NR", |l| l.name.as_str());
    for p in patients {
        let arm = quote(&s.arms[p.arm].name);
        // Week 0: the baseline and the level it would count as.
        let _ = write!(out, "{arm},{},0,{:.*},{}", p.number, decimals, p.baseline, level_name(p.baseline_level));
        for (sc, b) in s.scores.iter().zip(&p.score_baselines) {
            let _ = write!(out, ",{:.*}", sc.resolution.decimals(), b);
        }
        out.push_str(",false\n");
        for (j, visit) in p.visits.iter().enumerate() {
            let _ = write!(out, "{arm},{},{},", p.number, s.visits[j + 1]);
            match visit.value {
                Some((value, level)) => {
                    let _ = write!(out, "{value:.decimals$},{}", level_name(level));
                }
                None => out.push(','),
            }
            for (sc, v) in s.scores.iter().zip(&visit.scores) {
                match v {
                    Some(v) => {
                        let _ = write!(out, ",{:.*}", sc.resolution.decimals(), v);
                    }
                    None => out.push(','),
                }
            }
            let _ = writeln!(out, ",{}", visit.value.is_none());
        }
    }
    out
}
