//! `trialsim export FILE --replicate K`: the patients of one simulated trial as CSV.

use super::args::ExportArgs;
use trialsim::error::SettingsError;
use trialsim::evaluation::patients::patients;
use trialsim::output::{Target, export};
use trialsim::{Result, Scenario};

pub fn export(a: ExportArgs) -> Result<()> {
    let s = Scenario::load(&a.file)?;
    let seed = a.seed.unwrap_or(s.simulation.seed);
    let replicates = a.replicates.unwrap_or(s.simulation.replicates);
    if a.replicate >= replicates {
        return Err(SettingsError::Replicate { replicate: a.replicate, replicates }.into());
    }
    let target = Target::new(a.output).not_one_of(&[&a.file])?;
    target.write(&export::patients_csv(&s, &patients(&s, seed, a.replicate)))
}
