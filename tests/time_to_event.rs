//! Time-to-event endpoints: log-rank power against Schoenfeld's formula, the Cox hazard
//! ratio's coverage, event counts, and the rate-difference test's type-I error at its
//! non-inferiority margin.

use crate::util::{Builder, TOLERANCE_SE, assert_share, mcse, simulate};
use trialsim_stats::special::{normal_cdf, normal_quantile};

/// Schoenfeld's formula is an approximation (large samples, proportional hazards): the
/// simulated log-rank power must lie within this of it.
const SCHOENFELD_TOLERANCE: f64 = 0.025;

/// `n` patients, flare probabilities by week 52 in the arm and the control, dropout.
fn design(n: u32, p_arm: f64, p_control: f64, dropout: f64) -> Builder {
    Builder::new("tests/scenarios/time_to_event.toml")
        .set("trial.sample_size", n as i64)
        .set("arm.0.events.flare", p_arm)
        .set("arm.1.events.flare", p_control)
        .set("arm.0.dropout", dropout)
        .set("arm.1.dropout", dropout)
}

#[test]
fn log_rank_power_matches_schoenfeld() {
    // Weibull with a common shape: proportional hazards, HR = ln(1 - p1) / ln(1 - p2).
    let (n, p1, p2): (u32, f64, f64) = (400, 0.25, 0.40);
    let s = design(n, p1, p2, 0.0).build();
    let replicates = 10_000;
    let r = simulate(&s, replicates, 21, None);
    let hr: f64 = (1.0 - p1).ln() / (1.0 - p2).ln();
    let events = n as f64 / 2.0 * (p1 + p2);
    let schoenfeld = normal_cdf((events * 0.25).sqrt() * hr.ln().abs() - normal_quantile(0.975));
    let e = &r.endpoints[0];
    let power = e.power.estimate;
    assert!((power - schoenfeld).abs() < SCHOENFELD_TOLERANCE, "simulated {power} Schoenfeld {schoenfeld}");
    // Under the null (equal hazards) the log-rank test keeps its level.
    assert_share(e.type1_error.unwrap().estimate, 0.05, replicates, "log-rank type-I error");
}

#[test]
fn rate_difference_keeps_its_level_at_the_margin() {
    // Non-inferiority: arm - control < 0.12 on the 1-year event probability; 10 % dropout.
    for (p_control, alternative, margin_side) in [(0.07, "less", 0.12), (0.30, "less", 0.12), (0.5, "greater", 0.12)] {
        let s = design(220, p_control, p_control, 0.1)
            .set("endpoint.0.test", "rate-difference")
            .set("endpoint.0.margin", margin_side)
            .set("endpoint.0.alternative", alternative)
            .set("endpoint.0.alpha", 0.025)
            .build();
        let replicates = 20_000;
        let r = simulate(&s, replicates, 23, None);
        let e = &r.endpoints[0];
        let t1 = e.type1_error.unwrap().estimate;
        assert!(t1 <= 0.025 + TOLERANCE_SE * mcse(0.025, replicates), "control {p_control} {alternative}: {t1}");
        // Equal event probabilities are well inside non-inferiority: power above alpha.
        assert!(e.power.estimate > 0.3, "{:?}", e.power);
        // Kaplan-Meier estimates centre on the true probabilities despite censoring.
        let mean = e.arms[0].event_probability.as_ref().unwrap().mean;
        assert!((mean.estimate - p_control).abs() <= TOLERANCE_SE * mean.mcse, "{} vs {p_control}", mean.estimate);
    }
}

