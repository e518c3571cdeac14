//! Shards: a run split over machines by replicate blocks. Each shard's JSON carries its raw
//! integer tally; `merge` adds them and evaluates, which gives exactly the unsharded result.

use super::engine::RunSettings;
use super::model_plan;
use super::report::Evaluation;
use super::tally::Tally;
use crate::error::{Error, Result};
use crate::scenario::Scenario;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// What a shard adds to its JSON output under `"shard"`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Shard {
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

/// Parse `I/N` (1-based) into a 0-based `(i, n)`.
pub fn parse_shard(text: &str) -> Result<(u64, u64)> {
    let bad = || Error::Settings(format!("--shard takes I/N with 1 <= I <= N, e.g. 2/3; found `{text}`"));
    let (i, n) = text.split_once('/').ok_or_else(bad)?;
    let (i, n): (u64, u64) = (i.trim().parse().map_err(|_| bad())?, n.trim().parse().map_err(|_| bad())?);
    if i == 0 || i > n {
        return Err(bad());
    }
    Ok((i - 1, n))
}

/// Combine shard outputs (JSON files written by `run --shard I/N --format json`).
pub fn merge(files: &[impl AsRef<Path>]) -> Result<Evaluation> {
    let mut shards: Vec<Shard> = Vec::new();
    for f in files {
        let path = f.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read { path: path.to_path_buf(), source })?;
        let value: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| Error::Settings(format!("{}: not JSON: {e}", path.display())))?;
        let shard = value.get("shard").cloned().ok_or_else(|| {
            Error::Settings(format!("{} is not a shard: run with --shard I/N --format json", path.display()))
        })?;
        let shard: Shard = serde_json::from_value(shard)
            .map_err(|e| Error::Settings(format!("{}: a damaged shard: {e}", path.display())))?;
        shards.push(shard);
    }
    let Some(first) = shards.first() else { return Err(Error::Settings("no shard files given".into())) };
    for s in &shards {
        let same = s.count == first.count
            && s.scenario_text == first.scenario_text
            && s.seed == first.seed
            && s.replicates == first.replicates
            && s.skip_type1 == first.skip_type1;
        if !same {
            return Err(Error::Settings(
                "the shards come from different runs (scenario, seed, replicates or count differ)".into(),
            ));
        }
    }
    let mut indices: Vec<u64> = shards.iter().map(|s| s.index).collect();
    indices.sort_unstable();
    if indices != (1..=first.count).collect::<Vec<_>>() {
        return Err(Error::Settings(format!("expected each of the {} shards once, found {indices:?}", first.count)));
    }
    let scenario = Scenario::parse(&first.scenario_text, Path::new(&first.scenario_file))?;
    let settings = RunSettings {
        replicates: first.replicates,
        seed: first.seed,
        skip_type1: first.skip_type1,
        ..RunSettings::from_scenario(&scenario)
    };
    let (model, plan) = model_plan(&scenario, &settings);
    let first = first.clone();
    let tally = shards.into_iter().skip(1).fold(first.tally, |acc, s| acc.merge(s.tally));
    Ok(Evaluation::new(&scenario, &settings, &model, &plan, &tally, None))
}
