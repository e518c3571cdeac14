//! Error-spending functions for group-sequential designs: the share of the type-I (or
//! type-II) error spent by information fraction `t` (Lan & DeMets 1983; Kim & DeMets 1987;
//! Hwang, Shih & DeCani 1990). Each is 0 at `t = 0`, the whole error at `t = 1`, and
//! increasing in between.
//!
//! # Examples
//!
//! ```
//! use trialsim_stats::spending::Spending;
//! // rpact: getDesignGroupSequential(kMax = 3, alpha = 0.025, typeOfDesign = "asOF",
//! //   informationRates = c(0.3, 0.6, 1))$alphaSpent[1] = 4.27257874446862e-05
//! let spent = Spending::OBrienFleming.spent(0.025, 0.3, 0);
//! assert!((spent - 4.27257874446862e-05).abs() < 1e-15);
//! ```

use crate::special::{normal_cdf, normal_quantile};

/// An error-spending function.
#[derive(Debug, Clone, PartialEq)]
pub enum Spending {
    /// Lan-DeMets' O'Brien-Fleming type: `2 (1 - Phi(Phi^-1(1 - e/2) / sqrt(t)))` for an
    /// error `e` (rpact's `asOF`/`bsOF`).
    OBrienFleming,
    /// Lan-DeMets' Pocock type: `e ln(1 + (exp(1) - 1) t)` (`asP`/`bsP`).
    Pocock,
    /// Kim-DeMets' power family: `e t^rho` (`asKD`/`bsKD` with gamma = rho).
    Power(f64),
    /// Hwang-Shih-DeCani: `e (1 - exp(-gamma t)) / (1 - exp(-gamma))`, `e t` at gamma 0
    /// (`asHSD`/`bsHSD`).
    HwangShihDeCani(f64),
    /// Cumulative error given at each look (the last is the whole error; `asUser`).
    User(Vec<f64>),
}

impl Spending {
    /// The cumulative error spent of `error` by information fraction `t`, at look `look`
    /// (0-based; only the user-given function reads it).
    pub fn spent(&self, error: f64, t: f64, look: usize) -> f64 {
        if let Spending::User(cumulative) = self {
            return cumulative.get(look).copied().unwrap_or(error);
        }
        if t <= 0.0 {
            return 0.0;
        }
        if t >= 1.0 {
            return error;
        }
        match self {
            Spending::OBrienFleming => 2.0 * normal_cdf(-normal_quantile(1.0 - error / 2.0) / t.sqrt()),
            Spending::Pocock => error * (1.0 + (std::f64::consts::E - 1.0) * t).ln(),
            Spending::Power(rho) => error * t.powf(*rho),
            Spending::HwangShihDeCani(gamma) => {
                if *gamma == 0.0 {
                    error * t
                } else {
                    error * (-(-gamma * t).exp_m1()) / (-(-gamma).exp_m1())
                }
            }
            Spending::User(_) => unreachable!("returned above"),
        }
    }

    /// The function's name and parameter, e.g. `kim-demets (rho 2)`.
    pub fn name(&self) -> String {
        match self {
            Spending::OBrienFleming => "obrien-fleming".into(),
            Spending::Pocock => "pocock".into(),
            Spending::Power(rho) => format!("kim-demets (rho {rho})"),
            Spending::HwangShihDeCani(gamma) => format!("hwang-shih-decani (gamma {gamma})"),
            Spending::User(v) => format!("user ({v:?})"),
        }
    }

    /// What is wrong with the function's parameter, if anything.
    pub fn problem(&self, error: f64, looks: usize) -> Option<String> {
        match self {
            Spending::Power(rho) if !(rho.is_finite() && *rho > 0.0) => {
                Some(format!("the power family needs rho > 0, found {rho}"))
            }
            Spending::HwangShihDeCani(gamma) if !gamma.is_finite() => {
                Some(format!("Hwang-Shih-DeCani needs a finite gamma, found {gamma}"))
            }
            Spending::User(v) if v.len() != looks => {
                Some(format!("expected one cumulative error per look ({looks}), found {}", v.len()))
            }
            Spending::User(v) if v.windows(2).any(|w| w[1] < w[0]) || v.first().is_some_and(|&x| x < 0.0) => {
                Some("the cumulative errors must not decrease and must not be negative".into())
            }
            Spending::User(v) if v.last().is_some_and(|&x| (x - error).abs() > 1e-12) => Some(format!(
                "the last cumulative error must be the whole error {error}, found {}",
                v.last().copied().unwrap_or(f64::NAN)
            )),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_function_spends_nothing_at_the_start_and_everything_at_the_end() {
        for f in [
            Spending::OBrienFleming,
            Spending::Pocock,
            Spending::Power(2.0),
            Spending::HwangShihDeCani(-4.0),
            Spending::HwangShihDeCani(0.0),
            Spending::HwangShihDeCani(1.0),
        ] {
            assert_eq!(f.spent(0.025, 0.0, 0), 0.0, "{f:?}");
            assert_eq!(f.spent(0.025, 1.0, 2), 0.025, "{f:?}");
            let mut last = 0.0;
            for i in 1..100 {
                let s = f.spent(0.025, i as f64 / 100.0, 0);
                assert!(s > last && s < 0.025, "{f:?} {i}");
                last = s;
            }
        }
    }

    #[test]
    fn values_match_rpact() {
        // getDesignGroupSequential(kMax = 4, alpha = 0.025, typeOfDesign = "asKD", gammaA = 2,
        //   informationRates = c(.2, .5, .8, 1))$alphaSpent[1:3] = 0.001, 0.00625, 0.016
        assert!((Spending::Power(2.0).spent(0.025, 0.5, 1) - 0.00625).abs() < 1e-15);
        // typeOfDesign = "asHSD", gammaA = -4, kMax = 4: alphaSpent[1] = 0.000801465082002073
        assert!((Spending::HwangShihDeCani(-4.0).spent(0.025, 0.25, 0) - 0.000801465082002073).abs() < 1e-15);
        // typeOfDesign = "asP", alpha = 0.1, kMax = 3: alphaSpent[1] = 0.0452832425263942
        assert!((Spending::Pocock.spent(0.1, 1.0 / 3.0, 0) - 0.0452832425263942).abs() < 1e-15);
    }

    #[test]
    fn user_values_are_checked() {
        assert!(Spending::User(vec![0.01, 0.025]).problem(0.025, 2).is_none());
        assert!(Spending::User(vec![0.01]).problem(0.025, 2).unwrap().contains("one cumulative error per look"));
        assert!(Spending::User(vec![0.02, 0.01]).problem(0.01, 2).unwrap().contains("must not decrease"));
        assert!(Spending::User(vec![0.01, 0.02]).problem(0.025, 2).unwrap().contains("whole error"));
        assert!(Spending::Power(0.0).problem(0.025, 2).unwrap().contains("rho > 0"));
    }
}
