//! The command line: every argument typed and range-checked when it is parsed.

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use trialsim::evaluation::{RunSettings, Shard, memory};
use trialsim::output::Format;
use trialsim::size::SizeTarget;

/// Most worker threads a run may ask for.
const MAX_THREADS: u64 = 1024;

/// Patient-level Monte Carlo simulation of clinical trials: power, type-I error and the
/// spread of observed response rates of a trial design.
#[derive(Debug, Parser)]
#[command(name = "trialsim", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a scenario and print the design (arm sizes, visits, levels, endpoints).
    Check(CheckArgs),
    /// Simulate a scenario and report power, type-I error and observed rates.
    Run(RunArgs),
    /// Simon's optimal and minimax two-stage designs (exact binomial).
    Simon(SimonArgs),
    /// A total sample size reaching a power, and the smallest from which power stays there.
    ///
    /// Bisection on common random numbers, simulated power at every size above its answer
    /// until a run of sizes reaches the target, and exact power at every size searched
    /// where it is computable.
    Size(SizeArgs),
    /// Write the patients of one simulated trial (replicate K), visit by visit, as CSV.
    Export(ExportArgs),
    /// Show the analysis of one simulated trial (replicate K): each endpoint's data per
    /// arm and its test's estimate, standard error, statistic, p-value, intervals and
    /// decision, as the engine tallies them.
    Analyse(AnalyseArgs),
    /// Simulate and write one self-contained HTML report with inline SVG charts.
    Report(ReportArgs),
    /// Combine the JSON outputs of `run --shard` into the output of the unsharded run.
    Merge(MergeArgs),
    /// Run a scenario over a grid of values (common random numbers), one row per point
    /// and endpoint, written as each point completes.
    Sweep(SweepArgs),
    /// Write the JSON Schema of scenario files or of the JSON outputs.
    Schema(SchemaArgs),
}

/// A `--format` that takes the given formats.
fn formats(allowed: &'static [&'static str]) -> impl TypedValueParser<Value = Format> {
    PossibleValuesParser::new(allowed).map(|s| s.parse::<Format>().expect("one of the possible values"))
}

/// A `size --target`.
fn size_target() -> impl TypedValueParser<Value = SizeTarget> {
    PossibleValuesParser::new(SizeTarget::NAMES).map(|s| SizeTarget::parse(&s).expect("one of the possible values"))
}

/// A target precision: a half-width in (0, 0.5).
fn half_width(text: &str) -> Result<f64, String> {
    let h: f64 = text.parse().map_err(|_| format!("`{text}` is not a number"))?;
    if h > 0.0 && h < 0.5 { Ok(h) } else { Err(format!("expected a half-width in (0, 0.5), found {h}")) }
}

/// A probability strictly between 0 and 1.
fn open_unit(text: &str) -> Result<f64, String> {
    let p: f64 = text.parse().map_err(|_| format!("`{text}` is not a number"))?;
    if p > 0.0 && p < 1.0 { Ok(p) } else { Err(format!("expected a number in (0, 1), found {p}")) }
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The scenario TOML file.
    pub file: PathBuf,
}

/// How many trials to simulate, from which seed, on how many threads: shared by `run`,
/// `sweep`, `size` and `report`.
#[derive(Debug, clap::Args)]
pub struct Simulation {
    /// Simulated trials (per point of a sweep, per size of a search) [default: the
    /// scenario's simulation.replicates].
    #[arg(long, short = 'n', value_parser = clap::value_parser!(u64).range(1..))]
    pub replicates: Option<u64>,
    /// Random seed, shared by every point and size [default: the scenario's simulation.seed].
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads [default: one per core]. Results do not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=MAX_THREADS))]
    pub threads: Option<u64>,
    /// The most memory a run may take, e.g. 16G or 500MB [default: half of the machine's].
    #[arg(long, value_name = "SIZE", value_parser = memory::parse_size)]
    pub max_memory: Option<u64>,
}

