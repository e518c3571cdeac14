//! Special functions shared by the tests.

use statrs::function::gamma::ln_gamma;

/// Factorials tabulated once: ln(n!) for n below this.
const LN_FACTORIAL_TABLE: usize = 1 << 16;

/// ln(n!), from a table computed once for n < 65,536 (ln_gamma beyond).
#[inline]
pub fn ln_factorial(n: u32) -> f64 {
    static TABLE: std::sync::OnceLock<Vec<f64>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| (0..LN_FACTORIAL_TABLE).map(|k| ln_gamma(k as f64 + 1.0)).collect());
    match table.get(n as usize) {
        Some(&v) => v,
        None => ln_gamma(n as f64 + 1.0),
    }
}

/// ln of the binomial coefficient C(n, k).
#[inline]
pub fn ln_choose(n: u32, k: u32) -> f64 {
    ln_factorial(n) - ln_factorial(k) - ln_factorial(n - k)
}

/// The binomial probability P(X = k) for X ~ Binomial(n, p).
pub fn binomial_pmf(k: u32, n: u32, p: f64) -> f64 {
    if p <= 0.0 {
        return if k == 0 { 1.0 } else { 0.0 };
    }
    if p >= 1.0 {
        return if k == n { 1.0 } else { 0.0 };
    }
    (ln_choose(n, k) + k as f64 * p.ln() + (n - k) as f64 * (-p).ln_1p()).exp()
}

/// The standard normal distribution function.
#[inline]
pub fn normal_cdf(x: f64) -> f64 {
    normal_tails(x).0
}

/// `(P(Z <= x), P(Z > x))` for a standard normal Z, each to full double precision in
/// its own tail: W. J. Cody's rational Chebyshev approximations (Math. Comp. 1969,
/// ACM TOMS 715), the algorithm of R's `pnorm`.
#[allow(clippy::excessive_precision)] // the published coefficients, digit for digit
pub fn normal_tails(x: f64) -> (f64, f64) {
    const A: [f64; 5] = [
        2.2352520354606839287,
        161.02823106855587881,
        1067.6894854603709582,
        18154.981253343561249,
        0.065682337918207449113,
    ];
    const B: [f64; 4] = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];
    const C: [f64; 9] = [
        0.39894151208813466764,
        8.8831497943883759412,
        93.506656132177855979,
        597.27027639480026226,
        2494.5375852903726711,
        6848.1904505362823326,
        11602.651437647350124,
        9842.7148383839780218,
        1.0765576773720192317e-8,
    ];
    const D: [f64; 8] = [
        22.266688044328115691,
        235.38790178262499861,
        1519.377599407554805,
        6485.558298266760755,
        18615.571640885098091,
        34900.952721145977266,
        38912.003286093271411,
        19685.429676859990727,
    ];
    const P: [f64; 6] = [
        0.21589853405795699,
        0.1274011611602473639,
        0.022235277870649807,
        0.001421619193227893466,
        2.9112874951168792e-5,
        0.02307344176494017303,
    ];
    const Q: [f64; 5] = [
        1.28426009614491121,
        0.468238212480865118,
        0.0659881378689285515,
        0.00378239633202758244,
        7.29751555083966205e-5,
    ];
    const ONE_OVER_SQRT_2PI: f64 = 0.398942280401432677939946059934;
    if x.is_nan() {
        return (f64::NAN, f64::NAN);
    }
    let y = x.abs();
    // exp(-y^2 / 2) split so that the square is exact: y = ysq + remainder.
    let gauss = |y: f64| {
        let ysq = (y * 16.0).trunc() / 16.0;
        let del = (y - ysq) * (y + ysq);
        (-ysq * ysq * 0.5).exp() * (-del * 0.5).exp()
    };
    let (lower_of_abs, upper_of_abs) = if y <= 0.67448975 {
        let (mut num, mut den) = (0.0, 0.0);
        let xsq = if y > f64::EPSILON * 0.5 { x * x } else { 0.0 };
        if xsq > 0.0 {
            num = A[4] * xsq;
            den = xsq;
            for i in 0..3 {
                num = (num + A[i]) * xsq;
                den = (den + B[i]) * xsq;
            }
        }
        let t = x * (num + A[3]) / (den + B[3]);
        return (0.5 + t, 0.5 - t);
    } else if y <= 32f64.sqrt() {
        let mut num = C[8] * y;
        let mut den = y;
        for i in 0..7 {
            num = (num + C[i]) * y;
            den = (den + D[i]) * y;
        }
        let tail = gauss(y) * (num + C[7]) / (den + D[7]);
        (1.0 - tail, tail)
    } else if y < 38.5 {
        let xsq = 1.0 / (x * x);
        let mut num = P[5] * xsq;
        let mut den = xsq;
        for i in 0..4 {
            num = (num + P[i]) * xsq;
            den = (den + Q[i]) * xsq;
        }
        let t = xsq * (num + P[4]) / (den + Q[4]);
        let tail = gauss(y) * (ONE_OVER_SQRT_2PI - t) / y;
        (1.0 - tail, tail)
    } else {
        (1.0, 0.0)
    };
    if x > 0.0 { (lower_of_abs, upper_of_abs) } else { (upper_of_abs, lower_of_abs) }
}

