//! Sweeps: common random numbers across points, and a sweep killed at any moment and
//! resumed writes exactly the file of an uninterrupted one.

use crate::util::{stdout, text, trialsim};
use std::path::Path;

fn sweep_args(output: &Path, resume: bool) -> Vec<String> {
    let mut args: Vec<String> = [
        "sweep",
        "scenarios/NCT05694130.toml",
        "--vary",
        "trial.sample_size=60:120:20",
        "--vary",
        "arm[Prednisolone].rates.CR[2]=0.3,0.35",
        "-n",
        "1500",
        "--output",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.push(output.display().to_string());
    if resume {
        args.push("--resume".into());
    }
    args
}

#[test]
fn a_cut_sweep_resumes_into_the_same_file() {
    let dir = tempfile::tempdir().unwrap();
    let full = dir.path().join("full.csv");
    trialsim().args(sweep_args(&full, false)).assert().success();
    let expected = std::fs::read_to_string(&full).unwrap();
    let lines: Vec<&str> = expected.lines().collect();
    assert_eq!(lines.len(), 1 + 8 * 10, "a header and 10 rows (endpoints) for each of the 8 points");
    // A kill can leave the file cut at any byte: at a point's end, mid-point, mid-line.
    let cut_points = [0, lines[0].len() + 1, expected.len() / 3, expected.len() / 2 + 7, expected.len() - 1];
    for cut in cut_points {
        let partial = dir.path().join(format!("cut{cut}.csv"));
        std::fs::write(&partial, &expected.as_bytes()[..cut]).unwrap();
        trialsim().args(sweep_args(&partial, true)).assert().success();
        assert_eq!(std::fs::read_to_string(&partial).unwrap(), expected, "cut at byte {cut}");
    }
}

#[test]
fn a_killed_sweep_resumes_into_the_same_file() {
    let dir = tempfile::tempdir().unwrap();
    let full = dir.path().join("full.csv");
    trialsim().args(sweep_args(&full, false)).assert().success();
    let expected = std::fs::read_to_string(&full).unwrap();
    let killed = dir.path().join("killed.csv");
    let bin = assert_cmd::cargo::cargo_bin("trialsim");
    let mut child = std::process::Command::new(bin).args(sweep_args(&killed, false)).spawn().unwrap();
    // Kill once the first point is on disk (or at once if the sweep is already done).
    let started = std::time::Instant::now();
    while std::fs::read_to_string(&killed).map_or(0, |t| t.lines().count()) < 9
        && started.elapsed() < std::time::Duration::from_secs(60)
    {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let _ = child.kill();
    let _ = child.wait();
    trialsim().args(sweep_args(&killed, true)).assert().success();
    assert_eq!(std::fs::read_to_string(&killed).unwrap(), expected);
}

#[test]
fn points_share_random_numbers() {
    let out = stdout(&[
        "sweep",
        "scenarios/NCT05694130.toml",
        "--vary",
        "arm[Prednisolone].rates.CR[2]=0.3,0.35",
        "-n",
        "1000",
        "--skip-type1",
        "--format",
        "json",
    ]);
    let rows: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let power = |point: u64, endpoint: &str| {
        rows.iter().find(|r| r["point"] == point && r["endpoint"] == endpoint).unwrap()["power"].as_f64().unwrap()
    };
    // The change at week 12 leaves week 4 untouched: the same simulated trials.
    assert_eq!(power(0, "CR at week 4"), power(1, "CR at week 4"));
    assert!(power(0, "CR at week 12") > power(1, "CR at week 12"));
}

#[test]
fn a_bad_path_is_an_error() {
    let out = trialsim()
        .args(["sweep", "scenarios/NCT05694130.toml", "--vary", "arm[Placebo].dropout=0.1"])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    assert!(String::from_utf8_lossy(&out).contains("no element named `Placebo`"));
}

#[test]
fn sweep_tables_in_the_scenario_are_axes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.toml");
    let text =
        text("scenarios/NCT05694130.toml") + "\n[[sweep]]\npath = \"trial.sample_size\"\nrange = \"80:120:40\"\n";
    std::fs::write(&file, text).unwrap();
    let out = trialsim().arg("sweep").arg(&file).args(["-n", "200", "--skip-type1"]).assert().success();
    let csv = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(csv.starts_with("point,trial.sample_size,endpoint"), "{csv}");
    assert_eq!(csv.lines().count(), 1 + 2 * 10);
    // `run` accepts the file and ignores the sweep.
    trialsim().arg("run").arg(&file).args(["-n", "50"]).assert().success();
    // A [[sweep]] without values is an error at its key.
    std::fs::write(
        &file,
        crate::util::text("scenarios/NCT05694130.toml") + "\n[[sweep]]\npath = \"trial.sample_size\"\n",
    )
    .unwrap();
    let err = trialsim().arg("check").arg(&file).assert().code(2).get_output().stderr.clone();
    assert!(String::from_utf8_lossy(&err).contains("key `sweep[0]`"), "{}", String::from_utf8_lossy(&err));
}

#[test]
fn resuming_a_finished_sweep_still_draws_its_power_curves() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.csv");
    let args = |plots: &Path| {
        let mut a: Vec<String> =
            ["sweep", "scenarios/NCT05694130-primary.toml", "--vary", "trial.sample_size=60:100:20", "-n", "300"]
                .iter()
                .map(|s| s.to_string())
                .collect();
        a.extend(["--output".into(), out.display().to_string(), "--plots".into(), plots.display().to_string()]);
        a
    };
    trialsim().args(args(&dir.path().join("first"))).assert().success();
    let before = std::fs::read_to_string(&out).unwrap();
    let plots = dir.path().join("again");
    trialsim().args(args(&plots)).arg("--resume").assert().success();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), before, "nothing was left to run");
    let svg = std::fs::read_to_string(plots.join("power-cr-at-week-12.svg")).unwrap();
    assert_eq!(svg, std::fs::read_to_string(dir.path().join("first/power-cr-at-week-12.svg")).unwrap());
}

#[test]
fn an_invalid_grid_point_is_an_error_at_its_key_in_the_file() {
    let file = "scenarios/NCT05694130-primary.toml";
    let out = trialsim().args(["sweep", file, "--vary", "arm[*].dropout=0.1,1.5"]).assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    // The first arm's dropout, where the file has it.
    let text = text(file);
    let offset = text.find("dropout =").expect("the file sets dropout");
    let line = text[..offset].matches('\n').count() + 1;
    let column = offset - text[..offset].rfind('\n').map_or(0, |i| i + 1) + 1 + "dropout = ".len();
    assert!(stderr.contains(&format!("{file}:{line}:{column}: key `arm[0].dropout`")), "{stderr}");
    assert!(stderr.contains("found 1.5") && stderr.contains("at the point arm[*].dropout = 1.5"), "{stderr}");
}
