//! Sweeps: one scenario over a grid of values, every point on the same random streams
//! (common random numbers), written point by point in grid order so that a killed sweep
//! can be resumed into exactly the file an uninterrupted one writes.

pub mod file;
pub mod grid;
pub mod path;
pub mod rows;
pub mod size;

use crate::error::{Error, Result};
use crate::evaluation::{Evaluation, Progress, RunSettings, run};
use crate::scenario::Scenario;
use grid::Axis;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

/// The scenario of one grid point.
pub fn scenario_at(text: &str, file: &Path, axes: &[Axis], values: &[f64]) -> Result<Scenario> {
    let mut doc: toml::Table = toml::from_str(text).map_err(|e| Error::Settings(format!("{}: {e}", file.display())))?;
    for (axis, &v) in axes.iter().zip(values) {
        axis.path.set(&mut doc, v).map_err(Error::Settings)?;
    }
    let changed = toml::to_string(&doc).map_err(|e| Error::Settings(e.to_string()))?;
    Scenario::parse(&changed, file).map_err(|e| {
        let at: Vec<String> = axes.iter().zip(values).map(|(a, v)| format!("{} = {v}", a.path.text)).collect();
        Error::Settings(format!("the grid point {} is not a valid scenario: {}", at.join(", "), e.message))
    })
}

/// Receives each grid point's index, values and evaluation, in grid order.
pub type PointWriter<'a> = dyn FnMut(usize, &[f64], &Evaluation) -> Result<()> + Send + 'a;

/// Run grid points `first..` and hand each point's evaluation to `write` in grid order, as
/// soon as it and every point before it are done. Points and replicates run in parallel.
#[allow(clippy::too_many_arguments)]
pub fn sweep(
    text: &str,
    file: &Path,
    axes: &[Axis],
    settings: &RunSettings,
    first: usize,
    shard: Option<(u64, u64)>,
    progress: &dyn Progress,
    write: &mut PointWriter<'_>,
) -> Result<()> {
    let all = grid::points(axes);
    // A shard (i, n) runs the points k with k % n == i; they are written in grid order.
    let chosen: Vec<usize> = (0..all.len()).filter(|k| shard.is_none_or(|(i, n)| *k as u64 % n == i)).collect();
    let points: Vec<Vec<f64>> = chosen.iter().map(|&k| all[k].clone()).collect();
    // Check every point before simulating any.
    let scenarios: Vec<Scenario> =
        points.iter().skip(first).map(|p| scenario_at(text, file, axes, p)).collect::<Result<_>>()?;
    let state = Mutex::new((first, BTreeMap::<usize, Evaluation>::new(), None::<Error>, write));
    let inner = RunSettings { threads: None, ..*settings };
    let work = || {
        scenarios.par_iter().enumerate().for_each(|(k, s)| {
            let i = first + k;
            let result = run(s, &inner, progress);
            let mut guard = state.lock().expect("sweep state");
            let (next, pending, failure, write) = &mut *guard;
            if failure.is_some() {
                return;
            }
            match result {
                Err(e) => *failure = Some(e),
                Ok(evaluation) => {
                    pending.insert(i, evaluation);
                    while let Some(e) = pending.remove(next) {
                        if let Err(err) = write(chosen[*next], &points[*next], &e) {
                            *failure = Some(err);
                            return;
                        }
                        *next += 1;
                    }
                }
            }
        })
    };
    match settings.threads {
        None => work(),
        Some(t) => rayon::ThreadPoolBuilder::new()
            .num_threads(t.max(1))
            .build()
            .map_err(|e| Error::Settings(format!("cannot start {t} threads: {e}")))?
            .install(work),
    }
    let (_, _, failure, _) = state.into_inner().expect("sweep state");
    failure.map_or(Ok(()), Err)
}
