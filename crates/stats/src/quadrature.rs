//! Adaptive Gauss-Legendre quadrature of smooth functions on a finite interval.

use std::sync::OnceLock;

/// Nodes of the Gauss-Legendre rule each panel uses.
const ORDER: usize = 10;
/// Deepest bisection of a panel (a panel then spans 2^-30 of the interval).
const MAX_DEPTH: u32 = 30;
/// A panel's share of the tolerance is never below the tolerance over this (so an
/// integrand computed to finite accuracy, itself an integral, cannot split panels forever).
const SMALLEST_SHARE: f64 = 1024.0;
/// Two estimates closer than this many units of rounding of their size agree.
const ROUNDING: f64 = 64.0 * f64::EPSILON;

/// The nodes and weights of the `ORDER`-point Gauss-Legendre rule on [-1, 1]: the roots
/// of the Legendre polynomial by Newton's method from Tricomi's starting values.
pub(crate) fn rule() -> &'static [(f64, f64); ORDER] {
    static RULE: OnceLock<[(f64, f64); ORDER]> = OnceLock::new();
    RULE.get_or_init(|| {
        let n = ORDER as f64;
        std::array::from_fn(|i| {
            let mut x = (std::f64::consts::PI * (i as f64 + 0.75) / (n + 0.5)).cos();
            let mut derivative = 0.0;
            for _ in 0..100 {
                // P_n(x) and P_n'(x) by the three-term recurrence.
                let (mut p0, mut p1) = (1.0, x);
                for k in 2..=ORDER {
                    let k = k as f64;
                    (p0, p1) = (p1, ((2.0 * k - 1.0) * x * p1 - (k - 1.0) * p0) / k);
                }
                derivative = n * (x * p1 - p0) / (x * x - 1.0);
                let step = p1 / derivative;
                x -= step;
                if step.abs() < 1e-16 {
                    break;
                }
            }
            (x, 2.0 / ((1.0 - x * x) * derivative * derivative))
        })
    })
}

fn panel(f: &mut impl FnMut(f64) -> f64, a: f64, b: f64) -> f64 {
    let (mid, half) = (0.5 * (a + b), 0.5 * (b - a));
    half * rule().iter().map(|&(x, w)| w * f(mid + half * x)).sum::<f64>()
}

/// The integral of `f` over `[a, b]`, within about `tolerance` (absolute): each panel is
/// halved until its two halves agree with it to the panel's share of the tolerance (or to
/// rounding, where that share is below what double precision resolves).
///
/// # Examples
///
/// ```
/// use trialsim_stats::quadrature::integrate;
/// // R: integrate(dnorm, -1.96, 1.96) = 0.9500042097
/// let phi = |x: f64| (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt();
/// assert!((integrate(phi, -1.96, 1.96, 1e-14) - 0.9500042097035593).abs() < 1e-13);
/// ```
pub fn integrate(mut f: impl FnMut(f64) -> f64, a: f64, b: f64, tolerance: f64) -> f64 {
    let whole = panel(&mut f, a, b);
    refine(&mut f, (a, b), whole, tolerance, tolerance / SMALLEST_SHARE, 0)
}

fn refine(f: &mut impl FnMut(f64) -> f64, (a, b): (f64, f64), whole: f64, share: f64, least: f64, depth: u32) -> f64 {
    let mid = 0.5 * (a + b);
    let (left, right) = (panel(f, a, mid), panel(f, mid, b));
    let agreed = share.max(least).max(ROUNDING * (left.abs() + right.abs()));
    if depth >= MAX_DEPTH || (left + right - whole).abs() <= agreed {
        return left + right;
    }
    refine(f, (a, mid), left, share / 2.0, least, depth + 1) + refine(f, (mid, b), right, share / 2.0, least, depth + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_integrates_polynomials_of_degree_19_exactly() {
        let weights: f64 = rule().iter().map(|r| r.1).sum();
        assert!((weights - 2.0).abs() < 1e-14);
        // The integral of x^18 over [-1, 1] is 2/19.
        let exact = panel(&mut |x: f64| x.powi(18), -1.0, 1.0);
        assert!((exact - 2.0 / 19.0).abs() < 1e-14);
    }

    #[test]
    fn a_sharp_step_is_refined_to_the_tolerance() {
        // A logistic step of width 1e-3 at 0.3: integral over [0, 1] is 0.7 + O(1e-3 e^-300).
        let f = |x: f64| 1.0 / (1.0 + (-(x - 0.3) / 1e-3).exp());
        assert!((integrate(f, 0.0, 1.0, 1e-12) - 0.7).abs() < 1e-10);
    }
}
