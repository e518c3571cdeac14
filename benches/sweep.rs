//! A sweep: NCT05694130's primary design over 4 sample sizes x 2 control rates, 10,000
//! replicates per point. Run: cargo bench --bench sweep

use criterion::{Criterion, criterion_group, criterion_main};
use std::path::Path;
use trialsim::Scenario;
use trialsim::evaluation::{RunSettings, Silent};
use trialsim::sweep::{grid, sweep};

fn sweep_bench(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/NCT05694130-primary.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let s = Scenario::parse(&text, &path).unwrap();
    let axes = vec![
        grid::parse_axis("trial.sample_size=80:140:20").unwrap(),
        grid::parse_axis("arm[Prednisolone].rates.CR[2]=0.3,0.35").unwrap(),
    ];
    let settings = RunSettings { replicates: 10_000, skip_type1: true, ..RunSettings::from_scenario(&s) };
    let mut group = c.benchmark_group("sweep");
    group.sample_size(10);
    group.bench_function("8 points x 10k replicates", |b| {
        b.iter(|| {
            let mut rows = 0usize;
            let mut write = |_: usize, _: &[f64], e: &trialsim::evaluation::Evaluation| {
                rows += e.endpoints.len();
                Ok(())
            };
            sweep(&text, &path, &axes, &settings, 0, None, &Silent, &mut write).unwrap();
            rows
        })
    });
    group.finish();
}

criterion_group!(benches, sweep_bench);
criterion_main!(benches);
