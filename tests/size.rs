//! `trialsim size`: the smallest total sample size reaching a target power, against the
//! exact minimal size where exact power is known.

use crate::util::{TOLERANCE_SE, mcse, run_json};

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
