//! `trialsim size`: the answer of a sample-size search as a few lines.

use super::text::{interval, share};
use crate::size::SizeResult;
use std::fmt::Write;

pub fn table(r: &SizeResult) -> String {
    let mut out = String::new();
    let a = &r.answer;
    let _ = writeln!(out, "{} ({} vs control): target power {}", r.endpoint, r.arm, r.target_power);
    let _ = writeln!(
        out,
        "  smallest total sample size: {} (power {}, 95% CI {}, {} replicates)",
        a.sample_size,
        share(a.power.estimate),
        interval(a.power.ci),
        r.replicates
    );
    for n in &r.neighbours {
        let _ = writeln!(out, "  at {}: power {} {}", n.sample_size, share(n.power.estimate), interval(n.power.ci));
    }
    match r.exact_sample_size {
        Some(n) => {
            let _ = writeln!(out, "  exact answer (enumeration): {n}");
        }
        None => {
            let _ = writeln!(out, "  exact answer: not computable for this endpoint");
        }
    }
    out
}
