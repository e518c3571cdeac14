//! Looks triggered by the events of an `[[event]]` on an endpoint that is not the event's
//! time: the cut is the calendar week of the k-th event, recounted here from the simulated
//! trial; the planned information is the share of patients expected at the endpoint's week
//! when k events are expected (the expected events themselves are checked against rpact in
//! `tests/accrual.rs`); and bad event looks are refused, as is a time to event with a
//! margin (its looks use the log-rank z, a test of no difference).

use crate::sequential::design;
use crate::util::{scenario, simulate};
use trialsim::analysis::one_trial::analyse_trial;
use trialsim::model::{Model, TrialBuffer, stream, trial};
use trialsim::scenario::expected_events::ExpectedEvents;

/// The primary design (no dropout, blocks of 2) with a `rescue` event (30 % and 45 % by
/// week 12 in the arm and the control), `looks` and `rule`.
fn with_rescue(looks: &[&str], rule: &str) -> String {
    let text = design(looks, rule)
        .replace("rates = { CR = [0.30, 0.40, 0.55]", "events = { rescue = 0.30 }\nrates = { CR = [0.30, 0.40, 0.55]")
        .replace("rates = { CR = [0.20, 0.25, 0.30]", "events = { rescue = 0.45 }\nrates = { CR = [0.20, 0.25, 0.30]")
        .replacen("[[arm]]", "[[event]]\nname = \"rescue\"\nhorizon = 12\n\n[[arm]]", 1);
    assert_eq!(text.matches("rescue = ").count(), 2);
    text
}

const LOOKS: [&str; 2] = ["events = 20\nevent = \"rescue\"", "reached = 110"];

#[test]
fn an_event_look_cuts_a_response_endpoint_at_the_kth_event() {
    let s = scenario(&with_rescue(&LOOKS, "spending = \"obrien-fleming\""));
    let model = Model::new(&s);
    let mut buf = TrialBuffer::new(&model);
    let mut rng = stream::generator(20260122);
    for r in 0..5 {
        let a = analyse_trial(&s, 20260122, r);
        assert_eq!(a.looks[0].trigger, "events = 20 of rescue");
        // The 20th rescue in calendar time, from the simulated patients.
        trial::simulate(&model, &model.actual, &mut rng, r, &mut buf);
        let mut at: Vec<f64> =
            (0..110).filter(|&p| buf.event[0][p]).map(|p| buf.entry[p] + buf.event_time[0][p]).collect();
        at.sort_by(f64::total_cmp);
        assert_eq!(a.looks[0].cut_week, at[19], "replicate {r}");
        // Those analysed are the patients whose week-12 status is known by then.
        let known = (0..110).filter(|&p| buf.entry[p] + 12.0 <= at[19]).count() as u32;
        assert_eq!(a.looks[0].data.iter().map(|d| d.analysed).sum::<u32>(), known, "replicate {r}");
    }
}

#[test]
fn an_event_look_is_planned_at_the_week_its_events_are_expected() {
    let s = scenario(&with_rescue(&LOOKS, "spending = \"obrien-fleming\""));
    let plan = ExpectedEvents::of(&s, 0).unwrap();
    let week = plan.week_of(20.0).unwrap();
    // Uniform entry over 20 weeks: the share entered by 12 weeks before.
    let expected = ((week - 12.0) / 20.0).clamp(0.0, 1.0);
    let (looks, _) = s.sequential.as_ref().unwrap();
    assert!((looks[0].information - expected).abs() < 1e-12, "{} vs {expected}", looks[0].information);
    assert!(expected > 0.1 && expected < 0.9, "{expected}");
    // The design keeps its type-I error.
    let t = simulate(&s, 20_000, 3, None).sequential.unwrap().type1_error.unwrap();
    assert!(t.ci.lo <= 0.025, "{} [{}, {}]", t.estimate, t.ci.lo, t.ci.hi);
}

#[test]
fn bad_event_looks_are_refused_with_the_fix() {
    let rule = "spending = \"obrien-fleming\"";
    let refused = |looks: &[&str], key: &str, words: &str| {
        let text = with_rescue(looks, rule);
        let e = trialsim::Scenario::parse(&text, std::path::Path::new("t.toml")).expect_err("refused");
        assert_eq!(e.key, key, "{e}");
        assert!(e.message.contains(words), "expected '{words}' in: {e}");
        assert!(e.line > 0 && e.column > 0, "{e}");
    };
    refused(&["events = 20", "reached = 110"], "analysis[0].events", "name the [[event]] to count with `event`");
    refused(&["reached = 40\nevent = \"rescue\"", "reached = 110"], "analysis[0].event", "add `events = k`");
    refused(&["events = 20\nevent = \"flare\"", "reached = 110"], "analysis[0].event", "rescue");
    // 30 % and 45 % of 55 each: about 41 rescues in all.
    refused(&["events = 60\nevent = \"rescue\"", "reached = 110"], "analysis[0].events", "lower `events`");
}

#[test]
fn a_time_to_event_with_a_margin_is_refused() {
    let text = crate::util::text("scenarios/CSTAR008-event-driven.toml").replace(
        "[group_sequential]\nendpoint = \"Time to flare\"",
        "[group_sequential]\nendpoint = \"1-year flare rate\"",
    );
    assert!(text.contains("endpoint = \"1-year flare rate\"\nspending"));
    let e = trialsim::Scenario::parse(&text, std::path::Path::new("t.toml")).expect_err("refused");
    assert_eq!(e.key, "group_sequential.endpoint", "{e}");
    assert!(e.message.contains("has a margin"), "{e}");
}
