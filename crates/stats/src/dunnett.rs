//! Dunnett's many-to-one comparisons: the joint null law of k statistics that each compare
//! one arm with a shared control, their critical values and adjusted p-values, single-step
//! and step-down.
//!
//! Under the null hypothesis the statistics are jointly normal (the score z of binary
//! endpoints) or multivariate t with `df` degrees of freedom (Dunnett's t, one pooled
//! variance), with correlation `lambda_i lambda_j` between comparisons i and j, where
//! `lambda_i = sqrt(n_i / (n_i + n_0))`. That product structure makes the probability that
//! every statistic stays below `c` a one-dimensional integral over a shared normal
//! component (Dunnett 1955):
//!
//! `P(max_i |Z_i| < c) = int phi(z) prod_i [Phi((c - lambda_i z)/s_i) - Phi((-c - lambda_i z)/s_i)] dz`
//!
//! with `s_i = sqrt(1 - lambda_i^2)` (one-sided: the first term only), and for the t law a
//! second integral over the scale `S = sqrt(chi2_df / df)` at `c S`. Both are computed by
//! adaptive Gauss-Legendre quadrature to about 1e-12, which gives critical values to
//! better than 1e-9; R's `mvtnorm` (`qmvnorm`, `qmvt`) integrates the same laws
//! numerically and agrees to 1e-6 (tests/fixtures/many_to_one).

use crate::quadrature::integrate;
use crate::special::{normal_quantile, normal_tails};
use crate::student_t;
use statrs::function::gamma::ln_gamma;

/// Degrees of freedom from which the t law is taken as normal (critical values then differ
/// by less than 1e-6).
const NORMAL_DF: f64 = 1e9;
/// Absolute tolerance of the inner (normal) and outer (scale) integrals.
const INNER_TOLERANCE: f64 = 1e-14;
const OUTER_TOLERANCE: f64 = 1e-12;
/// Half-width of the normal component's range: `phi(9)` is 1e-18.
const NORMAL_RANGE: f64 = 9.0;
/// The scale's log density is integrated where it is within `e^-45` of its mode.
const SCALE_LOG_RANGE: f64 = 45.0;

/// The joint null law of many-to-one statistics.
///
/// # Examples
///
/// ```
/// use trialsim_stats::dunnett::ManyToOne;
/// // Two doses and placebo, 50 patients each: R's mvtnorm,
/// // qmvnorm(0.95, tail = "both.tails", corr = matrix(c(1, .5, .5, 1), 2))$quantile = 2.212128
/// let law = ManyToOne::new(&[50, 50], 50, f64::INFINITY, true);
/// assert!((law.critical_value(0.05, law.all()) - 2.212128).abs() < 1e-6);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ManyToOne {
    lambdas: Vec<f64>,
    /// Degrees of freedom of the multivariate t; infinite for the normal law.
    df: f64,
    two_sided: bool,
}

impl ManyToOne {
    /// The law of `arms.len()` comparisons of arms of the given sizes with a control of
    /// `control` patients, normal (`df` infinite) or t; two-sided (`max |Z|`) or one-sided
    /// (`max Z`, statistics oriented so that large values favour the alternative).
    pub fn new(arms: &[u32], control: u32, df: f64, two_sided: bool) -> Self {
        let lambdas = arms.iter().map(|&n| (n as f64 / (n as f64 + control as f64)).sqrt()).collect();
        ManyToOne { lambdas, df, two_sided }
    }

    /// The number of comparisons.
    pub fn comparisons(&self) -> usize {
        self.lambdas.len()
    }

    /// Every comparison, as a set of members (bit i for comparison i).
    pub fn all(&self) -> u64 {
        if self.lambdas.len() >= 64 { u64::MAX } else { (1u64 << self.lambdas.len()) - 1 }
    }

    fn is_normal(&self) -> bool {
        self.df.is_nan() || self.df >= NORMAL_DF
    }

    /// P(T > x) of one statistic.
    pub fn upper_tail(&self, x: f64) -> f64 {
        if self.is_normal() { normal_tails(x).1 } else { student_t::upper_tail(x, self.df) }
    }

    /// The p-value of one statistic on its own (two-sided: of `|x|`).
    pub fn unadjusted_p(&self, x: f64) -> f64 {
        if self.two_sided { (2.0 * self.upper_tail(x.abs())).min(1.0) } else { self.upper_tail(x) }
    }

