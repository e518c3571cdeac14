//! `[[analysis]]` and `[group_sequential]`: looks at the data in calendar time and the
//! group-sequential rule of the monitored endpoint. What this version runs: one response
//! or change endpoint comparing two arms, looks triggered by a calendar week, patients enrolled,
//! patients who reached the endpoint's week, or an information fraction.

use super::checks::{R, Validator, root};
use crate::scenario::accrual::Accrual;
use crate::scenario::endpoint::{Endpoint, EndpointKind};
use crate::scenario::locate::KeyPath;
use crate::scenario::raw::{RawAnalysis, RawGroupSequential};
use crate::scenario::sequential::{Analysis, GroupSequential, Trigger, design, planned_information};
use trialsim_stats::group_sequential::{Efficacy, Futility};
use trialsim_stats::spending::Spending;

/// What the checks need from the rest of the scenario.
pub struct Context<'a> {
    pub endpoints: &'a [Endpoint],
    pub accrual: Option<&'a Accrual>,
    pub sample_size: u32,
    pub arms: usize,
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
        let week = match &endpoint.kind {
            EndpointKind::Response { visit, .. } | EndpointKind::Change { visit, .. } => Some(visit.week as f64),
            EndpointKind::TimeToEvent { subarms: None, .. } => None,
            EndpointKind::TimeToEvent { .. } => {
                return Err(self.err(
                    &path.key("endpoint"),
                    format!(
                        "`{}` compares the sub-arms of a second randomisation; this version monitors comparisons of \
                         two arms",
                        endpoint.name
                    ),
                ));
            }
            EndpointKind::ScoreResponse { .. } => {
                return Err(self.err(
                    &path.key("endpoint"),
                    format!(
                        "`{}` is a score-response endpoint; this version monitors response, change and time-to-event \
                         endpoints",
                        endpoint.name
                    ),
                ));
            }
        };
        self.check(endpoint.margin.is_none(), &path.key("endpoint"), || {
            format!("`{}` has a margin; this version monitors tests of no difference", endpoint.name)
        })?;
        self.check(c.arms == 2, &path.key("endpoint"), || {
            format!("this version monitors a comparison of two arms; the scenario has {}", c.arms)
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
            let information = match (trigger, week, final_events) {
                (Trigger::Events(k), _, Some(total)) => k as f64 / total,
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
            looks.push(Analysis { trigger, efficacy: a.efficacy, futility: a.futility, information });
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
                self.check(!matches!(futility, Futility::BetaSpending { .. }), &path.key("information"), || {
                    "beta spending at observed information is not available yet; use z futility bounds or none".into()
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
        let rule = GroupSequential { endpoint: e, efficacy, futility, binding: g.binding, observed };
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
            self.check(tte, &at.key("events"), || {
                "events count the monitored time-to-event endpoint's event; this endpoint is not a time to event".into()
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
            Some(other) => Err(self
                .err(&path.key("futility"), format!("unknown futility rule `{other}`; expected beta-spending or z"))),
        }
    }
}
