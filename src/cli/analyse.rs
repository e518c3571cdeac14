//! `trialsim analyse FILE --replicate K`: the analysis of one simulated trial.

use super::args::AnalyseArgs;
use trialsim::Result;
use trialsim::analysis::one_trial::analyse_trial;
use trialsim::output::{Target, analysis};

pub fn analyse(a: AnalyseArgs) -> Result<()> {
    let (s, seed, replicate) = a.trial.resolve()?;
    let target = Target::new(a.output).not_one_of(&[&a.trial.file])?;
    target.write(&analysis::render(&analyse_trial(&s, seed, replicate), a.format))
}
