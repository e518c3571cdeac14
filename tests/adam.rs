//! `trialsim export --format adam`: CDISC ADaM datasets of one replicate, as CSV and as
//! Dataset-JSON 1.1. Every Dataset-JSON file validates against CDISC's schema (MIT licence,
//! `tests/fixtures/dataset-json/`) and holds the CSV's cells; every endpoint recomputed from
//! the datasets equals the engine's analysis of that replicate (`analyse --replicate K`).

use crate::util::{path, run_json, trialsim};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use trialsim::scenario::{EndpointKind, LevelTime, Source, Strategy};

type Rows = Vec<BTreeMap<String, String>>;

fn export(scenario: &str, replicate: u64, seed: u64, dir: &Path) {
    let (k, s) = (replicate.to_string(), seed.to_string());
    let args = ["export", scenario, "--replicate", &k, "--seed", &s, "--format", "adam", "--output"];
    trialsim().args(args).arg(dir).env("SOURCE_DATE_EPOCH", "1764028800").assert().success();
}

fn read_csv(file: &Path) -> Rows {
    let mut reader = csv::Reader::from_path(file).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    reader.records().map(|r| header.iter().cloned().zip(r.unwrap().iter().map(String::from)).collect()).collect()
}

fn schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(path("tests/fixtures/dataset-json/dataset-json-1.1.schema.json")).unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
}

