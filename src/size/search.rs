//! The search: bisection of the total sample size on common random numbers, then the sizes
//! from which power stays at or above the target, simulated and exact.

use super::exact::{ExactSizes, exact_sizes};
use super::simulated::scan;
use super::sizes::{PowerAt, scenario_at, sustained_from};
use super::target::{Criterion, SizeTarget};
use crate::error::{Result, SearchError};
use crate::evaluation::result::Evaluation;
use crate::evaluation::{Progress, RunSettings, run};
use crate::scenario::Scenario;
use crate::scenario::provenance::Provenance;
use serde::Serialize;
use std::collections::BTreeMap;
use trialsim_stats::Estimate;

/// What to search for.
#[derive(Debug, Clone, PartialEq)]
pub struct Search {
    /// The endpoint; `None` for the primary endpoint, else the first.
    pub endpoint: Option<String>,
    /// The power reached, of what `measure` says (with `arm` naming one compared arm).
    pub target: f64,
    pub measure: SizeTarget,
    pub arm: Option<String>,
    /// The smallest and largest total sample size searched.
    pub min: u32,
    pub max: u32,
}

/// The answer of a search.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct SizeResult {
    /// What every output carries (with `seed` below).
    #[serde(flatten)]
    pub provenance: Provenance,
    pub endpoint: String,
    /// The arm sized for, or the target over several (`each compared arm`, `any ...`).
    pub arm: String,
    /// What reaches the target power: each comparison's power, at least one, all, or a
    /// family-adjusted power.
    pub target: SizeTarget,
    pub target_power: f64,
    /// How the allocation rule splits a total: the arms' weights, largest remainder.
    pub allocation: String,
    /// Each arm at the answer: its patients and, for compared arms, its comparison's power
    /// (adjusted by the family for `--target family`).
    pub arms: Vec<ArmAtSize>,
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
    pub seed: u64,
}

/// One arm at the size found.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ArmAtSize {
    pub name: String,
    pub n: u32,
    /// Its comparison's power (`None` for the control and for a trend's arms).
    #[serde(flatten, serialize_with = "power::serialize")]
    #[schemars(schema_with = "power::schema")]
    pub power: Option<Estimate>,
    pub exact_power: Option<f64>,
}

trialsim_stats::flat_estimate!(power, "power", All, false, optional);

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
    let criterion = Criterion::new(s, endpoint, search.measure, search.arm.as_deref())?;
    // A smallest size that is no valid trial is refused before anything runs: the exact
    // enumeration meets every size.
    scenario_at(s, min)?;
    let settings = RunSettings { skip_type1: true, ..*settings };
    // Each size is simulated once: the bisection and the scan meet some sizes twice.
    let mut seen: BTreeMap<u32, (PowerAt, Vec<ArmAtSize>)> = BTreeMap::new();
    let mut measure = |n: u32| -> Result<(PowerAt, Vec<ArmAtSize>)> {
        if let Some(p) = seen.get(&n) {
            return Ok(p.clone());
        }
        let at = scenario_at(s, n)?;
        let e = run(&at, &settings, progress)?;
        let p = PowerAt { sample_size: n, power: criterion.simulated(&e), exact_power: criterion.exact(&e) };
        let arms = arms_at(&at, &criterion, &e);
        seen.insert(n, (p, arms.clone()));
        Ok((p, arms))
    };
    let mut at = |n: u32| measure(n).map(|p| p.0);
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
    let exact = exact_sizes(s, &criterion, (min, max), target, top.exact_power, settings.threads)?;
    let scan = scan(lo, max, target, exact.sustained.unwrap_or(lo), &mut at)?;
    let reaches: Vec<bool> = scan.iter().map(|p| p.power.estimate >= target).collect();
    // The scan ends at a size that reaches: after a run of them, or at `max`.
    let sample_size_sustained = sustained_from(lo, &reaches).expect("the scan ends at a size reaching the target");
    let mut neighbours = Vec::new();
    if lo > min {
        neighbours.push(at(lo - 1)?);
    }
    neighbours.extend(scan.get(1).copied());
    let arms = measure(scan[0].sample_size)?.1;
    let weights: Vec<String> = s.arms.iter().map(|a| format!("{} {}", a.name, a.allocation)).collect();
    Ok(SizeResult {
        provenance: Provenance::new(Some(&s.origin.text)),
        endpoint: s.endpoints[endpoint].name.clone(),
        arm: criterion.label(s),
        target: search.measure,
        target_power: target,
        allocation: format!("{}; a total is split by largest remainder", weights.join(" : ")),
        arms,
        search_range: [min, max],
        answer: scan[0],
        neighbours,
        sample_size_sustained,
        scan,
        exact,
        replicates: settings.replicates,
        seed: settings.seed,
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

/// Every arm of `s` (a scenario at one size) with its patients and its comparison's power
/// in `e` (the adjusted power for `--target family`).
fn arms_at(s: &Scenario, criterion: &Criterion, e: &Evaluation) -> Vec<ArmAtSize> {
    let arms = s.entry_arms(criterion.endpoint);
    let trend = s.endpoints[criterion.endpoint].test.is_trend();
    (0..s.arms.len())
        .map(|a| {
            let entry =
                arms.iter().position(|&x| x == a).filter(|_| !trend).map(|k| &e.endpoints[criterion.entries[k]]);
            let (power, exact_power) = match (entry, criterion.target) {
                (Some(r), SizeTarget::Family) => (r.adjusted_power, r.exact_adjusted_power),
                (Some(r), _) => (Some(r.power), r.exact_power),
                (None, _) => (None, None),
            };
            ArmAtSize { name: s.arms[a].name.clone(), n: s.arms[a].n, power, exact_power }
        })
        .collect()
}
