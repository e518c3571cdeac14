//! Null worlds: the truth under which a comparison's null hypothesis holds, for type-I
//! error, and the global null of a multiplicity family.

use crate::model::Model;
use crate::scenario::{EndpointKind, Missing, Scenario, Source};
use trialsim_stats::Test;

/// The probability that a patient of arm `a` is still in the trial at endpoint e's week,
/// as the endpoint's analysis sees it (1 under complete case).
pub fn analysed_survival(s: &Scenario, model: &Model, e: usize, a: usize) -> f64 {
    match (s.endpoints[e].missing(), s.endpoints[e].visit()) {
        (Missing::NonResponder, Some(visit)) => model.survival[a][visit.index],
        _ => 1.0,
    }
}

/// What a world assumes: rates `[arm][level][visit]`, mean changes `[arm][score][visit]`,
/// event probabilities `[arm][event]` and sub-arm event probabilities
/// `[rerandomisation][sub-arm]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Truth {
    pub rates: Vec<Vec<Vec<f64>>>,
    pub changes: Vec<Vec<Vec<f64>>>,
    pub events: Vec<Vec<f64>>,
    pub subarms: Vec<Vec<f64>>,
    /// `shapes[a][k]`: the Weibull shape of event k in arm a.
    pub shapes: Vec<Vec<f64>>,
    /// `rescue_arms[r][a]`: does arm a give rescue r?
    pub rescue_arms: Vec<Vec<bool>>,
}

impl Truth {
    /// What the scenario assumes.
    pub fn of(s: &Scenario) -> Truth {
        Truth {
            rates: s.arms.iter().map(|a| a.rates.clone()).collect(),
            changes: s.arms.iter().map(|a| a.changes.clone()).collect(),
            events: s.arms.iter().map(|a| a.events.clone()).collect(),
            subarms: s.rerandomisations.iter().map(|r| r.subarms.iter().map(|x| x.probability).collect()).collect(),
            shapes: s.arms.iter().map(|a| a.shapes.clone()).collect(),
            rescue_arms: s.rescues.iter().map(|r| r.arms.clone()).collect(),
        }
    }
}

/// Are `endpoints` all comparisons of sub-arms?
fn only_subarms_of(s: &Scenario, endpoints: &[usize]) -> bool {
    endpoints.iter().all(|&e| matches!(s.endpoints[e].kind, EndpointKind::TimeToEvent { subarms: Some(_), .. }))
}

/// The truth under which the null hypotheses of all `endpoints` hold; `None` when one of
/// them has no such truth the model can build (a single-arm score-response endpoint).
///
/// Parallel: every arm has the control arm's rates and mean changes. For a test with a
/// margin, the proportion the test analyses in each compared arm then sits on the null
/// boundary, the control's plus the null difference. Single-arm: the analysed proportion is
/// `null_rate`. The analysed proportion is the rate among patients still in the trial
/// (complete case) or that rate times the probability of still being in the trial
/// (non-responder imputation), so the rate set at the endpoint's visit is divided by that
/// probability. Other visits keep their rates.
pub fn null_world(s: &Scenario, model: &Model, endpoints: &[usize]) -> Option<Truth> {
    let scenario = Truth::of(s);
    let mut subarms = scenario.subarms.clone();
    // Every arm gives rescue as the control does (a rescue in the control alone would
    // make the arms differ under a composite or treatment-policy strategy).
    let rescue_arms = match s.control {
        Some(c) if !only_subarms_of(s, endpoints) => {
            scenario.rescue_arms.iter().map(|r| vec![r[c]; s.arms.len()]).collect()
        }
        _ => scenario.rescue_arms.clone(),
    };
    // Comparisons of sub-arms alone keep the first period as the scenario has it.
    let only_subarms = only_subarms_of(s, endpoints);
    let (mut rates, changes, mut events, shapes) = match s.control {
        _ if only_subarms => (scenario.rates, scenario.changes, scenario.events, scenario.shapes),
        Some(c) => (
            vec![s.arms[c].rates.clone(); s.arms.len()],
            vec![s.arms[c].changes.clone(); s.arms.len()],
            vec![s.arms[c].events.clone(); s.arms.len()],
            vec![s.arms[c].shapes.clone(); s.arms.len()],
        ),
        None => (
            vec![s.arms[0].rates.clone()],
            vec![s.arms[0].changes.clone()],
            vec![s.arms[0].events.clone()],
            vec![s.arms[0].shapes.clone()],
        ),
    };
    for &e in endpoints {
        let endpoint = &s.endpoints[e];
        let delta = endpoint.alternative.null_difference(endpoint.margin_or_zero());
        // The rate (among patients still in the trial) that makes arm a analyse `share`.
        let rate_for = |a: usize, share: f64| {
            let survival = analysed_survival(s, model, e, a);
            if survival > 0.0 { (share / survival).clamp(0.0, 1.0) } else { 0.0 }
        };
        match (&endpoint.kind, s.control) {
            // A margin puts the compared arms on the boundary; without one the control's
            // rates are the null already.
            (EndpointKind::Response { levels, visit, .. }, Some(c)) if delta != 0.0 => {
                let j = visit.index;
                let control: f64 =
                    levels.iter().map(|&k| s.arms[c].rates[k][j]).sum::<f64>() * analysed_survival(s, model, e, c);
                for arm in s.compared_arms() {
                    set_success_rate(&mut rates[arm], levels, j, rate_for(arm, control + delta));
                }
            }
            (EndpointKind::Response { levels, visit, .. }, None) => {
                let p0 = endpoint.null_rate.expect("validated: single-arm endpoints have a null rate");
                set_success_rate(&mut rates[0], levels, visit.index, rate_for(0, p0));
            }
            (EndpointKind::ScoreResponse { .. } | EndpointKind::Sustained { .. }, None) => return None,
            // Sub-arms: the compared one gets the control's probability (plus the margin).
            (EndpointKind::TimeToEvent { subarms: Some(sc), .. }, _) => {
                let p = subarms[sc.rerandomisation][sc.control];
                subarms[sc.rerandomisation][sc.arm] = (p + delta).clamp(0.0, 0.999_999);
            }
            // A margin on the difference of event probabilities: the arm on the boundary.
            (EndpointKind::TimeToEvent { event, .. }, Some(c)) => {
                for arm in s.compared_arms() {
                    events[arm][*event] = (s.arms[c].events[*event] + delta).clamp(0.0, 0.999_999);
                }
            }
            // Equal rates and changes make score-response (without a margin), sustained
            // response and change endpoints null.
            _ => {}
        }
    }
    Some(Truth { rates, changes, events, subarms, shapes, rescue_arms })
}

