//! Multiplicity adjustment of a family of hypotheses: which are rejected at level alpha.

use serde::{Deserialize, Serialize};

/// How a family of hypotheses is adjusted for multiplicity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MultiplicityMethod {
    None,
    Bonferroni,
    Holm,
    Hochberg,
    FixedSequence,
}

impl MultiplicityMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            MultiplicityMethod::None => "none",
            MultiplicityMethod::Bonferroni => "bonferroni",
            MultiplicityMethod::Holm => "holm",
            MultiplicityMethod::Hochberg => "hochberg",
            MultiplicityMethod::FixedSequence => "fixed-sequence",
        }
    }
}

/// Decide a family from its p-values (in the family's order; NaN counts as 1). `order` is
/// scratch space of the family's size.
///
/// # Examples
///
/// ```
/// use trialsim_stats::multiplicity::adjust;
/// use trialsim_stats::multiplicity::MultiplicityMethod;
/// let p = [0.01, 0.04, 0.03];
/// let (mut out, mut order) = ([false; 3], [0usize; 3]);
/// adjust(MultiplicityMethod::Holm, 0.05, &p, &mut out, &mut order);
/// assert_eq!(out, [true, false, false]); // 0.01 <= 0.05/3, then 0.03 > 0.05/2
/// adjust(MultiplicityMethod::Hochberg, 0.05, &p, &mut out, &mut order);
/// assert_eq!(out, [true, true, true]); // the largest, 0.04, is <= 0.05
/// adjust(MultiplicityMethod::FixedSequence, 0.05, &p, &mut out, &mut order);
/// assert_eq!(out, [true, true, true]);
/// ```
pub fn adjust(method: MultiplicityMethod, alpha: f64, p: &[f64], rejected: &mut [bool], order: &mut [usize]) {
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
        MultiplicityMethod::Holm | MultiplicityMethod::Hochberg => {
            for (k, o) in order.iter_mut().enumerate() {
                *o = k;
            }
            order.sort_by(|&a, &b| pv(a).total_cmp(&pv(b)).then(a.cmp(&b)));
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
