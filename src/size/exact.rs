//! The exact sizes of a search: exact power enumerated at every size searched, in parallel.
//! Exact power of a discrete test rises in a saw-tooth, so the smallest size that reaches
//! the target can be followed by sizes that fall short again: only every size tells the
//! smallest size reaching it and the smallest from which it stays there.

use super::sizes::{first_reaching, scenario_at, sustained_from};
use super::target::Criterion;
use crate::error::Result;
use crate::evaluation::settings::with_threads;
use crate::scenario::Scenario;
use rayon::prelude::*;
use serde::Serialize;

/// Most test evaluations the exact sizes of one search may take, counted as the number of
/// sizes times the evaluations at the largest (an upper bound: the work grows with the
/// size). Two arms of 500 patients take about 250,000, so a search of 10 to 1,000
/// patients is counted at about 250 million and takes seconds.
pub const EXACT_SCAN_LIMIT: u64 = 1_000_000_000;

/// The exact answers of a search over `[min, max]`.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ExactSizes {
    /// The smallest size whose exact power reaches the target.
    #[serde(rename = "exact_sample_size")]
    pub smallest: Option<u32>,
    /// The smallest size from which exact power reaches the target at every size up to the
    /// largest searched.
    #[serde(rename = "exact_sample_size_sustained")]
    pub sustained: Option<u32>,
    /// Why exact power was not enumerated; `None` when it was, at every size searched.
    #[serde(rename = "exact_unavailable")]
    pub unavailable: Option<String>,
}

impl ExactSizes {
    fn unavailable(why: String) -> ExactSizes {
        ExactSizes { smallest: None, sustained: None, unavailable: Some(why) }
    }
}

/// The exact value of `criterion` at every total size of `[min, max]` against `target`,
/// on `threads` threads (the answer does not depend on them). `at_max` is the exact value
/// at `max` (already known to the search): without it nothing is enumerated.
pub fn exact_sizes(
    s: &Scenario,
    criterion: &Criterion,
    (min, max): (u32, u32),
    target: f64,
    at_max: Option<f64>,
    threads: Option<usize>,
) -> Result<ExactSizes> {
    let top = scenario_at(s, max)?;
    let Some(per_size) = criterion.exact_work(&top) else {
        let why = if criterion.target == super::target::SizeTarget::Sequential {
            "exact sequential power needs looks at fixed numbers per arm (no dropout, permuted blocks, looks at \
             patients reached that fill whole blocks)"
        } else {
            "exact power is enumerated for response endpoints only"
        };
        return Ok(ExactSizes::unavailable(why.into()));
    };
    if at_max.is_none() {
        return Ok(ExactSizes::unavailable(format!("exact power is not computable at {max} patients")));
    }
    let work = per_size.saturating_mul((max - min) as u64 + 1);
    if work > EXACT_SCAN_LIMIT {
        return Ok(ExactSizes::unavailable(format!(
            "enumerating exact power at every size from {min} to {max} would take up to {} test \
             evaluations, more than {}; search a narrower range of sizes",
            count(work),
            count(EXACT_SCAN_LIMIT)
        )));
    }
    let powers = with_threads(threads, || {
        (min..=max).into_par_iter().map(|n| Ok(criterion.exact_at(&scenario_at(s, n)?))).collect::<Result<Vec<_>>>()
    })??;
    if let Some(i) = powers.iter().position(Option::is_none) {
        return Ok(ExactSizes::unavailable(format!("exact power is not computable at {} patients", min + i as u32)));
    }
    let reaches: Vec<bool> = powers.iter().map(|p| p.is_some_and(|p| p >= target)).collect();
    Ok(ExactSizes {
        smallest: first_reaching(min, &reaches),
        sustained: sustained_from(min, &reaches),
        unavailable: None,
    })
}

/// A large count in words: `2.5 billion`, `250 million`.
fn count(x: u64) -> String {
    match x {
        1_000_000_000_000.. => format!("{:.1} trillion", x as f64 / 1e12),
        1_000_000_000.. => format!("{:.1} billion", x as f64 / 1e9),
        1_000_000.. => format!("{:.0} million", x as f64 / 1e6),
        _ => x.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn counts_are_written_in_words() {
        assert_eq!(count(2_000_000_000_000), "2.0 trillion");
        assert_eq!(count(2_500_000_000), "2.5 billion");
        assert_eq!(count(1_000_000_000), "1.0 billion");
        assert_eq!(count(250_400_000), "250 million");
        assert_eq!(count(12_345), "12345");
    }
}
