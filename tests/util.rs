//! What the integration tests share: the tolerance for simulated values, running a scenario
//! and the command, a scenario builder over the TOML files of `tests/scenarios/`, fixtures.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use trialsim::Scenario;
use trialsim::evaluation::{Evaluation, RunSettings, Silent, run};
use trialsim_stats::Estimate;

/// Agreement required between a simulated value and its exact or reference value: at most
/// this many Monte Carlo standard errors apart.
pub const TOLERANCE_SE: f64 = 4.0;

/// A path in the repository.
pub fn path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The text of a file in the repository.
pub fn text(relative: &str) -> String {
    std::fs::read_to_string(path(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// A scenario file of the repository (`scenarios/...` or `tests/scenarios/...`).
pub fn load(relative: &str) -> Scenario {
    Scenario::load(&path(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// Scenario text that must be valid.
pub fn scenario(text: &str) -> Scenario {
    Scenario::parse(text, Path::new("test.toml")).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// Run a scenario with the given replicates, seed and threads.
pub fn simulate(s: &Scenario, replicates: u64, seed: u64, threads: Option<usize>) -> Evaluation {
    let settings = RunSettings { replicates, seed, threads, ..RunSettings::from_scenario(s) };
    run(s, &settings, &Silent).expect("run")
}

/// `simulate`, its result without the scenario's hash: to compare the runs of two texts
/// that describe the same model.
pub fn simulate_text_free(s: &Scenario, replicates: u64, seed: u64) -> Evaluation {
    let mut e = simulate(s, replicates, seed, None);
    e.provenance.scenario_sha256 = None;
    e
}

/// `trialsim run FILE -n 1500 --seed 7 --format json` in three shards, merged, is the
/// unsharded run byte for byte.
pub fn assert_three_shards_merge_to_the_whole(file: &Path) {
    let dir = tempfile::tempdir().unwrap();
    let common = ["-n", "1500", "--seed", "7", "--format", "json"];
    let whole = trialsim().arg("run").arg(file).args(common).assert().success().get_output().stdout.clone();
    let shards: Vec<PathBuf> = (1..=3)
        .map(|i| {
            let out = dir.path().join(format!("shard{i}.json"));
            let shard = format!("{i}/3");
            trialsim()
                .arg("run")
                .arg(file)
                .args(common)
                .args(["--shard", &shard, "--output"])
                .arg(&out)
                .assert()
                .success();
            out
        })
        .collect();
    let merged = trialsim().arg("merge").args(&shards).assert().success().get_output().stdout.clone();
    assert_eq!(String::from_utf8(merged).unwrap(), String::from_utf8(whole).unwrap(), "{}", file.display());
}

/// Monte Carlo standard error of a share p over r replicates.
pub fn mcse(p: f64, r: u64) -> f64 {
    (p * (1.0 - p) / r as f64).sqrt()
}

/// Is a simulated share within [`TOLERANCE_SE`] standard errors of its expected value?
pub fn close(simulated: f64, expected: f64, replicates: u64) -> bool {
    (simulated - expected).abs() <= TOLERANCE_SE * mcse(expected, replicates)
}

/// A simulated share within [`TOLERANCE_SE`] standard errors of its expected value.
pub fn assert_share(simulated: f64, expected: f64, replicates: u64, what: &str) {
    let se = mcse(expected, replicates);
    assert!(
        close(simulated, expected, replicates),
        "{what}: simulated {simulated:.5}, expected {expected:.5} ({:.1} SE)",
        (simulated - expected) / se
    );
}

/// A simulated mean within [`TOLERANCE_SE`] of its own standard errors of `expected`.
pub fn assert_estimate(mean: Estimate, expected: f64, what: &str) {
    assert!(
        (mean.estimate - expected).abs() <= TOLERANCE_SE * mean.mcse,
        "{what}: simulated {} (SE {}), expected {expected}",
        mean.estimate,
        mean.mcse
    );
}

/// The `trialsim` command.
pub fn trialsim() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("trialsim").expect("the binary is built")
}

/// Run `trialsim` with `args`, expect success and return its standard output.
pub fn stdout(args: &[&str]) -> String {
    let out = trialsim().args(args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).expect("UTF-8 output")
}

/// Run `trialsim` with `args`, expect success and parse its standard output as JSON.
pub fn run_json(args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&stdout(args)).expect("JSON output")
}

/// Read a CSV fixture written by R's write.csv: a header, then rows; quotes removed.
pub fn read_csv(relative: &str) -> Vec<HashMap<String, String>> {
    let text = text(relative);
    let mut lines = text.lines();
    let unquote = |s: &str| s.trim().trim_matches('"').to_string();
    let header: Vec<String> = lines.next().expect("header").split(',').map(unquote).collect();
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| header.iter().cloned().zip(l.split(',').map(unquote)).collect())
        .collect()
}

/// A scenario made from a TOML file of the repository with some values changed.
pub struct Builder {
    doc: toml::Value,
}

impl Builder {
    /// Start from a file, e.g. `tests/scenarios/binary_parallel.toml`.
    pub fn new(relative: &str) -> Builder {
        Builder { doc: toml::from_str(&text(relative)).unwrap_or_else(|e| panic!("{relative}: {e}")) }
    }

    /// The table or array holding the last step of a dotted path (numbers index arrays),
    /// and that step.
    fn parent<'d>(&'d mut self, path: &'d str) -> (&'d mut toml::Value, &'d str) {
        let (head, last) = path.rsplit_once('.').unwrap_or(("", path));
        let mut value = &mut self.doc;
        for step in head.split('.').filter(|s| !s.is_empty()) {
            value = match value {
                toml::Value::Table(t) => t.get_mut(step),
                toml::Value::Array(a) => step.parse::<usize>().ok().and_then(|i| a.get_mut(i)),
                _ => None,
            }
            .unwrap_or_else(|| panic!("no `{step}` in `{path}`"));
        }
        (value, last)
    }

    /// Set the value at a dotted path such as `endpoint.0.test` or `arm.1.rates.CR`
    /// (numbers index arrays); a missing last key is added.
    pub fn set(mut self, path: &str, value: impl Into<toml::Value>) -> Builder {
        let value = value.into();
        let (parent, last) = self.parent(path);
        match parent {
            toml::Value::Table(t) => {
                t.insert(last.to_string(), value);
            }
            toml::Value::Array(a) => {
                let i: usize = last.parse().unwrap_or_else(|_| panic!("`{path}`: an index"));
                a[i] = value;
            }
            other => panic!("`{path}`: a {} has no keys", other.type_str()),
        }
        self
    }

    /// Remove the key at a dotted path.
    pub fn remove(mut self, path: &str) -> Builder {
        let (parent, last) = self.parent(path);
        match parent {
            toml::Value::Table(t) => {
                t.remove(last).unwrap_or_else(|| panic!("no `{path}`"));
            }
            other => panic!("`{path}`: a {} has no keys", other.type_str()),
        }
        self
    }

    /// The scenario as TOML text.
    pub fn text(&self) -> String {
        toml::to_string(&self.doc).expect("a TOML table serialises")
    }

    /// The scenario, validated.
    pub fn build(&self) -> Scenario {
        scenario(&self.text())
    }
}
