//! Continuous scores, change endpoints and multiplicity.

use crate::util::{Builder, TOLERANCE_SE, assert_estimate, assert_share, read_csv, scenario, simulate, text};
use proptest::prelude::*;
use trialsim::evaluation::Evaluation;
use trialsim::model::{MISSING, Model, TrialBuffer, stream, trial};

/// Two arms of 40 with one normal score: mean change `delta` in the arm at week 12, 0 in
/// the control, SD of the change 4, no dropout.
fn t_design(test: &str, alternative: &str, delta: f64, correlation: f64) -> Builder {
    Builder::new("tests/scenarios/change.toml")
        .set("endpoint.0.test", test)
        .set("endpoint.0.alternative", alternative)
        .set("arm.0.change.S", vec![0.0, delta])
        .set("score.0.marker_correlation", correlation)
}

#[test]
fn welch_and_ancova_power_match_power_t_test() {
    // R: power.t.test(n = 40, delta = 3, sd = 4) (tests/fixtures/power_t.R).
    let two_sided = 0.911902182884752;
    let one_sided = 0.953515553484024;
    let replicates = 20_000;
    for test in ["welch-t", "ancova"] {
        for (alternative, delta, reference) in
            [("two-sided", -3.0, two_sided), ("less", -3.0, one_sided), ("greater", 3.0, one_sided)]
        {
            let s = t_design(test, alternative, delta, 0.0).build();
            let r = simulate(&s, replicates, 41, None);
            let e = &r.endpoints[0];
            let case = format!("{test} {alternative}");
            assert_share(e.power.estimate, reference, replicates, &format!("{case}: power"));
            // Under the null twin the type-I error is alpha within Monte Carlo error.
            assert_share(e.type1_error.unwrap().estimate, 0.05, replicates, &format!("{case}: type-I error"));
            // The estimated difference centres on the truth and the interval covers it 95 %.
            assert_estimate(e.mean_difference.as_ref().unwrap().mean, delta, &format!("{case}: difference"));
            assert_share(e.intervals[0].coverage.estimate, 0.95, replicates, &format!("{case}: coverage"));
        }
    }
}

#[test]
fn changes_have_the_specified_means_and_correlations() {
    // (marker correlation, baseline correlation)
    for (correlation, baseline_correlation) in [(-0.6, 0.0), (0.0, 0.0), (0.6, 0.0), (0.0, -0.5), (0.4, 0.7)] {
        let s = t_design("welch-t", "two-sided", -3.0, correlation)
            .set("score.0.baseline_correlation", baseline_correlation)
            .build();
        let model = Model::new(&s);
        let mut buf = TrialBuffer::new(&model);
        let mut rng = stream::generator(5);
        let (mut sum, mut n) = ([0.0; 2], [0.0; 2]);
        let (mut szd, mut szz, mut sdd) = (0.0, 0.0, 0.0);
        let (mut sbd, mut sbb) = (0.0, 0.0);
        for r in 0..400 {
            trial::simulate(&model, &model.actual, &mut rng, r, &mut buf);
            for a in 0..2 {
                for p in buf.arm_start[a]..buf.arm_start[a + 1] {
                    let cell = p * model.visits() + 1;
                    let change = buf.score_values[0][cell] - buf.score_baseline[0][p];
                    sum[a] += change;
                    n[a] += 1.0;
                    let deviation = change - s.arms[a].changes[0][1];
                    let z = buf.latent[cell];
                    szd += z * deviation;
                    szz += z * z;
                    sdd += deviation * deviation;
                    let b = buf.score_baseline[0][p] - 50.0;
                    sbd += b * deviation;
                    sbb += b * b;
                }
            }
        }
        for a in 0..2 {
            let mean = sum[a] / n[a];
            let specified = s.arms[a].changes[0][1];
            // SD of a change is 4: the mean of 16,000 changes has SE 0.032.
            assert!((mean - specified).abs() < TOLERANCE_SE * 4.0 / n[a].sqrt(), "arm {a}: {mean} vs {specified}");
        }
        // 16,000 pairs: a correlation's SE is below 0.008.
        let corr = szd / (szz * sdd).sqrt();
        assert!((corr - correlation).abs() < 0.03, "correlation {corr} for {correlation}");
        let corr = sbd / (sbb * sdd).sqrt();
        assert!((corr - baseline_correlation).abs() < 0.03, "baseline correlation {corr} for {baseline_correlation}");
    }
}

