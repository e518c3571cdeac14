//! `[[analysis]]` and `[group_sequential]`: looks at the data in calendar time and the
//! group-sequential rule of the monitored endpoint. What this version runs: one response,
//! score-response, change or time-to-event endpoint comparing two arms (or two sub-arms of
//! a second randomisation), or a single arm's response rate; looks triggered by a calendar week,
//! patients enrolled, patients who reached the endpoint's week, an information fraction,
//! or events (of the time to event, or of a named `[[event]]`); futility by beta spending,
//! z or p bounds, or conditional power.

use super::checks::{R, Validator, root};
use crate::scenario::accrual::Accrual;
use crate::scenario::arm::Arm;
use crate::scenario::endpoint::{Endpoint, EndpointKind};
use crate::scenario::event::Event;
use crate::scenario::expected_events::ExpectedEvents;
use crate::scenario::locate::KeyPath;
use crate::scenario::raw::{RawAnalysis, RawGroupSequential};
use crate::scenario::rescue::Strategy;
use crate::scenario::sequential::{Analysis, GroupSequential, Trigger, design, planned_information};
use trialsim_stats::Test;
use trialsim_stats::group_sequential::{Assumed, Efficacy, Futility};
use trialsim_stats::special::normal_quantile;
use trialsim_stats::spending::Spending;

/// What the checks need from the rest of the scenario.
pub struct Context<'a> {
    pub endpoints: &'a [Endpoint],
    pub accrual: Option<&'a Accrual>,
    pub sample_size: u32,
    pub arms: &'a [Arm],
    pub control: Option<usize>,
    pub design: crate::scenario::design::Design,
    pub events: &'a [Event],
    pub last_week: f64,
}

