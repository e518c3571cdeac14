//! Random scenarios, valid and slightly invalid (the seed scenarios with a number replaced
//! by an extreme one, a line dropped or doubled, a key misspelt): `check` and a short `run`
//! never panic, never hang, and end with exit status 0 or 2.

use crate::util::{path, trialsim};
use proptest::prelude::*;
use std::time::Duration;

/// Longer than any of these commands takes, short enough to catch a hang.
const HANG: Duration = Duration::from_secs(120);

/// Values that have broken parsers and grids before.
const EXTREMES: [&str; 16] = [
    "0",
    "-1",
    "1",
    "2",
    "0.5",
    "1e300",
    "-1e19",
    "1e-300",
    "1e19",
    "18446744073709551615",
    "4294967296",
    "-0.0",
    "nan",
    "inf",
    "1.0000000001",
    "100000",
];

#[derive(Debug, Clone)]
enum Mutation {
    /// Replace the k-th number of the file by an extreme value.
    Number(usize, usize),
    /// Drop line k.
    Drop(usize),
    /// Write line k twice.
    Double(usize),
    /// Misspell the key on line k (swap its first two letters).
    Typo(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (0..400usize, 0..EXTREMES.len()).prop_map(|(k, v)| Mutation::Number(k, v)),
        (0..200usize).prop_map(Mutation::Drop),
        (0..200usize).prop_map(Mutation::Double),
        (0..200usize).prop_map(Mutation::Typo),
    ]
}

/// The scenario text with the mutations applied (indices wrap around).
fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let mut text = text.to_string();
    for m in mutations {
        let lines: Vec<&str> = text.lines().collect();
        let at = |k: usize| k % lines.len().max(1);
        text = match m {
            Mutation::Number(k, v) => {
                let numbers: Vec<(usize, usize)> = numbers(&text);
                if numbers.is_empty() {
                    continue;
                }
                let (start, end) = numbers[k % numbers.len()];
                format!("{}{}{}", &text[..start], EXTREMES[*v], &text[end..])
            }
            Mutation::Drop(k) => {
                lines.iter().enumerate().filter(|(i, _)| *i != at(*k)).map(|(_, l)| *l).collect::<Vec<_>>().join("\n")
            }
            Mutation::Double(k) => {
                let mut l = lines.clone();
                l.insert(at(*k), lines[at(*k)]);
                l.join("\n")
            }
            Mutation::Typo(k) => {
                let mut l: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
                let line = &l[at(*k)];
                if let Some((key, rest)) = line.split_once(" = ")
                    && key.len() >= 2
                    && key.is_ascii()
                {
                    let mut b = key.as_bytes().to_vec();
                    b.swap(0, 1);
                    l[at(*k)] = format!("{} = {rest}", String::from_utf8(b).unwrap());
                }
                l.join("\n")
            }
        };
    }
    text
}

/// Byte ranges of the numbers in `text` outside comments.
fn numbers(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let code = line.split('#').next().unwrap_or("");
        let b = code.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let starts = (b[i].is_ascii_digit() || b[i] == b'-')
                && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_'));
            if starts && (b[i] != b'-' || b.get(i + 1).is_some_and(|c| c.is_ascii_digit())) {
                let mut j = i + 1;
                while j < b.len() && (b[j].is_ascii_digit() || matches!(b[j], b'.' | b'e' | b'E' | b'-' | b'+' | b'_'))
                {
                    j += 1;
                }
                out.push((offset + i, offset + j));
                i = j;
            } else {
                i += 1;
            }
        }
        offset += line.len();
    }
    out
}

const SCENARIOS: [&str; 5] = [
    "scenarios/NCT05694130.toml",
    "scenarios/CSTAR008.toml",
    "scenarios/NCT03918265-simon.toml",
    "scenarios/rheumatoid-arthritis-tacrolimus-mtx.toml",
    "scenarios/retrospective-cohort.toml",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_scenarios_end_with_0_or_2_and_never_panic(
        which in 0..SCENARIOS.len(),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let text = mutate(&std::fs::read_to_string(path(SCENARIOS[which])).unwrap(), &mutations);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("mutated.toml");
        std::fs::write(&file, &text).unwrap();
        for args in [&["check"][..], &["run", "-n", "20", "--threads", "1", "--format", "json"]] {
            let out = trialsim().arg(args[0]).arg(&file).args(&args[1..]).timeout(HANG).output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            let code = out.status.code();
            prop_assert!(code == Some(0) || code == Some(2), "{args:?} ended with {code:?}: {stderr}\n{text}");
            prop_assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}\n{text}");
            if code == Some(2) {
                prop_assert!(stderr.starts_with("error: "), "{stderr}");
            }
        }
    }
}

#[test]
fn the_mutations_do_what_they_say() {
    let text = "a = 1\nbb = 2.5 # 7\n";
    assert_eq!(numbers(text), vec![(4, 5), (11, 14)]);
    assert_eq!(mutate(text, &[Mutation::Number(1, 5)]), "a = 1\nbb = 1e300 # 7\n");
    assert_eq!(mutate(text, &[Mutation::Drop(0)]), "bb = 2.5 # 7");
    assert_eq!(mutate(text, &[Mutation::Typo(1)]), "a = 1\nbb = 2.5 # 7");
    assert_eq!(mutate("ab = 1", &[Mutation::Typo(0)]), "ba = 1");
}
