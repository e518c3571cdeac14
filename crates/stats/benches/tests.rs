//! Each test of a binary endpoint: one p-value of a 55 vs 55 table, and the tabulation of
//! a whole rejection region (what a run does once). Run: cargo bench -p trialsim-stats --bench tests

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use trialsim_stats::decision::Decision;
use trialsim_stats::{Alternative, Test, binomial, two_sample_p_value};

fn tests(c: &mut Criterion) {
    let mut group = c.benchmark_group("tests");
    // The binary two-sample tests.
    for test in Test::ALL.into_iter().filter(|t| *t != Test::ExactBinomial) {
        let margin = if test.takes_margin() { 0.1 } else { 0.0 };
        let alternative = if test.takes_margin() { Alternative::Greater } else { Alternative::TwoSided };
        group.bench_function(format!("{} p-value 27/55 vs 15/55", test.as_str()), |b| {
            b.iter(|| two_sample_p_value(test, alternative, margin, black_box(27), 55, black_box(15), 55))
        });
        group.bench_function(format!("{} rejection region 55 x 55", test.as_str()), |b| {
            b.iter(|| Decision::two_sample(test, alternative, 0.05, margin, black_box(55), 55))
        });
    }
    group.bench_function("exact-binomial p-value 12/23 vs 0.2", |b| {
        b.iter(|| binomial::p_value(black_box(12), 23, 0.2, Alternative::TwoSided))
    });
    group.finish();
}

criterion_group!(benches, tests);
criterion_main!(benches);
