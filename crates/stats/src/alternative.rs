//! The alternative hypothesis of a test.

use serde::{Deserialize, Serialize};

/// The alternative hypothesis: arm minus control (or rate minus null rate).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Alternative {
    #[default]
    TwoSided,
    Greater,
    Less,
}

impl Alternative {
    pub fn as_str(self) -> &'static str {
        match self {
            Alternative::TwoSided => "two-sided",
            Alternative::Greater => "greater",
            Alternative::Less => "less",
        }
    }

    pub const ALL: [Alternative; 3] = [Alternative::TwoSided, Alternative::Greater, Alternative::Less];

    /// The difference (arm minus control) on the null boundary for a `margin`: the arm may
    /// be worse by at most `margin` in the direction the alternative calls worse, so
    /// `greater` tests `p1 - p2 > -margin` and `less` tests `p1 - p2 < margin`. A positive
    /// margin is non-inferiority, a negative one superiority by that much; two-sided tests
    /// have none.
    pub fn null_difference(self, margin: f64) -> f64 {
        match self {
            Alternative::TwoSided => 0.0,
            Alternative::Greater => -margin,
            Alternative::Less => margin,
        }
    }
}
