//! p-values and interval bounds against reference implementations, for every 2x2 table
//! with arm sizes 1 to 12 and 600 larger ones (committed fixtures made by
//! tests/fixtures/two_by_two.R, two_by_two.py and score_reference.py; see the scripts), and,
//! as ignored tests, every table with arm sizes up to 30 (`Rscript two_by_two.R 30 full`
//! and `python3 two_by_two.py 30 full` in tests/fixtures, then
//! `cargo test -p trialsim-stats -- --ignored`).

use flate2::read::GzDecoder;
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use trialsim_stats::{
    Alternative, Test, binomial, clopper_pearson, miettinen_nurminen, newcombe, two_sample_p_value, wilson,
};

/// Agreement required: within this absolute difference ...
const ABSOLUTE: f64 = 1e-10;
/// ... or within this relative difference.
const RELATIVE: f64 = 1e-8;

fn agree(ours: f64, reference: f64) -> bool {
    let d = (ours - reference).abs();
    d <= ABSOLUTE || d <= RELATIVE * reference.abs()
}

/// Tables in the committed fixtures: every pair of arm sizes up to 12 and 600 larger ones.
const COMMITTED_TABLES: usize = 8_700;
/// Tables in the full fixtures: every pair of arm sizes up to 30 and the same 600.
const FULL_TABLES: usize = 245_625;

/// A fixture: committed, or from the scripts' `full/` folder (ignored tests).
fn read_gz(name: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    let mut text = String::new();
    let file = std::fs::File::open(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; the full fixtures are made in tests/fixtures by `Rscript two_by_two.R 30 full` and `python3 two_by_two.py 30 full`",
            path.display()
        )
    });
    GzDecoder::new(file).read_to_string(&mut text).expect("gzip");
    let mut lines = text.lines();
    let unquote = |s: &str| s.trim().trim_matches('"').to_string();
    let header = lines.next().expect("header").split(',').map(unquote).collect();
    (header, lines.map(|l| l.split(',').map(unquote).collect()).collect())
}

