//! `[[endpoint]]`: what each endpoint reads, when, and how it is tested. Each kind takes
//! only its own keys: `levels` (response), `score` and `rule` (score-response), `score`
//! (change), `event` and `subarms` (time to event).

use super::checks::{R, Validator, root};
use super::marker::Range;
use crate::scenario::arm::Arm;
use crate::scenario::design::Design;
use crate::scenario::endpoint::{
    Endpoint, EndpointKind, LevelTime, Missing, MmrmOptions, Source, SubArmComparison, Visit,
};
use crate::scenario::event::{Event, Rerandomisation};
use crate::scenario::level::Level;
use crate::scenario::locate::KeyPath;
use crate::scenario::marker::Marker;
use crate::scenario::raw::{RawEndpoint, RawEndpointKind};
use crate::scenario::rescue::{Rescue, Strategy};
use crate::scenario::score::Score;
use trialsim_stats::mmrm::{Covariance, DegreesOfFreedom};
use trialsim_stats::{Alternative, Test};

/// What an endpoint may refer to.
pub(super) struct Known<'a> {
    pub design: Design,
    pub marker: &'a Marker,
    pub levels: &'a [Level],
    pub scores: &'a [Score],
    pub arms: &'a [Arm],
    pub events: &'a [Event],
    pub rerandomisations: &'a [Rerandomisation],
    pub rescues: &'a [Rescue],
    pub visits: &'a [u32],
}

const BINARY_TESTS: &str = "fisher, chi-square, chi-square-yates, z-pooled, z-unpooled, farrington-manning, miettinen-nurminen, cochran-armitage or exact-binomial";

/// The keys an endpoint gives beyond those every kind takes (name, primary, kind, test,
/// alternative, alpha, margin), in the order of the scenario format.
fn given_keys(e: &RawEndpoint) -> impl Iterator<Item = &'static str> {
    [
        ("levels", !e.levels.is_empty()),
        ("from_week", e.from_week.is_some()),
        ("at_least", e.at_least.is_some()),
        ("score", e.score.is_some()),
        ("rule", e.rule.is_some()),
        ("week", e.week.is_some()),
        ("missing", e.missing.is_some()),
        ("event", e.event.is_some()),
        ("subarms", e.subarms.is_some()),
        ("null_rate", e.null_rate.is_some()),
        ("covariance", e.covariance.is_some()),
        ("df", e.df.is_some()),
        ("strategy", e.strategy.is_some()),
    ]
    .into_iter()
    .filter_map(|(key, given)| given.then_some(key))
}

/// An endpoint read as observed (treatment policy), without a null rate or MMRM options:
/// a time to event, or a time read off the levels.
fn observed(e: &RawEndpoint, kind: EndpointKind, test: Test, margin: Option<f64>) -> Endpoint {
    Endpoint {
        name: e.name.clone(),
        primary: e.primary,
        kind,
        test,
        alternative: e.alternative,
        alpha: e.alpha,
        null_rate: None,
        margin,
        mmrm: None,
        strategy: Strategy::TreatmentPolicy,
    }
}

