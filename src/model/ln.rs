//! A natural logarithm for the hot loop, made of additions, multiplications and table
//! lookups, so that it gives the same bits on every platform (the C library's `log` may
//! differ in the last bit between libraries and versions): the event and dropout times of
//! time-to-event endpoints take one per patient.
//!
//! `x = 2^e m` with `m` in [3/4, 3/2); `m = c (1 + t)` with `c = 3/4 + i/256` the nearest
//! table point (`m - c` is exact) and `t = (m - c) (1/c)`, `|t| < 1/384` (`1/c` from a table
//! of IEEE divisions, correctly rounded everywhere); `ln x = e ln 2 + ln c + ln(1 + t)`, `ln c`
//! from a table rounded to the nearest double (made by `tests/fixtures/ln_table.py` with
//! Python's `decimal` at 60 digits), `ln(1 + t)` by its Taylor polynomial of degree 9
//! (truncation below 1e-25). Near 1 the table point is 1 itself and `t = x - 1` exactly, so
//! the relative accuracy holds there too; the tests check 1e-15 relative against the C
//! library everywhere.

/// `ln(3/4 + i / 256)` for i in 0..=192, as IEEE-754 bits.
const LOGS: [u64; 193] = [
    0xbfd269621134db92,
    0xbfd214456d0eb8d4,
    0xbfd1bf99635a6b95,
    0xbfd16b5ccbacfb73,
    0xbfd1178e8227e47c,
    0xbfd0c42d676162e3,
    0xbfd07138604d5862,
    0xbfd01eae5626c691,
    0xbfcf991c6cb3b379,
    0xbfcef5ade4dcffe6,
    0xbfce530effe71012,
    0xbfcdb13db0d48940,
    0xbfcd1037f2655e7b,
    0xbfcc6ffbc6f00f71,
    0xbfcbd087383bd8ad,
    0xbfcb31d8575bce3d,
    0xbfca93ed3c8ad9e3,
    0xbfc9f6c407089664,
    0xbfc95a5adcf7017f,
    0xbfc8beafeb38fe8c,
    0xbfc823c16551a3c2,
    0xbfc7898d85444c73,
    0xbfc6f0128b756abc,
    0xbfc6574ebe8c133a,
    0xbfc5bf406b543db2,
    0xbfc527e5e4a1b58d,
    0xbfc4913d8333b561,
    0xbfc3fb45a59928cc,
    0xbfc365fcb0159016,
    0xbfc2d1610c86813a,
    0xbfc23d712a49c202,
    0xbfc1aa2b7e23f72a,
    0xbfc1178e8227e47c,
    0xbfc08598b59e3a07,
    0xbfbfe89139dbd566,
    0xbfbec739830a1120,
    0xbfbda727638446a2,
    0xbfbc885801bc4b23,
    0xbfbb6ac88dad5b1c,
    0xbfba4e7640b1bc38,
    0xbfb9335e5d594989,
    0xbfb8197e2f40e3f0,
    0xbfb700d30aeac0e1,
    0xbfb5e95a4d9791cb,
    0xbfb4d3115d207eac,
    0xbfb3bdf5a7d1ee64,
    0xbfb2aa04a44717a5,
    0xbfb1973bd1465567,
    0xbfb08598b59e3a07,
    0xbfaeea31c006b87c,
    0xbfaccb73cdddb2cc,
    0xbfaaaef2d0fb10fc,
    0xbfa894aa149fb343,
    0xbfa67c94f2d4bb58,
    0xbfa466aed42de3ea,
    0xbfa252f32f8d183f,
    0xbfa0415d89e74444,
    0xbf9c63d2ec14aaf2,
    0xbf98492528c8cabf,
    0xbf9432a925980cc1,
    0xbf90205658935847,
    0xbf882448a388a2aa,
    0xbf8010157588de71,
    0xbf70080559588b35,
    0x0000000000000000,
    0x3f6ff00aa2b10bc0,
    0x3f7fe02a6b106789,
    0x3f87dc475f810a77,
    0x3f8fc0a8b0fc03e4,
    0x3f93cea44346a575,
    0x3f97b91b07d5b11b,
    0x3f9b9fc027af9198,
    0x3f9f829b0e783300,
    0x3fa1b0d98923d980,
    0x3fa39e87b9febd60,
    0x3fa58a5bafc8e4d5,
    0x3fa77458f632dcfc,
    0x3fa95c830ec8e3eb,
    0x3fab42dd711971bf,
    0x3fad276b8adb0b52,
    0x3faf0a30c01162a6,
    0x3fb075983598e471,
    0x3fb16536eea37ae1,
    0x3fb253f62f0a1417,
    0x3fb341d7961bd1d1,
    0x3fb42edcbea646f0,
    0x3fb51b073f06183f,
    0x3fb60658a93750c4,
    0x3fb6f0d28ae56b4c,
    0x3fb7da766d7b12cd,
    0x3fb8c345d6319b21,
    0x3fb9ab42462033ad,
    0x3fba926d3a4ad563,
    0x3fbb78c82bb0eda1,
    0x3fbc5e548f5bc743,
    0x3fbd4313d66cb35d,
    0x3fbe27076e2af2e6,
    0x3fbf0a30c01162a6,
    0x3fbfec9131dbeabb,
    0x3fc0671512ca596e,
    0x3fc0d77e7cd08e59,
    0x3fc14785846742ac,
    0x3fc1b72ad52f67a0,
    0x3fc2266f190a5acb,
    0x3fc29552f81ff523,
    0x3fc303d718e47fd3,
    0x3fc371fc201e8f74,
    0x3fc3dfc2b0ecc62a,
    0x3fc44d2b6ccb7d1e,
    0x3fc4ba36f39a55e5,
    0x3fc526e5e3a1b438,
    0x3fc59338d9982086,
    0x3fc5ff3070a793d4,
    0x3fc66acd4272ad51,
    0x3fc6d60fe719d21d,
    0x3fc740f8f54037a5,
    0x3fc7ab890210d909,
    0x3fc815c0a14357eb,
    0x3fc87fa06520c911,
    0x3fc8e928de886d41,
    0x3fc9525a9cf456b4,
    0x3fc9bb362e7dfb83,
    0x3fca23bc1fe2b563,
    0x3fca8becfc882f19,
    0x3fcaf3c94e80bff3,
    0x3fcb5b519e8fb5a4,
    0x3fcbc286742d8cd6,
    0x3fcc2968558c18c1,
    0x3fcc8ff7c79a9a22,
    0x3fccf6354e09c5dc,
    0x3fcd5c216b4fbb91,
    0x3fcdc1bca0abec7d,
    0x3fce27076e2af2e6,
    0x3fce8c0252aa5a60,
    0x3fcef0adcbdc5936,
    0x3fcf550a564b7b37,
    0x3fcfb9186d5e3e2b,
    0x3fd00e6c45ad501d,
    0x3fd0402594b4d041,
    0x3fd071b85fcd590d,
    0x3fd0a324e27390e3,
    0x3fd0d46b579ab74b,
    0x3fd1058bf9ae4ad5,
    0x3fd136870293a8b0,
    0x3fd1675cababa60e,
    0x3fd1980d2dd4236f,
    0x3fd1c898c16999fb,
    0x3fd1f8ff9e48a2f3,
    0x3fd22941fbcf7966,
    0x3fd2596010df763a,
    0x3fd2895a13de86a3,
    0x3fd2b9303ab89d25,
    0x3fd2e8e2bae11d31,
    0x3fd31871c9544185,
    0x3fd347dd9a987d55,
    0x3fd3772662bfd85b,
    0x3fd3a64c556945ea,
    0x3fd3d54fa5c1f710,
    0x3fd404308686a7e4,
    0x3fd432ef2a04e814,
    0x3fd4618bc21c5ec2,
    0x3fd49006804009d1,
    0x3fd4be5f957778a1,
    0x3fd4ec973260026a,
    0x3fd51aad872df82d,
    0x3fd548a2c3add263,
    0x3fd5767717455a6c,
    0x3fd5a42ab0f4cfe2,
    0x3fd5d1bdbf5809ca,
    0x3fd5ff3070a793d4,
    0x3fd62c82f2b9c795,
    0x3fd659b57303e1f3,
    0x3fd686c81e9b14af,
    0x3fd6b3bb2235943e,
    0x3fd6e08eaa2ba1e4,
    0x3fd70d42e2789236,
    0x3fd739d7f6bbd007,
    0x3fd7664e1239dbcf,
    0x3fd792a55fdd47a2,
    0x3fd7bede0a37afc0,
    0x3fd7eaf83b82afc3,
    0x3fd816f41da0d496,
    0x3fd842d1da1e8b17,
    0x3fd86e919a330ba0,
    0x3fd89a3386c1425b,
    0x3fd8c5b7c858b48b,
    0x3fd8f11e873662c7,
    0x3fd91c67eb45a83e,
    0x3fd947941c2116fb,
    0x3fd972a341135158,
    0x3fd99d958117e08b,
    0x3fd9c86b02dc0863,
    0x3fd9f323ecbf984c,
];

