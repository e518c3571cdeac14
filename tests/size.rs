//! `trialsim size`: the smallest total sample size reaching a target power, against the
//! exact minimal size where exact power is known.

use assert_cmd::Command;

const TOLERANCE_SE: f64 = 4.0;

#[test]
fn the_answer_is_within_monte_carlo_uncertainty_of_the_exact_size() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("size.toml");
    std::fs::write(
        &file,
        "[trial]\nname = \"size\"\nsample_size = 100\nvisits = [0, 12]\ncontrol = \"control\"\n\n\
         [marker]\nname = \"platelets\"\nbaseline = { median = 13.0, log_sd = 0.5, min = 1.0, max = 30.0 }\nresolution = 1.0\n\n\
         [[level]]\nname = \"CR\"\nabove = 100.0\n\n\
         [[arm]]\nname = \"arm\"\nrates = { CR = [0.55] }\n\n\
         [[arm]]\nname = \"control\"\nrates = { CR = [0.30] }\n\n\
         [[endpoint]]\nname = \"CR\"\nprimary = true\nlevels = [\"CR\"]\nweek = 12\ntest = \"chi-square\"\n\n\
         [simulation]\nreplicates = 4000\nseed = 5\n",
    )
    .unwrap();
    let out = Command::cargo_bin("trialsim")
        .unwrap()
        .arg("size")
        .arg(&file)
        .args(["--target-power", "0.8", "--min", "60", "--max", "200", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let r: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let n = r["sample_size"].as_u64().expect("an integer sample size");
    let exact = r["exact_sample_size"].as_u64().expect("exact power is computable here");
    let power = r["power"].as_f64().unwrap();
    assert!(power >= 0.8);
    assert!(r["power_ci95"].as_array().unwrap().len() == 2);
    assert!(!r["neighbours"].as_array().unwrap().is_empty());
    // At the answer the exact power reaches the target up to Monte Carlo error, and just
    // below it it does not exceed the target by more than that error.
    let se = (0.8f64 * 0.2 / 4000.0).sqrt();
    let at_answer = r["exact_power"].as_f64().unwrap();
    assert!(at_answer >= 0.8 - TOLERANCE_SE * se, "exact power {at_answer} at {n}");
    let below = r["neighbours"].as_array().unwrap().iter().find(|x| x["sample_size"].as_u64() == Some(n - 1)).unwrap();
    let below_exact = below["exact_power"].as_f64().unwrap();
    assert!(below_exact <= 0.8 + TOLERANCE_SE * se, "exact power {below_exact} at {}", n - 1);
    assert!(n.abs_diff(exact) <= 10, "simulated {n}, exact {exact}");
}
