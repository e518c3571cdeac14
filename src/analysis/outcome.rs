//! Applying a comparison's rule to one simulated trial.

use super::comparison::Comparison;
use super::mmrm::FitOutcome;
use super::rule::Rule;
use super::scratch::Scratch;
use crate::endpoint::{Proportion, binary, change, level_time, response, time_to_event};
use crate::model::TrialBuffer;
use crate::scenario::{Endpoint, EndpointKind};
use trialsim_stats::rate_difference::{self, EventProbability};
use trialsim_stats::student_t::TTest;
use trialsim_stats::{
    Alternative, CONFIDENCE, Interval, Test, Z_CONFIDENCE, ancova, cochran_armitage, log_rank, pooled_t, welch,
};

/// An estimated difference (arm minus control) and its intervals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Difference {
    pub estimate: f64,
    /// The endpoint's interval: the test's own at [`CONFIDENCE`] (Welch t, ANCOVA), the
    /// inversion of the rate-difference test at the test's level
    /// ([`rate_difference::score_interval`]), or for log-rank the Wald interval of the
    /// Kaplan-Meier difference at [`CONFIDENCE`].
    pub interval: Interval,
    /// Beside the rate-difference test's inversion: the Wald interval at [`CONFIDENCE`].
    pub wald: Option<Interval>,
}

impl Difference {
    /// Its intervals in the order of the comparison's
    /// [`difference_intervals`](super::Comparison::difference_intervals).
    pub fn intervals(&self) -> impl Iterator<Item = Interval> {
        std::iter::once(self.interval).chain(self.wald)
    }
}

/// What one comparison found in one trial.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    /// The p-value; NaN when the test is undefined (it does not reject); 0 (active) or 1
    /// for a two-stage rule.
    pub p: f64,
    /// A two-stage rule stopped after its first stage.
    pub early_stop: bool,
    /// Binary comparisons: the arm's responders, and the control's.
    pub counts: Option<(Proportion, Option<Proportion>)>,
    /// Change and time-to-event comparisons: the estimated difference, when defined.
    pub difference: Option<Difference>,
    /// Time-to-event comparisons: the Kaplan-Meier probabilities of the event by the
    /// horizon of the compared group and of its control.
    pub event_probabilities: Option<(f64, f64)>,
    /// Comparisons of an arm with the control whose statistics Dunnett's procedures adjust
    /// (binary and change endpoints): the patients analysed in the arm and in the control,
    /// and the degrees of freedom of the statistic (infinite for a z).
    pub sizes: Option<Sizes>,
    /// MMRM comparisons: how the trial's model was fitted.
    pub fit: Option<FitOutcome>,
}

/// The patients a comparison analysed and its statistic's degrees of freedom.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sizes {
    pub arm: u32,
    pub control: u32,
    pub df: f64,
}

impl Outcome {
    fn p(p: f64) -> Outcome {
        Outcome {
            p,
            early_stop: false,
            counts: None,
            difference: None,
            event_probabilities: None,
            sizes: None,
            fit: None,
        }
    }

    /// The outcome of a t test of a difference (its interval the test's own), `None` where
    /// the test is undefined.
    fn t(t: Option<TTest>) -> Outcome {
        Outcome {
            difference: t.map(|t| Difference {
                estimate: t.difference,
                interval: Interval::new(t.lo, t.hi),
                wald: None,
            }),
            ..Outcome::p(t.map_or(f64::NAN, |t| t.p))
        }
    }
}

