//! Time-to-event endpoints: log-rank power against Schoenfeld's formula, and the
//! rate-difference test's type-I error at its non-inferiority margin.

use crate::util::{mcse, scenario, simulate};
use trialsim_stats::special::{normal_cdf, normal_quantile};

const TOLERANCE_SE: f64 = 4.0;
/// Schoenfeld's formula is an approximation (large samples, proportional hazards): the
/// simulated log-rank power must lie within this of it.
const SCHOENFELD_TOLERANCE: f64 = 0.025;

fn design(n: u32, p_arm: f64, p_control: f64, dropout: f64, endpoint: &str) -> String {
    format!(
        "[trial]\nname = \"tte\"\nsample_size = {n}\nvisits = [0, 26, 52]\ncontrol = \"control\"\n\n\
         [marker]\nname = \"proteinuria\"\nhigher_is_better = false\nbaseline = {{ median = 0.15, log_sd = 0.6, min = 0.01, max = 0.5 }}\nresolution = 0.01\n\n\
         [[level]]\nname = \"Remission\"\nat_most = 0.5\n\n\
         [[event]]\nname = \"flare\"\nhorizon = 52\nshape = 1.3\n\n\
         [[arm]]\nname = \"arm\"\ndropout = {dropout}\nrates = {{ Remission = [0.9, 0.9] }}\nevents = {{ flare = {p_arm} }}\n\n\
         [[arm]]\nname = \"control\"\ndropout = {dropout}\nrates = {{ Remission = [0.9, 0.9] }}\nevents = {{ flare = {p_control} }}\n\n\
         [[endpoint]]\nname = \"flare\"\nkind = \"time-to-event\"\nevent = \"flare\"\n{endpoint}"
    )
}

#[test]
fn log_rank_power_matches_schoenfeld() {
    // Weibull with a common shape: proportional hazards, HR = ln(1 - p1) / ln(1 - p2).
    let (n, p1, p2): (u32, f64, f64) = (400, 0.25, 0.40);
    let s = scenario(&design(n, p1, p2, 0.0, "test = \"log-rank\"\nalternative = \"two-sided\"\nalpha = 0.05\n"));
    let replicates = 10_000;
    let r = simulate(&s, replicates, 21, None);
    let hr: f64 = (1.0 - p1).ln() / (1.0 - p2).ln();
    let events = n as f64 / 2.0 * (p1 + p2);
    let schoenfeld = normal_cdf((events * 0.25).sqrt() * hr.ln().abs() - normal_quantile(0.975));
    let e = &r.endpoints[0];
    assert!((e.power - schoenfeld).abs() < SCHOENFELD_TOLERANCE, "simulated {} Schoenfeld {schoenfeld}", e.power);
    // Under the null (equal hazards) the log-rank test keeps its level.
    let t1 = e.type1_error.unwrap();
    assert!((t1 - 0.05).abs() <= TOLERANCE_SE * mcse(0.05, replicates), "{t1}");
}

#[test]
fn rate_difference_keeps_its_level_at_the_margin() {
    // Non-inferiority: arm - control < 0.12 on the 1-year event probability; 10 % dropout.
    for (p_control, alternative, margin_side) in [(0.07, "less", 0.12), (0.30, "less", 0.12), (0.5, "greater", 0.12)] {
        let s = scenario(&design(
            220,
            p_control,
            p_control,
            0.1,
            &format!(
                "test = \"rate-difference\"\nmargin = {margin_side}\nalternative = \"{alternative}\"\nalpha = 0.025\n"
            ),
        ));
        let replicates = 20_000;
        let r = simulate(&s, replicates, 23, None);
        let e = &r.endpoints[0];
        let t1 = e.type1_error.unwrap();
        assert!(t1 <= 0.025 + TOLERANCE_SE * mcse(0.025, replicates), "control {p_control} {alternative}: {t1}");
        // Equal event probabilities are well inside non-inferiority: power above alpha.
        assert!(e.power > 0.3, "{}", e.power);
        // Kaplan-Meier estimates centre on the true probabilities despite censoring.
        let arm = e.arms[0].event_probability.as_ref().unwrap();
        assert!((arm.mean - p_control).abs() <= TOLERANCE_SE * arm.mean_mcse, "{} vs {p_control}", arm.mean);
    }
}
