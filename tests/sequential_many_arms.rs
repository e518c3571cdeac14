//! Several arms monitored each against the control (the dose-ranging scenario): each
//! comparison's stops against the exact enumeration of that comparison on its own (no
//! dropout, blocks of 3, looks at whole blocks), the family-wise error under the global
//! null at most alpha, the trial's stops made of the comparisons', `analyse` per
//! comparison, the same output on any threads and shards, and what cannot be monitored.

use crate::util::{TOLERANCE_SE, mcse, scenario, simulate, text};
use trialsim::analysis::one_trial::analyse_trial;
use trialsim::analysis::sequential::{LookScratch, Monitor};
use trialsim::model::{Model, TrialBuffer, stream, trial};
use trialsim::output::{Format, exporter};
use trialsim_stats::sequential_binomial::{Look, stopping};

/// The dose-ranging scenario (placebo, 1 mg, 2 mg; 50 each) with `dropout`, entering in
/// blocks of 3 over 50 weeks, looks at 75 and 150 patients' week-24 results, O'Brien-Fleming
/// spending and a z futility bound of 0 at the interim.
fn doses(dropout: &str) -> String {
    let out = text("scenarios/dose-ranging-itp.toml").replace("dropout = 0.10", &format!("dropout = {dropout}"))
        + "\n[accrual]\nduration = 50\nrandomisation = { blocks = 3 }\n\n[[analysis]]\nreached = 75\n\n\
           [[analysis]]\nreached = 150\n\n[group_sequential]\nendpoint = \"Response at week 24\"\n\
           spending = \"obrien-fleming\"\nfutility = \"z\"\nfutility_z = [0.0]\n";
    assert_eq!(out.matches(&format!("dropout = {dropout}")).count(), 3);
    out
}

#[test]
fn each_comparison_stops_as_its_exact_enumeration_says() {
    let replicates = 20_000;
    let e = simulate(&scenario(&doses("0.0")), replicates, 5, None);
    let g = e.sequential.unwrap();
    assert_eq!(g.comparisons.len(), 2);
    assert_eq!(g.control.as_deref(), Some("Placebo"));
    // Each comparison at alpha / 2: the final bound of a one-sided 0.0125 design.
    assert!(g.efficacy.contains("alpha / 2 = 0.0125"), "{}", g.efficacy);
    // Week 24: placebo 0.30, 1 mg 0.45, 2 mg 0.60 (CR + R).
    for (c, p_arm) in g.comparisons.iter().zip([0.45, 0.60]) {
        let bounds: Vec<Look> = g
            .looks
            .iter()
            .zip([25, 50])
            .map(|(l, n)| Look {
                arm: n,
                control: n,
                efficacy: l.efficacy_bound.unwrap(),
                futility: l.futility_bound.unwrap_or(f64::NEG_INFINITY),
            })
            .collect();
        for (world, p) in [("scenario", p_arm), ("null", 0.30)] {
            let exact = stopping(&bounds, p, 0.30);
            for (k, l) in c.looks.iter().enumerate() {
                let (efficacy, reported) = if world == "scenario" {
                    (l.efficacy_stop.estimate, l.exact_efficacy_stop)
                } else {
                    (l.null_efficacy_stop.unwrap().estimate, l.exact_null_efficacy_stop)
                };
                assert!((reported.expect("exact") - exact[k].0).abs() < 1e-12, "{} {world} look {}", c.arm, k + 1);
                let se = mcse(exact[k].0, replicates).max(1.0 / replicates as f64);
                assert!(
                    (efficacy - exact[k].0).abs() <= TOLERANCE_SE * se,
                    "{} {world} look {}: simulated {efficacy}, exact {}",
                    c.arm,
                    k + 1,
                    exact[k].0
                );
            }
        }
        // Its own power is the share rejecting at any look.
        assert_eq!(c.power.estimate, c.looks.iter().map(|l| l.efficacy_stop.estimate).sum::<f64>());
    }
    // The trial rejects when any comparison does.
    let best = g.comparisons.iter().map(|c| c.power.estimate).fold(0.0, f64::max);
    assert!(g.power.estimate >= best && g.power.estimate <= g.comparisons.iter().map(|c| c.power.estimate).sum());
    // Bonferroni: the family-wise error under the global null is at most alpha.
    let t = g.type1_error.unwrap();
    assert!(t.ci.lo <= 0.025, "{} [{}, {}]", t.estimate, t.ci.lo, t.ci.hi);
    assert!(g.exact_power.is_none(), "the trial's stops are not enumerated");
}

