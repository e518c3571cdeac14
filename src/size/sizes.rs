//! A scenario at a total sample size, the power there, and which sizes of a run of
//! consecutive ones reach a target.

use crate::error::Result;
use crate::scenario::{Axis, Scenario, ValuePath};
use serde::Serialize;
use trialsim_stats::Estimate;

/// Power at one total sample size.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct PowerAt {
    pub sample_size: u32,
    /// Written `power`, `power_mcse`, `power_ci95`.
    #[serde(flatten, serialize_with = "power::serialize")]
    #[schemars(schema_with = "power::schema")]
    pub power: Estimate,
    pub exact_power: Option<f64>,
}

trialsim_stats::flat_estimate!(power, "power", All, false);

/// The scenario with `trial.sample_size` set to `n` (split by its allocation rule).
pub fn scenario_at(s: &Scenario, n: u32) -> Result<Scenario> {
    let axis = Axis { path: ValuePath::parse("trial.sample_size").expect("a valid path"), values: Vec::new() };
    s.at(&[axis], &[n as f64])
}

/// The first of the consecutive sizes `from, from + 1, ...` that reaches.
pub fn first_reaching(from: u32, reaches: &[bool]) -> Option<u32> {
    reaches.iter().position(|&r| r).map(|i| from + i as u32)
}

/// The smallest of the consecutive sizes `from, from + 1, ...` from which every size to the
/// last one reaches; `None` when the last does not.
pub fn sustained_from(from: u32, reaches: &[bool]) -> Option<u32> {
    if !*reaches.last()? {
        return None;
    }
    Some(reaches.iter().rposition(|&r| !r).map_or(from, |i| from + i as u32 + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_and_the_sustained_size_of_a_saw_tooth() {
        // Sizes 20 to 29: reaching at 22, not at 23 or 24, from 25 on.
        let reaches = [false, false, true, false, false, true, true, true, true, true];
        assert_eq!(first_reaching(20, &reaches), Some(22));
        assert_eq!(sustained_from(20, &reaches), Some(25));
        // Reaching everywhere: both are the first size.
        assert_eq!(first_reaching(20, &[true; 3]), Some(20));
        assert_eq!(sustained_from(20, &[true; 3]), Some(20));
        // Reaching, then falling short at the last size: no sustained size.
        assert_eq!(first_reaching(20, &[false, true, false]), Some(21));
        assert_eq!(sustained_from(20, &[false, true, false]), None);
        assert_eq!(first_reaching(20, &[false; 3]), None);
        assert_eq!(sustained_from(20, &[]), None);
    }
}
