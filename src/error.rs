//! Every error the library reports, one typed variant per cause. A message states its cause
//! once (the underlying I/O error, if any, is its `source`, not part of the message) and,
//! where it can, how to fix it. No message names a command-line flag: the library is also
//! called from R and Python.

use std::fmt;
use std::path::PathBuf;

/// Where in a scenario file something is wrong, and what was expected.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioError {
    /// The scenario file as the user named it.
    pub file: PathBuf,
    /// 1-based line of the offending key or value.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The key, as a dotted path such as `arm[1].rates.CR[2]` (empty for the whole file).
    pub key: String,
    /// What is wrong and what was expected.
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: ", self.file.display(), self.line, self.column)?;
        if !self.key.is_empty() {
            write!(f, "key `{}`: ", self.key)?;
        }
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for ScenarioError {}

/// A run setting out of range.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SettingsError {
    #[error("the number of replicates must be at least 1")]
    NoReplicates,
    #[error("the number of worker threads must be at least 1")]
    NoThreads,
    #[error("the target precision is a half-width in (0, 0.5), found {0}")]
    Precision(f64),
    #[error("the most replicates of a run to a precision must be at least 1")]
    NoMaxReplicates,
    #[error("a shard is I/N with 1 <= I <= N, found `{0}`")]
    Shard(String),
    #[error("a run to a precision cannot be sharded: its batches depend on the whole tally")]
    ShardedPrecision,
    #[error(
        "replicate {replicate} is not part of a run of {replicates} replicates (they are numbered from 0); give the run's number of replicates"
    )]
    Replicate { replicate: u64, replicates: u64 },
    #[error(
        "this run needs about {needed} of memory, most of it for {largest}, more than the limit of {limit}; raise the memory limit, use fewer threads, or simulate a smaller design"
    )]
    Memory { needed: String, limit: String, largest: &'static str },
    #[error("{threads} worker threads are more than {limit} ({per_core} per core of this machine)")]
    TooManyThreads { threads: usize, limit: usize, per_core: usize },
    #[error("cannot start {threads} worker threads: {message}")]
    Threads { threads: usize, message: String },
}

/// A sweep axis (`PATH=VALUES`) that cannot be read or applied.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AxisError {
    #[error("`{spec}`: expected PATH=VALUES, e.g. trial.sample_size=80:140:10")]
    Syntax { spec: String },
    #[error("`{path}`: {message}")]
    Path { path: String, message: String },
    #[error("`{text}`: {message}")]
    Values { text: String, message: String },
    #[error("a sweep needs at least one axis: a PATH=VALUES or a [[sweep]] table in the scenario")]
    None,
    #[error("the grid has {points} points, more than {limit}; sweep fewer values, or split the sweep into several")]
    TooManyPoints { points: String, limit: u64 },
}

/// Shard files that cannot be merged.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MergeError {
    #[error("no shard files were given")]
    NoFiles,
    #[error("shard {} is not JSON: {message}; merge the files written by `run --shard I/N --format json`", path.display())]
    NotJson { path: PathBuf, message: String },
    #[error("{} is not a shard: it was not written by a sharded run in JSON", path.display())]
    NotAShard { path: PathBuf },
    #[error("{} is a damaged shard: {message}", path.display())]
    Damaged { path: PathBuf, message: String },
    #[error("the shards come from different runs ({what} differs between {} and {})", first.display(), other.display())]
    DifferentRuns { what: &'static str, first: PathBuf, other: PathBuf },
    #[error("{} is not a consistent shard: {message}", path.display())]
    Inconsistent { path: PathBuf, message: String },
    #[error("expected each of the {count} shards once, found shards {found:?}")]
    Incomplete { count: u64, found: Vec<u64> },
}

