//! `trialsim analyse`: the analysis of one simulated trial is the one the engine tallies
//! for that replicate, for every scenario in `scenarios/`.

use crate::util::{path, run_json, trialsim};
use trialsim::Scenario;
use trialsim::analysis::one_trial::analyse_trial;
use trialsim::evaluation::Silent;
use trialsim::evaluation::engine::simulate_range;
use trialsim::evaluation::plan::Plan;
use trialsim::model::Model;

#[test]
fn the_analysis_of_replicate_k_is_what_the_engine_tallies_for_it() {
    let mut checked = 0;
    for entry in std::fs::read_dir(path("scenarios")).unwrap() {
        let file = entry.unwrap().path();
        if file.extension().is_none_or(|x| x != "toml") {
            continue;
        }
        let s = Scenario::load(&file).unwrap();
        let model = Model::new(&s);
        let plan = Plan::new(&s, &model, true);
        for k in [0, 7] {
            let seed = s.simulation.seed;
            let a = analyse_trial(&s, seed, k);
            let tally = simulate_range(&s, &model, &plan, seed, k..k + 1, None, &Silent);
            assert_eq!(a.endpoints.len(), plan.comparisons.len());
            for (i, (e, planned)) in a.endpoints.iter().zip(&plan.comparisons).enumerate() {
                let what = format!("{} replicate {k}: {} ({})", s.name, e.name, e.arm);
                assert_eq!(tally.rejections[i], e.rejected as u64, "{what}: decision");
                assert_eq!(tally.early_stops[i], e.early_stop.unwrap_or(false) as u64, "{what}: early stop");
                // The response intervals: covered in the tally exactly when the analysis's
                // bounds hold the truth.
                if !planned.interval_truths.is_empty() {
                    for ((interval, truth), t) in
                        e.intervals.iter().zip(&planned.interval_truths).zip(&tally.intervals[i])
                    {
                        let covers = interval.lo <= *truth && *truth <= interval.hi;
                        assert_eq!(t.covered, covers as u64, "{what}: {} interval", interval.method);
                    }
                }
                // Change and time to event: the estimate falls in the tallied bin.
                if let (Some(t), Some(spec), Some(estimate)) =
                    (tally.continuous[i].as_ref(), planned.difference, e.estimate)
                {
                    let bins = t.difference.bins();
                    assert_eq!(bins.len(), 1, "{what}");
                    assert!((bins[0].0 - estimate).abs() <= spec.bin / 2.0 + 1e-12, "{what}: difference");
                }
                // Binary endpoints: the observed rates are the tallied ones.
                for d in e.data.iter().filter(|d| d.rate.is_some()) {
                    let arm = s.arms.iter().position(|x| x.name == d.arm).unwrap();
                    let rates = tally.endpoint_rates[planned.comparison.endpoint * s.arms.len() + arm].rates();
                    assert_eq!(rates, vec![(d.rate.unwrap(), 1)], "{what}: rate of {}", d.arm);
                }
                // The p-value decides as the rule does.
                if let Some(p) = e.p_value {
                    assert_eq!(p <= e.alpha, e.rejected, "{what}: p {p}");
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 40, "{checked} comparisons checked");
}

#[test]
fn analyse_writes_json_and_refuses_a_replicate_beyond_the_run() {
    let file = path("scenarios/NCT05694130.toml");
    let file = file.to_str().unwrap();
    let json = run_json(&["analyse", file, "--replicate", "3", "--format", "json"]);
    assert_eq!(json["replicate"], 3);
    let e = &json["endpoints"][0];
    assert_eq!(e["name"], "CR at week 12");
    assert_eq!(e["statistic"]["name"], "X-squared");
    let essdai = json["endpoints"].as_array().unwrap().iter().find(|e| e["test"] == "ancova").unwrap();
    // ANCOVA on 2 arms: N - 3 degrees of freedom, N the patients with a value.
    let n: u64 = essdai["data"].as_array().unwrap().iter().map(|d| d["analysed"].as_u64().unwrap()).sum();
    assert_eq!(essdai["df"].as_f64().unwrap(), (n - 3) as f64);
    let t = essdai["statistic"]["value"].as_f64().unwrap();
    let ratio = essdai["estimate"].as_f64().unwrap() / essdai["standard_error"].as_f64().unwrap();
    assert!((t - ratio).abs() < 1e-12);
    let out = trialsim().args(["analyse", file, "--replicate", "5", "-n", "5"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("replicate 5"), "{out:?}");
}
