//! The floor: drawing only the random numbers the NCT05694130 design needs (per patient
//! one word for the baseline, one uniform for dropout, one normal per post-baseline visit),
//! 100,000 replicates of 110 patients, on the same streams and threads as the engine.
//! Run: cargo bench --bench floor

use criterion::{Criterion, criterion_group, criterion_main};
use rand::{Rng, RngExt};
use rand_distr::{Distribution, StandardNormal};
use rayon::prelude::*;
use std::hint::black_box;
use trialsim::model::stream;

fn floor(c: &mut Criterion) {
    let mut group = c.benchmark_group("floor");
    group.sample_size(10);
    group.bench_function("100k replicates x 110 patients x (2 + 3 normals)", |b| {
        b.iter(|| {
            let generator = stream::generator(20260122);
            let blocks = 100_000u64.div_ceil(256);
            let total: f64 = (0..blocks)
                .into_par_iter()
                .map_init(
                    || generator.clone(),
                    |rng, block| {
                        let mut acc = 0.0;
                        for r in block * 256..((block + 1) * 256).min(100_000) {
                            for arm in 0..2 {
                                stream::position(rng, r, arm);
                                for _ in 0..55 {
                                    acc += (rng.next_u64() >> 63) as f64;
                                    let stay: f64 = rng.random();
                                    acc += stay;
                                    for _ in 0..3 {
                                        let z: f64 = StandardNormal.sample(rng);
                                        acc += z;
                                    }
                                }
                            }
                        }
                        acc
                    },
                )
                .sum();
            black_box(total)
        })
    });
    group.finish();
}

criterion_group!(benches, floor);
criterion_main!(benches);
