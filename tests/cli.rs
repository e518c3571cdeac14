//! The command line: bad scenarios exit with status 2 and name the line and column;
//! good ones are checked and run.

use crate::util::{path, run_json, stdout, text, trialsim};

fn nct_text() -> String {
    text("scenarios/NCT05694130.toml")
}

/// Run `trialsim check` on text; return (status, stderr).
fn check_text(text: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, text).unwrap();
    let out = trialsim().arg("check").arg(&path).output().unwrap();
    (out.status.code().unwrap(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// The 1-based line and column where `needle` starts in `text`.
fn position(text: &str, needle: &str) -> (usize, usize) {
    let offset = text.find(needle).expect("needle in text");
    let before = &text[..offset];
    (before.matches('\n').count() + 1, offset - before.rfind('\n').map_or(0, |i| i + 1) + 1)
}

fn assert_error(text: &str, needle: &str, key: &str, words: &str) {
    let (code, stderr) = check_text(text);
    assert_eq!(code, 2, "{stderr}");
    let (line, col) = position(text, needle);
    assert!(stderr.contains(&format!("bad.toml:{line}:{col}:")), "expected line {line} column {col} in: {stderr}");
    assert!(stderr.contains(&format!("key `{key}`")), "expected key {key} in: {stderr}");
    assert!(stderr.contains(words), "expected '{words}' in: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_typo_in_a_key_is_an_error_at_the_key() {
    let text = nct_text().replace("persistence = 0.7", "persistance = 0.7");
    assert_error(&text, "persistance", "marker.persistance", "unknown field `persistance`");
}

#[test]
fn a_rate_of_1_3_is_an_error_at_the_rate() {
    let text = nct_text().replace("CR = [0.30, 0.40, 0.55]", "CR = [0.30, 1.3, 0.55]");
    assert_error(&text, "1.3", "arm[0].rates.CR[1]", "expected a rate in [0, 1], found 1.3");
}

#[test]
fn rates_summing_above_one_are_an_error_at_the_visit() {
    let text = nct_text().replace(
        "rates = { CR = [0.20, 0.25, 0.30], PR = [0.30, 0.25, 0.20] }",
        "rates = { CR = [0.20, 0.25, 0.70], PR = [0.30, 0.25, 0.50] }",
    );
    assert_error(&text, "0.50] }", "arm[1].rates.PR[2]", "the rates at week 12 sum to 1.2");
}

#[test]
fn a_week_that_is_not_a_visit_is_an_error_at_the_week() {
    let text = nct_text().replacen("week = 12\nmissing", "week = 10\nmissing", 1);
    assert_error(&text, "10\nmissing", "endpoint[0].week", "week 10 is not a post-baseline visit");
}

#[test]
fn other_mistakes_name_their_key() {
    let nct = nct_text();
    let cases = [
        (
            nct.replace("visits = [0, 4, 8, 12]", "visits = [0, 8, 4, 12]"),
            "4, 12]",
            "trial.visits[2]",
            "strictly increasing",
        ),
        (
            nct.replace("control = \"Prednisolone\"", "control = \"Placebo\""),
            "\"Placebo\"",
            "trial.control",
            "unknown control arm `Placebo`",
        ),
        (
            nct.replacen("levels = [\"PR\"]", "levels = [\"VGPR\"]", 1),
            "\"VGPR\"",
            "endpoint[3].levels[0]",
            "unknown level `VGPR`",
        ),
        (
            nct.replace("test = \"chi-square\"\nalternative", "test = \"chi-squared\"\nalternative"),
            "\"chi-squared\"",
            "endpoint[0].test",
            "unknown variant",
        ),
        (
            nct.replace("above = 100.0", "below = 100.0"),
            "100.0        # registry",
            "level[0].below",
            "higher is better",
        ),
    ];
    for (text, needle, key, words) in cases {
        assert_error(&text, needle, key, words);
    }
}

#[test]
fn an_unreachable_level_is_reported_by_check() {
    // "PR: at least 30 and twice the baseline" sits above CR (>= 40) for baselines over 20.
    let text = nct_text().replace("above = 100.0 ", "at_least = 40.0").replace(
        "at_least = 50.0      # registry: platelet counts 50-100 x 10^9/L",
        "at_least = 30.0\nfold_of_baseline = 2.0",
    );
    let (code, stderr) = check_text(&text);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("key `level[1]`") && stderr.contains("cannot be reached by a patient with baseline"),
        "{stderr}"
    );
}

#[test]
fn invalid_toml_is_an_error_with_a_position() {
    let (code, stderr) = check_text("[trial\nname = 1\n");
    assert_eq!(code, 2);
    assert!(stderr.contains("bad.toml:1:") && stderr.contains("not valid TOML"), "{stderr}");
}

#[test]
fn a_missing_file_exits_with_status_2() {
    let out = trialsim().args(["check", "no/such/file.toml"]).assert().code(2).get_output().stderr.clone();
    assert!(String::from_utf8_lossy(&out).contains("cannot read scenario"));
}

#[test]
fn check_prints_the_design() {
    let text = stdout(&["check", "scenarios/NCT05694130.toml"]);
    for expected in ["n = 55", "visits (weeks): 0, 4, 8, 12", "CR     > 100", "PR     >= 50", "CR at week 12 [primary]"]
    {
        assert!(text.contains(expected), "missing '{expected}' in\n{text}");
    }
}

#[test]
fn run_writes_json_atomically_to_output() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("result.json");
    trialsim()
        .args([
            "run",
            "scenarios/NCT05694130.toml",
            "--replicates",
            "500",
            "--seed",
            "3",
            "--format",
            "json",
            "--output",
        ])
        .arg(&path)
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(json["scenario"], "NCT05694130");
    assert_eq!(json["replicates"], 500);
    assert_eq!(json["seed"], 3);
    assert_eq!(json["arms"][0]["n"], 55);
    let e = &json["endpoints"][0];
    for key in ["power", "power_mcse", "type1_error"] {
        let x = e[key].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&x), "{key} = {x}");
    }
    assert_eq!(e["power_ci95"].as_array().unwrap().len(), 2);
    assert!(e["arms"][0]["rate"]["q975"].as_f64().unwrap() >= e["arms"][0]["rate"]["q025"].as_f64().unwrap());
    assert_eq!(json["response_rates"].as_array().unwrap().len(), 2 * 2 * 3);
    // Nothing but the output is left in the folder (the temporary file was renamed).
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn a_failed_run_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("result.json");
    trialsim().args(["run", "scenarios/NCT05694130.toml", "--replicates", "0", "--output"]).arg(&path).assert().code(2);
    assert!(!path.exists());
    // An output into a folder that does not exist fails with status 1 and leaves nothing.
    let missing = dir.path().join("nope/result.json");
    trialsim()
        .args(["run", "scenarios/NCT05694130.toml", "--replicates", "10", "--output"])
        .arg(&missing)
        .assert()
        .code(1);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn skip_type1_reports_no_type1_error() {
    let json = run_json(&[
        "run",
        "scenarios/retrospective-cohort.toml",
        "--replicates",
        "300",
        "--skip-type1",
        "--format",
        "json",
    ]);
    assert!(json["endpoints"][0]["type1_error"].is_null());
    assert_eq!(json["skip_type1"], true);
}