    /// The probability that every member's statistic stays below `c` (two-sided: in
    /// absolute value).
    pub fn below(&self, c: f64, members: u64) -> f64 {
        if members == 0 {
            return 1.0;
        }
        if self.is_normal() {
            return self.normal_below(c, members);
        }
        self.t_below(c, &NormalCurve::new(self, members))
    }

    /// The t law's probability from the normal law's curve: the average of `F(c S)` over
    /// the scale `S`.
    fn t_below(&self, c: f64, curve: &NormalCurve) -> f64 {
        if c <= 0.0 && self.two_sided {
            return 0.0;
        }
        // Over u = sqrt(2 df) ln S, S = sqrt(chi2_df / df), where the density of ln S,
        // exp(k + df y - df e^{2y} / 2), is about a standard normal's in u: the integrand
        // keeps the scale of a probability at every df.
        let nu = self.df;
        let scale = (2.0 * nu).sqrt();
        // The log density less its value at the mode, and the log of that value (on u),
        // each without cancellation at large df.
        let relative = |y: f64| nu * y - nu * (2.0 * y).exp_m1() / 2.0;
        let mode = std::f64::consts::LN_2 + log_gamma_gap(nu / 2.0) - scale.ln();
        let lo = bisect(|y| relative(y) + SCALE_LOG_RANGE, -1e3, 0.0);
        let hi = bisect(|y| -(relative(y) + SCALE_LOG_RANGE), 0.0, 50.0);
        let f = |u: f64| {
            let y = u / scale;
            (mode + relative(y)).exp() * curve.at(c * y.exp())
        };
        integrate(f, lo * scale, hi * scale, OUTER_TOLERANCE).clamp(0.0, 1.0)
    }

