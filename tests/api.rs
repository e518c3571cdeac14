//! The library API the R and Python packages call: the same numbers as the command line
//! from a file, TOML text or a nested map; errors with file, line, column and key; a run
//! stopped from another thread.

use crate::util::{path, trialsim};
use trialsim::api::{self, Interrupt, Options, ScenarioInput};
use trialsim::evaluation::Silent;

fn cli(args: &[&str]) -> String {
    let out = trialsim().args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn json(e: &api::Evaluation) -> String {
    trialsim::output::exporter(trialsim::output::Format::Json).render(e)
}

#[test]
fn a_file_text_or_map_runs_as_the_command_line_does() {
    let file = path("scenarios/NCT05694130.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let options = Options { replicates: Some(600), seed: Some(9), threads: Some(2), skip_type1: false };
    let expected = cli(&["run", file.to_str().unwrap(), "-n", "600", "--seed", "9", "--format", "json"]);
    let from_file = api::run(&ScenarioInput::File(file.clone()), &options, &Silent).unwrap();
    assert_eq!(json(&from_file), expected);
    let from_text =
        api::run(&ScenarioInput::Text { text: text.clone(), name: "NCT05694130.toml".into() }, &options, &Silent)
            .unwrap();
    assert_eq!(json(&from_text), expected);
    // A map is written as TOML (its own text, so its own hash): every number is the same.
    let map: serde_json::Value = toml::from_str(&text).unwrap();
    let input = ScenarioInput::Map { map, name: "<dict>".into() };
    let mut from_map = api::run(&input, &options, &Silent).unwrap();
    assert_eq!(
        from_map.provenance.scenario_sha256.as_deref(),
        Some(trialsim::scenario::provenance::sha256(&input.toml().unwrap()).as_str())
    );
    from_map.provenance = from_file.provenance.clone();
    assert_eq!(json(&from_map), expected);
    // One thread and the scenario's own settings agree with the command line too.
    let one = Options { threads: Some(1), ..options };
    assert_eq!(json(&api::run(&ScenarioInput::File(file), &one, &Silent).unwrap()), expected);
}

#[test]
fn check_sweep_size_simon_and_export_are_the_command_line_s() {
    let file = path("scenarios/NCT05694130-primary.toml");
    let f = file.to_str().unwrap();
    let input = ScenarioInput::File(file.clone());
    let design = api::check(&input).unwrap();
    assert!(cli(&["check", f]).starts_with(&design));
    let options = Options { replicates: Some(300), seed: Some(4), ..Options::default() };
    let sweep = api::sweep(&input, &["trial.sample_size=60:100:20".into()], &options, &Silent).unwrap();
    let lines = sweep.json_lines();
    let expected =
        cli(&["sweep", f, "--vary", "trial.sample_size=60:100:20", "-n", "300", "--seed", "4", "--format", "json"]);
    // The run fingerprint names the format; every other field is the command line's.
    let strip = |t: &str| t.lines().map(|l| l.split("\"run\"").next().unwrap().to_string()).collect::<Vec<_>>();
    assert_eq!(strip(&lines), strip(&expected));
    assert_eq!(sweep.rows.len(), 3);
    let search = trialsim::size::Search {
        endpoint: None,
        target: 0.6,
        measure: trialsim::size::SizeTarget::default(),
        arm: None,
        min: 10,
        max: 1000,
    };
    let size = api::size(&input, &search, &options, &Silent).unwrap();
    let expected = cli(&["size", f, "--target-power", "0.6", "-n", "300", "--seed", "4", "--format", "json"]);
    assert_eq!(serde_json::to_string_pretty(&size).unwrap() + "\n", expected);
    let simon = api::simon(0.1, 0.3, 0.05, 0.8, 100).unwrap();
    assert_eq!(
        serde_json::to_string(&simon).unwrap() + "\n",
        cli(&["simon", "--p0", "0.1", "--p1", "0.3", "--format", "json"])
    );
    assert!(api::simon(0.3, 0.1, 0.05, 0.8, 100).is_err());
    assert!(api::simon(0.1, 0.3, 0.05, 0.8, 100_000).is_err());
    let csv = api::export(&input, 3, &Options { seed: Some(4), ..Options::default() }).unwrap();
    assert_eq!(csv, cli(&["export", f, "--replicate", "3", "--seed", "4"]));
    assert!(api::export(&input, 10_000_000, &Options::default()).is_err());
}

#[test]
fn errors_carry_the_file_line_column_and_key() {
    let text = std::fs::read_to_string(path("scenarios/NCT05694130-primary.toml")).unwrap();
    let bad = text.replacen("sample_size = 110", "sample_size = -3", 1);
    assert_ne!(bad, text);
    let e = api::check(&ScenarioInput::Text { text: bad, name: "mine.toml".into() }).unwrap_err();
    let trialsim::Error::Scenario(e) = e else { panic!("a scenario error: {e}") };
    assert_eq!((e.file.to_str().unwrap(), e.key.as_str()), ("mine.toml", "trial.sample_size"));
    assert!(e.line > 1 && e.column > 1, "{e}");
    // A map: the line and column of its TOML text, and the key.
    let mut map: serde_json::Value = toml::from_str(&text).unwrap();
    map["arm"][0]["dropout"] = 1.5.into();
    let input = ScenarioInput::Map { map, name: "<dict>".into() };
    let trialsim::Error::Scenario(e) = api::check(&input).unwrap_err() else { panic!("a scenario error") };
    assert_eq!((e.file.to_str().unwrap(), e.key.as_str()), ("<dict>", "arm[0].dropout"));
    let line = input.toml().unwrap().lines().nth(e.line - 1).unwrap().to_string();
    assert!(line.starts_with("dropout = 1.5"), "line {}: {line}", e.line);
    // What has no TOML form is refused as such.
    let null = ScenarioInput::Map { map: serde_json::json!({"trial": null}), name: "<dict>".into() };
    assert!(matches!(api::check(&null), Err(trialsim::Error::Scenario(_))));
    let list = ScenarioInput::Map { map: serde_json::json!([1, 2]), name: "<dict>".into() };
    assert!(matches!(api::check(&list), Err(trialsim::Error::Scenario(_))));
}

#[test]
fn a_run_stopped_from_another_thread_returns_interrupted() {
    let input = ScenarioInput::File(path("scenarios/NCT05694130.toml"));
    let options = Options { replicates: Some(50_000_000), threads: Some(2), ..Options::default() };
    let interrupt = Interrupt::new();
    let stopper = interrupt.clone();
    let handle = std::thread::spawn(move || api::run(&input, &options, &stopper));
    while interrupt.done() == 0 && !handle.is_finished() {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    interrupt.stop();
    let result = handle.join().unwrap();
    assert!(matches!(result, Err(trialsim::Error::Interrupted)), "{result:?}");
    assert!(interrupt.done() < 50_000_000);
}
