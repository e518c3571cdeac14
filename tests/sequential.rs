//! Group-sequential runs: simulated stopping shares per look against the exact ones (the
//! counts enumerated through the bounds, `trialsim_stats::sequential_binomial`, itself
//! checked against a brute-force enumeration in Python) where the looks fall at fixed
//! numbers per arm; the type-I error of every sequential scenario in `scenarios/`; the same
//! output on any threads and shards; and bad input refused.

use crate::util::{TOLERANCE_SE, mcse, scenario, simulate, text, trialsim};
use trialsim::output::{Format, exporter};
use trialsim_stats::sequential_binomial::{Look, pooled_z, stopping, stopping_by};

/// The primary design without dropout, one-sided, entering in blocks of 2, with `looks`
/// (`[[analysis]]` entries) and `rule` (the `[group_sequential]` keys): every look at an
/// even number reached holds half of it in each arm.
pub fn design(looks: &[&str], rule: &str) -> String {
    let base = text("scenarios/NCT05694130-primary.toml").replace("dropout = 0.10", "dropout = 0.0").replace(
        "test = \"chi-square\"\nalternative = \"two-sided\"\nalpha = 0.05",
        "test = \"z-pooled\"\nalternative = \"greater\"\nalpha = 0.025",
    );
    let mut out = base + "\n[accrual]\nduration = 20\nrandomisation = { blocks = 2 }\n";
    for look in looks {
        out += &format!("\n[[analysis]]\n{look}\n");
    }
    out + "\n[group_sequential]\nendpoint = \"CR at week 12\"\n" + rule + "\n"
}

/// The looks of a run's sequential result as exact enumeration takes them, `per_arm[k]`
/// patients in each arm at look k (a look without a stop of a kind has an infinite bound).
fn exact_looks(g: &trialsim::evaluation::result::SequentialResult, per_arm: &[u32]) -> Vec<Look> {
    g.looks
        .iter()
        .zip(per_arm)
        .map(|(l, &n)| Look {
            arm: n,
            control: n,
            efficacy: l.efficacy_bound.unwrap_or(f64::INFINITY),
            futility: l.futility_bound.unwrap_or(f64::NEG_INFINITY),
        })
        .collect()
}

/// Simulated stops per look within 4 MCSE of the exact ones, under the scenario (CR 0.55
/// vs 0.30 at week 12) and its null twin (0.30 in both).
pub fn assert_exact(text: &str, per_arm: &[u32], replicates: u64) {
    assert_exact_with(text, per_arm, replicates, 0.30, pooled_z);
}

/// [`assert_exact`] with the arm at `null_arm` in the null twin and the statistic `z_of`.
pub fn assert_exact_with(
    text: &str,
    per_arm: &[u32],
    replicates: u64,
    null_arm: f64,
    z_of: impl Fn(u32, u32, u32, u32) -> f64 + Copy,
) {
    let s = scenario(text);
    let e = simulate(&s, replicates, 5, None);
    let g = e.sequential.as_ref().expect("a sequential result");
    let bounds = exact_looks(g, per_arm);
    for (world, (pa, pc)) in [("scenario", (0.55, 0.30)), ("null", (null_arm, 0.30))] {
        let exact = stopping_by(&bounds, pa, pc, z_of);
        for (k, l) in g.looks.iter().enumerate() {
            let (efficacy, futility) = if world == "scenario" {
                (l.efficacy_stop.estimate, l.futility_stop.estimate)
            } else {
                (l.null_efficacy_stop.unwrap().estimate, l.null_futility_stop.unwrap().estimate)
            };
            // The last look's futility share is everything not rejecting there.
            let exact_futility = if k + 1 == g.looks.len() {
                1.0 - exact.iter().map(|x| x.0).sum::<f64>() - exact[..k].iter().map(|x| x.1).sum::<f64>()
            } else {
                exact[k].1
            };
            // The run reports the same exact values beside the simulated ones.
            let reported = if world == "scenario" {
                (l.exact_efficacy_stop, l.exact_futility_stop)
            } else {
                (l.exact_null_efficacy_stop, l.exact_null_futility_stop)
            };
            assert!((reported.0.expect("exact") - exact[k].0).abs() < 1e-12, "{world} look {}", k + 1);
            assert!((reported.1.expect("exact") - exact_futility).abs() < 1e-12, "{world} look {}", k + 1);
            for (what, sim, x) in [("efficacy", efficacy, exact[k].0), ("futility", futility, exact_futility)] {
                let se = mcse(x, replicates).max(1.0 / replicates as f64);
                assert!(
                    (sim - x).abs() <= TOLERANCE_SE * se,
                    "{world} look {} {what}: simulated {sim}, exact {x} (se {se})",
                    k + 1
                );
            }
        }
    }
}