/// The truth under which the null hypothesis of response endpoint `e` holds for the true
/// response rates (the rates among patients still in the trial, which dropout at random
/// does not change): every compared arm's rate at the endpoint's visit is the control's
/// plus the null difference (single-arm: `null_rate`); everything else is the control's,
/// as in [`null_world`]. Under non-responder imputation with dropout, the proportion the
/// test analyses (rate times retention) then differs from the null boundary wherever the
/// null difference is not 0 or the arms' retention differs. `None` for other endpoints.
pub fn true_rate_null_world(s: &Scenario, model: &Model, e: usize) -> Option<Truth> {
    let endpoint = &s.endpoints[e];
    let EndpointKind::Response { levels, visit, .. } = &endpoint.kind else { return None };
    let mut truth = null_world(s, model, &[e])?;
    let j = visit.index;
    match s.control {
        Some(c) => {
            let delta = endpoint.alternative.null_difference(endpoint.margin_or_zero());
            let control: f64 = levels.iter().map(|&k| s.arms[c].rates[k][j]).sum();
            for arm in s.compared_arms() {
                truth.rates[arm] = s.arms[c].rates.clone();
                set_success_rate(&mut truth.rates[arm], levels, j, (control + delta).clamp(0.0, 1.0));
            }
        }
        None => {
            let p0 = endpoint.null_rate.expect("validated: single-arm endpoints have a null rate");
            truth.rates[0] = s.arms[0].rates.clone();
            set_success_rate(&mut truth.rates[0], levels, j, p0);
        }
    }
    Some(truth)
}

