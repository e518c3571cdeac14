//! The engine on NCT05694130: 100,000 replicates of the registered scenario (8 endpoints,
//! 2 scores, a Holm family) with and without the null twin for type-I error, and of the
//! design with its primary endpoint only; and of the design with one interim analysis.
//! Run: cargo bench --bench engine

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
    // The design alone: 110 patients, 4 visits, chi-square on CR at week 12.
    let mut primary = s.clone();
    primary.endpoints.truncate(1);
    primary.multiplicity = None;
    primary.scores.clear();
    for arm in &mut primary.arms {
        arm.changes.clear();
    }
    let settings =
        RunSettings { replicates: 100_000, seed: 20260122, skip_type1: true, ..RunSettings::from_scenario(&primary) };
    group.bench_function("100k replicates, primary endpoint only, --skip-type1", |b| {
        b.iter(|| black_box(run(&primary, &settings, &Silent).expect("run")))
    });
    // Cost per patient-visit: 110 patients x 3 post-baseline visits x 100k replicates.
    group.throughput(criterion::Throughput::Elements(110 * 3 * 100_000));
    group.bench_function("patient-visits, primary endpoint only", |b| {
        b.iter(|| black_box(run(&primary, &settings, &Silent).expect("run")))
    });
    group.finish();
}

/// The design with one interim at half of the week-12 results
/// (`scenarios/NCT05694130-interim.toml`): every patient's visits in calendar time, two
/// looks; compare with `Rscript benches/rpact_sequential.R`.
fn interim(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/NCT05694130-interim.toml");
    let s = Scenario::load(&path).expect("scenario");
    let mut group = c.benchmark_group("NCT05694130-interim");
    group.sample_size(10);
    let settings =
        RunSettings { replicates: 100_000, seed: 20260122, skip_type1: true, ..RunSettings::from_scenario(&s) };
    group.bench_function("100k replicates, --skip-type1", |b| {
        b.iter(|| black_box(run(&s, &settings, &Silent).expect("run")))
    });
    group.finish();
}

criterion_group!(benches, nct05694130, interim);
criterion_main!(benches);
