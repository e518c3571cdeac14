//! The random-number floor of the NCT05694130 design, shared by `benches/floor.rs` and
//! `examples/floor_ratio.rs`: per patient one word for the baseline, one uniform for
//! dropout and one normal per post-baseline visit, for `replicates` replicates of two arms
//! of 55 patients with 3 post-baseline visits, on the engine's streams, blocks and threads.

use rand::{Rng, RngExt};
use rand_distr::{Distribution, StandardNormal};
use rayon::prelude::*;
use trialsim::evaluation::engine::BLOCK;
use trialsim::model::stream;

/// Draw the numbers and return their sum (so that nothing is optimised away).
pub fn draw(seed: u64, replicates: u64) -> f64 {
    let generator = stream::generator(seed);
    (0..replicates.div_ceil(BLOCK))
        .into_par_iter()
        .map_init(
            || generator.clone(),
            |rng, block| {
                let mut acc = 0.0;
                for r in block * BLOCK..((block + 1) * BLOCK).min(replicates) {
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
        .sum()
}
