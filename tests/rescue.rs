//! Rescue therapy and the strategies of ICH E9(R1) (`[[rescue]]`, `strategy`), on
//! `tests/scenarios/rescue.toml`: visits independent (persistence 0), rescue after NR at
//! week 4 in the control arm only. Each strategy's control rate at week 12 has a closed
//! form (half the control patients are rescued):
//! - treatment policy: 0.5 x 0.35 + 0.5 x 0.6 (the rescue's rate) = 0.475;
//! - composite: a rescued patient fails, 0.5 x 0.35 = 0.175;
//! - hypothetical, complete case: the unrescued half, at 0.35;
//! - while on treatment: the week-4 status (NR) stands for week 12, 0.175;
//!
//! and so each strategy's power is an exact binomial enumeration of Fisher's test. The
//! score's control mean at week 12 likewise: -2.5 (treatment policy: half at the rescue's
//! -4), -1.0 (hypothetical), -0.75 (while on treatment: half at week 4's -0.5).

use crate::util::{
    TOLERANCE_SE, assert_share, assert_three_shards_merge_to_the_whole, mcse, path, scenario, simulate, text,
};
use trialsim::evaluation::exact::{ArmLaw, rejection_probability};
use trialsim::scenario::Missing;
use trialsim_stats::decision::Decision;
use trialsim_stats::{Alternative, Test};

const FILE: &str = "tests/scenarios/rescue.toml";

/// The exact power of Fisher's two-sided test at 0.05, 60 vs 60, for the arm's rate 0.55
/// and the control's law.
fn fisher_power(control: ArmLaw, missing: Missing) -> f64 {
    let decision = Decision::two_sample(Test::Fisher, Alternative::TwoSided, 0.05, 0.0, 60, 60);
    let arm = ArmLaw { n: 60, rate: 0.55, survival: 1.0 };
    rejection_probability(&decision, missing, arm, Some(control)).unwrap()
}

#[test]
fn each_strategy_gives_the_power_an_exact_calculation_says() {
    let replicates = 6000;
    let e = simulate(&scenario(&text(FILE)), replicates, 21, None);
    let law = |rate: f64| ArmLaw { n: 60, rate, survival: 1.0 };
    let expected = [
        ("CR treatment-policy", fisher_power(law(0.475), Missing::NonResponder), 0.475),
        ("CR composite", fisher_power(law(0.175), Missing::NonResponder), 0.175),
        ("CR hypothetical", fisher_power(ArmLaw { n: 60, rate: 0.35, survival: 0.5 }, Missing::CompleteCase), 0.35),
        ("CR while-on-treatment", fisher_power(law(0.175), Missing::NonResponder), 0.175),
    ];
    for (name, power, rate) in expected {
        let r = e.endpoints.iter().find(|r| r.name == name).unwrap();
        assert_share(r.power.estimate, power, replicates, &format!("{name}: power"));
        let control = r.arms.iter().find(|a| a.name == "control").unwrap();
        let observed = control.rate.as_ref().unwrap().mean;
        assert!(
            (observed.estimate - rate).abs() <= TOLERANCE_SE * observed.mcse + 1e-9,
            "{name}: control rate {observed:?} vs {rate}"
        );
        // In its null world every arm gives rescue as the control does: at most alpha.
        let t1 = r.type1_error.unwrap().estimate;
        assert!(t1 <= 0.05 + TOLERANCE_SE * mcse(0.05, replicates), "{name}: type-I error {t1}");
    }
    // Composite with rescue in the control alone raises power over treatment policy, as
    // the exact values say (0.99 against 0.10 here).
    let power = |name: &str| e.endpoints.iter().find(|r| r.name == name).unwrap().power.estimate;
    assert!(power("CR composite") > power("CR treatment-policy") + 0.5);
    assert!(power("CR hypothetical") > power("CR treatment-policy"));
}

