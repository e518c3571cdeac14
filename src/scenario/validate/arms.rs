//! `[[arm]]`: names, allocation and sizes, dropout, and what each arm assumes: rates by level
//! and visit, mean changes of the scores, probabilities of the events.

use super::checks::{R, RATE_SUM_TOLERANCE, Validator, root};
use crate::scenario::allocation::largest_remainder;
use crate::scenario::arm::Arm;
use crate::scenario::event::Event;
use crate::scenario::level::Level;
use crate::scenario::locate::KeyPath;
use crate::scenario::raw::{RawArm, RawScenario};
use crate::scenario::score::Score;
use std::collections::BTreeMap;

/// `values` given at `weeks`, at every one of `visits`: linear in time between two given
/// weeks, carried from the nearest given week outside them.
fn at_every_visit(values: &[f64], weeks: &[u32], visits: &[u32]) -> Vec<f64> {
    visits
        .iter()
        .map(|&v| match weeks.iter().position(|&w| w >= v) {
            Some(i) if weeks[i] == v => values[i],
            Some(0) => values[0],
            Some(i) => {
                let (w0, w1) = (weeks[i - 1] as f64, weeks[i] as f64);
                let t = (v as f64 - w0) / (w1 - w0);
                values[i - 1] + t * (values[i] - values[i - 1])
            }
            None => values[values.len() - 1],
        })
        .collect()
}

