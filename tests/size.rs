//! `trialsim size`: the size bisection finds, against the exact minimal size where exact
//! power is known; and, on a design whose exact power rises in a saw-tooth, the smallest
//! size reaching the target and the smallest from which power stays there, exact (against
//! an independent enumeration in R, tests/fixtures/size_saw_tooth.R) and simulated.

use crate::util::{TOLERANCE_SE, assert_share, mcse, read_csv, run_json, stdout, trialsim};
use serde_json::Value;
use std::collections::HashMap;
use trialsim::size::SUSTAIN_RUN;

/// Agreement required between trialsim's exact power and the independent enumeration.
const EXACT_TOLERANCE: f64 = 1e-9;

#[test]
fn the_answer_is_within_monte_carlo_uncertainty_of_the_exact_size() {
    let r = run_json(&[
        "size",
        "tests/scenarios/size.toml",
        "--target-power",
        "0.8",
        "--min",
        "60",
        "--max",
        "200",
        "--format",
        "json",
    ]);
    let n = r["sample_size"].as_u64().expect("an integer sample size");
    let exact = r["exact_sample_size"].as_u64().expect("exact power is computable here");
    let power = r["power"].as_f64().unwrap();
    assert!(power >= 0.8);
    assert!(r["power_ci95"].as_array().unwrap().len() == 2);
    assert!(!r["neighbours"].as_array().unwrap().is_empty());
    // At the answer the exact power reaches the target up to Monte Carlo error, and just
    // below it it does not exceed the target by more than that error.
    let se = mcse(0.8, 4000);
    let at_answer = r["exact_power"].as_f64().unwrap();
    assert!(at_answer >= 0.8 - TOLERANCE_SE * se, "exact power {at_answer} at {n}");
    let below = r["neighbours"].as_array().unwrap().iter().find(|x| x["sample_size"].as_u64() == Some(n - 1)).unwrap();
    let below_exact = below["exact_power"].as_f64().unwrap();
    assert!(below_exact <= 0.8 + TOLERANCE_SE * se, "exact power {below_exact} at {}", n - 1);
    assert!(n.abs_diff(exact) <= 10, "simulated {n}, exact {exact}");
}

/// The saw-tooth fixture: the search's settings and R's answers, and R's exact power by size.
fn saw_tooth() -> (HashMap<String, String>, HashMap<u64, f64>) {
    let sizes = read_csv("tests/fixtures/size_saw_tooth_sizes.csv").remove(0);
    let power = read_csv("tests/fixtures/size_saw_tooth.csv")
        .iter()
        .map(|row| (row["n"].parse().unwrap(), row["exact_power"].parse().unwrap()))
        .collect();
    (sizes, power)
}

fn search_args<'a>(sizes: &'a HashMap<String, String>, format: &'a str) -> Vec<&'a str> {
    let setting = |k: &str| sizes[k].as_str();
    vec![
        "size",
        "tests/scenarios/size_saw_tooth.toml",
        "--target-power",
        setting("target_power"),
        "--min",
        setting("min"),
        "--max",
        setting("max"),
        "--format",
        format,
    ]
}

fn size(v: &Value) -> u64 {
    v["sample_size"].as_u64().expect("an integer sample size")
}

#[test]
fn a_saw_tooth_gives_the_smallest_exact_size_and_the_one_from_which_power_stays() {
    let (sizes, exact) = saw_tooth();
    let expected = |k: &str| sizes[k].parse::<u64>().unwrap();
    let (smallest, sustained) = (expected("exact_sample_size"), expected("exact_sample_size_sustained"));
    // The fixture is a saw-tooth: power reaches the target, falls short, then stays.
    assert!(smallest < sustained);
    let r = run_json(&search_args(&sizes, "json"));
    assert_eq!(r["exact_unavailable"], Value::Null);
    assert_eq!(r["exact_sample_size"].as_u64(), Some(smallest));
    assert_eq!(r["exact_sample_size_sustained"].as_u64(), Some(sustained));
    assert_eq!(r["search_range"], serde_json::json!([expected("min"), expected("max")]));
    // Every exact power reported is R's.
    let reported = std::iter::once(&r).chain(r["neighbours"].as_array().unwrap()).chain(r["scan"].as_array().unwrap());
    for p in reported {
        let (n, value) = (size(p), p["exact_power"].as_f64().unwrap());
        assert!((value - exact[&n]).abs() < EXACT_TOLERANCE, "exact power at {n}: {value}, R {}", exact[&n]);
    }
}

