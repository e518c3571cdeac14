//! Splitting the sample size between arms by the largest-remainder rule.

/// Split `total` patients in proportion to `weights`: every arm gets the floor of its
/// quota, and the patients left over go to the largest remainders, ties to the earlier arm.
///
/// # Examples
///
/// ```
/// use trialsim::scenario::allocation::largest_remainder;
/// assert_eq!(largest_remainder(110, &[1.0, 1.0]), vec![55, 55]);
/// assert_eq!(largest_remainder(90, &[2.0, 1.0]), vec![60, 30]);
/// assert_eq!(largest_remainder(100, &[1.0, 1.0, 1.0]), vec![34, 33, 33]);
/// ```
pub fn largest_remainder(total: u32, weights: &[f64]) -> Vec<u32> {
    let mut sizes = vec![0; weights.len()];
    largest_remainder_into(total, weights, &mut sizes);
    sizes
}

/// [`largest_remainder`] into `sizes` (no allocation: used once per replicate for second
/// randomisations).
pub fn largest_remainder_into(total: u32, weights: &[f64], sizes: &mut [u32]) {
    let sum: f64 = weights.iter().sum();
    let quota = |i: usize| total as f64 * weights[i] / sum;
    for (i, s) in sizes.iter_mut().enumerate() {
        *s = (quota(i) + 1e-9).floor() as u32;
    }
    let mut left = total.saturating_sub(sizes.iter().sum());
    // Hand out the rest one at a time to the largest remainder, the earlier arm on ties.
    while left > 0 {
        let mut best = 0;
        let mut best_remainder = f64::NEG_INFINITY;
        for (i, &size) in sizes.iter().enumerate() {
            let r = quota(i) - size as f64;
            if r > best_remainder + 1e-9 {
                best = i;
                best_remainder = r;
            }
        }
        sizes[best] += 1;
        left -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_sum_to_total() {
        for total in 1..200 {
            for w in [[1.0, 1.0, 1.0], [2.0, 1.0, 1.0], [3.0, 2.0, 0.5]] {
                assert_eq!(largest_remainder(total, &w).iter().sum::<u32>(), total);
            }
        }
    }

    #[test]
    fn ties_go_to_the_earlier_arm() {
        assert_eq!(largest_remainder(5, &[1.0, 1.0]), vec![3, 2]);
        assert_eq!(largest_remainder(7, &[1.0, 2.0, 1.0]), vec![2, 3, 2]);
    }
}