/// Apply `c` (a comparison of `endpoint`) to `trial`.
pub fn analyse(c: &Comparison, endpoint: &Endpoint, trial: &TrialBuffer, scratch: &mut Scratch) -> Outcome {
    match (&c.rule, &endpoint.kind) {
        (Rule::Simon(rule), EndpointKind::Response { levels, visit, .. }) => {
            let start = trial.arm_start[c.arm];
            let middle = start + rule.n1 as usize;
            let first = response::responders_among(levels, *visit, trial, start, middle);
            let rest = response::responders_among(levels, *visit, trial, middle, trial.arm_start[c.arm + 1]);
            let early = first <= rule.r1;
            let active = !early && first + rest > rule.r;
            // The arm's responders among all its patients, for the rate's intervals.
            let counts = Some((binary::read(endpoint, trial, c.arm), None));
            Outcome { early_stop: early, counts, ..Outcome::p(if active { 0.0 } else { 1.0 }) }
        }
        (Rule::Binary(decision), _) => {
            let x = binary::read(endpoint, trial, c.arm);
            let y = c.control.map(|k| binary::read(endpoint, trial, k));
            let p = match y {
                Some(y) => decision.p_two(x.responders, x.denominator, y.responders, y.denominator),
                None => decision.p_one(x.responders, x.denominator),
            };
            let sizes = y.map(|y| Sizes { arm: x.denominator, control: y.denominator, df: f64::INFINITY });
            Outcome { counts: Some((x, y)), sizes, ..Outcome::p(p) }
        }
        (Rule::Trend { alternative, scores, .. }, EndpointKind::Change { source, visit, area }) => {
            scratch.groups.clear();
            scratch.groups.extend(
                (0..scores.len()).map(|a| change::read(endpoint.strategy, *source, *visit, area.as_deref(), trial, a)),
            );
            Outcome::t(pooled_t::linear_trend(&scratch.groups, scores, *alternative, CONFIDENCE))
        }
        (Rule::Trend { alternative, scores, .. }, _) => {
            let (x, n) = (&mut scratch.responders, &mut scratch.denominators);
            x.clear();
            n.clear();
            for a in 0..scores.len() {
                let counts = binary::read(endpoint, trial, a);
                x.push(counts.responders);
                n.push(counts.denominator);
            }
            Outcome::p(cochran_armitage::p_value(x, n, scores, *alternative).unwrap_or(f64::NAN))
        }
        (Rule::Continuous { test, alternative, .. }, EndpointKind::Change { source, visit, area }) => {
            let control = c.control.expect("validated: change endpoints compare arms");
            if *test == Test::PooledT {
                let arms = trial.arm_start.len() - 1;
                scratch.groups.clear();
                scratch.groups.extend(
                    (0..arms).map(|a| change::read(endpoint.strategy, *source, *visit, area.as_deref(), trial, a)),
                );
                let (x, y) = (&scratch.groups[c.arm], &scratch.groups[control]);
                let pooled = pooled_t::pooled_variance(&scratch.groups);
                let t = pooled.and_then(|v| pooled_t::test(x, y, v, *alternative, CONFIDENCE));
                let df = pooled.map_or(f64::NAN, |v| v.1);
                return Outcome { sizes: Some(Sizes { arm: x.n, control: y.n, df }), ..Outcome::t(t) };
            }
            if *test == Test::Mmrm {
                let (model, fitted) = scratch.mmrm.fit(c.endpoint, endpoint, trial);
                let df = endpoint.mmrm.expect("validated: an MMRM endpoint has its options").df;
                let t =
                    fitted.ok().and_then(|_| model.contrast(c.arm, control, visit.index, df, *alternative, CONFIDENCE));
                let fit = match (fitted, t) {
                    (Ok(f), Some(_)) => FitOutcome::Used(f.covariance),
                    _ => FitOutcome::Failed,
                };
                return Outcome { fit: Some(fit), ..Outcome::t(t) };
            }
            let x = change::read(endpoint.strategy, *source, *visit, area.as_deref(), trial, c.arm);
            let y = change::read(endpoint.strategy, *source, *visit, area.as_deref(), trial, control);
            Outcome::t(match test {
                Test::Ancova => ancova::test(&x, &y, *alternative, CONFIDENCE),
                _ => welch::test(&x, &y, *alternative, CONFIDENCE),
            })
        }
        (Rule::Continuous { test, alternative, .. }, EndpointKind::LevelTime { levels, weeks, .. }) => {
            let control = c.control.expect("validated: times in the levels compare arms");
            let (x, y) = (
                level_time::weeks_in(levels, weeks, trial, c.arm),
                level_time::weeks_in(levels, weeks, trial, control),
            );
            Outcome::t(match test {
                Test::Ancova => ancova::test(&x, &y, *alternative, CONFIDENCE),
                _ => welch::test(&x, &y, *alternative, CONFIDENCE),
            })
        }
        (
            Rule::TimeToEvent { test, alternative, alpha, margin },
            EndpointKind::TimeToEvent { event, horizon, subarms },
        ) => {
            let control = c.control.expect("validated: time-to-event endpoints compare arms");
            match subarms {
                Some(sc) => {
                    time_to_event::collect_subarm(trial, sc.rerandomisation, sc.arm, &mut scratch.arm);
                    time_to_event::collect_subarm(trial, sc.rerandomisation, sc.control, &mut scratch.control);
                }
                None => {
                    scratch.arm.clear();
                    scratch.arm.extend_from_slice(scratch.sorted.get(trial, *event, c.arm));
                    scratch.control.clear();
                    scratch.control.extend_from_slice(scratch.sorted.get(trial, *event, control));
                }
            }
            compare_times(scratch, (*test, *alternative, *alpha, *margin), *horizon as f64)
        }
        (
            Rule::TimeToEvent { test, alternative, alpha, margin },
            EndpointKind::LevelTime { measure, levels, weeks, .. },
        ) => {
            let control = c.control.expect("validated: time-to-event endpoints compare arms");
            level_time::collect(*measure, levels, weeks, trial, c.arm, &mut scratch.arm);
            level_time::collect(*measure, levels, weeks, trial, control, &mut scratch.control);
            compare_times(scratch, (*test, *alternative, *alpha, *margin), level_time::horizon(*measure, weeks))
        }
        (rule, _) => unreachable!("the rule {rule:?} does not belong to endpoint `{}`", endpoint.name),
    }
}

