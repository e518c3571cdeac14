//! Times read off the levels (`time-to-response`, `time-to-loss`,
//! `duration-of-response`) on `tests/scenarios/level_time.toml`: independent visits and
//! no dropout, so the Kaplan-Meier probability by week 12 is a binomial proportion with a
//! closed form, the rate-difference test's power an exact binomial enumeration, and every
//! time is recounted from the simulated levels.

use crate::util::{
    TOLERANCE_SE, assert_share, assert_three_shards_merge_to_the_whole, mcse, path, scenario, simulate, text,
};
use trialsim::analysis::one_trial::analyse_trial;
use trialsim::model::{Model, TrialBuffer, stream, trial};
use trialsim_stats::Alternative;
use trialsim_stats::rate_difference::{EventProbability, p_value};
use trialsim_stats::special::binomial_pmf;

const FILE: &str = "tests/scenarios/level_time.toml";

/// P(first CR by week 12) and P(a visit out of CR by week 12) of each arm.
const FIRST_CR: [f64; 2] = [1.0 - 0.8 * 0.7 * 0.6, 1.0 - 0.9 * 0.85 * 0.8];
const LOSS: [f64; 2] = [1.0 - 0.2 * 0.3 * 0.4, 1.0 - 0.1 * 0.15 * 0.2];

/// The exact power of the two-sided rate-difference test at 0.05 of two binomial
/// proportions of 50 (without censoring Kaplan-Meier is the proportion and Greenwood's
/// variance F (1 - F) / n).
fn exact_rate_difference_power(p1: f64, p2: f64) -> f64 {
    let group = |x: u32| {
        let f = x as f64 / 50.0;
        EventProbability { estimate: f, variance: f * (1.0 - f) / 50.0, patients: 50.0 }
    };
    let mut power = 0.0;
    for x in 0..=50 {
        for y in 0..=50 {
            let p = p_value(&group(x), &group(y), 0.0, Alternative::TwoSided).unwrap_or(f64::NAN);
            if p <= 0.05 {
                power += binomial_pmf(x, 50, p1) * binomial_pmf(y, 50, p2);
            }
        }
    }
    power
}

#[test]
fn probabilities_and_power_equal_their_closed_forms() {
    let replicates = 4000;
    let e = simulate(&scenario(&text(FILE)), replicates, 11, None);
    let by_name = |name: &str| e.endpoints.iter().find(|r| r.name == name).unwrap();
    for (name, truth) in
        [("first CR, rate difference", FIRST_CR), ("first CR, log-rank", FIRST_CR), ("loss of CR", LOSS)]
    {
        for (arm, p) in by_name(name).arms.iter().zip(truth) {
            let mean = arm.event_probability.as_ref().unwrap().mean;
            assert!(
                (mean.estimate - p).abs() <= TOLERANCE_SE * mcse(p, replicates * 50),
                "{name}, {}: {mean:?} vs {p}",
                arm.name
            );
        }
    }
    let power = exact_rate_difference_power(FIRST_CR[0], FIRST_CR[1]);
    assert_share(by_name("first CR, rate difference").power.estimate, power, replicates, "rate-difference power");
    // Weeks in CR: 4 weeks per visit in CR, 3.6 and 1.8 on average; ANCOVA's interval
    // covers the difference 1.8 as often as it says.
    let weeks = by_name("weeks in CR");
    for (arm, expected) in weeks.arms.iter().zip([3.6, 1.8]) {
        let mean = arm.mean_change.as_ref().unwrap().mean;
        assert!((mean.estimate - expected).abs() <= TOLERANCE_SE * mean.mcse, "{}: {mean:?} vs {expected}", arm.name);
    }
    assert!((weeks.intervals[0].true_value - 1.8).abs() < 1e-12);
    assert_share(weeks.intervals[0].coverage.estimate, 0.95, replicates, "weeks in CR: coverage");
    for name in ["first CR, log-rank", "loss of CR", "duration of CR", "weeks in CR"] {
        let t = by_name(name).type1_error.unwrap().estimate;
        assert!(t <= 0.05 + TOLERANCE_SE * mcse(0.05, replicates), "{name}: type-I error {t}");
    }
}

