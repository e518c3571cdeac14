//! Bad input never yields numbers with exit status 0: a tampered shard, the results of
//! another sweep or scenario, a sweep of the simulation settings, options that do nothing,
//! a replicate beyond the run, endpoints the format does not allow. Each is an error with
//! exit status 2 that says what is wrong.

use crate::util::{run_json, text, trialsim};
use std::path::Path;

/// Run `trialsim` with `args`; expect exit status 2 and return standard error.
fn refused(args: &[&str]) -> String {
    let out = trialsim().args(args).assert().code(2);
    String::from_utf8_lossy(&out.get_output().stderr).into_owned()
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn a_tampered_shard_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = "scenarios/retrospective-cohort.toml";
    let mut shards = Vec::new();
    for i in 1..=2 {
        let path = dir.path().join(format!("shard{i}.json"));
        trialsim()
            .args(["run", file, "-n", "600", "--format", "json", "--shard", &format!("{i}/2"), "-o"])
            .arg(&path)
            .assert()
            .success();
        shards.push(path);
    }
    let original = std::fs::read_to_string(&shards[0]).unwrap();
    let json: serde_json::Value = serde_json::from_str(&original).unwrap();
    let tampered = [
        ("/shard/tally/rejections/0", serde_json::json!(333_333_000u64)),
        ("/shard/tally/replicates", serde_json::json!(u64::MAX)),
        ("/shard/tally/rejections", serde_json::json!([1, 2, 3, 4, 5, 6, 7])),
    ];
    for (pointer, value) in tampered {
        let mut changed = json.clone();
        *changed.pointer_mut(pointer).unwrap() = value;
        std::fs::write(&shards[0], serde_json::to_string(&changed).unwrap()).unwrap();
        let stderr = refused(&["merge", path_str(&shards[0]), path_str(&shards[1])]);
        assert!(stderr.contains("is not a consistent shard"), "{pointer}: {stderr}");
    }
    // Untampered, they merge.
    std::fs::write(&shards[0], &original).unwrap();
    run_json(&["merge", path_str(&shards[0]), path_str(&shards[1])]);
}

#[test]
fn resuming_another_sweeps_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.csv");
    let sweep = |extra: &[&str]| {
        let n = if extra.contains(&"-n") { &[][..] } else { &["-n", "100"][..] };
        let mut args = vec!["sweep", "scenarios/retrospective-cohort.toml", "--vary", "trial.sample_size=20,23"];
        args.extend(n);
        args.extend(extra);
        args.extend(["-o", path_str(&out)]);
        args.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    trialsim().args(sweep(&[])).assert().success();
    let before = std::fs::read_to_string(&out).unwrap();
    for other in [&["--seed", "2"][..], &["-n", "200"], &["--skip-type1"]] {
        let mut args = sweep(other);
        args.push("--resume".into());
        let err = trialsim().args(&args).assert().code(2).get_output().stderr.clone();
        assert!(String::from_utf8_lossy(&err).contains("holds rows that are not this sweep's"), "{other:?}");
        assert_eq!(std::fs::read_to_string(&out).unwrap(), before, "{other:?}");
    }
    // The same sweep resumes (nothing is left to run).
    let mut args = sweep(&[]);
    args.push("--resume".into());
    trialsim().args(&args).assert().success();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), before);
}

#[test]
fn report_refuses_sweep_results_it_cannot_draw() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    let results = dir.path().join("results.csv");
    let report = |results: &Path| {
        refused(&[
            "report",
            "scenarios/retrospective-cohort.toml",
            "-n",
            "50",
            "-o",
            path_str(&html),
            "--sweep",
            path_str(results),
        ])
    };
    for bad in ["", "not,a,sweep\n1,2,3\n", "point,trial.sample_size,endpoint\n"] {
        std::fs::write(&results, bad).unwrap();
        let stderr = report(&results);
        assert!(stderr.contains("results.csv:"), "{bad:?}: {stderr}");
    }
    // A sweep of another scenario.
    trialsim()
        .args([
            "sweep",
            "scenarios/NCT03918265.toml",
            "--vary",
            "trial.sample_size=70,80",
            "-n",
            "50",
            "-o",
            path_str(&results),
        ])
        .assert()
        .success();
    assert!(report(&results).contains("the sweep of another scenario"));
    assert!(!html.exists(), "nothing was written");
}

