//! A simon-two-stage scenario: simulated power, type-I error and early termination against
//! their exact values.

use crate::util::{assert_share, load, simulate};

#[test]
fn simulated_two_stage_operating_characteristics_match_exact_values() {
    let s = load("scenarios/NCT03918265-simon.toml");
    let replicates = 20_000;
    let r = simulate(&s, replicates, 77, None);
    let e = &r.endpoints[0];
    let t = e.simon.as_ref().expect("two-stage results");
    assert_eq!((t.r1, t.n1, t.r, t.n), (13, 29, 38, 76));
    assert_share(e.power.estimate, e.exact_power.unwrap(), replicates, "power");
    let exact_type1 = e.exact_type1_error.unwrap();
    assert!(exact_type1 <= 0.025, "the design keeps alpha: {exact_type1}");
    assert_share(e.type1_error.unwrap().estimate, exact_type1, replicates, "type-I error");
    assert_share(t.early_termination.estimate, t.exact_early_termination, replicates, "early termination");
    let exact_null_pet = t.exact_early_termination_null.unwrap();
    assert_share(
        t.early_termination_null.unwrap().estimate,
        exact_null_pet,
        replicates,
        "early termination under the null",
    );
    // Published design: PET(p0) of 13/29 at p0 = 0.4 (trialsim simon prints 0.766).
    assert!((exact_null_pet - 0.766).abs() < 5e-4, "{exact_null_pet}");
    assert!((t.exact_expected_sample_size_null.unwrap() - 40.0).abs() < 0.05);
}
