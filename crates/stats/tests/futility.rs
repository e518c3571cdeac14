//! Futility bounds against independent computations in R (mvtnorm's exact Miwa algorithm
//! and rpact 3.3.4 from Debian, `tests/fixtures/group_sequential/`):
//! - `conditional_power.R`: 96 designs with conditional-power futility, K = 2..4, equal
//!   and unequal information, O'Brien-Fleming and Pocock spending, thresholds 0.1 and 0.2,
//!   under the trend and under the design's effect, binding and not. R finds each bound as
//!   the z whose conditional power (of a multivariate normal given the look's z) is the
//!   threshold, and iterates binding designs to a fixed point.
//! - `beta_observed.R`: beta spending re-spent at observed information fractions with the
//!   planned design's drift, 12 cases.

mod common;
use common::{Row, fraction, number, read};
use trialsim_stats::group_sequential::{Assumed, Design, Efficacy, Futility, boundaries, boundaries_at};
use trialsim_stats::spending::Spending;

/// Bounds on the z scale (R's own solver agrees with rpact's bounds to 2.3e-8; found
/// within 2e-7).
const BOUNDS: f64 = 1e-6;
/// The drift (R: `sqrt(getDesignCharacteristics(d)$shift)`, or its own root).
const DRIFT: f64 = 1e-6;

fn spending(name: &str) -> Spending {
    match name {
        "obrien-fleming" => Spending::OBrienFleming,
        "pocock" => Spending::Pocock,
        other => panic!("unknown spending {other}"),
    }
}

fn fractions(s: &str) -> Vec<f64> {
    s.split(';').map(fraction).collect()
}

/// The fixture's rows grouped by case, in order.
fn cases(rows: &[Row]) -> Vec<Vec<&Row>> {
    let mut out: Vec<Vec<&Row>> = Vec::new();
    for r in rows {
        match out.last_mut() {
            Some(case) if case[0]["case"] == r["case"] => case.push(r),
            _ => out.push(vec![r]),
        }
    }
    out
}

fn close(found: f64, expected: &str, tolerance: f64, what: &str) {
    if expected == "NA" {
        assert!(!found.is_finite(), "{what}: expected none, found {found}");
    } else {
        let x = number(expected);
        assert!((found - x).abs() < tolerance, "{what}: {found} vs R {x} (off {:e})", (found - x).abs());
    }
}

#[test]
fn conditional_power_bounds_equal_r() {
    let rows = read("conditional_power.csv");
    let cases = cases(&rows);
    assert_eq!(cases.len(), 96);
    for case in cases {
        let first = case[0];
        let assumed = match first["assume"].as_str() {
            "trend" => Assumed::Trend,
            _ => Assumed::Design { beta: number(&first["beta"]) },
        };
        let d = Design::new(
            fractions(&first["information"]),
            number(&first["alpha"]),
            false,
            Efficacy::Spending(spending(&first["spending"])),
        )
        .with_futility(
            Futility::ConditionalPower { threshold: number(&first["threshold"]), assumed },
            first["binding"] == "true",
        );
        let b = boundaries(&d).unwrap();
        let name = format!("case {}", first["case"]);
        for (k, r) in case.iter().enumerate() {
            close(b.efficacy[k], &r["efficacy"], BOUNDS, &format!("{name} look {} efficacy", k + 1));
            close(b.futility[k], &r["futility"], BOUNDS, &format!("{name} look {} futility", k + 1));
        }
        match b.drift {
            Some(drift) => close(drift, &first["drift"], DRIFT, &format!("{name} drift")),
            None => assert_eq!(first["drift"], "NA", "{name}"),
        }
    }
}

#[test]
fn beta_spending_re_spent_at_observed_information_equals_r() {
    let rows = read("beta_observed.csv");
    let cases = cases(&rows);
    assert_eq!(cases.len(), 12);
    for case in cases {
        let first = case[0];
        let name = format!("case {}", first["case"]);
        let alpha = number(&first["alpha"]);
        let futility =
            Futility::BetaSpending { spending: spending(&first["beta_spending"]), beta: number(&first["beta"]) };
        let efficacy = Efficacy::Spending(spending(&first["alpha_spending"]));
        let design =
            |t: Vec<f64>| Design::new(t, alpha, false, efficacy.clone()).with_futility(futility.clone(), false);
        // The planned design's drift, kept when the bounds are re-spent.
        let drift = boundaries(&design(fractions(&first["planned"]))).unwrap().drift.unwrap();
        close(drift, &first["drift"], DRIFT, &format!("{name} drift"));
        let b = boundaries_at(&design(fractions(&first["observed"])), Some(drift)).unwrap();
        assert_eq!(b.drift, Some(drift));
        for (k, r) in case.iter().enumerate() {
            close(b.efficacy[k], &r["efficacy"], BOUNDS, &format!("{name} look {} efficacy", k + 1));
            close(b.futility[k], &r["futility"], BOUNDS, &format!("{name} look {} futility", k + 1));
        }
    }
}
