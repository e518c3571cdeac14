//! Durable responders: a patient-level component of the latent score
//! (`marker.patient_share = w`, `Z_j = sqrt(w) U + sqrt(1 - w) AR_j`). The specified rates
//! still hold at every visit; the latent scores correlate as `w + (1 - w) rho^|i - j|`; the
//! share responding at every visit equals the multivariate normal orthant probability
//! (scipy, `tests/fixtures/durable/sustained.py`); without it nothing moves.

use crate::util::{TOLERANCE_SE, mcse, read_csv, scenario, simulate, text};
use trialsim::model::{Model, TrialBuffer, stream, trial};

/// NCT05694130 with `patient_share = w` and no dropout.
fn durable(w: f64) -> String {
    let out = text("scenarios/NCT05694130.toml")
        .replacen("persistence = 0.7\n", &format!("persistence = 0.7\npatient_share = {w}\n"), 1)
        .replace("dropout = 0.10", "dropout = 0.0");
    assert!(out.contains(&format!("patient_share = {w}\n")) && !out.contains("dropout = 0.10"));
    out
}

#[test]
fn rates_stay_the_specified_ones_at_every_visit() {
    let replicates = 20_000;
    let result = simulate(&scenario(&durable(0.6)), replicates, 3, None);
    assert!(!result.response_rates.is_empty());
    for r in &result.response_rates {
        let mean = r.observed.mean;
        assert!(
            (mean.estimate - r.specified).abs() <= TOLERANCE_SE * mean.mcse,
            "{} {} week {}: simulated {} specified {}",
            r.arm,
            r.level,
            r.week,
            mean.estimate,
            r.specified
        );
    }
}

#[test]
fn latent_scores_correlate_as_the_share_plus_the_ar1() {
    let (w, rho): (f64, f64) = (0.6, 0.7);
    let s = scenario(&durable(w));
    let model = Model::new(&s);
    let mut buf = TrialBuffer::new(&model);
    let mut rng = stream::generator(9);
    let visits = 3;
    // Sums over every patient of 400 trials: Z_i, Z_i^2 and Z_i Z_j.
    let (mut n, mut sum, mut cross) = (0.0, [0.0; 3], [[0.0; 3]; 3]);
    for r in 0..400 {
        trial::simulate(&model, &model.actual, &mut rng, r, &mut buf);
        for p in 0..110 {
            let z = &buf.latent[p * visits..(p + 1) * visits];
            n += 1.0;
            for i in 0..visits {
                sum[i] += z[i];
                for j in 0..visits {
                    cross[i][j] += z[i] * z[j];
                }
            }
        }
    }
    for i in 0..visits {
        for j in 0..visits {
            let cov = |a: usize, b: usize| cross[a][b] / n - sum[a] / n * sum[b] / n;
            let r = cov(i, j) / (cov(i, i) * cov(j, j)).sqrt();
            let expected = if i == j { 1.0 } else { w + (1.0 - w) * rho.powi((i as i32 - j as i32).abs()) };
            // The SE of a sample correlation is about (1 - r^2) / sqrt(n).
            let se = ((1.0 - expected * expected) / n.sqrt()).max(1e-12);
            assert!((r - expected).abs() <= TOLERANCE_SE * se + 1e-12, "visits {i}, {j}: {r} vs {expected}");
        }
        // Each visit's latent score is still standard normal (mean 0, variance 1).
        let (mean, variance) = (sum[i] / n, cross[i][i] / n - (sum[i] / n).powi(2));
        assert!(mean.abs() <= TOLERANCE_SE / n.sqrt(), "visit {i}: mean {mean}");
        assert!((variance - 1.0).abs() <= TOLERANCE_SE * (2.0 / n).sqrt(), "visit {i}: variance {variance}");
    }
}

#[test]
fn the_share_responding_at_every_visit_is_the_orthant_probability() {
    for row in read_csv("tests/fixtures/durable/sustained.csv") {
        let w: f64 = row["patient_share"].parse().unwrap();
        let expected: f64 = row["cr_all_three"].parse().unwrap();
        let s = scenario(&durable(w));
        let model = Model::new(&s);
        let mut buf = TrialBuffer::new(&model);
        let mut rng = stream::generator(4);
        let (mut all, mut patients) = (0u64, 0u64);
        for r in 0..2000 {
            trial::simulate(&model, &model.actual, &mut rng, r, &mut buf);
            // The tacrolimus arm (the first 55 patients); CR is level 0.
            for p in 0..55 {
                all += buf.level[p * 3..(p + 1) * 3].iter().all(|&l| l == 0) as u64;
                patients += 1;
            }
        }
        let share = all as f64 / patients as f64;
        assert!(
            (share - expected).abs() <= TOLERANCE_SE * mcse(expected, patients),
            "w {w}: {share} vs scipy {expected}"
        );
    }
}

#[test]
fn without_a_patient_share_nothing_moves() {
    // `patient_share = 0` is the model without it: the same output bit for bit.
    let json = |text: &str| {
        trialsim::output::exporter(trialsim::output::Format::Json).render(&crate::util::simulate_text_free(
            &scenario(text),
            500,
            2,
        ))
    };
    let base = text("scenarios/NCT05694130.toml");
    let zero = base.replacen("persistence = 0.7\n", "persistence = 0.7\npatient_share = 0\n", 1);
    assert!(zero.contains("patient_share = 0\n"));
    assert_eq!(json(&base), json(&zero));
    // And a share is refused outside [0, 1).
    let e = trialsim::Scenario::parse(
        &base.replacen("persistence = 0.7\n", "persistence = 0.7\npatient_share = 1.0\n", 1),
        std::path::Path::new("t.toml"),
    )
    .expect_err("refused");
    assert_eq!(e.key, "marker.patient_share", "{e}");
    assert!(e.message.contains("[0, 1)"), "{e}");
}
