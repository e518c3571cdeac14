//! Kaplan-Meier probability of the event by a horizon, with Greenwood's variance.

/// `(F, var)`: the estimated probability of the event by `horizon` (1 - survival) and its
/// Greenwood variance, from `(time, event)` pairs sorted by time.
pub fn at_horizon(data: &[(f64, bool)], horizon: f64) -> (f64, f64) {
    let mut at_risk = data.len() as f64;
    let mut survival = 1.0;
    let mut greenwood = 0.0;
    let mut i = 0;
    while i < data.len() && data[i].0 <= horizon {
        let t = data[i].0;
        let (mut d, mut leaving) = (0.0, 0.0);
        while i < data.len() && data[i].0 == t {
            d += data[i].1 as u8 as f64;
            leaving += 1.0;
            i += 1;
        }
        if d > 0.0 && at_risk > 0.0 {
            survival *= 1.0 - d / at_risk;
            if at_risk > d {
                greenwood += d / (at_risk * (at_risk - d));
            }
        }
        at_risk -= leaving;
    }
    (1.0 - survival, survival * survival * greenwood)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_a_hand_computation() {
        // Times 1 (event), 2 (censored), 3 (event), 4 (event) of 4 patients:
        // S(3) = (3/4) * (1/2) = 0.375; Greenwood: 1/(4*3) + 1/(2*1).
        let d = [(1.0, true), (2.0, false), (3.0, true), (4.0, true)];
        let (f, v) = at_horizon(&d, 3.5);
        assert!((f - 0.625).abs() < 1e-15);
        assert!((v - 0.375f64.powi(2) * (1.0 / 12.0 + 0.5)).abs() < 1e-15);
    }
}
