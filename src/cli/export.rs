//! `trialsim export FILE --replicate K`: the patients of one simulated trial as CSV, or as
//! CDISC ADaM datasets (`--format adam --output DIR`).

use super::args::ExportArgs;
use super::usage::Usage;
use trialsim::evaluation::patients::patients;
use trialsim::output::{Target, adam, export, target};

pub fn export(a: ExportArgs) -> anyhow::Result<()> {
    let (s, seed, replicate) = a.trial.resolve()?;
    if a.format == "adam" {
        let Some(dir) = &a.output else {
            anyhow::bail!(Usage("--format adam writes one file per dataset: add --output DIR"));
        };
        target::not_an_input(dir, &[&a.trial.file])?;
        return Ok(target::files(dir, &adam::files(&s, seed, replicate))?);
    }
    let target = Target::new(a.output).not_one_of(&[&a.trial.file])?;
    Ok(target.write(&export::patients_csv(&s, seed, &patients(&s, seed, replicate)))?)
}
