//! The statistical tests an endpoint can name.

use serde::{Deserialize, Serialize};

/// The tests of binary endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
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
    /// The Cochran-Armitage test of a linear trend in the response rates over the arms'
    /// doses (binary endpoints, every arm at once), as R's `prop.trend.test`.
    CochranArmitage,
    /// Welch's t test of the mean change (continuous endpoints).
    WelchT,
    /// Student's t test of the mean change with the variance pooled over every arm (a
    /// one-way analysis of variance): the statistics of Dunnett's t (continuous endpoints).
    PooledT,
    /// The linear-trend contrast of the arms' mean changes over their doses, on the pooled
    /// variance (continuous endpoints, every arm at once).
    LinearTrend,
    /// Analysis of covariance of the value with baseline as covariate (continuous endpoints).
    Ancova,
    /// A mixed model for repeated measures of the change at every visit up to the
    /// endpoint's, the arms' contrast at its week (continuous endpoints; see [`crate::mmrm`]).
    Mmrm,
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
            Test::CochranArmitage => "cochran-armitage",
            Test::WelchT => "welch-t",
            Test::PooledT => "pooled-t",
            Test::LinearTrend => "linear-trend",
            Test::Ancova => "ancova",
            Test::Mmrm => "mmrm",
            Test::LogRank => "log-rank",
            Test::RateDifference => "rate-difference",
        }
    }

    /// Every test of one binary comparison (an arm against the control or a null rate), in
    /// the order of the scenario format.
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
        matches!(self, Test::WelchT | Test::Ancova | Test::Mmrm | Test::PooledT | Test::LinearTrend)
    }

    /// Is it a trend test over every arm's dose (one hypothesis per endpoint)?
    pub fn is_trend(self) -> bool {
        matches!(self, Test::CochranArmitage | Test::LinearTrend)
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
