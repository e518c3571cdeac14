//! Group-sequential boundaries against rpact's `getDesignGroupSequential`
//! (`tests/fixtures/group_sequential/boundaries.R`, rpact 3.3.4 from Debian): 592 designs,
//! K = 2..5 looks at equal and unequal information, one- and two-sided, every spending
//! family, the classical O'Brien-Fleming and Pocock designs, and one-sided designs with
//! beta-spending futility bounds, binding and not; and the exact stopping probabilities of
//! two-arm and single-arm binary designs against brute-force enumerations of every path in
//! Python (`sequential_binomial.py`, `sequential_single_arm.py`).

use std::collections::BTreeMap;
use trialsim_stats::group_sequential::{Design, Efficacy, Futility, boundaries, stopping};
use trialsim_stats::sequential_binomial::{self, Look, SingleLook};
use trialsim_stats::spending::Spending;

/// Bounds on the z scale (found: within 4e-7, but for the one look of
/// `rpact_accuracy.csv`, where rpact's bound is 1.9e-6 off and misses its alpha by 6.6e-10;
/// ours misses it by 4.6e-12, by mvtnorm).
const BOUNDS: f64 = 1e-6;
/// Cumulative alpha and beta spent (rpact's to its tolerance of 1e-8; found within 1e-8).
const SPENT: f64 = 1e-7;
/// Exact stopping probabilities of binary designs (sums of the same binomial terms in
/// another order; found within 2.3e-13).
const EXACT: f64 = 1e-9;
/// The drift of a beta-spending design (rpact's `sqrt(shift)`; found within 1e-7).
const DRIFT: f64 = 1e-6;

mod common;
use common::{Row, fraction, number, read};

fn spending(family: &str, parameter: &str, user: Vec<f64>) -> Spending {
    match family {
        "asOF" | "bsOF" => Spending::OBrienFleming,
        "asP" | "bsP" => Spending::Pocock,
        "asKD" | "bsKD" => Spending::Power(number(parameter)),
        "asHSD" | "bsHSD" => Spending::HwangShihDeCani(number(parameter)),
        "asUser" => Spending::User(user),
        other => panic!("unknown family {other}"),
    }
}

/// The design of a fixture's rows.
fn design(rows: &[&BTreeMap<String, String>]) -> Design {
    let first = rows[0];
    let t: Vec<f64> = rows.iter().map(|r| fraction(&r["t"])).collect();
    let alpha = number(&first["alpha"]);
    let two_sided = first["sided"] == "2";
    let efficacy = match first["family"].as_str() {
        "OF" => Efficacy::O_BRIEN_FLEMING,
        "P" => Efficacy::POCOCK,
        family => {
            let user = rows.iter().filter(|r| !r["user_alpha"].is_empty()).map(|r| number(&r["user_alpha"])).collect();
            Efficacy::Spending(spending(family, &first["parameter"], user))
        }
    };
    let d = Design::new(t, alpha, two_sided, efficacy);
    match first["beta_family"].as_str() {
        "none" => d,
        family => d.with_futility(
            Futility::BetaSpending { spending: spending(family, &first["beta_parameter"], Vec::new()), beta: 0.2 },
            first["binding"] == "TRUE",
        ),
    }
}