#[test]
fn ancova_gains_over_welch_what_the_baseline_correlation_gives() {
    // Exact power of ANCOVA (noncentral t averaged over the baselines' imbalance) and of
    // Welch's test (averaged over the two sample variances): tests/fixtures/ancova_power.py.
    // With correlation rho between baseline and change, ANCOVA's residual variance is
    // (1 - rho^2) times the change's; Welch's power does not move.
    let replicates = 20_000;
    let rows = read_csv("tests/fixtures/ancova_power.csv");
    assert_eq!(rows.len(), 7);
    for (i, row) in rows.iter().enumerate() {
        let v = |k: &str| row[k].parse::<f64>().unwrap();
        let s = t_design(&row["test"], "less", v("delta"), 0.0)
            .set("score.0.baseline_correlation", v("baseline_correlation"))
            .set("arm.0.change_sd", toml::Value::Table(toml::map::Map::from_iter([("S".into(), v("sd1").into())])))
            .set("score.0.change_sd", v("sd2"))
            .build();
        assert_eq!([s.arms[0].change_sd[0], s.arms[1].change_sd[0]], [v("sd1"), v("sd2")]);
        let r = simulate(&s, replicates, 300 + i as u64, None);
        let case = format!("{} rho {} sd {}/{}", row["test"], row["baseline_correlation"], row["sd1"], row["sd2"]);
        assert_share(r.endpoints[0].power.estimate, v("power"), replicates, &case);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn scores_stay_within_their_bounds_on_their_grid(
        mean in 0.0..10.0f64,
        sd in 0.5..5.0f64,
        change in -20.0..20.0f64,
        change_sd in 0.0..10.0f64,
        persistence in 0.0..1.0f64,
        correlation in -1.0..1.0f64,
        baseline_share in -1.0..1.0f64,
        step in prop_oneof![Just(1.0), Just(0.1), Just(0.5)],
        seed in 0u64..100,
    ) {
        let s = Builder::new("tests/scenarios/score_bounds.toml")
            .set("score.0.baseline.mean", mean)
            .set("score.0.baseline.sd", sd)
            .set("score.0.change_sd", change_sd)
            .set("score.0.persistence", persistence)
            .set("score.0.resolution", step)
            .set("score.0.marker_correlation", correlation)
            .set("score.0.baseline_correlation", baseline_share * (1.0 - correlation * correlation).sqrt())
            .set("arm.0.change.S", vec![change, change])
            .build();
        let model = Model::new(&s);
        let mut buf = TrialBuffer::new(&model);
        let mut rng = stream::generator(seed);
        let grid = s.scores[0].resolution;
        for r in 0..10 {
            trial::simulate(&model, &model.actual, &mut rng, r, &mut buf);
            for p in 0..model.patients() {
                let b = buf.score_baseline[0][p];
                prop_assert!((0.0..=10.0).contains(&b));
                for j in 0..model.visits() {
                    let cell = p * model.visits() + j;
                    let v = buf.score_values[0][cell];
                    // Dropout removes the score with the marker.
                    prop_assert_eq!(v.is_nan(), buf.level[cell] == MISSING);
                    if !v.is_nan() {
                        prop_assert!((0.0..=10.0).contains(&v), "value {}", v);
                        prop_assert_eq!(grid.value(grid.index(v)), v);
                    }
                }
            }
        }
    }
}

fn nct_with(method: &str) -> trialsim::Scenario {
    scenario(&text("scenarios/NCT05694130.toml").replace("method = \"holm\"", &format!("method = \"{method}\"")))
}

#[test]
fn multiplicity_keeps_the_familywise_error_and_orders_power() {
    let replicates = 6_000;
    let run = |method: &str| simulate(&nct_with(method), replicates, 9, None);
    let results: Vec<_> =
        ["none", "bonferroni", "holm", "hochberg", "fixed-sequence"].iter().map(|m| (*m, run(m))).collect();
    let adjusted = |r: &Evaluation| -> Vec<f64> {
        r.endpoints.iter().filter_map(|e| e.adjusted_power.map(|a| a.estimate)).collect()
    };
    for (method, r) in &results {
        let f = r.family.as_ref().unwrap();
        assert_eq!(f.hypotheses.len(), 3);
        let fwer = f.fwer.unwrap().estimate;
        if *method != "none" {
            assert!(fwer <= 0.05 + TOLERANCE_SE * crate::util::mcse(0.05, replicates), "{method}: FWER {fwer}");
        }
        assert!(f.reject_all.estimate <= f.reject_any.estimate);
    }
    // Without adjustment three true nulls are rejected more often than alpha.
    let none = results[0].1.family.as_ref().unwrap().fwer.unwrap().estimate;
    assert!(none > 0.08, "unadjusted FWER {none}");
    // Same seeds, so the ordering holds replicate by replicate: Bonferroni <= Holm <= Hochberg.
    let (b, h, hh) = (adjusted(&results[1].1), adjusted(&results[2].1), adjusted(&results[3].1));
    for k in 0..3 {
        assert!(b[k] <= h[k] && h[k] <= hh[k], "hypothesis {k}: {} {} {}", b[k], h[k], hh[k]);
    }
    assert!(b.iter().zip(&h).any(|(x, y)| x < y), "Holm rejects more than Bonferroni somewhere");
    // Fixed sequence: the first hypothesis is tested at full alpha.
    let fs = &results[4].1;
    assert_eq!(fs.endpoints[0].adjusted_power, Some(fs.endpoints[0].power));
}
