//! The result of a run: every operating characteristic as an [`Estimate`], every
//! distribution over replicates as a [`Summary`], and what the charts draw. Outputs are pure
//! functions of it. The JSON it serialises to is documented in `docs/model.md`.

use crate::analysis::Method;
use crate::scenario::Missing;
use crate::scenario::provenance::Provenance;
use serde::Serialize;
use trialsim_stats::flat_estimate;
use trialsim_stats::mmrm::{Covariance, DegreesOfFreedom};
use trialsim_stats::{Alternative, Estimate, MultiplicityMethod, Summary, Test};

/// Everything a run found.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Evaluation {
    /// `schema_version`, `trialsim_version` and `scenario_sha256` (with `seed` below: what
    /// every output carries).
    #[serde(flatten)]
    pub provenance: Provenance,
    pub scenario: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub design: String,
    pub replicates: u64,
    pub seed: u64,
    pub skip_type1: bool,
    /// With a target precision: the target half-width and whether every endpoint met it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub precision: Option<Precision>,
    pub arms: Vec<ArmInfo>,
    pub endpoints: Vec<EndpointResult>,
    /// With `[multiplicity]`: the family's operating characteristics.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family: Option<FamilyResult>,
    /// Per endpoint with several compared arms: their comparisons taken together.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub arms_jointly: Vec<JointResult>,
    pub response_rates: Vec<LevelRate>,
    /// With `[accrual]`: the planned and the simulated duration of accrual.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accrual: Option<AccrualResult>,
    /// With `[[analysis]]` looks: the monitored endpoint's group-sequential operating
    /// characteristics.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sequential: Option<SequentialResult>,
    /// With `[[rescue]]` or informative dropout: per arm and post-baseline week, the share
    /// of patients rescued before that visit and the share dropped out by it (the
    /// scenario's world).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub intercurrent_events: Vec<IntercurrentRate>,
    /// What the charts draw beyond the numbers above (not part of the JSON).
    #[serde(skip)]
    pub distributions: Distributions,
}

/// A group-sequential design's operating characteristics.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct SequentialResult {
    pub endpoint: String,
    pub arm: String,
    /// The control arm (none: a single arm tested against `null_rate`).
    pub control: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub null_rate: Option<f64>,
    /// How the efficacy and futility bounds are made.
    pub efficacy: String,
    pub futility: String,
    pub binding: bool,
    /// Beta spending: the mean of the final z at which the design has power 1 - beta.
    pub drift: Option<f64>,
    pub looks: Vec<LookResult>,
    /// The share of replicates rejecting at some look.
    #[serde(flatten, serialize_with = "power::serialize")]
    #[schemars(schema_with = "power::schema")]
    pub power: Estimate,
    /// The same under the null twin: with binding futility bounds obeyed, with non-binding
    /// ones ignored (the definitions of the two; the null stops per look obey them).
    #[serde(flatten, serialize_with = "type1_error::serialize")]
    #[schemars(schema_with = "type1_error::schema")]
    pub type1_error: Option<Estimate>,
    /// By enumeration where every look falls at fixed numbers per arm (no dropout,
    /// permuted blocks, looks at whole blocks reached): else `null`.
    pub exact_power: Option<f64>,
    pub exact_type1_error: Option<f64>,
    /// At the stop: patients enrolled, patients analysed and the calendar week of the cut.
    pub enrolled: Summary,
    pub analysed: Summary,
    pub weeks: Summary,
    /// The same under the null twin (`null` with `--skip-type1`).
    pub null_enrolled: Option<Summary>,
    pub null_analysed: Option<Summary>,
    pub null_weeks: Option<Summary>,
    /// With several arms, each against the control on its own bounds: its stops. The
    /// fields above are then the trial's: `arm` lists the arms, a look's efficacy and
    /// futility stops are trials ending there with a rejection of any comparison or none,
    /// `power` is rejecting any and `type1_error` the family-wise error under the global
    /// null.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub comparisons: Vec<ComparisonResult>,
}

