//! `trialsim size FILE --target-power P`: a total sample size reaching a power (bisection),
//! the smallest from which power stays there, and the exact sizes.

use super::args::SizeArgs;
use super::bar::Bar;
use trialsim::output::{Format, Target, size};
use trialsim::size::{Search, search};
use trialsim::{Result, Scenario};

pub fn size(a: SizeArgs) -> Result<()> {
    let s = Scenario::load(&a.file)?;
    let target = Target::new(a.output).not_one_of(&[&a.file])?;
    let settings = a.simulation.settings(&s);
    let bar = Bar::new(0, false);
    let request =
        Search { endpoint: a.endpoint, target: a.target_power, measure: a.target, arm: a.arm, min: a.min, max: a.max };
    let r = search(&s, &request, &settings, &bar)?;
    bar.finish();
    let text = match a.format {
        Format::Json => serde_json::to_string_pretty(&r).expect("a search result serialises") + "\n",
        _ => size::table(&r),
    };
    target.write(&text)
}
