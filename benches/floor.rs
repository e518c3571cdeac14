//! The floor: drawing only the random numbers the NCT05694130 design needs (per patient
//! one word for the baseline, one uniform for dropout, one normal per post-baseline visit),
//! 100,000 replicates of 110 patients, on the same streams and threads as the engine.
//! Run: cargo bench --bench floor

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

#[path = "common/floor.rs"]
mod floor;

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("floor");
    group.sample_size(10);
    group.bench_function("100k replicates x 110 patients x (2 + 3 normals)", |b| {
        b.iter(|| black_box(floor::draw(20260122, 100_000)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
