//! Simulated power and type-I error of binary endpoints against exact values computed
//! independently in R (tests/fixtures/exact_power.R), for every test and alternative,
//! with and without MCAR dropout under non-responder imputation.

mod common;
use common::{mcse, read_csv, scenario, simulate};

/// Agreement required: |simulated - exact| <= this many Monte Carlo standard errors.
const TOLERANCE_SE: f64 = 4.0;
const REPLICATES: u64 = 20_000;

/// The fixture's design as a scenario: CR + PR at week 6 (of 12) count as success; the
/// success rate is split 60:40 between the two levels.
fn case_toml(row: &std::collections::HashMap<String, String>) -> String {
    let f = |k: &str| row[k].parse::<f64>().unwrap();
    let rates = |r: f64| format!("{{ CR = [{}, 0.3], PR = [{}, 0.2] }}", 0.6 * r, 0.4 * r);
    let endpoint = format!(
        "[[endpoint]]\nname = \"response\"\nlevels = [\"CR\", \"PR\"]\nweek = 6\ntest = \"{}\"\nalternative = \"{}\"\nalpha = {}\n",
        row["test"], row["alternative"], row["alpha"]
    );
    let marker = "[marker]\nname = \"platelets\"\nbaseline = { median = 13.0, log_sd = 0.5, min = 1.0, max = 30.0 }\npersistence = 0.6\nresolution = 1.0\n\n[[level]]\nname = \"CR\"\nabove = 100.0\n\n[[level]]\nname = \"PR\"\nat_least = 50.0\n";
    if row["design"] == "parallel" {
        format!(
            "[trial]\nname = \"case\"\nsample_size = {}\nvisits = [0, 6, 12]\ncontrol = \"control\"\n\n{marker}\n[[arm]]\nname = \"arm\"\nallocation = {}\ndropout = {}\nrates = {}\n\n[[arm]]\nname = \"control\"\nallocation = {}\ndropout = {}\nrates = {}\n\n{endpoint}",
            f("n1") + f("n2"),
            f("n1"),
            f("dropout"),
            rates(f("rate1")),
            f("n2"),
            f("dropout"),
            rates(f("rate2"))
        )
    } else {
        format!(
            "[trial]\nname = \"case\"\ndesign = \"single-arm\"\nsample_size = {}\nvisits = [0, 6, 12]\n\n{marker}\n[[arm]]\nname = \"arm\"\ndropout = {}\nrates = {}\n\n{endpoint}null_rate = {}\n",
            f("n1"),
            f("dropout"),
            rates(f("rate1")),
            f("null_rate")
        )
    }
}

#[test]
fn simulated_power_matches_exact_enumeration() {
    let rows = read_csv("tests/fixtures/exact_power.csv");
    assert_eq!(rows.len(), 36, "5 two-sample tests and exact-binomial, 3 alternatives, 2 dropouts");
    let mut failures = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let s = scenario(&case_toml(row));
        // Arm sizes follow the allocation weights exactly.
        assert_eq!(s.arms[0].n as f64, row["n1"].parse::<f64>().unwrap());
        let result = simulate(&s, REPLICATES, 1000 + i as u64, None);
        let e = &result.endpoints[0];
        for (what, simulated, exact) in [
            ("power", e.power, row["exact_power"].parse::<f64>().unwrap()),
            ("type-I error", e.type1_error.unwrap(), row["exact_type1"].parse::<f64>().unwrap()),
        ] {
            let se = mcse(exact, REPLICATES);
            if (simulated - exact).abs() > TOLERANCE_SE * se {
                failures.push(format!(
                    "{} {} {} dropout {}: {what} simulated {simulated:.4}, exact {exact:.4} ({:.1} SE)",
                    row["design"],
                    row["test"],
                    row["alternative"],
                    row["dropout"],
                    (simulated - exact) / se
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