/// The truth of a partial null: the hypotheses `(endpoint, arm)` listed are true, every
/// other assumption stays as the scenario has it. For each listed hypothesis, the compared
/// arm (or sub-arm) takes what that endpoint reads from the control: a response
/// endpoint's success rate at its visit (the analysed proportion on the null boundary, as
/// in [`null_world`]; single arm: `null_rate`), a change's mean change (of a score) or the
/// rates of every level (of the marker) at its visit, a score-response endpoint's likewise,
/// an event's probability (plus the margin's amount), a sub-arm's probability. Hypotheses
/// that read the same assumptions as a listed one move with it. `None` where a listed
/// hypothesis has no such truth (a single-arm score-response endpoint).
pub fn partial_null_world(s: &Scenario, model: &Model, hypotheses: &[(usize, usize)]) -> Option<Truth> {
    let mut t = Truth::of(s);
    for &(e, arm) in hypotheses {
        let endpoint = &s.endpoints[e];
        // With rescue, who is rescued by the endpoint's week depends on every visit (and
        // event) before it: the arm takes all of them from the control, and its rescues.
        if let (true, Some(c), Some(visit)) = (s.rescue_affects(e), s.control, endpoint.visit()) {
            for j in 0..=visit.index {
                for k in 0..s.levels.len() {
                    t.rates[arm][k][j] = s.arms[c].rates[k][j];
                }
                for score in 0..s.scores.len() {
                    t.changes[arm][score][j] = s.arms[c].changes[score][j];
                }
            }
            t.events[arm] = s.arms[c].events.clone();
            for r in &mut t.rescue_arms {
                r[arm] = r[c];
            }
        }
        let delta = endpoint.alternative.null_difference(endpoint.margin_or_zero());
        let rate_for = |a: usize, share: f64| {
            let survival = analysed_survival(s, model, e, a);
            if survival > 0.0 { (share / survival).clamp(0.0, 1.0) } else { 0.0 }
        };
        let copy_visit = |t: &mut Truth, c: usize, j: usize| {
            for k in 0..s.levels.len() {
                t.rates[arm][k][j] = s.arms[c].rates[k][j];
            }
        };
        match (&endpoint.kind, s.control) {
            (EndpointKind::TimeToEvent { subarms: Some(sc), .. }, _) => {
                let p = s.rerandomisations[sc.rerandomisation].subarms[sc.control].probability;
                t.subarms[sc.rerandomisation][sc.arm] = (p + delta).clamp(0.0, 0.999_999);
            }
            (EndpointKind::Response { levels, visit, .. }, Some(c)) => {
                let j = visit.index;
                let control: f64 = levels.iter().map(|&k| s.arms[c].rates[k][j]).sum();
                let (kept, kept_control) = (analysed_survival(s, model, e, arm), analysed_survival(s, model, e, c));
                // The other levels keep their rates (as far as the sum allows).
                let target = if delta == 0.0 && kept == kept_control {
                    control
                } else {
                    rate_for(arm, control * kept_control + delta)
                };
                set_success_rate(&mut t.rates[arm], levels, j, target);
            }
            (EndpointKind::Response { levels, visit, .. }, None) => {
                let p0 = endpoint.null_rate.expect("validated: single-arm endpoints have a null rate");
                set_success_rate(&mut t.rates[arm], levels, visit.index, rate_for(arm, p0));
            }
            (EndpointKind::ScoreResponse { .. } | EndpointKind::Sustained { .. }, None) => return None,
            // Every visit of the window as the control's (validated: the arms' dropout is
            // the same under non-responder imputation).
            (EndpointKind::Sustained { from, visit, .. }, Some(c)) => {
                for j in from.index..=visit.index {
                    copy_visit(&mut t, c, j);
                }
            }
            (EndpointKind::Change { source, visit, area }, Some(c)) => {
                // An area and an MMRM read every visit up to their own.
                let first = if area.is_some() || endpoint.test == Test::Mmrm { 0 } else { visit.index };
                for j in first..=visit.index {
                    match source {
                        Source::Score(k) => t.changes[arm][*k][j] = s.arms[c].changes[*k][j],
                        Source::Marker => copy_visit(&mut t, c, j),
                    }
                }
            }
            (EndpointKind::ScoreResponse { source, visit, .. }, Some(c)) => match source {
                Source::Score(k) => t.changes[arm][*k][visit.index] = s.arms[c].changes[*k][visit.index],
                Source::Marker => copy_visit(&mut t, c, visit.index),
            },
            (EndpointKind::TimeToEvent { event, .. }, Some(c)) => {
                t.events[arm][*event] = (s.arms[c].events[*event] + delta).clamp(0.0, 0.999_999);
                t.shapes[arm][*event] = s.arms[c].shapes[*event];
            }
            // Every visit up to its own.
            (EndpointKind::LevelTime { visit, .. }, Some(c)) => {
                for j in 0..=visit.index {
                    copy_visit(&mut t, c, j);
                }
            }
            (EndpointKind::Change { .. } | EndpointKind::TimeToEvent { .. } | EndpointKind::LevelTime { .. }, None) => {
                unreachable!("validated: change and time-to-event endpoints compare arms")
            }
        }
    }
    Some(t)
}

/// Make the rates of `levels` at visit `j` sum to `target`: scaled (shared equally if they
/// were all zero), the other levels scaled down only as far as needed to keep the sum <= 1.
/// Rates already summing to `target` stay as they are (scaling by 1 may move them by an ulp).
fn set_success_rate(rates: &mut [Vec<f64>], levels: &[usize], j: usize, target: f64) {
    let inside: f64 = levels.iter().map(|&k| rates[k][j]).sum();
    if inside == target {
        return;
    }
    let outside: f64 = (0..rates.len()).filter(|k| !levels.contains(k)).map(|k| rates[k][j]).sum();
    for (k, r) in rates.iter_mut().enumerate() {
        if levels.contains(&k) {
            r[j] = if inside > 0.0 { r[j] * target / inside } else { target / levels.len() as f64 };
        } else if outside + target > 1.0 {
            r[j] *= (1.0 - target) / outside;
        }
    }
}
