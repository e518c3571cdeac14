//! `[accrual]`: entry over calendar time against rpact's planned accrual
//! (`tests/fixtures/accrual/accrual.R`: getAccrualTime and getNumberOfSubjects), permuted
//! blocks in order of entry, and the same output on any threads and shards.

use crate::util::{TOLERANCE_SE, read_csv, scenario, simulate, text};
use std::collections::BTreeMap;
use trialsim::model::{Model, TrialBuffer, stream, trial};
use trialsim::output::{Format, exporter};

/// The primary design with `n` patients and an `[accrual]` section.
fn with_accrual(n: u32, section: &str) -> String {
    text("scenarios/NCT05694130-primary.toml").replace("sample_size = 110\n", &format!("sample_size = {n}\n"))
        + "\n[accrual]\n"
        + section
        + "\n"
}

/// Each replicate's entry weeks, in the order the patients are stored (arm after arm).
fn entries(text: &str, replicates: u64) -> (Model, Vec<Vec<f64>>) {
    let s = scenario(text);
    let model = Model::new(&s);
    let mut buf = TrialBuffer::new(&model);
    let mut rng = stream::generator(3);
    let all = (0..replicates)
        .map(|r| {
            trial::simulate(&model, &model.actual, &mut rng, r, &mut buf);
            buf.entry.clone()
        })
        .collect();
    (model, all)
}

#[test]
fn enrolment_by_week_matches_rpact() {
    let rows = read_csv("tests/fixtures/accrual/accrual.csv");
    let mut designs: BTreeMap<String, Vec<_>> = BTreeMap::new();
    for r in &rows {
        designs.entry(r["design"].clone()).or_default().push(r);
    }
    assert_eq!(designs.len(), 3);
    let replicates = 2000;
    for (name, rows) in designs {
        let section = match name.as_str() {
            "periods" => "periods = [0, 12]\nintensity = [5, 10]",
            "three-periods" => "periods = [0, 8, 20]\nintensity = [2, 6, 12]",
            "uniform" => "duration = 52",
            other => panic!("unknown design {other}"),
        };
        let n: u32 = rows[0]["n"].parse().unwrap();
        let (model, all) = entries(&with_accrual(n, section), replicates);
        let planned: f64 = rows[0]["duration"].parse().unwrap();
        let accrual = model.accrual.as_ref().unwrap();
        assert!((accrual.planned_weeks() - planned).abs() < 1e-12, "{name}: {}", accrual.planned_weeks());
        for weeks in &all {
            assert_eq!(weeks.len(), n as usize);
            assert!(weeks.iter().all(|&w| (0.0..=planned).contains(&w)), "{name}: every entry within the plan");
        }
        for r in rows {
            let (week, expected): (f64, f64) = (r["week"].parse().unwrap(), r["expected"].parse().unwrap());
            let mean =
                all.iter().map(|w| w.iter().filter(|&&x| x <= week).count() as f64).sum::<f64>() / replicates as f64;
            // Given N, the number in by week t is binomial(N, F(t)), F the planned share.
            let f = expected / n as f64;
            let se = (n as f64 * f * (1.0 - f) / replicates as f64).sqrt();
            assert!(
                (mean - expected).abs() <= TOLERANCE_SE * se + 1e-9,
                "{name} week {week}: {mean} enrolled on average, rpact {expected} (se {se})"
            );
        }
    }
}

#[test]
fn permuted_blocks_hold_the_allocation_in_every_block() {
    let (model, all) = entries(&with_accrual(110, "duration = 26\nrandomisation = { blocks = 4 }"), 50);
    let arm_of = |p: usize| if p < model.arm_sizes[0] as usize { 0 } else { 1 };
    let mut first_arms = Vec::new();
    for weeks in &all {
        let mut order: Vec<usize> = (0..weeks.len()).collect();
        order.sort_by(|&a, &b| weeks[a].total_cmp(&weeks[b]));
        let arms: Vec<usize> = order.iter().map(|&p| arm_of(p)).collect();
        for block in arms.chunks(4) {
            let a = block.iter().filter(|&&x| x == 0).count();
            assert_eq!(a * 2, block.len(), "a block of {block:?}");
        }
        first_arms.push(arms[..4].to_vec());
        // Each arm's patients enter in the order they are stored.
        for a in 0..2 {
            let mine: Vec<f64> = order.iter().filter(|&&p| arm_of(p) == a).map(|&p| weeks[p]).collect();
            assert!(mine.windows(2).all(|w| w[0] <= w[1]));
        }
    }
    // The order within blocks is random (the assertion above could not fail otherwise).
    first_arms.sort();
    first_arms.dedup();
    assert!(first_arms.len() >= 4, "{first_arms:?}");
    // Complete randomisation: any order, the arm sizes the scenario's.
    let (model, all) = entries(&with_accrual(110, "duration = 26"), 200);
    let arm_of = |p: usize| if p < model.arm_sizes[0] as usize { 0 } else { 1 };
    let first_ten: f64 = all
        .iter()
        .map(|w| {
            let mut order: Vec<usize> = (0..w.len()).collect();
            order.sort_by(|&a, &b| w[a].total_cmp(&w[b]));
            order[..10].iter().filter(|&&p| arm_of(p) == 0).count() as f64
        })
        .sum::<f64>()
        / 200.0;
    // Hypergeometric: mean 5, variance 10 * 1/2 * 1/2 * 100/109.
    let se = (10.0 * 0.25 * 100.0 / 109.0 / 200.0f64).sqrt();
    assert!((first_ten - 5.0).abs() <= TOLERANCE_SE * se, "{first_ten}");
}

