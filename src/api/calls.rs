//! The calls: run, check, sweep, size, simon and export, each as the command line does it.

use super::input::ScenarioInput;
use crate::error::{Result, SettingsError};
use crate::evaluation::patients::patients;
use crate::evaluation::{Evaluation, Progress, RunSettings};
use crate::output::design;
use crate::output::export::patients_csv;
use crate::output::sweep_rows::{self, Stamp, SweepRow};
use crate::scenario::provenance::sha256;
use crate::scenario::{Axis, Scenario};
use crate::size::simon::{SimonDesigns, designs};
use crate::size::{Search, SizeResult};
use crate::sweep::Grid;

/// A run's options; `None` takes the scenario's `[simulation]` (or all cores).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Options {
    pub replicates: Option<u64>,
    pub seed: Option<u64>,
    pub threads: Option<usize>,
    /// Skip the null worlds (type-I error, FWER), as `--skip-type1`.
    pub skip_type1: bool,
}

impl Options {
    /// The run settings of `s` with these options.
    pub fn settings(&self, s: &Scenario) -> RunSettings {
        let scenario = RunSettings::from_scenario(s);
        RunSettings {
            replicates: self.replicates.unwrap_or(scenario.replicates),
            seed: self.seed.unwrap_or(scenario.seed),
            threads: self.threads,
            skip_type1: self.skip_type1,
            ..scenario
        }
    }
}

/// `trialsim run`: the result the JSON output is made from.
pub fn run(input: &ScenarioInput, options: &Options, progress: &dyn Progress) -> Result<Evaluation> {
    let s = input.load()?;
    crate::evaluation::run(&s, &options.settings(&s), progress)
}

/// `trialsim check`: the design as `check` prints it (the scenario is valid when this
/// returns).
pub fn check(input: &ScenarioInput) -> Result<String> {
    Ok(design::describe(&input.load()?))
}

/// A sweep's axes and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Sweep {
    /// The varied paths: the scenario's `[[sweep]]` axes, then those asked for.
    pub axes: Vec<Axis>,
    /// One row per point and endpoint entry, in grid order.
    pub rows: Vec<SweepRow>,
}

impl Sweep {
    /// The rows as `trialsim sweep --format json` writes them.
    pub fn json_lines(&self) -> String {
        sweep_rows::render(crate::output::Format::Json, &self.axes, &self.rows)
    }
}

/// `trialsim sweep --vary SPEC ...`: the rows of every point, in grid order (the sweep's
/// own `[[sweep]]` axes and then `vary`, each `PATH=VALUES`).
pub fn sweep(input: &ScenarioInput, vary: &[String], options: &Options, progress: &dyn Progress) -> Result<Sweep> {
    let s = input.load()?;
    let extra = vary.iter().map(|spec| Axis::parse(spec)).collect::<std::result::Result<Vec<_>, _>>()?;
    let grid = Grid::new(&s, extra, None)?;
    let scenarios = grid.scenarios(&s)?;
    let settings = options.settings(&s);
    settings.check()?;
    let stamp = Stamp {
        scenario: s.origin.fingerprint().hex(),
        run: grid.fingerprint(&s, &settings, "json"),
        seed: settings.seed,
        scenario_sha256: sha256(&s.origin.text),
    };
    let mut rows = Vec::new();
    let mut write = |point: &crate::sweep::Point, e: &Evaluation| -> Result<()> {
        rows.extend(sweep_rows::rows(point, e, &stamp));
        Ok(())
    };
    crate::sweep::run(&grid, &scenarios, 0, &settings, progress, &mut write)?;
    Ok(Sweep { axes: grid.axes.clone(), rows })
}

/// `trialsim size`: the sample-size search.
pub fn size(input: &ScenarioInput, search: &Search, options: &Options, progress: &dyn Progress) -> Result<SizeResult> {
    let s = input.load()?;
    crate::size::search(&s, search, &options.settings(&s), progress)
}

/// `trialsim simon`: Simon's optimal and minimax designs.
pub fn simon(p0: f64, p1: f64, alpha: f64, power: f64, nmax: u32) -> Result<SimonDesigns> {
    designs(p0, p1, alpha, power, nmax)
}

/// `trialsim export --replicate K`: the CSV of replicate `replicate`'s patients (of the run
/// with these options: the seed, and the replicates it has).
pub fn export(input: &ScenarioInput, replicate: u64, options: &Options) -> Result<String> {
    let s = input.load()?;
    let settings = options.settings(&s);
    if replicate >= settings.replicates {
        return Err(SettingsError::Replicate { replicate, replicates: settings.replicates }.into());
    }
    Ok(patients_csv(&s, settings.seed, &patients(&s, settings.seed, replicate)))
}