#[test]
fn every_dataset_json_file_validates_and_holds_the_csv() {
    let v = schema();
    let mut files = 0;
    for entry in std::fs::read_dir(path("scenarios")).unwrap() {
        let scenario = entry.unwrap().path();
        let dir = tempfile::tempdir().unwrap();
        export(scenario.to_str().unwrap(), 2, 5, dir.path());
        for file in std::fs::read_dir(dir.path()).unwrap() {
            let file = file.unwrap().path();
            if file.extension().unwrap() != "json" {
                continue;
            }
            files += 1;
            let json: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
            let errors: Vec<String> = v.iter_errors(&json).map(|e| format!("{e} at {}", e.instance_path())).collect();
            assert!(errors.is_empty(), "{}: {errors:?}", file.display());
            assert_eq!(json["datasetJSONVersion"], "1.1.0");
            assert_eq!(json["datasetJSONCreationDateTime"], "2025-11-25T00:00:00Z");
            // The CSV beside it: the same columns, rows and cells.
            let csv = read_csv(&file.with_extension("csv"));
            let columns: Vec<&str> =
                json["columns"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
            let rows = json["rows"].as_array().unwrap();
            assert_eq!(json["records"], rows.len());
            assert_eq!(rows.len(), csv.len(), "{}", file.display());
            for (row, line) in rows.iter().zip(&csv) {
                for ((cell, name), column) in
                    row.as_array().unwrap().iter().zip(&columns).zip(json["columns"].as_array().unwrap())
                {
                    let text = &line[*name];
                    match (column["dataType"].as_str().unwrap(), cell) {
                        (_, Value::Null) => assert_eq!(text, "", "{name}"),
                        ("string", Value::String(s)) => assert_eq!(text, s, "{name}"),
                        ("integer", Value::Number(n)) => assert_eq!(text, &n.as_i64().unwrap().to_string()),
                        ("double", Value::Number(n)) => assert_eq!(text.parse::<f64>().unwrap(), n.as_f64().unwrap()),
                        (t, c) => panic!("{}: column {name} of type {t} holds {c}", file.display()),
                    }
                }
            }
        }
    }
    assert!(files > 40, "{files} Dataset-JSON files");
}

/// Per arm (or sub-arm): `(analysed, responders or events, sum of changes)`.
fn tally(rows: &[&BTreeMap<String, String>], arm_column: &str) -> BTreeMap<String, (usize, usize, f64)> {
    let mut out: BTreeMap<String, (usize, usize, f64)> = BTreeMap::new();
    for r in rows {
        let t = out.entry(r[arm_column].clone()).or_default();
        t.0 += 1;
        t.1 += usize::from(r.get("AVALC").is_some_and(|v| v == "Y") || r.get("CNSR").is_some_and(|v| v == "0"));
        t.2 += r.get("CHG").and_then(|c| c.parse::<f64>().ok()).unwrap_or(0.0);
    }
    out
}

/// NCT05694130 with change and area endpoints under every strategy after its rescue.
fn with_strategies(dir: &Path) -> std::path::PathBuf {
    let mut text = std::fs::read_to_string(path("scenarios/NCT05694130.toml")).unwrap();
    let endpoints = [
        ("auc", "treatment-policy"),
        ("auc", "while-on-treatment"),
        ("change", "hypothetical"),
        ("change", "while-on-treatment"),
    ];
    for (kind, strategy) in endpoints {
        let endpoint = format!(
            "[[endpoint]]\nname = \"ESSPRI {kind} {strategy}\"\nkind = \"{kind}\"\nscore = \"ESSPRI\"\nweek = 12\n\
             test = \"welch-t\"\nstrategy = \"{strategy}\"\n\n[simulation]"
        );
        text = text.replacen("[simulation]", &endpoint, 1);
    }
    let file = dir.join("strategies.toml");
    std::fs::write(&file, text).unwrap();
    file
}

#[test]
fn endpoints_recomputed_from_the_datasets_equal_the_engines() {
    let (mut binary, mut times, mut changes, mut mmrm) = (0, 0, 0, 0);
    let extra = tempfile::tempdir().unwrap();
    let files = [
        path("scenarios/NCT05694130.toml"),
        path("scenarios/CSTAR008.toml"),
        path("scenarios/ITP-durable-response.toml"),
        path("scenarios/rheumatoid-arthritis-tacrolimus-mtx.toml"),
        path("scenarios/dose-ranging-itp.toml"),
        path("scenarios/retrospective-cohort.toml"),
        path("tests/scenarios/level_time.toml"),
        path("tests/scenarios/rescue.toml"),
        with_strategies(extra.path()),
    ];
    for full in &files {
        let f = full.to_str().unwrap();
        let s = trialsim::Scenario::load(full).unwrap();
        let dir = tempfile::tempdir().unwrap();
        export(f, 4, 11, dir.path());
        let analysis = run_json(&["analyse", f, "--replicate", "4", "--seed", "11", "--format", "json"]);
        let datasets: BTreeMap<String, Rows> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().unwrap() == "csv")
            .map(|p| (p.file_stem().unwrap().to_str().unwrap().to_uppercase(), read_csv(&p)))
            .collect();
        for entry in analysis["endpoints"].as_array().unwrap() {
            let name = entry["name"].as_str().unwrap();
            let endpoint = s.endpoints.iter().find(|e| e.name == name).unwrap();
            let by_arm = match &endpoint.kind {
                _ if endpoint.is_binary() => {
                    let d = datasets.iter().find(|(k, d)| k.starts_with("ADRS") && d[0]["PARAM"] == name).unwrap().1;
                    assert_eq!(d.len(), datasets["ADSL"].len(), "{name}: a row per patient");
                    binary += 1;
                    tally(&d.iter().filter(|r| r["ANL01FL"] == "Y").collect::<Vec<_>>(), "TRT01P")
                }
                _ if endpoint.is_time() => {
                    times += 1;
                    tally(&datasets["ADTTE"].iter().filter(|r| r["PARAM"] == name).collect::<Vec<_>>(), "TRTP")
                }
                EndpointKind::Change { source, visit, area } => {
                    changes += 1;
                    if endpoint.mmrm.is_some() {
                        check_mmrm(&s, endpoint, entry, &datasets);
                        mmrm += 1;
                    }
                    change_tally(&s, endpoint.strategy, (*source, visit.index, area.is_some()), &datasets)
                }
                EndpointKind::LevelTime { measure: LevelTime::WeeksIn, levels, visit, .. } => {
                    changes += 1;
                    weeks_in_tally(&s, levels, visit.index, &datasets)
                }
                _ => continue,
            };
            for data in entry["data"].as_array().unwrap() {
                let arm = data["arm"].as_str().unwrap();
                let (n, hits, sum) = by_arm.get(arm).copied().unwrap_or_default();
                assert_eq!(n as u64, data["analysed"].as_u64().unwrap(), "{f}: {name}, {arm}: analysed");
                if let Some(r) = data.get("responders") {
                    assert_eq!(hits as u64, r.as_u64().unwrap(), "{f}: {name}, {arm}: responders");
                }
                if let Some(e) = data.get("events") {
                    assert_eq!(hits as u64, e.as_u64().unwrap(), "{f}: {name}, {arm}: events");
                }
                if let Some(m) = data.get("mean_change").and_then(Value::as_f64) {
                    let mean = sum / n as f64;
                    assert!((mean - m).abs() < 1e-9, "{f}: {name}, {arm}: mean change {mean} vs {m}");
                }
            }
        }
    }
    assert!(
        binary >= 15 && times >= 6 && changes >= 11 && mmrm >= 1,
        "checked {binary} binary, {times} time, {changes} change ({mmrm} MMRM) endpoints"
    );
}

