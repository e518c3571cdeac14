//! MMRM fits by REML: 110 patients, 4 post-baseline visits, about a quarter gone by the
//! last (`tests/fixtures/mmrm/data_dropout.csv`, the data set R's `nlme::gls` is timed on
//! in `benches/mmrm_nlme.R`), per covariance structure; one fit plus the contrast at the
//! last visit with Satterthwaite's degrees of freedom.
//! Run: cargo bench -p trialsim-stats --bench mmrm

use criterion::{Criterion, criterion_group, criterion_main};
use std::collections::BTreeMap;
use std::hint::black_box;
use trialsim_stats::Alternative;
use trialsim_stats::mmrm::{Covariance, DegreesOfFreedom, Mmrm};

/// The data set in wide form: per patient the arm, the baseline and the changes.
fn dropout() -> Vec<(usize, f64, [f64; 4])> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mmrm/data_dropout.csv");
    let text = std::fs::read_to_string(path).expect("the fixture");
    let mut patients: BTreeMap<u64, (usize, f64, [f64; 4])> = BTreeMap::new();
    for line in text.lines().skip(1) {
        let f: Vec<f64> = line.split(',').map(|x| x.parse().expect("a number")).collect();
        let entry = patients.entry(f[0] as u64).or_insert((f[1] as usize, f[3], [f64::NAN; 4]));
        entry.2[f[2] as usize - 1] = f[4];
    }
    patients.into_values().collect()
}

fn fits(c: &mut Criterion) {
    let data = dropout();
    let mut group = c.benchmark_group("mmrm");
    for covariance in [Covariance::Unstructured, Covariance::Ar1, Covariance::CompoundSymmetry] {
        let mut model = Mmrm::new(2, 4, covariance);
        group.bench_function(format!("{} fit, 110 patients x 4 visits", covariance.as_str()), |b| {
            b.iter(|| {
                model.clear();
                for (arm, baseline, changes) in &data {
                    model.push(*arm, black_box(*baseline), changes);
                }
                model.fit().expect("converges");
                model
                    .contrast(1, 0, 3, DegreesOfFreedom::Satterthwaite, Alternative::TwoSided, 0.95)
                    .expect("a contrast")
                    .p
            })
        });
    }
    group.finish();
}

criterion_group!(benches, fits);
criterion_main!(benches);