/// A sample-size search that cannot be done.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SearchError {
    #[error("the scenario has no endpoint to size for")]
    NoEndpoint,
    #[error("unknown endpoint `{name}`; expected one of {expected}")]
    UnknownEndpoint { name: String, expected: String },
    #[error("expected a target power in (0, 1), found {0}")]
    Target(f64),
    #[error("--arm: unknown compared arm `{name}`; expected one of {expected}")]
    UnknownArm { name: String, expected: String },
    #[error(
        "--target family sizes for a hypothesis of the [multiplicity] family, and endpoint `{endpoint}` is not in it:          add it to [multiplicity] endpoints, or use --target per-arm, any or all"
    )]
    NotInFamily { endpoint: String },
    #[error("endpoint `{endpoint}` tests a trend over every arm at once: leave out --arm")]
    ArmOfTrend { endpoint: String },
    #[error(
        "--target sequential sizes for the power of a group-sequential design, and endpoint `{endpoint}` is not monitored: add [[analysis]] looks and a [group_sequential] section naming it, or use another --target"
    )]
    NotMonitored { endpoint: String },
    #[error("--target family sizes for one hypothesis: name its arm with --arm")]
    NameTheHypothesis,
    #[error("--target {target} takes every compared arm together; leave out --arm, or use --target per-arm")]
    ArmWithJointTarget { target: &'static str },
    #[error("expected sizes with 1 <= smallest <= largest, found {min} to {max}")]
    Range { min: u32, max: u32 },
    #[error(
        "the power at the largest size searched, {max}, is {power:.4}, below the target {target}; search larger sizes"
    )]
    BelowTarget { max: u32, power: f64, target: f64 },
}

/// Inputs of Simon's two-stage design search that have no answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SimonError {
    #[error(
        "expected 0 < p0 < p1 < 1 and alpha, power in (0, 1); found p0 {p0}, p1 {p1}, alpha {alpha}, power {power}"
    )]
    Inputs { p0: f64, p1: f64, alpha: f64, power: f64 },
    #[error(
        "no two-stage design with at most {nmax} patients reaches power {power} at alpha {alpha}; allow more patients"
    )]
    NoDesign { nmax: u32, power: f64, alpha: f64 },
    #[error("nmax {nmax} is out of range: expected 2 to {limit} (the search holds 16 nmax^2 bytes)")]
    Nmax { nmax: u32, limit: u32 },
}

/// A file of sweep results that cannot be read or continued.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SweepFileError {
    #[error("{} was not written by this sweep (its header or format differs); write to another file or start afresh", path.display())]
    Foreign { path: PathBuf },
    #[error("{} holds rows that are not this sweep's (another scenario, seed, number of replicates, axis, format or shard); write to another file or start afresh", path.display())]
    OtherRun { path: PathBuf },
    #[error("{}:{line}: {message}", path.display())]
    Row { path: PathBuf, line: usize, message: String },
    #[error("{} holds the sweep of another scenario than {}", path.display(), scenario.display())]
    OtherScenario { path: PathBuf, scenario: PathBuf },
}

/// Every error the library reports.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The caller stopped the run (Ctrl-C in R or Python, through `api::Interrupt`).
    #[error("interrupted: the run was stopped before it finished; nothing was written")]
    Interrupted,
    /// The scenario is not valid; nothing was simulated.
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    /// A file could not be read.
    #[error("cannot read {what} {}", path.display())]
    Read {
        /// What the file was to be: `scenario`, `shard`, `sweep results`.
        what: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// An output would replace one of the command's inputs.
    #[error("the output {} is an input of this command ({}); write the output to another file", output.display(), input.display())]
    Overwrite { output: PathBuf, input: PathBuf },
    /// An output could not be written.
    #[error("cannot write {}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Settings(#[from] SettingsError),
    #[error(transparent)]
    Axis(#[from] AxisError),
    #[error(transparent)]
    Merge(#[from] MergeError),
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error(transparent)]
    Simon(#[from] SimonError),
    #[error(transparent)]
    SweepFile(#[from] SweepFileError),
}

impl Error {
    /// The exit status of the command-line tool: 1 when an output cannot be written, 2 for
    /// every kind of bad input.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Write { .. } => 1,
            _ => 2,
        }
    }

    /// Was an output closed by its reader (`trialsim run ... | head`)? That is a normal end.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Write { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_error_states_its_cause_once() {
        let source = std::io::Error::new(std::io::ErrorKind::NotFound, "No such file or directory (os error 2)");
        let e = Error::Read { what: "scenario", path: "nope.toml".into(), source };
        assert_eq!(e.to_string(), "cannot read scenario nope.toml");
        let cause = std::error::Error::source(&e).expect("the I/O error is the source").to_string();
        assert_eq!(cause, "No such file or directory (os error 2)");
        assert_eq!(e.exit_code(), 2);
    }

    #[test]
    fn a_closed_pipe_is_recognised() {
        let source = std::io::Error::from(std::io::ErrorKind::BrokenPipe);
        let e = Error::Write { path: "standard output".into(), source };
        assert!(e.is_broken_pipe());
        assert_eq!(e.exit_code(), 1);
    }
}