/// Weeks in the levels recomputed from ADLB's `AVALCAT1`: per patient, the weeks since the
/// previous visit summed over the visits up to the endpoint's with a value in the levels;
/// per arm `(patients, 0, sum of their weeks)`.
fn weeks_in_tally(
    s: &trialsim::Scenario,
    levels: &[usize],
    index: usize,
    datasets: &BTreeMap<String, Rows>,
) -> BTreeMap<String, (usize, usize, f64)> {
    let names: Vec<&str> = levels.iter().map(|&k| s.levels[k].name.as_str()).collect();
    let weeks = &s.post_baseline_weeks()[..=index];
    let mut inside: BTreeMap<(String, u32), bool> = BTreeMap::new();
    for r in &datasets["ADLB"] {
        inside.insert((r["USUBJID"].clone(), r["AVISITN"].parse().unwrap()), names.contains(&r["AVALCAT1"].as_str()));
    }
    let mut out: BTreeMap<String, (usize, usize, f64)> = BTreeMap::new();
    for subject in &datasets["ADSL"] {
        let mut previous = 0;
        let mut total = 0.0;
        for &w in weeks {
            if inside.get(&(subject["USUBJID"].clone(), w)) == Some(&true) {
                total += (w - previous) as f64;
            }
            previous = w;
        }
        let t = out.entry(subject["TRT01P"].clone()).or_default();
        t.0 += 1;
        t.2 += total;
    }
    out
}

/// Per patient (in ADSL's order): the arm, the baseline and the value standing for each
/// post-baseline visit up to `index` under the strategy, as an analysis program reads them
/// from ADSL (`RESCWK`) and ADLB or ADQS: after rescue the value itself under treatment
/// policy, none under the composite and hypothetical strategies, the last value before
/// rescue while on treatment.
fn standing_values(
    s: &trialsim::Scenario,
    strategy: Strategy,
    (source, index): (Source, usize),
    datasets: &BTreeMap<String, Rows>,
) -> Vec<(String, f64, Vec<Option<f64>>)> {
    let (dataset, param) = match source {
        Source::Marker => ("ADLB", datasets["ADLB"][0]["PARAM"].clone()),
        Source::Score(k) => ("ADQS", s.scores[k].name.clone()),
    };
    let weeks = s.post_baseline_weeks();
    let mut values: BTreeMap<(String, u32), f64> = BTreeMap::new();
    for r in datasets[dataset].iter().filter(|r| r["PARAM"] == param) {
        values.insert((r["USUBJID"].clone(), r["AVISITN"].parse().unwrap()), r["AVAL"].parse().unwrap());
    }
    datasets["ADSL"]
        .iter()
        .map(|subject| {
            let id = &subject["USUBJID"];
            let rescued = subject["RESCWK"].parse::<u32>().ok().map(|w| weeks.iter().position(|&x| x == w).unwrap());
            let at = |i: usize| values.get(&(id.clone(), weeks[i])).copied();
            let standing = (0..=index)
                .map(|j| match rescued {
                    Some(r) if j >= r => match strategy {
                        Strategy::TreatmentPolicy => at(j),
                        Strategy::Composite | Strategy::Hypothetical => None,
                        Strategy::WhileOnTreatment => r.checked_sub(1).and_then(at),
                    },
                    _ => at(j),
                })
                .collect();
            (subject["TRT01P"].clone(), values[&(id.clone(), 0)], standing)
        })
        .collect()
}

