//! A run: simulate every replicate, then evaluate.

use super::engine::simulate;
use super::evaluate::evaluate;
use super::progress::Progress;
use super::result::Evaluation;
use super::settings::RunSettings;
use crate::error::Result;
use crate::scenario::Scenario;

/// Simulate every replicate and evaluate.
///
/// # Examples
///
/// ```
/// use std::path::Path;
/// use trialsim::evaluation::{run, RunSettings, Silent};
/// use trialsim::Scenario;
/// let s = Scenario::load(Path::new("scenarios/NCT05694130.toml")).unwrap();
/// let settings = RunSettings { replicates: 200, ..RunSettings::from_scenario(&s) };
/// let result = run(&s, &settings, &Silent).unwrap();
/// assert_eq!(result.replicates, 200);
/// assert!(result.endpoints[0].power.estimate > 0.0);
/// ```
pub fn run(s: &Scenario, settings: &RunSettings, progress: &dyn Progress) -> Result<Evaluation> {
    let simulated = simulate(s, settings, progress)?;
    Ok(evaluate(s, settings, &simulated))
}
