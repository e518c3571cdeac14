//! The HTML report and --plots: self-contained pages with inline SVG charts, rendered in
//! headless Chromium where it is installed (in CI it must be: `.ci/run` installs it).

use crate::util::{path, trialsim};
use std::path::{Path, PathBuf};

fn scenarios() -> Vec<PathBuf> {
    let dir = path("scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "toml"));
    files.sort();
    files
}

fn chromium() -> Option<PathBuf> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

/// Render `html` headless to a PNG; return (console errors, PNG bytes).
fn render(browser: &Path, html: &Path, png: &Path) -> (Vec<String>, Vec<u8>) {
    let profile = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
            "--hide-scrollbars",
            "--window-size=1400,3000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("start the browser");
    let log = String::from_utf8_lossy(&out.stderr).into_owned();
    let errors = log.lines().filter(|l| l.contains("CONSOLE") || l.contains("Uncaught")).map(String::from).collect();
    (errors, std::fs::read(png).unwrap_or_default())
}

#[test]
fn every_scenario_has_a_self_contained_report() {
    let dir = tempfile::tempdir().unwrap();
    let browser = chromium();
    if browser.is_none() {
        // CI installs Chromium (.ci/run): there the browser check must not be skipped.
        assert!(std::env::var("CI").is_err(), "Chromium is missing in CI: .ci/run installs Debian's chromium");
        eprintln!("chromium not installed: checking the HTML only");
    }
    for file in scenarios() {
        let html = dir.path().join(format!("{}.html", file.file_stem().unwrap().to_string_lossy()));
        trialsim().arg("report").arg(&file).args(["-n", "400", "-o"]).arg(&html).assert().success();
        let text = std::fs::read_to_string(&html).unwrap();
        assert!(text.starts_with("<!DOCTYPE html>"));
        // No scripts, no fetched resources: the only URL is the SVG namespace.
        let without_namespace = text.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assert!(
            !text.contains("<script") && !without_namespace.contains("http") && !text.contains("src="),
            "{}",
            file.display()
        );
        let svgs = text.matches("<svg").count();
        assert!(svgs >= 3, "{}: {svgs} charts", file.display());
        assert_eq!(svgs, text.matches("</svg>").count());
        assert!(text.contains("Operating characteristics") && text.contains("<h2>Design</h2>"));
        if let Some(b) = &browser {
            let png = html.with_extension("png");
            let (errors, bytes) = render(b, &html, &png);
            assert!(errors.is_empty(), "{}: console errors {errors:?}", file.display());
            // Not blank: a PNG of real size whose pixels differ (compressed size is a proxy:
            // a blank page compresses to a few kilobytes).
            assert!(bytes.starts_with(b"\x89PNG"), "{}: no screenshot", file.display());
            assert!(bytes.len() > 40_000, "{}: the screenshot looks blank ({} bytes)", file.display(), bytes.len());
        }
    }
}

#[test]
fn plots_are_written_as_svg_files() {
    let dir = tempfile::tempdir().unwrap();
    let plots = dir.path().join("plots");
    trialsim().args(["run", "scenarios/NCT05694130.toml", "-n", "300", "--plots"]).arg(&plots).assert().success();
    let mut names: Vec<String> =
        std::fs::read_dir(&plots).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    for expected in ["histogram-cr-at-week-12.svg", "rates-cr.svg", "rates-pr.svg", "trajectories-prednisolone.svg"] {
        assert!(names.iter().any(|n| n == expected), "{expected} in {names:?}");
    }
    let svg = std::fs::read_to_string(plots.join("trajectories-prednisolone.svg")).unwrap();
    assert!(svg.contains("platelets (10^9/L)") && svg.contains("week") && svg.contains("CR threshold 100"));
    let sweep_plots = dir.path().join("sweep");
    trialsim()
        .args([
            "sweep",
            "scenarios/NCT05694130-primary.toml",
            "--vary",
            "trial.sample_size=60:120:30",
            "-n",
            "300",
            "--skip-type1",
            "--plots",
        ])
        .arg(&sweep_plots)
        .assert()
        .success();
    let svg = std::fs::read_to_string(sweep_plots.join("power-cr-at-week-12.svg")).unwrap();
    assert!(svg.contains("trial.sample_size") && svg.contains("polygon"));
}

#[test]
fn the_report_shows_what_run_prints_and_every_table_keeps_the_arm_order() {
    // Three arms, the control last: `low`, `high`, `control`.
    let file = crate::util::path("tests/scenarios/analyse/change.toml");
    let table = crate::util::stdout(&["run", file.to_str().unwrap(), "-n", "300"]);
    let observed = table.split("Observed per arm over replicates").nth(1).unwrap();
    let arms: Vec<&str> = observed
        .lines()
        .skip(3)
        .take_while(|l| !l.is_empty())
        .filter(|l| l.contains("mean change"))
        .take(3)
        .map(|l| l.split_whitespace().nth(1).unwrap())
        .collect();
    assert_eq!(arms, ["low", "high", "control"], "{observed}");
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    let nct = crate::util::path("scenarios/NCT05694130.toml");
    trialsim().arg("report").arg(&nct).args(["-n", "300", "-o"]).arg(&html).assert().success();
    let text = std::fs::read_to_string(&html).unwrap();
    for section in [
        "<h2>Multiplicity: holm at family-wise alpha 0.05</h2>",
        "<th>Adjusted power</th>",
        "P(reject at least one)",
        "FWER under the global null",
        "<h2>Observed per arm over replicates</h2>",
        "<h2>Interval estimation: coverage of the true value and mean width</h2>",
        "<td>miettinen-nurminen</td>",
    ] {
        assert!(text.contains(section), "the report lacks {section}");
    }
}

#[test]
fn interval_coverage_lists_the_arms_rates_in_the_scenario_s_order() {
    // Three arms, the control last: `arm`, `high`, `control`.
    let text = crate::util::text("tests/scenarios/binary_parallel.toml").replacen(
        "[[arm]]\nname = \"control\"",
        "[[arm]]\nname = \"high\"\nallocation = 1\ndropout = 0.0\nrates = { CR = [0.4, 0.4], PR = [0.2, 0.2] }\n\n[[arm]]\nname = \"control\"",
        1,
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("three.toml");
    std::fs::write(&file, text).unwrap();
    let table = crate::util::stdout(&["run", file.to_str().unwrap(), "-n", "200"]);
    let section = table.split("Interval estimation").nth(1).unwrap();
    let mut estimands: Vec<&str> = Vec::new();
    for line in section.lines().skip(3).take_while(|l| !l.is_empty()) {
        let estimand = line.split("  ").map(str::trim).filter(|x| !x.is_empty()).nth(1).unwrap();
        if !estimands.contains(&estimand) {
            estimands.push(estimand);
        }
    }
    assert_eq!(estimands, ["arm", "high", "control", "arm - control", "high - control"], "{section}");
}

#[test]
fn every_scenario_with_a_family_reports_its_multiplicity_and_coverage_tables() {
    let dir = tempfile::tempdir().unwrap();
    let mut families = 0;
    for file in scenarios() {
        let s = trialsim::Scenario::load(&file).unwrap();
        let Some(m) = &s.multiplicity else { continue };
        families += 1;
        let html = dir.path().join(format!("{}.html", s.name));
        trialsim().arg("report").arg(&file).args(["-n", "200", "-o"]).arg(&html).assert().success();
        let text = std::fs::read_to_string(&html).unwrap();
        let heading = format!("<h2>Multiplicity: {} at family-wise alpha {}</h2>", m.method.as_str(), m.alpha);
        for section in [
            heading.as_str(),
            "<th>Adjusted power</th>",
            "P(reject at least one)",
            "FWER under the global null",
            "<h2>Interval estimation: coverage of the true value and mean width</h2>",
        ] {
            assert!(text.contains(section), "{}: the report lacks {section}", file.display());
        }
        // Several compared arms: their comparisons together, as `run` prints them.
        if s.compared_arms().len() > 1 {
            assert!(text.contains("<h2>Compared arms together</h2>"), "{}", file.display());
        }
    }
    assert!(families >= 3, "the scenarios with a family: {families}");
}

#[test]
fn every_scenario_with_looks_reports_them_with_their_charts() {
    let dir = tempfile::tempdir().unwrap();
    let mut sequential = 0;
    for file in scenarios() {
        let s = trialsim::Scenario::load(&file).unwrap();
        let Some((looks, _)) = &s.sequential else { continue };
        sequential += 1;
        let html = dir.path().join(format!("{}.html", s.name));
        trialsim().arg("report").arg(&file).args(["-n", "300", "-o"]).arg(&html).assert().success();
        let text = std::fs::read_to_string(&html).unwrap();
        for section in [
            "<h2>Interim analyses</h2>",
            "<th>Efficacy z</th>",
            "bounds and 20 simulated paths",
            "stopping at each look",
        ] {
            assert!(text.contains(section), "{}: the report lacks {section}", file.display());
        }
        // One table row per look, each with its trigger.
        for look in looks {
            assert!(text.contains(&format!("<td>{}</td>", look.trigger)), "{}: {}", file.display(), look.trigger);
        }
    }
    assert!(sequential >= 1);
}
