//! An exponential for the hot loop: inlined, without a branch, and made of additions,
//! multiplications and one table lookup, so that it gives the same bits on every platform
//! (the C library's `exp` may differ in the last bit between libraries and versions, and
//! goes through a call and an error-number check).
//!
//! `exp(x) = 2^(k / 64) * exp(r)` with `k` the integer nearest to `64 x / ln 2` and
//! `r = x - k ln 2 / 64` (`ln 2 / 64` split in two parts, so `r` is exact to about 1e-20),
//! `|r| <= ln 2 / 128`; `exp(r)` by its degree-5 Taylor polynomial (truncation error below
//! 4e-17) and `2^(k / 64)` as `2^(k div 64)` times a table of `2^(i / 64)` rounded to the
//! nearest double (made by `tests/fixtures/exp_table.py` with Python's `decimal` at 60
//! digits). Relative error below 4e-16 (the tests allow 6e-16 against the C library, itself
//! within a unit in the last place); inputs are clamped to `[-700, 700]` (NaN to -700), by
//! comparisons that compile to single instructions.

/// `2^(i / 64)` for i in 0..64, as IEEE-754 bits.
const POWERS: [u64; 64] = [
    0x3ff0000000000000,
    0x3ff02c9a3e778061,
    0x3ff059b0d3158574,
    0x3ff0874518759bc8,
    0x3ff0b5586cf9890f,
    0x3ff0e3ec32d3d1a2,
    0x3ff11301d0125b51,
    0x3ff1429aaea92de0,
    0x3ff172b83c7d517b,
    0x3ff1a35beb6fcb75,
    0x3ff1d4873168b9aa,
    0x3ff2063b88628cd6,
    0x3ff2387a6e756238,
    0x3ff26b4565e27cdd,
    0x3ff29e9df51fdee1,
    0x3ff2d285a6e4030b,
    0x3ff306fe0a31b715,
    0x3ff33c08b26416ff,
    0x3ff371a7373aa9cb,
    0x3ff3a7db34e59ff7,
    0x3ff3dea64c123422,
    0x3ff4160a21f72e2a,
    0x3ff44e086061892d,
    0x3ff486a2b5c13cd0,
    0x3ff4bfdad5362a27,
    0x3ff4f9b2769d2ca7,
    0x3ff5342b569d4f82,
    0x3ff56f4736b527da,
    0x3ff5ab07dd485429,
    0x3ff5e76f15ad2148,
    0x3ff6247eb03a5585,
    0x3ff6623882552225,
    0x3ff6a09e667f3bcd,
    0x3ff6dfb23c651a2f,
    0x3ff71f75e8ec5f74,
    0x3ff75feb564267c9,
    0x3ff7a11473eb0187,
    0x3ff7e2f336cf4e62,
    0x3ff82589994cce13,
    0x3ff868d99b4492ed,
    0x3ff8ace5422aa0db,
    0x3ff8f1ae99157736,
    0x3ff93737b0cdc5e5,
    0x3ff97d829fde4e50,
    0x3ff9c49182a3f090,
    0x3ffa0c667b5de565,
    0x3ffa5503b23e255d,
    0x3ffa9e6b5579fdbf,
    0x3ffae89f995ad3ad,
    0x3ffb33a2b84f15fb,
    0x3ffb7f76f2fb5e47,
    0x3ffbcc1e904bc1d2,
    0x3ffc199bdd85529c,
    0x3ffc67f12e57d14b,
    0x3ffcb720dcef9069,
    0x3ffd072d4a07897c,
    0x3ffd5818dcfba487,
    0x3ffda9e603db3285,
    0x3ffdfc97337b9b5f,
    0x3ffe502ee78b3ff6,
    0x3ffea4afa2a490da,
    0x3ffefa1bee615a27,
    0x3fff50765b6e4540,
    0x3fffa7c1819e90d8,
];

/// 1.5 * 2^52: adding and subtracting it rounds a double of magnitude below 2^51 to the
/// nearest integer (ties to even) without a library call or a branch.
const ROUNDER: f64 = 6_755_399_441_055_744.0;
/// 64 / ln 2.
const STEPS_PER_UNIT: f64 = 92.332_482_616_893_66;
/// ln 2 / 64 = STEP_HI + STEP_LO, STEP_HI with 21 significant bits (so `k * STEP_HI` is exact).
const STEP_HI: f64 = 0.010_830_417_275_428_772;
const STEP_LO: f64 = 7.420_820_373_486_988e-9;

/// `e^x`, to within 4e-16 relative for `|x| <= 700`.
///
/// # Examples
///
/// ```
/// use trialsim::model::exp::exp;
/// assert!((exp(1.0) - std::f64::consts::E).abs() < 1e-15);
/// assert_eq!(exp(0.0), 1.0);
/// ```
#[inline]
pub fn exp(x: f64) -> f64 {
    let x = if x > -700.0 { x } else { -700.0 };
    let x = if x < 700.0 { x } else { 700.0 };
    let shifted = x * STEPS_PER_UNIT + ROUNDER;
    let k = shifted - ROUNDER;
    // The low bits of `shifted` hold k in two's complement.
    let steps = shifted.to_bits() as i64 as i32 as i64;
    let r = (x - k * STEP_HI) - k * STEP_LO;
    let r2 = r * r;
    let p = (1.0 + r) + r2 * ((0.5 + r * (1.0 / 6.0)) + r2 * (1.0 / 24.0 + r * (1.0 / 120.0)));
    // 2^(k div 64) * 2^((k mod 64) / 64): add k div 64 to the table entry's exponent
    // (between -1010 and 1010, so the result stays a normal number).
    let scale = f64::from_bits(POWERS[(steps & 63) as usize].wrapping_add(((steps >> 6) as u64) << 52));
    scale * p
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Relative difference from the C library's exp (itself within a unit in the last place).
    const TOLERANCE: f64 = 6e-16;

    #[test]
    fn matches_the_library_exp() {
        for i in -700_000..=700_000 {
            let x = i as f64 * 1e-3 + 1e-7 * (i % 7) as f64;
            let (fast, reference) = (exp(x), x.exp());
            assert!(((fast - reference) / reference).abs() < TOLERANCE, "{x}: {fast} vs {reference}");
        }
    }

    #[test]
    fn table_is_two_to_the_sixty_fourths() {
        for (i, &bits) in POWERS.iter().enumerate() {
            let reference = (i as f64 / 64.0).exp2();
            assert!((f64::from_bits(bits) / reference - 1.0).abs() < 3e-16, "{i}");
        }
    }

    #[test]
    fn is_monotone_where_the_table_entry_changes() {
        for k in -200..200 {
            let edge = (k as f64 + 0.5) * std::f64::consts::LN_2 / 64.0;
            let mut previous = exp(edge - 1e-12);
            for i in 1..2000 {
                let v = exp(edge - 1e-12 + i as f64 * 1e-15);
                assert!(v >= previous, "{edge}");
                previous = v;
            }
        }
    }

    #[test]
    fn clamps_extreme_inputs() {
        assert!(exp(1e6).is_finite() && exp(1e6) > 1e300);
        assert!(exp(-1e6) > 0.0 && exp(-1e6) < 1e-300);
        assert_eq!(exp(f64::NEG_INFINITY), exp(-700.0));
    }
}
