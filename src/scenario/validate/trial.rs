//! `[trial]`: name, sample size, visits, design and control arm; `[simulation]`.

use super::checks::{R, Validator, root};
use crate::scenario::arm::Arm;
use crate::scenario::definition::Simulation;
use crate::scenario::design::Design;
use crate::scenario::locate::KeyPath;
use crate::scenario::raw::{RawScenario, RawTrial};

/// Most patients in a trial.
pub const MAX_SAMPLE_SIZE: u32 = 1_000_000;
/// Replicates when `[simulation]` does not say.
pub const DEFAULT_REPLICATES: u64 = 10_000;
/// The seed when `[simulation]` does not say.
pub const DEFAULT_SEED: u64 = 1;

impl Validator<'_> {
    /// The trial's name and sample size.
    pub fn trial(&self, t: &RawTrial) -> R<()> {
        let trial = root().key("trial");
        self.check(!t.name.trim().is_empty(), &trial.key("name"), || "expected a non-empty trial name".into())?;
        self.check((1..=MAX_SAMPLE_SIZE).contains(&t.sample_size), &trial.key("sample_size"), || {
            format!("expected between 1 and {MAX_SAMPLE_SIZE} patients, found {}", t.sample_size)
        })
    }

    /// Visit weeks: 0 first, then strictly increasing.
    pub fn visits(&self, visits: &[u32]) -> R<Vec<u32>> {
        let path = root().key("trial").key("visits");
        self.check(visits.len() >= 2, &path, || {
            "expected the baseline week 0 and at least one later visit, e.g. [0, 4, 8, 12]".into()
        })?;
        self.check(visits[0] == 0, &path.index(0), || {
            format!("visits must start at week 0 (baseline), found {}", visits[0])
        })?;
        for j in 1..visits.len() {
            self.check(visits[j] > visits[j - 1], &path.index(j), || {
                format!("visits must be strictly increasing: week {} follows week {}", visits[j], visits[j - 1])
            })?;
        }
        Ok(visits.to_vec())
    }

    /// The number of arms the design has, and the control arm of a parallel design.
    pub fn design(&self, raw: &RawScenario, arms: &[Arm]) -> R<Option<usize>> {
        let trial = root().key("trial");
        match raw.trial.design {
            Design::SingleArm | Design::SimonTwoStage => {
                self.check(arms.len() == 1, &root().key("arm").index(arms.len().min(2) - 1), || {
                    format!("a single-arm design has exactly one [[arm]], found {}", arms.len())
                })?;
                self.check(raw.trial.control.is_none(), &trial.key("control"), || {
                    "a single-arm design has no control arm".into()
                })?;
                Ok(None)
            }
            Design::Parallel => {
                self.check(arms.len() >= 2, &trial.key("design"), || {
                    format!(
                        "a parallel design needs at least two [[arm]]s, found {}; use design = \"single-arm\" for one",
                        arms.len()
                    )
                })?;
                let Some(control) = &raw.trial.control else {
                    return Err(self.err(
                        &trial,
                        "a parallel design needs `control`, the name of the arm the others are compared with",
                    ));
                };
                let names: Vec<&str> = arms.iter().map(|a| a.name.as_str()).collect();
                self.lookup(control, &names, &trial.key("control"), "control arm", "an [[arm]]").map(Some)
            }
        }
    }

    /// `[simulation]`: replicates and seed, with their defaults.
    pub fn simulation(&self, raw: &RawScenario) -> R<Simulation> {
        let s = raw.simulation.as_ref();
        let replicates = s.and_then(|s| s.replicates).unwrap_or(DEFAULT_REPLICATES);
        let path: KeyPath = root().key("simulation").key("replicates");
        self.check(replicates >= 1, &path, || "expected at least 1 replicate".into())?;
        Ok(Simulation { replicates, seed: s.and_then(|s| s.seed).unwrap_or(DEFAULT_SEED) })
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{VALID, assert_error, with};

    #[test]
    fn visits_start_at_zero_and_increase() {
        assert_error(&with("visits = [0, 4, 12]", "visits = [1, 4, 12]"), "trial.visits[0]", "start at week 0");
        assert_error(&with("visits = [0, 4, 12]", "visits = [0, 12, 4]"), "trial.visits[2]", "strictly increasing");
        assert_error(&with("visits = [0, 4, 12]", "visits = [0]"), "trial.visits", "at least one later visit");
    }

    #[test]
    fn sample_size_and_name() {
        assert_error(&with("sample_size = 100", "sample_size = 0"), "trial.sample_size", "between 1 and");
        assert_error(&with("name = \"t\"", "name = \" \""), "trial.name", "non-empty trial name");
    }

    #[test]
    fn the_control_arm_is_named_and_known() {
        assert_error(
            &with("control = \"B\"", "control = \"C\""),
            "trial.control",
            "unknown control arm `C`; expected one of A, B",
        );
        assert_error(&with("control = \"B\"\n", ""), "trial", "needs `control`");
        assert_error(&with("control = \"B\"", "design = \"single-arm\""), "arm[1]", "exactly one [[arm]]");
        assert!(VALID.contains("[[arm]]"));
    }

    #[test]
    fn replicates_are_at_least_one() {
        let text = format!("{VALID}\n[simulation]\nreplicates = 0\n");
        assert_error(&text, "simulation.replicates", "at least 1 replicate");
    }
}
