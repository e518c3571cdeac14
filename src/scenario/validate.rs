//! From the raw TOML structures to a [`Scenario`], with every error located.

use super::allocation::largest_remainder;
use super::level::{Level, LevelRule, Relative, Threshold, regions};
use super::locate::{KeyPath, Locator, line_col};
use super::marker::{Baseline, Direction, Marker, Resolution};
use super::raw::{
    RawArm, RawEndpoint, RawEndpointKind, RawEvent, RawLevel, RawMarker, RawMultiplicity, RawRule, RawScenario,
    RawScore,
};
use super::score::{Score, ScoreBaseline};
use super::{
    Arm, Design, Endpoint, EndpointKind, Event, Multiplicity, Rerandomisation, Scenario, SimonRule, Simulation, Source,
    SubArm, SubArmComparison,
};
use crate::endpoint::Missing;
use crate::error::ScenarioError;
use std::path::Path;
use toml::de::DeTable;
use trialsim_stats::Test;

/// Most reported baseline values a marker may have (the grid between `min` and `max`).
pub const MAX_BASELINE_GRID: i64 = 100_000;
/// Most patients in a trial, and most levels (levels are stored in a byte).
pub const MAX_SAMPLE_SIZE: u32 = 1_000_000;
pub const MAX_LEVELS: usize = 32;
/// Rates of one visit may exceed 1 by this much (decimal rounding in the file).
const RATE_SUM_TOLERANCE: f64 = 1e-9;
/// When `baseline.max` is absent: median * exp(this * log_sd), a 1e-15 upper tail.
const DEFAULT_MAX_LOG_SDS: f64 = 8.0;

type R<T> = std::result::Result<T, ScenarioError>;

pub(super) fn parse(text: &str, file: &Path) -> R<Scenario> {
    let root = DeTable::parse(text).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |s| line_col(text, s.start));
        ScenarioError {
            file: file.to_path_buf(),
            line,
            column,
            key: String::new(),
            message: format!("not valid TOML: {}", e.message().trim()),
        }
    })?;
    let v = Validator { file, locator: Locator::new(text, root) };
    let raw: RawScenario = toml::from_str(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        let (line, column) = v.locator.line_col(offset);
        ScenarioError {
            file: file.to_path_buf(),
            line,
            column,
            key: v.locator.path_at(offset).to_string(),
            message: explain_serde(e.message()),
        }
    })?;
    v.scenario(raw)
}

/// Serde's messages, with a hint where one helps.
fn explain_serde(message: &str) -> String {
    let message = message.trim();
    if message.starts_with("unknown field") {
        format!("{message} (keys are case-sensitive; see scenario-format.md)")
    } else {
        message.to_string()
    }
}

struct Validator<'a> {
    file: &'a Path,
    locator: Locator<'a>,
}

fn root() -> KeyPath {
    KeyPath::root()
}

