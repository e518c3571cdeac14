//! The parallel Monte Carlo engine: replicates in fixed blocks, each on its own random
//! stream, tallied in integers so that any number of threads gives the same result.

use super::memory;
use super::plan::Plan;
use super::progress::Progress;
use super::result::Precision;
use super::settings::{RunSettings, Shard, with_threads};
use super::tally::{Tally, Workspace};
use crate::error::Result;
use crate::model::{Model, trial};
use crate::scenario::Scenario;
use rayon::prelude::*;
use trialsim_stats::{Estimate, Z_CONFIDENCE};

/// Replicates per block: the unit of parallel work, of shards and of progress reports.
pub const BLOCK: u64 = 256;
/// The first batch of a run to a target precision.
pub const FIRST_BATCH: u64 = 4 * BLOCK;

/// A finished simulation: the scenario's model, the plan and the tally of every replicate.
#[derive(Debug, Clone)]
pub struct Simulated {
    pub model: Model,
    pub plan: Plan,
    pub tally: Tally,
    /// With a target precision: what was reached.
    pub precision: Option<Precision>,
}

/// Simulate every replicate (of the settings' shard) and return the raw tally.
pub fn simulate(s: &Scenario, settings: &RunSettings, progress: &dyn Progress) -> Result<Simulated> {
    settings.check()?;
    memory::check(memory::estimate(s, settings), settings.max_memory)?;
    let model = Model::new(s);
    let plan = Plan::new(s, &model, settings.skip_type1);
    let work = || match settings.precision {
        None => {
            (simulate_range(s, &model, &plan, settings.seed, 0..settings.replicates, settings.shard, progress), None)
        }
        Some(h) => until_precise(s, &model, &plan, settings, h, progress),
    };
    let (tally, precision) = with_threads(settings.threads, work)?;
    if progress.stopped() {
        return Err(crate::error::Error::Interrupted);
    }
    Ok(Simulated { model, plan, tally, precision })
}

/// The largest half-width of the comparisons' power intervals.
fn half_width(tally: &Tally) -> f64 {
    tally.rejections.iter().map(|&x| Estimate::share(x, tally.replicates).ci.half_width()).fold(0.0, f64::max)
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
    let cap = settings.max_replicates;
    let mut done = FIRST_BATCH.min(cap);
    progress.set_total(done);
    let mut tally = simulate_range(s, model, plan, settings.seed, 0..done, None, progress);
    loop {
        let reached = half_width(&tally);
        if reached <= h || done >= cap || progress.stopped() {
            return (tally, Some(Precision { target: h, half_width: reached, met: reached <= h }));
        }
        // R ~ z^2 p (1 - p) / h^2, with p (1 - p) at least 1/R so that 0 rejections still grow.
        let z = Z_CONFIDENCE;
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
        tally = tally.merge(simulate_range(s, model, plan, settings.seed, done..next, None, progress));
        done = next;
    }
}

/// Tally the replicates of `range` in parallel blocks of [`BLOCK`] replicates (with a
/// shard, only its blocks). A run of fewer blocks than twice the threads splits each into
/// equal parts, so that every thread has work: the tally is of integers, and each
/// replicate has its own stream, so how the work is split changes nothing in the result.
pub fn simulate_range(
    s: &Scenario,
    model: &Model,
    plan: &Plan,
    seed: u64,
    range: std::ops::Range<u64>,
    shard: Option<Shard>,
    progress: &dyn Progress,
) -> Tally {
    let (start, end) = (range.start, range.end);
    let units = 2 * rayon::current_num_threads();
    let blocks = start / BLOCK..end.div_ceil(BLOCK);
    let chosen = move |&b: &u64| shard.is_none_or(|shard| shard.has(b));
    let replicates = move |b: u64| (b * BLOCK).max(start)..((b + 1) * BLOCK).min(end);
    // Blocks are listed (to split them) only when there are few.
    if blocks.end - blocks.start >= units as u64 {
        tally_units(s, model, plan, seed, blocks.into_par_iter().filter(chosen).map(replicates), progress)
    } else {
        let listed = blocks.filter(chosen).map(replicates).collect();
        tally_units(s, model, plan, seed, split(listed, units).into_par_iter(), progress)
    }
}

/// Tally the replicates of every unit (a range of replicates) in parallel.
fn tally_units(
    s: &Scenario,
    model: &Model,
    plan: &Plan,
    seed: u64,
    units: impl ParallelIterator<Item = std::ops::Range<u64>>,
    progress: &dyn Progress,
) -> Tally {
    units
        .fold(
            || (Tally::new(s, plan), Workspace::new(s, model, plan, seed)),
            |(mut tally, mut ws), replicates| {
                // A stopped run skips what is left (and returns no result).
                if progress.stopped() {
                    return (tally, ws);
                }
                let done = replicates.end - replicates.start;
                for r in replicates {
                    for (w, world) in plan.worlds.iter().enumerate() {
                        trial::simulate(model, world, &mut ws.rng, r, &mut ws.trial);
                        tally.record(s, plan, w, &mut ws);
                    }
                }
                progress.advance(done);
                (tally, ws)
            },
        )
        .map(|(tally, _)| tally)
        .reduce(|| Tally::new(s, plan), Tally::merge)
}

/// `blocks` (ranges of replicates) as they are when there are at least `units` of them;
/// otherwise each split into as many equal parts as make `units` (no part empty).
fn split(blocks: Vec<std::ops::Range<u64>>, units: usize) -> Vec<std::ops::Range<u64>> {
    if blocks.is_empty() || blocks.len() >= units {
        return blocks;
    }
    let parts = units.div_ceil(blocks.len()) as u64;
    blocks
        .into_iter()
        .flat_map(|b| {
            let size = (b.end - b.start).div_ceil(parts).max(1);
            (b.start..b.end).step_by(size as usize).map(move |from| from..(from + size).min(b.end))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn few_blocks_are_split_for_every_thread_and_every_replicate_is_run_once() {
        let count = |units: &[std::ops::Range<u64>]| units.iter().map(|u| u.end - u.start).sum::<u64>();
        // Enough blocks: unchanged.
        let many: Vec<_> = (0..8).map(|b| b * BLOCK..(b + 1) * BLOCK).collect();
        assert_eq!(split(many.clone(), 4), many);
        // One block of 256 for 4 units: four of 64.
        assert_eq!(split(std::iter::once(0..256).collect(), 4), vec![0..64, 64..128, 128..192, 192..256]);
        // Three replicates cannot make four units: three of one.
        assert_eq!(split(std::iter::once(0..3).collect(), 4), vec![0..1, 1..2, 2..3]);
        // Two uneven blocks (a shard's, the last one short) for 6 units.
        let units = split(vec![256..512, 768..800], 6);
        assert_eq!(units.len(), 6);
        assert_eq!(count(&units), 256 + 32);
        assert!(units.windows(2).all(|w| w[0].end <= w[1].start), "{units:?}");
        assert!(split(Vec::new(), 4).is_empty());
    }
}
