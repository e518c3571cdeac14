//! Interval coverage from simulation against the exact coverage of the Wilson and
//! Clopper-Pearson intervals for a single binomial.

use crate::util::{mcse, scenario, simulate};
use trialsim_stats::special::binomial_pmf;
use trialsim_stats::{clopper_pearson, wilson};

const TOLERANCE_SE: f64 = 4.0;

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
        let text = format!(
            "[trial]\nname = \"c\"\ndesign = \"single-arm\"\nsample_size = {n}\nvisits = [0, 12]\n\n\
             [marker]\nname = \"platelets\"\nbaseline = {{ median = 15.0, log_sd = 0.6, min = 1.0, max = 30.0 }}\nresolution = 1.0\n\n\
             [[level]]\nname = \"CR\"\nat_least = 100.0\n\n\
             [[arm]]\nname = \"a\"\nrates = {{ CR = [{rate}] }}\n\n\
             [[endpoint]]\nname = \"CR\"\nlevels = [\"CR\"]\nweek = 12\nnull_rate = 0.2\n"
        );
        let s = scenario(&text);
        let replicates = 20_000;
        let result = simulate(&s, replicates, 17, None);
        let intervals = &result.endpoints[0].intervals;
        let wilson_exact = exact_coverage(n, rate, |x| wilson::interval(x, n, 0.05));
        let cp_exact = exact_coverage(n, rate, |x| clopper_pearson::interval(x as u64, n as u64, 0.05));
        // Clopper-Pearson never covers less than its level.
        assert!(cp_exact >= 0.95, "n {n} p {rate}: {cp_exact}");
        for (method, exact) in [("wilson", wilson_exact), ("clopper-pearson", cp_exact)] {
            let i = intervals.iter().find(|i| serde_json::to_value(i.method).unwrap() == method).unwrap();
            assert!((i.true_value - rate).abs() < 1e-12);
            let se = mcse(exact, replicates);
            assert!(
                (i.coverage - exact).abs() <= TOLERANCE_SE * se,
                "n {n} p {rate} {method}: simulated {} exact {exact}",
                i.coverage
            );
            assert!(i.mean_width > 0.0 && i.mean_width < 1.0);
        }
    }
}
