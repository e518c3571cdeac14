//! `trialsim report FILE -o report.html`: one self-contained HTML page.

use super::args::ReportArgs;
use super::bar::Bar;
use trialsim::evaluation::run;
use trialsim::output::{report, sweep_rows, target};
use trialsim::{Result, Scenario};

pub fn report(a: ReportArgs) -> Result<()> {
    let s = Scenario::load(&a.file)?;
    let inputs: Vec<&std::path::Path> = std::iter::once(a.file.as_path()).chain(a.sweep.as_deref()).collect();
    target::not_an_input(&a.output, &inputs)?;
    let settings = a.simulation.settings(&s);
    // Read the sweep first: a bad file fails before any simulating.
    let sweep = a.sweep.as_deref().map(|path| sweep_rows::read_csv(path, &s)).transpose()?;
    let bar = Bar::new(settings.replicates, true);
    let result = run(&s, &settings, &bar)?;
    bar.finish();
    let html = report::html(&s, &result, sweep.as_ref().map(|(axes, rows)| (axes.as_slice(), rows.as_slice())));
    target::atomic(&a.output, &html)
}
