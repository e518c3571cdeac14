//! Continuous scores, change endpoints and multiplicity.

use crate::util::{mcse, scenario, simulate};
use proptest::prelude::*;
use std::path::Path;
use trialsim::model::{MISSING, Model, TrialBuffer, stream, trial};

const TOLERANCE_SE: f64 = 4.0;

/// A two-arm design with one normal score far from its bounds: mean change `delta` in
/// the arm, 0 in the control, SD of the change 4, 40 patients per arm, no dropout.
fn t_design(test: &str, alternative: &str, delta: f64, correlation: f64) -> String {
    format!(
        "[trial]\nname = \"t\"\nsample_size = 80\nvisits = [0, 6, 12]\ncontrol = \"control\"\n\n\
         [marker]\nname = \"platelets\"\nbaseline = {{ median = 13.0, log_sd = 0.5, min = 1.0, max = 30.0 }}\npersistence = 0.5\nresolution = 1.0\n\n\
         [[level]]\nname = \"CR\"\nabove = 100.0\n\n\
         [[score]]\nname = \"S\"\nbaseline = {{ mean = 50.0, sd = 5.0, min = 0.0, max = 100.0 }}\nchange_sd = 4.0\npersistence = 0.5\nresolution = 0.01\nmarker_correlation = {correlation}\n\n\
         [[arm]]\nname = \"arm\"\nrates = {{ CR = [0.2, 0.4] }}\nchange = {{ S = [0.0, {delta}] }}\n\n\
         [[arm]]\nname = \"control\"\nrates = {{ CR = [0.2, 0.3] }}\nchange = {{ S = [0.0, 0.0] }}\n\n\
         [[endpoint]]\nname = \"S change\"\nkind = \"change\"\nscore = \"S\"\nweek = 12\ntest = \"{test}\"\nalternative = \"{alternative}\"\nalpha = 0.05\n"
    )
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
            let s = scenario(&t_design(test, alternative, delta, 0.0));
            let r = simulate(&s, replicates, 41, None);
            let e = &r.endpoints[0];
            assert!(
                (e.power - reference).abs() <= TOLERANCE_SE * mcse(reference, replicates),
                "{test} {alternative}: simulated {} reference {reference}",
                e.power
            );
            // Under the null twin the type-I error is alpha within Monte Carlo error.
            let t1 = e.type1_error.unwrap();
            assert!((t1 - 0.05).abs() <= TOLERANCE_SE * mcse(0.05, replicates), "{test} {alternative}: {t1}");
            // The estimated difference centres on the truth and the interval covers it 95 %.
            let d = e.mean_difference.as_ref().unwrap();
            assert!((d.mean - delta).abs() <= TOLERANCE_SE * d.mean_mcse, "{test}: {}", d.mean);
            let ci = &e.intervals[0];
            assert!((ci.coverage - 0.95).abs() <= TOLERANCE_SE * mcse(0.95, replicates), "{test}: {}", ci.coverage);
        }
    }
}

#[test]
fn changes_have_the_specified_means_and_the_marker_correlation_its_sign() {
    for correlation in [-0.6, 0.0, 0.6] {
        let s = scenario(&t_design("welch-t", "two-sided", -3.0, correlation));
        let model = Model::new(&s);
        let mut buf = TrialBuffer::new(&model);
        let mut rng = stream::generator(5);
        let (mut sum, mut n) = ([0.0; 2], [0.0; 2]);
        let (mut szd, mut szz, mut sdd) = (0.0, 0.0, 0.0);
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
                }
            }
        }
        for a in 0..2 {
            let mean = sum[a] / n[a];
            let specified = s.arms[a].changes[0][1];
            // SD of a change is 4: the mean of 16,000 changes has SE 0.032.
            assert!((mean - specified).abs() < TOLERANCE_SE * 4.0 / n[a].sqrt(), "arm {a}: {mean} vs {specified}");
        }
        let corr = szd / (szz * sdd).sqrt();
        assert!((corr - correlation).abs() < 0.03, "correlation {corr} for {correlation}");
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
        step in prop_oneof![Just(1.0), Just(0.1), Just(0.5)],
        seed in 0u64..100,
    ) {
        let text = format!(
            "[trial]\nname = \"p\"\ndesign = \"single-arm\"\nsample_size = 30\nvisits = [0, 4, 8]\n\n\
             [marker]\nname = \"m\"\nbaseline = {{ median = 13.0, log_sd = 0.5, min = 1.0, max = 30.0 }}\nresolution = 1.0\n\n\
             [[level]]\nname = \"CR\"\nabove = 100.0\n\n\
             [[score]]\nname = \"S\"\nhigher_is_better = false\nbaseline = {{ mean = {mean}, sd = {sd}, min = 0.0, max = 10.0 }}\n\
             change_sd = {change_sd}\npersistence = {persistence}\nresolution = {step}\nmarker_correlation = {correlation}\n\n\
             [[arm]]\nname = \"a\"\ndropout = 0.3\nrates = {{ CR = [0.3, 0.4] }}\nchange = {{ S = [{change}, {change}] }}\n"
        );
        let s = scenario(&text);
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
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/NCT05694130.toml"))
        .unwrap()
        .replace("method = \"holm\"", &format!("method = \"{method}\""));
    scenario(&text)
}

#[test]
fn multiplicity_keeps_the_familywise_error_and_orders_power() {
    let replicates = 6_000;
    let run = |method: &str| simulate(&nct_with(method), replicates, 9, None);
    let results: Vec<_> =
        ["none", "bonferroni", "holm", "hochberg", "fixed-sequence"].iter().map(|m| (*m, run(m))).collect();
    let adjusted = |r: &trialsim::evaluation::Evaluation| -> Vec<f64> {
        r.endpoints.iter().filter_map(|e| e.adjusted_power).collect()
    };
    for (method, r) in &results {
        let f = r.family.as_ref().unwrap();
        assert_eq!(f.hypotheses.len(), 3);
        let fwer = f.fwer.unwrap();
        if *method != "none" {
            assert!(fwer <= 0.05 + TOLERANCE_SE * mcse(0.05, replicates), "{method}: FWER {fwer}");
        }
        assert!(f.reject_all <= f.reject_any);
    }
    // Without adjustment three true nulls are rejected more often than alpha.
    let none = results[0].1.family.as_ref().unwrap().fwer.unwrap();
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
