//! `trialsim sweep FILE --vary PATH=VALUES ...`: a grid of scenarios, written point by point.

use super::args::SweepArgs;
use super::bar::Bar;
use trialsim::evaluation::RunSettings;
use trialsim::output::power_curves::power_curves;
use trialsim::output::sweep_file::{Resumed, SweepFile};
use trialsim::output::sweep_rows::{self, Stamp, SweepRow};
use trialsim::output::target;
use trialsim::scenario::Axis;
use trialsim::sweep::{Grid, run};
use trialsim::{Result, Scenario};

pub fn sweep(a: SweepArgs) -> Result<()> {
    let s = Scenario::load(&a.file)?;
    let extra = a.vary.iter().map(|spec| Axis::parse(spec)).collect::<std::result::Result<Vec<_>, _>>()?;
    let grid = Grid::new(&s, extra, a.shard)?;
    // Every point is checked before any output is opened or any point simulated.
    let scenarios = grid.scenarios(&s)?;
    let settings = RunSettings { skip_type1: a.skip_type1, ..a.simulation.settings(&s) };
    settings.check()?;
    if let Some(path) = &a.output {
        target::not_an_input(path, &[&a.file])?;
    }
    let header = sweep_rows::header(a.format, &grid.axes);
    let stamp = Stamp {
        scenario: s.origin.fingerprint().hex(),
        run: grid.fingerprint(&s, &settings, a.format.as_str()),
        seed: settings.seed,
        scenario_sha256: trialsim::scenario::provenance::sha256(&s.origin.text),
    };
    let names: Vec<String> = grid.axes.iter().map(|x| x.path.text.clone()).collect();
    // One row per endpoint entry, and one for a group-sequential design.
    let rows_per_point = s.entries() + usize::from(s.sequential.is_some());
    let order: Vec<usize> = grid.points.iter().map(|p| p.index).collect();
    let (mut file, first, mut rows) = match (&a.output, a.resume) {
        (Some(path), true) => {
            let Resumed { file, points, rows } =
                SweepFile::resume(path, &header, a.format, &names, &stamp.run, rows_per_point, &order)?;
            (Some(file), points, rows)
        }
        (Some(path), false) => (Some(SweepFile::create(path, &header)?), 0, Vec::new()),
        (None, _) => {
            target::stdout(&header)?;
            (None, 0, Vec::new())
        }
    };
    let bar =
        Bar::new(settings.replicates.saturating_mul((grid.points.len() - first.min(grid.points.len())) as u64), false);
    let axes = &grid.axes;
    let mut write = |point: &trialsim::sweep::Point, e: &trialsim::evaluation::Evaluation| -> Result<()> {
        let new: Vec<SweepRow> = sweep_rows::rows(point, e, &stamp);
        let text = sweep_rows::render(a.format, axes, &new);
        rows.extend(new);
        match file.as_mut() {
            Some(f) => f.append(&text),
            None => target::stdout(&text),
        }
    };
    run(&grid, &scenarios, first, &settings, &bar, &mut write)?;
    bar.finish();
    if let Some(dir) = &a.plots {
        target::files(dir, &power_curves(&names, &rows))?;
    }
    Ok(())
}