#[test]
fn each_strategy_moves_the_control_mean_as_a_closed_form_says() {
    let replicates = 3000;
    let e = simulate(&scenario(&text(FILE)), replicates, 22, None);
    for (name, control_mean) in
        [("S treatment-policy", -2.5), ("S hypothetical", -1.0), ("S while-on-treatment", -0.75)]
    {
        let r = e.endpoints.iter().find(|r| r.name == name).unwrap();
        let control = r.arms.iter().find(|a| a.name == "control").unwrap();
        let mean = control.mean_change.as_ref().unwrap().mean;
        // Plus half the score's grid for rounding.
        assert!(
            (mean.estimate - control_mean).abs() <= TOLERANCE_SE * mean.mcse + 0.005,
            "{name}: control mean {mean:?} vs {control_mean}"
        );
    }
    // The report: half the control patients are rescued before week 12, no one else.
    let rescued: Vec<(String, u32, f64)> =
        e.intercurrent_events.iter().map(|r| (r.arm.clone(), r.week, r.rescued)).collect();
    assert_eq!(rescued.len(), 4);
    for (arm, week, share) in rescued {
        let expected = if arm == "control" && week == 12 { 0.5 } else { 0.0 };
        assert!((share - expected).abs() <= TOLERANCE_SE * mcse(0.5, replicates * 60), "{arm} {week}: {share}");
    }
}

#[test]
fn a_scenario_without_rescue_is_unchanged_and_bad_rescues_are_refused() {
    // Treatment policy is the default: the rescue scenario's first endpoint without any
    // [[rescue]] but with the rescue's rates is another scenario; here the keys.
    let refused = |text: &str, key: &str, words: &str| {
        let e = trialsim::Scenario::parse(text, std::path::Path::new("t.toml")).expect_err("refused");
        assert!(e.key.ends_with(key), "{e}");
        assert!(e.message.contains(words), "expected '{words}' in: {e}");
        assert!(e.line >= 1 && e.column >= 1);
    };
    let base = text(FILE);
    let without = base.split("[[rescue]]").next().unwrap().to_string()
        + "[[endpoint]]\nname = \"x\"\nlevels = [\"CR\"]\nweek = 12\nstrategy = \"composite\"\n";
    refused(&without, "strategy", "add a [[rescue]]");
    let two_triggers = base.replace("levels = [\"NR\"]\nfrom_week = 4", "levels = [\"NR\"]\nevent = \"flare\"");
    refused(&two_triggers, "rescue[0]", "expected one trigger");
    let unknown_level = base.replace("levels = [\"NR\"]\nfrom_week = 4", "levels = [\"PR\"]");
    refused(&unknown_level, "levels[0]", "unknown level `PR`");
    let bad_week = base.replace("from_week = 4", "from_week = 5");
    refused(&bad_week, "from_week", "not a post-baseline visit");
    let unknown_arm = base.replace("arms = [\"control\"]", "arms = [\"placebo\"]");
    refused(&unknown_arm, "arms[0]", "unknown arm `placebo`");
    let composite_change = base.replace(
        "name = \"S treatment-policy\"\nkind = \"change\"",
        "name = \"S treatment-policy\"\nstrategy = \"composite\"\nkind = \"change\"",
    );
    refused(&composite_change, "strategy", "composite strategy makes rescue a failure");
    let short_rates = base.replace("rates = { CR = [0.6, 0.6] }", "rates = { CR = [0.6] }");
    refused(&short_rates, "rates.CR", "expected 2 rates");
    let worse = base.replace("levels = [\"NR\"]\nfrom_week = 4", "worse_than_baseline_by = -3");
    refused(&worse, "worse_than_baseline_by", "positive fall");
}

#[test]
fn a_value_rule_and_threads_give_the_same_output() {
    // A fall from baseline of at least 5 on the marker triggers rescue (values are placed
    // for it even though no endpoint reads them); 1 and 2 threads agree bit for bit.
    let t = text(FILE).replace("levels = [\"NR\"]\nfrom_week = 4", "worse_than_baseline_by = 5.0\nfrom_week = 4");
    let s = scenario(&t);
    let one = serde_json::to_string(&simulate(&s, 512, 3, Some(1))).unwrap();
    let two = serde_json::to_string(&simulate(&s, 512, 3, Some(2))).unwrap();
    assert_eq!(one, two);
    let e = simulate(&s, 512, 3, None);
    let rescued = e.intercurrent_events.iter().find(|r| r.arm == "control" && r.week == 12).unwrap().rescued;
    assert!(rescued > 0.0 && rescued < 1.0, "{rescued}");
    // Three shards merge to the whole run, byte for byte (every strategy, the MMRM, the
    // intercurrent tallies).
    assert_three_shards_merge_to_the_whole(&path(FILE));
}
