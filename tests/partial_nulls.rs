//! The family-wise error under partial nulls (some hypotheses true, the others at their
//! alternatives) and the p-value dependence Hochberg's procedure rests on.

use crate::util::{Builder, TOLERANCE_SE, assert_share, mcse, simulate, text};
use trialsim::evaluation::result::FamilyResult;

const REPLICATES: u64 = 20_000;

/// NCT05694130 with no effect on ESSDAI and ESSPRI (the arm's mean changes are the
/// control's): a family of one true effect (CR at week 12) and two true nulls.
fn one_true_effect(method: &str) -> (FamilyResult, f64) {
    let doc: toml::Value = toml::from_str(&text("scenarios/NCT05694130.toml")).unwrap();
    let s = Builder::new("scenarios/NCT05694130.toml")
        .set("arm.0.change", doc["arm"][1]["change"].clone())
        .set("multiplicity.method", method)
        .set("multiplicity.partial_nulls", "all")
        .build();
    let r = simulate(&s, REPLICATES, 7, None);
    let cr = r.endpoints.iter().find(|e| e.name == "CR at week 12").unwrap().exact_type1_error.unwrap();
    (r.family.unwrap(), cr)
}

#[test]
fn holm_and_fixed_sequence_keep_the_fwer_under_every_partial_null() {
    let limit = 0.05 + TOLERANCE_SE * mcse(0.05, REPLICATES);
    for method in ["holm", "fixed-sequence"] {
        let (f, _) = one_true_effect(method);
        // Three hypotheses: every non-empty proper subset.
        assert_eq!(f.partial_nulls.len(), 6);
        for p in &f.partial_nulls {
            assert!(p.fwer.estimate <= limit, "{method}: {:?} FWER {}", p.true_hypotheses, p.fwer.estimate);
            assert!(!p.fwer_above_alpha);
        }
        let worst = &f.partial_nulls[f.worst_partial_null.unwrap()];
        assert!(f.partial_nulls.iter().all(|p| p.fwer.estimate <= worst.fwer.estimate));
    }
}

#[test]
fn without_adjustment_a_partial_null_exceeds_alpha_and_a_single_null_is_the_test_s_own_level() {
    let (f, cr_exact) = one_true_effect("none");
    // Two true nulls tested each at 0.05: about 1 - 0.95^2.
    let worst = &f.partial_nulls[f.worst_partial_null.unwrap()];
    assert!(worst.true_hypotheses.len() >= 2 && worst.fwer_above_alpha, "{worst:?}");
    // CR at week 12 true alone: the FWER is that test's type-I error, whose exact value
    // the enumeration gives.
    let alone = f.partial_nulls.iter().find(|p| p.true_hypotheses == ["CR at week 12 (Prednisolone + Tacrolimus)"]);
    assert_share(alone.unwrap().fwer.estimate, cr_exact, REPLICATES, "CR at week 12 true alone");
}

#[test]
fn hochberg_s_assumption_is_stated_where_the_p_values_are_negatively_correlated() {
    // The same response tested for benefit and for harm: the two p-values move in
    // opposite directions.
    let family = |method: &str| {
        let file = text("tests/scenarios/binary_parallel.toml").replace(
            "test = \"chi-square\"\nalternative = \"two-sided\"",
            "test = \"z-pooled\"\nalternative = \"greater\"",
        ) + "\n[[endpoint]]\nname = \"harm\"\nlevels = [\"CR\", \"PR\"]\nweek = 6\ntest = \"z-pooled\"\n\
               alternative = \"less\"\nalpha = 0.05\n\n[multiplicity]\nmethod = \""
            + method
            + "\"\nendpoints = [\"response\", \"harm\"]\n";
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("family.toml");
        std::fs::write(&path, file).unwrap();
        let table = crate::util::stdout(&["run", path.to_str().unwrap(), "-n", "2000"]);
        let json = crate::util::run_json(&["run", path.to_str().unwrap(), "-n", "2000", "--format", "json"]);
        let html = dir.path().join("report.html");
        crate::util::stdout(&["report", path.to_str().unwrap(), "-n", "500", "-o", html.to_str().unwrap()]);
        let html = std::fs::read_to_string(html).unwrap();
        assert_eq!(html.contains("Hochberg's procedure controls"), method == "hochberg", "{html}");
        (table, json["family"].clone())
    };
    let (table, f) = family("hochberg");
    let c = &f["p_value_correlations"][0];
    assert!(c["correlation"].as_f64().unwrap() < -0.9 && c["negative"] == true, "{f}");
    assert_eq!(f["hochberg_at_risk"], true);
    assert!(
        table.contains("Hochberg's procedure controls the FWER when the p-values are positively dependent"),
        "{table}"
    );
    // Holm assumes nothing of the kind: the correlation is shown, the note is not.
    let (table, f) = family("holm");
    assert_eq!(f["hochberg_at_risk"], false);
    assert!(table.contains("p-value correlation under the global null") && !table.contains("Hochberg's procedure"));
}

#[test]
fn a_family_listed_out_of_endpoint_order_pairs_each_hypothesis_with_its_own_adjusted_power() {
    let text = text("scenarios/NCT05694130.toml").replace(
        "endpoints = [\"CR at week 12\", \"ESSDAI change at week 12\", \"ESSPRI change at week 12\"]",
        "endpoints = [\"ESSPRI change at week 12\", \"CR at week 12\", \"ESSDAI change at week 12\"]",
    );
    assert!(text.contains("endpoints = [\"ESSPRI change at week 12\", \"CR"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("family.toml");
    std::fs::write(&file, text).unwrap();
    let file = file.to_str().unwrap();
    let json = crate::util::run_json(&["run", file, "-n", "500", "--format", "json"]);
    let table = crate::util::stdout(&["run", file, "-n", "500"]);
    for e in json["endpoints"].as_array().unwrap().iter().filter(|e| e["adjusted_power"].is_number()) {
        let hypothesis = format!("{} ({})", e["name"].as_str().unwrap(), e["arm"].as_str().unwrap());
        let row = table.lines().find(|l| l.trim_start().starts_with(&hypothesis)).unwrap();
        let shown: f64 = row[row.find(')').unwrap() + 1..].split_whitespace().next().unwrap().parse().unwrap();
        assert!((shown - e["adjusted_power"].as_f64().unwrap()).abs() < 5e-5, "{row} vs {}", e["adjusted_power"]);
    }
}
