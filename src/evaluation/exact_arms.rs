//! Exact operating characteristics over every arm's counts of one binary endpoint at once:
//! a trend test's power, and the decisions of a multiplicity family of the endpoint's
//! comparisons (each member's adjusted power, rejecting any, all, a true one), by
//! enumerating every arm's responders (and completers, complete case) together.

use super::exact::{ArmLaw, MAX_EVALUATIONS, NEGLIGIBLE, completers, pmf};
use crate::analysis::{JointLevels, Rule, Sizes};
use crate::scenario::Missing;
use trialsim_stats::multiplicity::adjust;
use trialsim_stats::{MultiplicityMethod, cochran_armitage};

/// One arm's outcomes the enumeration visits: responders, denominator, probability.
fn outcomes(law: ArmLaw, missing: Missing) -> Vec<(u32, u32, f64)> {
    match missing {
        Missing::NonResponder => pmf(law.n, law.rate * law.survival)
            .into_iter()
            .enumerate()
            .filter(|(_, q)| *q > NEGLIGIBLE)
            .map(|(x, q)| (x as u32, law.n, q))
            .collect(),
        Missing::CompleteCase => completers(law)
            .into_iter()
            .flat_map(|(d, q)| pmf(d, law.rate).into_iter().enumerate().map(move |(x, r)| (x as u32, d, q * r)))
            .filter(|(_, _, q)| *q > NEGLIGIBLE)
            .collect(),
    }
}

/// The combinations of every arm's outcomes [`each_outcome`] visits: the time it takes
/// grows with this number.
pub fn evaluations_of_every_arm(laws: &[ArmLaw], missing: Missing) -> u64 {
    laws.iter().map(|&l| outcomes(l, missing).len() as u64).fold(1, u64::saturating_mul)
}

/// Call `visit` with every combination of the arms' outcomes (responders and denominator
/// per arm, in the arms' order) and its probability; `None`, without visiting, when there
/// are more than [`MAX_EVALUATIONS`].
pub fn each_outcome(laws: &[ArmLaw], missing: Missing, mut visit: impl FnMut(&[(u32, u32)], f64)) -> Option<()> {
    let arms = every_outcome(laws, missing)?;
    walk(&arms, &mut |counts, _, q| visit(counts, q));
    Some(())
}

/// Every arm's outcomes; `None` when their combinations exceed [`MAX_EVALUATIONS`].
fn every_outcome(laws: &[ArmLaw], missing: Missing) -> Option<Vec<Vec<(u32, u32, f64)>>> {
    if laws.is_empty() || evaluations_of_every_arm(laws, missing) > MAX_EVALUATIONS {
        return None;
    }
    Some(laws.iter().map(|&l| outcomes(l, missing)).collect())
}

/// Visit every combination with its counts, the index of each arm's outcome, and its
/// probability.
fn walk(arms: &[Vec<(u32, u32, f64)>], visit: &mut impl FnMut(&[(u32, u32)], &[usize], f64)) {
    fn step(
        arms: &[Vec<(u32, u32, f64)>],
        a: usize,
        probability: f64,
        (counts, indices): (&mut [(u32, u32)], &mut [usize]),
        visit: &mut impl FnMut(&[(u32, u32)], &[usize], f64),
    ) {
        if a == arms.len() {
            visit(counts, indices, probability);
            return;
        }
        for (i, &(x, d, q)) in arms[a].iter().enumerate() {
            counts[a] = (x, d);
            indices[a] = i;
            step(arms, a + 1, probability * q, (&mut *counts, &mut *indices), visit);
        }
    }
    let (mut counts, mut indices) = (vec![(0, 0); arms.len()], vec![0; arms.len()]);
    step(arms, 0, 1.0, (&mut counts, &mut indices), visit);
}

/// The p-value a member's rule gives for every arm's counts (arm `arm`, control `control`).
pub fn p_value(rule: &Rule, arm: usize, control: Option<usize>, counts: &[(u32, u32)]) -> f64 {
    match rule {
        Rule::Binary(decision) => {
            let (x1, d1) = counts[arm];
            match control {
                Some(c) => decision.p_two(x1, d1, counts[c].0, counts[c].1),
                None => decision.p_one(x1, d1),
            }
        }
        Rule::Trend { alternative, scores, .. } => {
            let (x, n): (Vec<u32>, Vec<u32>) = counts.iter().copied().unzip();
            cochran_armitage::p_value(&x, &n, scores, *alternative).unwrap_or(f64::NAN)
        }
        Rule::Continuous { .. } | Rule::Simon(_) | Rule::TimeToEvent { .. } => {
            unreachable!("only binary rules are enumerated")
        }
    }
}

/// A family of one binary endpoint's comparisons as the enumeration decides it.
pub struct Members<'a> {
    /// Each member's rule and compared arm.
    pub rules: Vec<(&'a Rule, usize)>,
    pub control: Option<usize>,
    pub method: MultiplicityMethod,
    pub alpha: f64,
    pub two_sided: bool,
}

/// Call `visit` with the members' decisions (after adjustment) for every combination of the
/// arms' counts, and its probability; `None` beyond [`MAX_EVALUATIONS`].
pub fn each_decision(
    members: &Members<'_>,
    laws: &[ArmLaw],
    missing: Missing,
    mut visit: impl FnMut(&[bool], f64),
) -> Option<()> {
    let m = members.rules.len();
    let arms = every_outcome(laws, missing)?;
    // A comparison's p-value depends on its arm's and the control's outcomes only: computed
    // once per pair, not once per combination of every arm.
    let pairs: Vec<Option<Vec<f64>>> = members
        .rules
        .iter()
        .map(|&(rule, arm)| match (rule, members.control) {
            (Rule::Binary(decision), Some(c)) => Some(
                arms[arm]
                    .iter()
                    .flat_map(|&(x1, d1, _)| arms[c].iter().map(move |&(x2, d2, _)| decision.p_two(x1, d1, x2, d2)))
                    .collect(),
            ),
            _ => None,
        })
        .collect();
    let (mut p, mut rejected, mut order) = (vec![0.0; m], vec![false; m], vec![0; m]);
    let mut sizes = Vec::with_capacity(m);
    let mut joint = JointLevels::default();
    walk(&arms, &mut |counts, indices, probability| {
        sizes.clear();
        for (k, &(rule, arm)) in members.rules.iter().enumerate() {
            p[k] = match (&pairs[k], members.control) {
                (Some(table), Some(c)) => table[indices[arm] * arms[c].len() + indices[c]],
                _ => p_value(rule, arm, members.control, counts),
            };
            if let Some(c) = members.control {
                sizes.push(Sizes { arm: counts[arm].1, control: counts[c].1, df: f64::INFINITY });
            }
        }
        let mut level = |set: u64| joint.level(members.alpha, &sizes, members.two_sided, set);
        adjust(members.method, members.alpha, &p, &mut rejected, &mut order, &mut level);
        visit(&rejected, probability);
    });
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outcomes_of_every_arm_sum_to_one() {
        let laws = [
            ArmLaw { n: 6, rate: 0.3, survival: 0.9 },
            ArmLaw { n: 5, rate: 0.5, survival: 1.0 },
            ArmLaw { n: 4, rate: 0.2, survival: 0.8 },
        ];
        for missing in [Missing::NonResponder, Missing::CompleteCase] {
            let (mut total, mut visits) = (0.0, 0);
            each_outcome(&laws, missing, |_, q| {
                total += q;
                visits += 1;
            })
            .unwrap();
            assert!((total - 1.0).abs() < 1e-12, "{missing:?}: {total}");
            assert!(visits >= 7 * 6 * 5);
        }
    }
}