/// The log-rank or rate-difference comparison of the sorted (time, event) pairs in
/// `scratch.arm` and `scratch.control`, with the Kaplan-Meier probabilities at `horizon`.
fn compare_times(
    scratch: &mut Scratch,
    (test, alternative, alpha, margin): (Test, Alternative, f64, f64),
    horizon: f64,
) -> Outcome {
    let group = |sorted: &[(f64, bool)]| {
        let (estimate, variance) = time_to_event::event_probability(sorted, horizon);
        EventProbability { estimate, variance, patients: sorted.len() as f64 }
    };
    let (arm, control) = (group(&scratch.arm), group(&scratch.control));
    let wald = rate_difference::wald_interval(&arm, &control, Z_CONFIDENCE);
    let wald = Interval::new(wald.0, wald.1);
    let estimate = arm.estimate - control.estimate;
    let (p, difference) = if test == Test::LogRank {
        log_rank::merge(&scratch.arm, &scratch.control, &mut scratch.subjects);
        let p = log_rank::p_value_sorted(&scratch.subjects, alternative);
        (p, Difference { estimate, interval: wald, wald: None })
    } else {
        // A score statistic with the variance under the null boundary, on the
        // Greenwood effective sample sizes F (1 - F) / var (the Wald statistic with
        // Greenwood's variance is anticonservative at small probabilities), and
        // the interval that inverts it.
        let delta = alternative.null_difference(margin);
        let p = rate_difference::p_value(&arm, &control, delta, alternative);
        let (lo, hi) = rate_difference::score_interval(&arm, &control, alternative, alpha);
        (p, Difference { estimate, interval: Interval::new(lo, hi), wald: Some(wald) })
    };
    Outcome {
        difference: Some(difference),
        event_probabilities: Some((arm.estimate, control.estimate)),
        ..Outcome::p(p.unwrap_or(f64::NAN))
    }
}