#[test]
fn the_simulated_sustained_size_is_where_simulated_power_stays_over_the_scan() {
    let (sizes, exact) = saw_tooth();
    let target: f64 = sizes["target_power"].parse().unwrap();
    let r = run_json(&search_args(&sizes, "json"));
    let (found, sustained) = (size(&r), r["sample_size_sustained"].as_u64().unwrap());
    let replicates = r["replicates"].as_u64().unwrap();
    let scan = r["scan"].as_array().unwrap();
    let power = |p: &Value| p["power"].as_f64().unwrap();
    // The scan: every size from the bisection's answer, the answer first.
    let scanned: Vec<u64> = scan.iter().map(size).collect();
    assert_eq!(scanned, (found..found + scan.len() as u64).collect::<Vec<_>>());
    assert_eq!(power(&scan[0]), power(&r));
    // Bisection: the answer reaches the target, the size below does not.
    let below = r["neighbours"].as_array().unwrap().iter().find(|p| size(p) == found - 1).expect("the size below");
    assert!(power(&r) >= target && power(below) < target);
    // Sustained: at or above the target from it to the end of the scan, below just before.
    assert!(sustained >= found);
    for p in scan.iter().filter(|p| size(p) >= sustained) {
        assert!(power(p) >= target, "simulated power {} at {}", power(p), size(p));
    }
    if sustained > found {
        assert!(power(&scan[(sustained - 1 - found) as usize]) < target);
    }
    // The scan ends after a run of sizes reaching the target beyond the exact saw-tooth.
    let last = *scanned.last().unwrap();
    let exact_sustained = r["exact_sample_size_sustained"].as_u64().unwrap();
    assert!(last - sustained + 1 >= SUSTAIN_RUN as u64 && last + 1 - SUSTAIN_RUN as u64 >= exact_sustained);
    // The simulated power at every size scanned is the one a sweep on the same seed gives
    // (common random numbers), and within Monte Carlo error of R's exact power.
    let grid = format!("trial.sample_size={found}:{last}:1");
    let rows =
        stdout(&["sweep", "tests/scenarios/size_saw_tooth.toml", "--vary", &grid, "--skip-type1", "--format", "json"]);
    for (p, row) in scan.iter().zip(rows.lines().map(|l| serde_json::from_str::<Value>(l).unwrap())) {
        assert_eq!(row["values"]["trial.sample_size"].as_f64(), Some(size(p) as f64));
        assert_eq!(row["power"], p["power"], "at {}", size(p));
        assert_share(power(p), exact[&size(p)], replicates, &format!("simulated power at {}", size(p)));
    }
}

#[test]
fn the_table_shows_both_sizes_simulated_and_exact() {
    let (sizes, _) = saw_tooth();
    let r = run_json(&search_args(&sizes, "json"));
    let table = stdout(&search_args(&sizes, "table"));
    let last = size(r["scan"].as_array().unwrap().last().unwrap());
    let n = |k: &str| r[k].as_u64().unwrap();
    let (min, max) = (&sizes["min"], &sizes["max"]);
    for line in [
        format!("size found by bisection: {} (power", n("sample_size")),
        format!("simulated, at or above the target at every size from {} to {last}", n("sample_size_sustained")),
        format!("(every size from {} to {last} simulated; also at {max})", n("sample_size")),
        format!(
            "exact, smallest size reaching the target: {} (every size from {min} to {max} enumerated)",
            n("exact_sample_size")
        ),
        format!("exact, at or above the target at every size from {} to {max}", n("exact_sample_size_sustained")),
    ] {
        assert!(table.contains(&line), "`{line}` missing from\n{table}");
    }
    assert!(!table.contains("smallest total sample size"), "{table}");
}

#[test]
fn an_exact_scan_beyond_its_limit_says_so() {
    let args =
        ["size", "tests/scenarios/size.toml", "--target-power", "0.8", "--min", "10", "--max", "20000", "-n", "200"];
    let r = run_json(&[&args[..], &["--format", "json"]].concat());
    assert_eq!(r["exact_sample_size"], Value::Null);
    assert_eq!(r["exact_sample_size_sustained"], Value::Null);
    let why = r["exact_unavailable"].as_str().expect("a reason");
    assert!(why.contains("from 10 to 20000") && why.contains("narrower range"), "{why}");
    let table = stdout(&args);
    assert!(table.contains(&format!("exact: not enumerated: {why}")), "{table}");
}