impl Validator<'_> {
    pub(super) fn endpoints(&self, raw: &[RawEndpoint], known: &Known<'_>) -> R<Vec<Endpoint>> {
        self.check(!raw.is_empty(), &root(), || {
            "expected at least one [[endpoint]]: what the trial measures and how it is tested".into()
        })?;
        let mut out: Vec<Endpoint> = Vec::new();
        for (i, e) in raw.iter().enumerate() {
            let path = root().key("endpoint").index(i);
            self.new_name(&e.name, &path.key("name"), "endpoint", out.iter().map(|o| o.name.as_str()))?;
            if let Some(first) = out.iter().find(|o| o.primary).filter(|_| e.primary) {
                return Err(self.err(
                    &path.key("primary"),
                    format!("only one endpoint is primary, and `{}` already is", first.name),
                ));
            }
            let endpoint = match e.kind {
                RawEndpointKind::TimeToEvent => self.time_to_event(e, &path, known)?,
                RawEndpointKind::TimeToResponse => self.level_time(LevelTime::FirstResponse, e, &path, known)?,
                RawEndpointKind::TimeToLoss => self.level_time(LevelTime::Loss, e, &path, known)?,
                RawEndpointKind::DurationOfResponse => self.level_time(LevelTime::Duration, e, &path, known)?,
                RawEndpointKind::TimeInResponse => self.level_time(LevelTime::WeeksIn, e, &path, known)?,
                _ => self.at_a_visit(e, &path, known)?,
            };
            out.push(endpoint);
        }
        Ok(out)
    }

    /// A response, score-response or change endpoint.
    fn at_a_visit(&self, e: &RawEndpoint, path: &KeyPath, known: &Known<'_>) -> R<Endpoint> {
        for (key, given) in [("event", e.event.is_some()), ("subarms", e.subarms.is_some())] {
            self.check(!given, &path.key(key), || format!("`{key}` belongs to kind = \"time-to-event\""))?;
        }
        let Some(week) = e.week else {
            return Err(self.err(path, format!("endpoint `{}` needs `week`, a post-baseline visit", e.name)));
        };
        let sustained = e.kind == RawEndpointKind::SustainedResponse;
        let response = e.kind == RawEndpointKind::Response || sustained;
        for (key, given) in [("from_week", e.from_week.is_some()), ("at_least", e.at_least.is_some())] {
            self.check(!given || sustained, &path.key(key), || {
                format!("`{key}` belongs to kind = \"sustained-response\"")
            })?;
        }
        let continuous = matches!(e.kind, RawEndpointKind::Change | RawEndpointKind::Auc);
        let source = self.source(e, path, known)?;
        self.check(response || e.levels.is_empty(), &path.key("levels"), || {
            "`levels` belongs to response endpoints; a score-response endpoint has a `rule`".into()
        })?;
        self.check(e.rule.is_none() || e.kind == RawEndpointKind::ScoreResponse, &path.key("rule"), || {
            "`rule` belongs to score-response endpoints".into()
        })?;
        let levels = if response { self.success_levels(e, path, known.levels)? } else { Vec::new() };
        if continuous {
            self.check(known.design == Design::Parallel, &path.key("kind"), || {
                "change endpoints compare arms: they need a parallel design".into()
            })?;
            self.check(e.missing != Some(Missing::NonResponder), &path.key("missing"), || {
                "a change endpoint is analysed complete-case (there is no non-responder value for a change)".into()
            })?;
            self.check(e.test.is_none_or(|t| t.is_continuous()), &path.key("test"), || {
                "a change endpoint is tested with `welch-t`, `ancova`, `mmrm`, `pooled-t` or `linear-trend`".into()
            })?;
        } else {
            let binary = |t: Test| Test::ALL.contains(&t) || t == Test::CochranArmitage;
            self.check(e.test.is_none_or(binary), &path.key("test"), || {
                format!("a binary endpoint is tested with {BINARY_TESTS}")
            })?;
        }
        let index = known.visits[1..].iter().position(|&w| w == week).ok_or_else(|| {
            self.err(
                &path.key("week"),
                format!("week {week} is not a post-baseline visit; expected one of {:?}", &known.visits[1..]),
            )
        })?;
        let visit = Visit { week, index };
        // What reads the marker reads the rates at its week: they must be given there.
        if source.is_none_or(|s| s == Source::Marker) {
            for arm in known.arms {
                self.check(arm.rate_weeks.contains(&week), &path.key("week"), || {
                    format!(
                        "arm `{}` gives its rates only at weeks {:?}, and this endpoint reads week {week}: add {week} to the arm's `weeks`",
                        arm.name, arm.rate_weeks
                    )
                })?;
            }
        }
        let test = e.test.unwrap_or(match known.design {
            _ if continuous => Test::WelchT,
            Design::Parallel => Test::ChiSquare,
            Design::SingleArm | Design::SimonTwoStage => Test::ExactBinomial,
        });
        let mmrm = test == Test::Mmrm;
        self.check(!mmrm || e.kind == RawEndpointKind::Change, &path.key("test"), || {
            "`mmrm` models the change at every visit up to the endpoint's week: it belongs to kind = \"change\" (an \
             area under the curve is one value per patient: test it with `welch-t` or `ancova`)"
                .into()
        })?;
        self.check(e.covariance.is_none() || mmrm, &path.key("covariance"), || {
            "`covariance` is the covariance structure of an MMRM: it belongs to test = \"mmrm\"".into()
        })?;
        self.check(e.df.is_none() || mmrm, &path.key("df"), || {
            "`df` is how an MMRM's contrast finds its degrees of freedom: it belongs to test = \"mmrm\"".into()
        })?;
        let strategy = self.strategy(e, path, known, continuous)?;
        let mmrm = mmrm.then(|| MmrmOptions {
            covariance: e.covariance.unwrap_or(Covariance::Unstructured),
            df: e.df.unwrap_or(DegreesOfFreedom::Satterthwaite),
        });
        if let Some(m) = &mmrm {
            // An unstructured covariance has V (V + 1) / 2 parameters: 210 at 20 visits.
            let (visits, most) = (visit.index + 1, if m.covariance == Covariance::Unstructured { 20 } else { 64 });
            self.check(visits <= most, &path.key("week"), || {
                format!(
                    "an MMRM with a{} {} covariance models at most {most} visits, and this one reads {visits} (every \
                     post-baseline visit to week {week}): use covariance = \"ar1\" or \"compound-symmetry\", or an \
                     earlier week",
                    if m.covariance == Covariance::Unstructured { "n" } else { "" },
                    m.covariance.as_str()
                )
            })?;
        }
        let single = test == Test::ExactBinomial;
        self.check(continuous || single == known.design.is_single_arm(), &path.key("test"), || match known.design {
            Design::Parallel => "`exact-binomial` is the single-arm test; a parallel design uses fisher, chi-square, chi-square-yates, z-pooled, z-unpooled, farrington-manning or miettinen-nurminen".into(),
            Design::SingleArm | Design::SimonTwoStage => {
                "a single-arm design is tested with `exact-binomial` against `null_rate`".into()
            }
        })?;
        if test.is_trend() || test == Test::PooledT {
            self.over_every_arm(test, path, known)?;
        }
        self.alpha(e.alpha, &path.key("alpha"))?;
        match (single, e.null_rate) {
            (true, None) => {
                return Err(self.err(
                    path,
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
        let margin = self.margin(e, path, test, "rates")?;
        let missing = e.missing.unwrap_or(if continuous { Missing::CompleteCase } else { Missing::NonResponder });
        if sustained {
            return Ok(Endpoint {
                name: e.name.clone(),
                primary: e.primary,
                kind: self.sustained(e, path, known, levels, visit, missing)?,
                test,
                alternative: e.alternative,
                alpha: e.alpha,
                null_rate: e.null_rate,
                margin,
                mmrm: None,
                strategy,
            });
        }
        let kind = match (e.kind, source) {
            (RawEndpointKind::ScoreResponse, Some(source)) => {
                let Some(rule) = &e.rule else {
                    return Err(self.err(
                        path,
                        "a score-response endpoint needs `rule`, e.g. rule = { at_most = 3.2, change_from_baseline = 1.2 }",
                    ));
                };
                let (direction, range) = match source {
                    Source::Marker => {
                        let m = known.marker;
                        (m.direction, Range { grid: m.resolution, max: m.baseline.max })
                    }
                    Source::Score(k) => {
                        let s = &known.scores[k];
                        let sds: Vec<f64> = known.arms.iter().map(|a| a.change_sd[k]).collect();
                        self.check(sds.iter().all(|&sd| sd == sds[0]), &path.key("score"), || {
                            format!(
                                "score `{}` has a different change_sd in some arm ({sds:?}); a score-response endpoint's null \
                                 hypothesis (equal response rates) needs the arms' scores to differ in their mean change \
                                 only: give every arm the same change_sd, or read the score with a change endpoint",
                                s.name
                            )
                        })?;
                        (s.direction, Range { grid: s.resolution, max: s.baseline.max.abs().max(s.baseline.min.abs()) })
                    }
                };
                let rule = self.rule(rule, &path.key("rule"), direction, &range, "the rule")?;
                EndpointKind::ScoreResponse { source, rule, visit, missing }
            }
            (RawEndpointKind::Change, Some(source)) => EndpointKind::Change { source, visit, area: None },
            (RawEndpointKind::Auc, Some(source)) => {
                EndpointKind::Change { source, visit, area: Some(known.visits[1..=visit.index + 1].to_vec()) }
            }
            _ => EndpointKind::Response { levels, visit, missing },
        };
        Ok(Endpoint {
            name: e.name.clone(),
            primary: e.primary,
            kind,
            test,
            alternative: e.alternative,
            alpha: e.alpha,
            null_rate: e.null_rate,
            margin,
            mmrm,
            strategy,
        })
    }

    /// A sustained response: in `levels` at `at_least` of the visits from `from_week` to
    /// the endpoint's week.
    fn sustained(
        &self,
        e: &RawEndpoint,
        path: &KeyPath,
        known: &Known<'_>,
        levels: Vec<usize>,
        visit: Visit,
        missing: Missing,
    ) -> R<EndpointKind> {
        let weeks = &known.visits[1..];
        let from_week = e.from_week.ok_or_else(|| {
            self.err(path, "a sustained response needs `from_week`, the first visit of its window (up to `week`)")
        })?;
        let from = weeks.iter().position(|&w| w == from_week).ok_or_else(|| {
            self.err(
                &path.key("from_week"),
                format!("week {from_week} is not a post-baseline visit; expected one of {weeks:?}"),
            )
        })?;
        self.check(from <= visit.index, &path.key("from_week"), || {
            format!("the window runs from `from_week` to `week`: {from_week} comes after {}", visit.week)
        })?;
        // A margin's null puts the arm's share on the boundary, which no rates reach in
        // closed form for a window.
        self.check(e.margin.is_none(), &path.key("margin"), || {
            "a sustained response is tested for no difference: its share has no closed form in the rates, so no \
             null world can put it on a margin's boundary; remove `margin`"
                .into()
        })?;
        let n = visit.index - from + 1;
        let at_least = e.at_least.unwrap_or(n as i64);
        self.check(at_least >= 1 && at_least <= n as i64, &path.key("at_least"), || {
            format!("expected between 1 and the window's {n} visits, found {at_least}")
        })?;
        // Its null hypothesis (equal shares) holds with equal rates only if the arms lose
        // their patients alike when a missed visit is a non-response.
        if missing == Missing::NonResponder && known.design == Design::Parallel {
            let dropout = known.arms[0].dropout;
            self.check(known.arms.iter().all(|a| a.dropout == dropout), &path.key("missing"), || {
                "a sustained response under non-responder imputation needs the same `dropout` in every arm (equal \
                 rates then make equal shares); give the arms one dropout or use missing = \"complete-case\""
                    .into()
            })?;
        }
        Ok(EndpointKind::Sustained {
            levels,
            from: Visit { week: from_week, index: from },
            visit,
            at_least: at_least as usize,
            missing,
        })
    }

    /// A test over every arm (a trend over doses, or a variance pooled over the arms) needs
    /// a parallel design, and a trend the arms' doses, not all equal.
    fn over_every_arm(&self, test: Test, path: &KeyPath, known: &Known<'_>) -> R<()> {
        let name = test.as_str();
        self.check(known.design == Design::Parallel, &path.key("test"), || {
            format!("`{name}` compares the arms of a parallel design")
        })?;
        if !test.is_trend() {
            return Ok(());
        }
        if let Some(arm) = known.arms.iter().find(|a| a.dose.is_none()) {
            return Err(self.err(
                &path.key("test"),
                format!(
                    "`{name}` tests a trend over the arms' doses, and arm `{}` has none: give every [[arm]] a `dose`                      (its dose score, e.g. 0 for placebo, 1 and 2, or the dose in mg)",
                    arm.name
                ),
            ));
        }
        let first = known.arms[0].dose;
        self.check(known.arms.iter().any(|a| a.dose != first), &path.key("test"), || {
            format!("`{name}` needs doses that differ between arms; every arm has dose {}", first.unwrap_or(0.0))
        })
    }

    /// What a change or score-response endpoint reads: a `[[score]]` or the marker (by name).
    fn source(&self, e: &RawEndpoint, path: &KeyPath, known: &Known<'_>) -> R<Option<Source>> {
        let response = matches!(e.kind, RawEndpointKind::Response | RawEndpointKind::SustainedResponse);
        match (&e.score, response) {
            (Some(_), true) => Err(self.err(
                &path.key("score"),
                "a response endpoint reads the marker's levels; `score` belongs to kind = \"change\" or \"score-response\"",
            )),
            (None, true) => Ok(None),
            (None, false) => {
                Err(self.err(path, "this endpoint kind needs `score`, the name of a [[score]] (or of the marker)"))
            }
            (Some(name), false) => {
                let mut names: Vec<&str> = known.scores.iter().map(|s| s.name.as_str()).collect();
                // A score may share the marker's name: then the name is the score's.
                if !names.contains(&known.marker.name.as_str()) {
                    names.push(&known.marker.name);
                }
                let k = self.lookup(name, &names, &path.key("score"), "score", "a [[score]] section")?;
                Ok(Some(if k < known.scores.len() { Source::Score(k) } else { Source::Marker }))
            }
        }
    }

    /// The levels that count as success, known and each listed once, in level order.
    fn success_levels(&self, e: &RawEndpoint, path: &KeyPath, levels: &[Level]) -> R<Vec<usize>> {
        let names: Vec<&str> = levels.iter().map(|l| l.name.as_str()).collect();
        self.check(!e.levels.is_empty(), &path.key("levels"), || {
            format!("expected the levels that count as success, e.g. levels = [\"{}\"]", names[0])
        })?;
        let mut idx = Vec::new();
        for (k, name) in e.levels.iter().enumerate() {
            let at = path.key("levels").index(k);
            let l = self.lookup(name, &names, &at, "level", "a [[level]]")?;
            self.check(!idx.contains(&l), &at, || format!("level `{name}` is listed twice"))?;
            idx.push(l);
        }
        idx.sort_unstable();
        Ok(idx)
    }

    /// The margin of a test that takes one (0 when none is given), `None` for the others;
    /// a margin needs such a test and a one-sided alternative.
    fn margin(&self, e: &RawEndpoint, path: &KeyPath, test: Test, of: &str) -> R<Option<f64>> {
        if let Some(margin) = e.margin {
            let at = path.key("margin");
            self.check(test.takes_margin(), &at, || {
                if test.is_time_to_event() {
                    "`margin` goes with test = \"rate-difference\"".into()
                } else {
                    format!(
                        "`margin` needs test = \"farrington-manning\" or \"miettinen-nurminen\", not \"{}\"",
                        test.as_str()
                    )
                }
            })?;
            self.check(margin.is_finite() && margin.abs() < 1.0, &at, || {
                format!("expected a margin between -1 and 1 on the difference of {of}, found {margin}")
            })?;
            self.check(margin == 0.0 || e.alternative != Alternative::TwoSided, &at, || {
                "a margin needs a one-sided alternative: \"greater\" (arm - control > -margin) or \"less\" (arm - control < margin)".into()
            })?;
        }
        Ok(test.takes_margin().then(|| e.margin.unwrap_or(0.0)))
    }

    /// A time read off the levels: `levels` and `week` (the end of follow-up), tested by
    /// log-rank or the rate difference at the horizon.
    fn level_time(&self, measure: LevelTime, e: &RawEndpoint, path: &KeyPath, known: &Known<'_>) -> R<Endpoint> {
        let what = measure.as_str();
        for key in given_keys(e).filter(|k| !["levels", "week"].contains(k)) {
            self.check(false, &path.key(key), || {
                format!(
                    "`{key}` does not apply to kind = \"{what}\": a time read off the levels at every visit up to \
                     `week`, censored at the last visit seen, as observed"
                )
            })?;
        }
        self.check(known.design == Design::Parallel, &path.key("kind"), || {
            format!("a {what} endpoint compares arms: it needs a parallel design")
        })?;
        let Some(week) = e.week else {
            return Err(self.err(path, format!("a {what} endpoint needs `week`, the last visit its follow-up reads")));
        };
        let weeks = &known.visits[1..];
        let index = weeks.iter().position(|&w| w == week).ok_or_else(|| {
            self.err(&path.key("week"), format!("week {week} is not a post-baseline visit; expected one of {weeks:?}"))
        })?;
        let levels = self.success_levels(e, path, known.levels)?;
        let test = if measure == LevelTime::WeeksIn {
            let test = e.test.unwrap_or(Test::WelchT);
            self.check(matches!(test, Test::WelchT | Test::Ancova), &path.key("test"), || {
                format!("a {what} endpoint (weeks, a continuous value) is tested with `welch-t` or `ancova`")
            })?;
            test
        } else {
            let test = e.test.unwrap_or(Test::LogRank);
            self.check(test.is_time_to_event(), &path.key("test"), || {
                format!("a {what} endpoint is tested with `log-rank` or `rate-difference`")
            })?;
            test
        };
        self.alpha(e.alpha, &path.key("alpha"))?;
        let margin = self.margin(e, path, test, "probabilities")?;
        let kind =
            EndpointKind::LevelTime { measure, levels, visit: Visit { week, index }, weeks: weeks[..=index].to_vec() };
        Ok(observed(e, kind, test, margin))
    }

    /// How the endpoint counts visits after rescue: treatment policy unless it says.
    fn strategy(&self, e: &RawEndpoint, path: &KeyPath, known: &Known<'_>, continuous: bool) -> R<Strategy> {
        let Some(strategy) = e.strategy else { return Ok(Strategy::TreatmentPolicy) };
        self.check(!known.rescues.is_empty(), &path.key("strategy"), || {
            "`strategy` says how the visits after rescue count: add a [[rescue]] saying what starts it".into()
        })?;
        self.check(!(continuous && strategy == Strategy::Composite), &path.key("strategy"), || {
            "a composite strategy makes rescue a failure, which a change has no value for: use it with a response \
             endpoint, or give this one `hypothetical`, `while-on-treatment` or `treatment-policy`"
                .into()
        })?;
        Ok(strategy)
    }

    /// A time-to-event endpoint: an event, optionally two sub-arms of a second randomisation.
    fn time_to_event(&self, e: &RawEndpoint, path: &KeyPath, known: &Known<'_>) -> R<Endpoint> {
        let Some(name) = &e.event else {
            return Err(self.err(path, "a time-to-event endpoint needs `event`, the name of an [[event]]"));
        };
        let names: Vec<&str> = known.events.iter().map(|ev| ev.name.as_str()).collect();
        let k = self.lookup(name, &names, &path.key("event"), "event", "an [[event]] section")?;
        self.check(known.design == Design::Parallel, &path.key("kind"), || {
            "time-to-event endpoints compare arms: they need a parallel design".into()
        })?;
        for key in given_keys(e).filter(|k| !["event", "subarms"].contains(k)) {
            self.check(false, &path.key(key), || {
                format!("`{key}` does not apply to a time-to-event endpoint (follow-up runs to the event's horizon)")
            })?;
        }
        let test = e.test.unwrap_or(Test::LogRank);
        self.check(test.is_time_to_event(), &path.key("test"), || {
            "a time-to-event endpoint is tested with `log-rank` or `rate-difference`".into()
        })?;
        self.alpha(e.alpha, &path.key("alpha"))?;
        let subarms = match &e.subarms {
            None => None,
            Some(names) => Some(self.subarms(names, path, k, known)?),
        };
        let margin = self.margin(e, path, test, "event probabilities")?;
        let kind = EndpointKind::TimeToEvent { event: k, horizon: known.events[k].horizon, subarms };
        Ok(observed(e, kind, test, margin))
    }

    /// Two sub-arms of one second randomisation following event `k`: the compared one, then
    /// its control.
    fn subarms(&self, names: &[String], path: &KeyPath, k: usize, known: &Known<'_>) -> R<SubArmComparison> {
        let at = path.key("subarms");
        self.check(names.len() == 2, &at, || "expected two sub-arms: the one compared, then its control".into())?;
        let found = known.rerandomisations.iter().enumerate().find_map(|(i, rr)| {
            let a = rr.subarms.iter().position(|s| s.name == names[0])?;
            let c = rr.subarms.iter().position(|s| s.name == names[1])?;
            Some(SubArmComparison { rerandomisation: i, arm: a, control: c })
        });
        let Some(found) = found else {
            let all: Vec<&str> =
                known.rerandomisations.iter().flat_map(|r| r.subarms.iter().map(|s| s.name.as_str())).collect();
            return Err(self.err(
                &at,
                format!(
                    "expected two sub-arms of one [[rerandomisation]]; known sub-arms: {}",
                    if all.is_empty() { "none".to_string() } else { all.join(", ") }
                ),
            ));
        };
        self.check(found.arm != found.control, &at, || "a sub-arm cannot be its own control".into())?;
        let event = known.rerandomisations[found.rerandomisation].event;
        self.check(event == k, &path.key("event"), || {
            format!("the sub-arms follow event `{}`", known.events[event].name)
        })?;
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{assert_error, with};

    #[test]
    fn response_endpoints_name_known_levels_at_a_visit() {
        assert_error(
            &with("levels = [\"CR\"]", "levels = [\"VGPR\"]"),
            "endpoint[0].levels[0]",
            "unknown level `VGPR`",
        );
        assert_error(&with("levels = [\"CR\"]", "levels = [\"CR\", \"CR\"]"), "endpoint[0].levels[1]", "listed twice");
        assert_error(
            &with("levels = [\"CR\"]\nweek = 12", "levels = [\"CR\"]\nweek = 10"),
            "endpoint[0].week",
            "week 10 is not a post-baseline visit",
        );
        assert_error(&with("levels = [\"CR\"]\nweek = 12", "levels = [\"CR\"]"), "endpoint[0]", "needs `week`");
        assert_error(
            &with("levels = [\"CR\"]", "levels = [\"CR\"]\nscore = \"ESSDAI\""),
            "endpoint[0].score",
            "reads the marker's levels",
        );
    }

    #[test]
    fn tests_fit_the_endpoint_and_the_design() {
        assert_error(
            &with("levels = [\"CR\"]", "levels = [\"CR\"]\ntest = \"exact-binomial\""),
            "endpoint[0].test",
            "single-arm test",
        );
        assert_error(
            &with("levels = [\"CR\"]", "levels = [\"CR\"]\ntest = \"cochran-armitage\""),
            "endpoint[0].test",
            "arm `A` has none: give every [[arm]] a `dose`",
        );
        let dosed = with("levels = [\"CR\"]", "levels = [\"CR\"]\ntest = \"cochran-armitage\"")
            .replace("name = \"A\"", "name = \"A\"\ndose = 1")
            .replace("name = \"B\"", "name = \"B\"\ndose = 1");
        assert_error(&dosed, "endpoint[0].test", "doses that differ between arms");
        assert_error(
            &with("levels = [\"CR\"]", "levels = [\"CR\"]\ntest = \"log-rank\""),
            "endpoint[0].test",
            "a binary endpoint is tested with",
        );
        assert_error(
            &with("levels = [\"CR\"]", "levels = [\"CR\"]\ntest = \"ancova\""),
            "endpoint[0].test",
            "a binary endpoint is tested with",
        );
        assert_error(
            &with("test = \"ancova\"", "test = \"fisher\""),
            "endpoint[1].test",
            "`welch-t`, `ancova`, `mmrm`, `pooled-t` or `linear-trend`",
        );
        assert_error(
            &with("levels = [\"CR\"]", "levels = [\"CR\"]\nnull_rate = 0.2"),
            "endpoint[0].null_rate",
            "belongs to single-arm designs",
        );
        assert_error(
            &with("levels = [\"CR\"]", "levels = [\"CR\"]\nalpha = 1.5"),
            "endpoint[0].alpha",
            "significance level",
        );
    }

    #[test]
    fn margins_need_a_test_that_takes_one_and_one_side() {
        assert_error(
            &with("levels = [\"CR\"]", "levels = [\"CR\"]\nmargin = 0.1"),
            "endpoint[0].margin",
            "needs test = \"farrington-manning\"",
        );
        let fm = "levels = [\"CR\"]\ntest = \"farrington-manning\"";
        assert_error(
            &with("levels = [\"CR\"]", &format!("{fm}\nmargin = 0.1")),
            "endpoint[0].margin",
            "one-sided alternative",
        );
        assert_error(
            &with("levels = [\"CR\"]", &format!("{fm}\nalternative = \"greater\"\nmargin = 1.5")),
            "endpoint[0].margin",
            "between -1 and 1",
        );
    }

    #[test]
    fn change_and_score_response_endpoints_read_a_known_score() {
        assert_error(
            &with("score = \"ESSDAI\"\nweek", "score = \"ESSDAY\"\nweek"),
            "endpoint[1].score",
            "unknown score `ESSDAY`; expected one of ESSDAI, platelets",
        );
        assert_error(&with("score = \"ESSDAI\"\nweek", "week"), "endpoint[1]", "needs `score`");
        assert_error(
            &with("test = \"ancova\"", "test = \"ancova\"\nmissing = \"non-responder\""),
            "endpoint[1].missing",
            "complete-case",
        );
        let change = "kind = \"change\"\nscore = \"ESSDAI\"\nweek = 12\ntest = \"ancova\"";
        assert_error(
            &with(change, "kind = \"score-response\"\nscore = \"ESSDAI\"\nweek = 12"),
            "endpoint[1]",
            "needs `rule`",
        );
        let by_rule =
            "kind = \"score-response\"\nscore = \"ESSDAI\"\nweek = 12\nrule = { at_most = 4.0 }\ntest = \"fisher\"";
        let own_sd = with(change, by_rule).replace(
            "change = { ESSDAI = [-2.0, -4.0] }",
            "change = { ESSDAI = [-2.0, -4.0] }\nchange_sd = { ESSDAI = 6.0 }",
        );
        assert_error(&own_sd, "endpoint[1].score", "different change_sd in some arm");
    }

    #[test]
    fn time_to_event_endpoints_follow_a_known_event_to_its_horizon() {
        assert_error(
            &with("event = \"flare\"\n", "event = \"relapse\"\n"),
            "endpoint[2].event",
            "unknown event `relapse`; expected one of flare",
        );
        assert_error(
            &with("event = \"flare\"\n", "event = \"flare\"\nweek = 12\n"),
            "endpoint[2].week",
            "does not apply to a time-to-event endpoint",
        );
        assert_error(
            &with("event = \"flare\"\n", "event = \"flare\"\ntest = \"fisher\"\n"),
            "endpoint[2].test",
            "`log-rank` or `rate-difference`",
        );
        assert_error(
            &with("event = \"flare\"\n", "event = \"flare\"\nsubarms = [\"A1\", \"A2\"]\n"),
            "endpoint[2].subarms",
            "known sub-arms: none",
        );
    }
}
