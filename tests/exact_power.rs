//! Power and type-I error of binary endpoints against exact values computed independently
//! in R (tests/fixtures/exact_power.R) and in Python for the margin tests
//! (tests/fixtures/exact_power_margin.py), for every test and alternative, with and
//! without MCAR dropout, under non-responder imputation and complete-case analysis:
//! trialsim's own `exact_power` must equal the enumeration, and the simulated power must
//! lie within 4 Monte Carlo standard errors of it; the same for the type-I error under
//! both nulls (the analysed proportion on the boundary, and the true rate on it).

use crate::util::{Builder, close, read_csv, simulate, trialsim};
use std::collections::HashMap;

/// Agreement required between trialsim's exact power and the independent enumeration.
const EXACT_TOLERANCE: f64 = 1e-9;
const REPLICATES: u64 = 20_000;

/// The fixture's design: CR + PR at week 6 (of 12) count as success; the success rate is
/// split 60:40 between the two levels.
fn case(row: &HashMap<String, String>) -> Builder {
    let f = |k: &str| row[k].parse::<f64>().unwrap();
    let rates = |r: f64| {
        toml::Value::from(toml::map::Map::from_iter([
            ("CR".to_string(), toml::Value::from(vec![0.6 * r, 0.3])),
            ("PR".to_string(), toml::Value::from(vec![0.4 * r, 0.2])),
        ]))
    };
    let endpoint = |b: Builder| {
        let b = b
            .set("endpoint.0.missing", row.get("missing").cloned().unwrap_or_else(|| "non-responder".into()))
            .set("endpoint.0.test", row["test"].clone())
            .set("endpoint.0.alternative", row["alternative"].clone())
            .set("endpoint.0.alpha", f("alpha"));
        match row.get("margin").filter(|m| !m.is_empty()) {
            Some(m) => b.set("endpoint.0.margin", m.parse::<f64>().unwrap()),
            None => b,
        }
    };
    if row["design"] == "parallel" {
        endpoint(
            Builder::new("tests/scenarios/binary_parallel.toml")
                .set("trial.sample_size", (f("n1") + f("n2")) as i64)
                .set("arm.0.allocation", f("n1"))
                .set("arm.0.dropout", f("dropout"))
                .set("arm.0.rates", rates(f("rate1")))
                .set("arm.1.allocation", f("n2"))
                .set("arm.1.dropout", f("dropout"))
                .set("arm.1.rates", rates(f("rate2"))),
        )
    } else {
        endpoint(
            Builder::new("tests/scenarios/binary_single_arm.toml")
                .set("trial.sample_size", f("n1") as i64)
                .set("arm.0.dropout", f("dropout"))
                .set("arm.0.rates", rates(f("rate1")))
                .set("endpoint.0.null_rate", f("null_rate")),
        )
    }
}

fn check(fixture: &str, expected_rows: usize) {
    let rows = read_csv(fixture);
    assert_eq!(rows.len(), expected_rows);
    let mut failures = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let s = case(row).build();
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
        let value = |k: &str| row[k].parse::<f64>().unwrap();
        for (what, simulated, ours, exact) in [
            ("power", e.power.estimate, e.exact_power, value("exact_power")),
            ("type-I error", e.type1_error.unwrap().estimate, e.exact_type1_error, value("exact_type1")),
            (
                "true-rate type-I error",
                e.type1_error_true_rate.unwrap().estimate,
                e.exact_type1_error_true_rate,
                value("exact_type1_true_rate"),
            ),
        ] {
            match ours {
                Some(ours) if (ours - exact).abs() <= EXACT_TOLERANCE => {}
                _ => failures.push(format!("{case}: exact {what} {ours:?}, reference {exact}")),
            }
            if !close(simulated, exact, REPLICATES) {
                failures.push(format!("{case}: {what} simulated {simulated:.4}, exact {exact:.4}"));
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
    // Farrington-Manning and Miettinen-Nurminen, 2 alternatives, 3 missing-data settings;
    // then the design where the two nulls differ most.
    check("tests/fixtures/exact_power_margin.csv", 13);
}

#[test]
fn a_non_inferiority_design_with_dropout_reports_both_nulls() {
    // The fixture's last row: Miettinen-Nurminen, margin 0.12, 120 vs 60, 10 % gone by the
    // endpoint, non-responder imputation. The analysed-proportion null keeps the level
    // (exact 0.0516); with the true rates on the boundary the type-I error is 0.0699.
    let rows = read_csv("tests/fixtures/exact_power_margin.csv");
    let row = rows.last().unwrap();
    assert_eq!(row["margin"], "0.12");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ni.toml");
    std::fs::write(&file, case(row).text()).unwrap();
    let file = file.to_str().unwrap();
    let out = trialsim().args(["run", file, "-n", "4000", "--format", "json"]).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let e = &json["endpoints"][0];
    let expected = row["exact_type1_true_rate"].parse::<f64>().unwrap();
    assert!((e["exact_type1_error_true_rate"].as_f64().unwrap() - expected).abs() <= EXACT_TOLERANCE, "{e}");
    assert!(expected > 0.069 && row["exact_type1"].parse::<f64>().unwrap() < 0.052);
    assert_eq!(e["type1_error_true_rate_above_alpha"], true);
    let [lo, hi] = [0, 1].map(|k| e["type1_error_true_rate_ci95"][k].as_f64().unwrap());
    assert!(lo < e["type1_error_true_rate"].as_f64().unwrap() && hi > lo);
    let table = String::from_utf8(trialsim().args(["run", file, "-n", "4000"]).output().unwrap().stdout).unwrap();
    let section = table.split("Type-I error with the true response rates on the null boundary\n").nth(1).unwrap();
    let row = section.lines().find(|l| l.trim_start().starts_with("response ")).unwrap();
    assert!(row.ends_with("0.0699 !"), "{row}");
    assert!(table.contains("Type-I error: the proportion the test analyses on the null boundary"), "{table}");
}

#[test]
fn the_true_rate_null_is_the_same_world_where_nothing_moves_the_analysed_share() {
    // No margin, equal dropout: the true-rate null is the analysed-proportion null, the
    // same numbers, and the table shows no second section.
    let file = crate::util::path("tests/scenarios/binary_parallel.toml");
    let out = trialsim().args(["run", file.to_str().unwrap(), "-n", "500", "--format", "json"]).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let e = &json["endpoints"][0];
    assert_eq!(e["type1_error_true_rate"], e["type1_error"]);
    assert_eq!(e["exact_type1_error_true_rate"], e["exact_type1_error"]);
    let table =
        String::from_utf8(trialsim().args(["run", file.to_str().unwrap(), "-n", "500"]).output().unwrap().stdout)
            .unwrap();
    assert!(!table.contains("true response rates"), "{table}");
}
