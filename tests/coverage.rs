//! Interval coverage from simulation against the exact coverage of the Wilson and
//! Clopper-Pearson intervals for a single binomial.

use crate::util::{Builder, assert_share, simulate};
use trialsim::analysis::Method;
use trialsim_stats::special::binomial_pmf;
use trialsim_stats::{clopper_pearson, wilson};

fn exact_coverage(n: u32, p: f64, interval: impl Fn(u32) -> (f64, f64)) -> f64 {
    (0..=n)
        .filter(|&x| {
            let (lo, hi) = interval(x);
            lo <= p && p <= hi
        })
        .map(|x| binomial_pmf(x, n, p))
        .sum()
}

#[test]
fn simulated_coverage_matches_exact_coverage() {
    for (n, rate) in [(23u32, 0.478), (40, 0.15), (12, 0.5)] {
        let s = Builder::new("tests/scenarios/coverage.toml")
            .set("trial.sample_size", n as i64)
            .set("arm.0.rates.CR", vec![rate])
            .build();
        let replicates = 20_000;
        let result = simulate(&s, replicates, 17, None);
        let intervals = &result.endpoints[0].intervals;
        let wilson_exact = exact_coverage(n, rate, |x| wilson::interval(x, n, 0.05));
        let cp_exact = exact_coverage(n, rate, |x| clopper_pearson::interval(x as u64, n as u64, 0.05));
        // Clopper-Pearson never covers less than its level.
        assert!(cp_exact >= 0.95, "n {n} p {rate}: {cp_exact}");
        for (method, exact) in [(Method::Wilson, wilson_exact), (Method::ClopperPearson, cp_exact)] {
            let i = intervals.iter().find(|i| i.method == method).unwrap();
            assert!((i.true_value - rate).abs() < 1e-12);
            assert_share(i.coverage.estimate, exact, replicates, &format!("n {n} p {rate} {}", method.as_str()));
            assert!(i.mean_width.estimate > 0.0 && i.mean_width.estimate < 1.0);
        }
    }
}
