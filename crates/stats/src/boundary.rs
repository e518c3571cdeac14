//! Where a monotone predicate on floating-point numbers turns, to adjacent numbers, so that
//! the boundary reported decides exactly as the predicate does; and a root of a decreasing
//! function, close enough to start that search from.

/// The adjacent numbers `(last, first)` with `holds(last)` false and `holds(first)` true,
/// for a predicate that turns from false to true once in `[below, above]` and is false at
/// `below` and true at `above`. The search starts from a `guess` near the turn, steps from
/// it to the adjacent number and on, doubling, until the predicate changes, then bisects
/// by bit pattern: about twice the base-2 logarithm of the guess's distance from the turn
/// in representable numbers (at most 128 steps), trying only points within about twice
/// that distance of the turn (so a predicate spoilt by rounding far from its turn does not
/// mislead it).
pub fn turn_near(guess: f64, below: f64, above: f64, holds: impl Fn(f64) -> bool) -> (f64, f64) {
    debug_assert!(below < above && !holds(below) && holds(above));
    let (floor, ceiling) = (key(below), key(above));
    let start = if guess.is_nan() { floor } else { key(guess.clamp(below, above)) };
    let mut step = 1;
    if holds(number(start)) {
        let mut hi = start;
        loop {
            let k = (hi - step).max(floor);
            if k == floor || !holds(number(k)) {
                return bisect(k, hi, &holds);
            }
            hi = k;
            step *= 2;
        }
    } else {
        let mut lo = start;
        loop {
            let k = (lo + step).min(ceiling);
            if k == ceiling || holds(number(k)) {
                return bisect(lo, k, &holds);
            }
            lo = k;
            step *= 2;
        }
    }
}

/// Bisection by bit pattern between the keys `lo` (false) and `hi` (true).
fn bisect(mut lo: i128, mut hi: i128, holds: &impl Fn(f64) -> bool) -> (f64, f64) {
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if holds(number(mid)) { hi = mid } else { lo = mid }
    }
    (number(lo), number(hi))
}

/// An integer that orders finite numbers as they are ordered (-0 just below +0).
fn key(x: f64) -> i128 {
    let bits = x.to_bits() as i64;
    (if bits < 0 { bits ^ i64::MAX } else { bits }) as i128
}

/// The number of a [`key`].
fn number(k: i128) -> f64 {
    let k = k as i64;
    f64::from_bits((if k < 0 { k ^ i64::MAX } else { k }) as u64)
}

/// Where the decreasing `f` crosses 0 in `[a, b]` (`f(a) > 0 > f(b)`; either may be
/// infinite), to about 1e-13: regula falsi with the Illinois modification, bisecting
/// while an end's value is infinite. A starting point for [`turn_near`], not an answer.
pub fn crossing(f: impl Fn(f64) -> f64, mut a: f64, mut b: f64) -> f64 {
    let (mut fa, mut fb) = (f(a), f(b));
    let mut kept = 0;
    for _ in 0..100 {
        let secant = (a * fb - b * fa) / (fb - fa);
        let m = if fa.is_finite() && fb.is_finite() && secant > a && secant < b { secant } else { 0.5 * (a + b) };
        if m <= a || m >= b || b - a <= 1e-13 {
            return m;
        }
        let fm = f(m);
        if fm == 0.0 || fm.is_nan() {
            return m;
        }
        if fm > 0.0 {
            (a, fa) = (m, fm);
            // The same end kept twice: halve its value (Illinois), for superlinear steps.
            if kept == 1 {
                fb *= 0.5;
            }
            kept = 1;
        } else {
            (b, fb) = (m, fm);
            if kept == -1 {
                fa *= 0.5;
            }
            kept = -1;
        }
    }
    0.5 * (a + b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_follow_the_order_of_numbers() {
        let xs = [-1.0, -0.5, -f64::MIN_POSITIVE, -5e-324, -0.0, 0.0, 5e-324, 1e-300, 0.25, 1.0];
        for w in xs.windows(2) {
            assert!(key(w[0]) < key(w[1]), "{} {}", w[0], w[1]);
        }
        for x in xs {
            assert_eq!(number(key(x)).to_bits(), x.to_bits());
        }
        assert_eq!(key(0.0) - key(-0.0), 1);
        assert_eq!(key(1.0f64.next_up()) - key(1.0), 1);
    }

    #[test]
    fn finds_adjacent_numbers_around_the_turn() {
        for t in [0.3, -0.7, 1e-200, 0.0, 2.0f64.sqrt() / 2.0, 1.0] {
            // From guesses on either side, near and far.
            for guess in [t, t.next_up(), t - 1e-9, t + 0.3, -1.0, 1.0, f64::NAN] {
                let (last, first) = turn_near(guess, -1.0, 1.0, |x| x >= t);
                assert!(first == t && last.next_up() == first, "{t} from {guess}: {last} {first}");
            }
        }
        // A strict predicate: the turn is just above t.
        assert_eq!(turn_near(0.31, -1.0, 1.0, |x| x > 0.3), (0.3, 0.3f64.next_up()));
    }

    #[test]
    fn crossing_is_close_to_the_root() {
        for (root, f) in [
            (0.2f64, Box::new(|x: f64| 0.2 - x) as Box<dyn Fn(f64) -> f64>),
            (0.5f64.sqrt(), Box::new(|x: f64| 0.5 - x * x)),
            // Infinite at an end, steep near the root.
            (0.9, Box::new(|x: f64| if x >= 1.0 { f64::NEG_INFINITY } else { (0.9 - x) / (1.0 - x) })),
        ] {
            let x = crossing(&f, 0.0, 1.0);
            assert!((x - root).abs() < 1e-12, "{x} vs {root}");
        }
    }
}
