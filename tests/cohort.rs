//! The retrospective cohort (23 patients): the published CR and PR rates lie inside the
//! simulated 95 % ranges of the rates such a cohort would observe.

use crate::util::{load, simulate};

#[test]
fn published_rates_lie_in_the_simulated_ranges() {
    let s = load("scenarios/retrospective-cohort.toml");
    assert_eq!(s.sample_size, 23);
    let r = simulate(&s, 20_000, 22, None);
    // Clin Exp Rheumatol 2022;40:2268: counts of 23 patients at weeks 4, 8, 12, 24.
    let published = [("CR", [2, 4, 11, 14]), ("PR", [15, 18, 9, 8])];
    for (level, counts) in published {
        for (week, count) in [4, 8, 12, 24].into_iter().zip(counts) {
            let rate = count as f64 / 23.0;
            let sim = r.response_rates.iter().find(|x| x.level == level && x.week == week).unwrap();
            assert!(
                sim.observed.q025 <= rate && rate <= sim.observed.q975,
                "{level} week {week}: published {rate:.3} outside [{:.3}, {:.3}]",
                sim.observed.q025,
                sim.observed.q975
            );
        }
    }
}
