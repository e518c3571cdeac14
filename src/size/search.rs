//! The search: bisection of the total sample size on common random numbers, then the sizes
//! from which power stays at or above the target, simulated and exact.

use super::exact::{ExactSizes, exact_sizes};
use super::simulated::scan;
use super::sizes::{PowerAt, scenario_at, sustained_from};
use crate::error::{Result, SearchError};
use crate::evaluation::{Progress, RunSettings, run};
use crate::scenario::Scenario;
use serde::Serialize;
use std::collections::BTreeMap;

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

/// The answer of a search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SizeResult {
    pub endpoint: String,
    pub arm: String,
    pub target_power: f64,
    /// The smallest and largest total sample size searched.
    pub search_range: [u32; 2],
    /// The size bisection finds: its simulated power reaches the target and, unless it is
    /// the smallest size searched, the size just below falls short. Not necessarily the
    /// smallest size reaching the target: power is not monotone in the size. With its
    /// power (and exact power, where computable).
    #[serde(flatten)]
    pub answer: PowerAt,
    /// The sizes just below and above the answer.
    pub neighbours: Vec<PowerAt>,
    /// The smallest size from which simulated power reaches the target at every size of
    /// `scan` (and it reaches it at the largest size searched).
    pub sample_size_sustained: u32,
    /// Simulated power at every size from the answer upwards, to the end of the scan.
    pub scan: Vec<PowerAt>,
    /// The smallest size whose exact power reaches the target, and the smallest from
    /// which it stays there up to the largest size searched.
    #[serde(flatten)]
    pub exact: ExactSizes,
    pub replicates: u64,
}

/// Search `[min, max]` by bisection on common random numbers (power grows with the size up
/// to Monte Carlo wobble, which the shared streams keep small, and to the saw-tooth of a
/// discrete test), then simulate every size from the bisection's answer upwards (see
/// [`scan`]) for the size from which power stays at or above the target, and enumerate
/// exact power at every size searched where it is computable.
pub fn search(s: &Scenario, search: &Search, settings: &RunSettings, progress: &dyn Progress) -> Result<SizeResult> {
    let Search { target, min, max, .. } = *search;
    if !(target > 0.0 && target < 1.0) {
        return Err(SearchError::Target(target).into());
    }
    if min == 0 || min > max {
        return Err(SearchError::Range { min, max }.into());
    }
    let endpoint = endpoint_index(s, search.endpoint.as_deref())?;
    // A smallest size that is no valid trial is refused before anything runs: the exact
    // enumeration meets every size.
    scenario_at(s, min)?;
    // The endpoint's first entry: entries are (endpoint, compared arm) in order.
    let entry = endpoint * s.compared_arms().len();
    let settings = RunSettings { skip_type1: true, ..*settings };
    // Each size is simulated once: the bisection and the scan meet some sizes twice.
    let mut seen: BTreeMap<u32, PowerAt> = BTreeMap::new();
    let mut at = |n: u32| -> Result<PowerAt> {
        if let Some(p) = seen.get(&n) {
            return Ok(*p);
        }
        let e = run(&scenario_at(s, n)?, &settings, progress)?;
        let r = &e.endpoints[entry];
        let p = PowerAt { sample_size: n, power: r.power, exact_power: r.exact_power };
        seen.insert(n, p);
        Ok(p)
    };
    let top = at(max)?;
    if top.power.estimate < target {
        return Err(SearchError::BelowTarget { max, power: top.power.estimate, target }.into());
    }
    let (mut lo, mut hi) = (min, max);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if at(mid)?.power.estimate >= target {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    let exact = exact_sizes(s, entry, (min, max), target, top.exact_power, settings.threads)?;
    let scan = scan(lo, max, target, exact.sustained.unwrap_or(lo), &mut at)?;
    let reaches: Vec<bool> = scan.iter().map(|p| p.power.estimate >= target).collect();
    // The scan ends at a size that reaches: after a run of them, or at `max`.
    let sample_size_sustained = sustained_from(lo, &reaches).expect("the scan ends at a size reaching the target");
    let mut neighbours = Vec::new();
    if lo > min {
        neighbours.push(at(lo - 1)?);
    }
    neighbours.extend(scan.get(1).copied());
    let arm = s.compared_arms()[0];
    Ok(SizeResult {
        endpoint: s.endpoints[endpoint].name.clone(),
        arm: s.arms[arm].name.clone(),
        target_power: target,
        search_range: [min, max],
        answer: scan[0],
        neighbours,
        sample_size_sustained,
        scan,
        exact,
        replicates: settings.replicates,
    })
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
