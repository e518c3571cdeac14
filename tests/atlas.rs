//! The type-I error atlas: exact tests never exceed alpha; the asymptotic ones the README
//! warns about do at small arms.

use trialsim::evaluation::atlas::atlas;
use trialsim_stats::{Alternative, Test};

const ALPHA: f64 = 0.05;

#[test]
fn exact_tests_never_exceed_alpha() {
    let sizes: Vec<u32> = (1..=11).map(|k| 10 * k).collect();
    let rates: Vec<f64> = (1..=19).map(|k| k as f64 * 0.05).collect();
    for alternative in Alternative::ALL {
        for c in atlas(&[Test::Fisher, Test::ExactBinomial], alternative, ALPHA, &sizes, &rates) {
            assert!(c.worst <= ALPHA, "{alternative:?}: {c:?}");
            assert!(c.worst > 0.0);
        }
    }
}

#[test]
fn asymptotic_tests_can_be_anticonservative_at_small_arms() {
    let rates: Vec<f64> = (1..=19).map(|k| k as f64 * 0.05).collect();
    let cells = atlas(&[Test::ChiSquare, Test::ZUnpooled], Alternative::TwoSided, ALPHA, &[10, 20, 30], &rates);
    let worst = |t: Test, n: u32| cells.iter().find(|c| c.test == t && c.n == n).unwrap().worst;
    assert!(worst(Test::ZUnpooled, 10) > 0.09, "the Wald test at 10 per arm");
    assert!(worst(Test::ChiSquare, 20) > ALPHA);
    assert!(worst(Test::ChiSquare, 10) < ALPHA);
}