impl Validator<'_> {
    /// The looks and the rule, if the scenario has them (both or neither).
    pub fn sequential(
        &self,
        raw: &[RawAnalysis],
        rule: &Option<RawGroupSequential>,
        c: &Context<'_>,
    ) -> R<Option<(Vec<Analysis>, GroupSequential)>> {
        let Some(g) = rule else {
            self.check(raw.is_empty(), &root().key("analysis"), || {
                "looks need a rule: add a [group_sequential] section naming the monitored endpoint".into()
            })?;
            return Ok(None);
        };
        let path = root().key("group_sequential");
        self.check(raw.len() >= 2, &root().key("analysis"), || {
            "a group-sequential design needs at least two [[analysis]] entries: the interims, then the final analysis"
                .into()
        })?;
        let Some(accrual) = c.accrual else {
            return Err(self.err(
                &path,
                "looks cut the data in calendar time: add an [accrual] section saying when patients enter",
            ));
        };
        let names: Vec<&str> = c.endpoints.iter().map(|e| e.name.as_str()).collect();
        let e = self.lookup(&g.endpoint, &names, &path.key("endpoint"), "endpoint", "an [[endpoint]]")?;
        let endpoint = &c.endpoints[e];
        self.check(endpoint.strategy == Strategy::TreatmentPolicy, &path.key("endpoint"), || {
            format!(
                "`{}` counts visits after rescue by a {} strategy; this version monitors the values as observed \
                 (treatment policy)",
                endpoint.name,
                endpoint.strategy.as_str()
            )
        })?;
        self.check(endpoint.test != Test::Mmrm, &path.key("endpoint"), || {
            format!(
                "`{}` is analysed by an MMRM over every visit; this version monitors a change at one visit by its \
                 t statistic: give the monitored endpoint `test = \"ancova\"` or `\"welch-t\"`",
                endpoint.name
            )
        })?;
        let week = match &endpoint.kind {
            EndpointKind::LevelTime { measure, .. } => {
                return Err(self.err(
                    &path.key("endpoint"),
                    format!(
                        "`{}` is a {} read off the levels at every visit; this version monitors a response, a change \
                         or a time to an [[event]]",
                        endpoint.name,
                        measure.as_str()
                    ),
                ));
            }
            EndpointKind::Change { area: Some(_), .. } => {
                return Err(self.err(
                    &path.key("endpoint"),
                    format!(
                        "`{}` is an area under the curve, read over every visit; this version monitors a change at one \
                         visit",
                        endpoint.name
                    ),
                ));
            }
            EndpointKind::Response { visit, .. } | EndpointKind::Change { visit, .. } => Some(visit.week as f64),
            EndpointKind::TimeToEvent { .. } => None,
            EndpointKind::ScoreResponse { visit, .. } => Some(visit.week as f64),
            EndpointKind::Sustained { visit, .. } => Some(visit.week as f64),
        };
        self.check(endpoint.margin.is_none() || week.is_some(), &path.key("endpoint"), || {
            format!(
                "`{}` has a margin; this version monitors a time to event by its log-rank z, a test of no difference",
                endpoint.name
            )
        })?;
        let single = c.design == crate::scenario::design::Design::SingleArm;
        let subarms = matches!(endpoint.kind, EndpointKind::TimeToEvent { subarms: Some(_), .. });
        self.check(c.arms.len() >= 2 || single || subarms, &path.key("endpoint"), || {
            format!(
                "this version monitors comparisons with a control or a single arm's response rate; the scenario has \
                 {} arm{}",
                c.arms.len(),
                if c.design == crate::scenario::design::Design::SimonTwoStage {
                    " in a Simon two-stage design, whose stages are its own looks: remove [[analysis]] and \
                     [group_sequential]"
                } else {
                    ""
                }
            )
        })?;
        // Several arms: each compared with the control, the alpha split between them.
        let many = c.arms.len() > 2 && !subarms;
        if many {
            self.check(c.control.is_some(), &path.key("endpoint"), || {
                "several arms are monitored each against the control: name it in `trial.control`".into()
            })?;
            self.check(!endpoint.test.is_trend(), &path.key("endpoint"), || {
                format!(
                    "`{}` is tested for a trend over the arms; a group-sequential design monitors each arm against \
                     the control: give the endpoint a pairwise test",
                    endpoint.name
                )
            })?;
        }
        let comparisons = if many { c.arms.len() - 1 } else { 1 };
        self.check(!single || endpoint.is_binary(), &path.key("endpoint"), || {
            format!(
                "`{}` is not a response endpoint; a single arm is monitored on a response rate against its null rate",
                endpoint.name
            )
        })?;
        // A time to event is looked at by its events: the final analysis's are the plan.
        let final_events = match (week, raw.last().and_then(|a| a.events)) {
            (Some(_), _) => None,
            (None, Some(e)) if e >= 1 => Some(e as f64),
            (None, _) => {
                return Err(self.err(
                    &root().key("analysis").index(raw.len() - 1),
                    "a time to event is analysed when its events have occurred: give the final analysis `events = E`",
                ));
            }
        };
        let mut looks = Vec::new();
        for (i, a) in raw.iter().enumerate() {
            let at = root().key("analysis").index(i);
            let trigger = self.trigger(a, &at, c.sample_size, week.is_none())?;
            let event = self.look_event(a, &at, endpoint, c)?;
            let information = match (trigger, week, final_events) {
                (Trigger::Events(k), _, Some(total)) => k as f64 / total,
                (Trigger::Events(k), Some(week), _) => {
                    let e = event.expect("validated: an event look names its event");
                    let plan = ExpectedEvents {
                        accrual,
                        arms: c.arms,
                        event: &c.events[e],
                        k: e,
                        last_week: c.last_week,
                        sample_size: c.sample_size,
                    };
                    let t = plan.week_of(k as f64).ok_or_else(|| {
                        self.err(
                            &at.key("events"),
                            format!(
                                "on the planned accrual and the scenario's rates only {:.1} `{}` events are expected in \
                                 all; this look would come after all follow-up: lower `events`",
                                plan.at(f64::MAX / 4.0),
                                c.events[e].name
                            ),
                        )
                    })?;
                    planned_information(Trigger::Week(t), accrual, week, c.sample_size)
                }
                (Trigger::Information(x), None, _) => x,
                (_, Some(week), _) => planned_information(trigger, accrual, week, c.sample_size),
                (_, None, _) => {
                    return Err(self.err(
                        &at,
                        "a time to event is looked at by events or information (a share of the final analysis's \
                         events)",
                    ));
                }
            };
            self.check(information > 0.0, &at, || {
                format!(
                    "on the planned accrual no patient has reached week {} by this look; move it later",
                    week.unwrap_or(0.0)
                )
            })?;
            if let Some(previous) = looks.last().map(|l: &Analysis| l.information) {
                self.check(information > previous, &at, || {
                    format!(
                        "looks must come in order of information: this one has {information:.4} of the final \
                         analysis's, the previous {previous:.4}"
                    )
                })?;
            }
            looks.push(Analysis { trigger, efficacy: a.efficacy, futility: a.futility, information, event });
        }
        let last = looks.len() - 1;
        let final_path = root().key("analysis").index(last);
        self.check(looks[last].information >= 1.0, &final_path, || {
            format!(
                "the last [[analysis]] is the final one and must include every patient (e.g. reached = {}); this \
                 one has {:.4} of them",
                c.sample_size, looks[last].information
            )
        })?;
        self.check(looks[last].efficacy, &final_path.key("efficacy"), || {
            "the final analysis always tests for efficacy".into()
        })?;
        looks[last].information = 1.0;
        let efficacy = self.efficacy(g, &path)?;
        let futility = self.futility(g, &path, looks.len())?;
        let observed = match g.information.as_deref() {
            None | Some("planned") => false,
            Some("observed") => {
                self.check(matches!(efficacy, Efficacy::Spending(_)), &path.key("information"), || {
                    "re-spending at observed information needs an alpha-spending function (`spending`), not a \
                     classical design"
                        .into()
                })?;
                true
            }
            Some(other) => {
                return Err(self.err(
                    &path.key("information"),
                    format!("unknown information `{other}`; expected planned or observed"),
                ));
            }
        };
        let futility_p = g.futility.as_deref() == Some("p");
        let rule =
            GroupSequential { endpoint: e, efficacy, futility, binding: g.binding, observed, futility_p, comparisons };
        let design = design(&rule, &looks, endpoint);
        if let Some(problem) = design.problem() {
            return Err(self.err(&path, format!("{problem}; fix the [group_sequential] section")));
        }
        Ok(Some((looks, rule)))
    }

    fn trigger(&self, a: &RawAnalysis, at: &KeyPath, n: u32, tte: bool) -> R<Trigger> {
        let given =
            [a.week.is_some(), a.enrolled.is_some(), a.reached.is_some(), a.information.is_some(), a.events.is_some()];
        self.check(given.iter().filter(|&&g| g).count() == 1, at, || {
            "expected exactly one trigger: week (calendar week), enrolled, reached (patients at the endpoint's \
             week), information (a share of the final analysis) or events (of a monitored time to event)"
                .into()
        })?;
        if let Some(k) = a.events {
            self.check(tte || a.event.is_some(), &at.key("events"), || {
                "events count the monitored time-to-event endpoint's event; this endpoint is not a time to event, so \
                 name the [[event]] to count with `event`"
                    .into()
            })?;
            self.check(k >= 1 && k <= n as i64, &at.key("events"), || {
                format!("expected between 1 and the sample size {n} events (one per patient at most), found {k}")
            })?;
            return Ok(Trigger::Events(k as u32));
        }
        let count = |x: i64, key: &str| -> R<u32> {
            self.check(x >= 1 && x <= n as i64, &at.key(key), || {
                format!("expected between 1 and the sample size {n} patients, found {x}")
            })?;
            Ok(x as u32)
        };
        Ok(if let Some(w) = a.week {
            self.positive(w, &at.key("week"), "calendar week")?;
            Trigger::Week(w)
        } else if let Some(k) = a.enrolled {
            Trigger::Enrolled(count(k, "enrolled")?)
        } else if let Some(k) = a.reached {
            Trigger::Reached(count(k, "reached")?)
        } else {
            let x = a.information.expect("one trigger");
            self.check(x > 0.0 && x <= 1.0, &at.key("information"), || {
                format!("expected an information fraction in (0, 1], found {x}")
            })?;
            Trigger::Information(x)
        })
    }

    /// The event an `events` look counts on an endpoint that is not a time to event.
    fn look_event(&self, a: &RawAnalysis, at: &KeyPath, endpoint: &Endpoint, c: &Context<'_>) -> R<Option<usize>> {
        let Some(name) = &a.event else { return Ok(None) };
        self.check(a.events.is_some(), &at.key("event"), || {
            "`event` names the [[event]] an `events` trigger counts; add `events = k` or remove it".into()
        })?;
        let names: Vec<&str> = c.events.iter().map(|e| e.name.as_str()).collect();
        let e = self.lookup(name, &names, &at.key("event"), "event", "an [[event]]")?;
        if let EndpointKind::TimeToEvent { event, .. } = endpoint.kind {
            self.check(e == event, &at.key("event"), || {
                format!(
                    "`{}` is a time to event of `{}`; its looks count its own events (remove `event`)",
                    endpoint.name, c.events[event].name
                )
            })?;
            return Ok(None);
        }
        Ok(Some(e))
    }

    fn efficacy(&self, g: &RawGroupSequential, path: &KeyPath) -> R<Efficacy> {
        match (&g.spending, &g.design) {
            (Some(name), None) => {
                // User values are the cumulative alpha (of both sides together when two-sided).
                let user = g.cumulative_alpha.clone();
                Ok(Efficacy::Spending(self.spending(name, g.rho, g.gamma, user, &path.key("spending"), "alpha")?))
            }
            (None, Some(name)) => match name.as_str() {
                "obrien-fleming" => Ok(Efficacy::O_BRIEN_FLEMING),
                "pocock" => Ok(Efficacy::POCOCK),
                other => Err(self.err(
                    &path.key("design"),
                    format!("unknown classical design `{other}`; expected obrien-fleming or pocock"),
                )),
            },
            _ => Err(self.err(
                path,
                "expected either `spending` (an alpha-spending function: obrien-fleming, pocock, kim-demets, \
                 hwang-shih-decani or user) or `design` (a classical design: obrien-fleming or pocock)",
            )),
        }
    }

    fn spending(
        &self,
        name: &str,
        rho: Option<f64>,
        gamma: Option<f64>,
        user: Option<Vec<f64>>,
        at: &KeyPath,
        error: &str,
    ) -> R<Spending> {
        let needs = |x: Option<f64>, key: &str| {
            x.ok_or_else(|| self.err(at, format!("the {name} {error} spending function needs `{key}`")))
        };
        Ok(match name {
            "obrien-fleming" => Spending::OBrienFleming,
            "pocock" => Spending::Pocock,
            "kim-demets" => Spending::Power(needs(rho, if error == "alpha" { "rho" } else { "beta_rho" })?),
            "hwang-shih-decani" => {
                Spending::HwangShihDeCani(needs(gamma, if error == "alpha" { "gamma" } else { "beta_gamma" })?)
            }
            "user" if error == "alpha" => Spending::User(user.ok_or_else(|| {
                self.err(at, "user spending needs `cumulative_alpha`, the cumulative alpha at each look")
            })?),
            other => {
                return Err(self.err(
                    at,
                    format!(
                        "unknown {error} spending function `{other}`; expected obrien-fleming, pocock, kim-demets, \
                         hwang-shih-decani{}",
                        if error == "alpha" { " or user" } else { "" }
                    ),
                ));
            }
        })
    }

    fn futility(&self, g: &RawGroupSequential, path: &KeyPath, looks: usize) -> R<Futility> {
        // A key of another rule than the one chosen is a mistake, not something to ignore.
        let rule = g.futility.as_deref().unwrap_or("none");
        let owners: [(&str, bool, &[&str]); 7] = [
            ("futility_z", g.futility_z.is_some(), &["z"]),
            ("futility_p", g.futility_p.is_some(), &["p"]),
            ("conditional_power", g.conditional_power.is_some(), &["conditional-power"]),
            ("assume", g.assume.is_some(), &["conditional-power"]),
            ("beta_spending", g.beta_spending.is_some(), &["beta-spending"]),
            ("beta_rho", g.beta_rho.is_some(), &["beta-spending"]),
            ("beta_gamma", g.beta_gamma.is_some(), &["beta-spending"]),
        ];
        for (key, given, rules) in owners {
            self.check(!given || rules.contains(&rule), &path.key(key), || {
                format!("`{key}` belongs to futility = \"{}\"; this rule's futility is `{rule}`", rules[0])
            })?;
        }
        self.check(g.beta.is_none() || matches!(rule, "beta-spending" | "conditional-power"), &path.key("beta"), || {
            format!(
                "`beta` belongs to futility = \"beta-spending\" or \"conditional-power\" (assume = \"design\"); this \
                 rule's futility is `{rule}`"
            )
        })?;
        match g.futility.as_deref() {
            None => Ok(Futility::None),
            Some("beta-spending") => {
                let beta = g.beta.ok_or_else(|| self.err(&path.key("futility"), "beta spending needs `beta`"))?;
                let name = g.beta_spending.as_deref().unwrap_or("obrien-fleming");
                let spending =
                    self.spending(name, g.beta_rho, g.beta_gamma, None, &path.key("beta_spending"), "beta")?;
                Ok(Futility::BetaSpending { spending, beta })
            }
            Some("z") => {
                let z = g.futility_z.clone().ok_or_else(|| {
                    self.err(&path.key("futility"), "z futility bounds need `futility_z`, one per look but the last")
                })?;
                self.check(z.len() + 1 == looks, &path.key("futility_z"), || {
                    format!("expected one bound per look but the last ({}), found {}", looks - 1, z.len())
                })?;
                Ok(Futility::Z(z))
            }
            Some("p") => {
                let p = g.futility_p.clone().ok_or_else(|| {
                    self.err(
                        &path.key("futility"),
                        "p futility bounds need `futility_p`, one one-sided p-value per look but the last",
                    )
                })?;
                self.check(p.len() + 1 == looks, &path.key("futility_p"), || {
                    format!("expected one p-value per look but the last ({}), found {}", looks - 1, p.len())
                })?;
                for (i, &x) in p.iter().enumerate() {
                    self.check(x > 0.0 && x <= 1.0, &path.key("futility_p").index(i), || {
                        format!("expected a one-sided p-value in (0, 1] (1: no futility stop at that look), found {x}")
                    })?;
                }
                // Stopping at a one-sided p at or above p_k is stopping at z <= Phi^-1(1 - p_k).
                Ok(Futility::Z(p.iter().map(|&x| -normal_quantile(x)).collect()))
            }
            Some("conditional-power") => {
                let threshold = g.conditional_power.ok_or_else(|| {
                    self.err(
                        &path.key("futility"),
                        "conditional-power futility needs `conditional_power`, the threshold below which the trial \
                         stops (e.g. 0.2)",
                    )
                })?;
                self.check(threshold > 0.0 && threshold < 1.0, &path.key("conditional_power"), || {
                    format!("expected a conditional power in (0, 1), found {threshold}")
                })?;
                let assumed = match g.assume.as_deref() {
                    None | Some("trend") => Assumed::Trend,
                    Some("design") => Assumed::Design {
                        beta: g.beta.ok_or_else(|| {
                            self.err(
                                &path.key("assume"),
                                "conditional power under the design's effect needs `beta`: the effect is the one \
                                 at which the efficacy bounds give power 1 - beta",
                            )
                        })?,
                    },
                    Some(other) => {
                        return Err(self.err(
                            &path.key("assume"),
                            format!("unknown assumption `{other}`; expected trend (the current estimate) or design"),
                        ));
                    }
                };
                Ok(Futility::ConditionalPower { threshold, assumed })
            }
            Some(other) => Err(self.err(
                &path.key("futility"),
                format!("unknown futility rule `{other}`; expected beta-spending, z, p or conditional-power"),
            )),
        }
    }
}