/// One comparison of a design with several arms.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ComparisonResult {
    pub arm: String,
    pub looks: Vec<ComparisonLook>,
    #[serde(flatten, serialize_with = "power::serialize")]
    #[schemars(schema_with = "power::schema")]
    pub power: Estimate,
    /// Its own rejection under the global null (non-binding futility ignored).
    #[serde(flatten, serialize_with = "type1_error::serialize")]
    #[schemars(schema_with = "type1_error::schema")]
    pub type1_error: Option<Estimate>,
    /// By enumeration of this comparison on its own where the looks fall at fixed numbers.
    pub exact_power: Option<f64>,
    pub exact_type1_error: Option<f64>,
}

/// One comparison's stops at one look, under the scenario and the null twin.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ComparisonLook {
    #[serde(flatten, serialize_with = "efficacy_stop::serialize")]
    #[schemars(schema_with = "efficacy_stop::schema")]
    pub efficacy_stop: Estimate,
    #[serde(flatten, serialize_with = "futility_stop::serialize")]
    #[schemars(schema_with = "futility_stop::schema")]
    pub futility_stop: Estimate,
    #[serde(flatten, serialize_with = "null_efficacy_stop::serialize")]
    #[schemars(schema_with = "null_efficacy_stop::schema")]
    pub null_efficacy_stop: Option<Estimate>,
    #[serde(flatten, serialize_with = "null_futility_stop::serialize")]
    #[schemars(schema_with = "null_futility_stop::schema")]
    pub null_futility_stop: Option<Estimate>,
    pub exact_efficacy_stop: Option<f64>,
    pub exact_futility_stop: Option<f64>,
    pub exact_null_efficacy_stop: Option<f64>,
    pub exact_null_futility_stop: Option<f64>,
}

/// One look of a group-sequential design.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct LookResult {
    /// What cuts the data, e.g. `reached = 55`.
    pub trigger: String,
    pub planned_information: f64,
    /// Bounds on the z scale (`null`: no stop of that kind here); two-sided designs reject
    /// at `|z| >=` the efficacy bound.
    pub efficacy_bound: Option<f64>,
    pub futility_bound: Option<f64>,
    /// The p-value the efficacy bound stands for (one-sided, or two-sided for a two-sided
    /// design), and the cumulative alpha spent by this look.
    pub nominal_alpha: Option<f64>,
    pub cumulative_alpha: f64,
    /// Shares of replicates stopping here for efficacy (the final look: rejecting) and for
    /// futility (the final look: not rejecting), under the scenario and under its null twin.
    #[serde(flatten, serialize_with = "efficacy_stop::serialize")]
    #[schemars(schema_with = "efficacy_stop::schema")]
    pub efficacy_stop: Estimate,
    #[serde(flatten, serialize_with = "futility_stop::serialize")]
    #[schemars(schema_with = "futility_stop::schema")]
    pub futility_stop: Estimate,
    #[serde(flatten, serialize_with = "null_efficacy_stop::serialize")]
    #[schemars(schema_with = "null_efficacy_stop::schema")]
    pub null_efficacy_stop: Option<Estimate>,
    #[serde(flatten, serialize_with = "null_futility_stop::serialize")]
    #[schemars(schema_with = "null_futility_stop::schema")]
    pub null_futility_stop: Option<Estimate>,
    /// The same by enumeration where the design allows (see `exact_power`), else `null`.
    pub exact_efficacy_stop: Option<f64>,
    pub exact_futility_stop: Option<f64>,
    pub exact_null_efficacy_stop: Option<f64>,
    pub exact_null_futility_stop: Option<f64>,
}

