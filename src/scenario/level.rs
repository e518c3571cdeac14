//! Response levels: the rule a reported value must meet, and the interval of values each
//! level leaves a patient with a given baseline.
//!
//! Values are handled on the reporting grid in "goodness" units `s = sign * m`, where `m`
//! is the grid index and `sign` is +1 when higher is better, -1 otherwise. Every rule is
//! then a lower bound on `s`, and the levels, best first, cut the grid into intervals.

use super::marker::{Direction, Resolution};
use serde::Deserialize;

/// How a threshold and a baseline-relative rule are joined.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Combine {
    #[default]
    And,
    Or,
}

/// A fixed threshold: `above`/`below` are strict, `at_least`/`at_most` are not.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Threshold {
    pub value: f64,
    pub strict: bool,
}

/// A rule relative to the patient's baseline, in the better direction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Relative {
    /// At least this many times the baseline (higher is better) or at most baseline / fold.
    Fold(f64),
    /// At least this far from the baseline in the better direction.
    Change(f64),
}

/// The rule of one level.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelRule {
    pub direction: Direction,
    pub threshold: Option<Threshold>,
    pub relative: Option<Relative>,
    pub combine: Combine,
}

/// A response level, best first in the scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Level {
    pub name: String,
    pub rule: LevelRule,
}

/// Bounds of an interval with no end on that side.
pub const NO_LOWER: i64 = i64::MIN / 4;
pub const NO_UPPER: i64 = i64::MAX / 4;

impl LevelRule {
    /// Does a reported `value` meet the rule for a patient whose reported baseline is
    /// `baseline`? This is the definition of the level; everything else follows from it.
    pub fn meets(&self, value: f64, baseline: f64) -> bool {
        let higher = self.direction == Direction::Higher;
        let thr = self.threshold.map(|t| match (higher, t.strict) {
            (true, true) => value > t.value,
            (true, false) => value >= t.value,
            (false, true) => value < t.value,
            (false, false) => value <= t.value,
        });
        let rel = self.relative.map(|r| match (r, higher) {
            (Relative::Fold(f), true) => value >= f * baseline,
            (Relative::Fold(f), false) => value <= baseline / f,
            (Relative::Change(c), true) => value >= baseline + c,
            (Relative::Change(c), false) => value <= baseline - c,
        });
        match (thr, rel) {
            (Some(a), Some(b)) => match self.combine {
                Combine::And => a && b,
                Combine::Or => a || b,
            },
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => false,
        }
    }

    /// The smallest goodness index `s` whose value meets the rule (every larger `s` does
    /// too, as each rule is a ray in the better direction).
    pub fn lower_bound(&self, baseline: f64, grid: &Resolution) -> i64 {
        let sign = self.direction.sign();
        let higher = self.direction == Direction::Higher;
        let step = grid.step();
        let thr = self.threshold.map(|t| sign as f64 * t.value / step);
        let rel = self.relative.map(|r| match (r, higher) {
            (Relative::Fold(f), true) => f * baseline / step,
            (Relative::Fold(f), false) => -baseline / (f * step),
            (Relative::Change(c), true) => (baseline + c) / step,
            (Relative::Change(c), false) => -(baseline - c) / step,
        });
        let estimate = match (thr, rel) {
            (Some(a), Some(b)) => match self.combine {
                Combine::And => a.max(b),
                Combine::Or => a.min(b),
            },
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => return NO_UPPER,
        };
        let meets = |s: i64| self.meets(grid.value(sign * s), baseline);
        let mut s = estimate.ceil().clamp(NO_LOWER as f64, NO_UPPER as f64) as i64;
        while meets(s - 1) {
            s -= 1;
        }
        while !meets(s) {
            s += 1;
        }
        s
    }
}

/// The goodness interval `[lo, hi]` of each level (best first) and, last, of NR, for a
/// patient with the given reported baseline. Values are never negative. An interval with
/// `lo > hi` is empty: that level cannot be reached by this patient.
pub fn regions(levels: &[Level], direction: Direction, grid: &Resolution, baseline: f64, out: &mut Vec<(i64, i64)>) {
    out.clear();
    // Values are >= 0: s >= 0 when higher is better, s <= 0 otherwise.
    let (floor, ceiling) = match direction {
        Direction::Higher => (0, NO_UPPER),
        Direction::Lower => (NO_LOWER, 0),
    };
    let mut below_better = ceiling;
    for level in levels {
        let bound = level.rule.lower_bound(baseline, grid);
        out.push((bound.max(floor), below_better));
        below_better = below_better.min(bound - 1);
    }
    out.push((floor, below_better));
}

/// The level index (levels.len() for NR) that a reported value falls in.
pub fn classify(levels: &[Level], value: f64, baseline: f64) -> usize {
    levels.iter().position(|l| l.rule.meets(value, baseline)).unwrap_or(levels.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn higher(threshold: Option<(f64, bool)>, relative: Option<Relative>, combine: Combine) -> LevelRule {
        LevelRule {
            direction: Direction::Higher,
            threshold: threshold.map(|(value, strict)| Threshold { value, strict }),
            relative,
            combine,
        }
    }

    #[test]
    fn strict_and_inclusive_thresholds() {
        let grid = Resolution::new(1.0);
        let above = higher(Some((100.0, true)), None, Combine::And);
        assert_eq!(above.lower_bound(13.0, &grid), 101);
        let at_least = higher(Some((100.0, false)), None, Combine::And);
        assert_eq!(at_least.lower_bound(13.0, &grid), 100);
        let grid = Resolution::new(0.1);
        assert_eq!(above.lower_bound(13.0, &grid), 1001);
    }

    #[test]
    fn baseline_relative_rules() {
        let grid = Resolution::new(1.0);
        // ITP response: >= 30 or doubling.
        let pr = higher(Some((30.0, false)), Some(Relative::Fold(2.0)), Combine::Or);
        assert_eq!(pr.lower_bound(10.0, &grid), 20);
        assert_eq!(pr.lower_bound(20.0, &grid), 30);
        let and = higher(Some((30.0, false)), Some(Relative::Fold(2.0)), Combine::And);
        assert_eq!(and.lower_bound(20.0, &grid), 40);
        let lower = LevelRule {
            direction: Direction::Lower,
            threshold: Some(Threshold { value: 3.2, strict: false }),
            relative: Some(Relative::Change(1.2)),
            combine: Combine::And,
        };
        let grid = Resolution::new(0.1);
        // value <= 3.2 and value <= 5.0 - 1.2 = 3.8  ->  value <= 3.2  ->  s >= -32
        assert_eq!(lower.lower_bound(5.0, &grid), -32);
        assert!(lower.meets(3.2, 5.0));
        assert!(!lower.meets(3.3, 5.0));
    }

    #[test]
    fn regions_split_the_grid() {
        let grid = Resolution::new(1.0);
        let levels = vec![
            Level { name: "CR".into(), rule: higher(Some((100.0, true)), None, Combine::And) },
            Level { name: "PR".into(), rule: higher(Some((50.0, false)), None, Combine::And) },
        ];
        let mut out = Vec::new();
        regions(&levels, Direction::Higher, &grid, 13.0, &mut out);
        assert_eq!(out, vec![(101, NO_UPPER), (50, 100), (0, 49)]);
        assert_eq!(classify(&levels, 100.0, 13.0), 1);
        assert_eq!(classify(&levels, 101.0, 13.0), 0);
        assert_eq!(classify(&levels, 49.0, 13.0), 2);
    }
}
