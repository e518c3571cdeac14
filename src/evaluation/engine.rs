//! The parallel Monte Carlo engine: replicates in fixed blocks, each on its own random
//! stream, tallied in integers so that any number of threads gives the same result.

use super::plan::Plan;
use super::report::Evaluation;
use super::tally::Tally;
use crate::error::{Error, Result};
use crate::model::{Model, TrialBuffer, stream, trial};
use crate::scenario::Scenario;
use rayon::prelude::*;

/// Replicates per block: the unit of parallel work and of progress reports.
pub const BLOCK: u64 = 256;

/// How to run a scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunSettings {
    pub replicates: u64,
    pub seed: u64,
    /// Worker threads; `None` for one per core.
    pub threads: Option<usize>,
    /// Skip the null-twin runs (no type-I error).
    pub skip_type1: bool,
}

impl RunSettings {
    /// The scenario's own replicates and seed, all cores, with type-I error.
    pub fn from_scenario(s: &Scenario) -> Self {
        RunSettings { replicates: s.simulation.replicates, seed: s.simulation.seed, threads: None, skip_type1: false }
    }
}

/// Told how many replicates are done, as blocks finish (from any thread).
pub trait Progress: Sync {
    fn advance(&self, replicates: u64);
}

/// No progress reporting.
pub struct Silent;

impl Progress for Silent {
    fn advance(&self, _: u64) {}
}

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
/// assert!(result.endpoints[0].power > 0.0);
/// ```
pub fn run(s: &Scenario, settings: &RunSettings, progress: &dyn Progress) -> Result<Evaluation> {
    if settings.replicates == 0 {
        return Err(Error::Settings("--replicates must be at least 1".into()));
    }
    let model = Model::new(s);
    let plan = Plan::new(s, &model.actual, settings.skip_type1);
    let tally = match settings.threads {
        None => simulate_all(s, &model, &plan, settings, progress),
        Some(0) => return Err(Error::Settings("--threads must be at least 1".into())),
        Some(t) => rayon::ThreadPoolBuilder::new()
            .num_threads(t)
            .build()
            .map_err(|e| Error::Settings(format!("cannot start {t} threads: {e}")))?
            .install(|| simulate_all(s, &model, &plan, settings, progress)),
    };
    Ok(Evaluation::new(s, settings, &plan, &tally))
}

/// Tally replicates `0..settings.replicates` in parallel blocks.
pub fn simulate_all(
    s: &Scenario,
    model: &Model,
    plan: &Plan,
    settings: &RunSettings,
    progress: &dyn Progress,
) -> Tally {
    let blocks = settings.replicates.div_ceil(BLOCK);
    let generator = stream::generator(settings.seed);
    (0..blocks)
        .into_par_iter()
        .fold(
            || (Tally::new(s, plan), TrialBuffer::new(model), generator.clone()),
            |(mut tally, mut buf, mut rng), b| {
                let end = ((b + 1) * BLOCK).min(settings.replicates);
                for r in b * BLOCK..end {
                    for (w, world) in plan.worlds.iter().enumerate() {
                        trial::simulate(model, world, &mut rng, r, &mut buf);
                        tally.record(s, plan, w, &buf);
                    }
                }
                progress.advance(end - b * BLOCK);
                (tally, buf, rng)
            },
        )
        .map(|(tally, _, _)| tally)
        .reduce(|| Tally::new(s, plan), Tally::merge)
}
