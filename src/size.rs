//! Sample-size search: the smallest total sample size (split by the allocation rule) whose
//! simulated power for one endpoint reaches a target, on common random numbers, and the
//! exact answer where exact power is computable.

use crate::error::{Result, SearchError};
use crate::evaluation::{Progress, RunSettings, Silent, run};
use crate::scenario::{Axis, Scenario, ValuePath};
use serde::{Serialize, Serializer};
use trialsim_stats::Estimate;
use trialsim_stats::estimate::{Fields, serialize_flat};

/// What to search for.
#[derive(Debug, Clone, PartialEq)]
pub struct Search {
    /// The endpoint (its first compared arm); `None` for the primary endpoint, else the first.
    pub endpoint: Option<String>,
    pub target: f64,
    /// The smallest and largest total sample size searched.
    pub min: u32,
    pub max: u32,
}

/// Power at one total sample size.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PowerAt {
    pub sample_size: u32,
    /// Written `power`, `power_mcse`, `power_ci95`.
    #[serde(flatten, serialize_with = "power")]
    pub power: Estimate,
    pub exact_power: Option<f64>,
}

/// The answer of a search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SizeResult {
    pub endpoint: String,
    pub arm: String,
    pub target_power: f64,
    /// The smallest total sample size whose simulated power reaches the target, with its
    /// power (and exact power, where computable).
    #[serde(flatten)]
    pub answer: PowerAt,
    /// The sizes just below and above the answer.
    pub neighbours: Vec<PowerAt>,
    /// The smallest size whose exact power reaches the target, where computable.
    pub exact_sample_size: Option<u32>,
    pub replicates: u64,
}

fn power<S: Serializer>(x: &Estimate, s: S) -> std::result::Result<S::Ok, S::Error> {
    serialize_flat("power", Some(x), Fields::All, false, s)
}

fn sample_size() -> Axis {
    Axis { path: ValuePath::parse("trial.sample_size").expect("a valid path"), values: Vec::new() }
}

/// Search `[min, max]` by bisection on common random numbers (power grows with the size up
/// to Monte Carlo wobble, which the shared streams keep small), then scan upwards for the
/// exact answer (exact power is not monotone in the size: tests are discrete).
pub fn search(s: &Scenario, search: &Search, settings: &RunSettings, progress: &dyn Progress) -> Result<SizeResult> {
    let Search { target, min, max, .. } = *search;
    if !(target > 0.0 && target < 1.0) {
        return Err(SearchError::Target(target).into());
    }
    if min == 0 || min > max {
        return Err(SearchError::Range { min, max }.into());
    }
    let endpoint = endpoint_index(s, search.endpoint.as_deref())?;
    // The endpoint's first entry: entries are (endpoint, compared arm) in order.
    let entry = endpoint * s.compared_arms().len();
    let settings = RunSettings { skip_type1: true, ..*settings };
    let at = |n: u32, settings: &RunSettings, progress: &dyn Progress| -> Result<PowerAt> {
        let e = run(&s.at(&[sample_size()], &[n as f64])?, settings, progress)?;
        let r = &e.endpoints[entry];
        Ok(PowerAt { sample_size: n, power: r.power, exact_power: r.exact_power })
    };
    let top = at(max, &settings, progress)?;
    if top.power.estimate < target {
        return Err(SearchError::BelowTarget { max, power: top.power.estimate, target }.into());
    }
    let (mut lo, mut hi) = (min, max);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if at(mid, &settings, progress)?.power.estimate >= target {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    let answer = at(lo, &settings, progress)?;
    let mut neighbours = Vec::new();
    if lo > min {
        neighbours.push(at(lo - 1, &settings, progress)?);
    }
    if lo < max {
        neighbours.push(at(lo + 1, &settings, progress)?);
    }
    let exact_sample_size = match answer.exact_power {
        Some(_) => {
            let quick = RunSettings { replicates: 1, ..settings };
            let exact =
                |n: u32| -> Result<bool> { Ok(at(n, &quick, &Silent)?.exact_power.is_some_and(|p| p >= target)) };
            exact_smallest(min, max, exact)?
        }
        None => None,
    };
    let arm = s.compared_arms()[0];
    Ok(SizeResult {
        endpoint: s.endpoints[endpoint].name.clone(),
        arm: s.arms[arm].name.clone(),
        target_power: target,
        answer,
        neighbours,
        exact_sample_size,
        replicates: settings.replicates,
    })
}

/// Sizes below the bisection's answer scanned for a smaller one whose exact power reaches
/// the target (exact power rises in a saw-tooth: a smaller size can reach it).
pub const EXACT_SCAN: u32 = 50;

/// The smallest size in `[min, max]` that `reaches`, in a bounded number of steps: a
/// bisection (as if reaching were monotone in the size), then a scan of the
/// [`EXACT_SCAN`] sizes below its answer; `None` when even `max` does not reach.
fn exact_smallest(min: u32, max: u32, mut reaches: impl FnMut(u32) -> Result<bool>) -> Result<Option<u32>> {
    if !reaches(max)? {
        return Ok(None);
    }
    let (mut lo, mut hi) = (min, max);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if reaches(mid)? { hi = mid } else { lo = mid + 1 }
    }
    for n in lo.saturating_sub(EXACT_SCAN).max(min)..lo {
        if reaches(n)? {
            return Ok(Some(n));
        }
    }
    Ok(Some(lo))
}

/// The endpoint named, or the primary one, or the first.
fn endpoint_index(s: &Scenario, name: Option<&str>) -> Result<usize> {
    if s.endpoints.is_empty() {
        return Err(SearchError::NoEndpoint.into());
    }
    match name {
        Some(name) => s.endpoints.iter().position(|e| e.name == name).ok_or_else(|| {
            let names: Vec<&str> = s.endpoints.iter().map(|e| e.name.as_str()).collect();
            SearchError::UnknownEndpoint { name: name.into(), expected: names.join(", ") }.into()
        }),
        None => Ok(s.endpoints.iter().position(|e| e.primary).unwrap_or(0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exact_search_finds_the_smallest_size_of_a_saw_tooth_in_few_steps() {
        // Reaches at 97, not at 98 or 99, and from 100 on: the saw-tooth of a discrete test.
        let reaches = |n: u32| n == 97 || n >= 100;
        let mut steps = 0;
        let found = exact_smallest(10, 1_000_000, |n| {
            steps += 1;
            Ok(reaches(n))
        })
        .unwrap();
        assert_eq!(found, Some(97));
        assert!(steps < 20 + EXACT_SCAN as usize, "{steps} steps");
        assert_eq!(exact_smallest(10, 50, |n| Ok(reaches(n))).unwrap(), None);
    }
}
