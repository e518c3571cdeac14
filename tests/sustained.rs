//! Sustained-response endpoints (`kind = "sustained-response"`): in the levels at
//! `at_least` of the visits from `from_week` to `week`. The share responding at every
//! visit equals the multivariate normal orthant probability (scipy,
//! `tests/fixtures/durable/sustained.py`); a window of one visit is the response endpoint
//! of that visit, trial by trial; responders recounted from the simulated levels (a visit
//! after dropout is not a response); the type-I error holds; looks read it at each cut;
//! bad windows are refused.

use crate::util::{TOLERANCE_SE, mcse, read_csv, scenario, simulate, text};
use trialsim::analysis::one_trial::analyse_trial;
use trialsim::model::{Model, TrialBuffer, stream, trial};

/// NCT05694130 with `patient_share = w`, `dropout`, and a sustained endpoint with `keys`
/// (CR from `from_week` to week 12).
fn with_sustained(w: f64, dropout: &str, keys: &str) -> String {
    let out = text("scenarios/NCT05694130.toml")
        .replacen("persistence = 0.7\n", &format!("persistence = 0.7\npatient_share = {w}\n"), 1)
        .replace("dropout = 0.10", &format!("dropout = {dropout}"))
        .replace(
            "[simulation]",
            &format!(
                "[[endpoint]]\nname = \"Sustained CR\"\nkind = \"sustained-response\"\nlevels = [\"CR\"]\nweek = 12\n\
                 {keys}\ntest = \"z-pooled\"\nalternative = \"greater\"\nalpha = 0.025\n\n[simulation]"
            ),
        );
    assert!(out.contains("Sustained CR") && out.contains(&format!("patient_share = {w}\n")));
    out
}

/// The tacrolimus arm's mean simulated share of the sustained endpoint.
fn share(text: &str, replicates: u64) -> (f64, f64) {
    let e = simulate(&scenario(text), replicates, 6, None);
    let r = e.endpoints.iter().find(|r| r.name == "Sustained CR").unwrap();
    let rate = r.arms[0].rate.as_ref().unwrap();
    (rate.mean.estimate, r.type1_error.map_or(f64::NAN, |t| t.estimate))
}

#[test]
fn the_share_in_cr_at_every_visit_is_the_orthant_probability() {
    for row in read_csv("tests/fixtures/durable/sustained.csv") {
        let w: f64 = row["patient_share"].parse().unwrap();
        let expected: f64 = row["cr_all_three"].parse().unwrap();
        let replicates = 4000;
        let (mean, _) = share(&with_sustained(w, "0.0", "from_week = 4"), replicates);
        // The mean of per-trial shares of 55 patients.
        let se = mcse(expected, replicates * 55);
        assert!((mean - expected).abs() <= TOLERANCE_SE * se, "w {w}: {mean} vs scipy {expected}");
    }
}

#[test]
fn a_window_of_one_visit_is_that_visit_s_response() {
    let text = with_sustained(0.3, "0.10", "from_week = 12");
    let s = scenario(&text);
    let cr12 = s.endpoints.iter().position(|e| e.name == "CR at week 12").unwrap();
    let sustained = s.endpoints.iter().position(|e| e.name == "Sustained CR").unwrap();
    for r in 0..20 {
        let a = analyse_trial(&s, 3, r);
        let (x, y) = (&a.endpoints[cr12], &a.endpoints[sustained]);
        for (p, q) in x.data.iter().zip(&y.data) {
            assert_eq!((p.analysed, p.responders), (q.analysed, q.responders), "replicate {r}");
        }
    }
    // Fewer visits required, more responders.
    let at = |k: u32| share(&with_sustained(0.3, "0.10", &format!("from_week = 4\nat_least = {k}")), 500).0;
    let (one, two, three) = (at(1), at(2), at(3));
    assert!(one > two && two > three, "{one} {two} {three}");
}

#[test]
fn responders_are_recounted_from_the_levels_with_dropout_as_non_response() {
    let s = scenario(&with_sustained(0.3, "0.10", "from_week = 4\nat_least = 2"));
    let e = s.endpoints.iter().position(|e| e.name == "Sustained CR").unwrap();
    let model = Model::new(&s);
    let mut buf = TrialBuffer::new(&model);
    let mut rng = stream::generator(3);
    for r in 0..20 {
        trial::simulate(&model, &model.actual, &mut rng, r, &mut buf);
        let a = analyse_trial(&s, 3, r);
        for (arm, data) in a.endpoints[e].data.iter().enumerate() {
            let patients = buf.arm_start[arm]..buf.arm_start[arm + 1];
            // CR is level 0; a missed visit holds no level.
            let count =
                patients.clone().filter(|&p| buf.level[p * 3..p * 3 + 3].iter().filter(|&&l| l == 0).count() >= 2);
            assert_eq!(data.responders, Some(count.count() as u32), "replicate {r}");
            assert_eq!(data.analysed, patients.len() as u32);
        }
    }
}

#[test]
fn the_type1_error_holds() {
    let (_, t) = share(&with_sustained(0.3, "0.10", "from_week = 4\nat_least = 2"), 20_000);
    // z-pooled at one-sided 0.025 on 55 per arm: within Monte Carlo error of alpha.
    assert!(t <= 0.025 + TOLERANCE_SE * mcse(0.025, 20_000), "{t}");
}