#[test]
fn a_dropped_arm_enrols_no_more_and_the_trial_ends_with_the_last_comparison() {
    // No stop at the interim: every trial ends at the final look with everyone enrolled.
    let no_interim = doses("0.10")
        .replace("[[analysis]]\nreached = 75\n", "[[analysis]]\nreached = 75\nefficacy = false\nfutility = false\n");
    assert!(no_interim.contains("efficacy = false"));
    let g = simulate(&scenario(&no_interim), 2000, 3, None).sequential.unwrap();
    assert_eq!((g.enrolled.mean.estimate, g.enrolled.sd), (150.0, 0.0));
    // With stops: the trial's patients enrolled are each arm's by its own stop's cut and
    // the control's by the trial's end, recounted from the entry weeks.
    let s = scenario(&doses("0.10"));
    let monitor = Monitor::new(&s).unwrap();
    let model = Model::new(&s);
    let mut buf = TrialBuffer::new(&model);
    let (mut rng, mut scratch, mut cache) = (stream::generator(11), LookScratch::default(), Default::default());
    let mut ended_early = 0;
    for r in 0..200 {
        trial::simulate(&model, &model.actual, &mut rng, r, &mut buf);
        let end = monitor.run(&buf, &mut scratch, &mut cache);
        let entered = |a: usize, cut: f64| {
            (buf.arm_start[a]..buf.arm_start[a + 1]).filter(|&p| buf.entry[p] <= cut).count() as u32
        };
        let arms: u32 = monitor.arms.iter().zip(&scratch.stops).map(|(&a, st)| entered(a, st.week)).sum();
        assert_eq!(end.enrolled, arms + entered(monitor.control.unwrap(), end.week), "replicate {r}");
        assert_eq!(end.look, scratch.stops.iter().map(|st| st.look).max().unwrap());
        assert_eq!(end.efficacy, scratch.stops.iter().any(|st| st.efficacy));
        ended_early += (end.look == 0) as u32;
    }
    assert!(ended_early > 0, "some trials end at the interim");
    for r in 0..40 {
        let a = analyse_trial(&s, 11, r);
        // Two comparisons, two looks each.
        assert_eq!(a.looks.len(), 4);
        assert_eq!(a.looks[0].data[0].arm, "Tacrolimus 1 mg");
        assert_eq!(a.looks[2].data[0].arm, "Tacrolimus 2 mg");
        assert_eq!(a.looks[0].data[1].arm, "Placebo");
        // Both comparisons read the same placebo patients at the same cut.
        assert_eq!(a.looks[0].cut_week, a.looks[2].cut_week);
        assert_eq!(a.looks[0].data[1].analysed, a.looks[2].data[1].analysed);
    }
}

#[test]
fn many_arm_output_is_the_same_on_any_threads_and_shards() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("doses.toml");
    std::fs::write(&file, doses("0.10")).unwrap();
    let s = trialsim::Scenario::load(&file).unwrap();
    let json = |threads| exporter(Format::Json).render(&simulate(&s, 1500, 7, Some(threads)));
    assert_eq!(json(1), json(2));
    crate::util::assert_three_shards_merge_to_the_whole(&file);
}

#[test]
fn a_trend_test_or_arms_without_a_control_are_refused() {
    let refused = |text: &str, words: &str| {
        let e = trialsim::Scenario::parse(text, std::path::Path::new("t.toml")).expect_err("refused");
        assert_eq!(e.key, "group_sequential.endpoint", "{e}");
        assert!(e.message.contains(words), "expected '{words}' in: {e}");
    };
    let trend = doses("0.10").replace(
        "[group_sequential]\nendpoint = \"Response at week 24\"",
        "[group_sequential]\nendpoint = \"Dose-response at week 24\"",
    );
    assert!(trend.contains("endpoint = \"Dose-response at week 24\"\nspending"));
    refused(&trend, "trend over the arms");
}