impl Validator<'_> {
    fn err(&self, path: &KeyPath, message: impl Into<String>) -> ScenarioError {
        let span = self.locator.span_of(path);
        let (line, column) = self.locator.line_col(span.start);
        ScenarioError { file: self.file.to_path_buf(), line, column, key: path.to_string(), message: message.into() }
    }

    fn check(&self, ok: bool, path: &KeyPath, message: impl FnOnce() -> String) -> R<()> {
        if ok { Ok(()) } else { Err(self.err(path, message())) }
    }

    fn probability(&self, x: f64, path: &KeyPath, what: &str) -> R<()> {
        self.check((0.0..=1.0).contains(&x), path, || format!("expected {what} in [0, 1], found {x}"))
    }

    fn scenario(&self, raw: RawScenario) -> R<Scenario> {
        let trial = root().key("trial");
        let t = &raw.trial;
        self.check(!t.name.trim().is_empty(), &trial.key("name"), || "expected a non-empty trial name".into())?;
        self.check((1..=MAX_SAMPLE_SIZE).contains(&t.sample_size), &trial.key("sample_size"), || {
            format!("expected between 1 and {MAX_SAMPLE_SIZE} patients, found {}", t.sample_size)
        })?;
        let visits = self.visits(&t.visits, &trial.key("visits"))?;
        let marker = self.marker(&raw.marker)?;
        let levels = self.levels(&raw.level, marker.direction)?;
        let scores = self.scores(&raw.score)?;
        let events = self.events(&raw.event)?;
        let arms = self.arms(&raw, &levels, &scores, &events, visits.len() - 1)?;
        let control = self.design(&raw, &arms)?;
        let rerandomisations = self.rerandomisations(&raw, &arms, &events)?;
        let endpoints =
            self.endpoints(&raw.endpoint, t.design, &marker, &levels, &scores, &events, &rerandomisations, &visits)?;
        self.reachability(&marker, &levels, &arms, &visits)?;
        let multiplicity = self.multiplicity(&raw.multiplicity, &endpoints)?;
        let simon = self.simon(&raw, &endpoints)?;
        self.sweep_axes(&raw)?;
        let simulation = self.simulation(&raw)?;
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
            simulation,
        })
    }

    fn visits(&self, visits: &[u32], path: &KeyPath) -> R<Vec<u32>> {
        self.check(visits.len() >= 2, path, || {
            "expected the baseline week 0 and at least one later visit, e.g. [0, 4, 8, 12]".into()
        })?;
        self.check(visits[0] == 0, &path.index(0), || {
            format!("visits must start at week 0 (baseline), found {}", visits[0])
        })?;
        for j in 1..visits.len() {
            self.check(visits[j] > visits[j - 1], &path.index(j), || {
                format!("visits must be strictly increasing: week {} follows week {}", visits[j], visits[j - 1])
            })?;
        }
        Ok(visits.to_vec())
    }

    fn marker(&self, m: &RawMarker) -> R<Marker> {
        let path = root().key("marker");
        let b = path.key("baseline");
        let raw = &m.baseline;
        self.check(raw.median.is_finite() && raw.median > 0.0, &b.key("median"), || {
            format!("expected a positive median, found {}", raw.median)
        })?;
        self.check(raw.log_sd.is_finite() && raw.log_sd > 0.0, &b.key("log_sd"), || {
            format!("expected a positive log-SD, found {}", raw.log_sd)
        })?;
        let min = raw.min.unwrap_or(0.0);
        let max = raw.max.unwrap_or(raw.median * (DEFAULT_MAX_LOG_SDS * raw.log_sd).exp());
        self.check(min.is_finite() && min >= 0.0, &b.key("min"), || format!("expected a minimum >= 0, found {min}"))?;
        self.check(max.is_finite() && max > min, &b.key("max"), || {
            format!("expected a maximum above the minimum {min}, found {max}")
        })?;
        self.check((0.0..=1.0).contains(&m.persistence), &path.key("persistence"), || {
            format!("expected a correlation in [0, 1], found {}", m.persistence)
        })?;
        let resolution = match m.resolution {
            Some(step) => {
                self.check(step.is_finite() && step > 0.0, &path.key("resolution"), || {
                    format!("expected a positive reporting step, found {step}")
                })?;
                Resolution::new(step)
            }
            None => Resolution::default_for(raw.median),
        };
        let baseline = Baseline { median: raw.median, log_sd: raw.log_sd, min, max };
        let (lo, hi) = baseline.grid(&resolution);
        self.check(hi >= lo, &b, || {
            format!("no value on the reporting grid (step {}) lies in [{min}, {max})", resolution.step())
        })?;
        self.check(hi - lo < MAX_BASELINE_GRID, &path.key("resolution"), || {
            format!(
                "the baseline range [{min}, {max}) holds {} values at step {}; use a coarser resolution (at most {MAX_BASELINE_GRID} values)",
                hi - lo + 1,
                resolution.step()
            )
        })?;
        Ok(Marker {
            name: m.name.clone(),
            unit: m.unit.clone(),
            direction: if m.higher_is_better { Direction::Higher } else { Direction::Lower },
            baseline,
            persistence: m.persistence,
            resolution,
        })
    }

    fn levels(&self, raw: &[RawLevel], direction: Direction) -> R<Vec<Level>> {
        self.check(!raw.is_empty(), &root(), || {
            "expected at least one [[level]] (e.g. name = \"CR\", above = 100.0)".into()
        })?;
        self.check(raw.len() <= MAX_LEVELS, &root().key("level").index(MAX_LEVELS), || {
            format!("expected at most {MAX_LEVELS} levels, found {}", raw.len())
        })?;
        let mut levels: Vec<Level> = Vec::new();
        for (i, l) in raw.iter().enumerate() {
            let path = root().key("level").index(i);
            self.check(!l.name.trim().is_empty() && l.name != "NR", &path.key("name"), || {
                "expected a level name other than \"NR\" (NR is every value in no level)".into()
            })?;
            self.check(levels.iter().all(|o| o.name != l.name), &path.key("name"), || {
                format!("level `{}` is defined twice", l.name)
            })?;
            let rule = self.rule(&l.rule(), &path, direction, &format!("level `{}`", l.name))?;
            levels.push(Level { name: l.name.clone(), rule });
        }
        Ok(levels)
    }

    /// A responder rule (of a level, or of a score-response endpoint) at `path`.
    fn rule(&self, l: &RawRule, path: &KeyPath, direction: Direction, what: &str) -> R<LevelRule> {
        let (good, bad) = match direction {
            Direction::Higher => (
                [("above", l.above, true), ("at_least", l.at_least, false)],
                [("below", l.below), ("at_most", l.at_most)],
            ),
            Direction::Lower => (
                [("below", l.below, true), ("at_most", l.at_most, false)],
                [("above", l.above), ("at_least", l.at_least)],
            ),
        };
        for (key, value) in bad {
            let wrong = if direction == Direction::Higher { "higher" } else { "lower" };
            self.check(value.is_none(), &path.key(key), || {
                format!("`{key}` does not fit a value where {wrong} is better; use {} or {}", good[0].0, good[1].0)
            })?;
        }
        let given: Vec<_> = good.iter().filter(|(_, v, _)| v.is_some()).collect();
        self.check(given.len() <= 1, &path.key(given.last().map_or("above", |g| g.0)), || {
            format!("a rule takes one threshold, `{}` or `{}`, not both", good[0].0, good[1].0)
        })?;
        let threshold = given.first().map(|(_, v, strict)| Threshold { value: v.unwrap(), strict: *strict });
        if let (Some(t), Some((key, _, _))) = (threshold, given.first()) {
            self.check(t.value.is_finite(), &path.key(key), || {
                format!("expected a finite threshold, found {}", t.value)
            })?;
        }
        let relative = match (l.fold_of_baseline, l.change_from_baseline) {
            (Some(_), Some(_)) => {
                return Err(self.err(
                    &path.key("change_from_baseline"),
                    "a rule takes one baseline-relative part, `fold_of_baseline` or `change_from_baseline`, not both",
                ));
            }
            (Some(f), None) => {
                self.check(f.is_finite() && f > 0.0, &path.key("fold_of_baseline"), || {
                    format!("expected a positive fold, found {f}")
                })?;
                Some(Relative::Fold(f))
            }
            (None, Some(c)) => {
                self.check(c.is_finite() && c > 0.0, &path.key("change_from_baseline"), || {
                    format!("expected a positive change, found {c}")
                })?;
                Some(Relative::Change(c))
            }
            (None, None) => None,
        };
        self.check(threshold.is_some() || relative.is_some(), path, || {
            format!(
                "{what} has no rule: give `{}`, `{}`, `fold_of_baseline` or `change_from_baseline`",
                good[0].0, good[1].0
            )
        })?;
        self.check(l.combine.is_none() || (threshold.is_some() && relative.is_some()), &path.key("combine"), || {
            "`combine` joins a threshold and a baseline-relative rule; this rule does not have both".into()
        })?;
        Ok(LevelRule { direction, threshold, relative, combine: l.combine.unwrap_or_default() })
    }

    fn scores(&self, raw: &[RawScore]) -> R<Vec<Score>> {
        let mut scores: Vec<Score> = Vec::new();
        for (i, sc) in raw.iter().enumerate() {
            let path = root().key("score").index(i);
            let b = path.key("baseline");
            let rb = &sc.baseline;
            self.check(!sc.name.trim().is_empty(), &path.key("name"), || "expected a non-empty score name".into())?;
            self.check(scores.iter().all(|o| o.name != sc.name), &path.key("name"), || {
                format!("score `{}` is defined twice", sc.name)
            })?;
            self.check(rb.mean.is_finite(), &b.key("mean"), || format!("expected a finite mean, found {}", rb.mean))?;
            self.check(rb.sd.is_finite() && rb.sd > 0.0, &b.key("sd"), || {
                format!("expected a positive SD, found {}", rb.sd)
            })?;
            self.check(rb.min.is_finite() && rb.max.is_finite() && rb.min < rb.max, &b.key("max"), || {
                format!("expected min < max, found [{}, {}]", rb.min, rb.max)
            })?;
            self.check(sc.change_sd.is_finite() && sc.change_sd >= 0.0, &path.key("change_sd"), || {
                format!("expected a non-negative SD of the change, found {}", sc.change_sd)
            })?;
            self.check((0.0..=1.0).contains(&sc.persistence), &path.key("persistence"), || {
                format!("expected a correlation in [0, 1], found {}", sc.persistence)
            })?;
            self.check((-1.0..=1.0).contains(&sc.marker_correlation), &path.key("marker_correlation"), || {
                format!("expected a correlation in [-1, 1], found {}", sc.marker_correlation)
            })?;
            let resolution = match sc.resolution {
                Some(step) => {
                    self.check(step.is_finite() && step > 0.0, &path.key("resolution"), || {
                        format!("expected a positive reporting step, found {step}")
                    })?;
                    Resolution::new(step)
                }
                None => Resolution::default_for(rb.max.abs().max(rb.mean.abs()).max(1e-9)),
            };
            let baseline = ScoreBaseline { mean: rb.mean, sd: rb.sd, min: rb.min, max: rb.max };
            let (lo, hi) = baseline.grid(&resolution);
            self.check(hi >= lo && hi - lo < MAX_BASELINE_GRID, &path.key("resolution"), || {
                format!(
                    "[{}, {}] at step {} must hold between 1 and {MAX_BASELINE_GRID} reported values",
                    rb.min,
                    rb.max,
                    resolution.step()
                )
            })?;
            scores.push(Score {
                name: sc.name.clone(),
                direction: if sc.higher_is_better { Direction::Higher } else { Direction::Lower },
                baseline,
                change_sd: sc.change_sd,
                persistence: sc.persistence,
                resolution,
                marker_correlation: sc.marker_correlation,
            });
        }
        Ok(scores)
    }

    /// The mean changes of an arm, one list per score.
    fn changes(&self, a: &RawArm, path: &KeyPath, scores: &[Score], weeks: &[u32]) -> R<Vec<Vec<f64>>> {
        let names: Vec<&str> = scores.iter().map(|s| s.name.as_str()).collect();
        for key in a.change.keys() {
            self.check(names.contains(&key.as_str()), &path.key(key), || {
                if names.is_empty() {
                    format!("unknown score `{key}`: define it in a [[score]] section")
                } else {
                    format!("unknown score `{key}`; expected one of {}", names.join(", "))
                }
            })?;
        }
        let mut out = Vec::new();
        for name in &names {
            let Some(list) = a.change.get(*name) else {
                return Err(self.err(path, format!("arm `{}` has no mean changes for score `{name}`; expected {name} = [{} values, one per post-baseline visit]", a.name, weeks.len())));
            };
            self.check(list.len() == weeks.len(), &path.key(name), || {
                format!(
                    "expected {} mean changes, one per post-baseline visit (weeks {weeks:?}), found {}",
                    weeks.len(),
                    list.len()
                )
            })?;
            for (j, c) in list.iter().enumerate() {
                self.check(c.is_finite(), &path.key(name).index(j), || {
                    format!("expected a finite mean change, found {c}")
                })?;
            }
            out.push(list.clone());
        }
        Ok(out)
    }

    fn simon(&self, raw: &RawScenario, endpoints: &[Endpoint]) -> R<Option<SimonRule>> {
        let path = root().key("simon");
        let n = raw.trial.sample_size;
        match (raw.trial.design, &raw.simon) {
            (Design::SimonTwoStage, None) => Err(self.err(
                &root().key("trial").key("design"),
                "a simon-two-stage design needs a [simon] section: endpoint, n1, r1, r (n is trial.sample_size)",
            )),
            (Design::SimonTwoStage, Some(s)) => {
                let Some(e) = endpoints.iter().position(|e| e.name == s.endpoint) else {
                    let names: Vec<&str> = endpoints.iter().map(|e| e.name.as_str()).collect();
                    return Err(self.err(
                        &path.key("endpoint"),
                        format!("unknown endpoint `{}`; expected one of {}", s.endpoint, names.join(", ")),
                    ));
                };
                let endpoint = &endpoints[e];
                self.check(endpoint.kind == EndpointKind::Response, &path.key("endpoint"), || {
                    "the two-stage rule applies to a response endpoint".into()
                })?;
                self.check(endpoint.missing == Missing::NonResponder, &path.key("endpoint"), || {
                    "a two-stage rule counts responders among the patients enrolled: the endpoint needs missing = \"non-responder\"".into()
                })?;
                self.check(s.n1 >= 1 && s.n1 < n, &path.key("n1"), || {
                    format!("expected a first stage of 1 to {} patients (trial.sample_size is n = {n})", n - 1)
                })?;
                self.check(s.r1 < s.n1, &path.key("r1"), || {
                    format!("expected r1 below n1 = {}, found {}", s.n1, s.r1)
                })?;
                self.check(s.r >= s.r1 && s.r < n, &path.key("r"), || {
                    format!("expected r between r1 = {} and n - 1 = {}, found {}", s.r1, n - 1, s.r)
                })?;
                Ok(Some(SimonRule { endpoint: e, n1: s.n1, r1: s.r1, n, r: s.r }))
            }
            (_, Some(_)) => Err(self.err(&path, "[simon] belongs to design = \"simon-two-stage\"")),
            (_, None) => Ok(None),
        }
    }

    fn events(&self, raw: &[RawEvent]) -> R<Vec<Event>> {
        let mut events: Vec<Event> = Vec::new();
        for (i, ev) in raw.iter().enumerate() {
            let path = root().key("event").index(i);
            self.check(!ev.name.trim().is_empty(), &path.key("name"), || "expected a non-empty event name".into())?;
            self.check(events.iter().all(|o| o.name != ev.name), &path.key("name"), || {
                format!("event `{}` is defined twice", ev.name)
            })?;
            self.check(ev.horizon >= 1, &path.key("horizon"), || "expected a horizon of at least 1 week".into())?;
            self.check(ev.shape.is_finite() && ev.shape > 0.0, &path.key("shape"), || {
                format!("expected a positive Weibull shape, found {}", ev.shape)
            })?;
            events.push(Event { name: ev.name.clone(), horizon: ev.horizon, shape: ev.shape });
        }
        Ok(events)
    }

    /// The probability of each event by its horizon in an arm.
    fn event_probabilities(&self, a: &RawArm, path: &KeyPath, events: &[Event]) -> R<Vec<f64>> {
        let names: Vec<&str> = events.iter().map(|e| e.name.as_str()).collect();
        for key in a.events.keys() {
            self.check(names.contains(&key.as_str()), &path.key(key), || {
                if names.is_empty() {
                    format!("unknown event `{key}`: define it in an [[event]] section")
                } else {
                    format!("unknown event `{key}`; expected one of {}", names.join(", "))
                }
            })?;
        }
        let mut out = Vec::new();
        for name in &names {
            let Some(&p) = a.events.get(*name) else {
                return Err(self.err(path, format!("arm `{}` has no probability for event `{name}`; expected {name} = <probability by the horizon>", a.name)));
            };
            self.check((0.0..1.0).contains(&p), &path.key(name), || {
                format!("expected a probability of the event by the horizon in [0, 1), found {p}")
            })?;
            out.push(p);
        }
        Ok(out)
    }

    fn rerandomisations(&self, raw: &RawScenario, arms: &[Arm], events: &[Event]) -> R<Vec<Rerandomisation>> {
        let mut out: Vec<Rerandomisation> = Vec::new();
        let mut names: Vec<String> = arms.iter().map(|a| a.name.clone()).collect();
        for (i, rr) in raw.rerandomisation.iter().enumerate() {
            let path = root().key("rerandomisation").index(i);
            let Some(arm) = arms.iter().position(|a| a.name == rr.arm) else {
                let all: Vec<&str> = arms.iter().map(|a| a.name.as_str()).collect();
                return Err(
                    self.err(&path.key("arm"), format!("unknown arm `{}`; expected one of {}", rr.arm, all.join(", ")))
                );
            };
            let Some(event) = events.iter().position(|e| e.name == rr.event) else {
                return Err(self.err(
                    &path.key("event"),
                    format!("unknown event `{}`: define it in an [[event]] section", rr.event),
                ));
            };
            self.check(rr.week >= 1, &path.key("week"), || {
                "expected the week of the second randomisation, at least 1".into()
            })?;
            self.check(rr.subarm.len() >= 2, &path, || "expected at least two [[rerandomisation.subarm]]".into())?;
            let mut subarms = Vec::new();
            for (j, sa) in rr.subarm.iter().enumerate() {
                let sp = path.key("subarm").index(j);
                self.check(!names.contains(&sa.name), &sp.key("name"), || {
                    format!("`{}` already names an arm or sub-arm", sa.name)
                })?;
                names.push(sa.name.clone());
                self.check(sa.allocation.is_finite() && sa.allocation > 0.0, &sp.key("allocation"), || {
                    format!("expected a positive randomisation weight, found {}", sa.allocation)
                })?;
                self.check((0.0..1.0).contains(&sa.probability), &sp.key("probability"), || {
                    format!(
                        "expected a probability of the event within the horizon in [0, 1), found {}",
                        sa.probability
                    )
                })?;
                subarms.push(SubArm { name: sa.name.clone(), allocation: sa.allocation, probability: sa.probability });
            }
            out.push(Rerandomisation { arm, week: rr.week, event, subarms });
        }
        Ok(out)
    }

    fn time_to_event(
        &self,
        e: &RawEndpoint,
        path: &KeyPath,
        design: Design,
        events: &[Event],
        rerandomisations: &[Rerandomisation],
    ) -> R<Endpoint> {
        let Some(name) = &e.event else {
            return Err(self.err(path, "a time-to-event endpoint needs `event`, the name of an [[event]]"));
        };
        let Some(k) = events.iter().position(|ev| &ev.name == name) else {
            let names: Vec<&str> = events.iter().map(|ev| ev.name.as_str()).collect();
            let expected = if names.is_empty() {
                "define it in an [[event]] section".to_string()
            } else {
                format!("expected one of {}", names.join(", "))
            };
            return Err(self.err(&path.key("event"), format!("unknown event `{name}`; {expected}")));
        };
        self.check(design == Design::Parallel, &path.key("kind"), || {
            "time-to-event endpoints compare arms: they need a parallel design".into()
        })?;
        for (key, given) in [
            ("levels", !e.levels.is_empty()),
            ("score", e.score.is_some()),
            ("rule", e.rule.is_some()),
            ("week", e.week.is_some()),
            ("missing", e.missing.is_some()),
            ("null_rate", e.null_rate.is_some()),
        ] {
            self.check(!given, &path.key(key), || {
                format!("`{key}` does not apply to a time-to-event endpoint (follow-up runs to the event's horizon)")
            })?;
        }
        let test = e.test.unwrap_or(Test::LogRank);
        self.check(test.is_time_to_event(), &path.key("test"), || {
            "a time-to-event endpoint is tested with `log-rank` or `rate-difference`".into()
        })?;
        self.check(e.alpha.is_finite() && e.alpha > 0.0 && e.alpha < 1.0, &path.key("alpha"), || {
            format!("expected a significance level in (0, 1), found {}", e.alpha)
        })?;
        let subarms = match &e.subarms {
            None => None,
            Some(names) => {
                self.check(names.len() == 2, &path.key("subarms"), || {
                    "expected two sub-arms: the one compared, then its control".into()
                })?;
                let found = rerandomisations.iter().enumerate().find_map(|(i, rr)| {
                    let a = rr.subarms.iter().position(|s| s.name == names[0])?;
                    let c = rr.subarms.iter().position(|s| s.name == names[1])?;
                    Some(SubArmComparison { rerandomisation: i, arm: a, control: c })
                });
                let Some(found) = found else {
                    let all: Vec<&str> =
                        rerandomisations.iter().flat_map(|r| r.subarms.iter().map(|s| s.name.as_str())).collect();
                    return Err(self.err(
                        &path.key("subarms"),
                        format!(
                            "expected two sub-arms of one [[rerandomisation]]; known sub-arms: {}",
                            if all.is_empty() { "none".to_string() } else { all.join(", ") }
                        ),
                    ));
                };
                self.check(found.arm != found.control, &path.key("subarms"), || {
                    "a sub-arm cannot be its own control".into()
                })?;
                self.check(rerandomisations[found.rerandomisation].event == k, &path.key("event"), || {
                    format!(
                        "the sub-arms follow event `{}`",
                        events[rerandomisations[found.rerandomisation].event].name
                    )
                })?;
                Some(found)
            }
        };
        let margin = e.margin.unwrap_or(0.0);
        if e.margin.is_some() {
            self.check(test == Test::RateDifference, &path.key("margin"), || {
                "`margin` goes with test = \"rate-difference\"".into()
            })?;
            self.check(margin.is_finite() && margin.abs() < 1.0, &path.key("margin"), || {
                format!("expected a margin between -1 and 1 on the difference of event probabilities, found {margin}")
            })?;
            self.check(margin == 0.0 || e.alternative != trialsim_stats::Alternative::TwoSided, &path.key("margin"), || {
                "a margin needs a one-sided alternative: \"less\" (arm - control < margin) or \"greater\" (arm - control > -margin)".into()
            })?;
        }
        Ok(Endpoint {
            name: e.name.clone(),
            primary: e.primary,
            kind: EndpointKind::TimeToEvent(k),
            levels: Vec::new(),
            week: events[k].horizon,
            visit: 0,
            missing: Missing::CompleteCase,
            test,
            alternative: e.alternative,
            alpha: e.alpha,
            null_rate: None,
            margin,
            subarms,
        })
    }

    /// `[[sweep]]` tables: a path and either `values` or `range`.
    fn sweep_axes(&self, raw: &RawScenario) -> R<()> {
        for (i, sw) in raw.sweep.iter().enumerate() {
            let path = root().key("sweep").index(i);
            crate::sweep::path::ValuePath::parse(&sw.path).map_err(|e| self.err(&path.key("path"), e))?;
            match (&sw.values, &sw.range) {
                (Some(v), None) if !v.is_empty() => {}
                (None, Some(r)) => {
                    crate::sweep::grid::parse_values(r).map_err(|e| self.err(&path.key("range"), e))?;
                }
                _ => return Err(self.err(&path, "a [[sweep]] takes `values = [...]` or `range = \"from:to:step\"`")),
            }
        }
        Ok(())
    }

    fn multiplicity(&self, raw: &Option<RawMultiplicity>, endpoints: &[Endpoint]) -> R<Option<Multiplicity>> {
        let Some(m) = raw else { return Ok(None) };
        let path = root().key("multiplicity");
        self.check(!m.endpoints.is_empty(), &path.key("endpoints"), || "expected the endpoints of the family".into())?;
        let mut family = Vec::new();
        for (i, name) in m.endpoints.iter().enumerate() {
            let Some(e) = endpoints.iter().position(|e| &e.name == name) else {
                let names: Vec<&str> = endpoints.iter().map(|e| e.name.as_str()).collect();
                return Err(self.err(
                    &path.key("endpoints").index(i),
                    format!("unknown endpoint `{name}`; expected one of {}", names.join(", ")),
                ));
            };
            self.check(!family.contains(&e), &path.key("endpoints").index(i), || {
                format!("endpoint `{name}` is listed twice")
            })?;
            family.push(e);
        }
        let alpha = endpoints[family[0]].alpha;
        for (i, &e) in family.iter().enumerate() {
            self.check(endpoints[e].alpha == alpha, &path.key("endpoints").index(i), || {
                format!(
                    "the family shares one alpha: `{}` has {} but `{}` has {alpha}",
                    endpoints[e].name, endpoints[e].alpha, endpoints[family[0]].name
                )
            })?;
        }
        Ok(Some(Multiplicity { method: m.method, endpoints: family, alpha }))
    }

    fn arms(
        &self,
        raw: &RawScenario,
        levels: &[Level],
        scores: &[Score],
        events: &[Event],
        post_visits: usize,
    ) -> R<Vec<Arm>> {
        self.check(!raw.arm.is_empty(), &root(), || "expected at least one [[arm]]".into())?;
        let weeks = &raw.trial.visits[1..];
        let mut arms = Vec::new();
        for (i, a) in raw.arm.iter().enumerate() {
            let path = root().key("arm").index(i);
            self.check(!a.name.trim().is_empty(), &path.key("name"), || "expected a non-empty arm name".into())?;
            self.check(raw.arm[..i].iter().all(|o| o.name != a.name), &path.key("name"), || {
                format!("arm `{}` is defined twice", a.name)
            })?;
            self.check(a.allocation.is_finite() && a.allocation > 0.0, &path.key("allocation"), || {
                format!("expected a positive randomisation weight, found {}", a.allocation)
            })?;
            self.probability(a.dropout, &path.key("dropout"), "a dropout probability")?;
            let rates = self.rates(a, &path.key("rates"), levels, weeks, post_visits)?;
            let changes = self.changes(a, &path.key("change"), scores, weeks)?;
            let event_probabilities = self.event_probabilities(a, &path.key("events"), events)?;
            arms.push(Arm {
                name: a.name.clone(),
                allocation: a.allocation,
                n: 0,
                dropout: a.dropout,
                rates,
                changes,
                events: event_probabilities,
            });
        }
        let weights: Vec<f64> = arms.iter().map(|a| a.allocation).collect();
        let sizes = largest_remainder(raw.trial.sample_size, &weights);
        for (i, (arm, n)) in arms.iter_mut().zip(sizes).enumerate() {
            self.check(n >= 1, &root().key("trial").key("sample_size"), || {
                format!("arm `{}` gets no patient from a sample size of {}", raw.arm[i].name, raw.trial.sample_size)
            })?;
            arm.n = n;
        }
        Ok(arms)
    }

    fn rates(
        &self,
        a: &RawArm,
        path: &KeyPath,
        levels: &[Level],
        weeks: &[u32],
        post_visits: usize,
    ) -> R<Vec<Vec<f64>>> {
        let names: Vec<&str> = levels.iter().map(|l| l.name.as_str()).collect();
        for key in a.rates.keys() {
            self.check(names.contains(&key.as_str()), &path.key(key), || {
                format!("unknown level `{key}`; expected one of {}", names.join(", "))
            })?;
        }
        let mut rates = Vec::new();
        for name in &names {
            let Some(list) = a.rates.get(*name) else {
                return Err(self.err(path, format!("arm `{}` has no rates for level `{name}`; expected {name} = [{} rates, one per post-baseline visit]", a.name, post_visits)));
            };
            self.check(list.len() == post_visits, &path.key(name), || {
                format!(
                    "expected {post_visits} rates, one per post-baseline visit (weeks {weeks:?}), found {}",
                    list.len()
                )
            })?;
            for (j, r) in list.iter().enumerate() {
                self.probability(*r, &path.key(name).index(j), "a rate")?;
            }
            rates.push(list.clone());
        }
        for j in 0..post_visits {
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
        Ok(rates)
    }

    fn design(&self, raw: &RawScenario, arms: &[Arm]) -> R<Option<usize>> {
        let trial = root().key("trial");
        match raw.trial.design {
            Design::SingleArm | Design::SimonTwoStage => {
                self.check(arms.len() == 1, &root().key("arm").index(arms.len().min(2) - 1), || {
                    format!("a single-arm design has exactly one [[arm]], found {}", arms.len())
                })?;
                self.check(raw.trial.control.is_none(), &trial.key("control"), || {
                    "a single-arm design has no control arm".into()
                })?;
                Ok(None)
            }
            Design::Parallel => {
                self.check(arms.len() >= 2, &trial.key("design"), || {
                    format!(
                        "a parallel design needs at least two [[arm]]s, found {}; use design = \"single-arm\" for one",
                        arms.len()
                    )
                })?;
                let Some(control) = &raw.trial.control else {
                    return Err(self.err(
                        &trial,
                        "a parallel design needs `control`, the name of the arm the others are compared with",
                    ));
                };
                let names: Vec<&str> = arms.iter().map(|a| a.name.as_str()).collect();
                match names.iter().position(|n| n == control) {
                    Some(i) => Ok(Some(i)),
                    None => Err(self.err(
                        &trial.key("control"),
                        format!("unknown control arm `{control}`; expected one of {}", names.join(", ")),
                    )),
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn endpoints(
        &self,
        raw: &[RawEndpoint],
        design: Design,
        marker: &Marker,
        levels: &[Level],
        scores: &[Score],
        events: &[Event],
        rerandomisations: &[Rerandomisation],
        visits: &[u32],
    ) -> R<Vec<Endpoint>> {
        let mut out: Vec<Endpoint> = Vec::new();
        for (i, e) in raw.iter().enumerate() {
            let path = root().key("endpoint").index(i);
            self.check(!e.name.trim().is_empty(), &path.key("name"), || "expected a non-empty endpoint name".into())?;
            self.check(out.iter().all(|o| o.name != e.name), &path.key("name"), || {
                format!("endpoint `{}` is defined twice", e.name)
            })?;
            if e.kind == RawEndpointKind::TimeToEvent {
                out.push(self.time_to_event(e, &path, design, events, rerandomisations)?);
                continue;
            }
            self.check(e.event.is_none(), &path.key("event"), || "`event` belongs to kind = \"time-to-event\"".into())?;
            self.check(e.subarms.is_none(), &path.key("subarms"), || {
                "`subarms` belongs to kind = \"time-to-event\"".into()
            })?;
            let Some(week) = e.week else {
                return Err(self.err(&path, format!("endpoint `{}` needs `week`, a post-baseline visit", e.name)));
            };
            let response = e.kind == RawEndpointKind::Response;
            let continuous = e.kind == RawEndpointKind::Change;
            // The source of change and score-response endpoints: a [[score]] or the marker.
            let source = match (&e.score, response) {
                (Some(_), true) => {
                    return Err(self.err(&path.key("score"), "a response endpoint reads the marker's levels; `score` belongs to kind = \"change\" or \"score-response\""));
                }
                (None, true) => None,
                (None, false) => {
                    return Err(
                        self.err(&path, "this endpoint kind needs `score`, the name of a [[score]] (or of the marker)")
                    );
                }
                (Some(name), false) => Some(match scores.iter().position(|s| &s.name == name) {
                    Some(k) => Source::Score(k),
                    None if *name == marker.name => Source::Marker,
                    None => {
                        let mut names: Vec<&str> = scores.iter().map(|s| s.name.as_str()).collect();
                        names.push(&marker.name);
                        return Err(self.err(
                            &path.key("score"),
                            format!("unknown score `{name}`; expected one of {}", names.join(", ")),
                        ));
                    }
                }),
            };
            self.check(response || e.levels.is_empty(), &path.key("levels"), || {
                "`levels` belongs to response endpoints; a score-response endpoint has a `rule`".into()
            })?;
            let kind = match (e.kind, source) {
                (RawEndpointKind::ScoreResponse, Some(src)) => {
                    let Some(rule) = &e.rule else {
                        return Err(self.err(&path, "a score-response endpoint needs `rule`, e.g. rule = { at_most = 3.2, change_from_baseline = 1.2 }"));
                    };
                    let direction = match src {
                        Source::Marker => marker.direction,
                        Source::Score(k) => scores[k].direction,
                    };
                    EndpointKind::ScoreResponse(src, self.rule(rule, &path.key("rule"), direction, "the rule")?)
                }
                (RawEndpointKind::Change, Some(src)) => EndpointKind::Change(src),
                _ => EndpointKind::Response,
            };
            self.check(e.rule.is_none() || matches!(kind, EndpointKind::ScoreResponse(..)), &path.key("rule"), || {
                "`rule` belongs to score-response endpoints".into()
            })?;
            let mut idx = Vec::new();
            if response {
                self.check(!e.levels.is_empty(), &path.key("levels"), || {
                    format!("expected the levels that count as success, e.g. levels = [\"{}\"]", levels[0].name)
                })?;
                for (k, name) in e.levels.iter().enumerate() {
                    let Some(l) = levels.iter().position(|l| &l.name == name) else {
                        let names: Vec<&str> = levels.iter().map(|l| l.name.as_str()).collect();
                        return Err(self.err(
                            &path.key("levels").index(k),
                            format!("unknown level `{name}`; expected one of {}", names.join(", ")),
                        ));
                    };
                    self.check(!idx.contains(&l), &path.key("levels").index(k), || {
                        format!("level `{name}` is listed twice")
                    })?;
                    idx.push(l);
                }
                idx.sort_unstable();
            }
            if continuous {
                self.check(design == Design::Parallel, &path.key("kind"), || {
                    "change endpoints compare arms: they need a parallel design".into()
                })?;
                self.check(e.missing != Some(Missing::NonResponder), &path.key("missing"), || {
                    "a change endpoint is analysed complete-case (there is no non-responder value for a change)".into()
                })?;
                self.check(e.test.is_none_or(|t| t.is_continuous()), &path.key("test"), || {
                    "a change endpoint is tested with `welch-t` or `ancova`".into()
                })?;
            } else {
                self.check(e.test.is_none_or(|t| !t.is_continuous()), &path.key("test"), || {
                    "`welch-t` and `ancova` test change endpoints; binary endpoints use fisher, chi-square, chi-square-yates, z-pooled, z-unpooled, farrington-manning, miettinen-nurminen or exact-binomial".into()
                })?;
            }
            let visit = visits[1..].iter().position(|&w| w == week);
            let Some(visit) = visit else {
                return Err(self.err(
                    &path.key("week"),
                    format!("week {} is not a post-baseline visit; expected one of {:?}", week, &visits[1..]),
                ));
            };
            let test = e.test.unwrap_or(match design {
                _ if continuous => Test::WelchT,
                Design::Parallel => Test::ChiSquare,
                Design::SingleArm | Design::SimonTwoStage => Test::ExactBinomial,
            });
            let single = test == Test::ExactBinomial;
            self.check(continuous || single == design.is_single_arm(), &path.key("test"), || match design {
                Design::Parallel => "`exact-binomial` is the single-arm test; a parallel design uses fisher, chi-square, chi-square-yates, z-pooled, z-unpooled, farrington-manning or miettinen-nurminen".into(),
                Design::SingleArm | Design::SimonTwoStage => "a single-arm design is tested with `exact-binomial` against `null_rate`".into(),
            })?;
            self.check(e.alpha.is_finite() && e.alpha > 0.0 && e.alpha < 1.0, &path.key("alpha"), || {
                format!("expected a significance level in (0, 1), found {}", e.alpha)
            })?;
            match (single, e.null_rate) {
                (true, None) => {
                    return Err(self.err(
                        &path,
                        "the exact-binomial test needs `null_rate`, the response rate under the null hypothesis",
                    ));
                }
                (true, Some(p)) => self.check(p > 0.0 && p < 1.0, &path.key("null_rate"), || {
                    format!("expected a null rate in (0, 1), found {p}")
                })?,
                (false, Some(_)) => {
                    return Err(self.err(
                        &path.key("null_rate"),
                        "`null_rate` belongs to single-arm designs; a parallel design compares with the control arm",
                    ));
                }
                (false, None) => {}
            }
            let margin = e.margin.unwrap_or(0.0);
            if e.margin.is_some() {
                self.check(test.takes_margin(), &path.key("margin"), || {
                    format!(
                        "`margin` needs test = \"farrington-manning\" or \"miettinen-nurminen\", not \"{}\"",
                        test.as_str()
                    )
                })?;
                self.check(margin.is_finite() && margin.abs() < 1.0, &path.key("margin"), || {
                    format!("expected a margin between -1 and 1 on the difference of rates, found {margin}")
                })?;
                self.check(margin == 0.0 || e.alternative != trialsim_stats::Alternative::TwoSided, &path.key("margin"), || {
                    "a margin needs a one-sided alternative: \"greater\" (arm - control > -margin) or \"less\" (arm - control < margin)".into()
                })?;
            }
            let missing = e.missing.unwrap_or(if continuous { Missing::CompleteCase } else { Missing::NonResponder });
            out.push(Endpoint {
                name: e.name.clone(),
                primary: e.primary,
                kind,
                levels: idx,
                week,
                visit,
                missing,
                test,
                alternative: e.alternative,
                alpha: e.alpha,
                null_rate: e.null_rate,
                margin,
                subarms: None,
            });
        }
        Ok(out)
    }

    /// Every level must be reachable by every patient; NR too where some patients are NR.
    fn reachability(&self, marker: &Marker, levels: &[Level], arms: &[Arm], visits: &[u32]) -> R<()> {
        let (lo, hi) = marker.baseline.grid(&marker.resolution);
        let grid = &marker.resolution;
        let sign = marker.direction.sign();
        let nr_needed = arms.iter().enumerate().find_map(|(a, arm)| {
            (0..visits.len() - 1).find_map(|j| {
                let sum: f64 = arm.rates.iter().map(|r| r[j]).sum();
                (sum < 1.0 - RATE_SUM_TOLERANCE).then_some((a, j, 1.0 - sum))
            })
        });
        let mut out = Vec::new();
        for m in lo..=hi {
            let b = grid.value(m);
            regions(levels, marker.direction, grid, b, &mut out);
            for (k, &(l, h)) in out.iter().enumerate() {
                if l <= h {
                    continue;
                }
                let show = |s: i64| format!("{:.*}", grid.decimals(), grid.value(sign * s));
                if k < levels.len() {
                    return Err(self.err(
                        &root().key("level").index(k),
                        format!(
                            "level `{}` cannot be reached by a patient with baseline {}: its rule first holds at {} but a better level already holds there; reorder the levels, change the rule, or narrow marker.baseline",
                            levels[k].name,
                            show(sign * grid.index(b)),
                            show(l),
                        ),
                    ));
                }
                if let Some((a, j, p)) = nr_needed {
                    return Err(self.err(
                        &root().key("level").index(levels.len() - 1),
                        format!(
                            "no value is left for non-responders with baseline {}: every value meets some level, but arm `{}` has NR probability {p} at week {}",
                            show(sign * grid.index(b)),
                            arms[a].name,
                            visits[j + 1]
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    fn simulation(&self, raw: &RawScenario) -> R<Simulation> {
        let s = raw.simulation.as_ref();
        let replicates = s.and_then(|s| s.replicates).unwrap_or(10_000);
        self.check(replicates >= 1, &root().key("simulation").key("replicates"), || {
            "expected at least 1 replicate".into()
        })?;
        Ok(Simulation { replicates, seed: s.and_then(|s| s.seed).unwrap_or(1) })
    }
}
