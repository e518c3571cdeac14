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
    let sum: f64 = weights.iter().sum();
    let quotas: Vec<f64> = weights.iter().map(|w| total as f64 * w / sum).collect();
    let mut sizes: Vec<u32> = quotas.iter().map(|q| (q + 1e-9).floor() as u32).collect();
    let assigned: u32 = sizes.iter().sum();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    let remainder = |i: usize| quotas[i] - sizes[i] as f64;
    // Stable sort keeps the earlier arm first among equal remainders.
    order.sort_by(|&a, &b| {
        let (ra, rb) = (remainder(a), remainder(b));
        if (ra - rb).abs() < 1e-9 { std::cmp::Ordering::Equal } else { rb.total_cmp(&ra) }
    });
    for &i in order.iter().take(total.saturating_sub(assigned) as usize) {
        sizes[i] += 1;
    }
    sizes
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