/// Compare one column: `ours` gives our value (None for an undefined test), an empty
/// reference cell is an undefined reference. Returns the number of cells compared.
fn compare(
    name: &str,
    header: &[String],
    rows: &[Vec<String>],
    column: &str,
    skip_undefined_reference: bool,
    ours: impl Fn(&HashMap<&str, u32>) -> Option<f64>,
) -> usize {
    let c = header.iter().position(|h| h == column).unwrap_or_else(|| panic!("no column {column}"));
    let mut failures = Vec::new();
    let mut compared = 0;
    for row in rows {
        let ints: HashMap<&str, u32> = ["n1", "x1", "n2", "x2", "n", "x"]
            .iter()
            .filter_map(|k| header.iter().position(|h| h == k).map(|i| (*k, row[i].parse::<f64>().unwrap() as u32)))
            .collect();
        let reference = row[c].parse::<f64>().ok().filter(|v| !v.is_nan());
        let value = ours(&ints);
        match (value, reference) {
            (Some(a), Some(b)) if agree(a, b) => compared += 1,
            (None, None) => compared += 1,
            // Where every patient or none responds the score statistic is 0 / 0: trialsim
            // calls it undefined, the reference's bisection lands on p = 1; neither rejects.
            (None, Some(b)) if b >= 1.0 - 1e-12 => compared += 1,
            (_, None) if skip_undefined_reference => {}
            (a, b) => failures.push(format!("{ints:?}: ours {a:?}, reference {b:?}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{name} {column}: {} mismatches, e.g.\n{}",
        failures.len(),
        failures[..failures.len().min(8)].join("\n")
    );
    compared
}

#[test]
fn two_sample_tests_match_r() {
    two_sample_tests("two_by_two_r.csv.gz", COMMITTED_TABLES);
}

#[test]
#[ignore = "needs the full fixtures: Rscript two_by_two.R 30 full"]
fn two_sample_tests_match_r_up_to_30() {
    two_sample_tests("full/two_by_two_r.csv.gz", FULL_TABLES);
}

fn two_sample_tests(fixture: &str, tables: usize) {
    let (header, rows) = read_gz(fixture);
    assert_eq!(rows.len(), tables, "{fixture}");
    let columns = [
        ("fisher", Test::Fisher, Alternative::TwoSided),
        ("fisher_greater", Test::Fisher, Alternative::Greater),
        ("fisher_less", Test::Fisher, Alternative::Less),
        ("chisq", Test::ChiSquare, Alternative::TwoSided),
        ("chisq_greater", Test::ChiSquare, Alternative::Greater),
        ("chisq_less", Test::ChiSquare, Alternative::Less),
        ("yates", Test::ChiSquareYates, Alternative::TwoSided),
        ("yates_greater", Test::ChiSquareYates, Alternative::Greater),
        ("yates_less", Test::ChiSquareYates, Alternative::Less),
        // prop.test(correct = FALSE) is the pooled z test.
        ("chisq_greater", Test::ZPooled, Alternative::Greater),
        ("chisq_less", Test::ZPooled, Alternative::Less),
        ("chisq", Test::ZPooled, Alternative::TwoSided),
    ];
    for (column, test, alt) in columns {
        let n = compare("R", &header, &rows, column, false, |v| {
            two_sample_p_value(test, alt, 0.0, v["x1"], v["n1"], v["x2"], v["n2"])
        });
        assert_eq!(n, rows.len());
    }
}

#[test]
fn one_sample_intervals_and_binomial_test_match_r() {
    let (header, rows) = read_gz("one_sample_r.csv.gz");
    assert!(rows.len() > 490, "every x/n with n up to 30: {}", rows.len());
    let w = |v: &HashMap<&str, u32>| wilson::interval(v["x"], v["n"], 0.05);
    let cp = |v: &HashMap<&str, u32>| clopper_pearson::interval(v["x"] as u64, v["n"] as u64, 0.05);
    compare("R", &header, &rows, "wilson_lo", false, |v| Some(w(v).0));
    compare("R", &header, &rows, "wilson_hi", false, |v| Some(w(v).1));
    compare("R", &header, &rows, "cp_lo", false, |v| Some(cp(v).0));
    compare("R", &header, &rows, "cp_hi", false, |v| Some(cp(v).1));
    for p0 in ["0.1", "0.3", "0.5", "0.77"] {
        for (suffix, alt) in
            [("", Alternative::TwoSided), ("_greater", Alternative::Greater), ("_less", Alternative::Less)]
        {
            let rate: f64 = p0.parse().unwrap();
            compare("R", &header, &rows, &format!("binom_{p0}{suffix}"), false, |v| {
                Some(binomial::p_value(v["x"], v["n"], rate, alt))
            });
        }
    }
}

/// Columns of two_by_two_statsmodels.csv.gz: Newcombe and Wald from statsmodels, the
/// Miettinen-Nurminen interval and Farrington-Manning p-values from score_reference.py.
#[test]
fn difference_intervals_and_margin_tests_match_references() {
    difference_intervals_and_margin_tests("two_by_two_statsmodels.csv.gz", COMMITTED_TABLES);
}

#[test]
#[ignore = "needs the full fixtures: python3 two_by_two.py 30 full"]
fn difference_intervals_and_margin_tests_match_references_up_to_30() {
    difference_intervals_and_margin_tests("full/two_by_two_statsmodels.csv.gz", FULL_TABLES);
}

fn difference_intervals_and_margin_tests(fixture: &str, tables: usize) {
    let (header, rows) = read_gz(fixture);
    assert_eq!(rows.len(), tables, "{fixture}");
    type Ours = Box<dyn Fn(&HashMap<&str, u32>) -> Option<f64>>;
    let nc = |v: &HashMap<&str, u32>| newcombe::interval(v["x1"], v["n1"], v["x2"], v["n2"], 0.05);
    let mn = |v: &HashMap<&str, u32>| miettinen_nurminen::interval(v["x1"], v["n1"], v["x2"], v["n2"], 0.05);
    let p = |test: Test, alt: Alternative, margin: f64| -> Ours {
        Box::new(move |v: &HashMap<&str, u32>| {
            two_sample_p_value(test, alt, margin, v["x1"], v["n1"], v["x2"], v["n2"])
        })
    };
    let columns: Vec<(&str, Ours)> = vec![
        ("newcombe_lo", Box::new(move |v| Some(nc(v).0))),
        ("newcombe_hi", Box::new(move |v| Some(nc(v).1))),
        ("mn_lo", Box::new(move |v| Some(mn(v).0))),
        ("mn_hi", Box::new(move |v| Some(mn(v).1))),
        ("fm_greater_m0.1", p(Test::FarringtonManning, Alternative::Greater, 0.1)),
        ("fm_less_m0.1", p(Test::FarringtonManning, Alternative::Less, 0.1)),
        ("fm_two_sided", p(Test::FarringtonManning, Alternative::TwoSided, 0.0)),
        ("zu", p(Test::ZUnpooled, Alternative::TwoSided, 0.0)),
        ("zu_greater", p(Test::ZUnpooled, Alternative::Greater, 0.0)),
        ("zu_less", p(Test::ZUnpooled, Alternative::Less, 0.0)),
    ];
    let total = rows.len();
    for (column, ours) in columns {
        // The references leave some boundary tables undefined (no or all responders);
        // nearly every table must be compared and agree.
        let n = compare("reference", &header, &rows, column, true, ours);
        assert!(n as f64 >= 0.95 * total as f64, "{column}: only {n} of {total} tables compared");
    }
}
