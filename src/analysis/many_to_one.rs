//! Dunnett's procedures in one trial: the levels a family's p-values must reach, from the
//! joint law of its many-to-one statistics at the sizes the trial analysed, each computed
//! once per sizes and set of remaining members (the cache gives the same level whichever
//! replicate asks first, so results do not depend on threads or shards).

use super::outcome::Sizes;
use std::collections::HashMap;
use trialsim_stats::dunnett::ManyToOne;

/// Levels kept before the cache starts again (each a few dozen bytes).
const MAX_CACHED: usize = 1 << 16;

/// The levels of Dunnett's procedures, cached by sizes, degrees of freedom and members.
#[derive(Debug, Clone, Default)]
pub struct JointLevels {
    cache: HashMap<Vec<u64>, f64>,
    key: Vec<u64>,
}

impl JointLevels {
    /// The level a member's p-value must reach at `alpha` when the members in the bit set
    /// `members` remain, for comparisons of the analysed `sizes` (one per member, sharing
    /// the control and the degrees of freedom), two-sided or one-sided.
    pub fn level(&mut self, alpha: f64, sizes: &[Sizes], two_sided: bool, members: u64) -> f64 {
        let Some(first) = sizes.first() else { return alpha };
        self.key.clear();
        self.key.extend([alpha.to_bits(), first.df.to_bits(), first.control as u64, two_sided as u64, members]);
        self.key.extend(sizes.iter().map(|s| s.arm as u64));
        if let Some(&level) = self.cache.get(&self.key) {
            return level;
        }
        let arms: Vec<u32> = sizes.iter().map(|s| s.arm).collect();
        let level = if first.control == 0 || first.df.is_nan() || first.df <= 0.0 {
            // No statistic is defined: nothing is rejected.
            0.0
        } else {
            ManyToOne::new(&arms, first.control, first.df, two_sided).nominal_level(alpha, members)
        };
        if self.cache.len() >= MAX_CACHED {
            self.cache.clear();
        }
        self.cache.insert(self.key.clone(), level);
        level
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_level_lies_between_bonferroni_and_alpha_and_is_cached() {
        let sizes = [Sizes { arm: 50, control: 50, df: f64::INFINITY }; 2];
        let mut levels = JointLevels::default();
        let both = levels.level(0.05, &sizes, true, 0b11);
        assert!(both > 0.025 && both < 0.05, "{both}");
        // One member left: the unadjusted level.
        assert!((levels.level(0.05, &sizes, true, 0b01) - 0.05).abs() < 1e-9);
        assert_eq!(levels.cache.len(), 2);
        assert_eq!(levels.level(0.05, &sizes, true, 0b11), both);
    }
}
