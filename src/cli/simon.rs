//! `trialsim simon`: Simon's optimal and minimax two-stage designs.

use super::args::SimonArgs;
use trialsim::output::{Format, Target, simon};
use trialsim::size::simon::designs;

pub fn simon(a: SimonArgs) -> trialsim::Result<()> {
    let d = designs(a.p0, a.p1, a.alpha, a.power, a.nmax)?;
    let text = match a.format {
        Format::Json => serde_json::to_string(&d).expect("designs serialise") + "\n",
        _ => simon::table(&d),
    };
    Target::new(a.output).write(&text)
}