#[test]
fn a_smallest_size_leaving_an_arm_empty_is_refused() {
    let out = trialsim()
        .args(["size", "tests/scenarios/change.toml", "--target-power", "0.8", "--min", "1", "--max", "200"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("gets no patient from a sample size of 1"), "{stderr}");
}

/// `--target any` and `--target all` on two doses against a control (20 each at 60
/// patients, step-down-free Dunnett): the exact joint power the search enumerates equals
/// R's enumeration (tests/fixtures/many_to_one) at 60 patients, the exact answer is the
/// smallest size reaching the target, and the simulated answer is within Monte Carlo error
/// of it.
#[test]
fn any_and_all_targets_agree_with_exact_joint_power() {
    use trialsim::size::{Criterion, SizeTarget, sizes::scenario_at};
    let fixture = read_csv("tests/fixtures/many_to_one/many_to_one_power.csv");
    let row = fixture
        .iter()
        .find(|r| {
            r["arms_n"] == "20;20"
                && r["control_n"] == "20"
                && r["alternative"] == "two-sided"
                && r["method"] == "dunnett"
                && r["arms_rate"] == "0.35;0.5"
        })
        .expect("the fixture's first design");
    let s = crate::util::load("tests/scenarios/many_to_one.toml");
    for (target, key, power) in [(SizeTarget::Any, "reject_any", "0.8"), (SizeTarget::All, "reject_all", "0.5")] {
        let criterion = Criterion::new(&s, 0, target, None).unwrap();
        let at_60 = criterion.exact_at(&scenario_at(&s, 60).unwrap()).unwrap();
        let expected: f64 = row[key].parse().unwrap();
        assert!((at_60 - expected).abs() < EXACT_TOLERANCE, "{key}: {at_60} vs R {expected}");
        let r = run_json(&[
            "size",
            "tests/scenarios/many_to_one.toml",
            "--target",
            target.as_str(),
            "--target-power",
            power,
            "--min",
            "30",
            "--max",
            "300",
            "-n",
            "4000",
            "--format",
            "json",
        ]);
        let p: f64 = power.parse().unwrap();
        let exact = r["exact_sample_size"].as_u64().expect("enumerable") as u32;
        let exact_at = |n: u32| criterion.exact_at(&scenario_at(&s, n).unwrap()).unwrap();
        assert!(exact_at(exact) >= p && (30..exact).all(|n| exact_at(n) < p), "{key}: exact size {exact}");
        let at_answer = r["exact_power"].as_f64().unwrap();
        assert!(at_answer >= p - TOLERANCE_SE * mcse(p, 4000), "{key}: exact {at_answer} at the answer");
        assert_eq!(r["target"], target.as_str());
        assert_eq!(r["arms"].as_array().unwrap().len(), 3);
    }
}

/// `--target per-arm` without `--arm` sizes for the weaker comparison, with `--arm` for the
/// one named; `--target family` for the adjusted power of the hypothesis named, whose
/// exact value is the run's exact adjusted power at that size; bad requests are refused
/// with what to do.
#[test]
fn per_arm_and_family_targets_name_what_they_size_for() {
    let args = |extra: &[&str]| {
        let mut v =
            vec!["size", "tests/scenarios/many_to_one.toml", "--target-power", "0.8", "--min", "30", "--max", "600"];
        v.extend_from_slice(extra);
        v.extend_from_slice(&["-n", "2000", "--format", "json"]);
        v.into_iter().map(String::from).collect::<Vec<_>>()
    };
    let json = |extra: &[&str]| {
        let a = args(extra);
        run_json(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let each = json(&[]);
    let high = json(&["--arm", "high"]);
    assert_eq!(each["arm"], "each compared arm");
    assert_eq!(high["arm"], "high");
    // The low dose needs more patients than the high dose alone.
    assert!(size(&each) > size(&high), "{} vs {}", size(&each), size(&high));
    let family = json(&["--target", "family", "--arm", "high"]);
    assert_eq!(family["target"], "family");
    let n = size(&family);
    let at = run_json(&["run", "tests/scenarios/many_to_one.toml", "-n", "200", "--format", "json"]);
    assert!(at["endpoints"][1]["exact_adjusted_power"].is_number());
    let arms = family["arms"].as_array().unwrap();
    assert_eq!(arms.iter().map(|a| a["n"].as_u64().unwrap()).sum::<u64>(), n);
    assert_eq!(arms[2]["exact_power"], family["exact_power"]);
    for (extra, message) in [
        (vec!["--arm", "control"], "unknown compared arm `control`; expected one of low, high"),
        (vec!["--target", "family"], "name its arm with --arm"),
        (vec!["--target", "any", "--arm", "low"], "leave out --arm"),
        (vec!["--target", "family", "--endpoint", "trend"], "is not in it"),
        (vec!["--arm", "low", "--endpoint", "trend"], "tests a trend over every arm at once: leave out --arm"),
    ] {
        let mut a = args(&extra);
        a.truncate(a.len() - 2);
        let out = trialsim().args(&a).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {stderr}");
        assert!(stderr.contains(message), "{extra:?}: {stderr}");
    }
}