#[test]
fn the_cox_hazard_ratio_interval_covers_the_truth_and_events_are_counted() {
    // Proportional hazards (a common Weibull shape), 800 patients, 10 % dropout: about 250
    // events, where the Wald interval of Cox's log hazard ratio is at its nominal level.
    let (p1, p2): (f64, f64) = (0.25, 0.40);
    let s = design(800, p1, p2, 0.1).build();
    let replicates = 4_000;
    let r = simulate(&s, replicates, 23, None);
    let hr = r.endpoints[0].hazard_ratio.as_ref().unwrap();
    let truth = hr.true_value.unwrap();
    assert!((truth - (1.0 - p1).ln() / (1.0 - p2).ln()).abs() < 1e-15);
    assert_share(hr.coverage.unwrap().estimate, 0.95, replicates, "Cox interval coverage");
    // The estimate centres on the truth (its small-sample bias is far below its SE of 0.13).
    let mean = hr.log_hazard_ratio.mean;
    assert!((mean.estimate - truth.ln()).abs() <= TOLERANCE_SE * mean.mcse + 0.005, "{mean:?}");
    // Without dropout, each group's events are Binomial(n, p) by the horizon.
    let s = design(400, p1, p2, 0.0).build();
    let r = simulate(&s, replicates, 24, None);
    let e = &r.endpoints[0];
    for (arm, p) in e.arms.iter().zip([p1, p2]) {
        let events = arm.events.as_ref().unwrap().mean;
        let expected = 200.0 * p;
        let se = (200.0 * p * (1.0 - p) / replicates as f64).sqrt();
        assert!((events.estimate - expected).abs() <= TOLERANCE_SE * se, "{}: {events:?} vs {expected}", arm.name);
    }
    let both = e.events.as_ref().unwrap().mean.estimate;
    let groups: f64 = e.arms.iter().map(|a| a.events.as_ref().unwrap().mean.estimate).sum();
    assert!((both - groups).abs() < 1e-9);
}

#[test]
fn an_arm_s_own_weibull_shape_shapes_its_event_times_and_the_null_takes_the_control_s() {
    use trialsim::model::{Model, TrialBuffer, stream, trial};
    // Equal probabilities by week 52 but crossing hazards: shape 0.7 (early events) in the
    // arm, 1.5 (late events) in the control.
    let s = design(400, 0.3, 0.3, 0.0)
        .set("arm.0.shapes", toml::Value::Table(toml::map::Map::from_iter([("flare".into(), 0.7.into())])))
        .set("event.0.shape", 1.5)
        .build();
    assert_eq!([s.arms[0].shapes[0], s.arms[1].shapes[0]], [0.7, 1.5]);
    let model = Model::new(&s);
    let mut buf = TrialBuffer::new(&model);
    let mut rng = stream::generator(3);
    let (mut early, mut n) = ([0.0; 2], [0.0; 2]);
    for r in 0..200 {
        trial::simulate(&model, &model.actual, &mut rng, r, &mut buf);
        for a in 0..2 {
            for p in buf.arm_start[a]..buf.arm_start[a + 1] {
                early[a] += (buf.event_raw(0, p) <= 26.0) as u8 as f64;
                n[a] += 1.0;
            }
        }
    }
    // Weibull: P(T <= 26) = 1 - 0.7^(0.5^shape).
    for (a, shape) in [(0, 0.7), (1, 1.5)] {
        let expected: f64 = 1.0 - 0.7_f64.powf(0.5_f64.powf(shape));
        let share = early[a] / n[a];
        assert!(
            (share - expected).abs() <= TOLERANCE_SE * mcse(expected, n[a] as u64),
            "arm {a}: {share} vs {expected}"
        );
    }
    let replicates = 4_000;
    let r = simulate(&s, replicates, 25, None);
    let e = &r.endpoints[0];
    // The hazards cross: no constant ratio to cover. In its null world (both arms the
    // control's shape) the log-rank test keeps its level.
    let hr = e.hazard_ratio.as_ref().unwrap();
    assert!(hr.true_value.is_none() && hr.coverage.is_none());
    // Both arms' Kaplan-Meier probabilities by the horizon centre on 0.3.
    for arm in &e.arms {
        let f = arm.event_probability.as_ref().unwrap().mean;
        assert!((f.estimate - 0.3).abs() <= TOLERANCE_SE * f.mcse, "{}: {f:?}", arm.name);
    }
    assert_share(e.type1_error.unwrap().estimate, 0.05, replicates, "log-rank type-I error, crossing hazards");
}

