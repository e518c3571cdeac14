//! `trialsim simon` reproduces Simon's (1989) published optimal and minimax designs.

use crate::util::{run_json, trialsim};
use trialsim_stats::simon::{evaluate, search};

#[test]
fn published_designs() {
    // Simon (1989), Controlled Clinical Trials 10:1-10, Table 1 (alpha 0.05, power 0.8):
    // (p0, p1) -> optimal r1/n1, r/n, EN(p0); minimax r1/n1, r/n, EN(p0).
    for (p0, p1, opt, opt_en, mm, mm_en) in [
        (0.05, 0.25, (0, 9, 2, 17), 12.0, (0, 12, 2, 16), 13.8),
        (0.10, 0.30, (1, 10, 5, 29), 15.0, (1, 15, 5, 25), 19.5),
        (0.20, 0.40, (3, 13, 12, 43), 20.6, (4, 18, 10, 33), 22.3),
    ] {
        let (o, m) = search(p0, p1, 0.05, 0.8, 60).unwrap();
        assert_eq!((o.r1, o.n1, o.r, o.n), opt, "optimal for {p0} vs {p1}");
        assert_eq!((m.r1, m.n1, m.r, m.n), mm, "minimax for {p0} vs {p1}");
        // Published expected sizes are rounded to one decimal.
        assert!((o.en0 - opt_en).abs() < 0.05 && (m.en0 - mm_en).abs() < 0.05, "{} {}", o.en0, m.en0);
        for d in [o, m] {
            assert!(d.alpha <= 0.05 && d.power >= 0.8);
        }
    }
}

#[test]
fn operating_characteristics_by_hand() {
    // 1/10, 5/29 at p0 = 0.1: PET = P(X <= 1 | 10, 0.1) = 0.9^10 + 10 * 0.1 * 0.9^9.
    let d = evaluate(1, 10, 5, 29, 0.1, 0.3);
    let pet = 0.9f64.powi(10) + 10.0 * 0.1 * 0.9f64.powi(9);
    assert!((d.pet0 - pet).abs() < 1e-14);
    assert!((d.en0 - (10.0 + (1.0 - pet) * 19.0)).abs() < 1e-12);
}

#[test]
fn the_command_prints_json() {
    let json =
        run_json(&["simon", "--p0", "0.1", "--p1", "0.3", "--alpha", "0.05", "--power", "0.8", "--format", "json"]);
    for (design, expected) in [("optimal", [1, 10, 5, 29]), ("minimax", [1, 15, 5, 25])] {
        let d = &json[design];
        let got: Vec<i64> = ["r1", "n1", "r", "n"].iter().map(|k| d[*k].as_i64().unwrap()).collect();
        assert_eq!(got, expected, "{design}");
        assert!(d["en0"].as_f64().is_some() && d["pet0"].as_f64().is_some());
    }
    trialsim().args(["simon", "--p0", "0.4", "--p1", "0.3"]).assert().code(2);
}
