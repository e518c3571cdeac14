//! Futility rules beyond beta spending and z bounds: one-sided p-value thresholds and
//! conditional power, run through exact enumeration like the others; and futility bounds
//! re-spent at each trial's observed information, checked against their closed forms at a
//! first look (the bounds themselves are checked against R in
//! `crates/stats/tests/group_sequential.rs`).

use crate::sequential::{assert_exact, design};
use crate::util::{scenario, simulate, text};
use trialsim::analysis::one_trial::analyse_trial;
use trialsim_stats::group_sequential::{Design, Efficacy, boundaries};
use trialsim_stats::special::{normal_cdf, normal_quantile};
use trialsim_stats::spending::Spending;

/// How close a bound computed here in closed form is to the monitor's.
const BOUND_TOLERANCE: f64 = 1e-9;

#[test]
fn p_thresholds_are_the_z_bounds_of_the_same_p_values() {
    let looks = ["reached = 40", "reached = 80", "reached = 110"];
    let by_p = design(&looks, "spending = \"pocock\"\nfutility = \"p\"\nfutility_p = [0.5, 0.3]");
    // Stopping at a one-sided p >= 0.3 is stopping at z <= qnorm(0.7) = 0.524400512708041.
    let by_z = design(&looks, "spending = \"pocock\"\nfutility = \"z\"\nfutility_z = [0.0, 0.524400512708041]");
    let (p, z) = (simulate(&scenario(&by_p), 3000, 2, None), simulate(&scenario(&by_z), 3000, 2, None));
    let (p, z) = (p.sequential.unwrap(), z.sequential.unwrap());
    assert!(p.futility.starts_with("p bounds"), "{}", p.futility);
    for (a, b) in p.looks.iter().zip(&z.looks) {
        assert_eq!(a.efficacy_stop.estimate, b.efficacy_stop.estimate);
        assert_eq!(a.futility_stop.estimate, b.futility_stop.estimate);
        match (a.futility_bound, b.futility_bound) {
            (Some(x), Some(y)) => assert!((x - y).abs() < 1e-12, "{x} vs {y}"),
            (x, y) => assert_eq!(x, y),
        }
    }
    assert_exact(&by_p, &[20, 40, 55], 20_000);
}

#[test]
fn conditional_power_futility_stops_match_exact_enumeration() {
    let looks = ["reached = 40", "reached = 80", "reached = 110"];
    let trend = "spending = \"obrien-fleming\"\nfutility = \"conditional-power\"\nconditional_power = 0.2";
    assert_exact(&design(&looks, trend), &[20, 40, 55], 20_000);
    let planned = "spending = \"pocock\"\nfutility = \"conditional-power\"\nconditional_power = 0.1\n\
                   assume = \"design\"\nbeta = 0.2\nbinding = true";
    let text = design(&looks, planned);
    assert_exact(&text, &[20, 40, 55], 20_000);
    let g = simulate(&scenario(&text), 500, 1, None).sequential.unwrap();
    assert!(g.futility.contains("design's effect"), "{}", g.futility);
    // The drift at which the efficacy bounds alone have power 0.8 is reported.
    let drift = g.drift.expect("the design's drift");
    assert!(drift > 2.5 && drift < 3.5, "{drift}");
}

/// The interim scenario cut at calendar week 52 (the patients analysed vary from trial to
/// trial), with `futility` keys and information re-spent at what each trial observed.
fn observed_at_week_52(futility: &str) -> String {
    let interim = text("scenarios/NCT05694130-interim.toml");
    let out = interim
        .replace("information = 0.5      # 55 patients with their week-12 result (or gone before it)", "week = 52")
        .replace("futility = \"beta-spending\"\nbeta = 0.2\nbeta_spending = \"obrien-fleming\"\n", futility)
        .replace("binding = false\n", "binding = false\ninformation = \"observed\"\n");
    assert!(out.contains("week = 52") && out.contains(futility) && out.contains("observed"));
    out
}

/// The first look's share of the sample size analysed, and its bounds, in replicates 0..6.
fn first_looks(text: &str) -> Vec<(f64, f64, Option<f64>)> {
    let s = scenario(text);
    (0..6)
        .map(|r| {
            let look = &analyse_trial(&s, 20260122, r).looks[0];
            let analysed: u32 = look.data.iter().map(|a| a.analysed).sum();
            (analysed as f64 / 110.0, look.efficacy_bound.unwrap(), look.futility_bound)
        })
        .collect()
}