#[test]
fn stops_match_exact_enumeration_with_binding_z_futility_and_a_look_without_efficacy() {
    let looks = ["reached = 40\nefficacy = false", "reached = 80", "reached = 110"];
    let rule = "design = \"pocock\"\nfutility = \"z\"\nfutility_z = [0.0, 0.5]\nbinding = true";
    assert_exact(&design(&looks, rule), &[20, 40, 55], 20_000);
}

#[test]
fn stops_match_exact_enumeration_with_spending_and_non_binding_beta_spending() {
    let looks = ["information = 0.4", "reached = 110"];
    let rule = "spending = \"obrien-fleming\"\nfutility = \"beta-spending\"\nbeta = 0.2";
    let text = design(&looks, rule);
    assert_exact(&text, &[22, 55], 20_000);
    // Non-binding: the type-I error ignores the futility bound: the exact efficacy stops
    // of the design without it.
    let s = scenario(&text);
    let e = simulate(&s, 20_000, 5, None);
    let g = e.sequential.unwrap();
    let without: Vec<Look> = g
        .looks
        .iter()
        .zip([22, 55])
        .map(|(l, n)| Look { arm: n, control: n, efficacy: l.efficacy_bound.unwrap(), futility: f64::NEG_INFINITY })
        .collect();
    let exact: f64 = stopping(&without, 0.30, 0.30).iter().map(|x| x.0).sum();
    let t = g.type1_error.unwrap().estimate;
    assert!((g.exact_type1_error.unwrap() - exact).abs() < 1e-12);
    assert!((t - exact).abs() <= TOLERANCE_SE * mcse(exact, 20_000), "type-I error {t}, exact {exact}");
    // And the design's own type-I error is at most alpha (the score z's discreteness aside).
    assert!(exact <= 0.025 * 1.05, "{exact}");
}

#[test]
fn a_non_inferiority_design_is_monitored_by_the_farrington_manning_z() {
    // H1: arm - control > -0.1; the null twin puts the arm at 0.30 - 0.1.
    let looks = ["reached = 50", "reached = 110"];
    let rule = "spending = \"obrien-fleming\"\nfutility = \"z\"\nfutility_z = [0.0]";
    let text = design(&looks, rule).replace("test = \"z-pooled\"", "test = \"farrington-manning\"\nmargin = 0.1");
    assert!(text.contains("margin = 0.1"));
    let fm = |xa, na, xc, nc| trialsim_stats::score::statistic(xa, na, xc, nc, -0.1, false).unwrap_or(0.0);
    assert_exact_with(&text, &[25, 55], 20_000, 0.20, fm);
    let g = simulate(&scenario(&text), 20_000, 6, None).sequential.unwrap();
    // Its type-I error (the arm on the margin) is the exact one within MC error.
    let (t, x) = (g.type1_error.unwrap().estimate, g.exact_type1_error.unwrap());
    assert!((t - x).abs() <= TOLERANCE_SE * mcse(x, 20_000), "{t} vs exact {x}");
}

#[test]
fn every_sequential_scenario_keeps_its_type1_error() {
    let mut seen = 0;
    for entry in std::fs::read_dir(crate::util::path("scenarios")).unwrap() {
        let path = entry.unwrap().path();
        let s = trialsim::Scenario::load(&path).unwrap();
        let Some((_, rule)) = &s.sequential else { continue };
        seen += 1;
        let alpha = s.endpoints[rule.endpoint].alpha;
        let e = simulate(&s, 20_000, 3, None);
        let t = e.sequential.unwrap().type1_error.unwrap();
        assert!(t.ci.lo <= alpha, "{}: type-I error {} [{}, {}]", path.display(), t.estimate, t.ci.lo, t.ci.hi);
    }
    assert!(seen >= 1);
}

#[test]
fn sequential_output_is_the_same_on_any_threads_and_shards() {
    let path = crate::util::path("scenarios/NCT05694130-interim.toml");
    let s = trialsim::Scenario::load(&path).unwrap();
    let json = |threads| exporter(Format::Json).render(&simulate(&s, 1500, 7, Some(threads)));
    let one = json(1);
    assert_eq!(one, json(2));
    crate::util::assert_three_shards_merge_to_the_whole(&path);
}

