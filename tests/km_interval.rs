//! The interval of a difference of Kaplan-Meier event probabilities that inverts the
//! rate-difference test (`kaplan-meier-score`): in every simulated trial it excludes the
//! null boundary exactly when the test rejects, where the Wald interval (`kaplan-meier`)
//! does not; both are reported with their coverage.

use crate::util::{Builder, load, simulate};
use trialsim::Scenario;
use trialsim::analysis::{Method, Rule, Scratch, analyse};
use trialsim::evaluation::plan::Plan;
use trialsim::model::{Model, TrialBuffer, stream, trial};
use trialsim::output::Exporter;
use trialsim::output::table::TableExporter;
use trialsim_stats::{Alternative, Interval};

/// What the trials of one world of a scenario's first comparison found.
#[derive(Debug, Default)]
struct Agreement {
    trials: u64,
    rejections: u64,
    /// Trials where the endpoint's interval decides otherwise than the test.
    disagreements: u64,
    /// Trials where the Wald interval does.
    wald_disagreements: u64,
    /// Trials where the endpoint's interval covers the scenario's true difference.
    covered: u64,
}

/// Simulate `replicates` trials of `s` in its own world and in its first comparison's null
/// world (seed `seed`, as a run does) and compare, trial by trial, the rate-difference
/// test's decision with its intervals' ends beside the null boundary.
fn agreement(s: &Scenario, replicates: u64, seed: u64) -> [Agreement; 2] {
    let model = Model::new(s);
    let plan = Plan::new(s, &model, false);
    let planned = &plan.comparisons[0];
    let c = &planned.comparison;
    let Rule::TimeToEvent { alternative, margin, .. } = c.rule else { panic!("a time-to-event comparison") };
    let delta = alternative.null_difference(margin);
    let excludes = |i: Interval| match alternative {
        Alternative::Less => i.hi < delta,
        Alternative::Greater => i.lo > delta,
        Alternative::TwoSided => !i.contains(delta),
    };
    let truth = planned.difference.and_then(|d| d.truth).unwrap();
    let worlds = [0, planned.null_world.expect("a null world")];
    let mut buf = TrialBuffer::new(&model);
    let mut rng = stream::generator(seed);
    let mut scratch = Scratch::default();
    worlds.map(|w| {
        let mut found = Agreement::default();
        for r in 0..replicates {
            trial::simulate(&model, &plan.worlds[w], &mut rng, r, &mut buf);
            let outcome = analyse(c, &s.endpoints[c.endpoint], &buf, &mut scratch);
            let rejects = c.rule.rejects(outcome.p);
            let d = outcome.difference.expect("a time-to-event difference");
            found.trials += 1;
            found.rejections += rejects as u64;
            found.disagreements += (excludes(d.interval) != rejects) as u64;
            found.wald_disagreements += d.wald.is_some_and(|i| excludes(i) != rejects) as u64;
            found.covered += d.interval.contains(truth) as u64;
        }
        found
    })
}

/// The rate-difference test of `tests/scenarios/time_to_event.toml`: 220 patients, 10 %
/// dropout, control event probability `p_control`, the arm's `p_arm`.
fn design(p_arm: f64, p_control: f64, alternative: &str, alpha: f64, margin: Option<f64>) -> Builder {
    let b = Builder::new("tests/scenarios/time_to_event.toml")
        .set("trial.sample_size", 220)
        .set("arm.0.events.flare", p_arm)
        .set("arm.1.events.flare", p_control)
        .set("arm.0.dropout", 0.1)
        .set("arm.1.dropout", 0.1)
        .set("endpoint.0.test", "rate-difference")
        .set("endpoint.0.alternative", alternative)
        .set("endpoint.0.alpha", alpha);
    match margin {
        Some(m) => b.set("endpoint.0.margin", m),
        None => b,
    }
}