#[test]
fn options_and_values_that_would_do_nothing_are_refused() {
    let file = "scenarios/retrospective-cohort.toml";
    assert!(refused(&["sweep", file, "--vary", "simulation.seed=1,2"]).contains("the same at every point"));
    assert!(refused(&["sweep", file, "--vary", "simulation.replicates=100,200"]).contains("the same at every point"));
    assert!(refused(&["run", file, "--max-replicates", "100"]).contains("--precision"));
    assert!(refused(&["run", file, "--precision", "0.01", "--max-replicates", "0"]).contains("--max-replicates"));
    assert!(refused(&["export", file, "--replicate", "10000"]).contains("is not part of a run of 10000 replicates"));
    trialsim().args(["export", file, "--replicate", "10000", "-n", "10001"]).assert().success();
}

#[test]
fn scenarios_the_format_does_not_allow_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.toml");
    let check = |content: String| {
        std::fs::write(&file, content).unwrap();
        refused(&["check", path_str(&file)])
    };
    let nct = text("scenarios/NCT05694130.toml");
    // A response endpoint with a test of time to event.
    for test in ["log-rank", "rate-difference"] {
        let changed = nct.replacen("test = \"chi-square\"", &format!("test = \"{test}\""), 1);
        assert!(check(changed).contains("a binary endpoint is tested with"), "{test}");
    }
    // Everybody gone before the first visit.
    assert!(check(nct.replacen("dropout = 0.10", "dropout = 1", 1)).contains("no patient is left"));
    // Two primary endpoints.
    assert!(
        check(nct.replacen("name = \"CR at week 4\"", "name = \"CR at week 4\"\nprimary = true", 1))
            .contains("only one endpoint is primary")
    );
    // No endpoint at all.
    let cohort = text("scenarios/retrospective-cohort.toml");
    let cut = cohort.find("[[endpoint]]").unwrap();
    assert!(check(cohort[..cut].to_string()).contains("expected at least one [[endpoint]]"));
}

#[test]
fn messages_call_files_what_they_are_and_numbers_short() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.json");
    assert!(refused(&["merge", path_str(&missing)]).contains("cannot read shard"));
    let garbage = dir.path().join("garbage.json");
    std::fs::write(&garbage, "garbage").unwrap();
    assert!(refused(&["merge", path_str(&garbage)]).contains("shard"));
    let csv = dir.path().join("missing.csv");
    let report = dir.path().join("r.html");
    let file = "scenarios/NCT05694130-primary.toml";
    let args = ["report", file, "--sweep", path_str(&csv), "-o", path_str(&report)];
    assert!(refused(&args).contains("cannot read sweep results"));
    // A value echoed in full would take 300 digits; a Rust type is never named.
    let scenario = dir.path().join("s.toml");
    let nct = text("scenarios/NCT05694130.toml");
    std::fs::write(&scenario, nct.replacen("dropout = 0.10", "dropout = 1e300", 1)).unwrap();
    let message = refused(&["check", path_str(&scenario)]);
    assert!(message.contains("found 1e300") && message.len() < 300, "{message}");
    std::fs::write(&scenario, nct.replacen("sample_size = 110", "sample_size = 110.0", 1)).unwrap();
    let message = refused(&["check", path_str(&scenario)]);
    assert!(message.contains("expected a whole number of 0 or more, found 110.0"), "{message}");
    assert!(!message.contains("u32") && !message.contains("u64"), "{message}");
}
