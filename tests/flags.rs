//! An anticonservative test is flagged: a type-I error whose exact value exceeds alpha, or
//! whose simulated 95 % interval lies wholly above it, and a family-wise error wholly above
//! the family's alpha, are marked in the JSON, the table and the HTML report.

use crate::util::{path, run_json, text, trialsim};

#[test]
fn type1_errors_above_alpha_are_flagged_where_the_exact_value_exceeds_it() {
    let file = path("scenarios/NCT05694130.toml");
    let file = file.to_str().unwrap();
    let json = run_json(&["run", file, "-n", "2000", "--format", "json"]);
    let endpoints = json["endpoints"].as_array().unwrap();
    for e in endpoints {
        let alpha = e["alpha"].as_f64().unwrap();
        let exact_above = e["exact_type1_error"].as_f64().is_some_and(|x| x > alpha + 1e-12);
        let interval_above = e["type1_error_ci95"][0].as_f64().is_some_and(|lo| lo > alpha);
        assert_eq!(e["type1_error_above_alpha"], exact_above || interval_above, "{}", e["name"]);
    }
    // Pearson's chi-square at 55 vs 55 is anticonservative (exact 0.0512 at CR week 4); the
    // tests of the score changes are not flagged.
    let flagged = |name: &str| endpoints.iter().find(|e| e["name"] == name).unwrap()["type1_error_above_alpha"] == true;
    assert!(flagged("CR at week 4"));
    assert!(!flagged("ESSDAI change at week 12"));
    let table = String::from_utf8(trialsim().args(["run", file, "-n", "2000"]).output().unwrap().stdout).unwrap();
    let row = table.lines().find(|l| l.trim_start().starts_with("CR at week 4 ")).unwrap();
    assert!(row.ends_with(" !"), "{row}");
    assert!(table.contains("  ! type-I error above alpha"), "{table}");
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    trialsim().args(["report", file, "-n", "500", "-o", html.to_str().unwrap()]).assert().success();
    let html = std::fs::read_to_string(html).unwrap();
    assert!(html.contains("<strong class=\"above\">!</strong>") && html.contains("anticonservative"));
}

#[test]
fn a_family_without_adjustment_is_flagged_above_its_alpha() {
    let unadjusted = text("tests/scenarios/binary_parallel.toml")
        + "\n[[endpoint]]\nname = \"response at week 12\"\nlevels = [\"CR\", \"PR\"]\nweek = 12\n\
           test = \"fisher\"\nalpha = 0.05\n\n[multiplicity]\nmethod = \"none\"\n\
           endpoints = [\"response\", \"response at week 12\"]\n";
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("family.toml");
    std::fs::write(&file, unadjusted).unwrap();
    let file = file.to_str().unwrap();
    let json = run_json(&["run", file, "-n", "4000", "--format", "json"]);
    let family = &json["family"];
    assert!(family["fwer_ci95"][0].as_f64().unwrap() > 0.05, "{family}");
    assert_eq!(family["fwer_above_alpha"], true);
    let table = String::from_utf8(trialsim().args(["run", file, "-n", "4000"]).output().unwrap().stdout).unwrap();
    assert!(table.contains("! FWER above the family's alpha"), "{table}");
    // Holm over the same two hypotheses keeps it.
    std::fs::write(file, std::fs::read_to_string(file).unwrap().replace("\"none\"", "\"holm\"")).unwrap();
    let json = run_json(&["run", file, "-n", "4000", "--format", "json"]);
    assert_eq!(json["family"]["fwer_above_alpha"], false, "{}", json["family"]);
}
