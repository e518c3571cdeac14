//! Exact operating characteristics of binary endpoints, by enumeration.
//!
//! With fixed arm sizes and MCAR dropout, the responders of an arm at the endpoint's week
//! are Binomial(n, rate * survival) under non-responder imputation; under complete-case
//! analysis the completers are Binomial(n, survival) and the responders among them
//! Binomial(completers, rate). Summing the probability of every outcome the test rejects
//! gives the exact rejection probability: exact power in the scenario's world, exact
//! type-I error in the null world.

use crate::scenario::Missing;
use trialsim_stats::decision::Decision;
use trialsim_stats::special::binomial_pmf;

/// Outcomes with a probability below this are skipped (their total is below 1e-12).
pub(super) const NEGLIGIBLE: f64 = 1e-16;
/// Most test evaluations one exact computation may take; beyond it, `None`.
pub const MAX_EVALUATIONS: u64 = 50_000_000;
/// Single-arm: most additions of null probabilities (each p-value of `n` patients adds up
/// to `n + 1`) one exact computation may take; beyond it, `None`.
pub const MAX_ADDITIONS: u64 = 2_000_000_000;

/// One arm's part in an exact computation.
#[derive(Debug, Clone, Copy)]
pub struct ArmLaw {
    pub n: u32,
    /// Success rate among patients still in the trial at the endpoint's week.
    pub rate: f64,
    /// Probability of still being in the trial at that week.
    pub survival: f64,
}

pub(super) fn pmf(n: u32, p: f64) -> Vec<f64> {
    (0..=n).map(|k| binomial_pmf(k, n, p)).collect()
}

/// The exact probability that `decision` rejects; `None` when the enumeration would
/// take more than [`MAX_EVALUATIONS`] test evaluations (two arms) or [`MAX_ADDITIONS`]
/// (one arm).
pub fn rejection_probability(
    decision: &Decision,
    missing: Missing,
    arm: ArmLaw,
    control: Option<ArmLaw>,
) -> Option<f64> {
    match (missing, control) {
        (Missing::NonResponder, Some(k)) => {
            let (p1, p2) = (pmf(arm.n, arm.rate * arm.survival), pmf(k.n, k.rate * k.survival));
            Some(sum_two(decision, &p1, arm.n, &p2, k.n))
        }
        (Missing::NonResponder, None) => {
            // Counts of probability 0 add nothing: their p-values are not needed.
            let p = pmf(arm.n, arm.rate * arm.survival);
            let possible = p.iter().filter(|q| **q > 0.0).count() as u64;
            if possible * (arm.n as u64 + 1) > MAX_ADDITIONS {
                return None;
            }
            let rejects = |x: usize, q: f64| q > 0.0 && decision.rejects_one(x as u32, arm.n);
            Some(p.iter().enumerate().filter(|(x, q)| rejects(*x, **q)).map(|(_, q)| q).sum())
        }
        (Missing::CompleteCase, Some(k)) => {
            if evaluations(missing, arm, control) > MAX_EVALUATIONS {
                return None;
            }
            let (k1, k2) = (completers(arm), completers(k));
            let mut total = 0.0;
            for &(d1, q1) in &k1 {
                let x1 = pmf(d1, arm.rate);
                for &(d2, q2) in &k2 {
                    // The rejection region at these denominators, tabulated once.
                    let (test, alt) = (decision.test, decision.alternative);
                    let at = Decision::two_sample(test, alt, decision.alpha, decision.margin, d1, d2);
                    total += q1 * q2 * sum_two(&at, &x1, d1, &pmf(d2, k.rate), d2);
                }
            }
            Some(total)
        }
        (Missing::CompleteCase, None) => {
            let kept = completers(arm);
            let work: u64 = kept.iter().map(|(d, _)| (*d as u64 + 1) * (*d as u64 + 1)).sum();
            if work > MAX_ADDITIONS {
                return None;
            }
            let mut total = 0.0;
            for (d, q) in kept {
                let x = pmf(d, arm.rate);
                let p0 = decision.null_rate.expect("single-arm decisions have a null rate");
                let at = Decision::one_sample(decision.alternative, decision.alpha, p0, d);
                let rejects = |k: u32| x[k as usize] > 0.0 && at.rejects_one(k, d);
                total += q * (0..=d).filter(|&k| rejects(k)).map(|k| x[k as usize]).sum::<f64>();
            }
            Some(total)
        }
    }
}

/// The numbers of completers of an arm under complete-case analysis that the enumeration
/// visits, with their probabilities.
pub(super) fn completers(arm: ArmLaw) -> Vec<(u32, f64)> {
    pmf(arm.n, arm.survival)
        .into_iter()
        .enumerate()
        .filter(|(_, q)| *q > NEGLIGIBLE)
        .map(|(d, q)| (d as u32, q))
        .collect()
}

/// The outcomes whose test decision [`rejection_probability`] looks up: pairs of counts
/// (two arms) or counts (one arm), over every number of completers it visits under
/// complete-case analysis. The time it takes grows with this number.
pub fn evaluations(missing: Missing, arm: ArmLaw, control: Option<ArmLaw>) -> u64 {
    let outcomes = |a: ArmLaw| match missing {
        Missing::NonResponder => a.n as u64 + 1,
        Missing::CompleteCase => completers(a).iter().map(|(d, _)| *d as u64 + 1).sum(),
    };
    outcomes(arm) * control.map_or(1, outcomes)
}

/// Sum of P(x1) P(x2) over the pairs that reject, with denominators d1 and d2.
fn sum_two(decision: &Decision, p1: &[f64], d1: u32, p2: &[f64], d2: u32) -> f64 {
    let mut total = 0.0;
    for (x1, q1) in p1.iter().enumerate() {
        if *q1 <= NEGLIGIBLE {
            continue;
        }
        let mut row = 0.0;
        for (x2, q2) in p2.iter().enumerate() {
            if *q2 > NEGLIGIBLE && decision.rejects_two(x1 as u32, d1, x2 as u32, d2) {
                row += q2;
            }
        }
        total += q1 * row;
    }
    total
}