#[test]
fn the_test_inverting_interval_never_disagrees_with_the_test() {
    // CSTAR008's primary endpoint: non-inferiority at 0.12, one-sided 0.025, 7 % and 9 %
    // flares by a year; in its own world and on the margin.
    let cstar = load("scenarios/CSTAR008.toml");
    let [actual, null] = agreement(&cstar, 20_000, 8);
    for (world, a) in [("CSTAR008", &actual), ("CSTAR008 on the margin", &null)] {
        assert_eq!(a.disagreements, 0, "{world}: {a:?}");
        assert!(a.rejections > 0 && a.rejections < a.trials, "{world}: {a:?}");
    }
    // The Wald interval decides otherwise in hundreds of these trials: it is symmetric
    // where the score test is not.
    assert!(actual.wald_disagreements > 100 && null.wald_disagreements > 10, "{actual:?} {null:?}");
    // Both sides, both kinds of alternative, and a one-sided test at 0.05 (a 90 % interval).
    for (p_arm, p_control, alternative, alpha, margin) in [
        (0.5, 0.5, "greater", 0.025, Some(0.12)),
        (0.25, 0.3, "less", 0.05, Some(0.1)),
        (0.2, 0.3, "two-sided", 0.05, None),
        (0.03, 0.05, "two-sided", 0.01, None),
    ] {
        let s = design(p_arm, p_control, alternative, alpha, margin).build();
        for (world, a) in ["own world", "null world"].iter().zip(agreement(&s, 4_000, 31)) {
            let what = format!("{p_arm} vs {p_control} {alternative} {alpha} {margin:?}, {world}");
            assert_eq!(a.disagreements, 0, "{what}: {a:?}");
            assert!(a.rejections > 0, "{what}: {a:?}");
        }
    }
}

#[test]
fn both_intervals_are_reported_with_their_coverage() {
    let (replicates, seed) = (3_000, 41);
    for (alpha, confidence, label) in [(0.025, 0.95, "kaplan-meier-score "), (0.05, 0.9, "kaplan-meier-score (90%)")] {
        let s = design(0.09, 0.07, "less", alpha, Some(0.12)).build();
        let r = simulate(&s, replicates, seed, None);
        let intervals = &r.endpoints[0].intervals;
        let methods: Vec<Method> = intervals.iter().map(|i| i.method).collect();
        assert_eq!(methods, [Method::KaplanMeierScore, Method::KaplanMeier]);
        let (score, wald) = (&intervals[0], &intervals[1]);
        assert_eq!((score.confidence, wald.confidence), (Some(confidence), None));
        assert!((score.true_value - 0.02).abs() < 1e-12 && (wald.true_value - 0.02).abs() < 1e-12);
        // The coverage tallied is that of the intervals the analysis gives, trial by trial.
        let [actual, _] = agreement(&s, replicates, seed);
        assert_eq!((score.coverage.estimate * replicates as f64).round() as u64, actual.covered);
        assert!((score.coverage.estimate - confidence).abs() < 0.02, "{score:?}");
        assert!((wald.coverage.estimate - 0.95).abs() < 0.02, "{wald:?}");
        // The score interval is asymmetric at small probabilities, and wider than Wald's
        // at the same level.
        if confidence == 0.95 {
            assert!(score.mean_width.estimate > wald.mean_width.estimate, "{score:?} {wald:?}");
        }
        let json = serde_json::to_value(&r).unwrap();
        let entries = json["endpoints"][0]["intervals"].as_array().unwrap();
        assert_eq!(entries[0]["method"], "kaplan-meier-score");
        assert_eq!(entries[0]["confidence"], confidence);
        assert!(entries[0]["coverage_ci95"].is_array() && entries[0]["mean_width"].is_number());
        assert_eq!(entries[1]["method"], "kaplan-meier");
        assert!(entries[1].get("confidence").is_none(), "{}", entries[1]);
        let table = TableExporter.render(&r);
        assert!(table.contains(label) && table.contains("kaplan-meier "), "{table}");
        assert_eq!(table.contains("(95% intervals unless marked)"), confidence != 0.95, "{table}");
    }
    // A log-rank endpoint reports the Wald interval alone, as before.
    let s = Builder::new("tests/scenarios/time_to_event.toml").set("trial.sample_size", 100).build();
    let r = simulate(&s, 500, seed, None);
    let methods: Vec<Method> = r.endpoints[0].intervals.iter().map(|i| i.method).collect();
    assert_eq!(methods, [Method::KaplanMeier]);
}
