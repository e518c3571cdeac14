//! `[accrual]`: the planned accrual curve and the randomisation in order of entry.

use super::checks::{R, Validator, root};
use crate::scenario::accrual::{Accrual, Randomisation, Schedule};
use crate::scenario::arm::Arm;
use crate::scenario::raw::{RawAccrual, RawRandomisation};

/// The longest accrual, in weeks (a hundred years).
pub const MAX_ACCRUAL_WEEKS: f64 = 5218.0;

impl Validator<'_> {
    /// The accrual of `n` patients over `arms`, if the scenario has one.
    pub fn accrual(&self, raw: &Option<RawAccrual>, arms: &[Arm], n: u32) -> R<Option<Accrual>> {
        let Some(raw) = raw else { return Ok(None) };
        let path = root().key("accrual");
        let schedule = match (&raw.periods, &raw.intensity, raw.duration) {
            (None, None, Some(duration)) => {
                self.positive(duration, &path.key("duration"), "accrual duration in weeks")?;
                Schedule::Uniform { duration }
            }
            (Some(starts), Some(intensity), None) => {
                let p = path.key("periods");
                self.check(!starts.is_empty(), &p, || "expected the start week of each period, e.g. [0, 12]".into())?;
                self.check(starts[0] == 0.0, &p.index(0), || {
                    format!("the first period starts at week 0 (the first patient's entry), found {}", starts[0])
                })?;
                for j in 1..starts.len() {
                    self.check(starts[j].is_finite() && starts[j] > starts[j - 1], &p.index(j), || {
                        format!("periods must start in increasing weeks: {} follows {}", starts[j], starts[j - 1])
                    })?;
                }
                let ip = path.key("intensity");
                self.check(intensity.len() == starts.len(), &ip, || {
                    format!(
                        "expected one intensity (patients per week) per period: {} periods, {} intensities",
                        starts.len(),
                        intensity.len()
                    )
                })?;
                for (j, &x) in intensity.iter().enumerate() {
                    self.check(x.is_finite() && x >= 0.0, &ip.index(j), || {
                        format!("expected patients per week, 0 or more, found {x}")
                    })?;
                }
                let last = intensity.len() - 1;
                self.check(intensity[last] > 0.0, &ip.index(last), || {
                    "the last period lasts until every patient is in: its intensity must be positive".into()
                })?;
                Schedule::Periods { starts: starts.clone(), intensity: intensity.clone() }
            }
            _ => {
                return Err(self.err(
                    &path,
                    "expected either `periods` and `intensity` (patients per week from each start week) \
                     or `duration` (weeks of uniform entry), not both",
                ));
            }
        };
        let weeks = schedule.duration(n);
        self.check(weeks <= MAX_ACCRUAL_WEEKS, &path, || {
            format!("the planned accrual of {n} patients takes {weeks:.0} weeks, more than {MAX_ACCRUAL_WEEKS}; raise the intensity")
        })?;
        let randomisation = match raw.randomisation {
            None | Some(RawRandomisation::Complete) => Randomisation::Complete,
            Some(RawRandomisation::Blocks(size)) => {
                let bp = path.key("randomisation").key("blocks");
                let total: f64 = arms.iter().map(|a| a.allocation).sum();
                let whole = arms.iter().all(|a| a.allocation.fract() == 0.0);
                self.check(whole, &bp, || {
                    "permuted blocks need whole-number allocation weights in every [[arm]]".into()
                })?;
                self.check(size > 0 && size as f64 % total == 0.0 && size <= n as i64, &bp, || {
                    format!(
                        "expected a block size that is a multiple of the allocation weights' sum ({total}) and at \
                         most the sample size, found {size}"
                    )
                })?;
                Randomisation::Blocks(size as u32)
            }
        };
        Ok(Some(Accrual { schedule, randomisation }))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{VALID, assert_error, with};
    use crate::scenario::Scenario;
    use crate::scenario::accrual::{Randomisation, Schedule};
    use std::path::Path;

    fn with_accrual(section: &str) -> String {
        format!("{VALID}\n[accrual]\n{section}\n")
    }

    #[test]
    fn accrual_is_read() {
        let s = Scenario::parse(
            &with_accrual("periods = [0, 12]\nintensity = [5, 10]\nrandomisation = { blocks = 4 }"),
            Path::new("t.toml"),
        )
        .unwrap();
        let a = s.accrual.unwrap();
        assert_eq!(a.schedule, Schedule::Periods { starts: vec![0.0, 12.0], intensity: vec![5.0, 10.0] });
        assert_eq!(a.randomisation, Randomisation::Blocks(4));
        let s = Scenario::parse(&with_accrual("duration = 26"), Path::new("t.toml")).unwrap();
        assert_eq!(s.accrual.unwrap().randomisation, Randomisation::Complete);
        assert!(Scenario::parse(VALID, Path::new("t.toml")).unwrap().accrual.is_none());
    }

    #[test]
    fn bad_accrual_is_refused_with_the_fix() {
        assert_error(&with_accrual("duration = 26\nperiods = [0]\nintensity = [3]"), "accrual", "not both");
        assert_error(&with_accrual("randomisation = \"complete\""), "accrual", "either `periods`");
        assert_error(&with_accrual("duration = 0"), "accrual.duration", "positive accrual duration");
        assert_error(&with_accrual("periods = [4, 12]\nintensity = [1, 2]"), "accrual.periods[0]", "week 0");
        assert_error(&with_accrual("periods = [0, 12, 6]\nintensity = [1, 2, 3]"), "accrual.periods[2]", "increasing");
        assert_error(&with_accrual("periods = [0, 12]\nintensity = [1]"), "accrual.intensity", "one intensity");
        assert_error(&with_accrual("periods = [0, 12]\nintensity = [1, -2]"), "accrual.intensity[1]", "0 or more");
        assert_error(
            &with_accrual("periods = [0, 12]\nintensity = [1, 0]"),
            "accrual.intensity[1]",
            "must be positive",
        );
        assert_error(
            &with_accrual("duration = 26\nrandomisation = { blocks = 3 }"),
            "accrual.randomisation.blocks",
            "multiple",
        );
        assert_error(&with_accrual("periods = [0]\nintensity = [0.001]"), "accrual", "raise the intensity");
        let blocked = "duration = 26\nrandomisation = \"blocked\"";
        assert_error(
            &with_accrual(blocked),
            "accrual.randomisation",
            "unknown randomisation `blocked`; expected \"complete\"",
        );
        let size = "duration = 26\nrandomisation = { size = 4 }";
        assert_error(&with_accrual(size), "accrual.randomisation", "unknown key `size` in randomisation");
        let uneven = with("name = \"A\"", "name = \"A\"\nallocation = 1.5");
        assert_error(
            &format!("{uneven}\n[accrual]\nduration = 26\nrandomisation = {{ blocks = 5 }}\n"),
            "accrual.randomisation.blocks",
            "whole-number",
        );
    }
}
