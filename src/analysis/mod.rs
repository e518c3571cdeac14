//! The analysis layer: statistical tests of binary endpoints, one file per test.
//!
//! Two-sample tests compare the arm (group 1) with the control (group 2); the
//! alternative is about the arm's rate minus the control's. A test whose statistic is
//! undefined (for example no responders in any arm) returns `None` and does not reject.

pub mod ancova;
pub mod binomial;
pub mod chi_square;
pub mod clopper_pearson;
pub mod decision;
pub mod fisher;
pub mod kaplan_meier;
pub mod log_rank;
pub mod miettinen_nurminen;
pub mod multiplicity;
pub mod newcombe;
pub mod sample;
pub mod score;
pub mod simon;
pub mod special;
pub mod student_t;
pub mod welch;
pub mod wilson;
pub mod z_test;

use serde::{Deserialize, Serialize};

/// The tests of binary endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Test {
    /// Fisher's exact test, p-values as R's `fisher.test`.
    Fisher,
    /// Pearson's chi-square without continuity correction; one-sided: the signed z.
    ChiSquare,
    /// Pearson's chi-square with Yates' correction, as R's `chisq.test`/`prop.test`.
    ChiSquareYates,
    /// The z test of two proportions with the pooled variance.
    ZPooled,
    /// The z test of two proportions with the unpooled (Wald) variance.
    ZUnpooled,
    /// The exact binomial test of one proportion, as R's `binom.test`.
    ExactBinomial,
    /// The Farrington-Manning score test of the difference against a margin.
    FarringtonManning,
    /// The Miettinen-Nurminen score test (the decision of its interval) against a margin.
    MiettinenNurminen,
    /// Welch's t test of the mean change (continuous endpoints).
    WelchT,
    /// Analysis of covariance of the value with baseline as covariate (continuous endpoints).
    Ancova,
    /// The log-rank test of time to event.
    LogRank,
    /// Kaplan-Meier event probabilities at the horizon compared by their difference
    /// (Greenwood variance), optionally against a margin.
    RateDifference,
}

impl Test {
    pub fn as_str(self) -> &'static str {
        match self {
            Test::Fisher => "fisher",
            Test::ChiSquare => "chi-square",
            Test::ChiSquareYates => "chi-square-yates",
            Test::ZPooled => "z-pooled",
            Test::ZUnpooled => "z-unpooled",
            Test::ExactBinomial => "exact-binomial",
            Test::FarringtonManning => "farrington-manning",
            Test::MiettinenNurminen => "miettinen-nurminen",
            Test::WelchT => "welch-t",
            Test::Ancova => "ancova",
            Test::LogRank => "log-rank",
            Test::RateDifference => "rate-difference",
        }
    }

    /// Every test of a binary endpoint, in the order of the scenario format.
    pub const ALL: [Test; 8] = [
        Test::Fisher,
        Test::ChiSquare,
        Test::ChiSquareYates,
        Test::ZPooled,
        Test::ZUnpooled,
        Test::ExactBinomial,
        Test::FarringtonManning,
        Test::MiettinenNurminen,
    ];

    /// Is it a test of a continuous endpoint?
    pub fn is_continuous(self) -> bool {
        matches!(self, Test::WelchT | Test::Ancova)
    }

    /// Does the test take a non-inferiority or superiority `margin`?
    pub fn takes_margin(self) -> bool {
        matches!(self, Test::FarringtonManning | Test::MiettinenNurminen | Test::RateDifference)
    }

    /// Is it a test of time to event?
    pub fn is_time_to_event(self) -> bool {
        matches!(self, Test::LogRank | Test::RateDifference)
    }
}

/// The alternative hypothesis: arm minus control (or rate minus null rate).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
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

/// The p-value of a two-sample test of `x1` of `n1` (arm) against `x2` of `n2` (control).
/// `margin` is used by the tests that take one (see [`Alternative::null_difference`]).
///
/// # Examples
///
/// ```
/// use trialsim::analysis::{two_sample_p_value, Alternative, Test};
/// // R: chisq.test(matrix(c(30, 25, 16, 39), 2, byrow = TRUE), correct = FALSE)$p.value
/// let p = two_sample_p_value(Test::ChiSquare, Alternative::TwoSided, 0.0, 30, 55, 16, 55).unwrap();
/// assert!((p - 0.00680636816758801).abs() < 1e-12);
/// ```
pub fn two_sample_p_value(
    test: Test,
    alternative: Alternative,
    margin: f64,
    x1: u32,
    n1: u32,
    x2: u32,
    n2: u32,
) -> Option<f64> {
    if n1 == 0 || n2 == 0 {
        return None;
    }
    match test {
        Test::Fisher => Some(fisher::p_value(x1, n1, x2, n2, alternative)),
        Test::ChiSquare => chi_square::p_value(x1, n1, x2, n2, alternative, false),
        Test::ChiSquareYates => chi_square::p_value(x1, n1, x2, n2, alternative, true),
        Test::ZPooled => z_test::pooled(x1, n1, x2, n2, alternative),
        Test::ZUnpooled => z_test::unpooled(x1, n1, x2, n2, alternative),
        Test::ExactBinomial | Test::WelchT | Test::Ancova | Test::LogRank | Test::RateDifference => None,
        Test::FarringtonManning | Test::MiettinenNurminen => {
            let delta = alternative.null_difference(margin);
            score::p_value(x1, n1, x2, n2, delta, alternative, test == Test::MiettinenNurminen)
        }
    }
}

/// The p-value of the exact binomial test of `x` of `n` against `p0`.
pub fn one_sample_p_value(alternative: Alternative, x: u32, n: u32, p0: f64) -> Option<f64> {
    (n > 0).then(|| binomial::p_value(x, n, p0, alternative))
}

/// Does a p-value reject at `alpha`? An undefined test never rejects.
#[inline]
pub fn rejects(p: Option<f64>, alpha: f64) -> bool {
    p.is_some_and(|p| p <= alpha)
}
