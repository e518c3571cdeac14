//! The parallel Monte Carlo engine: replicates in fixed blocks, each on its own random
//! stream, tallied in integers so that any number of threads gives the same result.

use super::plan::Plan;
use super::report::{Evaluation, Precision, Share};
use super::tally::Tally;
use crate::error::{Error, Result};
use crate::model::{Model, TrialBuffer, stream, trial};
use crate::scenario::Scenario;
use rayon::prelude::*;

/// Replicates per block: the unit of parallel work and of progress reports.
pub const BLOCK: u64 = 256;

/// How to run a scenario.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunSettings {
    pub replicates: u64,
    pub seed: u64,
    /// Worker threads; `None` for one per core.
    pub threads: Option<usize>,
    /// Skip the null-twin runs (no type-I error).
    pub skip_type1: bool,
    /// Run in batches until the 95 % half-width of every endpoint's power is at most this.
    pub precision: Option<f64>,
    /// With `precision`: stop here even if it is not met.
    pub max_replicates: u64,
    /// `(i, n)`: simulate only shard i of n (0-based): the blocks b with b % n == i.
    pub shard: Option<(u64, u64)>,
}

/// The first batch of a run with `--precision`.
pub const FIRST_BATCH: u64 = 4 * BLOCK;
/// The default cap of a run with `--precision`.
pub const DEFAULT_MAX_REPLICATES: u64 = 10_000_000;

impl RunSettings {
    /// The scenario's own replicates and seed, all cores, with type-I error.
    pub fn from_scenario(s: &Scenario) -> Self {
        RunSettings {
            replicates: s.simulation.replicates,
            seed: s.simulation.seed,
            threads: None,
            skip_type1: false,
            precision: None,
            max_replicates: DEFAULT_MAX_REPLICATES,
            shard: None,
        }
    }
}

/// Told how many replicates are done, as blocks finish (from any thread).
pub trait Progress: Sync {
    fn advance(&self, replicates: u64);
    /// The number of replicates the run now aims at (it grows with `--precision`).
    fn set_total(&self, _replicates: u64) {}
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
    let (model, plan, tally, precision) = run_tally(s, settings, progress)?;
    Ok(Evaluation::new(s, settings, &model, &plan, &tally, precision))
}

/// Simulate and return the model, plan and raw tally (what shards carry for `merge`).
pub fn run_tally(
    s: &Scenario,
    settings: &RunSettings,
    progress: &dyn Progress,
) -> Result<(Model, Plan, Tally, Option<Precision>)> {
    if settings.replicates == 0 {
        return Err(Error::Settings("--replicates must be at least 1".into()));
    }
    if let Some(h) = settings.precision.filter(|h| !(*h > 0.0 && *h < 0.5)) {
        return Err(Error::Settings(format!("--precision is a half-width in (0, 0.5), found {h}")));
    }
    if let Some((i, n)) = settings.shard {
        if n == 0 || i >= n {
            return Err(Error::Settings(format!("--shard is I/N with 1 <= I <= N, found {}/{n}", i + 1)));
        }
        if settings.precision.is_some() {
            return Err(Error::Settings("--shard and --precision do not go together".into()));
        }
    }
    let model = Model::new(s);
    let plan = Plan::new(s, &model, settings.skip_type1);
    let work = || match settings.precision {
        None => {
            (simulate_range(s, &model, &plan, settings.seed, 0, settings.replicates, settings.shard, progress), None)
        }
        Some(h) => until_precise(s, &model, &plan, settings, h, progress),
    };
    let (tally, precision) = match settings.threads {
        None => work(),
        Some(0) => return Err(Error::Settings("--threads must be at least 1".into())),
        Some(t) => rayon::ThreadPoolBuilder::new()
            .num_threads(t)
            .build()
            .map_err(|e| Error::Settings(format!("cannot start {t} threads: {e}")))?
            .install(work),
    };
    Ok((model, plan, tally, precision))
}

/// The largest 95 % Clopper-Pearson half-width of the comparisons' power.
fn half_width(tally: &Tally) -> f64 {
    tally
        .rejections
        .iter()
        .map(|&x| {
            let share = Share::new(x, tally.replicates);
            (share.ci95[1] - share.ci95[0]) / 2.0
        })
        .fold(0.0, f64::max)
}

/// Batches until every power's half-width is at most `h`. Each next size is projected from
/// the tally so far, so it depends only on the seed, never on the threads.
fn until_precise(
    s: &Scenario,
    model: &Model,
    plan: &Plan,
    settings: &RunSettings,
    h: f64,
    progress: &dyn Progress,
) -> (Tally, Option<Precision>) {
    let cap = settings.max_replicates.max(1);
    let mut done = FIRST_BATCH.min(cap);
    progress.set_total(done);
    let mut tally = simulate_range(s, model, plan, settings.seed, 0, done, None, progress);
    loop {
        let reached = half_width(&tally);
        if reached <= h || done >= cap {
            return (tally, Some(Precision { target: h, half_width: reached, met: reached <= h }));
        }
        // R ~ z^2 p (1 - p) / h^2, with p (1 - p) at least 1/R so that 0 rejections still grow.
        let z = trialsim_stats::special::normal_quantile(0.975);
        let needed = tally
            .rejections
            .iter()
            .map(|&x| {
                let p = x as f64 / done as f64;
                let v = (p * (1.0 - p)).max(1.0 / done as f64);
                (1.05 * z * z * v / (h * h)).ceil() as u64
            })
            .max()
            .unwrap_or(done);
        let next = needed.max(done + done / 4).div_ceil(BLOCK).saturating_mul(BLOCK).min(cap);
        progress.set_total(next);
        tally = tally.merge(simulate_range(s, model, plan, settings.seed, done, next, None, progress));
        done = next;
    }
}

/// Tally replicates `start..end` in parallel blocks of [`BLOCK`] replicates (with a
/// shard `(i, n)`, only the blocks b with b % n == i).
#[allow(clippy::too_many_arguments)]
pub fn simulate_range(
    s: &Scenario,
    model: &Model,
    plan: &Plan,
    seed: u64,
    start: u64,
    end: u64,
    shard: Option<(u64, u64)>,
    progress: &dyn Progress,
) -> Tally {
    let generator = stream::generator(seed);
    (start / BLOCK..end.div_ceil(BLOCK))
        .into_par_iter()
        .filter(|b| shard.is_none_or(|(i, n)| b % n == i))
        .fold(
            || (Tally::new(s, plan), TrialBuffer::new(model), generator.clone()),
            |(mut tally, mut buf, mut rng), b| {
                let (from, to) = ((b * BLOCK).max(start), ((b + 1) * BLOCK).min(end));
                for r in from..to {
                    for (w, world) in plan.worlds.iter().enumerate() {
                        trial::simulate(model, world, &mut rng, r, &mut buf);
                        tally.record(s, plan, w, &buf);
                    }
                }
                progress.advance(to - from);
                (tally, buf, rng)
            },
        )
        .map(|(tally, _, _)| tally)
        .reduce(|| Tally::new(s, plan), Tally::merge)
}
