//! Shards: three shards of a run, merged, give exactly the unsharded run.

use crate::util::{stdout, trialsim};

#[test]
fn merging_three_shards_equals_the_unsharded_run() {
    let dir = tempfile::tempdir().unwrap();
    let common = ["scenarios/NCT05694130.toml", "-n", "2000", "--seed", "11", "--format", "json"];
    let whole = trialsim().arg("run").args(common).assert().success().get_output().stdout.clone();
    let mut files = Vec::new();
    for i in 1..=3 {
        let path = dir.path().join(format!("shard{i}.json"));
        trialsim()
            .arg("run")
            .args(common)
            .args(["--shard", &format!("{i}/3"), "--output"])
            .arg(&path)
            .assert()
            .success();
        files.push(path);
    }
    // In any order.
    files.swap(0, 2);
    let merged = trialsim().arg("merge").args(&files).assert().success().get_output().stdout.clone();
    let (whole, merged): (serde_json::Value, serde_json::Value) =
        (serde_json::from_slice(&whole).unwrap(), serde_json::from_slice(&merged).unwrap());
    assert_eq!(merged["endpoints"], whole["endpoints"]);
    assert_eq!(merged["response_rates"], whole["response_rates"]);
    assert_eq!(merged, whole, "the whole output, bit for bit");
    // A missing shard is an error.
    trialsim().arg("merge").args(&files[..2]).assert().code(2);
}

#[test]
fn sweep_shards_cover_the_grid() {
    let args = ["sweep", "scenarios/retrospective-cohort.toml", "--vary", "trial.sample_size=20:30:2", "-n", "300"];
    let whole = stdout(&args);
    let mut rows: Vec<String> = Vec::new();
    for i in 1..=2 {
        let shard = format!("{i}/2");
        let out = stdout(&[&args[..], &["--shard", &shard]].concat());
        rows.extend(out.lines().skip(1).map(String::from));
    }
    rows.sort_by_key(|r| r.split(',').next().unwrap().parse::<usize>().unwrap());
    let joined: Vec<&str> = whole.lines().skip(1).collect();
    assert_eq!(rows, joined);
}