#[test]
fn bad_looks_are_refused_with_file_line_column_and_the_fix() {
    let refused = |text: &str, key: &str, words: &str| {
        let e = trialsim::Scenario::parse(text, std::path::Path::new("t.toml")).expect_err("invalid");
        assert_eq!(e.key, key, "{e}");
        assert!(e.message.contains(words), "expected '{words}' in: {e}");
        assert!(e.line > 0 && e.column > 0, "{e}");
    };
    let spending = "spending = \"obrien-fleming\"";
    refused(&design(&["reached = 80", "reached = 40"], spending), "analysis[1]", "in order of information");
    refused(&design(&["information = 1.5", "reached = 110"], spending), "analysis[0].information", "(0, 1]");
    refused(&design(&["reached = 40", "reached = 100"], spending), "analysis[1]", "must include every patient");
    refused(&design(&["events = 10", "reached = 110"], spending), "analysis[0].events", "not a time to event");
    refused(
        &design(&["reached = 40", "reached = 110"], "spending = \"linear\""),
        "group_sequential.spending",
        "unknown alpha spending",
    );
    refused(&design(&["week = 1", "reached = 110"], spending), "analysis[0]", "move it later");
    refused(
        &design(&["reached = 40", "week = 15", "reached = 110"], spending),
        "analysis[1]",
        "in order of information",
    );
    refused(
        &design(&["reached = 40", "reached = 110"], "spending = \"kim-demets\""),
        "group_sequential.spending",
        "needs `rho`",
    );
    let no_rule = design(&["reached = 40", "reached = 110"], spending)
        .replace("[group_sequential]\nendpoint = \"CR at week 12\"\nspending = \"obrien-fleming\"\n", "");
    refused(&no_rule, "analysis", "add a [group_sequential] section");
    let no_accrual = design(&["reached = 40", "reached = 110"], spending)
        .replace("[accrual]\nduration = 20\nrandomisation = { blocks = 2 }\n", "");
    refused(&no_accrual, "group_sequential", "add an [accrual] section");
}

#[test]
fn a_sweep_over_the_interim_runs_on_common_random_numbers() {
    let csv = crate::util::stdout(&[
        "sweep",
        "scenarios/NCT05694130-interim.toml",
        "--vary",
        "analysis[0].information=0.3:0.7:0.2",
        "-n",
        "2000",
        "--skip-type1",
    ]);
    let rows: Vec<Vec<&str>> = csv.lines().skip(1).map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 6, "{csv}");
    let fixed: Vec<&str> = rows.iter().filter(|r| r[2] == "CR at week 12").map(|r| r[4]).collect();
    let sequential: Vec<&str> =
        rows.iter().filter(|r| r[2] == "CR at week 12 (group-sequential)").map(|r| r[4]).collect();
    assert_eq!(fixed.len(), 3);
    // The same replicates at every point: the fixed design's power does not move ...
    assert!(fixed.iter().all(|p| *p == fixed[0]), "{fixed:?}");
    // ... while the sequential design's does with its interim.
    assert_eq!(sequential.len(), 3);
    assert!(sequential[0] != sequential[2], "{sequential:?}");
}

#[test]
fn analyse_shows_each_look_as_recounted_from_the_export() {
    let file = "scenarios/NCT05694130-interim.toml";
    let s = crate::util::load(file);
    for replicate in [0u64, 2, 7] {
        let a = trialsim::analysis::one_trial::analyse_trial(&s, 20260122, replicate);
        assert_eq!(a.looks.len(), 2);
        let csv = crate::util::stdout(&["export", file, "--replicate", &replicate.to_string(), "--seed", "20260122"]);
        let mut lines = csv.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
        let (arm, patient, week, level, dropped, calendar) =
            (col("arm"), col("patient"), col("week"), col("level"), col("dropped_out"), col("calendar_week"));
        // Per patient: its arm, when its week-12 status is known, and whether it is CR.
        let mut known: std::collections::BTreeMap<u32, (String, f64, bool)> = Default::default();
        for line in lines {
            let f: Vec<&str> = line.split(',').collect();
            let (p, w, t): (u32, u32, f64) =
                (f[patient].parse().unwrap(), f[week].parse().unwrap(), f[calendar].parse().unwrap());
            let first_missed = f[dropped] == "true" && !known.contains_key(&p);
            if first_missed || (w == 12 && !known.contains_key(&p)) {
                known.insert(p, (f[arm].to_string(), t, f[level] == "CR"));
            }
        }
        assert_eq!(known.len(), 110);
        for look in &a.looks {
            for d in &look.data {
                let mine: Vec<_> = known.values().filter(|(a, t, _)| *a == d.arm && *t <= look.cut_week).collect();
                assert_eq!(d.analysed as usize, mine.len(), "replicate {replicate} look {} {}", look.look, d.arm);
                assert_eq!(d.responders.unwrap() as usize, mine.iter().filter(|x| x.2).count());
            }
        }
        // The interim cut is when the 55th patient's status became known.
        let mut weeks: Vec<f64> = known.values().map(|x| x.1).collect();
        weeks.sort_by(f64::total_cmp);
        assert_eq!(a.looks[0].cut_week, weeks[54]);
        assert!(["stop for efficacy", "stop for futility", "continue"].contains(&a.looks[0].decision));
    }
}

