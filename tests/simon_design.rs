//! A simon-two-stage scenario: simulated power, type-I error and early termination against
//! their exact values.

use crate::util::{mcse, simulate};
use std::path::Path;
use trialsim::Scenario;

const TOLERANCE_SE: f64 = 4.0;

#[test]
fn simulated_two_stage_operating_characteristics_match_exact_values() {
    let s = Scenario::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/NCT03918265-simon.toml")).unwrap();
    let replicates = 20_000;
    let r = simulate(&s, replicates, 77, None);
    let e = &r.endpoints[0];
    let t = e.simon.as_ref().expect("two-stage results");
    assert_eq!((t.r1, t.n1, t.r, t.n), (13, 29, 38, 76));
    let within = |sim: f64, exact: f64| (sim - exact).abs() <= TOLERANCE_SE * mcse(exact, replicates);
    let exact_power = e.exact_power.unwrap();
    assert!(within(e.power, exact_power), "power {} vs {exact_power}", e.power);
    let exact_type1 = e.exact_type1_error.unwrap();
    assert!(exact_type1 <= 0.025, "the design keeps alpha: {exact_type1}");
    assert!(within(e.type1_error.unwrap(), exact_type1), "type-I {:?} vs {exact_type1}", e.type1_error);
    assert!(within(t.early_termination, t.exact_early_termination));
    let (null_pet, exact_null_pet) = (t.early_termination_null.unwrap(), t.exact_early_termination_null.unwrap());
    assert!(within(null_pet, exact_null_pet), "{null_pet} vs {exact_null_pet}");
    // Published design: PET(p0) of 13/29 at p0 = 0.4 (trialsim simon prints 0.766).
    assert!((exact_null_pet - 0.766).abs() < 5e-4, "{exact_null_pet}");
    assert!((t.exact_expected_sample_size_null.unwrap() - 40.0).abs() < 0.05);
}
