//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::Path;
use trialsim::Scenario;
use trialsim::evaluation::{Evaluation, RunSettings, Silent, run};

/// Parse scenario text, panicking with the error (tests only).
pub fn scenario(text: &str) -> Scenario {
    Scenario::parse(text, Path::new("test.toml")).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// Run a scenario with the given replicates, seed and threads.
pub fn simulate(s: &Scenario, replicates: u64, seed: u64, threads: Option<usize>) -> Evaluation {
    let settings = RunSettings { replicates, seed, threads, ..RunSettings::from_scenario(s) };
    run(s, &settings, &Silent).expect("run")
}

/// Monte Carlo standard error of a share p over r replicates.
pub fn mcse(p: f64, r: u64) -> f64 {
    (p * (1.0 - p) / r as f64).sqrt()
}

/// Read a CSV fixture written by R's write.csv: a header, then rows; quotes removed.
pub fn read_csv(path: &str) -> Vec<std::collections::HashMap<String, String>> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).expect("fixture");
    let mut lines = text.lines();
    let unquote = |s: &str| s.trim().trim_matches('"').to_string();
    let header: Vec<String> = lines.next().expect("header").split(',').map(unquote).collect();
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| header.iter().cloned().zip(l.split(',').map(unquote)).collect())
        .collect()
}