#[test]
fn the_table_shows_power_rates_and_response_rates() {
    let text = stdout(&["run", "scenarios/NCT05694130.toml", "--replicates", "400", "--threads", "2"]);
    for expected in [
        "Operating characteristics",
        "Power",
        "95% CI",
        "Type-I error",
        "Observed per arm",
        "2.5%",
        "97.5%",
        "Specified",
        "Simulated",
    ] {
        assert!(text.contains(expected), "missing '{expected}' in\n{text}");
    }
}

#[test]
fn check_reports_an_endpoint_naming_an_unknown_score() {
    let text = nct_text().replacen("score = \"ESSDAI\"", "score = \"ESSDAY\"", 1);
    assert_error(
        &text,
        "\"ESSDAY\"",
        "endpoint[6].score",
        "unknown score `ESSDAY`; expected one of ESSDAI, ESSPRI, platelets",
    );
}

#[test]
fn every_scenario_checks_and_runs() {
    let dir = path("scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "toml"));
    files.sort();
    assert!(files.len() >= 3, "{files:?}");
    for file in files {
        trialsim().arg("check").arg(&file).assert().success();
        let json = run_json(&["run", &file.display().to_string(), "-n", "300", "--format", "json"]);
        assert_eq!(json["replicates"], 300, "{}", file.display());
        assert!(!json["endpoints"].as_array().unwrap().is_empty(), "{}", file.display());
    }
}

#[test]
fn an_unknown_sub_arm_is_an_error_at_the_key() {
    let text = text("scenarios/CSTAR008.toml").replace(
        "subarms = [\"Tapering, MMF alone\", \"Tapering, TAC alone\"]",
        "subarms = [\"Tapering, MMF\", \"Tapering, TAC alone\"]",
    );
    assert_error(
        &text,
        "[\"Tapering, MMF\"",
        "endpoint[3].subarms",
        "expected two sub-arms of one [[rerandomisation]]",
    );
}

/// Start `trialsim` with `args`, close the reading end of its standard output at once (as
/// `| head` does once it has what it wants), and return its status and standard error.
fn with_closed_stdout(args: &[&str]) -> (Option<i32>, String) {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("trialsim"))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn a_closed_pipe_is_a_normal_end() {
    for args in [
        &["run", "scenarios/NCT05694130-primary.toml", "-n", "20000", "--skip-type1"][..],
        &["size", "tests/scenarios/size.toml", "--target-power", "0.8", "--min", "60", "--max", "200", "-n", "500"],
        &["sweep", "scenarios/NCT05694130-primary.toml", "--vary", "trial.sample_size=60,80", "-n", "2000"],
        &["export", "scenarios/NCT05694130.toml", "--replicate", "0"],
    ] {
        let (code, stderr) = with_closed_stdout(args);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
}

#[test]
fn a_missing_file_states_its_cause_once() {
    let out = trialsim().args(["check", "nope.toml"]).assert().code(2).get_output().stderr.clone();
    let stderr = String::from_utf8_lossy(&out);
    assert!(stderr.starts_with("error: cannot read scenario nope.toml: "), "{stderr}");
    assert_eq!(stderr.matches("os error 2").count(), 1, "{stderr}");
}

#[test]
fn the_readme_shows_the_slurm_script_the_slurm_test_runs() {
    let script = text("tests/slurm/shards.sh");
    let indented: String =
        script.lines().map(|l| if l.is_empty() { "\n".to_string() } else { format!("  {l}\n") }).collect();
    assert!(
        text("README.md").contains(&format!("  ```sh\n{indented}  ```")),
        "README.md and tests/slurm/shards.sh differ"
    );
}

#[test]
fn check_says_how_rates_given_at_some_weeks_fill_the_other_visits() {
    let text = crate::util::text("tests/scenarios/binary_parallel.toml").replacen(
        "rates = { CR = [0.3, 0.3], PR = [0.2, 0.2] }",
        "weeks = [6]\nrates = { CR = [0.3], PR = [0.2] }",
        1,
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("weeks.toml");
    std::fs::write(&file, text).unwrap();
    let out = crate::util::stdout(&["check", file.to_str().unwrap()]);
    assert!(out.contains("rates given at weeks [6]; at the other visits each rate is interpolated linearly"), "{out}");
    // Carried to week 12 from week 6.
    assert!(out.contains("CR     0.3, 0.3") && out.contains("PR     0.2, 0.2"), "{out}");
}