impl Validator<'_> {
    pub fn arms(&self, raw: &RawScenario, levels: &[Level], scores: &[Score], events: &[Event]) -> R<Vec<Arm>> {
        self.check(!raw.arm.is_empty(), &root(), || "expected at least one [[arm]]".into())?;
        let weeks = &raw.trial.visits[1..];
        let mut arms: Vec<Arm> = Vec::new();
        for (i, a) in raw.arm.iter().enumerate() {
            let path = root().key("arm").index(i);
            self.new_name(&a.name, &path.key("name"), "arm", arms.iter().map(|o| o.name.as_str()))?;
            self.positive(a.allocation, &path.key("allocation"), "randomisation weight")?;
            self.check((0.0..1.0).contains(&a.dropout), &path.key("dropout"), || {
                format!(
                    "expected a dropout probability in [0, 1), found {}: with dropout 1 no patient is left at any visit",
                    a.dropout
                )
            })?;
            self.check(a.informative_dropout.is_finite() && a.informative_dropout.abs() <= 5.0, &path.key("informative_dropout"), || {
                format!(
                    "expected a log hazard ratio of dropout per SD of the latent score in [-5, 5], found {} (0: dropout at random)",
                    a.informative_dropout
                )
            })?;
            self.check(a.informative_dropout == 0.0 || a.dropout > 0.0, &path.key("informative_dropout"), || {
                "informative dropout shapes who leaves: give the arm a `dropout` above 0".into()
            })?;
            if let Some(dose) = a.dose {
                self.check(dose.is_finite(), &path.key("dose"), || {
                    format!("expected a finite dose score (as trend tests use it, e.g. 0, 1, 2 or mg), found {dose}")
                })?;
            }
            let owner = format!("arm `{}`", a.name);
            let (rates, rate_weeks) = self.rates(&owner, &a.rates, &a.weeks, &path, levels, weeks)?;
            let changes = self.changes(&owner, &a.change, &path.key("change"), scores, weeks)?;
            let change_sd = self.change_sds(a, &path.key("change_sd"), scores)?;
            let event_probabilities = self.event_probabilities(a, &path.key("events"), events)?;
            let shapes = self.shapes(a, &path.key("shapes"), events)?;
            arms.push(Arm {
                name: a.name.clone(),
                allocation: a.allocation,
                n: 0,
                dropout: a.dropout,
                informative_dropout: a.informative_dropout,
                dose: a.dose,
                rates,
                rate_weeks,
                changes,
                change_sd,
                events: event_probabilities,
                shapes,
            });
        }
        let weights: Vec<f64> = arms.iter().map(|a| a.allocation).collect();
        let sizes = largest_remainder(raw.trial.sample_size, &weights);
        for (arm, n) in arms.iter_mut().zip(sizes) {
            self.check(n >= 1, &root().key("trial").key("sample_size"), || {
                format!("arm `{}` gets no patient from a sample size of {}", arm.name, raw.trial.sample_size)
            })?;
            arm.n = n;
        }
        Ok(arms)
    }

    /// The post-baseline weeks at which the arm gives its rates: its `weeks` (visits, in
    /// order, at least one), or every post-baseline visit.
    fn rate_weeks(&self, given: &Option<Vec<u32>>, path: &KeyPath, weeks: &[u32]) -> R<Vec<u32>> {
        let Some(given) = given else { return Ok(weeks.to_vec()) };
        self.check(!given.is_empty(), path, || {
            format!("expected at least one post-baseline visit of {weeks:?} at which the rates are given")
        })?;
        for (i, w) in given.iter().enumerate() {
            self.check(weeks.contains(w), &path.index(i), || {
                format!("week {w} is not a post-baseline visit; expected weeks among {weeks:?}")
            })?;
            self.check(i == 0 || given[i - 1] < *w, &path.index(i), || {
                format!("expected the weeks in increasing order, each once: {given:?}")
            })?;
        }
        Ok(given.clone())
    }

    /// One list per level, one rate per week the arm gives them at (every post-baseline
    /// visit, or its `weeks`); a week's rates sum to at most 1. Returned at every visit:
    /// between two given weeks each rate is interpolated linearly in time, before the first
    /// and after the last it is carried from the nearest (a mixture of rates that sum to at
    /// most 1 does too).
    /// `owner` says whose they are in messages (arm `A`, rescue `R`).
    pub(super) fn rates(
        &self,
        owner: &str,
        given: &BTreeMap<String, Vec<f64>>,
        given_weeks: &Option<Vec<u32>>,
        arm: &KeyPath,
        levels: &[Level],
        visits: &[u32],
    ) -> R<(Vec<Vec<f64>>, Vec<u32>)> {
        let path = &arm.key("rates");
        let weeks = &self.rate_weeks(given_weeks, &arm.key("weeks"), visits)?;
        let names: Vec<&str> = levels.iter().map(|l| l.name.as_str()).collect();
        let lists = self.keyed(given, &names, path, "level", "a [[level]]", |name| {
            format!(
                "{owner} has no rates for level `{name}`; expected {name} = [{} rates, one per week of {weeks:?}]",
                weeks.len()
            )
        })?;
        let mut rates = Vec::new();
        for (name, list) in names.iter().zip(lists) {
            self.check(list.len() == weeks.len(), &path.key(name), || {
                format!("expected {} rates, one per week of {weeks:?}, found {}", weeks.len(), list.len())
            })?;
            for (j, r) in list.iter().enumerate() {
                self.probability(*r, &path.key(name).index(j), "a rate")?;
            }
            rates.push(list.clone());
        }
        for j in 0..weeks.len() {
            let sum: f64 = rates.iter().map(|r| r[j]).sum();
            let last = names.last().expect("at least one level");
            self.check(sum <= 1.0 + RATE_SUM_TOLERANCE, &path.key(last).index(j), || {
                let parts: Vec<String> = names.iter().zip(&rates).map(|(n, r)| format!("{n} {}", r[j])).collect();
                format!(
                    "the rates at week {} sum to {} ({}); levels are exclusive, so the rates of one visit must sum to at most 1",
                    weeks[j],
                    (sum * 1e9).round() / 1e9,
                    parts.join(" + ")
                )
            })?;
        }
        Ok((rates.iter().map(|r| at_every_visit(r, weeks, visits)).collect(), weeks.clone()))
    }

    /// One list per score, one mean change per post-baseline visit.
    pub(super) fn changes(
        &self,
        owner: &str,
        given: &BTreeMap<String, Vec<f64>>,
        path: &KeyPath,
        scores: &[Score],
        weeks: &[u32],
    ) -> R<Vec<Vec<f64>>> {
        let names: Vec<&str> = scores.iter().map(|s| s.name.as_str()).collect();
        let lists = self.keyed(given, &names, path, "score", "a [[score]] section", |name| {
            format!(
                "{owner} has no mean changes for score `{name}`; expected {name} = [{} values, one per post-baseline visit]",
                weeks.len()
            )
        })?;
        let mut out = Vec::new();
        for (name, list) in names.iter().zip(lists) {
            self.per_visit(list, &path.key(name), weeks, "mean changes")?;
            for (j, c) in list.iter().enumerate() {
                self.check(c.is_finite(), &path.key(name).index(j), || {
                    format!("expected a finite mean change, found {c}")
                })?;
            }
            out.push(list.clone());
        }
        Ok(out)
    }

    /// Per score: the arm's own SD of the deviation, or the score's.
    fn change_sds(&self, a: &RawArm, path: &KeyPath, scores: &[Score]) -> R<Vec<f64>> {
        let names: Vec<&str> = scores.iter().map(|s| s.name.as_str()).collect();
        self.known_keys(a.change_sd.keys(), &names, path, "score", "a [[score]] section")?;
        let mut out = Vec::new();
        for (name, score) in names.iter().zip(scores) {
            let sd = a.change_sd.get(*name);
            if let Some(&sd) = sd {
                self.check(sd.is_finite() && sd >= 0.0, &path.key(name), || {
                    format!("expected a non-negative SD of the change, found {sd}")
                })?;
            }
            out.push(sd.copied().unwrap_or(score.change_sd));
        }
        Ok(out)
    }

    /// Per event: the arm's own Weibull shape, or the event's.
    fn shapes(&self, a: &RawArm, path: &KeyPath, events: &[Event]) -> R<Vec<f64>> {
        let names: Vec<&str> = events.iter().map(|e| e.name.as_str()).collect();
        self.known_keys(a.shapes.keys(), &names, path, "event", "an [[event]] section")?;
        let mut out = Vec::new();
        for (name, event) in names.iter().zip(events) {
            let shape = a.shapes.get(*name).copied().unwrap_or(event.shape);
            self.check(shape.is_finite() && shape > 0.0, &path.key(name), || {
                format!("expected a positive Weibull shape, found {shape}")
            })?;
            out.push(shape);
        }
        Ok(out)
    }

    /// A list with one value per post-baseline visit.
    fn per_visit(&self, list: &[f64], path: &KeyPath, weeks: &[u32], what: &str) -> R<()> {
        self.check(list.len() == weeks.len(), path, || {
            format!(
                "expected {} {what}, one per post-baseline visit (weeks {weeks:?}), found {}",
                weeks.len(),
                list.len()
            )
        })
    }

    /// The probability of each event by its horizon.
    fn event_probabilities(&self, a: &RawArm, path: &KeyPath, events: &[Event]) -> R<Vec<f64>> {
        let names: Vec<&str> = events.iter().map(|e| e.name.as_str()).collect();
        let values = self.keyed(&a.events, &names, path, "event", "an [[event]] section", |name| {
            format!(
                "arm `{}` has no probability for event `{name}`; expected {name} = <probability by the horizon>",
                a.name
            )
        })?;
        let mut out = Vec::new();
        for (name, &p) in names.iter().zip(values) {
            self.check((0.0..1.0).contains(&p), &path.key(name), || {
                format!("expected a probability of the event by the horizon in [0, 1), found {p}")
            })?;
            out.push(p);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{assert_error, with};
    use super::at_every_visit;

    #[test]
    fn rates_given_at_some_weeks_are_interpolated_in_time_and_carried_outside() {
        let rates = at_every_visit(&[0.3, 0.5], &[8, 24], &[4, 8, 12, 24, 36]);
        let expected = [0.3, 0.3, 0.35, 0.5, 0.5];
        assert!(rates.iter().zip(expected).all(|(a, b)| (a - b).abs() < 1e-15), "{rates:?}");
        let one = "rates = { CR = [0.3, 0.5], PR = [0.2, 0.2] }";
        let s = crate::Scenario::parse(
            &with(one, "weeks = [12]\nrates = { CR = [0.5], PR = [0.2] }"),
            std::path::Path::new("t.toml"),
        )
        .unwrap();
        assert_eq!(s.arms[0].rates, [[0.5, 0.5], [0.2, 0.2]]);
        assert_eq!(s.arms[0].rate_weeks, [12]);
        assert_eq!(s.arms[1].rate_weeks, [4, 12]);
        let given = |weeks: &str, rates: &str| with(one, &format!("weeks = {weeks}\nrates = {rates}"));
        assert_error(&given("[5]", "{ CR = [0.5], PR = [0.2] }"), "arm[0].weeks[0]", "not a post-baseline visit");
        assert_error(&given("[12, 4]", "{ CR = [0.5, 0.3], PR = [0.2, 0.2] }"), "arm[0].weeks[1]", "increasing order");
        assert_error(&given("[]", "{ CR = [], PR = [] }"), "arm[0].weeks", "at least one");
        assert_error(&given("[12]", "{ CR = [0.3, 0.5], PR = [0.2] }"), "arm[0].rates.CR", "one per week of [12]");
        // The endpoint reads week 12: the arm must give it.
        assert_error(&given("[4]", "{ CR = [0.3], PR = [0.2] }"), "endpoint[0].week", "add 12 to the arm's `weeks`");
    }

    #[test]
    fn rates_are_probabilities_that_sum_to_at_most_one() {
        assert_error(&with("CR = [0.3, 0.5]", "CR = [0.3, 1.5]"), "arm[0].rates.CR[1]", "a rate in [0, 1], found 1.5");
        assert_error(&with("CR = [0.3, 0.5]", "CR = [0.3, 0.9]"), "arm[0].rates.PR[1]", "sum to 1.1");
        assert_error(&with("CR = [0.3, 0.5]", "CR = [0.3]"), "arm[0].rates.CR", "expected 2 rates");
        assert_error(
            &with("CR = [0.3, 0.5], PR", "VGPR = [0.3, 0.5], PR"),
            "arm[0].rates.VGPR",
            "unknown level `VGPR`; expected one of CR, PR",
        );
        assert_error(
            &with("rates = { CR = [0.3, 0.5], PR = [0.2, 0.2] }", "rates = { CR = [0.3, 0.5] }"),
            "arm[0].rates",
            "no rates for level `PR`",
        );
    }

    #[test]
    fn changes_and_events_are_keyed_by_their_names() {
        assert_error(
            &with("change = { ESSDAI = [-2.0, -4.0] }", "change = { ESSPRI = [-2.0, -4.0] }"),
            "arm[0].change.ESSPRI",
            "unknown score `ESSPRI`; expected one of ESSDAI",
        );
        assert_error(
            &with(
                "change = { ESSDAI = [-2.0, -4.0] }",
                "change = { ESSDAI = [-2.0, -4.0] }\nchange_sd = { ESSPRI = 3.0 }",
            ),
            "arm[0].change_sd.ESSPRI",
            "unknown score `ESSPRI`; expected one of ESSDAI",
        );
        assert_error(
            &with(
                "change = { ESSDAI = [-2.0, -4.0] }",
                "change = { ESSDAI = [-2.0, -4.0] }\nchange_sd = { ESSDAI = -3.0 }",
            ),
            "arm[0].change_sd.ESSDAI",
            "non-negative SD",
        );
        assert_error(&with("events = { flare = 0.1 }", "events = { flare = 1.0 }"), "arm[0].events.flare", "[0, 1)");
        let shapes =
            |text: &str| with("events = { flare = 0.1 }", &format!("events = {{ flare = 0.1 }}\nshapes = {text}"));
        assert_error(
            &shapes("{ flares = 1.2 }"),
            "arm[0].shapes.flares",
            "unknown event `flares`; expected one of flare",
        );
        assert_error(&shapes("{ flare = 0.0 }"), "arm[0].shapes.flare", "positive Weibull shape");
        assert_error(
            &with("events = { flare = 0.1 }", "events = {}"),
            "arm[0].events",
            "no probability for event `flare`",
        );
    }

    #[test]
    fn arms_have_names_weights_and_patients() {
        assert_error(&with("name = \"A\"", "name = \"B\""), "arm[1].name", "arm `B` is defined twice");
        assert_error(&with("name = \"A\"", "name = \"A\\nB\""), "arm[0].name", "write it on one line");
        assert_error(
            &with("dropout = 0.1\nrates = { CR = [0.3", "dropout = 1.1\nrates = { CR = [0.3"),
            "arm[0].dropout",
            "[0, 1)",
        );
        let one = with("dropout = 0.1\nrates = { CR = [0.3", "dropout = 1.0\nrates = { CR = [0.3");
        assert_error(&one, "arm[0].dropout", "no patient is left");
        assert_error(
            &with("name = \"A\"", "name = \"A\"\nallocation = 1000.0"),
            "trial.sample_size",
            "gets no patient",
        );
    }
}
