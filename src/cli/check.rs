//! `trialsim check FILE`: validate a scenario and print the design.

use super::args::CheckArgs;
use trialsim::output::{Target, design};
use trialsim::{Result, Scenario};

pub fn check(a: CheckArgs) -> Result<()> {
    let s = Scenario::load(&a.file)?;
    Target::Stdout.write(&format!("{}ok: {} is valid\n", design::describe(&s), a.file.display()))
}
