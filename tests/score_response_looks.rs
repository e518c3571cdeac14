//! A score-response endpoint monitored by looks (EULAR good response on DAS28 in the
//! rheumatoid arthritis scenario): at the final look every patient's status is known, so
//! its responders equal the fixed-design analysis's of the same trial (two separate code
//! paths); an interim by `reached` analyses exactly that many patients (non-responder
//! imputation); the design keeps its type-I error.

use crate::util::{scenario, simulate, text};
use trialsim::analysis::one_trial::analyse_trial;

fn monitored() -> String {
    text("scenarios/rheumatoid-arthritis-tacrolimus-mtx.toml")
        + "\n[accrual]\nduration = 52\nrandomisation = { blocks = 2 }\n\n[[analysis]]\nreached = 70\n\n\
           [[analysis]]\ninformation = 1\n\n[group_sequential]\nendpoint = \"EULAR good response at week 24\"\n\
           spending = \"obrien-fleming\"\n"
}

#[test]
fn a_score_response_endpoint_is_read_at_each_cut() {
    let s = scenario(&monitored());
    let e = s.endpoints.iter().position(|e| e.name == "EULAR good response at week 24").unwrap();
    for r in 0..8 {
        let a = analyse_trial(&s, 17, r);
        let (interim, last) = (&a.looks[0], &a.looks[1]);
        assert_eq!(interim.data.iter().map(|d| d.analysed).sum::<u32>(), 70, "replicate {r}");
        let fixed = &a.endpoints[e];
        for (look, whole) in last.data.iter().zip(&fixed.data) {
            assert_eq!((look.analysed, look.responders), (whole.analysed, whole.responders), "replicate {r}");
        }
        // Responders known at the interim are among those known at the end.
        for (x, y) in interim.data.iter().zip(&last.data) {
            assert!(x.responders.unwrap() <= y.responders.unwrap(), "replicate {r}");
        }
    }
}

#[test]
fn a_score_response_design_keeps_its_type1_error() {
    let g = simulate(&scenario(&monitored()), 20_000, 5, None).sequential.unwrap();
    assert_eq!(g.endpoint, "EULAR good response at week 24");
    let t = g.type1_error.unwrap();
    assert!(t.ci.lo <= 0.05, "{} [{}, {}]", t.estimate, t.ci.lo, t.ci.hi);
    assert!(g.power.estimate > 0.0);
}
