//! Newcombe's hybrid score interval for a difference of proportions (Newcombe 1998,
//! method 10): the Wilson limits of each arm combined.

use crate::wilson;

/// The two-sided interval with coverage `1 - alpha` for `x1/n1 - x2/n2`.
pub fn interval(x1: u32, n1: u32, x2: u32, n2: u32, alpha: f64) -> (f64, f64) {
    let (p1, p2) = (x1 as f64 / n1 as f64, x2 as f64 / n2 as f64);
    let (l1, u1) = wilson::interval(x1, n1, alpha);
    let (l2, u2) = wilson::interval(x2, n2, alpha);
    let d = p1 - p2;
    let lo = d - ((p1 - l1).powi(2) + (u2 - p2).powi(2)).sqrt();
    let hi = d + ((u1 - p1).powi(2) + (p2 - l2).powi(2)).sqrt();
    (lo, hi)
}
