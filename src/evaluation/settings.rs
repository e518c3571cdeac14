//! How to run a scenario: replicates, seed, threads, the null twin, a target precision, a
//! shard of a run split over machines.

use crate::error::SettingsError;
use crate::scenario::Scenario;
use std::str::FromStr;

/// The default cap of a run to a target precision.
pub const DEFAULT_MAX_REPLICATES: u64 = 10_000_000;

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
    /// Simulate only this share of the replicate blocks.
    pub shard: Option<Shard>,
    /// The most memory the run may take, in bytes (`None`: half of the machine's).
    pub max_memory: Option<u64>,
}

/// Worker threads allowed per core of the machine (at least [`MIN_THREAD_LIMIT`] in all).
pub const THREADS_PER_CORE: usize = 16;
/// The fewest threads the limit allows on a small machine.
pub const MIN_THREAD_LIMIT: usize = 64;

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
            max_memory: None,
        }
    }

    /// Every setting in its range.
    pub fn check(&self) -> Result<(), SettingsError> {
        if self.replicates == 0 {
            return Err(SettingsError::NoReplicates);
        }
        if self.threads == Some(0) {
            return Err(SettingsError::NoThreads);
        }
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let limit = (THREADS_PER_CORE * cores).max(MIN_THREAD_LIMIT);
        if let Some(threads) = self.threads.filter(|&t| t > limit) {
            return Err(SettingsError::TooManyThreads { threads, limit, per_core: THREADS_PER_CORE });
        }
        if let Some(h) = self.precision {
            if !(h > 0.0 && h < 0.5) {
                return Err(SettingsError::Precision(h));
            }
            if self.max_replicates == 0 {
                return Err(SettingsError::NoMaxReplicates);
            }
            if self.shard.is_some() {
                return Err(SettingsError::ShardedPrecision);
            }
        }
        Ok(())
    }
}

/// Run `work` on `threads` worker threads (a pool of its own), or on the global pool (one
/// per core) when `None`.
pub fn with_threads<T: Send>(threads: Option<usize>, work: impl FnOnce() -> T + Send) -> Result<T, SettingsError> {
    match threads {
        None => Ok(work()),
        Some(threads) => Ok(rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|e| SettingsError::Threads { threads, message: e.to_string() })?
            .install(work)),
    }
}

/// Shard `index` of `count` (1-based): the replicate blocks (or sweep points) `b` with
/// `b % count == index - 1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl Shard {
    /// Is block (or point) `b` in this shard?
    #[inline]
    pub fn has(&self, b: u64) -> bool {
        b % self.count == self.index - 1
    }
}

impl FromStr for Shard {
    type Err = SettingsError;

    /// `I/N` with 1 <= I <= N.
    ///
    /// # Examples
    ///
    /// ```
    /// use trialsim::evaluation::Shard;
    /// let s: Shard = "2/3".parse().unwrap();
    /// assert_eq!((s.index, s.count), (2, 3));
    /// assert!(s.has(1) && s.has(4) && !s.has(0));
    /// assert!("0/3".parse::<Shard>().is_err() && "4/3".parse::<Shard>().is_err() && "2".parse::<Shard>().is_err());
    /// ```
    fn from_str(text: &str) -> Result<Shard, SettingsError> {
        let bad = || SettingsError::Shard(text.into());
        let (i, n) = text.split_once('/').ok_or_else(bad)?;
        let (index, count): (u64, u64) = (i.trim().parse().map_err(|_| bad())?, n.trim().parse().map_err(|_| bad())?);
        if index == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}
