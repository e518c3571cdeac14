//! MMRM endpoints (`test = "mmrm"`): simulated power against Lu, Luo and Chen's (2008)
//! formula, the type-I error, the estimate's centre and its interval's coverage; failed
//! fits counted; the same output on any threads and shards; bad keys refused at their
//! line and column.

use crate::util::{
    TOLERANCE_SE, assert_estimate, assert_share, assert_three_shards_merge_to_the_whole, mcse, path, scenario,
    simulate, text, trialsim,
};
use trialsim::analysis::one_trial::analyse_trial;
use trialsim_stats::Alternative;
use trialsim_stats::mmrm::power::{Group, power, variance_factor};
use trialsim_stats::special::normal_cdf;
use trialsim_stats::student_t::quantile;

const FILE: &str = "tests/scenarios/mmrm.toml";

/// The formula's power for `tests/scenarios/mmrm.toml`, and the gap between it and the
/// same normal approximation with the t quantile on the completers' ANCOVA degrees of
/// freedom (the formula ignores that the statistic is a t).
fn formula() -> (f64, f64) {
    // The score's deviations given the baseline: variance 4^2 (1 - 0.5^2) = 12, an AR(1)
    // in the visit index with 0.6; retention 0.75^(week / 24) at weeks 4, 8, 12, 24.
    let rho: f64 = 0.6;
    let correlation: Vec<f64> = (0..16usize).map(|k| rho.powi((k / 4).abs_diff(k % 4) as i32)).collect();
    let retention: Vec<f64> = [4.0, 8.0, 12.0, 24.0].iter().map(|w: &f64| 0.75f64.powf(w / 24.0)).collect();
    let phi = variance_factor(&correlation, &retention).unwrap();
    let group = Group { n: 60.0, sd: 12f64.sqrt(), phi };
    let z_power = power(group, group, -1.5, 0.025, Alternative::Less);
    let se = (2.0 * 12.0 * phi / 60.0).sqrt();
    let df = 2.0 * 60.0 * 0.75 - 3.0;
    let t_power = normal_cdf(1.5 / se - quantile(0.975, df));
    (z_power, (z_power - t_power).abs())
}

#[test]
fn power_agrees_with_the_lu_luo_chen_formula_and_the_type1_error_holds() {
    let (expected, gap) = formula();
    // phi = 1.2596 (25 % dropout costs 26 % of the information, not 33 %): power 0.5609.
    assert!((expected - 0.5609).abs() < 1e-4, "{expected}");
    let replicates = 6000;
    let e = simulate(&scenario(&text(FILE)), replicates, 17, None);
    let r = &e.endpoints[0];
    let power = r.power.estimate;
    let allowed = TOLERANCE_SE * mcse(expected, replicates) + gap;
    assert!((power - expected).abs() <= allowed, "power {power} vs formula {expected} (gap {gap:.4})");
    assert_share(r.type1_error.unwrap().estimate, 0.025, replicates, "type-I error");
    assert_estimate(r.mean_difference.as_ref().unwrap().mean, -1.5, "difference");
    assert_share(r.intervals[0].coverage.estimate, 0.95, replicates, "coverage");
    let m = r.mmrm.as_ref().unwrap();
    assert_eq!(m.fits.unstructured, replicates, "every trial fitted unstructured");
    assert_eq!(m.null_fits.unwrap().unstructured, replicates);
}

/// Every structure and both degrees of freedom run and are used; Kenward-Roger's standard
/// error is at least the model-based one, and its power no higher.
#[test]
fn every_structure_and_degrees_of_freedom_run() {
    let base = text(FILE);
    let mut powers = Vec::new();
    for covariance in ["unstructured", "ar1", "compound-symmetry"] {
        for df in ["satterthwaite", "kenward-roger"] {
            let t = base
                .replace("test = \"mmrm\"", &format!("test = \"mmrm\"\ncovariance = \"{covariance}\"\ndf = \"{df}\""));
            let s = scenario(&t);
            let a = analyse_trial(&s, 3, 0);
            let fit = a.endpoints[0].mmrm.as_ref().unwrap();
            assert_eq!(fit.used.unwrap().as_str(), covariance);
            let e = simulate(&s, 512, 5, None);
            powers.push((covariance, df, e.endpoints[0].power.estimate, a.endpoints[0].standard_error.unwrap()));
        }
    }
    for pair in powers.chunks(2) {
        let ((_, _, p_s, se_s), (_, _, p_kr, se_kr)) = (pair[0], pair[1]);
        assert!(se_kr >= se_s, "{pair:?}");
        assert!(p_kr <= p_s, "{pair:?}");
    }
}

