//! `trialsim analyse` against R: for one replicate of each scenario in
//! `tests/scenarios/analyse/`, every test's estimate, standard error, df, statistic,
//! p-value and intervals equal what R's own functions compute on the exported patients
//! (`tests/fixtures/analyse_reference.R`, values committed in `analyse_reference.csv`).
//! The committed exports are checked byte for byte, so R analysed the data `analyse` sees.

use crate::util::{read_csv, run_json, stdout, text};
use serde_json::Value;

/// The replicate exported and analysed (the scenario's own seed).
const REPLICATE: &str = "3";

/// Closed forms computed in another order (rates, Wald errors, the z and chi-square
/// statistics, Welch's df, the ANCOVA coefficients, Kaplan-Meier and Greenwood): the
/// same arithmetic up to rounding.
const CLOSED_FORM: f64 = 1e-12;
/// P-values and distribution quantiles: trialsim's own normal, chi-square, t and beta
/// functions against R's pnorm, pchisq, pt, qt and qbeta (relative, as p-values can be
/// tiny).
const DISTRIBUTION: f64 = 1e-10;
/// The score tests' restricted maximum likelihood: trialsim's closed-form cubic (polished
/// by Newton steps) against R's uniroot on the likelihood's derivative (tol 1e-15).
const RESTRICTED_MLE: f64 = 1e-10;
/// The Miettinen-Nurminen interval: trialsim's bisection against R's uniroot on the
/// statistic; each stops at its own tolerance in the bound.
const INTERVAL_ROOT: f64 = 1e-9;
/// MMRM fits: trialsim's Newton-Raphson against R's gls refined by Newton steps on a dense
/// REML of its own, each converged to its own rounding; estimates, standard errors,
/// degrees of freedom and the interval.
const MMRM: f64 = 1e-10;

/// The scenarios, by the name R gives them, and their files.
const SCENARIOS: [(&str, &str); 6] = [
    ("analyse-binary-parallel", "binary_parallel"),
    ("analyse-single-arm", "single_arm"),
    ("analyse-simon", "simon"),
    ("analyse-change", "change"),
    ("analyse-time-to-event", "time_to_event"),
    ("analyse-mmrm", "mmrm"),
];

/// The tolerance for a quantity of an endpoint's test, relative to max(1, |R's value|)
/// except for p-values (relative to the p-value); `None` where they must be equal.
fn tolerance(test: &str, quantity: &str) -> Option<f64> {
    let (head, _) = quantity.split_once(':').unwrap_or((quantity, ""));
    match head {
        "p_value" if test == "mmrm" => Some(MMRM),
        "mmrm" | "estimate" | "standard_error" | "df" | "statistic" if test == "mmrm" => Some(MMRM),
        "responders" | "analysed" | "events" | "early_stop" | "rejected" => None,
        "miettinen-nurminen" => Some(INTERVAL_ROOT),
        "wilson" | "clopper-pearson" | "newcombe" | "welch-t" | "ancova" | "kaplan-meier" | "p_value" => {
            Some(DISTRIBUTION)
        }
        "statistic" if matches!(test, "farrington-manning" | "miettinen-nurminen" | "rate-difference") => {
            Some(RESTRICTED_MLE)
        }
        _ => Some(CLOSED_FORM),
    }
}

/// trialsim's value of a quantity named as in the R output: a field of the endpoint
/// (`estimate`, `p_value`, ...), `statistic`, `QUANTITY:ARM` of an arm's data, or
/// `METHOD:ARM:lo|hi` of an interval.
fn value_of(e: &Value, quantity: &str) -> Option<f64> {
    let parts: Vec<&str> = quantity.split(':').collect();
    let number = |v: &Value| v.as_f64().or_else(|| v.as_bool().map(|b| b as u8 as f64));
    match parts[..] {
        ["statistic"] => number(&e["statistic"]["value"]),
        [field] => number(&e[field]),
        [field, arm] => {
            let data = e["data"].as_array()?.iter().find(|d| d["arm"] == arm)?;
            number(&data[field])
        }
        [method, arm, end] => {
            let interval = e["intervals"].as_array()?.iter().find(|i| i["method"] == method && i["arm"] == arm)?;
            number(&interval[end])
        }
        _ => None,
    }
}

#[test]
fn the_exports_r_analysed_are_what_export_writes() {
    for (_, file) in SCENARIOS {
        let scenario = format!("tests/scenarios/analyse/{file}.toml");
        let csv = stdout(&["export", &crate::util::path(&scenario).to_string_lossy(), "--replicate", REPLICATE]);
        assert!(csv == text(&format!("tests/fixtures/analyse/{file}.csv")), "{file}: the export changed");
    }
}

#[test]
fn analyse_agrees_with_r_on_the_exported_patients() {
    let reference = read_csv("tests/fixtures/analyse_reference.csv");
    let mut compared = 0;
    for (name, file) in SCENARIOS {
        let scenario = crate::util::path(&format!("tests/scenarios/analyse/{file}.toml"));
        let json = run_json(&["analyse", &scenario.to_string_lossy(), "--replicate", REPLICATE, "--format", "json"]);
        assert_eq!(json["scenario"], name);
        let rows: Vec<_> = reference.iter().filter(|r| r["scenario"] == name).collect();
        assert!(!rows.is_empty(), "{name}: no R values");
        for r in rows {
            let (endpoint, arm, quantity) = (&r["endpoint"], &r["arm"], r["quantity"].as_str());
            let what = format!("{name}: {endpoint} ({arm}) {quantity}");
            let e = json["endpoints"]
                .as_array()
                .unwrap()
                .iter()
                .find(|e| e["name"] == endpoint.as_str() && e["arm"] == arm.as_str())
                .unwrap_or_else(|| panic!("{what}: no such endpoint in the analysis"));
            let expected: f64 = r["value"].parse().unwrap_or_else(|_| panic!("{what}: {}", r["value"]));
            let got = value_of(e, quantity).unwrap_or_else(|| panic!("{what}: not in the analysis"));
            let test = e["test"].as_str().unwrap();
            match tolerance(test, quantity) {
                None => assert_eq!(got, expected, "{what}"),
                Some(tol) => {
                    let scale = if quantity == "p_value" { expected.abs() } else { expected.abs().max(1.0) };
                    let error = (got - expected).abs() / scale;
                    assert!(error <= tol, "{what}: trialsim {got:e}, R {expected:e} ({error:e} > {tol:e})");
                }
            }
            compared += 1;
        }
    }
    assert!(compared >= 300, "{compared} values compared");
}
