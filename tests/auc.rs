//! Area-under-the-curve endpoints (`kind = "auc"`): the time-averaged change from
//! baseline by the trapezoid rule, recounted patient by patient from the simulated scores;
//! its simulated mean equal to the time average of the specified mean changes; its type-I
//! error; and what cannot take it refused.

use crate::util::{TOLERANCE_SE, mcse, scenario, simulate, text};
use trialsim::analysis::one_trial::analyse_trial;
use trialsim::model::{Model, TrialBuffer, stream, trial};

/// NCT05694130 with the ESSPRI area under the change curve to week 12.
fn with_auc() -> String {
    text("scenarios/NCT05694130.toml").replace(
        "[simulation]",
        "[[endpoint]]\nname = \"ESSPRI AUC\"\nkind = \"auc\"\nscore = \"ESSPRI\"\nweek = 12\ntest = \"welch-t\"\n\
         alternative = \"less\"\nalpha = 0.025\n\n[simulation]",
    )
}

#[test]
fn the_area_is_recounted_from_the_simulated_scores() {
    let s = scenario(&with_auc());
    let e = s.endpoints.iter().position(|e| e.name == "ESSPRI AUC").unwrap();
    let k = s.scores.iter().position(|sc| sc.name == "ESSPRI").unwrap();
    let model = Model::new(&s);
    let mut buf = TrialBuffer::new(&model);
    let mut rng = stream::generator(3);
    let weeks = [4.0, 8.0, 12.0];
    for r in 0..10 {
        trial::simulate(&model, &model.actual, &mut rng, r, &mut buf);
        let a = analyse_trial(&s, 3, r);
        for (arm, data) in a.endpoints[e].data.iter().enumerate() {
            let mut areas = Vec::new();
            for p in buf.arm_start[arm]..buf.arm_start[arm + 1] {
                let values = &buf.score_values[k][p * 3..p * 3 + 3];
                if values[2].is_nan() {
                    continue;
                }
                let baseline = buf.score_baseline[k][p];
                // Trapezoids through (0, 0), (4, c1), (8, c2), (12, c3), over 12 weeks.
                let c: Vec<f64> = values.iter().map(|v| v - baseline).collect();
                let area = 0.5 * c[0] * weeks[0]
                    + 0.5 * (c[0] + c[1]) * (weeks[1] - weeks[0])
                    + 0.5 * (c[1] + c[2]) * (weeks[2] - weeks[1]);
                areas.push(area / 12.0);
            }
            assert_eq!(data.analysed as usize, areas.len(), "replicate {r}");
            let mean = areas.iter().sum::<f64>() / areas.len() as f64;
            assert!((data.mean_change.unwrap() - mean).abs() < 1e-9, "replicate {r}: {:?} vs {mean}", data.mean_change);
        }
    }
}

#[test]
fn its_mean_is_the_time_average_of_the_specified_changes_and_the_type1_error_holds() {
    let replicates = 10_000;
    let e = simulate(&scenario(&with_auc()), replicates, 4, None);
    let r = e.endpoints.iter().find(|r| r.name == "ESSPRI AUC").unwrap();
    // Tacrolimus -0.5, -1.0, -1.5 at weeks 4, 8, 12: (0.5*(-0.5)*4 + 0.5*(-1.5)*4 + 0.5*(-2.5)*4) / 12 = -0.75.
    // Prednisolone -0.3, -0.6, -0.8: (-0.6 - 1.8 - 2.8) / 12 = -0.4333.
    for (arm, expected) in r.arms.iter().zip([-0.75, -(0.6 + 1.8 + 2.8) / 12.0]) {
        let mean = arm.mean_change.as_ref().unwrap().mean;
        // ESSPRI is reported to 0.1: rounding moves a mean by well under its half step.
        assert!(
            (mean.estimate - expected).abs() <= TOLERANCE_SE * mean.mcse + 0.01,
            "{}: {} vs {expected}",
            arm.name,
            mean.estimate
        );
    }
    let t = r.type1_error.unwrap().estimate;
    assert!(t <= 0.025 + TOLERANCE_SE * mcse(0.025, replicates), "{t}");
}

#[test]
fn an_area_is_refused_where_it_does_not_fit() {
    let refused = |text: &str, key: &str, words: &str| {
        let e = trialsim::Scenario::parse(text, std::path::Path::new("t.toml")).expect_err("refused");
        assert!(e.key.ends_with(key), "{e}");
        assert!(e.message.contains(words), "expected '{words}' in: {e}");
    };
    let imputed = with_auc().replace("kind = \"auc\"\n", "kind = \"auc\"\nmissing = \"non-responder\"\n");
    refused(&imputed, "missing", "complete-case");
    let monitored = with_auc()
        + "\n[accrual]\nduration = 40\n\n[[analysis]]\ninformation = 0.5\n\n[[analysis]]\ninformation = 1\n\n\
           [group_sequential]\nendpoint = \"ESSPRI AUC\"\nspending = \"obrien-fleming\"\n";
    refused(&monitored, "group_sequential.endpoint", "area under the curve");
}