#[test]
fn boundaries_match_rpact() {
    let rows = read("boundaries.csv");
    let mut designs: BTreeMap<u32, Vec<&BTreeMap<String, String>>> = BTreeMap::new();
    for r in &rows {
        designs.entry(r["design"].parse().unwrap()).or_default().push(r);
    }
    assert_eq!(designs.len(), 592);
    // Looks where rpact's bound is the less accurate: our bound there, checked by mvtnorm to
    // meet the spending function far more closely than rpact's.
    let mut rpact_off = BTreeMap::new();
    let accuracy = read("rpact_accuracy.csv");
    for pair in accuracy.chunks(2) {
        let [ours, theirs] = pair else { panic!("rows in pairs") };
        assert_eq!((ours["source"].as_str(), theirs["source"].as_str()), ("trialsim", "rpact"));
        let (mine, rpact) = (number(&ours["alpha_error"]).abs(), number(&theirs["alpha_error"]).abs());
        assert!(mine * 10.0 < rpact, "ours misses alpha by {mine}, rpact's by {rpact}");
        let key = (ours["design"].parse::<u32>().unwrap(), ours["look"].parse::<u32>().unwrap());
        rpact_off.insert(key, number(&ours["bound"]));
    }
    let (mut worst_bound, mut worst_spent, mut worst_drift) = (0.0f64, 0.0f64, 0.0f64);
    for (id, rows) in &designs {
        let d = design(rows);
        let b = boundaries(&d).unwrap_or_else(|e| panic!("design {id}: {e}"));
        for (k, r) in rows.iter().enumerate() {
            let what = || format!("design {id} look {} {:?}", k + 1, r);
            let c = number(&r["efficacy"]);
            if let Some(ours) = rpact_off.get(&(*id, k as u32 + 1)) {
                assert!((b.efficacy[k] - ours).abs() < 1e-9, "{}: efficacy {} vs {ours}", what(), b.efficacy[k]);
                continue;
            }
            assert!((b.efficacy[k] - c).abs() <= BOUNDS, "{}: efficacy {} vs {c}", what(), b.efficacy[k]);
            worst_bound = worst_bound.max((b.efficacy[k] - c).abs());
            if !r["futility"].is_empty() {
                let f = number(&r["futility"]);
                assert!((b.futility[k] - f).abs() <= BOUNDS, "{}: futility {} vs {f}", what(), b.futility[k]);
                worst_bound = worst_bound.max((b.futility[k] - f).abs());
            }
            let a = number(&r["alpha_spent"]);
            assert!((b.alpha_spent[k] - a).abs() <= SPENT, "{}: alpha spent {} vs {a}", what(), b.alpha_spent[k]);
            worst_spent = worst_spent.max((b.alpha_spent[k] - a).abs());
            if !r["beta_spent"].is_empty() {
                let s = number(&r["beta_spent"]);
                assert!((b.beta_spent[k] - s).abs() <= SPENT, "{}: beta spent {} vs {s}", what(), b.beta_spent[k]);
                worst_spent = worst_spent.max((b.beta_spent[k] - s).abs());
            }
            if !r["drift"].is_empty() {
                let drift = number(&r["drift"]);
                let mine = b.drift.expect("a beta-spending design has a drift");
                assert!((mine - drift).abs() <= DRIFT, "{}: drift {mine} vs {drift}", what());
                worst_drift = worst_drift.max((mine - drift).abs());
            }
        }
        // Under the null the efficacy stops add up to the alpha spent; under the drift a
        // beta-spending design stops for futility (or fails to reject) with probability beta.
        let null: f64 = stopping(&d, &b, 0.0).iter().map(|s| s.0).sum();
        if d.binding || b.drift.is_none() {
            assert!((null - b.alpha_spent.last().unwrap()).abs() < 1e-9, "design {id}: {null}");
        }
        if let Some(drift) = b.drift {
            let power: f64 = stopping(&d, &b, drift).iter().map(|s| s.0).sum();
            assert!((power - 0.8).abs() < 1e-7, "design {id}: power {power}");
        }
    }
    eprintln!("worst differences: bounds {worst_bound:e}, spent {worst_spent:e}, drift {worst_drift:e}");
}

#[test]
fn exact_binary_stopping_matches_enumeration_of_every_path() {
    let rows = read("sequential_binomial.csv");
    // (design, rates) -> looks in order.
    let mut cases: BTreeMap<(String, String, String), Vec<&Row>> = BTreeMap::new();
    for r in &rows {
        cases.entry((r["design"].clone(), r["p_arm"].clone(), r["p_control"].clone())).or_default().push(r);
    }
    assert_eq!(cases.len(), 25);
    let mut worst = 0.0f64;
    for ((design, pa, pc), rows) in &cases {
        let looks: Vec<Look> = rows
            .iter()
            .map(|r| Look {
                arm: r["n_arm"].parse().unwrap(),
                control: r["n_control"].parse().unwrap(),
                efficacy: bound(&r["efficacy_bound"]),
                futility: bound(&r["futility_bound"]),
            })
            .collect();
        let mine = sequential_binomial::stopping(&looks, number(pa), number(pc));
        for (k, r) in rows.iter().enumerate() {
            let (e, f) = (number(&r["efficacy"]), number(&r["futility"]));
            assert!((mine[k].0 - e).abs() <= EXACT, "{design} {pa}/{pc} look {}: efficacy {} vs {e}", k + 1, mine[k].0);
            assert!((mine[k].1 - f).abs() <= EXACT, "{design} {pa}/{pc} look {}: futility {} vs {f}", k + 1, mine[k].1);
            worst = worst.max((mine[k].0 - e).abs()).max((mine[k].1 - f).abs());
        }
    }
    eprintln!("worst difference {worst:e}");
}

/// A bound as the fixtures write it (`inf`, `-inf` or a number).
fn bound(s: &str) -> f64 {
    match s {
        "inf" => f64::INFINITY,
        "-inf" => f64::NEG_INFINITY,
        x => number(x),
    }
}

#[test]
fn exact_single_arm_stopping_matches_enumeration_of_every_path() {
    // sequential_single_arm.py: 30 designs, ties of z on a bound included.
    let rows = read("sequential_single_arm.csv");
    let mut cases: BTreeMap<u32, Vec<&Row>> = BTreeMap::new();
    for r in &rows {
        cases.entry(r["design"].parse().unwrap()).or_default().push(r);
    }
    assert_eq!(cases.len(), 30);
    for (design, rows) in &cases {
        let looks: Vec<SingleLook> = rows
            .iter()
            .map(|r| SingleLook {
                n: r["n"].parse().unwrap(),
                efficacy: bound(&r["efficacy"]),
                futility: bound(&r["futility"]),
            })
            .collect();
        let mine = sequential_binomial::stopping_single(&looks, number(&rows[0]["p"]), number(&rows[0]["p0"]));
        for (k, r) in rows.iter().enumerate() {
            let (e, f) = (number(&r["exact_efficacy"]), number(&r["exact_futility"]));
            assert!((mine[k].0 - e).abs() <= EXACT, "design {design} look {}: efficacy {} vs {e}", k + 1, mine[k].0);
            assert!((mine[k].1 - f).abs() <= EXACT, "design {design} look {}: futility {} vs {f}", k + 1, mine[k].1);
        }
    }
}
