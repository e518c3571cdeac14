//! Multiplicity adjustment of a family of hypotheses: which are rejected at level alpha.

use serde::{Deserialize, Serialize};

/// How a family of hypotheses is adjusted for multiplicity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum MultiplicityMethod {
    None,
    Bonferroni,
    Holm,
    Hochberg,
    FixedSequence,
    /// Dunnett's single-step many-to-one procedure: every comparison against the critical
    /// value of the maximum of all the family's statistics (their joint law).
    Dunnett,
    /// Dunnett's step-down procedure: in order of increasing p-value, each against the
    /// critical value of the maximum over the comparisons not yet rejected.
    DunnettStepDown,
}

impl MultiplicityMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            MultiplicityMethod::None => "none",
            MultiplicityMethod::Bonferroni => "bonferroni",
            MultiplicityMethod::Holm => "holm",
            MultiplicityMethod::Hochberg => "hochberg",
            MultiplicityMethod::FixedSequence => "fixed-sequence",
            MultiplicityMethod::Dunnett => "dunnett",
            MultiplicityMethod::DunnettStepDown => "dunnett-step-down",
        }
    }

    /// Does it decide from the joint law of many-to-one statistics (Dunnett's procedures)?
    pub fn is_many_to_one(self) -> bool {
        matches!(self, MultiplicityMethod::Dunnett | MultiplicityMethod::DunnettStepDown)
    }
}

/// Decide a family from its p-values (in the family's order; NaN counts as 1). `order` is
/// scratch space of the family's size. Dunnett's procedures ask `level(members)` for the
/// level a p-value must reach when the members in the bit set `members` remain (the tail
/// beyond the joint law's critical value, [`crate::dunnett::ManyToOne::nominal_level`]),
/// and only for p-values between the Bonferroni level `alpha / m` (which always rejects:
/// the level is at least Sidak's for positively correlated statistics) and `alpha` (above
/// which nothing rejects); the other methods never ask.
///
/// # Examples
///
/// ```
/// use trialsim_stats::multiplicity::adjust;
/// use trialsim_stats::multiplicity::MultiplicityMethod;
/// let p = [0.01, 0.04, 0.03];
/// let (mut out, mut order) = ([false; 3], [0usize; 3]);
/// let none = &mut |_: u64| unreachable!("only Dunnett's procedures ask");
/// adjust(MultiplicityMethod::Holm, 0.05, &p, &mut out, &mut order, none);
/// assert_eq!(out, [true, false, false]); // 0.01 <= 0.05/3, then 0.03 > 0.05/2
/// adjust(MultiplicityMethod::Hochberg, 0.05, &p, &mut out, &mut order, none);
/// assert_eq!(out, [true, true, true]); // the largest, 0.04, is <= 0.05
/// adjust(MultiplicityMethod::FixedSequence, 0.05, &p, &mut out, &mut order, none);
/// assert_eq!(out, [true, true, true]);
/// // Step-down Dunnett with a level of 0.0196 for three members, 0.027 for two, 0.05 for one:
/// let mut level = |members: u64| [0.0, 0.05, 0.05, 0.027, 0.05, 0.027, 0.027, 0.0196][members as usize];
/// adjust(MultiplicityMethod::DunnettStepDown, 0.05, &[0.03, 0.019, 0.025], &mut out, &mut order, &mut level);
/// assert_eq!(out, [true, true, true]);
/// adjust(MultiplicityMethod::Dunnett, 0.05, &[0.03, 0.019, 0.025], &mut out, &mut order, &mut level);
/// assert_eq!(out, [false, true, false]);
/// ```
pub fn adjust(
    method: MultiplicityMethod,
    alpha: f64,
    p: &[f64],
    rejected: &mut [bool],
    order: &mut [usize],
    level: &mut dyn FnMut(u64) -> f64,
) {
    let m = p.len();
    let pv = |i: usize| if p[i].is_nan() { 1.0 } else { p[i] };
    rejected.fill(false);
    match method {
        MultiplicityMethod::None => (0..m).for_each(|i| rejected[i] = pv(i) <= alpha),
        MultiplicityMethod::Bonferroni => (0..m).for_each(|i| rejected[i] = pv(i) <= alpha / m as f64),
        MultiplicityMethod::FixedSequence => {
            for (i, r) in rejected.iter_mut().enumerate() {
                if pv(i) > alpha {
                    break;
                }
                *r = true;
            }
        }
        MultiplicityMethod::Dunnett => {
            let all = members(m);
            let mut at_all = None;
            for (i, r) in rejected.iter_mut().enumerate() {
                *r = pv(i) <= alpha / m as f64 || pv(i) <= alpha && pv(i) <= *at_all.get_or_insert_with(|| level(all));
            }
        }
        MultiplicityMethod::DunnettStepDown => {
            sort_by_p(order, &pv);
            let mut remaining = members(m);
            for (k, &i) in order.iter().enumerate() {
                let rejects = pv(i) <= alpha / (m - k) as f64 || pv(i) <= alpha && pv(i) <= level(remaining);
                if !rejects {
                    break;
                }
                rejected[i] = true;
                remaining &= !(1u64 << i);
            }
        }
        MultiplicityMethod::Holm | MultiplicityMethod::Hochberg => {
            sort_by_p(order, &pv);
            let threshold = |k: usize| alpha / (m - k) as f64;
            let last = if method == MultiplicityMethod::Holm {
                // Step down: reject while the k-th smallest is at most alpha / (m - k).
                (0..m).take_while(|&k| pv(order[k]) <= threshold(k)).count()
            } else {
                // Step up: the largest k whose k-th smallest is at most alpha / (m - k).
                (0..m).rev().find(|&k| pv(order[k]) <= threshold(k)).map_or(0, |k| k + 1)
            };
            for &i in &order[..last] {
                rejected[i] = true;
            }
        }
    }
}

/// The bit set of the first `m` members.
fn members(m: usize) -> u64 {
    if m >= 64 { u64::MAX } else { (1u64 << m) - 1 }
}

/// `order` the positions by increasing p-value, ties by position.
fn sort_by_p(order: &mut [usize], pv: &impl Fn(usize) -> f64) {
    for (k, o) in order.iter_mut().enumerate() {
        *o = k;
    }
    order.sort_by(|&a, &b| pv(a).total_cmp(&pv(b)).then(a.cmp(&b)));
}
