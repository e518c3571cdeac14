//! Fuzz target: scenario text through parsing, validation, the design summary and a tiny
//! run. Nothing may panic, hang or abort: an invalid scenario is an error, a valid one runs.
//!
//! Build and run (see the README): `cargo afl build --release` in `fuzz/`, then
//! `cargo afl fuzz -i corpus/scenario -o out/scenario target/release/scenario`.

use std::path::Path;
use trialsim::Scenario;
use trialsim::evaluation::{RunSettings, Silent, run};
use trialsim::output::{Format, design, exporter};

/// Runs of larger trials take long per input; their validation is fuzzed all the same.
const MOST_PATIENTS: u32 = 1_000;

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Ok(text) = std::str::from_utf8(data) else { return };
        let Ok(s) = Scenario::parse(text, Path::new("fuzz.toml")) else { return };
        let _ = design::describe(&s);
        if s.sample_size > MOST_PATIENTS {
            return;
        }
        // One replicate, on the process's one pool of threads (a pool per input would make
        // the coverage depend on thread start-up).
        let settings = RunSettings { replicates: 1, max_memory: Some(512 << 20), ..RunSettings::from_scenario(&s) };
        if let Ok(result) = run(&s, &settings, &Silent) {
            let _ = exporter(Format::Json).render(&result);
            let _ = exporter(Format::Table).render(&result);
        }
    });
}
