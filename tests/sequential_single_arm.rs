//! A single arm's response rate monitored against its null rate: simulated stops per look
//! within 4 MCSE of the exact ones (`trialsim_stats::sequential_binomial::stopping_single`,
//! itself checked against a brute-force enumeration in Python) and reported beside them;
//! the outputs name the null rate in place of a control.

use crate::util::{TOLERANCE_SE, mcse, scenario, simulate, text};
use trialsim::output::{Format, exporter};
use trialsim_stats::sequential_binomial::{SingleLook, stopping_single};

/// NCT03918265 without dropout (70 % overall response at week 26 against a null of 40 %),
/// entering over 40 weeks, with `looks` and `rule` on its primary endpoint.
fn single_arm(looks: &[&str], rule: &str) -> String {
    let base = text("scenarios/NCT03918265.toml").replace("dropout = 0.15", "dropout = 0.0");
    let mut out = base + "\n[accrual]\nduration = 40\nrandomisation = { blocks = 2 }\n";
    for look in looks {
        out += &format!("\n[[analysis]]\n{look}\n");
    }
    out + "\n[group_sequential]\nendpoint = \"Overall response at 6 months\"\n" + rule + "\n"
}

#[test]
fn single_arm_stops_match_exact_enumeration() {
    let looks = ["reached = 30", "reached = 56", "reached = 80"];
    for rule in [
        "spending = \"obrien-fleming\"\nfutility = \"z\"\nfutility_z = [0.0, 0.5]\nbinding = true",
        "spending = \"pocock\"\nfutility = \"beta-spending\"\nbeta = 0.1",
    ] {
        let text = single_arm(&looks, rule);
        let replicates = 20_000;
        let e = simulate(&scenario(&text), replicates, 9, None);
        let g = e.sequential.expect("a sequential result");
        assert_eq!(g.control, None);
        assert_eq!(g.null_rate, Some(0.40));
        let bounds: Vec<SingleLook> = g
            .looks
            .iter()
            .zip([30, 56, 80])
            .map(|(l, n)| SingleLook {
                n,
                efficacy: l.efficacy_bound.unwrap_or(f64::INFINITY),
                futility: l.futility_bound.unwrap_or(f64::NEG_INFINITY),
            })
            .collect();
        // Week 26: CR 0.35 + PR 0.35.
        for (world, p) in [("scenario", 0.70), ("null", 0.40)] {
            let exact = stopping_single(&bounds, p, 0.40);
            for (k, l) in g.looks.iter().enumerate() {
                let (efficacy, futility, reported) = if world == "scenario" {
                    (l.efficacy_stop.estimate, l.futility_stop.estimate, l.exact_efficacy_stop)
                } else {
                    (
                        l.null_efficacy_stop.unwrap().estimate,
                        l.null_futility_stop.unwrap().estimate,
                        l.exact_null_efficacy_stop,
                    )
                };
                assert!((reported.expect("exact") - exact[k].0).abs() < 1e-12, "{world} look {}", k + 1);
                let exact_futility = if k + 1 == g.looks.len() {
                    1.0 - exact.iter().map(|x| x.0).sum::<f64>() - exact[..k].iter().map(|x| x.1).sum::<f64>()
                } else {
                    exact[k].1
                };
                for (what, sim, x) in [("efficacy", efficacy, exact[k].0), ("futility", futility, exact_futility)] {
                    let se = mcse(x, replicates).max(1.0 / replicates as f64);
                    assert!(
                        (sim - x).abs() <= TOLERANCE_SE * se,
                        "{rule}: {world} look {} {what}: simulated {sim}, exact {x}",
                        k + 1
                    );
                }
            }
        }
        // The exact type-I error is at most alpha but for the score z's discreteness.
        let t = g.exact_type1_error.expect("exact");
        assert!(t <= 0.025 * 1.2, "{rule}: {t}");
    }
}

#[test]
fn a_single_arm_is_shown_against_its_null_rate() {
    let looks = ["reached = 40", "reached = 80"];
    let text = single_arm(&looks, "spending = \"obrien-fleming\"").replace(
        "[group_sequential]\nendpoint = \"Overall response at 6 months\"",
        "[group_sequential]\nendpoint = \"CR at 6 months\"",
    );
    assert!(text.contains("endpoint = \"CR at 6 months\""));
    let e = simulate(&scenario(&text), 500, 1, None);
    assert_eq!(e.sequential.as_ref().unwrap().null_rate, Some(0.15));
    let table = exporter(Format::Table).render(&e);
    assert!(table.contains("(Tacrolimus vs the null rate 0.15)"), "{table}");
    let json: serde_json::Value = serde_json::from_str(&exporter(Format::Json).render(&e)).unwrap();
    assert_eq!(json["sequential"]["control"], serde_json::Value::Null);
    assert_eq!(json["sequential"]["null_rate"], 0.15);
}