#[test]
fn stops_agree_with_rpact_s_normal_approximation_within_its_gap() {
    // rpact's getPowerRates (tests/fixtures/sequential/power_rates.R) assumes the score z is
    // normal; the exact law of the counts differs from it by a gap the exact enumeration
    // measures. Simulated values must lie within 4 MCSE plus that gap of rpact's.
    let rows = crate::util::read_csv("tests/fixtures/sequential/power_rates.csv");
    let mut cases: std::collections::BTreeMap<(String, String, String), Vec<_>> = Default::default();
    for r in &rows {
        cases.entry((r["design"].clone(), r["p_arm"].clone(), r["p_control"].clone())).or_default().push(r);
    }
    assert_eq!(cases.len(), 6);
    let replicates = 10_000;
    let mut worst_gap = 0.0f64;
    for ((name, pa, pc), rows) in &cases {
        if pa != pc {
            continue; // each design's alternative and null come from one run (below)
        }
        let alternative = cases.iter().find(|((n, a, _), _)| n == name && a != pa).map(|(_, r)| r).unwrap();
        let looks: Vec<String> = rows
            .iter()
            .map(|r| format!("reached = {}", (r["t"].parse::<f64>().unwrap() * 600.0).round() as u32))
            .collect();
        let rule = match name.as_str() {
            "of-two-looks" => "spending = \"obrien-fleming\"",
            "pocock-three-looks-bsof" => "spending = \"pocock\"\nfutility = \"beta-spending\"\nbeta = 0.2",
            "of-two-looks-bsp-binding" => {
                "spending = \"obrien-fleming\"\nfutility = \"beta-spending\"\nbeta = 0.2\nbeta_spending = \"pocock\"\nbinding = true"
            }
            other => panic!("{other}"),
        };
        let refs: Vec<&str> = looks.iter().map(String::as_str).collect();
        let text = design(&refs, rule)
            .replace("sample_size = 110\n", "sample_size = 600\n")
            .replace("CR = [0.30, 0.40, 0.55]", "CR = [0.30, 0.40, 0.35]")
            .replace("CR = [0.20, 0.25, 0.30]", "CR = [0.20, 0.25, 0.25]");
        let e = simulate(&scenario(&text), replicates, 9, None);
        let g = e.sequential.unwrap();
        let per_arm: Vec<u32> = looks.iter().map(|l| l[10..].parse::<u32>().unwrap() / 2).collect();
        for (world, rows, (p_arm, p_control)) in [("scenario", alternative, (0.35, 0.25)), ("null", rows, (0.25, 0.25))]
        {
            let bounds = exact_looks(&g, &per_arm);
            let exact = stopping(&bounds, p_arm, p_control);
            for (k, (l, r)) in g.looks.iter().zip(rows.iter()).enumerate() {
                let last = k + 1 == g.looks.len();
                let (sim, rpact, x) = if world == "scenario" {
                    (l.efficacy_stop.estimate, r["reject"].parse::<f64>().unwrap(), exact[k].0)
                } else {
                    (l.null_efficacy_stop.unwrap().estimate, r["reject"].parse::<f64>().unwrap(), exact[k].0)
                };
                let gap = (x - rpact).abs();
                worst_gap = worst_gap.max(gap);
                let se = mcse(rpact, replicates);
                assert!(
                    (sim - rpact).abs() <= TOLERANCE_SE * se + gap,
                    "{name} {world} look {} efficacy: {sim} vs rpact {rpact} (exact {x})",
                    k + 1
                );
                if !last {
                    let (sim, rpact, x) = if world == "scenario" {
                        (l.futility_stop.estimate, r["futility"].parse::<f64>().unwrap(), exact[k].1)
                    } else {
                        (l.null_futility_stop.unwrap().estimate, r["futility"].parse::<f64>().unwrap(), exact[k].1)
                    };
                    let gap = (x - rpact).abs();
                    worst_gap = worst_gap.max(gap);
                    assert!(
                        (sim - rpact).abs() <= TOLERANCE_SE * mcse(rpact, replicates).max(1e-4) + gap,
                        "{name} {world} look {} futility: {sim} vs rpact {rpact} (exact {x})",
                        k + 1
                    );
                }
            }
        }
        // The expected number analysed at the stop (looks at fixed numbers, no dropout),
        // under the alternative: within 4 MCSE plus the exact law's gap of rpact's.
        let bounds = exact_looks(&g, &per_arm);
        let exact = stopping(&bounds, 0.35, 0.25);
        let mut going = 1.0;
        let mut exact_n = 0.0;
        for (k, (e, f)) in exact.iter().enumerate() {
            let here = if k + 1 == exact.len() { going } else { e + f };
            exact_n += here * 2.0 * per_arm[k] as f64;
            going -= here;
        }
        let rpact_n: f64 = alternative[0]["expected_n"].parse().unwrap();
        let se = g.analysed.sd / (replicates as f64).sqrt();
        let (mean, gap) = (g.analysed.mean.estimate, (exact_n - rpact_n).abs());
        assert!(
            (mean - rpact_n).abs() <= TOLERANCE_SE * se + gap,
            "{name}: {mean} vs rpact {rpact_n} (exact {exact_n})"
        );
        assert!((mean - exact_n).abs() <= TOLERANCE_SE * se, "{name}: {mean} vs exact {exact_n}");
    }
    eprintln!("largest gap between exact and rpact's normal approximation: {worst_gap:e}");
}

