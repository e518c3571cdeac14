//! Second randomisation: event-free patients of an arm are randomised again into sub-arms
//! whose events follow their own probabilities, and endpoints compare the sub-arms.

use crate::util::{mcse, scenario, simulate};
use trialsim::model::{Model, TrialBuffer, stream, trial};

const TOLERANCE_SE: f64 = 4.0;

fn design(dropout: f64) -> String {
    format!(
        "[trial]\nname = \"rr\"\nsample_size = 300\nvisits = [0, 26, 52]\ncontrol = \"B\"\n\n\
         [marker]\nname = \"proteinuria\"\nhigher_is_better = false\nbaseline = {{ median = 0.15, log_sd = 0.6, min = 0.01, max = 0.5 }}\nresolution = 0.01\n\n\
         [[level]]\nname = \"Remission\"\nat_most = 0.5\n\n\
         [[event]]\nname = \"flare\"\nhorizon = 52\n\n\
         [[arm]]\nname = \"A\"\ndropout = {dropout}\nrates = {{ Remission = [0.9, 0.9] }}\nevents = {{ flare = 0.3 }}\n\n\
         [[arm]]\nname = \"B\"\ndropout = {dropout}\nrates = {{ Remission = [0.9, 0.9] }}\nevents = {{ flare = 0.2 }}\n\n\
         [[rerandomisation]]\narm = \"A\"\nweek = 26\nevent = \"flare\"\n\n\
         [[rerandomisation.subarm]]\nname = \"A1\"\nprobability = 0.4\n\n\
         [[rerandomisation.subarm]]\nname = \"A2\"\nallocation = 2\nprobability = 0.2\n\n\
         [[endpoint]]\nname = \"A1 vs A2\"\nkind = \"time-to-event\"\nevent = \"flare\"\nsubarms = [\"A1\", \"A2\"]\ntest = \"log-rank\"\n"
    )
}

#[test]
fn eligible_patients_are_split_by_allocation_and_follow_their_sub_arm() {
    let s = scenario(&design(0.0));
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
                assert!(p < buf.arm_start[1] && buf.event_raw[0][p] > 26.0);
            }
        }
        eligible += total as f64;
        patients += 150.0;
    }
    // Constant hazard: P(no flare by week 26) = (1 - 0.3)^(26 / 52).
    let expected = 0.7f64.sqrt();
    let share = eligible / patients;
    assert!((share - expected).abs() < TOLERANCE_SE * mcse(expected, patients as u64), "{share} vs {expected}");
}

#[test]
fn sub_arm_event_probabilities_and_type1_error() {
    let s = scenario(&design(0.1));
    let replicates = 6_000;
    let r = simulate(&s, replicates, 13, None);
    let e = &r.endpoints[0];
    assert_eq!(e.arm, "A1");
    assert_eq!(e.control.as_deref(), Some("A2"));
    for (arm, p) in e.arms.iter().zip([0.4, 0.2]) {
        let f = arm.event_probability.as_ref().unwrap();
        // Kaplan-Meier through dropout censoring recovers the sub-arm's probability.
        assert!((f.mean - p).abs() <= TOLERANCE_SE * f.mean_mcse, "{}: {} vs {p}", arm.name, f.mean);
    }
    assert!(e.power > 0.5, "{}", e.power);
    let t1 = e.type1_error.unwrap();
    assert!((t1 - 0.05).abs() <= TOLERANCE_SE * mcse(0.05, replicates), "{t1}");
}
