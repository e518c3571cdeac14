//! `trialsim export`: the patients of one simulated trial, visit by visit: exactly the data
//! the engine used for that replicate.

use crate::model::{MISSING, Model, TrialBuffer, stream, trial};
use crate::scenario::Scenario;
use crate::scenario::level::classify;
use std::fmt::Write;

/// Replicate `replicate` of the scenario under `seed`, as CSV: one row per patient and
/// visit (week 0 is the baseline) with columns `arm`, `patient` (1-based within the arm),
/// `week`, `value`, `level`, one per score, and `dropped_out`.
///
/// # Examples
///
/// ```
/// use std::path::Path;
/// use trialsim::Scenario;
/// let s = Scenario::load(Path::new("scenarios/retrospective-cohort.toml")).unwrap();
/// let csv = trialsim::output::export::patients_csv(&s, 1, 0);
/// assert!(csv.starts_with("arm,patient,week,value,level,dropped_out\n"));
/// assert_eq!(csv.lines().count(), 1 + 23 * 5);
/// ```
pub fn patients_csv(s: &Scenario, seed: u64, replicate: u64) -> String {
    let model = Model::new(s);
    let mut buf = TrialBuffer::new(&model);
    let mut rng = stream::generator(seed);
    trial::simulate(&model, &model.actual, &mut rng, replicate, &mut buf);
    let decimals = s.marker.resolution.decimals();
    let quote =
        |t: &str| if t.contains([',', '"']) { format!("\"{}\"", t.replace('"', "\"\"")) } else { t.to_string() };
    let mut out = String::from("arm,patient,week,value,level");
    for sc in &s.scores {
        out.push(',');
        out.push_str(&quote(&sc.name));
    }
    out.push_str(",dropped_out\n");
    let level_name = |k: usize| if k == s.levels.len() { "NR".to_string() } else { s.levels[k].name.clone() };
    let visits = model.visits();
    for (a, arm) in s.arms.iter().enumerate() {
        for (i, p) in (buf.arm_start[a]..buf.arm_start[a + 1]).enumerate() {
            let baseline = buf.baseline[p];
            // Week 0: the baseline and the level it would count as.
            let _ = write!(
                out,
                "{},{},0,{:.*},{}",
                quote(&arm.name),
                i + 1,
                decimals,
                baseline,
                level_name(classify(&s.levels, baseline, baseline))
            );
            for (k, sc) in s.scores.iter().enumerate() {
                let _ = write!(out, ",{:.*}", sc.resolution.decimals(), buf.score_baseline[k][p]);
            }
            out.push_str(",false\n");
            for j in 0..visits {
                let cell = p * visits + j;
                let missing = buf.level[cell] == MISSING;
                let _ = write!(out, "{},{},{},", quote(&arm.name), i + 1, s.visits[j + 1]);
                if !missing {
                    let _ = write!(out, "{:.*},{}", decimals, buf.values[cell], level_name(buf.level[cell] as usize));
                } else {
                    out.push(',');
                }
                for (k, sc) in s.scores.iter().enumerate() {
                    let v = buf.score_values[k][cell];
                    if v.is_nan() {
                        out.push(',');
                    } else {
                        let _ = write!(out, ",{:.*}", sc.resolution.decimals(), v);
                    }
                }
                let _ = writeln!(out, ",{missing}");
            }
        }
    }
    out
}
