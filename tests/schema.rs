//! The JSON Schemas in `schema/`: current with the types they are generated from; every
//! scenario file validates against the scenario schema; every kind of JSON output of every
//! scenario validates against the output schema, and one without its provenance does not.

use crate::util::{path, simulate, trialsim};
use serde_json::Value;
use trialsim::output::schema::output_schema;
use trialsim::scenario::schema::scenario_schema;

fn committed(name: &str) -> String {
    std::fs::read_to_string(path(&format!("schema/{name}.schema.json"))).unwrap()
}

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::validator_for(schema).expect("the schema is a valid JSON Schema")
}

/// The errors of `instance` against `v`, as text (empty: valid).
fn errors(v: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

#[test]
fn the_committed_schemas_are_current() {
    for (name, schema) in [("scenario", scenario_schema()), ("output", output_schema())] {
        let fresh = serde_json::to_string_pretty(&schema).unwrap() + "\n";
        assert!(
            committed(name) == fresh,
            "schema/{name}.schema.json is out of date: run `trialsim schema {name} -o schema/{name}.schema.json`"
        );
    }
    // The command writes the committed file.
    let out = trialsim().args(["schema", "output"]).output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), committed("output"));
}

/// Every scenario file the project ships or tests with, as JSON.
fn scenario_files() -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for dir in ["scenarios", "tests/scenarios", "tests/scenarios/analyse"] {
        for entry in std::fs::read_dir(path(dir)).unwrap() {
            let p = entry.unwrap().path();
            if p.extension().is_some_and(|e| e == "toml") {
                files.push(p);
            }
        }
    }
    files
}

#[test]
fn every_scenario_validates_and_unknown_keys_do_not() {
    let v = validator(&scenario_schema());
    let files = scenario_files();
    assert!(files.len() > 30, "{} scenario files", files.len());
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let json: Value = toml::from_str(&text).unwrap();
        assert_eq!(errors(&v, &json), Vec::<String>::new(), "{}", file.display());
    }
    let text = std::fs::read_to_string(path("scenarios/NCT05694130-primary.toml")).unwrap();
    let mut json: Value = toml::from_str(&text).unwrap();
    json["trial"]["sample_sise"] = 110.into();
    assert!(!v.is_valid(&json), "a misspelt key");
    let mut json: Value = toml::from_str(&text).unwrap();
    json["trial"]["sample_size"] = "many".into();
    assert!(!v.is_valid(&json), "a string for a number");
    let mut json: Value = toml::from_str(&text).unwrap();
    json["endpoint"][0]["alternative"] = "bigger".into();
    assert!(!v.is_valid(&json), "an unknown alternative");
}

