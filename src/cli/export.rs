//! `trialsim export FILE --replicate K`: the patients of one simulated trial as CSV.

use super::args::ExportArgs;
use trialsim::Result;
use trialsim::evaluation::patients::patients;
use trialsim::output::{Target, export};

pub fn export(a: ExportArgs) -> Result<()> {
    let (s, seed, replicate) = a.trial.resolve()?;
    let target = Target::new(a.output).not_one_of(&[&a.trial.file])?;
    target.write(&export::patients_csv(&s, &patients(&s, seed, replicate)))
}