/// How long accrual takes.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct AccrualResult {
    /// Weeks from the first patient's entry to the last's on the planned accrual curve.
    pub planned_weeks: f64,
    /// `complete` or `blocks of N`.
    pub randomisation: String,
    /// The simulated week of the last patient's entry.
    pub last_entry_week: Summary,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Precision {
    /// The requested largest 95 % half-width of every endpoint's power.
    pub target: f64,
    /// The largest half-width reached.
    pub half_width: f64,
    pub met: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ArmInfo {
    pub name: String,
    pub n: u32,
    pub dropout: f64,
}

/// One endpoint and compared arm.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct EndpointResult {
    pub name: String,
    pub primary: bool,
    /// `response`, `score-response`, `change` or `time-to-event`.
    pub kind: String,
    /// The score (or marker) a change or score-response endpoint reads.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<String>,
    /// The event of a time-to-event endpoint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// The arm compared with the control (single-arm: the arm; a second randomisation:
    /// the sub-arm).
    pub arm: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub control: Option<String>,
    pub test: Test,
    pub alternative: Alternative,
    pub alpha: f64,
    /// Response endpoints: the success levels (absent for other kinds).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<String>,
    /// The endpoint's visit; the horizon of a time-to-event endpoint.
    pub week: u32,
    /// The missing-data rule (absent for time-to-event endpoints, whose dropout censors).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing: Option<Missing>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub null_rate: Option<f64>,
    /// Non-inferiority (positive) or superiority (negative) margin, for tests with one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub margin: Option<f64>,
    /// Replicates whose test rejected.
    pub rejections: u64,
    /// Written `power`, `power_mcse`, `power_ci95`.
    #[serde(flatten, serialize_with = "power::serialize")]
    #[schemars(schema_with = "power::schema")]
    pub power: Estimate,
    /// `null` when the run skipped the null twin.
    #[serde(flatten, serialize_with = "type1_error::serialize")]
    #[schemars(schema_with = "type1_error::schema")]
    pub type1_error: Option<Estimate>,
    /// Power by enumeration of the arms' binomial counts; `null` where not computable.
    pub exact_power: Option<f64>,
    /// Type-I error by enumeration; `null` where not computable or skipped.
    pub exact_type1_error: Option<f64>,
    /// Whether the type-I error is above alpha: the simulated 95 % interval lies wholly
    /// above it, or the exact value exceeds it ([`above_alpha`](super::above_alpha)).
    pub type1_error_above_alpha: bool,
    /// Response endpoints: the type-I error when the arms' true response rates (rather
    /// than the proportions the test analyses) sit on the null boundary; written
    /// `type1_error_true_rate`, `_mcse`, `_ci95`; `null` for other endpoints or when skipped.
    #[serde(flatten, serialize_with = "type1_error_true_rate::serialize")]
    #[schemars(schema_with = "type1_error_true_rate::schema")]
    pub type1_error_true_rate: Option<Estimate>,
    /// The same by enumeration.
    pub exact_type1_error_true_rate: Option<f64>,
    /// Whether the true-rate type-I error is above alpha.
    pub type1_error_true_rate_above_alpha: bool,
    /// With a multiplicity family: power after adjustment.
    #[serde(flatten, serialize_with = "adjusted_power::serialize")]
    #[schemars(schema_with = "adjusted_power::schema")]
    pub adjusted_power: Option<Estimate>,
    /// Power after adjustment by enumeration, where the family is one response endpoint's
    /// comparisons and the enumeration stays within its limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exact_adjusted_power: Option<f64>,
    /// Change endpoints: the estimated difference of mean changes (arm minus control);
    /// time-to-event endpoints: of Kaplan-Meier event probabilities by the horizon.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean_difference: Option<Summary>,
    /// A simon-two-stage design's endpoint: early termination and expected size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub simon: Option<SimonResult>,
    /// The observed rate (or mean change, or event probability) of the compared arm and
    /// of the control.
    pub arms: Vec<ArmRate>,
    /// Coverage and width of 95 % intervals for the rates and their difference (or the
    /// test's interval for a difference of mean changes or event probabilities).
    pub intervals: Vec<IntervalResult>,
    /// Time-to-event endpoints: the events in both groups together.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<Summary>,
    /// Time-to-event endpoints: the Cox estimate of the hazard ratio.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hazard_ratio: Option<HazardRatioResult>,
    /// MMRM endpoints: the covariance structure and how the fits went.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mmrm: Option<MmrmResult>,
}

