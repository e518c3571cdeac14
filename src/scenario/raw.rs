//! The scenario file as written: serde structures that mirror the TOML one to one.
//!
//! Everything here is unchecked; `validate` turns it into a scenario.

use super::design::Design;
use super::endpoint::Missing;
use super::level::Combine;
use super::rescue::Strategy;
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;
use trialsim_stats::mmrm::{Covariance, DegreesOfFreedom};
use trialsim_stats::{Alternative, MultiplicityMethod, Test};

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    pub trial: RawTrial,
    pub marker: RawMarker,
    #[serde(default)]
    pub level: Vec<RawLevel>,
    #[serde(default)]
    pub arm: Vec<RawArm>,
    #[serde(default)]
    pub endpoint: Vec<RawEndpoint>,
    #[serde(default)]
    pub score: Vec<RawScore>,
    pub multiplicity: Option<RawMultiplicity>,
    pub simon: Option<RawSimon>,
    #[serde(default)]
    pub event: Vec<RawEvent>,
    #[serde(default)]
    pub rerandomisation: Vec<RawRerandomisation>,
    #[serde(default)]
    pub rescue: Vec<RawRescue>,
    /// Axes for `trialsim sweep` (ignored by `run`).
    #[serde(default)]
    pub sweep: Vec<RawSweep>,
    pub simulation: Option<RawSimulation>,
    pub accrual: Option<RawAccrual>,
    #[serde(default)]
    pub analysis: Vec<RawAnalysis>,
    pub group_sequential: Option<RawGroupSequential>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAnalysis {
    pub week: Option<f64>,
    pub enrolled: Option<i64>,
    pub reached: Option<i64>,
    pub information: Option<f64>,
    pub events: Option<i64>,
    /// The `[[event]]` counted by `events` when the monitored endpoint is not its time.
    pub event: Option<String>,
    #[serde(default = "yes")]
    pub efficacy: bool,
    #[serde(default = "yes")]
    pub futility: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawGroupSequential {
    pub endpoint: String,
    /// An alpha-spending function, or ...
    pub spending: Option<String>,
    /// ... a classical design.
    pub design: Option<String>,
    pub rho: Option<f64>,
    pub gamma: Option<f64>,
    pub cumulative_alpha: Option<Vec<f64>>,
    /// `beta-spending`, `z`, `p` or `conditional-power`.
    pub futility: Option<String>,
    pub beta: Option<f64>,
    pub beta_spending: Option<String>,
    pub beta_rho: Option<f64>,
    pub beta_gamma: Option<f64>,
    pub futility_z: Option<Vec<f64>>,
    /// `futility = "p"`: one-sided p-values, one per look but the last.
    pub futility_p: Option<Vec<f64>>,
    /// `futility = "conditional-power"`: the threshold, and the effect assumed (`trend`
    /// or `design`, with `beta`).
    pub conditional_power: Option<f64>,
    pub assume: Option<String>,
    #[serde(default)]
    pub binding: bool,
    /// `planned` (default) or `observed`.
    pub information: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAccrual {
    /// Start weeks of the accrual periods (the first 0).
    pub periods: Option<Vec<f64>>,
    /// Patients per week in each period.
    pub intensity: Option<Vec<f64>>,
    /// Weeks of uniform entry (instead of periods).
    pub duration: Option<f64>,
    pub randomisation: Option<RawRandomisation>,
}

/// `randomisation = "complete"` or `randomisation = { blocks = 4 }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawRandomisation {
    Complete,
    Blocks(i64),
}

impl JsonSchema for RawRandomisation {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Randomisation".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "\"complete\", or permuted blocks of N patients as { blocks = N }",
            "oneOf": [
                { "const": "complete" },
                {
                    "type": "object",
                    "properties": { "blocks": { "type": "integer" } },
                    "required": ["blocks"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

impl<'de> Deserialize<'de> for RawRandomisation {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        const EXPECTED: &str = "\"complete\" or a table { blocks = N } (permuted blocks of N patients)";
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RawRandomisation;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(EXPECTED)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawRandomisation, E> {
                match v {
                    "complete" => Ok(RawRandomisation::Complete),
                    other => Err(E::custom(format!("unknown randomisation `{other}`; expected {EXPECTED}"))),
                }
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(self, mut map: M) -> Result<RawRandomisation, M::Error> {
                let mut blocks = None;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "blocks" => blocks = Some(map.next_value::<i64>()?),
                        other => {
                            return Err(serde::de::Error::custom(format!(
                                "unknown key `{other}` in randomisation; expected {EXPECTED}"
                            )));
                        }
                    }
                }
                blocks
                    .map(RawRandomisation::Blocks)
                    .ok_or_else(|| serde::de::Error::custom(format!("expected {EXPECTED}")))
            }
        }
        d.deserialize_any(Visitor)
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSweep {
    pub path: String,
    pub values: Option<Vec<f64>>,
    pub range: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRerandomisation {
    pub arm: String,
    pub week: u32,
    pub event: String,
    #[serde(default)]
    pub subarm: Vec<RawSubArm>,
}

/// A `[[rescue]]`: its trigger (levels, a value rule or an event), where it is given, and
/// its effect.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRescue {
    pub name: String,
    pub arms: Option<Vec<String>>,
    #[serde(default)]
    pub levels: Vec<String>,
    pub below: Option<f64>,
    pub above: Option<f64>,
    pub worse_than_baseline_by: Option<f64>,
    pub from_week: Option<u32>,
    pub event: Option<String>,
    #[serde(default)]
    pub rates: BTreeMap<String, Vec<f64>>,
    pub weeks: Option<Vec<u32>>,
    #[serde(default)]
    pub change: BTreeMap<String, Vec<f64>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSubArm {
    pub name: String,
    #[serde(default = "default_allocation")]
    pub allocation: f64,
    pub probability: f64,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    pub name: String,
    pub horizon: u32,
    #[serde(default = "default_shape")]
    pub shape: f64,
    #[serde(default)]
    pub dropout: super::event::EventDropout,
}

fn default_shape() -> f64 {
    1.0
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSimon {
    pub endpoint: String,
    pub n1: u32,
    pub r1: u32,
    pub r: u32,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawScore {
    pub name: String,
    #[serde(default = "default_true")]
    pub higher_is_better: bool,
    pub baseline: RawScoreBaseline,
    pub change_sd: f64,
    #[serde(default)]
    pub persistence: f64,
    pub resolution: Option<f64>,
    #[serde(default)]
    pub marker_correlation: f64,
    #[serde(default)]
    pub baseline_correlation: f64,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawScoreBaseline {
    pub mean: f64,
    pub sd: f64,
    pub min: f64,
    pub max: f64,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMultiplicity {
    pub method: MultiplicityMethod,
    pub endpoints: Vec<String>,
    #[serde(default)]
    pub partial_nulls: super::design::PartialNulls,
}

/// A responder rule on a score (`rule = { ... }` of a score-response endpoint).
#[derive(Debug, Deserialize, Default, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    pub above: Option<f64>,
    pub at_least: Option<f64>,
    pub below: Option<f64>,
    pub at_most: Option<f64>,
    pub fold_of_baseline: Option<f64>,
    pub change_from_baseline: Option<f64>,
    pub combine: Option<Combine>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTrial {
    pub name: String,
    pub title: Option<String>,
    #[serde(default)]
    pub design: Design,
    pub sample_size: u32,
    pub visits: Vec<u32>,
    pub control: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMarker {
    pub name: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default = "default_true")]
    pub higher_is_better: bool,
    pub baseline: RawBaseline,
    #[serde(default)]
    pub persistence: f64,
    /// The share of the latent score's variance that is the patient's own, the same at
    /// every visit (durable responders); 0 by default.
    #[serde(default)]
    pub patient_share: f64,
    pub resolution: Option<f64>,
}

fn default_true() -> bool {
    true
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawBaseline {
    pub median: f64,
    pub log_sd: f64,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawLevel {
    pub name: String,
    pub above: Option<f64>,
    pub at_least: Option<f64>,
    pub below: Option<f64>,
    pub at_most: Option<f64>,
    pub fold_of_baseline: Option<f64>,
    pub change_from_baseline: Option<f64>,
    pub combine: Option<Combine>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawArm {
    pub name: String,
    #[serde(default = "default_allocation")]
    pub allocation: f64,
    #[serde(default)]
    pub dropout: f64,
    /// Informative dropout: the log hazard ratio of leaving per SD of the latent score
    /// below its mean (missing not at random); 0 is completely at random.
    #[serde(default)]
    pub informative_dropout: f64,
    pub dose: Option<f64>,
    #[serde(default)]
    pub rates: BTreeMap<String, Vec<f64>>,
    pub weeks: Option<Vec<u32>>,
    #[serde(default)]
    pub change: BTreeMap<String, Vec<f64>>,
    #[serde(default)]
    pub change_sd: BTreeMap<String, f64>,
    #[serde(default)]
    pub events: BTreeMap<String, f64>,
    #[serde(default)]
    pub shapes: BTreeMap<String, f64>,
}

fn default_allocation() -> f64 {
    1.0
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawEndpoint {
    pub name: String,
    #[serde(default)]
    pub primary: bool,
    #[serde(default)]
    pub kind: RawEndpointKind,
    #[serde(default)]
    pub levels: Vec<String>,
    pub week: Option<u32>,
    /// A sustained response: the window's first week (to `week`), and how many of its
    /// visits (all by default).
    pub from_week: Option<u32>,
    pub at_least: Option<i64>,
    pub missing: Option<Missing>,
    pub test: Option<Test>,
    pub score: Option<String>,
    pub rule: Option<RawRule>,
    pub event: Option<String>,
    pub subarms: Option<Vec<String>>,
    #[serde(default)]
    pub alternative: Alternative,
    #[serde(default = "default_alpha")]
    pub alpha: f64,
    pub null_rate: Option<f64>,
    pub margin: Option<f64>,
    /// An MMRM's covariance structure and degrees of freedom (`test = "mmrm"`).
    pub covariance: Option<Covariance>,
    pub df: Option<DegreesOfFreedom>,
    /// How visits after rescue count.
    pub strategy: Option<Strategy>,
}

fn default_alpha() -> f64 {
    0.05
}

#[derive(Debug, Default, Deserialize, Clone, Copy, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RawEndpointKind {
    #[default]
    Response,
    Change,
    ScoreResponse,
    SustainedResponse,
    /// The area under the change curve per week (the time-averaged change).
    Auc,
    TimeToEvent,
    /// Times read off the levels on the visit grid.
    TimeToResponse,
    TimeToLoss,
    DurationOfResponse,
    TimeInResponse,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSimulation {
    pub replicates: Option<u64>,
    pub seed: Option<u64>,
}

impl RawLevel {
    /// The rule part of a level.
    pub fn rule(&self) -> RawRule {
        RawRule {
            above: self.above,
            at_least: self.at_least,
            below: self.below,
            at_most: self.at_most,
            fold_of_baseline: self.fold_of_baseline,
            change_from_baseline: self.change_from_baseline,
            combine: self.combine,
        }
    }
}
