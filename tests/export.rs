//! `trialsim export`: the patients of a replicate are exactly the data the engine used: an
//! endpoint computed from the export equals the engine's.

use crate::util::{run_json, stdout};

fn rows(csv: &str) -> Vec<Vec<String>> {
    csv.lines().skip(1).map(|l| l.split(',').map(String::from).collect()).collect()
}

#[test]
fn endpoints_from_the_export_equal_the_engines() {
    let file = "scenarios/NCT05694130.toml";
    // A run of one replicate is replicate 0: its observed rates are that trial's.
    let json = run_json(&["run", file, "-n", "1", "--seed", "99", "--skip-type1", "--format", "json"]);
    let csv = stdout(&["export", file, "--replicate", "0", "--seed", "99"]);
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    assert_eq!(
        header,
        [
            "arm",
            "patient",
            "week",
            "value",
            "level",
            "ESSDAI",
            "ESSPRI",
            "dropped_out",
            "seed",
            "scenario_sha256",
            "schema_version",
            "trialsim_version"
        ]
    );
    let rows = rows(&csv);
    assert_eq!(rows.len(), 110 * 4);
    let endpoint =
        |name: &str| json["endpoints"].as_array().unwrap().iter().find(|e| e["name"] == name).unwrap().clone();
    for arm in ["Prednisolone + Tacrolimus", "Prednisolone"] {
        let of_arm: Vec<&Vec<String>> = rows.iter().filter(|r| r[0] == arm).collect();
        let n = of_arm.iter().filter(|r| r[2] == "0").count() as f64;
        let of_endpoint = |name: &str, what: &str| {
            let e = endpoint(name);
            e["arms"].as_array().unwrap().iter().find(|a| a["name"] == arm).unwrap()[what]["mean"].as_f64().unwrap()
        };
        // Every response endpoint, non-responder imputation: the level among all enrolled.
        for level in ["CR", "PR"] {
            for week in ["4", "8", "12"] {
                let count = of_arm.iter().filter(|r| r[2] == week && r[4] == level).count() as f64;
                let name = format!("{level} at week {week}");
                assert_eq!(count / n, of_endpoint(&name, "rate"), "{arm}: {name}");
            }
        }
        // Both change endpoints at week 12 among patients with a value (complete case).
        for (score, column) in [("ESSDAI", 5), ("ESSPRI", 6)] {
            let baseline: std::collections::HashMap<&str, f64> =
                of_arm.iter().filter(|r| r[2] == "0").map(|r| (r[1].as_str(), r[column].parse().unwrap())).collect();
            let changes: Vec<f64> = of_arm
                .iter()
                .filter(|r| r[2] == "12" && r[7] == "false")
                .map(|r| r[column].parse::<f64>().unwrap() - baseline[r[1].as_str()])
                .collect();
            let mean = changes.iter().sum::<f64>() / changes.len() as f64;
            let engine = of_endpoint(&format!("{score} change at week 12"), "mean_change");
            assert!((mean - engine).abs() < 1e-9, "{arm}: {score} change {mean} vs {engine}");
        }
        // Dropped-out visits have no value and no level.
        for r in of_arm.iter().filter(|r| r[7] == "true") {
            assert!(r[3].is_empty() && r[4].is_empty());
        }
    }
}

#[test]
fn export_is_reproducible_and_replicates_differ() {
    let file = "scenarios/retrospective-cohort.toml";
    let get = |k: &str| stdout(&["export", file, "--replicate", k]);
    assert_eq!(get("7"), get("7"));
    assert_ne!(get("7"), get("8"));
}

#[test]
fn patients_are_numbered_once_across_the_trial() {
    // Three arms of 40: patients 1 to 120, arm after arm, each with one baseline row.
    let csv = stdout(&["export", "tests/scenarios/analyse/change.toml", "--replicate", "0"]);
    let baseline: Vec<Vec<String>> = rows(&csv).into_iter().filter(|r| r[2] == "0").collect();
    let numbers: Vec<usize> = baseline.iter().map(|r| r[1].parse().unwrap()).collect();
    assert_eq!(numbers, (1..=120).collect::<Vec<_>>());
    let arms: Vec<&str> = baseline.iter().map(|r| r[0].as_str()).collect();
    assert_eq!([arms[0], arms[40], arms[80]], ["low", "high", "control"]);
}