/// Rescue and dropout of one arm by one visit, over the replicates.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct IntercurrentRate {
    pub arm: String,
    pub week: u32,
    /// Share of the arm's patients whose visit at `week` comes after rescue.
    pub rescued: f64,
    /// Share without a value at `week` (dropped out before it).
    pub dropped_out: f64,
}

/// How an MMRM comparison's fits went over the replicates.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct MmrmResult {
    /// The structure the scenario asks for, and how the degrees of freedom are found.
    pub covariance: Covariance,
    pub df: DegreesOfFreedom,
    /// In the scenario's world, then in its null world (absent with `--skip-type1`).
    pub fits: MmrmFits,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub null_fits: Option<MmrmFits>,
}

/// Trials fitted with each structure (the requested one, or one a failed fit fell back
/// on), and trials whose model could not be fitted at all (their test does not reject).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct MmrmFits {
    pub unstructured: u64,
    pub ar1: u64,
    pub compound_symmetry: u64,
    pub failed: u64,
}

impl MmrmFits {
    pub fn from_counts(c: [u64; 4]) -> MmrmFits {
        MmrmFits { unstructured: c[0], ar1: c[1], compound_symmetry: c[2], failed: c[3] }
    }

    /// Trials fitted with another structure than `requested`, or not at all.
    pub fn fallbacks(&self, requested: Covariance) -> u64 {
        let used = match requested {
            Covariance::Unstructured => self.unstructured,
            Covariance::Ar1 => self.ar1,
            Covariance::CompoundSymmetry => self.compound_symmetry,
        };
        self.unstructured + self.ar1 + self.compound_symmetry + self.failed - used
    }
}

/// The hazard ratio of a time-to-event comparison over the replicates: Cox's
/// partial-likelihood estimate and its Wald interval on the log scale.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct HazardRatioResult {
    /// The true hazard ratio, `ln(1 - p_arm) / ln(1 - p_control)`; `None` when the groups'
    /// Weibull shapes differ (the ratio then changes with time).
    pub true_value: Option<f64>,
    /// The estimated log hazard ratios (replicates without an estimate count as undefined).
    pub log_hazard_ratio: Summary,
    /// Written `coverage`, `coverage_mcse`, `coverage_ci95`: of the true log hazard ratio by
    /// the 95 % Wald interval, among the replicates with an estimate; `null` without a
    /// true ratio.
    #[serde(flatten, serialize_with = "coverage_of::serialize")]
    #[schemars(schema_with = "coverage_of::schema")]
    pub coverage: Option<Estimate>,
    /// Written `mean_width`, `mean_width_mcse`: of the interval on the log scale.
    #[serde(flatten, serialize_with = "mean_width::serialize")]
    #[schemars(schema_with = "mean_width::schema")]
    pub mean_width: Estimate,
}

impl EndpointResult {
    /// Whether the true-rate null gives another type-I error than the analysed-proportion
    /// null (they share their world, and so their values, where the two nulls coincide).
    pub fn true_rate_null_differs(&self) -> bool {
        self.type1_error_true_rate.is_some()
            && (self.type1_error_true_rate != self.type1_error
                || self.exact_type1_error_true_rate != self.exact_type1_error)
    }
}