    fn normal_below(&self, c: f64, members: u64) -> f64 {
        if c <= 0.0 && self.two_sided {
            return 0.0;
        }
        let density = |z: f64| (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt();
        let f = |z: f64| {
            let mut product = density(z);
            for (i, &l) in self.lambdas.iter().enumerate() {
                if members >> i & 1 == 0 {
                    continue;
                }
                let s = (1.0 - l * l).sqrt();
                let upper = (c - l * z) / s;
                product *= if self.two_sided { between((-c - l * z) / s, upper) } else { normal_tails(upper).0 };
            }
            product
        };
        integrate(f, -NORMAL_RANGE, NORMAL_RANGE, INNER_TOLERANCE).clamp(0.0, 1.0)
    }

    /// The critical value `c` with `P(max statistic < c) = 1 - alpha` over `members`, to
    /// 1e-10.
    pub fn critical_value(&self, alpha: f64, members: u64) -> f64 {
        let m = members.count_ones() as f64;
        let sides = if self.two_sided { 2.0 } else { 1.0 };
        let quantile = |p: f64| if self.is_normal() { normal_quantile(p) } else { student_t::quantile(p, self.df) };
        // Between the unadjusted and the Bonferroni critical values, widened if rounding
        // puts the root outside.
        let (mut lo, mut hi) = (quantile(1.0 - alpha / sides), quantile(1.0 - alpha / (sides * m)));
        // The t law integrates the normal law's curve, built once for these members.
        let curve = (!self.is_normal()).then(|| NormalCurve::new(self, members));
        let g = |c: f64| {
            let below = match &curve {
                Some(curve) => self.t_below(c, curve),
                None => self.normal_below(c, members),
            };
            below - (1.0 - alpha)
        };
        let (mut g_lo, mut g_hi) = (g(lo), g(hi));
        while g_lo > 0.0 {
            lo -= 0.1;
            g_lo = g(lo);
        }
        while g_hi < 0.0 {
            hi += 0.1;
            g_hi = g(hi);
        }
        // Regula falsi with the Illinois modification.
        let mut side = 0;
        for _ in 0..200 {
            if hi - lo < 1e-11 {
                break;
            }
            let c = ((lo * g_hi - hi * g_lo) / (g_hi - g_lo)).clamp(lo, hi);
            let gc = g(c);
            if gc == 0.0 {
                return c;
            }
            if gc < 0.0 {
                (lo, g_lo) = (c, gc);
                if side == -1 {
                    g_hi /= 2.0;
                }
                side = -1;
            } else {
                (hi, g_hi) = (c, gc);
                if side == 1 {
                    g_lo /= 2.0;
                }
                side = 1;
            }
        }
        0.5 * (lo + hi)
    }

    /// The level one member's unadjusted p-value must reach to be rejected when `members`
    /// remain: the tail beyond the critical value, so that `p <= level` is `|z| >= c`
    /// (one-sided: `z >= c`).
    pub fn nominal_level(&self, alpha: f64, members: u64) -> f64 {
        self.unadjusted_p(self.critical_value(alpha, members))
    }

    /// Single-step adjusted p-values: `P(max over all members >= |x_i|)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use trialsim_stats::dunnett::ManyToOne;
    /// let law = ManyToOne::new(&[50, 50], 50, f64::INFINITY, true);
    /// let p = law.single_step(&[2.5, 1.0]);
    /// // mvtnorm: 1 - pmvnorm(c(-2.5, -2.5), c(2.5, 2.5), corr = matrix(c(1, .5, .5, 1), 2))
    /// //   = 0.02349988
    /// assert!((p[0] - 0.02349988).abs() < 1e-8);
    /// assert!(p[1] > p[0]);
    /// ```
    pub fn single_step(&self, statistics: &[f64]) -> Vec<f64> {
        statistics.iter().map(|&x| 1.0 - self.below(self.oriented(x), self.all())).collect()
    }

    /// Step-down adjusted p-values: members ordered by decreasing statistic (ties by
    /// position); the j-th is judged against the maximum over the members from it on,
    /// and its adjusted p-value is the largest of those up to it.
    pub fn step_down(&self, statistics: &[f64]) -> Vec<f64> {
        let mut order: Vec<usize> = (0..statistics.len()).collect();
        let key = |i: usize| self.oriented(statistics[i]);
        order.sort_by(|&a, &b| key(b).total_cmp(&key(a)).then(a.cmp(&b)));
        let mut remaining = self.all();
        let (mut out, mut largest) = (vec![0.0; statistics.len()], 0.0f64);
        for &i in &order {
            largest = largest.max(1.0 - self.below(key(i), remaining));
            out[i] = largest;
            remaining &= !(1u64 << i);
        }
        out
    }

    /// The statistic compared with the critical value (its absolute value when two-sided;
    /// an undefined one counts as 0).
    fn oriented(&self, x: f64) -> f64 {
        if x.is_nan() {
            0.0
        } else if self.two_sided {
            x.abs()
        } else {
            x
        }
    }
}

/// Nodes of the Chebyshev series of the normal law's curve.
const CURVE_NODES: usize = 128;
/// The curve is expanded on [0, R] (two-sided) or [-R, R] (one-sided); beyond R it is 1
/// (`P(|Z| > 12)` is 4e-33).
const CURVE_RANGE: f64 = 12.0;

/// The normal law's `F(x) = P(max statistic < x)` over a set of members as a Chebyshev
/// series, so that the t law's integral over the scale evaluates a polynomial instead of
/// an inner integral at every node.
struct NormalCurve {
    lo: f64,
    coefficients: Vec<f64>,
}

impl NormalCurve {
    fn new(law: &ManyToOne, members: u64) -> NormalCurve {
        let lo = if law.two_sided { 0.0 } else { -CURVE_RANGE };
        let (half, mid) = ((CURVE_RANGE - lo) / 2.0, (CURVE_RANGE + lo) / 2.0);
        let n = CURVE_NODES as f64;
        let angle = |j: usize| std::f64::consts::PI * (j as f64 + 0.5) / n;
        let values: Vec<f64> =
            (0..CURVE_NODES).map(|j| law.normal_below(mid + half * angle(j).cos(), members)).collect();
        let coefficients = (0..CURVE_NODES)
            .map(|k| 2.0 / n * values.iter().enumerate().map(|(j, f)| f * (k as f64 * angle(j)).cos()).sum::<f64>())
            .collect();
        NormalCurve { lo, coefficients }
    }