#[test]
fn every_time_is_recounted_from_the_levels() {
    let s = scenario(&text(FILE));
    let model = Model::new(&s);
    let mut buf = TrialBuffer::new(&model);
    let mut rng = stream::generator(5);
    let cr = 0u8;
    for r in 0..20 {
        trial::simulate(&model, &model.actual, &mut rng, r, &mut buf);
        let a = analyse_trial(&s, 5, r);
        for arm in 0..2 {
            let rows: Vec<&[u8]> =
                (buf.arm_start[arm]..buf.arm_start[arm + 1]).map(|p| &buf.level[p * 3..p * 3 + 3]).collect();
            let responders = rows.iter().filter(|l| l.contains(&cr)).count() as u32;
            let lost = rows.iter().filter(|l| l.iter().any(|&x| x != cr)).count() as u32;
            // A responder loses CR when a visit after the first CR is out of it.
            let durations_ended = rows
                .iter()
                .filter(|l| l.iter().position(|&x| x == cr).is_some_and(|f| l[f..].iter().any(|&x| x != cr)))
                .count() as u32;
            let data = |name: &str| {
                let e = a.endpoints.iter().find(|e| e.name == name).unwrap();
                (e.data[arm].analysed, e.data[arm].events.unwrap())
            };
            assert_eq!(data("first CR, log-rank"), (50, responders), "replicate {r}");
            assert_eq!(data("loss of CR"), (50, lost), "replicate {r}");
            assert_eq!(data("duration of CR"), (responders, durations_ended), "replicate {r}");
            let in_cr: usize = rows.iter().map(|l| l.iter().filter(|&&x| x == cr).count()).sum();
            let e = a.endpoints.iter().find(|e| e.name == "weeks in CR").unwrap();
            let mean = e.data[arm].mean_change.unwrap();
            assert!((mean - 4.0 * in_cr as f64 / 50.0).abs() < 1e-12, "replicate {r}: {mean}");
        }
    }
}

#[test]
fn level_times_are_deterministic_and_bad_keys_are_refused() {
    let s = scenario(&text(FILE));
    let one = serde_json::to_string(&simulate(&s, 300, 3, Some(1))).unwrap();
    let two = serde_json::to_string(&simulate(&s, 300, 3, Some(2))).unwrap();
    assert_eq!(one, two);
    assert_three_shards_merge_to_the_whole(&path(FILE));
    let refused = |text: &str, key: &str, words: &str| {
        let e = trialsim::Scenario::parse(text, std::path::Path::new("t.toml")).expect_err("refused");
        assert!(e.key.ends_with(key), "{e}");
        assert!(e.message.contains(words), "expected '{words}' in: {e}");
    };
    let base = text(FILE);
    let first = "kind = \"time-to-loss\"\nlevels = [\"CR\"]\nweek = 12\n";
    refused(&base.replace(first, &format!("{first}missing = \"complete-case\"\n")), "missing", "does not apply");
    refused(&base.replace(first, &format!("{first}test = \"fisher\"\n")), "test", "`log-rank` or `rate-difference`");
    refused(
        &base.replace(first, "kind = \"time-to-loss\"\nlevels = [\"CR\"]\nweek = 10\n"),
        "week",
        "not a post-baseline",
    );
    refused(&base.replace(first, "kind = \"time-to-loss\"\nweek = 12\n"), "levels", "expected the levels");
    let monitored = base.clone()
        + "\n[accrual]\nduration = 40\n\n[[analysis]]\ninformation = 0.5\n\n[[analysis]]\ninformation = 1\n\n\
           [group_sequential]\nendpoint = \"loss of CR\"\nspending = \"obrien-fleming\"\n";
    refused(&monitored, "group_sequential.endpoint", "read off the levels");
}
