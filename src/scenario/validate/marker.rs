//! `[marker]` and `[[level]]`: the simulated lab value, its response levels and their rules,
//! and whether every patient can reach every level.

use super::checks::{R, RATE_SUM_TOLERANCE, Validator, root};
use crate::scenario::arm::Arm;
use crate::scenario::level::{Level, LevelRule, Relative, Threshold, regions};
use crate::scenario::locate::KeyPath;
use crate::scenario::marker::{Baseline, Direction, Marker, Resolution};
use crate::scenario::raw::{RawLevel, RawMarker, RawRule};

/// The values a responder rule applies to: their reporting grid and the largest baseline.
pub(super) struct Range {
    pub grid: Resolution,
    pub max: f64,
}

/// Most reported baseline values a marker or score may have (its grid between min and max).
pub const MAX_BASELINE_GRID: i64 = 100_000;
/// Most levels (a level is stored in a byte).
pub const MAX_LEVELS: usize = 32;
/// When `baseline.max` is absent: median * exp(this * log_sd), a 1e-15 upper tail.
const DEFAULT_MAX_LOG_SDS: f64 = 8.0;

impl Validator<'_> {
    pub fn marker(&self, m: &RawMarker) -> R<Marker> {
        let path = root().key("marker");
        let b = path.key("baseline");
        let raw = &m.baseline;
        self.positive(raw.median, &b.key("median"), "median")?;
        self.positive(raw.log_sd, &b.key("log_sd"), "log-SD")?;
        let min = raw.min.unwrap_or(0.0);
        let max = raw.max.unwrap_or(raw.median * (DEFAULT_MAX_LOG_SDS * raw.log_sd).exp());
        self.check(min.is_finite() && min >= 0.0, &b.key("min"), || format!("expected a minimum >= 0, found {min}"))?;
        // Without `max` the range reaches median * exp(8 log_sd): blame the baseline.
        let max_key = if raw.max.is_some() { b.key("max") } else { b.clone() };
        self.check(max.is_finite() && max > min, &max_key, || {
            format!("expected a maximum above the minimum {min}, found {max}")
        })?;
        self.persistence(m.persistence, &path.key("persistence"))?;
        self.check((0.0..1.0).contains(&m.patient_share), &path.key("patient_share"), || {
            format!(
                "expected a share of the latent variance in [0, 1), found {}; 1 would make every visit the same",
                m.patient_share
            )
        })?;
        let resolution = self.resolution(m.resolution, &path.key("resolution"), Resolution::default_for(raw.median))?;
        // The step's key if the file has one, else the baseline's.
        let step_key = if m.resolution.is_some() { path.key("resolution") } else { b.clone() };
        self.on_grid(min, &resolution, &step_key, "the minimum")?;
        match raw.max {
            Some(_) => self.on_grid(max, &resolution, &max_key, "the maximum")?,
            None => self.check(resolution.holds(max), &max_key, || {
                format!(
                    "without `max` the baseline reaches median * exp(8 * log_sd) = {max}, beyond what a reporting step of {} can hold; give baseline.max",
                    resolution.step()
                )
            })?,
        }
        let baseline = Baseline { median: raw.median, log_sd: raw.log_sd, min, max };
        let (lo, hi) = baseline.grid(&resolution);
        self.check(hi >= lo, &b, || {
            format!("no value on the reporting grid (step {}) lies in [{min}, {max})", resolution.step())
        })?;
        self.check(hi - lo < MAX_BASELINE_GRID, &step_key, || {
            format!(
                "the baseline range [{min}, {max}) holds {} values at step {}; use a coarser resolution or give baseline.max (at most {MAX_BASELINE_GRID} values)",
                hi - lo + 1,
                resolution.step()
            )
        })?;
        Ok(Marker {
            name: m.name.clone(),
            unit: m.unit.clone(),
            direction: if m.higher_is_better { Direction::Higher } else { Direction::Lower },
            baseline,
            persistence: m.persistence,
            patient_share: m.patient_share,
            resolution,
        })
    }

    /// A correlation between consecutive visits, in [0, 1].
    pub fn persistence(&self, rho: f64, path: &KeyPath) -> R<()> {
        self.check((0.0..=1.0).contains(&rho), path, || format!("expected a correlation in [0, 1], found {rho}"))
    }

    /// A reporting step: the one given (positive) or `default`.
    pub fn resolution(&self, step: Option<f64>, path: &KeyPath, default: Resolution) -> R<Resolution> {
        match step {
            Some(step) => {
                self.positive(step, path, "reporting step")?;
                Ok(Resolution::new(step))
            }
            None => Ok(default),
        }
    }

    pub fn levels(&self, raw: &[RawLevel], marker: &Marker) -> R<Vec<Level>> {
        let range = Range { grid: marker.resolution, max: marker.baseline.max };
        self.check(!raw.is_empty(), &root(), || {
            "expected at least one [[level]] (e.g. name = \"CR\", above = 100.0)".into()
        })?;
        self.check(raw.len() <= MAX_LEVELS, &root().key("level").index(MAX_LEVELS), || {
            format!("expected at most {MAX_LEVELS} levels, found {}", raw.len())
        })?;
        let mut levels: Vec<Level> = Vec::new();
        for (i, l) in raw.iter().enumerate() {
            let path = root().key("level").index(i);
            self.check(l.name != "NR", &path.key("name"), || {
                "expected a level name other than \"NR\" (NR is every value in no level)".into()
            })?;
            self.new_name(&l.name, &path.key("name"), "level", levels.iter().map(|o| o.name.as_str()))?;
            let rule = self.rule(&l.rule(), &path, marker.direction, &range, &format!("level `{}`", l.name))?;
            levels.push(Level { name: l.name.clone(), rule });
        }
        Ok(levels)
    }

    /// A responder rule (of a level, or of a score-response endpoint) at `path`, on values
    /// in `range`.
    pub(super) fn rule(
        &self,
        l: &RawRule,
        path: &KeyPath,
        direction: Direction,
        range: &Range,
        what: &str,
    ) -> R<LevelRule> {
        let (good, bad) = match direction {
            Direction::Higher => (
                [("above", l.above, true), ("at_least", l.at_least, false)],
                [("below", l.below), ("at_most", l.at_most)],
            ),
            Direction::Lower => (
                [("below", l.below, true), ("at_most", l.at_most, false)],
                [("above", l.above), ("at_least", l.at_least)],
            ),
        };
        for (key, value) in bad {
            let wrong = if direction == Direction::Higher { "higher" } else { "lower" };
            self.check(value.is_none(), &path.key(key), || {
                format!("`{key}` does not fit a value where {wrong} is better; use {} or {}", good[0].0, good[1].0)
            })?;
        }
        let given: Vec<_> = good.iter().filter(|(_, v, _)| v.is_some()).collect();
        self.check(given.len() <= 1, &path.key(given.last().map_or("above", |g| g.0)), || {
            format!("a rule takes one threshold, `{}` or `{}`, not both", good[0].0, good[1].0)
        })?;
        let threshold = given.first().and_then(|(_, v, strict)| v.map(|value| Threshold { value, strict: *strict }));
        if let (Some(t), Some((key, _, _))) = (threshold, given.first()) {
            self.check(t.value.is_finite(), &path.key(key), || {
                format!("expected a finite threshold, found {}", t.value)
            })?;
            self.on_grid(t.value, &range.grid, &path.key(key), "the threshold")?;
        }
        let relative = match (l.fold_of_baseline, l.change_from_baseline) {
            (Some(_), Some(_)) => {
                return Err(self.err(
                    &path.key("change_from_baseline"),
                    "a rule takes one baseline-relative part, `fold_of_baseline` or `change_from_baseline`, not both",
                ));
            }
            (Some(f), None) => {
                let at = path.key("fold_of_baseline");
                self.positive(f, &at, "fold")?;
                self.on_grid(f * range.max.abs(), &range.grid, &at, "the fold times the largest baseline")?;
                self.on_grid(range.max.abs() / f, &range.grid, &at, "the largest baseline divided by the fold")?;
                Some(Relative::Fold(f))
            }
            (None, Some(c)) => {
                let at = path.key("change_from_baseline");
                self.positive(c, &at, "change")?;
                self.on_grid(range.max.abs() + c, &range.grid, &at, "the largest baseline plus the change")?;
                Some(Relative::Change(c))
            }
            (None, None) => None,
        };
        self.check(threshold.is_some() || relative.is_some(), path, || {
            format!(
                "{what} has no rule: give `{}`, `{}`, `fold_of_baseline` or `change_from_baseline`",
                good[0].0, good[1].0
            )
        })?;
        self.check(l.combine.is_none() || (threshold.is_some() && relative.is_some()), &path.key("combine"), || {
            "`combine` joins a threshold and a baseline-relative rule; this rule does not have both".into()
        })?;
        Ok(LevelRule { direction, threshold, relative, combine: l.combine.unwrap_or_default() })
    }

    /// Every level must be reachable by every patient; NR too where some patients are NR.
    pub fn reachability(&self, marker: &Marker, levels: &[Level], arms: &[Arm], visits: &[u32]) -> R<()> {
        let (lo, hi) = marker.baseline.grid(&marker.resolution);
        let grid = &marker.resolution;
        let sign = marker.direction.sign();
        let nr_needed = arms.iter().enumerate().find_map(|(a, arm)| {
            (0..visits.len() - 1).find_map(|j| {
                let sum: f64 = arm.rates.iter().map(|r| r[j]).sum();
                (sum < 1.0 - RATE_SUM_TOLERANCE).then_some((a, j, 1.0 - sum))
            })
        });
        let mut out = Vec::new();
        for m in lo..=hi {
            let b = grid.value(m);
            regions(levels, marker.direction, grid, b, &mut out);
            for (k, &(l, h)) in out.iter().enumerate() {
                if l <= h {
                    continue;
                }
                let show = |s: i64| format!("{:.*}", grid.decimals(), grid.value(sign * s));
                if k < levels.len() {
                    return Err(self.err(
                        &root().key("level").index(k),
                        format!(
                            "level `{}` cannot be reached by a patient with baseline {}: its rule first holds at {} but a better level already holds there; reorder the levels, change the rule, or narrow marker.baseline",
                            levels[k].name,
                            show(sign * grid.index(b)),
                            show(l),
                        ),
                    ));
                }
                if let Some((a, j, p)) = nr_needed {
                    return Err(self.err(
                        &root().key("level").index(levels.len() - 1),
                        format!(
                            "no value is left for non-responders with baseline {}: every value meets some level, but arm `{}` has NR probability {p} at week {}",
                            show(sign * grid.index(b)),
                            arms[a].name,
                            visits[j + 1]
                        ),
                    ));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{assert_error, with};

    #[test]
    fn baseline_and_persistence_ranges() {
        assert_error(&with("median = 13.0", "median = -1.0"), "marker.baseline.median", "positive median");
        assert_error(
            &with("log_sd = 0.5, min = 1.0", "log_sd = 0.0, min = 1.0"),
            "marker.baseline.log_sd",
            "positive log-SD",
        );
        assert_error(
            &with("max = 30.0 }\npersistence", "max = 0.5 }\npersistence"),
            "marker.baseline.max",
            "above the minimum",
        );
        assert_error(
            &with("persistence = 0.5\nresolution", "persistence = 1.5\nresolution"),
            "marker.persistence",
            "[0, 1]",
        );
        assert_error(&with("resolution = 1.0", "resolution = 0.00001"), "marker.resolution", "coarser resolution");
    }

    #[test]
    fn level_rules_fit_the_direction() {
        assert_error(&with("above = 100.0", "below = 100.0"), "level[0].below", "higher is better");
        assert_error(&with("above = 100.0", "above = 100.0\nat_least = 90.0"), "level[0].at_least", "one threshold");
        assert_error(&with("name = \"PR\"\nat_least = 50.0", "name = \"PR\""), "level[1]", "has no rule");
        assert_error(&with("name = \"PR\"", "name = \"CR\""), "level[1].name", "defined twice");
        assert_error(&with("name = \"PR\"", "name = \"NR\""), "level[1].name", "other than \"NR\"");
        assert_error(
            &with("at_least = 50.0", "at_least = 50.0\ncombine = \"or\""),
            "level[1].combine",
            "does not have both",
        );
    }

    #[test]
    fn an_unreachable_level_is_an_error() {
        // PR (>= 20 and twice the baseline) lies above CR (> 100) for baselines above 50.
        let text = with("at_least = 50.0", "at_least = 20.0\nfold_of_baseline = 4.0");
        assert_error(&text.replace("max = 30.0", "max = 60.0"), "level[1]", "cannot be reached");
    }
}
