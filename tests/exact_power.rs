//! Power and type-I error of binary endpoints against exact values computed independently
//! in R (tests/fixtures/exact_power.R) and in Python for the margin tests
//! (tests/fixtures/exact_power_margin.py), for every test and alternative, with and
//! without MCAR dropout, under non-responder imputation and complete-case analysis:
//! trialsim's own `exact_power` must equal the enumeration, and the simulated power must
//! lie within 4 Monte Carlo standard errors of it.

use crate::util::{mcse, read_csv, scenario, simulate};

/// Agreement required: |simulated - exact| <= this many Monte Carlo standard errors.
const TOLERANCE_SE: f64 = 4.0;
/// Agreement required between trialsim's exact power and the independent enumeration.
const EXACT_TOLERANCE: f64 = 1e-9;
const REPLICATES: u64 = 20_000;

/// The fixture's design as a scenario: CR + PR at week 6 (of 12) count as success; the
/// success rate is split 60:40 between the two levels.
fn case_toml(row: &std::collections::HashMap<String, String>) -> String {
    let f = |k: &str| row[k].parse::<f64>().unwrap();
    let rates = |r: f64| format!("{{ CR = [{}, 0.3], PR = [{}, 0.2] }}", 0.6 * r, 0.4 * r);
    let margin = row.get("margin").filter(|m| !m.is_empty()).map(|m| format!("margin = {m}\n")).unwrap_or_default();
    let missing = row.get("missing").cloned().unwrap_or_else(|| "non-responder".into());
    let endpoint = format!(
        "[[endpoint]]\nname = \"response\"\nlevels = [\"CR\", \"PR\"]\nweek = 6\nmissing = \"{missing}\"\ntest = \"{}\"\nalternative = \"{}\"\nalpha = {}\n{margin}",
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

fn check(fixture: &str, expected_rows: usize) {
    let rows = read_csv(fixture);
    assert_eq!(rows.len(), expected_rows);
    let mut failures = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let s = scenario(&case_toml(row));
        // Arm sizes follow the allocation weights exactly.
        assert_eq!(s.arms[0].n as f64, row["n1"].parse::<f64>().unwrap());
        let result = simulate(&s, REPLICATES, 1000 + i as u64, None);
        let e = &result.endpoints[0];
        let case = format!(
            "{} {} {} {} dropout {}",
            row["design"],
            row["test"],
            row["alternative"],
            row.get("missing").map_or("", |m| m),
            row["dropout"]
        );
        for (what, simulated, ours, exact) in [
            ("power", e.power, e.exact_power, row["exact_power"].parse::<f64>().unwrap()),
            ("type-I error", e.type1_error.unwrap(), e.exact_type1_error, row["exact_type1"].parse::<f64>().unwrap()),
        ] {
            match ours {
                Some(ours) if (ours - exact).abs() <= EXACT_TOLERANCE => {}
                _ => failures.push(format!("{case}: exact {what} {ours:?}, reference {exact}")),
            }
            let se = mcse(exact, REPLICATES);
            if (simulated - exact).abs() > TOLERANCE_SE * se {
                failures.push(format!(
                    "{case}: {what} simulated {simulated:.4}, exact {exact:.4} ({:.1} SE)",
                    (simulated - exact) / se
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn power_matches_exact_enumeration_in_r() {
    // 5 two-sample tests and exact-binomial, 3 alternatives: 2 dropouts under non-responder
    // imputation and one under complete-case analysis.
    check("tests/fixtures/exact_power.csv", 54);
}

#[test]
fn margin_tests_match_an_independent_exact_enumeration() {
    // Farrington-Manning and Miettinen-Nurminen, 2 alternatives, 3 missing-data settings.
    check("tests/fixtures/exact_power_margin.csv", 12);
}
