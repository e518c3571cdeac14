//! From the raw TOML structures to a [`Scenario`], section by section, with every error
//! located: `trial.rs` (the trial, its design and the simulation settings), `marker.rs`
//! (the marker, its levels and their reachability), `scores.rs`, `arms.rs` (arms and what
//! each assumes), `endpoints.rs`, `events.rs` (events and second randomisations),
//! `family.rs` (multiplicity and Simon's rule), `sweep.rs` (sweep axes), `accrual.rs`
//! (entry over calendar time and the randomisation in order of entry); `checks.rs` holds
//! the checks they share.

mod accrual;
mod arms;
mod checks;
mod endpoints;
mod events;
mod family;
mod marker;
mod rescue;
mod scores;
mod sequential;
mod sweep;
mod trial;

pub(in crate::scenario) use checks::Validator;

use super::definition::{Origin, Scenario};
use super::raw::RawScenario;
use checks::R;

/// Validate `raw`, read from `origin`.
pub(in crate::scenario) fn scenario(v: &Validator<'_>, raw: RawScenario, origin: Origin) -> R<Scenario> {
    let t = &raw.trial;
    v.trial(t)?;
    let visits = v.visits(&t.visits)?;
    let marker = v.marker(&raw.marker)?;
    let levels = v.levels(&raw.level, &marker)?;
    let scores = v.scores(&raw.score, &marker.name)?;
    let events = v.events(&raw.event)?;
    let arms = v.arms(&raw, &levels, &scores, &events)?;
    let control = v.design(&raw, &arms)?;
    let rerandomisations = v.rerandomisations(&raw, &arms, &events)?;
    let rescues = v.rescues(
        &raw,
        &rescue::Context { arms: &arms, levels: &levels, scores: &scores, events: &events, visits: &visits },
    )?;
    let known = endpoints::Known {
        design: t.design,
        marker: &marker,
        levels: &levels,
        scores: &scores,
        arms: &arms,
        events: &events,
        rerandomisations: &rerandomisations,
        rescues: &rescues,
        visits: &visits,
    };
    let endpoints = v.endpoints(&raw.endpoint, &known)?;
    v.reachability(&marker, &levels, &arms, &visits)?;
    let compared_arms = arms.len() - usize::from(control.is_some());
    let multiplicity = v.multiplicity(&raw.multiplicity, &endpoints, compared_arms)?;
    let simon = v.simon(&raw, &endpoints)?;
    let sweep = v.sweep_axes(&raw, &origin.text)?;
    let simulation = v.simulation(&raw)?;
    let accrual = v.accrual(&raw.accrual, &arms, t.sample_size)?;
    // Entry weeks draw from a stream component of their own, after every other.
    let components = 1 + scores.len() + events.len() + rerandomisations.len();
    let context = sequential::Context {
        endpoints: &endpoints,
        accrual: accrual.as_ref(),
        sample_size: t.sample_size,
        arms: &arms,
        control,
        design: t.design,
        events: &events,
        last_week: *visits.last().expect("validated visits") as f64,
    };
    let sequential = v.sequential(&raw.analysis, &raw.group_sequential, &context)?;
    let most = super::accrual::MAX_COMPONENTS;
    v.check(accrual.is_none() || components <= most, &checks::root().key("accrual"), || {
        format!(
            "a scenario with [accrual] holds at most {} scores, events and second randomisations together",
            most - 1
        )
    })?;
    v.check(
        marker.patient_share == 0.0 || components <= most,
        &checks::root().key("marker").key("patient_share"),
        || {
            format!(
                "a scenario with a patient-level latent component holds at most {} scores, events and second \
             randomisations together",
                most - 1
            )
        },
    )?;
    Ok(Scenario {
        name: t.name.clone(),
        title: t.title.clone(),
        design: t.design,
        sample_size: t.sample_size,
        visits,
        control,
        marker,
        levels,
        arms,
        endpoints,
        scores,
        multiplicity,
        simon,
        events,
        rerandomisations,
        rescues,
        sweep,
        simulation,
        accrual,
        sequential,
        origin,
    })
}

/// What the sections' unit tests share: a valid scenario to break, and the error of a text.
#[cfg(test)]
mod testing {
    use crate::error::ScenarioError;
    use crate::scenario::Scenario;
    use std::path::Path;

    /// A valid two-arm scenario with a score, an event and a family.
    pub const VALID: &str = r#"
[trial]
name = "t"
sample_size = 100
visits = [0, 4, 12]
control = "B"

[marker]
name = "platelets"
baseline = { median = 13.0, log_sd = 0.5, min = 1.0, max = 30.0 }
persistence = 0.5
resolution = 1.0

[[level]]
name = "CR"
above = 100.0

[[level]]
name = "PR"
at_least = 50.0

[[score]]
name = "ESSDAI"
higher_is_better = false
baseline = { mean = 9.4, sd = 4.3, min = 0.0, max = 123.0 }
change_sd = 4.0

[[event]]
name = "flare"
horizon = 52

[[arm]]
name = "A"
dropout = 0.1
rates = { CR = [0.3, 0.5], PR = [0.2, 0.2] }
change = { ESSDAI = [-2.0, -4.0] }
events = { flare = 0.1 }

[[arm]]
name = "B"
dropout = 0.1
rates = { CR = [0.2, 0.3], PR = [0.2, 0.2] }
change = { ESSDAI = [-1.0, -2.0] }
events = { flare = 0.2 }

[[endpoint]]
name = "CR"
levels = ["CR"]
week = 12

[[endpoint]]
name = "ESSDAI"
kind = "change"
score = "ESSDAI"
week = 12
test = "ancova"

[[endpoint]]
name = "flare"
kind = "time-to-event"
event = "flare"

[multiplicity]
method = "holm"
endpoints = ["CR", "ESSDAI"]
"#;

    /// `VALID` with `from` replaced by `to` (which must occur).
    pub fn with(from: &str, to: &str) -> String {
        assert!(VALID.contains(from), "{from}");
        VALID.replacen(from, to, 1)
    }

    /// The error of a scenario text that must be invalid.
    pub fn error(text: &str) -> ScenarioError {
        match Scenario::parse(text, Path::new("t.toml")) {
            Ok(_) => panic!("expected an error in\n{text}"),
            Err(e) => e,
        }
    }

    /// Assert the error's key and that its message contains `words`.
    pub fn assert_error(text: &str, key: &str, words: &str) {
        let e = error(text);
        assert_eq!(e.key, key, "{e}");
        assert!(e.message.contains(words), "expected '{words}' in: {e}");
    }

    #[test]
    fn the_valid_scenario_is_valid() {
        let s = Scenario::parse(VALID, Path::new("t.toml")).unwrap();
        assert_eq!(s.arms.iter().map(|a| a.n).collect::<Vec<_>>(), vec![50, 50]);
        assert_eq!(s.endpoints.len(), 3);
    }
}
