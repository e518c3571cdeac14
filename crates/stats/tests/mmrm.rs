//! The MMRM against R (`tests/fixtures/mmrm/mmrm.R`): six simulated data sets (complete,
//! monotone dropout, three arms, intermittent missing visits, 16 patients, six visits),
//! each fitted with an unstructured, an AR(1) and a compound-symmetric covariance by
//! `nlme::gls(..., method = "REML")`, every arm's contrast with the control at every visit
//! from `emmeans(fit, ~ arm | visit, mode = "satterthwaite")`.
//!
//! Estimates, standard errors and covariance matrices equal R's to [`ESTIMATES`]. The
//! degrees of freedom equal Satterthwaite's formula computed in R from a dense REML of its
//! own, with exact derivatives (`df_exact`) to [`DF_EXACT`] and with derivatives by
//! numDeriv's Richardson extrapolation (`df_accurate`) to [`DF_ACCURATE`]. emmeans' own degrees of freedom rest on nlme's
//! finite-difference Hessian of the likelihood (`apVar`), which is good to a few digits
//! only: they are within [`DF_EMMEANS`] of ours (for complete data, where every visit's
//! contrast is an exact t test on n - 3 = 107 df, we give 107 to 1e-9; emmeans gives up to
//! 109.06).

mod common;
use common::{Row, number, read_in};
use std::collections::BTreeMap;
use trialsim_stats::Alternative;
use trialsim_stats::mmrm::{Covariance, DegreesOfFreedom, Mmrm};

/// Estimates, standard errors, t statistics and the covariance matrix, relative.
const ESTIMATES: f64 = 1e-10;
/// Degrees of freedom and p-values against the accurately differentiated Satterthwaite
/// formula, relative (numDeriv's own accuracy is about 1.5e-6).
const DF_ACCURATE: f64 = 1e-5;
/// Against the same formula with exact derivatives (R's own dense algebra), relative.
const DF_EXACT: f64 = 1e-10;
/// Kenward-Roger's standard error, degrees of freedom and p-value against R, relative.
const KENWARD_ROGER: f64 = 1e-10;
/// Against emmeans' degrees of freedom from nlme's finite-difference Hessian, relative.
const DF_EMMEANS: f64 = 0.05;

const DATASETS: [&str; 6] = ["complete", "dropout", "three_arms", "intermittent", "small", "six_visits"];

fn structure(name: &str) -> Covariance {
    match name {
        "un" => Covariance::Unstructured,
        "ar1" => Covariance::Ar1,
        "cs" => Covariance::CompoundSymmetry,
        other => panic!("unknown structure {other}"),
    }
}

/// A patient: arm, baseline and the changes (NaN where missing).
type Patient = (usize, f64, Vec<f64>);

/// A data set in wide form, and its numbers of arms and visits.
fn dataset(name: &str) -> (Vec<Patient>, usize, usize) {
    let rows = read_in("mmrm", &format!("data_{name}.csv"));
    let visits = rows.iter().map(|r| number(&r["visit"]) as usize).max().unwrap();
    let arms = rows.iter().map(|r| number(&r["arm"]) as usize).max().unwrap() + 1;
    let mut patients: BTreeMap<u64, Patient> = BTreeMap::new();
    for r in &rows {
        let id = number(&r["id"]) as u64;
        let entry = patients
            .entry(id)
            .or_insert_with(|| (number(&r["arm"]) as usize, number(&r["baseline"]), vec![f64::NAN; visits]));
        entry.2[number(&r["visit"]) as usize - 1] = number(&r["change"]);
    }
    (patients.into_values().collect(), arms, visits)
}

fn relative(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs().max(1e-300)
}

fn fit(name: &str, covariance: Covariance) -> Mmrm {
    let (patients, arms, visits) = dataset(name);
    let mut model = Mmrm::new(arms, visits, covariance);
    for (arm, baseline, changes) in &patients {
        model.push(*arm, *baseline, changes);
    }
    let fitted = model.fit().unwrap_or_else(|e| panic!("{name} {covariance:?}: {e:?}"));
    assert_eq!(fitted.covariance, covariance, "{name}: fell back");
    model
}