#[test]
fn size_searches_the_sample_size_of_a_sequential_design() {
    let file = "scenarios/NCT05694130-interim.toml";
    let args = ["size", file, "--target-power", "0.6", "--target", "sequential", "-n", "2000", "--format", "json"];
    let size = crate::util::run_json(&args);
    assert_eq!(size["target"], "sequential");
    let n = size["sample_size"].as_u64().unwrap();
    // The found size's simulated sequential power reaches the target, and a run at that
    // size reports the same power for the design.
    assert!(size["power"].as_f64().unwrap() >= 0.6, "{size}");
    let text = text(file).replace("sample_size = 110\n", &format!("sample_size = {n}\n"));
    let e = simulate(&scenario(&text), 2000, 20260122, None);
    assert_eq!(e.sequential.unwrap().power.estimate, size["power"].as_f64().unwrap());
    // An endpoint without looks is refused, saying what to add.
    let out = trialsim()
        .args(["size", "scenarios/NCT05694130-primary.toml", "--target-power", "0.6", "--target", "sequential"])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    assert!(String::from_utf8_lossy(&out).contains("add [[analysis]] looks and a [group_sequential] section"));
}

#[test]
fn alpha_is_re_spent_at_observed_information() {
    let interim = text("scenarios/NCT05694130-interim.toml");
    let z_futility = |text: &str| {
        text.replace(
            "futility = \"beta-spending\"\nbeta = 0.2\nbeta_spending = \"obrien-fleming\"\n",
            "futility = \"z\"\nfutility_z = [0.0]\n",
        )
    };
    let observed = |text: &str| text.replace("binding = false\n", "binding = false\ninformation = \"observed\"\n");
    // Looks by information: the observed information is the planned, so are the stops.
    let planned = z_futility(&interim);
    assert!(planned.contains("futility_z"));
    let (a, b) =
        (simulate(&scenario(&planned), 4000, 3, None), simulate(&scenario(&observed(&planned)), 4000, 3, None));
    let (a, b) = (a.sequential.unwrap(), b.sequential.unwrap());
    for (x, y) in a.looks.iter().zip(&b.looks) {
        assert_eq!(
            (x.efficacy_stop.estimate, x.futility_stop.estimate),
            (y.efficacy_stop.estimate, y.futility_stop.estimate)
        );
    }
    // An interim at week 52: each trial's bound follows the patients it analysed.
    let by_week = planned
        .replace("information = 0.5      # 55 patients with their week-12 result (or gone before it)", "week = 52");
    assert!(by_week.contains("week = 52"));
    let s = scenario(&observed(&by_week));
    let bounds: Vec<f64> = (0..6)
        .map(|r| trialsim::analysis::one_trial::analyse_trial(&s, 20260122, r).looks[0].efficacy_bound.unwrap())
        .collect();
    let planned_bound =
        simulate(&scenario(&by_week), 200, 1, None).sequential.unwrap().looks[0].efficacy_bound.unwrap();
    assert!(bounds.iter().any(|&c| (c - planned_bound).abs() > 1e-6), "{bounds:?} vs {planned_bound}");
    assert!(bounds.iter().all(|&c| c > 2.5 && c < 3.6), "{bounds:?}");
    // Its type-I error stays at alpha (the 95 % interval reaches 0.025).
    let t = simulate(&s, 20_000, 4, None).sequential.unwrap().type1_error.unwrap();
    assert!(t.ci.lo <= 0.025, "{} [{}, {}]", t.estimate, t.ci.lo, t.ci.hi);
    // What cannot be re-spent is refused.
    for (text, words) in [
        (
            observed(&planned).replace("spending = \"obrien-fleming\"\n", "design = \"pocock\"\n"),
            "needs an alpha-spending function",
        ),
        (
            planned.replace("binding = false\n", "binding = false\ninformation = \"actual\"\n"),
            "expected planned or observed",
        ),
    ] {
        let e = trialsim::Scenario::parse(&text, std::path::Path::new("t.toml")).expect_err("refused");
        assert_eq!(e.key, "group_sequential.information", "{e}");
        assert!(e.message.contains(words), "{e}");
    }
}

