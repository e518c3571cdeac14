//! The simulated sustained size: simulated power at every size from the bisection's answer
//! upwards, on the same random streams, until a run of sizes all reach the target.

use super::sizes::PowerAt;
use crate::error::Result;

/// Consecutive sizes reaching the target that end the scan of simulated power.
pub const SUSTAIN_RUN: u32 = 20;

/// Simulated power (`at`) at every size from `from` upwards: up to the first size that
/// ends [`SUSTAIN_RUN`] consecutive sizes reaching `target`, all at or above `floor` (the
/// exact sustained size, where known: the scan then covers the whole of exact power's
/// saw-tooth), or up to `max`.
pub fn scan(
    from: u32,
    max: u32,
    target: f64,
    floor: u32,
    mut at: impl FnMut(u32) -> Result<PowerAt>,
) -> Result<Vec<PowerAt>> {
    let mut out = Vec::new();
    let mut reaching = 0;
    for n in from..=max {
        let p = at(n)?;
        reaching = if p.power.estimate >= target { reaching + 1 } else { 0 };
        out.push(p);
        if reaching >= SUSTAIN_RUN && n + 1 - SUSTAIN_RUN >= floor {
            break;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use trialsim_stats::Estimate;

    fn power(n: u32, p: f64) -> PowerAt {
        PowerAt { sample_size: n, power: Estimate::share((p * 1000.0) as u64, 1000), exact_power: None }
    }

    #[test]
    fn the_scan_ends_after_a_run_of_sizes_reaching_the_target() {
        // Reaching from 100, except at 103.
        let at = |n: u32| Ok(power(n, if n == 103 { 0.7 } else { 0.9 }));
        let sizes = |v: Vec<PowerAt>| v.iter().map(|p| p.sample_size).collect::<Vec<_>>();
        let run = SUSTAIN_RUN;
        assert_eq!(sizes(scan(100, 1000, 0.8, 100, at).unwrap()), (100..=103 + run).collect::<Vec<_>>());
        // A floor beyond the dip: the run starts at the floor at the earliest.
        assert_eq!(sizes(scan(100, 1000, 0.8, 110, at).unwrap()), (100..110 + run).collect::<Vec<_>>());
        // The largest size ends it.
        assert_eq!(sizes(scan(100, 110, 0.8, 100, at).unwrap()), (100..=110).collect::<Vec<_>>());
    }
}