#[test]
fn dropout_counted_to_the_event_s_horizon_censors_that_share_by_the_horizon() {
    use trialsim::model::{Model, TrialBuffer, stream, trial};
    // No events: follow-up ends at dropout or the horizon of 104 weeks, twice the last visit.
    let censored = |mode: &str| {
        let s = design(400, 0.0, 0.0, 0.2).set("event.0.horizon", 104).set("event.0.dropout", mode).build();
        let model = Model::new(&s);
        let mut buf = TrialBuffer::new(&model);
        let mut rng = stream::generator(4);
        let (mut lost, mut n) = (0.0, 0.0);
        for r in 0..100 {
            trial::simulate(&model, &model.actual, &mut rng, r, &mut buf);
            for p in 0..model.patients() {
                lost += (buf.event_time[0][p] < 104.0) as u8 as f64;
                n += 1.0;
            }
        }
        (lost / n, n as u64)
    };
    // 20 % by the last visit: by week 104, 1 - 0.8^2 = 36 % have left; counted to the
    // horizon, 20 %.
    for (mode, expected) in [("last-visit", 0.36), ("horizon", 0.2)] {
        let (share, n) = censored(mode);
        assert!((share - expected).abs() <= TOLERANCE_SE * mcse(expected, n), "{mode}: {share} vs {expected}");
    }
}

/// The simulation computes a time only where it is stored (an event, a dropout before the
/// horizon): every stored time, event flag and second-randomisation eligibility equals the
/// one computed the long way from the same uniforms, bit for bit, in scenarios with
/// dropout, several shapes, second randomisations, calendar time and informative dropout.
#[test]
fn stored_times_equal_the_times_computed_the_long_way() {
    use trialsim::model::{Model, TrialBuffer, stream, trial};
    let informative = Builder::new("tests/scenarios/time_to_event.toml")
        .set("arm.0.dropout", 0.3)
        .set("arm.0.informative_dropout", 0.8)
        .build();
    let mut scenarios: Vec<trialsim::Scenario> = [
        "scenarios/CSTAR008.toml",
        "scenarios/CSTAR008-event-driven.toml",
        "tests/scenarios/rerandomisation.toml",
        "tests/scenarios/event_driven.toml",
        "tests/scenarios/time_to_event.toml",
    ]
    .iter()
    .map(|p| trialsim::Scenario::load(&crate::util::path(p)).unwrap())
    .collect();
    let shapes = toml::Value::Table(toml::map::Map::from_iter([("flare".into(), 0.5.into())]));
    scenarios.push(design(200, 0.6, 0.9, 0.4).set("arm.0.shapes", shapes).build());
    scenarios.push(informative);
    for s in &scenarios {
        let model = Model::new(s);
        let mut buf = TrialBuffer::new(&model);
        let mut rng = stream::generator(11);
        let (mut events, mut early_dropouts) = (0, 0);
        for replicate in 0..50 {
            trial::simulate(&model, &model.actual, &mut rng, replicate, &mut buf);
            for (k, &(horizon, _, _)) in model.events.iter().enumerate() {
                for p in 0..model.patients() {
                    let (raw, follow_up) = (buf.event_raw(k, p), buf.event_follow_up(k, p));
                    let censor = follow_up.min(horizon);
                    assert_eq!(buf.event[k][p], raw <= censor, "{} patient {p}", s.name);
                    assert_eq!(buf.event_time[k][p].to_bits(), raw.min(censor).to_bits(), "{} patient {p}", s.name);
                    events += buf.event[k][p] as u32;
                    early_dropouts += (follow_up < horizon) as u32;
                }
            }
            for (r, &(a, week, k, _)) in model.rerandomisations.iter().enumerate() {
                for p in buf.arm_start[a]..buf.arm_start[a + 1] {
                    let eligible = buf.event_follow_up(k, p) > week && buf.event_raw(k, p) > week;
                    assert_eq!(buf.sub_arm[r][p] != u8::MAX, eligible, "{} patient {p}", s.name);
                    if eligible {
                        assert!(buf.sub_time[r][p] <= buf.sub_horizon[r]);
                    }
                }
            }
        }
        assert!(events > 0, "{}: the check saw events", s.name);
        if s.arms.iter().any(|a| a.dropout > 0.0) {
            assert!(early_dropouts > 0, "{}: the check saw dropouts before the horizon", s.name);
        }
    }
}
