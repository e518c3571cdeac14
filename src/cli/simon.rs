//! `trialsim simon`: Simon's optimal and minimax two-stage designs.

use super::args::SimonArgs;
use trialsim::error::SimonError;
use trialsim::output::{Format, Target, simon};
use trialsim::stats::simon::search;

pub fn simon(a: SimonArgs) -> trialsim::Result<()> {
    if a.p0 >= a.p1 {
        return Err(SimonError::Inputs { p0: a.p0, p1: a.p1, alpha: a.alpha, power: a.power }.into());
    }
    let Some((optimal, minimax)) = search(a.p0, a.p1, a.alpha, a.power, a.nmax) else {
        return Err(SimonError::NoDesign { nmax: a.nmax, power: a.power, alpha: a.alpha }.into());
    };
    let text = match a.format {
        Format::Json => serde_json::json!({ "optimal": optimal, "minimax": minimax }).to_string() + "\n",
        _ => simon::table(a.p0, a.p1, a.alpha, a.power, &optimal, &minimax),
    };
    Target::new(a.output).write(&text)
}
