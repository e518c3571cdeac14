//! Inputs that used to hang, abort or exhaust memory: numbers beyond the reporting grid,
//! designs too large for the memory limit, searches and grids too large to run, absurd
//! thread counts, a run that would never end. Each ends quickly with exit status 2 and a
//! message, or runs with an estimate of its time; a large trial that fits still runs.

use crate::util::{path, text, trialsim};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// Far longer than a refusal takes, short enough to catch a hang.
const HANG: Duration = Duration::from_secs(60);

/// `check` of `scenario` with `from` replaced by `to`: exit status 2 within [`HANG`], the
/// message naming `key`; returns the message.
fn check_refuses(scenario: &str, from: &str, to: &str, key: &str) -> String {
    let original = text(scenario);
    assert!(original.contains(from), "{from}");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.toml");
    std::fs::write(&file, original.replacen(from, to, 1)).unwrap();
    let out = trialsim().args(["check", file.to_str().unwrap()]).timeout(HANG).assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains(&format!("key `{key}`")), "{stderr}");
    stderr
}

#[test]
fn numbers_beyond_the_reporting_grid_are_refused_at_once() {
    let nct = "scenarios/NCT05694130.toml";
    let essdai = "mean = 9.4, sd = 4.3, min = 0.0";
    check_refuses(nct, essdai, "mean = 9.4, sd = 4.3, min = -1e19", "score[0].baseline.min");
    check_refuses(nct, "resolution = 1.0", "resolution = 1e-300", "marker.resolution");
    check_refuses(nct, "above = 100.0 ", "at_least = 1e19 ", "level[0].at_least");
    check_refuses(nct, "at_least = 50.0 ", "at_least = 50.0\nfold_of_baseline = 1e300 ", "level[1].fold_of_baseline");
    let message = check_refuses(nct, "log_sd = 0.5, min = 1.0, max = 30.0", "log_sd = 5, min = 1.0", "marker.baseline");
    assert!(message.contains("give baseline.max"), "{message}");
}

#[test]
fn a_design_beyond_the_memory_limit_is_refused_before_it_starts() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.toml");
    let primary = text("scenarios/NCT05694130-primary.toml");
    std::fs::write(&file, primary.replacen("sample_size = 110", "sample_size = 200000", 1)).unwrap();
    let file = file.to_str().unwrap();
    let out = trialsim().args(["run", file, "-n", "2", "--max-memory", "50MB"]).timeout(HANG).assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr);
    assert!(stderr.contains("needs about") && stderr.contains("more than the limit of 50.0 MB"), "{stderr}");
    // The same trial within its memory runs: 100,000 patients per arm.
    let out = trialsim().args(["run", file, "-n", "2", "--skip-type1", "--format", "json"]).assert().success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(json["arms"][0]["n"], 100_000);
}

#[test]
fn searches_and_grids_too_large_to_run_are_refused() {
    let primary = path("scenarios/NCT05694130-primary.toml");
    let primary = primary.to_str().unwrap();
    let refused = |args: &[&str], words: &str| {
        let out = trialsim().args(args).timeout(HANG).assert().code(2);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(stderr.contains(words), "{args:?}: {stderr}");
    };
    refused(&["simon", "--p0", "0.2", "--p1", "0.4", "--nmax", "4294967295"], "2..=5000");
    refused(&["run", primary, "--threads", "10000", "-n", "10"], "--threads");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("grid.csv");
    let huge = [
        "sweep",
        primary,
        "--vary",
        "arm[*].dropout=0:0.5:0.0001",
        "--vary",
        "trial.sample_size=100:100000:1",
        "-o",
        out.to_str().unwrap(),
    ];
    refused(&huge, "more than 1000000");
    assert!(!out.exists());
    // A size search whose largest trial does not fit the memory limit.
    let size = ["size", primary, "--target-power", "0.8", "--max", "1000000", "-n", "10", "--max-memory", "50MB"];
    refused(&size, "needs about");
}

#[test]
fn a_run_that_will_take_long_says_how_long_in_its_log() {
    let primary = path("scenarios/NCT05694130-primary.toml");
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("trialsim"))
        .args(["run", primary.to_str().unwrap(), "-n", "18446744073709551615", "--skip-type1", "--threads", "1"])
        .arg("--format=json")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = send.send(line);
        }
    });
    let line = receive.recv_timeout(HANG);
    child.kill().unwrap();
    child.wait().unwrap();
    let line = line.expect("an estimate of the time left within a minute");
    assert!(line.starts_with("trialsim: about ") && line.contains("years left"), "{line}");
    assert!(line.contains("of 18446744073709551615 replicates done"), "{line}");
}

#[test]
fn a_simon_design_of_65535_patients_runs_in_little_memory() {
    // Its exact operating characteristics once took tables of every size up to n: 24 GB.
    let simon = text("scenarios/NCT03918265-simon.toml");
    let large = [("sample_size = 76", "sample_size = 65535"), ("n1 = 29", "n1 = 30000"), ("r1 = 13", "r1 = 12900")];
    let large = large.iter().fold(simon, |t, (from, to)| {
        assert!(t.contains(from), "{from}");
        t.replacen(from, to, 1)
    });
    let large = large.replacen("r = 38", "r = 28500", 1);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("simon.toml");
    std::fs::write(&file, large).unwrap();
    // At most 2 GB of address space: the old tables could not even be allocated.
    let bin = assert_cmd::cargo::cargo_bin("trialsim");
    let command = format!("ulimit -v 2000000 && exec '{}' run '{}' -n 20 --format json", bin.display(), file.display());
    let out = Command::new("bash").args(["-c", &command]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let simon = &json["endpoints"][0]["simon"];
    assert_eq!(simon["n"], 65535, "{simon}");
    for key in ["exact_early_termination", "exact_early_termination_null"] {
        assert!(simon[key].as_f64().is_some_and(|p| (0.0..=1.0).contains(&p)), "{key}: {simon}");
    }
    let size = simon["exact_expected_sample_size_null"].as_f64().unwrap();
    assert!((30_000.0..=65_535.0).contains(&size), "{simon}");
}