impl Simulation {
    /// The scenario's settings with these replicates, seed and threads.
    pub fn settings(&self, s: &trialsim::Scenario) -> RunSettings {
        let scenario = RunSettings::from_scenario(s);
        RunSettings {
            replicates: self.replicates.unwrap_or(scenario.replicates),
            seed: self.seed.unwrap_or(scenario.seed),
            threads: self.threads.map(|t| t as usize),
            max_memory: self.max_memory,
            ..scenario
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// The scenario TOML file.
    pub file: PathBuf,
    #[command(flatten)]
    pub simulation: Simulation,
    /// Skip the null-twin simulation (no type-I error; about twice as fast).
    #[arg(long)]
    pub skip_type1: bool,
    /// Run replicates in batches until the 95% half-width of every endpoint's power is at
    /// most H (the stopping point depends only on the seed).
    #[arg(long, value_name = "H", value_parser = half_width)]
    pub precision: Option<f64>,
    /// With --precision: the most replicates to run [default: 10,000,000].
    #[arg(long, value_name = "N", requires = "precision", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_replicates: Option<u64>,
    /// Output format.
    #[arg(long, default_value = "table", value_parser = formats(&["table", "json"]))]
    pub format: Format,
    /// Write the output to this file (atomically) instead of standard output.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// Simulate only shard I of N (replicate blocks); needs --format json. Combine the
    /// shards with `trialsim merge`.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<Shard>,
    /// Also write the charts as separate SVG files into this folder.
    #[arg(long, value_name = "DIR")]
    pub plots: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct SweepArgs {
    /// The scenario TOML file (its [[sweep]] tables are axes too).
    pub file: PathBuf,
    /// An axis: PATH=VALUES, e.g. trial.sample_size=80:140:10 or arm[*].dropout=0,0.1,0.2.
    #[arg(long = "vary", value_name = "PATH=VALUES")]
    pub vary: Vec<String>,
    #[command(flatten)]
    pub simulation: Simulation,
    /// Skip the null twins (no type-I error).
    #[arg(long)]
    pub skip_type1: bool,
    /// Output format: CSV, or JSON lines (one object per row).
    #[arg(long, default_value = "csv", value_parser = formats(&["csv", "json"]))]
    pub format: Format,
    /// Write to this file, point by point [default: standard output].
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// Keep the complete points already in --output and run the rest.
    #[arg(long, requires = "output")]
    pub resume: bool,
    /// Run only the grid points i with i % N == I - 1 (concatenate shards' rows by point).
    #[arg(long, value_name = "I/N")]
    pub shard: Option<Shard>,
    /// Also write power curves (per endpoint, against the first axis) as SVG into this folder.
    #[arg(long, value_name = "DIR")]
    pub plots: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The scenario TOML file.
    pub file: PathBuf,
    /// The HTML file to write.
    #[arg(long, short = 'o')]
    pub output: PathBuf,
    /// A sweep's CSV output, for power curves.
    #[arg(long, value_name = "RESULTS")]
    pub sweep: Option<PathBuf>,
    #[command(flatten)]
    pub simulation: Simulation,
}

/// One simulated trial: a scenario, a replicate of a run and its seed.
#[derive(Debug, clap::Args)]
pub struct OneTrial {
    /// The scenario TOML file.
    pub file: PathBuf,
    /// The replicate (0-based), as numbered in a run with the same seed.
    #[arg(long)]
    pub replicate: u64,
    /// The replicates of that run [default: the scenario's simulation.replicates].
    #[arg(long, short = 'n', value_parser = clap::value_parser!(u64).range(1..))]
    pub replicates: Option<u64>,
    /// Random seed [default: the scenario's].
    #[arg(long)]
    pub seed: Option<u64>,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub trial: OneTrial,
    /// `csv`: the patients visit by visit; `adam`: CDISC ADaM datasets (ADSL, ADLB, ADQS, a
    /// responder dataset per binary endpoint, ADTTE), each as CSV and Dataset-JSON 1.1, into
    /// the directory `--output` names.
    #[arg(long, default_value = "csv", value_parser = PossibleValuesParser::new(["csv", "adam"]))]
    pub format: String,
    /// Write to this file (atomically) instead of standard output; with `--format adam`, the
    /// directory to write the datasets into (each file atomically).
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct AnalyseArgs {
    #[command(flatten)]
    pub trial: OneTrial,
    /// Output format.
    #[arg(long, default_value = "table", value_parser = formats(&["table", "json"]))]
    pub format: Format,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Which schema: `scenario` (a scenario file as JSON) or `output` (the JSON outputs).
    #[arg(value_parser = PossibleValuesParser::new(["scenario", "output"]))]
    pub which: String,
    /// Write the schema to this file (atomically) instead of standard output.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// The shard files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, default_value = "json", value_parser = formats(&["json", "table"]))]
    pub format: Format,
    /// Write the output to this file (atomically) instead of standard output.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct SizeArgs {
    /// The scenario TOML file.
    pub file: PathBuf,
    /// The power to reach.
    #[arg(long, value_parser = open_unit)]
    pub target_power: f64,
    /// The endpoint [default: the primary endpoint, else the first].
    #[arg(long)]
    pub endpoint: Option<String>,
    /// What reaches the target power: each compared arm's comparison (per-arm), at least
    /// one of the endpoint's comparisons (any), all of them (all), or the family-adjusted
    /// power of the hypothesis `--arm` names (family). any, all and family count the
    /// decisions after the [multiplicity] adjustment when the endpoint is in the family.
    #[arg(long, default_value = "per-arm", value_parser = size_target())]
    pub target: SizeTarget,
    /// The compared arm whose comparison is sized for (per-arm, family) [default: each].
    #[arg(long)]
    pub arm: Option<String>,
    /// Smallest total sample size searched.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..))]
    pub min: u32,
    /// Largest total sample size searched.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..))]
    pub max: u32,
    #[command(flatten)]
    pub simulation: Simulation,
    /// Output format.
    #[arg(long, default_value = "table", value_parser = formats(&["table", "json"]))]
    pub format: Format,
    /// Write the output to this file (atomically) instead of standard output.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct SimonArgs {
    /// Response rate of an inactive treatment.
    #[arg(long, value_parser = open_unit)]
    pub p0: f64,
    /// Response rate worth pursuing.
    #[arg(long, value_parser = open_unit)]
    pub p1: f64,
    /// Largest probability of declaring an inactive treatment active.
    #[arg(long, default_value_t = 0.05, value_parser = open_unit)]
    pub alpha: f64,
    /// Smallest probability of declaring an active treatment active.
    #[arg(long, default_value_t = 0.8, value_parser = open_unit)]
    pub power: f64,
    /// Largest total sample size searched (the search holds 16 nmax^2 bytes of binomial
    /// laws: 400 MB at 5,000).
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(2..=5000))]
    pub nmax: u32,
    /// Output format.
    #[arg(long, default_value = "table", value_parser = formats(&["table", "json"]))]
    pub format: Format,
    /// Write the output to this file (atomically) instead of standard output.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
}
