//! `trialsim size`: the answer of a sample-size search as a few lines.

use super::text::{interval, share};
use crate::size::{SizeResult, SizeTarget};
use std::fmt::Write;

pub fn table(r: &SizeResult) -> String {
    let mut out = String::new();
    let a = &r.answer;
    let [min, max] = r.search_range;
    let what = match r.target {
        SizeTarget::PerArm => "power",
        SizeTarget::Any => "power to reject at least one comparison",
        SizeTarget::All => "power to reject every comparison",
        SizeTarget::Family => "family-adjusted power",
        SizeTarget::Sequential => "power of the group-sequential design (a rejection at any look)",
    };
    let _ = writeln!(
        out,
        "{} ({} vs control): target {what} {}, total sizes {min} to {max} searched",
        r.endpoint, r.arm, r.target_power
    );
    let _ = writeln!(
        out,
        "  size found by bisection: {} (power {}, 95% CI {}, {} replicates)",
        a.sample_size,
        share(a.power.estimate),
        interval(a.power.ci),
        r.replicates
    );
    let split: Vec<String> = r.arms.iter().map(|arm| format!("{} {}", arm.name, arm.n)).collect();
    let _ = writeln!(out, "  per arm at {}: {} (allocation {})", a.sample_size, split.join(", "), r.allocation);
    for arm in r.arms.iter().filter(|arm| arm.power.is_some()) {
        let p = arm.power.expect("filtered");
        let exact = arm.exact_power.map_or(String::new(), |x| format!(", exact {}", share(x)));
        let _ = writeln!(out, "    {}: power {} {}{exact}", arm.name, share(p.estimate), interval(p.ci));
    }
    for n in &r.neighbours {
        let _ = writeln!(out, "  at {}: power {} {}", n.sample_size, share(n.power.estimate), interval(n.power.ci));
    }
    let last = r.scan.last().map_or(a.sample_size, |p| p.sample_size);
    let _ = write!(
        out,
        "  simulated, at or above the target at every size from {} to {last} (every size from {} to {last} simulated",
        r.sample_size_sustained, a.sample_size
    );
    let _ = writeln!(out, "{})", if last < max { format!("; also at {max}") } else { String::new() });
    let e = &r.exact;
    if let Some(why) = &e.unavailable {
        let _ = writeln!(out, "  exact: not enumerated: {why}");
        return out;
    }
    let _ = match e.smallest {
        Some(n) => {
            writeln!(out, "  exact, smallest size reaching the target: {n} (every size from {min} to {max} enumerated)")
        }
        None => writeln!(out, "  exact: no size from {min} to {max} reaches the target"),
    };
    let _ = match e.sustained {
        Some(n) => writeln!(out, "  exact, at or above the target at every size from {n} to {max}"),
        None if e.smallest.is_some() => writeln!(out, "  exact: below the target at {max}"),
        None => Ok(()),
    };
    let _ = writeln!(out, "\n{}", super::text::provenance_line(&r.provenance, Some(r.seed)));
    out
}