/// Where dropout leaves an arm without patients at the endpoint's visit no structure can
/// be fitted: the trial counts as not fitted and does not reject; every trial is counted
/// once.
#[test]
fn failed_fits_are_counted_and_do_not_reject() {
    let t = text(FILE).replace("sample_size = 120", "sample_size = 8").replace("dropout = 0.25", "dropout = 0.7");
    let replicates = 2000;
    let e = simulate(&scenario(&t), replicates, 9, None);
    let r = &e.endpoints[0];
    let f = r.mmrm.as_ref().unwrap().fits;
    assert_eq!(f.unstructured + f.ar1 + f.compound_symmetry + f.failed, replicates);
    assert!(f.failed > 0 && f.ar1 + f.compound_symmetry > 0, "{f:?}");
    assert!(r.rejections <= replicates - f.failed);
}

#[test]
fn threads_and_shards_give_the_same_output() {
    let s = scenario(&text(FILE));
    let one = serde_json::to_string(&simulate(&s, 600, 3, Some(1))).unwrap();
    let two = serde_json::to_string(&simulate(&s, 600, 3, Some(2))).unwrap();
    assert_eq!(one, two);
    assert_three_shards_merge_to_the_whole(&path(FILE));
}

#[test]
fn bad_mmrm_keys_are_refused_at_their_line_and_column() {
    let refused = |text: &str, needle: &str, key: &str, words: &str| {
        let e = trialsim::Scenario::parse(text, std::path::Path::new("t.toml")).expect_err("refused");
        assert!(e.key.ends_with(key), "{e}");
        assert!(e.message.contains(words), "expected '{words}' in: {e}");
        let offset = text.find(needle).unwrap();
        let line = text[..offset].matches('\n').count() + 1;
        assert_eq!(e.line, line, "{e}");
    };
    let base = text(FILE);
    let welch = base.replace("test = \"mmrm\"", "test = \"welch-t\"\ncovariance = \"ar1\"");
    refused(&welch, "covariance", "covariance", "belongs to test = \"mmrm\"");
    let df = base.replace("test = \"mmrm\"", "test = \"ancova\"\ndf = \"kenward-roger\"");
    refused(&df, "df = ", "df", "belongs to test = \"mmrm\"");
    let auc = base.replace("kind = \"change\"", "kind = \"auc\"");
    refused(&auc, "test = \"mmrm\"", "test", "area under the curve is one value per patient");
    // 24 weekly visits: too many for an unstructured covariance, not for AR(1).
    let list = |x: &str| format!("[{}]", vec![x; 24].join(", "));
    let weekly = base
        .replace(
            "visits = [0, 4, 8, 12, 24]",
            &format!("visits = [{}]", (0..=24).map(|w| w.to_string()).collect::<Vec<_>>().join(", ")),
        )
        .replace("rates = { CR = [0.2, 0.3, 0.4, 0.4] }", &format!("rates = {{ CR = {} }}", list("0.3")))
        .replace("rates = { CR = [0.2, 0.3, 0.3, 0.3] }", &format!("rates = {{ CR = {} }}", list("0.3")))
        .replace("change = { S = [-0.5, -0.8, -1.1, -1.5] }", &format!("change = {{ S = {} }}", list("-1.0")))
        .replace("change = { S = [0.0, 0.0, 0.0, 0.0] }", &format!("change = {{ S = {} }}", list("0.0")));
    refused(&weekly, "week = 24", "week", "at most 20 visits");
    scenario(&weekly.replace("test = \"mmrm\"", "test = \"mmrm\"\ncovariance = \"ar1\""));
    // An unknown structure: serde's error, at the value.
    let unknown = base.replace("test = \"mmrm\"", "test = \"mmrm\"\ncovariance = \"toeplitz\"");
    let e = trialsim::Scenario::parse(&unknown, std::path::Path::new("t.toml")).expect_err("refused");
    assert!(e.message.contains("unstructured") && e.message.contains("ar1"), "{e}");
    let monitored = base
        + "\n[accrual]\nduration = 40\n\n[[analysis]]\ninformation = 0.5\n\n[[analysis]]\ninformation = 1\n\n\
           [group_sequential]\nendpoint = \"S change by MMRM\"\nspending = \"obrien-fleming\"\n";
    refused(&monitored, "endpoint = \"S change by MMRM\"", "group_sequential.endpoint", "MMRM");
    // The command line names the file, line and column.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.toml");
    std::fs::write(&file, &welch).unwrap();
    let out = trialsim().arg("check").arg(&file).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // At the value: line of `covariance = "ar1"`, column of `"ar1"`.
    let line = welch[..welch.find("covariance").unwrap()].matches('\n').count() + 1;
    let column = "covariance = ".len() + 1;
    assert!(stderr.contains(&format!("bad.toml:{line}:{column}:")), "{stderr}");
}
