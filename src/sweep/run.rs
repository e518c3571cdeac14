//! Running a grid: points and replicates in parallel, results handed over in grid order.

use super::grid::{Grid, Point};
use crate::error::{Error, Result};
use crate::evaluation::memory::{self, Need};
use crate::evaluation::settings::with_threads;
use crate::evaluation::{Evaluation, Progress, RunSettings, run as run_one};
use crate::scenario::Scenario;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::Mutex;

/// Receives each point and its evaluation, in grid order.
pub type PointWriter<'a> = dyn FnMut(&Point, &Evaluation) -> Result<()> + Send + 'a;

/// Run the grid's points from the `first` on (`scenarios` holds the scenario of every
/// point of the grid, from [`Grid::scenarios`]) and hand each point's evaluation to `write`
/// in grid order, as soon as it and every point before it are done.
pub fn run(
    grid: &Grid,
    scenarios: &[Scenario],
    first: usize,
    settings: &RunSettings,
    progress: &dyn Progress,
    write: &mut PointWriter<'_>,
) -> Result<()> {
    let state = Mutex::new((first, BTreeMap::<usize, Evaluation>::new(), None::<Error>, write));
    let inner = RunSettings { threads: None, ..*settings };
    // Up to one point per thread at once: each holds its design's tables; the threads'
    // tallies and trials are held once.
    let needs: Vec<Need> = scenarios.iter().skip(first).map(|s| memory::estimate(s, settings)).collect();
    let threads = settings.threads.unwrap_or_else(rayon::current_num_threads);
    let at_once = needs.len().min(threads) as u64;
    let design = needs.iter().map(|n| n.design).max().unwrap_or(0);
    if let Some(worst) = needs.iter().max_by_key(|n| n.threads) {
        memory::check(Need { design: design * at_once, ..*worst }, settings.max_memory)?;
    }
    let work = || {
        scenarios.par_iter().enumerate().skip(first).for_each(|(i, s)| {
            let result = run_one(s, &inner, progress);
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
                        if let Err(err) = write(&grid.points[*next], &e) {
                            *failure = Some(err);
                            return;
                        }
                        *next += 1;
                    }
                }
            }
        })
    };
    with_threads(settings.threads, work)?;
    let (_, _, failure, _) = state.into_inner().expect("sweep state");
    failure.map_or(Ok(()), Err)
}
