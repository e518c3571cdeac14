//! Shards: a run split over machines by replicate blocks. Each shard's JSON is the run's
//! JSON for its share of replicates plus, under `"shard"`, its raw integer tally and the
//! scenario text; `merge` adds the tallies and evaluates, which gives exactly the unsharded
//! result.

use super::engine::{BLOCK, Simulated, simulate};
use super::evaluate::evaluate;
use super::plan::Plan;
use super::progress::Progress;
use super::result::Evaluation;
use super::settings::{RunSettings, Shard};
use super::tally::Tally;
use super::verify::verify;
use crate::error::{Error, MergeError, Result};
use crate::model::Model;
use crate::scenario::Scenario;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// What a shard adds to its JSON output under `"shard"`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ShardRecord {
    /// 1-based index and count.
    pub index: u64,
    pub count: u64,
    /// The scenario as run (its text, so that `merge` needs no other file).
    pub scenario_file: String,
    pub scenario_text: String,
    pub seed: u64,
    /// Replicates of the whole run (all shards).
    pub replicates: u64,
    pub skip_type1: bool,
    pub tally: Tally,
}

/// Simulate `shard` of the run `settings` describes and return the shard's JSON document.
pub fn run(s: &Scenario, settings: &RunSettings, shard: Shard, progress: &dyn Progress) -> Result<String> {
    let settings = RunSettings { shard: Some(shard), ..*settings };
    let simulated = simulate(s, &settings, progress)?;
    let evaluation = evaluate(s, &settings, &simulated);
    let record = ShardRecord {
        index: shard.index,
        count: shard.count,
        scenario_file: s.origin.file.display().to_string(),
        scenario_text: s.origin.text.clone(),
        seed: settings.seed,
        replicates: settings.replicates,
        skip_type1: settings.skip_type1,
        tally: simulated.tally,
    };
    let mut document = serde_json::to_value(&evaluation).expect("an evaluation serialises");
    document["shard"] = serde_json::to_value(&record).expect("a tally serialises");
    Ok(serde_json::to_string_pretty(&document).expect("a JSON value serialises") + "\n")
}

/// The replicates of `shard` of a run of `replicates`: those of the blocks it runs (every
/// `count`-th from block `index - 1`), the last block of the run maybe short.
fn replicates_of(shard: Shard, replicates: u64) -> u64 {
    let blocks = replicates.div_ceil(BLOCK);
    let first = shard.index - 1;
    if blocks <= first {
        return 0;
    }
    let own = (blocks - 1 - first) / shard.count + 1;
    let short = if shard.has(blocks - 1) { blocks * BLOCK - replicates } else { 0 };
    own * BLOCK - short
}

/// Read one shard file.
fn read(path: &Path) -> Result<ShardRecord> {
    let text =
        std::fs::read_to_string(path).map_err(|source| Error::Read { what: "shard", path: path.into(), source })?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| MergeError::NotJson { path: path.into(), message: e.to_string() })?;
    let record = value.get("shard").cloned().ok_or_else(|| MergeError::NotAShard { path: path.into() })?;
    Ok(serde_json::from_value(record).map_err(|e| MergeError::Damaged { path: path.into(), message: e.to_string() })?)
}

/// Combine shard files (written by a sharded run in JSON) into the scenario and the result
/// of the unsharded run.
pub fn merge(files: &[PathBuf]) -> Result<(Scenario, Evaluation)> {
    let mut shards: Vec<(&PathBuf, ShardRecord)> = Vec::new();
    for path in files {
        shards.push((path, read(path)?));
    }
    let Some((first_path, first)) = shards.first() else { return Err(MergeError::NoFiles.into()) };
    for (path, s) in &shards {
        let differs = [
            ("the scenario", s.scenario_text != first.scenario_text),
            ("the seed", s.seed != first.seed),
            ("the number of replicates", s.replicates != first.replicates),
            ("the number of shards", s.count != first.count),
            ("skipping the null twin", s.skip_type1 != first.skip_type1),
        ];
        if let Some((what, _)) = differs.iter().find(|d| d.1) {
            return Err(MergeError::DifferentRuns { what, first: (*first_path).clone(), other: (*path).clone() }.into());
        }
    }
    let mut indices: Vec<u64> = shards.iter().map(|(_, s)| s.index).collect();
    indices.sort_unstable();
    if indices != (1..=first.count).collect::<Vec<_>>() {
        return Err(MergeError::Incomplete { count: first.count, found: indices }.into());
    }
    let scenario = Scenario::parse(&first.scenario_text, Path::new(&first.scenario_file))?;
    let settings = RunSettings {
        replicates: first.replicates,
        seed: first.seed,
        skip_type1: first.skip_type1,
        ..RunSettings::from_scenario(&scenario)
    };
    let model = Model::new(&scenario);
    let plan = Plan::new(&scenario, &model, settings.skip_type1);
    // Every tally has the run's shape, counts within its replicates, and the replicates of
    // its blocks.
    let fresh = Tally::new(&scenario, &plan);
    for (path, s) in &shards {
        let shard = Shard { index: s.index, count: s.count };
        let expected = replicates_of(shard, s.replicates);
        let check = if s.tally.replicates != expected {
            Err(format!(
                "it holds {} replicates where shard {shard} of {} has {expected}",
                s.tally.replicates, s.replicates
            ))
        } else {
            verify(&s.tally, &fresh)
        };
        check.map_err(|message| MergeError::Inconsistent { path: (*path).clone(), message })?;
    }
    let mut records = shards.into_iter().map(|(_, s)| s.tally);
    let tally = records.next().map(|first| records.fold(first, Tally::merge)).expect("at least one shard");
    let evaluation = evaluate(&scenario, &settings, &Simulated { model, plan, tally, precision: None });
    Ok((scenario, evaluation))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_share_out_the_replicates() {
        for replicates in [1, 255, 256, 257, 1000, 2000, 100_000] {
            for count in 1..=5 {
                let shards: Vec<u64> =
                    (1..=count).map(|index| replicates_of(Shard { index, count }, replicates)).collect();
                assert_eq!(shards.iter().sum::<u64>(), replicates, "{replicates} in {count}");
                for (i, &r) in shards.iter().enumerate() {
                    let blocks = (0..replicates.div_ceil(BLOCK)).filter(|b| b % count == i as u64);
                    let direct: u64 = blocks.map(|b| ((b + 1) * BLOCK).min(replicates) - b * BLOCK).sum();
                    assert_eq!(r, direct, "shard {} of {count}, {replicates}", i + 1);
                }
            }
        }
    }
}