/// NCT05694130 with accrual and looks at half and all of the ESSPRI changes (Welch's t as z).
fn change_design() -> String {
    text("scenarios/NCT05694130.toml")
        + "\n[accrual]\nduration = 40\nrandomisation = { blocks = 2 }\n\n[[analysis]]\ninformation = 0.5\n\n\
           [[analysis]]\ninformation = 1\n\n[group_sequential]\nendpoint = \"ESSPRI change at week 12\"\n\
           spending = \"obrien-fleming\"\n"
}

#[test]
fn a_change_endpoint_is_monitored_by_welch_s_t_as_z() {
    let s = scenario(&change_design());
    // Type-I error at alpha (one-sided 0.05, `less`).
    let t = simulate(&s, 20_000, 6, None).sequential.unwrap().type1_error.unwrap();
    assert!(t.ci.lo <= 0.05 && t.ci.hi >= 0.05 * 0.9, "{} [{}, {}]", t.estimate, t.ci.lo, t.ci.hi);
    // Each look of a trial recounted from its export: the changes seen at week 12 by the
    // cut, their mean per arm, and Welch's t turned into the z of the same p-value.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("change.toml");
    std::fs::write(&file, change_design()).unwrap();
    for replicate in [0u64, 3] {
        let a = trialsim::analysis::one_trial::analyse_trial(&s, 20260122, replicate);
        let csv = trialsim()
            .args(["export", file.to_str().unwrap(), "--replicate", &replicate.to_string(), "--seed", "20260122"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let csv = String::from_utf8(csv).unwrap();
        let mut lines = csv.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
        let (arm, patient, week, score, calendar) =
            (col("arm"), col("patient"), col("week"), col("ESSPRI"), col("calendar_week"));
        let mut baseline = std::collections::BTreeMap::new();
        // (arm, calendar week of the week-12 visit, change)
        let mut changes: Vec<(String, f64, f64)> = Vec::new();
        for line in lines {
            let f: Vec<&str> = line.split(',').collect();
            let p: u32 = f[patient].parse().unwrap();
            match f[week] {
                "0" => {
                    baseline.insert(p, f[score].parse::<f64>().unwrap());
                }
                "12" if !f[score].is_empty() => changes.push((
                    f[arm].into(),
                    f[calendar].parse().unwrap(),
                    f[score].parse::<f64>().unwrap() - baseline[&p],
                )),
                _ => {}
            }
        }
        for look in &a.looks {
            let group = |name: &str| -> Vec<f64> {
                changes.iter().filter(|c| c.0 == name && c.1 <= look.cut_week).map(|c| c.2).collect()
            };
            let (x, y) = (group(&look.data[0].arm), group(&look.data[1].arm));
            let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
            let var = |v: &[f64]| v.iter().map(|a| (a - mean(v)).powi(2)).sum::<f64>() / (v.len() - 1) as f64;
            assert_eq!(look.data[0].analysed as usize, x.len());
            assert_eq!(look.data[1].analysed as usize, y.len());
            // Scores are exported to their resolution: means agree to it.
            assert!((look.data[0].mean_change.unwrap() - mean(&x)).abs() < 1e-9, "{replicate}");
            let (vx, vy) = (var(&x) / x.len() as f64, var(&y) / y.len() as f64);
            let t = (mean(&x) - mean(&y)) / (vx + vy).sqrt();
            let df = (vx + vy).powi(2) / (vx * vx / (x.len() - 1) as f64 + vy * vy / (y.len() - 1) as f64);
            let p_less = 1.0 - trialsim_stats::student_t::upper_tail(t, df);
            let z = -trialsim_stats::special::normal_quantile(p_less);
            assert!((look.z - z).abs() < 1e-6, "replicate {replicate} look {}: {} vs {z}", look.look, look.z);
        }
    }
}

/// How far the simulated stops of a change endpoint may lie from rpact's known-variance
/// normal values beyond Monte Carlo error: Welch's t with its estimated variance, turned
/// into z, is not exactly the z rpact assumes (found: every difference within 2 MCSE at
/// 10,000 replicates, the largest 0.0075 at an MCSE of 0.0038; the allowance covers the
/// gap, which 150 to 300 patients per arm keep small).
const T_AS_Z_GAP: f64 = 0.005;

#[test]
fn a_change_endpoint_s_stops_agree_with_rpact_s_get_power_means() {
    let rows = crate::util::read_csv("tests/fixtures/sequential/power_means.csv");
    // A normal change (SD 1 on a fine grid), 600 patients, no dropout, blocks of 2.
    let scenario_text = |looks: &[String], rule: &str, delta: f64| {
        let mut t = format!(
            "[trial]\nname = \"normal change\"\nsample_size = 600\nvisits = [0, 12]\ncontrol = \"control\"\n\n\
             [marker]\nname = \"platelets\"\nbaseline = {{ median = 13.0, log_sd = 0.5, min = 1.0, max = 30.0 }}\n\
             persistence = 0.7\nresolution = 1.0\n\n[[level]]\nname = \"CR\"\nabove = 100.0\n\n\
             [[score]]\nname = \"S\"\nbaseline = {{ mean = 0.0, sd = 1.0, min = -400.0, max = 400.0 }}\n\
             change_sd = 1.0\nresolution = 0.01\n\n\
             [[arm]]\nname = \"arm\"\ndropout = 0.0\nrates = {{ CR = [0.3] }}\nchange = {{ S = [{delta}] }}\n\n\
             [[arm]]\nname = \"control\"\ndropout = 0.0\nrates = {{ CR = [0.3] }}\nchange = {{ S = [0.0] }}\n\n\
             [[endpoint]]\nname = \"S change\"\nkind = \"change\"\nscore = \"S\"\nweek = 12\ntest = \"welch-t\"\n\
             alternative = \"greater\"\nalpha = 0.025\n\n[accrual]\nduration = 40\nrandomisation = {{ blocks = 2 }}\n"
        );
        for look in looks {
            t += &format!("\n[[analysis]]\n{look}\n");
        }
        t + "\n[group_sequential]\nendpoint = \"S change\"\n" + rule + "\n"
    };
    let replicates = 10_000;
    for (name, rule) in [
        ("of-two-looks", "spending = \"obrien-fleming\""),
        ("pocock-three-looks-bsof", "spending = \"pocock\"\nfutility = \"beta-spending\"\nbeta = 0.2"),
    ] {
        let mine: Vec<_> = rows.iter().filter(|r| r["design"] == name && r["delta"] == "0.25").collect();
        let null: Vec<_> = rows.iter().filter(|r| r["design"] == name && r["delta"] == "0").collect();
        let looks: Vec<String> =
            mine.iter().map(|r| format!("reached = {}", (r["t"].parse::<f64>().unwrap() * 600.0).round())).collect();
        let e = simulate(&scenario(&scenario_text(&looks, rule, 0.25)), replicates, 12, None);
        let g = e.sequential.unwrap();
        for (k, l) in g.looks.iter().enumerate() {
            let last = k + 1 == g.looks.len();
            let checks = [
                ("efficacy", l.efficacy_stop.estimate, &mine[k]["reject"]),
                ("null efficacy", l.null_efficacy_stop.unwrap().estimate, &null[k]["reject"]),
                ("futility", if last { 0.0 } else { l.futility_stop.estimate }, &mine[k]["futility"]),
                (
                    "null futility",
                    if last { 0.0 } else { l.null_futility_stop.unwrap().estimate },
                    &null[k]["futility"],
                ),
            ];
            for (what, sim, rpact) in checks {
                let rpact: f64 = rpact.parse().unwrap();
                let se = mcse(rpact, replicates);
                assert!(
                    (sim - rpact).abs() <= TOLERANCE_SE * se + T_AS_Z_GAP,
                    "{name} look {} {what}: simulated {sim}, rpact {rpact}",
                    k + 1
                );
            }
        }
    }
}

#[test]
fn a_time_to_event_is_monitored_by_its_events_and_the_log_rank_z() {
    let file = "scenarios/CSTAR008-event-driven.toml";
    let s = crate::util::load(file);
    for replicate in [0u64, 1, 4] {
        let a = trialsim::analysis::one_trial::analyse_trial(&s, 8, replicate);
        let csv = crate::util::stdout(&["export", file, "--replicate", &replicate.to_string(), "--seed", "8"]);
        // Sub-arm names hold commas: read the export as CSV.
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        let (arm, week, time, status, calendar) =
            (col("arm"), col("week"), col("flare_time"), col("flare_status"), col("calendar_week"));
        // Per patient (week-0 rows): arm, entry, follow-up and whether it ended with a flare.
        let patients: Vec<(String, f64, f64, bool)> = reader
            .records()
            .map(|r| r.unwrap())
            .filter(|f| &f[week] == "0")
            .map(|f| (f[arm].to_string(), f[calendar].parse().unwrap(), f[time].parse().unwrap(), &f[status] == "1"))
            .collect();
        assert_eq!(patients.len(), 220);
        let all_events = patients.iter().filter(|p| p.3).count();
        for look in &a.looks {
            let target: usize = look.trigger.trim_start_matches("events = ").parse().unwrap();
            let mut total = 0;
            for d in &look.data {
                let mine: Vec<_> = patients.iter().filter(|p| p.0 == d.arm && p.1 <= look.cut_week).collect();
                let events = mine.iter().filter(|p| p.3 && p.1 + p.2 <= look.cut_week).count();
                assert_eq!(d.analysed as usize, mine.len(), "replicate {replicate} look {}", look.look);
                assert_eq!(d.events.unwrap() as usize, events, "replicate {replicate} look {}", look.look);
                total += events;
            }
            // The cut is the look's event, or the end of follow-up when fewer occur.
            assert_eq!(total, target.min(all_events), "replicate {replicate} look {}", look.look);
        }
    }
    // What cannot be looked at is refused at its key.
    let text = text(file);
    let refused = |text: &str, key: &str, words: &str| {
        let e = trialsim::Scenario::parse(text, std::path::Path::new("t.toml")).expect_err("refused");
        assert_eq!(e.key, key, "{e}");
        assert!(e.message.contains(words), "{e}");
    };
    refused(&text.replace("events = 17", "information = 1"), "analysis[1]", "give the final analysis `events = E`");
    refused(&text.replace("events = 9", "week = 60"), "analysis[0]", "looked at by events or information");
    refused(&text.replace("events = 9", "events = 300"), "analysis[0].events", "between 1 and the sample size");
    let on_rates = text.replace("endpoint = \"Time to flare\"", "endpoint = \"Renal remission at 1 year\"");
    refused(&on_rates, "analysis[0].events", "not a time to event");
}

/// How far a time to event's simulated stops may lie from rpact's Schoenfeld approximation
/// beyond Monte Carlo error (the log-rank z's law at a hazard ratio of 2/3 with 100 and 200
/// events; found: within 0.003 of rpact at both looks at seeds 2 to 4, inside Monte Carlo error).
const SCHOENFELD_GAP: f64 = 0.01;

#[test]
fn an_event_driven_design_agrees_with_rpact_s_get_power_survival() {
    // tests/scenarios/event_driven.toml: the design of power_survival.R.
    let s = crate::util::load("tests/scenarios/event_driven.toml");
    let rows = crate::util::read_csv("tests/fixtures/sequential/power_survival.csv");
    let replicates = 20_000;
    let e = simulate(&s, replicates, 2, None);
    let g = e.sequential.unwrap();
    for (k, l) in g.looks.iter().enumerate() {
        for (median, sim) in [("60", l.efficacy_stop.estimate), ("40", l.null_efficacy_stop.unwrap().estimate)] {
            let row = rows.iter().find(|r| r["median_arm"] == median && r["look"] == (k + 1).to_string()).unwrap();
            let rpact: f64 = row["reject"].parse().unwrap();
            let se = mcse(rpact, replicates);
            assert!(
                (sim - rpact).abs() <= TOLERANCE_SE * se + SCHOENFELD_GAP,
                "look {} median {median}: simulated {sim}, rpact {rpact}",
                k + 1
            );
        }
    }
}