/// The multiplicity family over all replicates.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct FamilyResult {
    pub method: MultiplicityMethod,
    pub alpha: f64,
    /// The family's hypotheses: endpoint and compared arm, in order.
    pub hypotheses: Vec<String>,
    /// Probability of rejecting at least one hypothesis.
    #[serde(flatten, serialize_with = "reject_any::serialize")]
    #[schemars(schema_with = "reject_any::schema")]
    pub reject_any: Estimate,
    /// Probability of rejecting them all.
    #[serde(flatten, serialize_with = "reject_all::serialize")]
    #[schemars(schema_with = "reject_all::schema")]
    pub reject_all: Estimate,
    /// By enumeration (a family of one response endpoint's comparisons, within the limit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exact_reject_any: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exact_reject_all: Option<f64>,
    /// Family-wise error rate under the global null (same seeds); `null` when skipped.
    #[serde(flatten, serialize_with = "fwer::serialize")]
    #[schemars(schema_with = "fwer::schema")]
    pub fwer: Option<Estimate>,
    /// The FWER under the global null by enumeration.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exact_fwer: Option<f64>,
    /// Whether the FWER's 95 % interval lies wholly above alpha.
    pub fwer_above_alpha: bool,
    /// The FWER (the probability of rejecting a true hypothesis) under each partial null
    /// configuration, on the same seeds; empty when skipped.
    pub partial_nulls: Vec<PartialNullResult>,
    /// The index in `partial_nulls` of the largest FWER.
    pub worst_partial_null: Option<usize>,
    /// Per pair of hypotheses: the correlation of their p-values under the global null.
    pub p_value_correlations: Vec<PValueCorrelation>,
    /// Hochberg's procedure with a pair of p-values negatively correlated: its FWER
    /// control rests on positive dependence, which the simulation does not show.
    pub hochberg_at_risk: bool,
}

/// An endpoint's comparisons of several arms taken together: rejecting at least one and
/// every one, after the family's adjustment when they are its members.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct JointResult {
    pub endpoint: String,
    /// The family's method when the comparisons are adjusted, else `none`.
    pub adjustment: MultiplicityMethod,
    #[serde(flatten, serialize_with = "reject_any::serialize")]
    #[schemars(schema_with = "reject_any::schema")]
    pub reject_any: Estimate,
    #[serde(flatten, serialize_with = "reject_all::serialize")]
    #[schemars(schema_with = "reject_all::schema")]
    pub reject_all: Estimate,
    /// By enumeration (response endpoints adjusted on their own, within the limit).
    pub exact_reject_any: Option<f64>,
    pub exact_reject_all: Option<f64>,
}

/// The family-wise error under one partial null configuration.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct PartialNullResult {
    /// The hypotheses that are true; the others keep the scenario's assumptions.
    pub true_hypotheses: Vec<String>,
    /// Written `fwer`, `fwer_mcse`, `fwer_ci95`: replicates rejecting a true hypothesis.
    #[serde(flatten, serialize_with = "fwer_of::serialize")]
    #[schemars(schema_with = "fwer_of::schema")]
    pub fwer: Estimate,
    /// By enumeration, where the family's is computed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exact_fwer: Option<f64>,
    pub fwer_above_alpha: bool,
}

/// The dependence of two members' p-values under the global null.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct PValueCorrelation {
    pub hypotheses: [String; 2],
    /// Written `correlation`, `correlation_mcse`, `correlation_ci95`: the quadrant
    /// correlation ([`quadrant_correlation`](super::family::quadrant_correlation)).
    #[serde(flatten, serialize_with = "correlation::serialize")]
    #[schemars(schema_with = "correlation::schema")]
    pub correlation: Estimate,
    /// Whether its 95 % interval lies wholly below 0.
    pub negative: bool,
}

/// How one interval method performed over the replicates.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct IntervalResult {
    pub method: Method,
    /// `rate` of `arm`, or `difference` of `arm` minus `control`.
    pub estimand: String,
    pub arm: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub control: Option<String>,
    /// The value the interval should cover.
    pub true_value: f64,
    /// The confidence of an interval at its test's level rather than at 95 %
    /// (`kaplan-meier-score`: `1 - alpha` for a two-sided test, `1 - 2 alpha` for a
    /// one-sided one); not written for the others.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    #[serde(flatten, serialize_with = "coverage::serialize")]
    #[schemars(schema_with = "coverage::schema")]
    pub coverage: Estimate,
    /// Written `mean_width` and `mean_width_mcse`.
    #[serde(flatten, serialize_with = "mean_width::serialize")]
    #[schemars(schema_with = "mean_width::schema")]
    pub mean_width: Estimate,
}

