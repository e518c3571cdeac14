//! Sample-size search: the smallest total sample size (split by the allocation rule) whose
//! simulated power for one endpoint reaches a target, on common random numbers, and the
//! exact answer where exact power is computable.

use super::grid::Axis;
use super::path::ValuePath;
use super::scenario_at;
use crate::error::{Error, Result};
use crate::evaluation::{Progress, RunSettings, run};
use serde::Serialize;
use std::path::Path;

/// Power at one total sample size.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PowerAt {
    pub sample_size: u32,
    pub power: f64,
    pub power_ci95: [f64; 2],
    pub exact_power: Option<f64>,
}

/// The answer of a search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SizeResult {
    pub endpoint: String,
    pub arm: String,
    pub target_power: f64,
    /// The smallest total sample size whose simulated power reaches the target.
    pub sample_size: u32,
    pub power: f64,
    pub power_ci95: [f64; 2],
    /// Exact power at the answer, where computable.
    pub exact_power: Option<f64>,
    /// The sizes just below and above the answer.
    pub neighbours: Vec<PowerAt>,
    /// The smallest size whose exact power reaches the target, where computable.
    pub exact_sample_size: Option<u32>,
    pub replicates: u64,
}

fn axis() -> Axis {
    Axis { path: ValuePath::parse("trial.sample_size").expect("a valid path"), values: Vec::new() }
}

/// Power of endpoint entry `entry` at total size `n`.
fn power_at(
    text: &str,
    file: &Path,
    n: u32,
    entry: usize,
    settings: &RunSettings,
    progress: &dyn Progress,
) -> Result<PowerAt> {
    let s = scenario_at(text, file, &[axis()], &[n as f64])?;
    let e = run(&s, &RunSettings { skip_type1: true, ..*settings }, progress)?;
    let r = &e.endpoints[entry];
    Ok(PowerAt { sample_size: n, power: r.power, power_ci95: r.power_ci95, exact_power: r.exact_power })
}

/// Search `[min, max]` for endpoint entry `entry` (an index into the run's endpoints).
#[allow(clippy::too_many_arguments)]
pub fn search(
    text: &str,
    file: &Path,
    entry: usize,
    target: f64,
    min: u32,
    max: u32,
    settings: &RunSettings,
    progress: &dyn Progress,
) -> Result<SizeResult> {
    if !(target > 0.0 && target < 1.0) || min == 0 || min > max {
        return Err(Error::Settings(format!(
            "expected a target power in (0, 1) and 1 <= --min <= --max; found {target}, {min}, {max}"
        )));
    }
    let top = power_at(text, file, max, entry, settings, progress)?;
    if top.power < target {
        return Err(Error::Settings(format!(
            "power at the largest size {max} is {:.4}, below {target}; raise --max",
            top.power
        )));
    }
    // Bisection on common random numbers: power grows with the size up to Monte Carlo
    // wobble, which the same streams keep small.
    let (mut lo, mut hi) = (min, max);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if power_at(text, file, mid, entry, settings, progress)?.power >= target {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    let answer = power_at(text, file, lo, entry, settings, progress)?;
    let mut neighbours = Vec::new();
    if lo > min {
        neighbours.push(power_at(text, file, lo - 1, entry, settings, progress)?);
    }
    if lo < max {
        neighbours.push(power_at(text, file, lo + 1, entry, settings, progress)?);
    }
    // Exact power is not monotone in the size (tests are discrete): scan upwards.
    let exact_sample_size = if answer.exact_power.is_some() {
        let quick = RunSettings { replicates: 1, ..*settings };
        let mut found = None;
        for n in min..=max {
            let s = scenario_at(text, file, &[axis()], &[n as f64])?;
            let e = run(&s, &RunSettings { skip_type1: true, ..quick }, &crate::evaluation::Silent)?;
            if e.endpoints[entry].exact_power.is_some_and(|p| p >= target) {
                found = Some(n);
                break;
            }
        }
        found
    } else {
        None
    };
    let s = scenario_at(text, file, &[axis()], &[lo as f64])?;
    let endpoint_names: Vec<(String, String)> = s
        .endpoints
        .iter()
        .flat_map(|e| s.compared_arms().into_iter().map(move |a| (e.name.clone(), a)))
        .map(|(e, a)| (e, s.arms[a].name.clone()))
        .collect();
    let (endpoint, arm) = endpoint_names[entry].clone();
    Ok(SizeResult {
        endpoint,
        arm,
        target_power: target,
        sample_size: lo,
        power: answer.power,
        power_ci95: answer.power_ci95,
        exact_power: answer.exact_power,
        neighbours,
        exact_sample_size,
        replicates: settings.replicates,
    })
}