/// The standard normal quantile, to full double precision: statrs' approximation
/// (relative error about 1e-10) polished by Newton steps on `normal_cdf`.
pub fn normal_quantile(p: f64) -> f64 {
    use statrs::distribution::{ContinuousCDF, Normal};
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    let mut z = Normal::standard().inverse_cdf(p);
    for _ in 0..2 {
        let density = (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt();
        if density <= 0.0 {
            break;
        }
        // Work on the smaller tail for accuracy.
        let (lower, upper) = normal_tails(z);
        let error = if z < 0.0 { lower - p } else { (1.0 - p) - upper };
        let error = if z < 0.0 { error } else { -error };
        z -= error / density;
    }
    z
}

/// P(chi-square with one degree of freedom > x).
#[inline]
pub fn chi_square_1_upper(x: f64) -> f64 {
    2.0 * normal_tails(x.sqrt()).1
}

/// The p-value of a z statistic under an alternative.
pub fn z_p_value(z: f64, alternative: crate::Alternative) -> f64 {
    use crate::Alternative::*;
    match alternative {
        TwoSided => 2.0 * normal_tails(z.abs()).1,
        Greater => normal_tails(z).1,
        Less => normal_tails(z).0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_values() {
        // R: pnorm(1.96) = 0.9750021048517795; pchisq(3.84, 1, lower = FALSE) = 0.05004352124870519
        assert!((normal_cdf(1.96) - 0.9750021048517796).abs() < 1e-16);
        // R: pnorm(-9) = 1.1285884059538408e-19, pnorm(-0.3) = 0.38208857781104733
        assert!((normal_cdf(-9.0) / 1.1285884059538408e-19 - 1.0).abs() < 1e-14);
        assert!((normal_cdf(-0.3) - 0.38208857781104733).abs() < 1e-16);
        assert!((normal_tails(3.0).1 - normal_cdf(-3.0)).abs() < 1e-18);
        assert!((chi_square_1_upper(3.84) - 0.050043521248705224).abs() < 1e-15);
        // R: dbinom(3, 10, 0.3) = 0.2668279320000001
        assert!((binomial_pmf(3, 10, 0.3) - 0.266827932).abs() < 1e-14);
        // R: qnorm(0.225) = -0.75541502636046931; qnorm(1e-10) = -6.3613409024040557
        assert!((normal_quantile(0.225) - -0.75541502636046931).abs() < 1e-14);
        assert!((normal_quantile(1e-10) - -6.3613409024040557).abs() < 1e-13);
        for i in 1..1000 {
            let p = i as f64 / 1000.0;
            assert!((normal_cdf(normal_quantile(p)) - p).abs() < 1e-15 * p.max(0.1) * 10.0, "p = {p}");
        }
    }
}
