//! The engine on NCT05694130: 100,000 replicates of the registered scenario, with and
//! without the null twin for type-I error. Run: cargo bench --bench engine

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;
use trialsim::Scenario;
use trialsim::evaluation::{RunSettings, Silent, run};

fn nct05694130(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/NCT05694130.toml");
    let s = Scenario::load(&path).expect("scenario");
    let mut group = c.benchmark_group("NCT05694130");
    group.sample_size(10);
    for skip_type1 in [false, true] {
        let name = if skip_type1 { "100k replicates, --skip-type1" } else { "100k replicates, with type-I error" };
        let settings =
            RunSettings { replicates: 100_000, seed: 20260122, skip_type1, ..RunSettings::from_scenario(&s) };
        group.bench_function(name, |b| b.iter(|| black_box(run(&s, &settings, &Silent).expect("run"))));
    }
    group.finish();
}

criterion_group!(benches, nct05694130);
criterion_main!(benches);