#[test]
fn contrasts_equal_nlme_and_emmeans() {
    let rows = read_in("mmrm", "mmrm_r.csv");
    assert_eq!(rows.len(), 87);
    let mut worst = [0.0f64; 3];
    for name in DATASETS {
        for cov in ["un", "ar1", "cs"] {
            let mut model = fit(name, structure(cov));
            let of_fit: Vec<&Row> = rows.iter().filter(|r| r["dataset"] == name && r["covariance"] == cov).collect();
            assert!(!of_fit.is_empty());
            for r in of_fit {
                let (arm, visit) = (number(&r["arm"]) as usize, number(&r["visit"]) as usize - 1);
                let t = model
                    .contrast(arm, 0, visit, DegreesOfFreedom::Satterthwaite, Alternative::TwoSided, 0.95)
                    .unwrap();
                let at = format!("{name} {cov} arm {arm} visit {}", visit + 1);
                for (what, ours, theirs, tolerance) in [
                    ("estimate", t.difference, number(&r["estimate"]), ESTIMATES),
                    ("se", t.se, number(&r["se"]), ESTIMATES),
                    ("t", t.t, number(&r["t"]), ESTIMATES),
                    ("df", t.df, number(&r["df_exact"]), DF_EXACT),
                    ("df", t.df, number(&r["df_accurate"]), DF_ACCURATE),
                    ("p", t.p, number(&r["p_accurate"]), DF_ACCURATE),
                    ("emmeans df", t.df, number(&r["df"]), DF_EMMEANS),
                ] {
                    let e = relative(ours, theirs);
                    assert!(e <= tolerance, "{at}: {what} {ours} vs R {theirs} ({e:.2e})");
                }
                worst[0] = worst[0].max(relative(t.se, number(&r["se"])));
                worst[1] = worst[1].max(relative(t.df, number(&r["df_exact"])));
                worst[2] = worst[2].max(relative(t.df, number(&r["df"])));
            }
        }
    }
    println!(
        "largest relative differences: se {:.1e}, df (exact) {:.1e}, df vs emmeans {:.1e}",
        worst[0], worst[1], worst[2]
    );
}

#[test]
fn covariance_matrices_equal_nlme() {
    let rows = read_in("mmrm", "mmrm_sigma.csv");
    for name in DATASETS {
        for cov in ["un", "ar1", "cs"] {
            let model = fit(name, structure(cov));
            let sigma = model.sigma().unwrap();
            let v = (sigma.len() as f64).sqrt() as usize;
            let of_fit: Vec<&Row> = rows.iter().filter(|r| r["dataset"] == name && r["covariance"] == cov).collect();
            assert_eq!(of_fit.len(), v * v);
            for r in of_fit {
                let (i, j) = (number(&r["row"]) as usize - 1, number(&r["col"]) as usize - 1);
                let (ours, theirs) = (sigma[i * v + j], number(&r["value"]));
                assert!(relative(ours, theirs) <= ESTIMATES, "{name} {cov} [{i},{j}]: {ours} vs R {theirs}");
            }
        }
    }
}

/// Kenward-Roger (`kenward_roger.R`: a dense implementation of Kenward and Roger (1997) in
/// R, checked there against pbkrtest on the compound-symmetric fits as random-intercept
/// models): the adjusted standard error and the degrees of freedom.
#[test]
fn kenward_roger_equals_a_dense_implementation_checked_against_pbkrtest() {
    let rows = read_in("mmrm", "kenward_roger.csv");
    assert_eq!(rows.len(), 87);
    let mut worst = 0.0f64;
    for name in DATASETS {
        for cov in ["un", "ar1", "cs"] {
            let mut model = fit(name, structure(cov));
            for r in rows.iter().filter(|r| r["dataset"] == name && r["covariance"] == cov) {
                let (arm, visit) = (number(&r["arm"]) as usize, number(&r["visit"]) as usize - 1);
                let t =
                    model.contrast(arm, 0, visit, DegreesOfFreedom::KenwardRoger, Alternative::TwoSided, 0.95).unwrap();
                let at = format!("{name} {cov} arm {arm} visit {}", visit + 1);
                for (what, ours, theirs) in [
                    ("estimate", t.difference, number(&r["estimate"])),
                    ("se", t.se, number(&r["se"])),
                    ("df", t.df, number(&r["df"])),
                    ("p", t.p, number(&r["p"])),
                ] {
                    let e = relative(ours, theirs);
                    worst = worst.max(e);
                    assert!(e <= KENWARD_ROGER, "{at}: {what} {ours} vs R {theirs} ({e:.2e})");
                }
            }
        }
    }
    println!("Kenward-Roger: largest relative difference {worst:.1e}");
}

/// With complete data and an unstructured covariance the contrast at each visit is the
/// ANCOVA at that visit: Satterthwaite's degrees of freedom are exactly n - 3.
#[test]
fn complete_data_give_the_ancova_degrees_of_freedom() {
    let mut model = fit("complete", Covariance::Unstructured);
    for visit in 0..4 {
        let t = model.contrast(1, 0, visit, DegreesOfFreedom::Satterthwaite, Alternative::TwoSided, 0.95).unwrap();
        assert!((t.df - 107.0).abs() < 1e-7, "visit {visit}: df {}", t.df);
    }
}
