//! `trialsim run FILE`: simulate and report (or simulate one shard for `merge`).

use super::args::RunArgs;
use super::bar::Bar;
use super::usage::Usage;
use trialsim::Scenario;
use trialsim::evaluation::{RunSettings, run as simulate_run, shard};
use trialsim::output::{Format, Target, charts, exporter, target};

pub fn run(a: RunArgs) -> anyhow::Result<()> {
    if a.shard.is_some() && a.format != Format::Json {
        anyhow::bail!(Usage("--shard writes JSON for `trialsim merge`: add --format json"));
    }
    let s = Scenario::load(&a.file)?;
    let settings = RunSettings { skip_type1: a.skip_type1, precision: a.precision, ..a.simulation.settings(&s) };
    let settings = RunSettings { max_replicates: a.max_replicates.unwrap_or(settings.max_replicates), ..settings };
    let target = Target::new(a.output).not_one_of(&[&a.file])?;
    let bar = Bar::new(settings.replicates, true);
    if let Some(shard) = a.shard {
        let document = shard::run(&s, &settings, shard, &bar)?;
        bar.finish();
        return Ok(target.write(&document)?);
    }
    let result = simulate_run(&s, &settings, &bar)?;
    bar.finish();
    if let Some(dir) = &a.plots {
        target::files(dir, &charts::charts(&s, &result))?;
    }
    Ok(target.write(&exporter(a.format).render(&result))?)
}