/// Operating characteristics of a two-stage rule.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct SimonResult {
    pub r1: u32,
    pub n1: u32,
    pub r: u32,
    pub n: u32,
    /// Probability of stopping after the first stage, simulated and exact.
    #[serde(flatten, serialize_with = "early_termination::serialize")]
    #[schemars(schema_with = "early_termination::schema")]
    pub early_termination: Estimate,
    pub exact_early_termination: f64,
    /// Expected number of patients treated, simulated and exact.
    pub expected_sample_size: f64,
    pub exact_expected_sample_size: f64,
    /// The same under the null rate; `null` when the null twin was skipped.
    #[serde(flatten, serialize_with = "early_termination_null::serialize")]
    #[schemars(schema_with = "early_termination_null::schema")]
    pub early_termination_null: Option<Estimate>,
    pub exact_early_termination_null: Option<f64>,
    pub expected_sample_size_null: Option<f64>,
    pub exact_expected_sample_size_null: Option<f64>,
}

/// How an arm's endpoint came out over the replicates.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ArmRate {
    pub name: String,
    /// Binary endpoints: the observed rate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate: Option<Summary>,
    /// Time-to-event endpoints: the events observed (by the horizon, before dropout).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<Summary>,
    /// Change endpoints: the observed mean change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean_change: Option<Summary>,
    /// Time-to-event endpoints: the Kaplan-Meier probability of the event by the horizon.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_probability: Option<Summary>,
}

/// The share of patients still in the trial who are in a level at a visit.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct LevelRate {
    pub arm: String,
    pub level: String,
    pub week: u32,
    /// The rate the scenario specifies.
    pub specified: f64,
    #[serde(flatten)]
    pub observed: Summary,
}

/// A distribution over replicates: each value (or bin centre) and how many replicates had
/// it, in increasing order of value.
pub type Counts = Vec<(f64, u64)>;

/// The distributions the charts draw.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Distributions {
    /// Per endpoint of the scenario: for a binary one, per arm (in the scenario's order),
    /// its observed rates.
    pub rates: Vec<Option<Vec<Counts>>>,
    /// Per endpoint entry (as `Evaluation::endpoints`): for a change or time-to-event
    /// comparison, its estimated differences by bin.
    pub differences: Vec<Option<Counts>>,
    /// Per arm: the first patients of replicate 0, each as (week, value) from the baseline
    /// (week 0) to the last visit before dropout.
    pub trajectories: Vec<Vec<Vec<(f64, f64)>>>,
    /// With looks: the first replicates' statistic at each look up to its stop, as
    /// (planned information, z), from (0, 0).
    pub z_paths: Vec<Vec<(f64, f64)>>,
}

flat_estimate!(power, "power", All, false);
flat_estimate!(type1_error, "type1_error", All, false, optional);
flat_estimate!(type1_error_true_rate, "type1_error_true_rate", All, false, optional);
flat_estimate!(adjusted_power, "adjusted_power", All, true, optional);
flat_estimate!(reject_any, "reject_any", All, false);
flat_estimate!(reject_all, "reject_all", All, false);
flat_estimate!(fwer, "fwer", All, false, optional);
flat_estimate!(fwer_of, "fwer", All, false);
flat_estimate!(correlation, "correlation", All, false);
flat_estimate!(coverage, "coverage", All, false);
flat_estimate!(coverage_of, "coverage", All, false, optional);
flat_estimate!(mean_width, "mean_width", NoInterval, false);
flat_estimate!(early_termination, "early_termination", All, false);
flat_estimate!(efficacy_stop, "efficacy_stop", All, false);
flat_estimate!(futility_stop, "futility_stop", All, false);
flat_estimate!(null_efficacy_stop, "null_efficacy_stop", All, false, optional);
flat_estimate!(null_futility_stop, "null_futility_stop", All, false, optional);
flat_estimate!(early_termination_null, "early_termination_null", Point, false, optional);
