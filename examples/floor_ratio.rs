//! The engine against the random-number floor, measured side by side: rounds alternate
//! one run of each (100,000 replicates of `scenarios/NCT05694130-primary.toml`,
//! `--skip-type1`, and the floor of `benches/floor.rs`), so that both meet the same load on
//! the machine; the ratio is of the fastest rounds.
//!
//! Run: `cargo run --release --example floor_ratio [ROUNDS] [THREADS]`

use std::hint::black_box;
use std::time::Instant;
use trialsim::Scenario;
use trialsim::evaluation::{RunSettings, Silent, run};

#[path = "../benches/common/floor.rs"]
mod floor;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let rounds: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(10);
    let threads: Option<usize> = args.next().map(|a| a.parse()).transpose()?;
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/NCT05694130-primary.toml");
    let s = Scenario::load(&path)?;
    let settings = RunSettings {
        replicates: 100_000,
        seed: 20260122,
        skip_type1: true,
        threads,
        ..RunSettings::from_scenario(&s)
    };
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads.unwrap_or(0)).build()?;
    let (mut engine, mut draws) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let t = Instant::now();
        black_box(run(&s, &settings, &Silent)?);
        engine.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        black_box(pool.install(|| floor::draw(20260122, 100_000)));
        draws.push(t.elapsed().as_secs_f64());
    }
    let summary = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        (v[0], v[v.len() / 2])
    };
    let ((engine_min, engine_median), (floor_min, floor_median)) = (summary(&mut engine), summary(&mut draws));
    println!("engine: fastest {:.1} ms, median {:.1} ms", engine_min * 1e3, engine_median * 1e3);
    println!("floor:  fastest {:.1} ms, median {:.1} ms", floor_min * 1e3, floor_median * 1e3);
    println!(
        "ratio of the fastest: {:.2}, of the medians: {:.2}",
        engine_min / floor_min,
        engine_median / floor_median
    );
    Ok(())
}