#[test]
fn beta_spending_is_re_spent_at_observed_information_with_the_planned_drift() {
    let text = observed_at_week_52("futility = \"beta-spending\"\nbeta = 0.2\nbeta_spending = \"obrien-fleming\"\n");
    let drift = simulate(&scenario(&text), 200, 1, None).sequential.unwrap().drift.unwrap();
    let looks = first_looks(&text);
    let shares: Vec<f64> = looks.iter().map(|l| l.0).collect();
    assert!(shares.windows(2).any(|w| w[0] != w[1]), "{shares:?}");
    for (s, c, f) in looks {
        // At the first look the beta spent is P(Z_1 <= f) under the drift: f is its quantile.
        let spent = 2.0 * normal_cdf(-normal_quantile(1.0 - 0.2 / 2.0) / s.sqrt());
        let expected = (drift * s.sqrt() + normal_quantile(spent)).min(c);
        let f = f.expect("a futility bound");
        assert!((f - expected).abs() < BOUND_TOLERANCE, "share {s}: {f} vs {expected}");
    }
    // Its type-I error ignores the non-binding futility and stays at alpha.
    let t = simulate(&scenario(&text), 20_000, 4, None).sequential.unwrap().type1_error.unwrap();
    assert!(t.ci.lo <= 0.025, "{} [{}, {}]", t.estimate, t.ci.lo, t.ci.hi);
}

#[test]
fn conditional_power_is_re_spent_at_observed_information() {
    let text = observed_at_week_52("futility = \"conditional-power\"\nconditional_power = 0.2\n");
    for (s, c, f) in first_looks(&text) {
        // Under the trend, CP(z) = 1 - pnorm((c2 - z / sqrt(s)) / sqrt(1 - s)), where c2 is
        // the final bound of the design re-spent at (s, 1).
        let d = Design::new(vec![s, 1.0], 0.025, false, Efficacy::Spending(Spending::OBrienFleming));
        let c2 = boundaries(&d).unwrap().efficacy[1];
        let expected = (s.sqrt() * (c2 - (1.0 - s).sqrt() * normal_quantile(0.8))).min(c);
        let f = f.expect("a futility bound");
        assert!((f - expected).abs() < BOUND_TOLERANCE, "share {s}: {f} vs {expected}");
    }
}

#[test]
fn looks_at_planned_information_give_the_planned_stops_when_re_spent() {
    let interim = text("scenarios/NCT05694130-interim.toml");
    for futility in [
        "futility = \"beta-spending\"\nbeta = 0.2\nbeta_spending = \"obrien-fleming\"\n",
        "futility = \"conditional-power\"\nconditional_power = 0.15\nassume = \"design\"\nbeta = 0.1\n",
    ] {
        let planned =
            interim.replace("futility = \"beta-spending\"\nbeta = 0.2\nbeta_spending = \"obrien-fleming\"\n", futility);
        let observed = planned.replace("binding = false\n", "binding = false\ninformation = \"observed\"\n");
        assert!(observed.contains(futility) && observed.contains("observed"));
        let (a, b) = (simulate(&scenario(&planned), 3000, 3, None), simulate(&scenario(&observed), 3000, 3, None));
        for (x, y) in a.sequential.unwrap().looks.iter().zip(&b.sequential.unwrap().looks) {
            assert_eq!(
                (x.efficacy_stop.estimate, x.futility_stop.estimate),
                (y.efficacy_stop.estimate, y.futility_stop.estimate),
                "{futility}"
            );
        }
    }
}

#[test]
fn bad_futility_rules_are_refused_with_the_fix() {
    let looks = ["reached = 40", "reached = 110"];
    let refused = |rule: &str, key: &str, words: &str| {
        let e = trialsim::Scenario::parse(&design(&looks, rule), std::path::Path::new("t.toml")).expect_err(rule);
        assert_eq!(e.key, key, "{e}");
        assert!(e.message.contains(words), "expected '{words}' in: {e}");
        assert!(e.line > 0 && e.column > 0, "{e}");
    };
    let of = "spending = \"obrien-fleming\"\n";
    let gs = "group_sequential";
    refused(&format!("{of}futility = \"p\""), &format!("{gs}.futility"), "need `futility_p`");
    refused(&format!("{of}futility = \"p\"\nfutility_p = [0.5, 0.5]"), &format!("{gs}.futility_p"), "per look");
    refused(&format!("{of}futility = \"p\"\nfutility_p = [1.5]"), &format!("{gs}.futility_p[0]"), "(0, 1]");
    refused(&format!("{of}futility = \"conditional-power\""), &format!("{gs}.futility"), "needs `conditional_power`");
    refused(
        &format!("{of}futility = \"conditional-power\"\nconditional_power = 1.2"),
        &format!("{gs}.conditional_power"),
        "(0, 1)",
    );
    refused(
        &format!("{of}futility = \"conditional-power\"\nconditional_power = 0.2\nassume = \"optimism\""),
        &format!("{gs}.assume"),
        "expected trend",
    );
    refused(
        &format!("{of}futility = \"conditional-power\"\nconditional_power = 0.2\nassume = \"design\""),
        &format!("{gs}.assume"),
        "needs `beta`",
    );
    refused(
        &format!("{of}futility = \"z\"\nfutility_z = [0.0]\nfutility_p = [0.5]"),
        &format!("{gs}.futility_p"),
        "belongs to",
    );
    refused(&format!("{of}conditional_power = 0.2"), &format!("{gs}.conditional_power"), "belongs to");
    refused(&format!("{of}futility = \"z\"\nfutility_z = [0.0]\nbeta = 0.2"), &format!("{gs}.beta"), "belongs to");
    refused(&format!("{of}futility = \"futile\""), &format!("{gs}.futility"), "conditional-power");
}
