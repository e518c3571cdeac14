//! Second randomisation: event-free patients of an arm are randomised again into sub-arms
//! whose events follow their own probabilities, and endpoints compare the sub-arms.

use crate::util::{Builder, TOLERANCE_SE, assert_share, simulate};
use trialsim::model::{Model, TrialBuffer, stream, trial};

fn design(dropout: f64) -> Builder {
    Builder::new("tests/scenarios/rerandomisation.toml").set("arm.0.dropout", dropout).set("arm.1.dropout", dropout)
}

#[test]
fn eligible_patients_are_split_by_allocation_and_follow_their_sub_arm() {
    let s = design(0.0).build();
    let model = Model::new(&s);
    let mut buf = TrialBuffer::new(&model);
    let mut rng = stream::generator(3);
    let (mut eligible, mut patients) = (0.0, 0.0);
    for r in 0..400 {
        trial::simulate(&model, &model.actual, &mut rng, r, &mut buf);
        let subs = &buf.sub_arm[0];
        let n1 = subs.iter().filter(|&&x| x == 0).count();
        let n2 = subs.iter().filter(|&&x| x == 1).count();
        // 1:2 by the largest-remainder rule.
        let total = n1 + n2;
        assert_eq!(n1, trialsim::scenario::allocation::largest_remainder(total as u32, &[1.0, 2.0])[0] as usize);
        // Only arm A is randomised again, and only its patients free of the event at week 26.
        for (p, &sub) in subs.iter().enumerate() {
            if sub != u8::MAX {
                assert!(p < buf.arm_start[1] && buf.event_raw(0, p) > 26.0);
            }
        }
        eligible += total as f64;
        patients += 150.0;
    }
    // Constant hazard: P(no flare by week 26) = (1 - 0.3)^(26 / 52).
    let expected = 0.7f64.sqrt();
    let share = eligible / patients;
    assert_share(share, expected, patients as u64, "share of arm A randomised again");
}

#[test]
fn sub_arm_event_probabilities_and_type1_error() {
    let s = design(0.1).build();
    let replicates = 6_000;
    let r = simulate(&s, replicates, 13, None);
    let e = &r.endpoints[0];
    assert_eq!(e.arm, "A1");
    assert_eq!(e.control.as_deref(), Some("A2"));
    for (arm, p) in e.arms.iter().zip([0.4, 0.2]) {
        let f = arm.event_probability.as_ref().unwrap();
        // Kaplan-Meier through dropout censoring recovers the sub-arm's probability.
        let mean = f.mean;
        assert!((mean.estimate - p).abs() <= TOLERANCE_SE * mean.mcse, "{}: {} vs {p}", arm.name, mean.estimate);
    }
    assert!(e.power.estimate > 0.5, "{:?}", e.power);
    assert_share(e.type1_error.unwrap().estimate, 0.05, replicates, "type-I error");
}