/// `1 / (3/4 + i / 256)`, each an IEEE division (correctly rounded, the same everywhere),
/// so the hot path multiplies instead of dividing.
const RECIPROCALS: [f64; 193] = {
    let mut r = [0.0; 193];
    let mut i = 0;
    while i < 193 {
        r[i] = 1.0 / (0.75 + i as f64 / 256.0);
        i += 1;
    }
    r
};

/// ln 2 = LN2_HI + LN2_LO, LN2_HI with 32 significant bits (so `e * LN2_HI` is exact).
const LN2_HI: f64 = 0.6931471803691238;
const LN2_LO: f64 = 1.9082149292705877e-10;

/// `ln x` for `x > 0`; `-inf` at 0, NaN below 0 or for NaN, `inf` at `inf`.
///
/// # Examples
///
/// ```
/// use trialsim::model::ln::ln;
/// assert_eq!(ln(1.0), 0.0);
/// assert!((ln(std::f64::consts::E) - 1.0).abs() < 1e-15);
/// assert!((ln(0.25) + 2.0 * std::f64::consts::LN_2).abs() < 1e-15);
/// ```
#[inline]
pub fn ln(x: f64) -> f64 {
    if !(x > 0.0 && x < f64::INFINITY) {
        return if x == 0.0 {
            f64::NEG_INFINITY
        } else if x == f64::INFINITY {
            x
        } else {
            f64::NAN
        };
    }
    // Subnormals: scale into the normal range first.
    let (x, shift) = if x < f64::MIN_POSITIVE { (x * 2f64.powi(64), -64) } else { (x, 0) };
    let bits = x.to_bits();
    let e = ((bits >> 52) & 0x7ff) as i64 - 1023 + shift;
    let m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    // Into [3/4, 3/2): halving is exact.
    let (m, e) = if m >= 1.5 { (m * 0.5, e + 1) } else { (m, e) };
    let i = ((m - 0.75) * 256.0 + 0.5) as usize;
    let t = (m - (0.75 + i as f64 / 256.0)) * RECIPROCALS[i];
    let p = t
        * (1.0
            - t * (1.0 / 2.0
                - t * (1.0 / 3.0
                    - t * (1.0 / 4.0
                        - t * (1.0 / 5.0 - t * (1.0 / 6.0 - t * (1.0 / 7.0 - t * (1.0 / 8.0 - t * (1.0 / 9.0)))))))));
    let e = e as f64;
    e * LN2_HI + (f64::from_bits(LOGS[i]) + (e * LN2_LO + p))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Relative difference from the C library's log (itself within a unit in the last place).
    const TOLERANCE: f64 = 1e-15;

    #[test]
    fn matches_the_library_log() {
        let mut x = 1e-300_f64;
        while x < 1e300 {
            for k in 0..64 {
                let y = x * (1.0 + k as f64 / 64.0 + 1e-9 * k as f64);
                let (ours, reference) = (ln(y), y.ln());
                if reference != 0.0 {
                    assert!(((ours - reference) / reference).abs() < TOLERANCE, "{y}: {ours} vs {reference}");
                }
            }
            x *= 1.7;
        }
    }

    #[test]
    fn near_one_and_at_the_edges() {
        for k in 1..100_000 {
            for y in [1.0 - k as f64 * 1e-9, 1.0 + k as f64 * 1e-9, 1.0 - k as f64 * 3e-6, 1.0 + k as f64 * 3e-6] {
                assert!(((ln(y) - y.ln()) / y.ln()).abs() < TOLERANCE, "{y}");
            }
        }
        assert_eq!(ln(0.0), f64::NEG_INFINITY);
        assert!(ln(-1.0).is_nan() && ln(f64::NAN).is_nan());
        assert!((ln(5e-324) - 5e-324f64.ln()).abs() < 1e-12);
        assert!((ln(f64::MAX) - f64::MAX.ln()).abs() < 1e-12);
    }

    #[test]
    fn table_is_the_logarithm_of_its_points() {
        for (i, &bits) in LOGS.iter().enumerate() {
            let reference = (0.75 + i as f64 / 256.0).ln();
            assert!((f64::from_bits(bits) - reference).abs() <= 2.0 * f64::EPSILON * reference.abs(), "{i}");
        }
    }
}