#[test]
fn bad_windows_are_refused_with_the_fix() {
    let refused = |text: &str, key: &str, words: &str| {
        let e = trialsim::Scenario::parse(text, std::path::Path::new("t.toml")).expect_err("refused");
        assert!(e.key.ends_with(key), "{e}");
        assert!(e.message.contains(words), "expected '{words}' in: {e}");
    };
    refused(&with_sustained(0.0, "0.10", ""), "endpoint[10]", "needs `from_week`");
    refused(&with_sustained(0.0, "0.10", "from_week = 5"), "from_week", "not a post-baseline visit");
    refused(&with_sustained(0.0, "0.10", "from_week = 4\nat_least = 4"), "at_least", "between 1 and the window's 3");
    let unequal = with_sustained(0.0, "0.10", "from_week = 4").replacen("dropout = 0.10", "dropout = 0.20", 1);
    refused(&unequal, "missing", "same `dropout`");
    let on_response = text("scenarios/NCT05694130.toml").replacen("week = 12\n", "week = 12\nat_least = 2\n", 1);
    refused(&on_response, "at_least", "belongs to kind = \"sustained-response\"");
    let margin = with_sustained(0.0, "0.10", "from_week = 4").replace(
        "test = \"z-pooled\"\nalternative = \"greater\"\nalpha = 0.025\n\n[simulation]",
        "test = \"farrington-manning\"\nmargin = 0.1\nalternative = \"greater\"\nalpha = 0.025\n\n[simulation]",
    );
    refused(&margin, "margin", "remove `margin`");
}

/// With looks at half and all of the week-12 results.
fn monitored() -> String {
    with_sustained(0.3, "0.10", "from_week = 4\nat_least = 2")
        + "\n[accrual]\nduration = 40\nrandomisation = { blocks = 2 }\n\n[[analysis]]\ninformation = 0.5\n\n\
           [[analysis]]\ninformation = 1\n\n[group_sequential]\nendpoint = \"Sustained CR\"\n\
           spending = \"obrien-fleming\"\n"
}

#[test]
fn a_sustained_response_is_read_at_each_cut() {
    let s = scenario(&monitored());
    let e = s.endpoints.iter().position(|e| e.name == "Sustained CR").unwrap();
    for r in 0..8 {
        let a = analyse_trial(&s, 17, r);
        let (interim, last) = (&a.looks[0], &a.looks[1]);
        // Non-responder imputation: everyone known at week 12 (or gone before) counts.
        assert_eq!(interim.data.iter().map(|d| d.analysed).sum::<u32>(), 55, "replicate {r}");
        // At the final look everyone's status is known: the fixed analysis's counts.
        for (look, whole) in last.data.iter().zip(&a.endpoints[e].data) {
            assert_eq!((look.analysed, look.responders), (whole.analysed, whole.responders), "replicate {r}");
        }
    }
    let g = simulate(&s, 20_000, 5, None).sequential.unwrap();
    let t = g.type1_error.unwrap();
    assert!(t.ci.lo <= 0.025, "{} [{}, {}]", t.estimate, t.ci.lo, t.ci.hi);
}

/// The read patient by patient under a strategy (`endpoint::strategy`, used where rescue
/// affects an endpoint, and by the ADaM responder datasets) counts a sustained response as
/// the direct read does: a visit after dropout is not a response under non-responder
/// imputation; complete case keeps the patients seen at the window's last visit. Where
/// nobody is rescued the two agree trial by trial, with heavy dropout and 2 of 3 visits.
#[test]
fn the_read_under_a_strategy_counts_as_the_direct_read() {
    use trialsim::endpoint::{strategy, sustained};
    use trialsim::scenario::EndpointKind;
    for rule in ["non-responder", "complete-case"] {
        let text = with_sustained(0.3, "0.4", &format!("from_week = 4\nat_least = 2\nmissing = \"{rule}\""));
        let s = scenario(&text);
        let e = s.endpoints.iter().find(|e| e.name == "Sustained CR").unwrap();
        let EndpointKind::Sustained { levels, from, visit, at_least, missing } = &e.kind else { panic!() };
        let model = Model::new(&s);
        let mut buf = TrialBuffer::new(&model);
        let mut rng = stream::generator(8);
        let mut differ_from_last_visit = 0;
        for r in 0..300 {
            trial::simulate(&model, &model.actual, &mut rng, r, &mut buf);
            for a in 0..2 {
                let direct = sustained::read(levels, (*from, *visit), *at_least, *missing, &buf, a);
                assert_eq!(strategy::binary(e, &buf, a), direct, "{rule}, replicate {r}, arm {a}");
                // Patients who respond at 2 of 3 visits, then drop out before the last.
                differ_from_last_visit += (buf.arm_start[a]..buf.arm_start[a + 1])
                    .filter(|&p| buf.seen(p) <= visit.index && strategy::responds(e, &buf, p) == Some(true))
                    .count();
            }
        }
        assert_eq!(differ_from_last_visit > 0, rule == "non-responder", "{rule}");
    }
}
