//! Fuzz target: sweep axes (`PATH=VALUES`, one per line) applied to a seed scenario: axis
//! parsing, the grid, and every grid point validated against the file. Nothing may panic,
//! hang or abort.
//!
//! Build and run (see the README): `cargo afl build --release` in `fuzz/`, then
//! `cargo afl fuzz -i corpus/paths -o out/paths target/release/paths`.

use std::path::Path;
use trialsim::Scenario;
use trialsim::scenario::Axis;
use trialsim::sweep::Grid;

/// Grids beyond this many points are refused by the grid itself; a few are enough here.
const MOST_POINTS: usize = 64;

const BASE: &str = include_str!("../../../scenarios/NCT05694130.toml");

fn main() {
    let base = Scenario::parse(BASE, Path::new("NCT05694130.toml")).expect("the seed scenario is valid");
    afl::fuzz!(|data: &[u8]| {
        let Ok(text) = std::str::from_utf8(data) else { return };
        let Ok(axes) = text.lines().map(Axis::parse).collect::<Result<Vec<_>, _>>() else { return };
        let Ok(grid) = Grid::new(&base, axes, None) else { return };
        for point in grid.points.iter().take(MOST_POINTS) {
            let _ = base.at(&grid.axes, &point.values);
        }
    });
}