#[test]
fn accrual_output_is_the_same_on_any_threads_and_shards() {
    let toml = with_accrual(110, "periods = [0, 12]\nintensity = [5, 10]\nrandomisation = { blocks = 4 }");
    let s = scenario(&toml);
    let json = |threads| exporter(Format::Json).render(&simulate(&s, 1500, 7, Some(threads)));
    let one = json(1);
    assert_eq!(one, json(2));
    let value: serde_json::Value = serde_json::from_str(&one).unwrap();
    assert_eq!(value["accrual"]["planned_weeks"], 17.0);
    assert_eq!(value["accrual"]["randomisation"], "blocks of 4");
    let last = value["accrual"]["last_entry_week"]["q975"].as_f64().unwrap();
    assert!(last <= 17.0 && last > 16.5, "{last}");
    // Without [accrual] there is no accrual in the output.
    let plain = simulate(&scenario(&text("scenarios/NCT05694130-primary.toml")), 300, 7, Some(1));
    assert!(plain.accrual.is_none());
    // Shards merge exactly.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("accrual.toml");
    std::fs::write(&file, &toml).unwrap();
    crate::util::assert_three_shards_merge_to_the_whole(&file);
}

/// tests/fixtures/accrual/events.R's design: rpact's getEventProbabilities for it.
const EVENTS_DESIGN: &str = r#"
[trial]
name = "events in calendar time"
sample_size = 220
visits = [0, 52]
control = "control"

[marker]
name = "platelets"
baseline = { median = 13.0, log_sd = 0.5, min = 1.0, max = 30.0 }
persistence = 0.7
resolution = 1.0

[[level]]
name = "CR"
above = 100.0

[[event]]
name = "flare"
horizon = 52

[[arm]]
name = "arm"
dropout = 0.1
rates = { CR = [0.3] }
events = { flare = 0.2 }

[[arm]]
name = "control"
dropout = 0.1
rates = { CR = [0.2] }
events = { flare = 0.3 }

[[endpoint]]
name = "flare"
kind = "time-to-event"
event = "flare"
test = "log-rank"

[accrual]
periods = [0, 26]
intensity = [4, 8]
"#;

#[test]
fn events_by_calendar_week_match_rpact() {
    let s = scenario(EVENTS_DESIGN);
    let model = Model::new(&s);
    let mut buf = TrialBuffer::new(&model);
    let mut rng = stream::generator(11);
    let rows = read_csv("tests/fixtures/accrual/events.csv");
    let weeks: Vec<f64> = rows.iter().map(|r| r["week"].parse().unwrap()).collect();
    let replicates = 4000;
    // Per week and group (arm, control, both): the sum and sum of squares of event counts.
    let mut sums = vec![[(0.0f64, 0.0f64); 3]; weeks.len()];
    for r in 0..replicates {
        trial::simulate(&model, &model.actual, &mut rng, r, &mut buf);
        for (w, &week) in weeks.iter().enumerate() {
            let mut counts = [0.0; 3];
            for p in 0..220 {
                if buf.event[0][p] && buf.entry[p] + buf.event_time[0][p] <= week {
                    counts[if p < 110 { 0 } else { 1 }] += 1.0;
                    counts[2] += 1.0;
                }
            }
            for (g, c) in counts.iter().enumerate() {
                sums[w][g].0 += c;
                sums[w][g].1 += c * c;
            }
        }
    }
    for (w, r) in rows.iter().enumerate() {
        for (g, (column, n)) in [("arm", 110.0), ("control", 110.0), ("overall", 220.0)].iter().enumerate() {
            let expected = r[*column].parse::<f64>().unwrap() * n;
            let (sum, squares) = sums[w][g];
            let mean = sum / replicates as f64;
            let sd = (squares / replicates as f64 - mean * mean).max(0.0).sqrt();
            let se = (sd / (replicates as f64).sqrt()).max(1e-3);
            assert!(
                (mean - expected).abs() <= TOLERANCE_SE * se,
                "week {} {column}: {mean} events on average, rpact {expected} (se {se})",
                weeks[w]
            );
        }
    }
}

/// How close the planned events by calendar week are to rpact's (in events of 220).
const PLANNED_EVENTS_TOLERANCE: f64 = 1e-6;

#[test]
fn planned_events_by_calendar_week_equal_rpact() {
    // What plans a look by events on an endpoint that is not the event's time.
    let s = scenario(EVENTS_DESIGN);
    let plan = trialsim::scenario::expected_events::ExpectedEvents::of(&s, 0).unwrap();
    for r in read_csv("tests/fixtures/accrual/events.csv") {
        let week: f64 = r["week"].parse().unwrap();
        let expected = r["overall"].parse::<f64>().unwrap() * 220.0;
        let planned = plan.at(week);
        assert!((planned - expected).abs() < PLANNED_EVENTS_TOLERANCE, "week {week}: {planned} vs rpact {expected}");
        // And the week of that many events is that week.
        let back = plan.week_of(expected).unwrap();
        assert!((back - week).abs() < 1e-6, "{back} vs {week}");
    }
}