/// Every scenario's run output (with the null worlds), and its provenance.
#[test]
fn every_run_output_validates_and_carries_its_provenance() {
    let v = validator(&output_schema());
    for entry in std::fs::read_dir(path("scenarios")).unwrap() {
        let file = entry.unwrap().path();
        let s = trialsim::Scenario::load(&file).unwrap();
        let json = serde_json::to_value(simulate(&s, 300, 7, None)).unwrap();
        assert_eq!(errors(&v, &json), Vec::<String>::new(), "{}", file.display());
        let text = std::fs::read_to_string(&file).unwrap();
        assert_eq!(json["scenario_sha256"], trialsim::scenario::provenance::sha256(&text));
        assert_eq!(json["schema_version"], trialsim::scenario::provenance::SCHEMA_VERSION);
        assert_eq!(json["trialsim_version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(json["seed"], 7);
        for key in ["schema_version", "trialsim_version", "seed", "scenario_sha256"] {
            let mut without = json.clone();
            without.as_object_mut().unwrap().remove(key);
            assert!(!v.is_valid(&without), "{}: an output without `{key}` validates", file.display());
        }
    }
}

/// The outputs of `size`, `simon`, `sweep --format json`, a shard and `analyse --format
/// json`, written by the command, validate; each carries its provenance.
#[test]
fn size_simon_sweep_shard_and_analyse_outputs_validate() {
    let v = validator(&output_schema());
    let primary = path("scenarios/NCT05694130-primary.toml");
    let run = |args: &[&str]| {
        let out = trialsim().args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let p = primary.to_str().unwrap();
    let mut documents: Vec<(String, Value)> = Vec::new();
    let size = run(&["size", p, "--target-power", "0.6", "-n", "300", "--format", "json"]);
    documents.push(("size".into(), serde_json::from_str(&size).unwrap()));
    let simon = run(&["simon", "--p0", "0.1", "--p1", "0.3", "--format", "json"]);
    documents.push(("simon".into(), serde_json::from_str(&simon).unwrap()));
    let sweep = run(&["sweep", p, "--vary", "trial.sample_size=60:100:20", "-n", "200", "--format", "json"]);
    for line in sweep.lines() {
        documents.push(("sweep".into(), serde_json::from_str(line).unwrap()));
    }
    let cstar = path("scenarios/CSTAR008.toml");
    let shard = run(&["run", cstar.to_str().unwrap(), "-n", "300", "--shard", "1/2", "--format", "json"]);
    documents.push(("shard".into(), serde_json::from_str(&shard).unwrap()));
    let nct = path("scenarios/NCT05694130.toml");
    let analysis = run(&["analyse", nct.to_str().unwrap(), "--replicate", "2", "--format", "json"]);
    documents.push(("analyse".into(), serde_json::from_str(&analysis).unwrap()));
    assert_eq!(documents.len(), 7);
    for (what, json) in &documents {
        assert_eq!(errors(&v, json), Vec::<String>::new(), "{what}");
        assert_eq!(json["schema_version"], trialsim::scenario::provenance::SCHEMA_VERSION, "{what}");
        assert_eq!(json["trialsim_version"], env!("CARGO_PKG_VERSION"), "{what}");
        let mut without = json.clone();
        without.as_object_mut().unwrap().remove("schema_version");
        assert!(!v.is_valid(&without), "{what} without schema_version validates");
    }
    let text = std::fs::read_to_string(&primary).unwrap();
    let hash = trialsim::scenario::provenance::sha256(&text);
    assert_eq!(documents[0].1["scenario_sha256"], hash.as_str());
    assert_eq!(documents[2].1["scenario_sha256"], hash.as_str());
    assert_eq!(documents[1].1["scenario_sha256"], Value::Null);
    assert_eq!(documents[1].1["optimal"]["n"], 29);
}

/// The tables (`run`, `analyse`, `size`, `simon`) and the HTML report end with the
/// provenance line.
#[test]
fn the_table_and_the_report_carry_the_provenance() {
    let file = path("scenarios/NCT05694130-primary.toml");
    let hash = trialsim::scenario::provenance::sha256(&std::fs::read_to_string(&file).unwrap());
    let line = format!("trialsim {}, output schema 1, seed 5, scenario SHA-256 {hash}", env!("CARGO_PKG_VERSION"));
    let out = trialsim().arg("run").arg(&file).args(["-n", "100", "--seed", "5"]).output().unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().trim_end().ends_with(&line));
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("r.html");
    trialsim().arg("report").arg(&file).args(["-n", "100", "--seed", "5", "-o"]).arg(&report).assert().success();
    assert!(std::fs::read_to_string(&report).unwrap().contains(&line));
    // So do the tables of `analyse`, `size` and `simon` (without a scenario: no hash).
    let last = |args: &[&str]| {
        let out = trialsim().arg(args[0]).arg(&file).args(&args[1..]).output().unwrap();
        String::from_utf8(out.stdout).unwrap().trim_end().lines().last().unwrap().to_string()
    };
    assert_eq!(last(&["analyse", "--replicate", "2", "--seed", "5"]), line);
    assert_eq!(last(&["size", "--target-power", "0.6", "-n", "100", "--seed", "5"]), line);
    let simon = trialsim().args(["simon", "--p0", "0.1", "--p1", "0.3"]).output().unwrap();
    let simon = String::from_utf8(simon.stdout).unwrap();
    assert_eq!(
        simon.trim_end().lines().last().unwrap(),
        format!("trialsim {}, output schema 1", env!("CARGO_PKG_VERSION"))
    );
}