/// A change endpoint recomputed from [`standing_values`]: the change at the endpoint's
/// visit, or the area under the change curve through (0, 0) per week; per arm
/// `(patients, 0, sum of their changes)`.
fn change_tally(
    s: &trialsim::Scenario,
    strategy: Strategy,
    (source, index, area): (Source, usize, bool),
    datasets: &BTreeMap<String, Rows>,
) -> BTreeMap<String, (usize, usize, f64)> {
    let weeks = s.post_baseline_weeks();
    let mut out: BTreeMap<String, (usize, usize, f64)> = BTreeMap::new();
    for (arm, base, standing) in standing_values(s, strategy, (source, index), datasets) {
        let Some(value) = standing[index] else { continue };
        let y = if area {
            let Some(changes) = standing.iter().map(|v| v.map(|v| v - base)).collect::<Option<Vec<f64>>>() else {
                continue;
            };
            let (mut sum, mut previous) = (0.0, (0.0, 0.0));
            for (j, change) in changes.into_iter().enumerate() {
                let here = (weeks[j] as f64, change);
                sum += 0.5 * (previous.1 + here.1) * (here.0 - previous.0);
                previous = here;
            }
            sum / previous.0
        } else {
            value - base
        };
        let t = out.entry(arm).or_default();
        t.0 += 1;
        t.2 += y;
    }
    out
}

/// An MMRM endpoint's contrast refitted from the datasets (every arm, the changes at the
/// visits up to the endpoint's, missing where nothing stands) with the stats crate: the
/// estimate, standard error, degrees of freedom and p-value `analyse` reports.
fn check_mmrm(
    s: &trialsim::Scenario,
    endpoint: &trialsim::scenario::Endpoint,
    entry: &Value,
    datasets: &BTreeMap<String, Rows>,
) {
    use trialsim_stats::mmrm::Mmrm;
    let EndpointKind::Change { source, visit, .. } = &endpoint.kind else { unreachable!() };
    let options = endpoint.mmrm.unwrap();
    let arm_index = |name: &str| s.arms.iter().position(|a| a.name == name).unwrap();
    let mut model = Mmrm::new(s.arms.len(), visit.index + 1, options.covariance);
    for (arm, base, standing) in standing_values(s, endpoint.strategy, (*source, visit.index), datasets) {
        let changes: Vec<f64> = standing.iter().map(|v| v.map_or(f64::NAN, |v| v - base)).collect();
        model.push(arm_index(&arm), base, &changes);
    }
    model.fit().unwrap();
    let (arm, control) = (arm_index(entry["arm"].as_str().unwrap()), arm_index(entry["control"].as_str().unwrap()));
    let t = model.contrast(arm, control, visit.index, options.df, endpoint.alternative, 0.95).unwrap();
    let close = |a: f64, b: &Value| (a - b.as_f64().unwrap()).abs() <= 1e-9 * a.abs().max(1.0);
    assert!(
        close(t.difference, &entry["estimate"]),
        "{}: estimate {} vs {}",
        endpoint.name,
        t.difference,
        entry["estimate"]
    );
    assert!(close(t.se, &entry["standard_error"]), "{}: SE {} vs {}", endpoint.name, t.se, entry["standard_error"]);
    assert!(close(t.df, &entry["df"]), "{}: df {} vs {}", endpoint.name, t.df, entry["df"]);
    assert!(close(t.p, &entry["p_value"]), "{}: p {} vs {}", endpoint.name, t.p, entry["p_value"]);
}

#[test]
fn the_files_are_reproducible_and_a_directory_is_required() {
    let file = path("scenarios/CSTAR008.toml");
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    export(file.to_str().unwrap(), 1, 3, a.path());
    export(file.to_str().unwrap(), 1, 3, b.path());
    let mut names = Vec::new();
    for entry in std::fs::read_dir(a.path()).unwrap() {
        let name = entry.unwrap().file_name();
        assert_eq!(std::fs::read(a.path().join(&name)).unwrap(), std::fs::read(b.path().join(&name)).unwrap());
        names.push(name.into_string().unwrap());
    }
    names.sort();
    assert_eq!(
        names,
        ["adlb.csv", "adlb.json", "adrs01.csv", "adrs01.json", "adsl.csv", "adsl.json", "adtte.csv", "adtte.json"]
    );
    let out =
        trialsim().args(["export", file.to_str().unwrap(), "--replicate", "1", "--format", "adam"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--output DIR"));
    // The ADSL rows are the export's patients.
    let adsl = read_csv(&a.path().join("adsl.csv"));
    assert_eq!(adsl.len(), 220);
    let subjects: std::collections::BTreeSet<&String> = adsl.iter().map(|r| &r["USUBJID"]).collect();
    assert_eq!(subjects.len(), 220);
}
