//! Informative dropout (`informative_dropout = beta` on an arm: missing not at random):
//! on one post-baseline visit the share still in the trial and the share responding among
//! everyone equal their integrals over the latent score Z (standard normal),
//! `E[(1 - d)^(exp(-beta Z - beta^2 / 2))]` and `E[1{Z in CR's band} ...]`; the
//! completers then respond more often than the specified rate when patients doing badly
//! leave (beta > 0); 0 is the MCAR model, bit for bit.

use crate::util::{TOLERANCE_SE, mcse, scenario, simulate, text};
use trialsim_stats::quadrature::integrate;
use trialsim_stats::special::normal_quantile;

/// `tests/scenarios/change.toml` reduced to one visit, 2,000 patients per arm, dropout
/// 0.3 and CR 0.4 at week 12 in both arms, informative dropout `beta` in each.
fn design(beta: f64) -> String {
    let t = text("tests/scenarios/change.toml")
        .replace("visits = [0, 6, 12]", "visits = [0, 12]")
        .replace("sample_size = 80", "sample_size = 4000")
        .replace("rates = { CR = [0.2, 0.4] }", "rates = { CR = [0.4] }")
        .replace("rates = { CR = [0.2, 0.3] }", "rates = { CR = [0.4] }")
        .replace("change = { S = [0.0, -3.0] }", "change = { S = [-3.0] }")
        .replace("change = { S = [0.0, 0.0] }", "change = { S = [0.0] }")
        .replace(
            "[[arm]]\nname = \"arm\"",
            &format!("[[arm]]\nname = \"arm\"\ndropout = 0.3\ninformative_dropout = {beta}"),
        )
        .replace(
            "[[arm]]\nname = \"control\"",
            &format!("[[arm]]\nname = \"control\"\ndropout = 0.3\ninformative_dropout = {beta}"),
        );
    t + "\n[[endpoint]]\nname = \"CR\"\nlevels = [\"CR\"]\nweek = 12\nmissing = \"non-responder\"\n\n\
         [[endpoint]]\nname = \"CR among completers\"\nlevels = [\"CR\"]\nweek = 12\nmissing = \"complete-case\"\n"
}

/// E[g(Z) (1 - d)^(exp(-beta Z - beta^2 / 2))] for Z standard normal.
fn expectation(beta: f64, g: impl Fn(f64) -> f64) -> f64 {
    let phi = |z: f64| (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt();
    integrate(|z| g(z) * phi(z) * 0.7f64.powf((-beta * z - 0.5 * beta * beta).exp()), -12.0, 12.0, 1e-13)
}

#[test]
fn who_stays_and_responds_equals_its_integral() {
    let beta = 1.0;
    let replicates = 200;
    let e = simulate(&scenario(&design(beta)), replicates, 7, None);
    let cr = normal_quantile(0.6); // CR is the top 40 % of Z.
    let stays = expectation(beta, |_| 1.0);
    let responds = expectation(beta, |z| (z > cr) as u8 as f64);
    // Patients doing badly leave sooner: fewer leave than 30 % overall, completers respond
    // more than 40 %.
    assert!(stays > 0.7 && responds / stays > 0.45, "{stays} {responds}");
    let patients = replicates * 2000;
    for r in e.intercurrent_events.iter().filter(|r| r.week == 12) {
        let left = 1.0 - stays;
        assert!(
            (r.dropped_out - left).abs() <= TOLERANCE_SE * mcse(left, patients),
            "{}: dropped out {} vs {left}",
            r.arm,
            r.dropped_out
        );
    }
    let everyone = e.endpoints.iter().find(|r| r.name == "CR").unwrap();
    for arm in &everyone.arms {
        let mean = arm.rate.as_ref().unwrap().mean;
        assert!(
            (mean.estimate - responds).abs() <= TOLERANCE_SE * mcse(responds, patients),
            "{}: {mean:?} vs {responds}",
            arm.name
        );
    }
    let completers = e.endpoints.iter().find(|r| r.name == "CR among completers").unwrap();
    for arm in &completers.arms {
        let mean = arm.rate.as_ref().unwrap().mean;
        let expected = responds / stays;
        assert!(
            (mean.estimate - expected).abs() <= TOLERANCE_SE * mean.mcse + 1e-3,
            "{}: {mean:?} vs {expected}",
            arm.name
        );
    }
}

#[test]
fn without_informative_dropout_nothing_changes_and_bad_values_are_refused() {
    let none = serde_json::to_string(&crate::util::simulate_text_free(
        &scenario(&design(0.0).replace("informative_dropout = 0\n", "")),
        50,
        3,
    ))
    .unwrap();
    let zero = serde_json::to_string(&crate::util::simulate_text_free(&scenario(&design(0.0)), 50, 3)).unwrap();
    assert_eq!(none, zero);
    let refused = |text: &str, words: &str| {
        let e = trialsim::Scenario::parse(text, std::path::Path::new("t.toml")).expect_err("refused");
        assert!(e.key.ends_with("informative_dropout") && e.message.contains(words), "{e}");
    };
    refused(&design(7.0), "in [-5, 5]");
    refused(&design(1.0).replace("dropout = 0.3\n", ""), "give the arm a `dropout` above 0");
}
