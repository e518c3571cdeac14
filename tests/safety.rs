//! Never lose a file: outputs never replace a device, a pipe, a link or one of the
//! command's inputs, and a command that fails leaves an existing output as it was.

use crate::util::{text, trialsim};
use std::path::Path;

fn copy_scenario(dir: &Path, name: &str) -> std::path::PathBuf {
    let file = dir.join(name);
    std::fs::write(&file, text("scenarios/retrospective-cohort.toml")).unwrap();
    file
}

#[test]
fn a_pipe_is_written_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    trialsim()
        .args(["run", "scenarios/retrospective-cohort.toml", "-n", "50", "--format", "json", "-o"])
        .arg(&fifo)
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_str(&reader.join().unwrap()).unwrap();
    assert_eq!(json["replicates"], 50);
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo(), "the pipe is still a pipe");
}

#[test]
fn a_device_is_written_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    // A null device of our own (mknod needs root, as CI has); else the system's.
    let dir = tempfile::tempdir().unwrap();
    let own = dir.path().join("null");
    let made = std::process::Command::new("mknod").arg(&own).args(["c", "1", "3"]).status().is_ok_and(|s| s.success());
    let device = if made { own } else { Path::new("/dev/null").to_path_buf() };
    for command in
        [&["run", "scenarios/retrospective-cohort.toml", "-n", "50"][..], &["simon", "--p0", "0.1", "--p1", "0.3"]]
    {
        trialsim().args(command).arg("-o").arg(&device).assert().success();
        assert!(std::fs::metadata(&device).unwrap().file_type().is_char_device(), "{command:?}: still a device");
    }
}

#[test]
fn a_link_is_followed_and_stays_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.json");
    std::fs::write(&real, "old").unwrap();
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    trialsim()
        .args(["run", "scenarios/retrospective-cohort.toml", "-n", "50", "--format", "json", "-o"])
        .arg(&link)
        .assert()
        .success();
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert!(std::fs::read_to_string(&real).unwrap().contains("\"replicates\": 50"));
}

#[test]
fn an_output_may_not_be_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = copy_scenario(dir.path(), "s.toml");
    let link = dir.path().join("link.toml");
    std::os::unix::fs::symlink(&scenario, &link).unwrap();
    let before = std::fs::read_to_string(&scenario).unwrap();
    for output in [&scenario, &link] {
        for command in [&["run"][..], &["export", "--replicate", "0"], &["size", "--target-power", "0.5"]] {
            let out = trialsim().args(command).arg(&scenario).arg("-o").arg(output).assert().code(2);
            let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
            assert!(stderr.contains("is an input of this command"), "{command:?}: {stderr}");
        }
        trialsim()
            .arg("sweep")
            .arg(&scenario)
            .args(["--vary", "trial.sample_size=20,23", "-o"])
            .arg(output)
            .assert()
            .code(2);
        trialsim().arg("report").arg(&scenario).arg("-o").arg(output).assert().code(2);
        assert_eq!(std::fs::read_to_string(&scenario).unwrap(), before);
    }
    // A shard being merged.
    let shard = dir.path().join("shard.json");
    trialsim()
        .arg("run")
        .arg(&scenario)
        .args(["-n", "300", "--shard", "1/1", "--format", "json", "-o"])
        .arg(&shard)
        .assert()
        .success();
    let shard_text = std::fs::read_to_string(&shard).unwrap();
    trialsim().arg("merge").arg(&shard).arg("-o").arg(&shard).assert().code(2);
    assert_eq!(std::fs::read_to_string(&shard).unwrap(), shard_text);
}

#[test]
fn a_failed_sweep_leaves_its_old_output_alone() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.csv");
    std::fs::write(&old, "results of an earlier sweep\n").unwrap();
    for vary in ["trial.sample_sise=20,23", "trial.sample_size=20,0"] {
        trialsim()
            .args(["sweep", "scenarios/retrospective-cohort.toml", "--vary", vary, "-n", "50", "-o"])
            .arg(&old)
            .assert()
            .code(2);
        assert_eq!(std::fs::read_to_string(&old).unwrap(), "results of an earlier sweep\n", "{vary}");
    }
}
