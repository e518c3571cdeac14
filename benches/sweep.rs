//! A sweep: NCT05694130's primary design over 4 sample sizes x 2 control rates, 10,000
//! replicates per point. Run: cargo bench --bench sweep

use criterion::{Criterion, criterion_group, criterion_main};
use std::path::Path;
use trialsim::Scenario;
use trialsim::evaluation::{Evaluation, RunSettings, Silent};
use trialsim::scenario::Axis;
use trialsim::sweep::{Grid, Point, run};

fn sweep_bench(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/NCT05694130-primary.toml");
    let s = Scenario::load(&path).unwrap();
    let axes = vec![
        Axis::parse("trial.sample_size=80:140:20").unwrap(),
        Axis::parse("arm[Prednisolone].rates.CR[2]=0.3,0.35").unwrap(),
    ];
    let grid = Grid::new(&s, axes, None).unwrap();
    let scenarios = grid.scenarios(&s).unwrap();
    let settings = RunSettings { replicates: 10_000, skip_type1: true, ..RunSettings::from_scenario(&s) };
    let mut group = c.benchmark_group("sweep");
    group.sample_size(10);
    group.bench_function("8 points x 10k replicates", |b| {
        b.iter(|| {
            let mut rows = 0usize;
            let mut write = |_: &Point, e: &Evaluation| {
                rows += e.endpoints.len();
                Ok(())
            };
            run(&grid, &scenarios, 0, &settings, &Silent, &mut write).unwrap();
            rows
        })
    });
    group.finish();
}

criterion_group!(benches, sweep_bench);
criterion_main!(benches);