    /// `F(x)` by Clenshaw's recurrence.
    fn at(&self, x: f64) -> f64 {
        if x >= CURVE_RANGE {
            return 1.0;
        }
        if x <= self.lo {
            return 0.0;
        }
        let t = (2.0 * x - (CURVE_RANGE + self.lo)) / (CURVE_RANGE - self.lo);
        let (mut b1, mut b2) = (0.0, 0.0);
        for &c in self.coefficients[1..].iter().rev() {
            (b1, b2) = (2.0 * t * b1 - b2 + c, b1);
        }
        (t * b1 - b2 + self.coefficients[0] / 2.0).clamp(0.0, 1.0)
    }
}

/// `x ln x - x - ln Gamma(x)`, which Stirling's series gives as `ln(x) / 2 - ln(2 pi) / 2`
/// less `1/(12x) - 1/(360x^3) + 1/(1260x^5) - 1/(1680x^7)` (error below 1e-17 from x = 10).
fn log_gamma_gap(x: f64) -> f64 {
    if x < 10.0 {
        return x * x.ln() - x - ln_gamma(x);
    }
    let (r, r2) = (1.0 / x, 1.0 / (x * x));
    let correction = r * (1.0 / 12.0 - r2 * (1.0 / 360.0 - r2 * (1.0 / 1260.0 - r2 / 1680.0)));
    0.5 * x.ln() - 0.5 * (2.0 * std::f64::consts::PI).ln() - correction
}

/// `Phi(b) - Phi(a)` for `a <= b`, accurate in either tail.
fn between(a: f64, b: f64) -> f64 {
    if a >= 0.0 {
        normal_tails(a).1 - normal_tails(b).1
    } else if b <= 0.0 {
        normal_tails(b).0 - normal_tails(a).0
    } else {
        1.0 - normal_tails(a).0 - normal_tails(b).1
    }
}

/// A root of the increasing function `f` in `[lo, hi]` by bisection.
fn bisect(f: impl Fn(f64) -> f64, mut lo: f64, mut hi: f64) -> f64 {
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if f(mid) < 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gap_of_stirling_s_series_is_continuous_at_its_switch() {
        let direct = |x: f64| x * x.ln() - x - ln_gamma(x);
        for x in [10.0, 12.5, 40.0] {
            assert!((log_gamma_gap(x) - direct(x)).abs() < 1e-12);
        }
    }

    #[test]
    fn the_normal_curve_is_the_normal_law_to_1e_12() {
        for two_sided in [true, false] {
            let law = ManyToOne::new(&[20, 30, 45], 25, f64::INFINITY, two_sided);
            let curve = NormalCurve::new(&law, 0b111);
            for x in [0.01, 0.5, 1.3, 2.2, 2.9, 4.0, 7.5] {
                let direct = law.normal_below(x, 0b111);
                assert!((curve.at(x) - direct).abs() < 1e-12, "{x}: {} {direct}", curve.at(x));
            }
        }
    }

    #[test]
    fn one_comparison_is_the_unadjusted_test() {
        let law = ManyToOne::new(&[30], 40, f64::INFINITY, true);
        assert!((law.critical_value(0.05, 1) - 1.959963984540054).abs() < 1e-9);
        let t = ManyToOne::new(&[30], 40, 20.0, false);
        // R: qt(0.975, 20) = 2.085963447
        assert!((t.critical_value(0.025, 1) - 2.085963447265837).abs() < 1e-8);
    }

    #[test]
    fn independent_comparisons_give_sidak() {
        // An empty control makes the statistics independent only in the limit; a huge
        // control makes lambda tiny: the critical value tends to Sidak's.
        let law = ManyToOne::new(&[10, 10, 10], 1_000_000_000, f64::INFINITY, false);
        let sidak = normal_quantile((0.95f64).powf(1.0 / 3.0));
        assert!((law.critical_value(0.05, law.all()) - sidak).abs() < 1e-5);
    }

    #[test]
    fn the_t_law_tends_to_the_normal() {
        let normal = ManyToOne::new(&[20, 30], 25, f64::INFINITY, true).critical_value(0.05, 3);
        let t = ManyToOne::new(&[20, 30], 25, 1e6, true).critical_value(0.05, 3);
        assert!((normal - t).abs() < 1e-5, "{normal} {t}");
    }

    #[test]
    fn step_down_adjusted_p_values_are_monotone_and_below_single_step() {
        let law = ManyToOne::new(&[20, 30, 25], 25, 60.0, true);
        let x = [2.4, -2.9, 0.5];
        let (single, down) = (law.single_step(&x), law.step_down(&x));
        for i in 0..3 {
            assert!(down[i] <= single[i] + 1e-12);
        }
        assert!(down[1] <= down[0] && down[0] <= down[2]);
        // The last step is the unadjusted p-value (or an earlier, larger one).
        assert!((down[2] - law.unadjusted_p(0.5).max(down[0])).abs() < 1e-9);
    }
}
