//! The result vocabulary of a simulation: every operating characteristic (power, type-I
//! error, coverage, early termination, ...) is an [`Estimate`]: a point estimate, its Monte
//! Carlo standard error, and an [`Interval`] at the one confidence level, [`CONFIDENCE`].

use crate::clopper_pearson;
use serde::ser::{SerializeMap, SerializeTuple};
use serde::{Serialize, Serializer};

/// The coverage of every interval trialsim reports: for shares of replicates, for means
/// over replicates, and for the intervals judged by simulation (all but the inversion of
/// the rate-difference test, which is at that test's level).
pub const CONFIDENCE: f64 = 0.95;

/// The standard normal quantile of `0.5 + CONFIDENCE / 2`, the half-width of a normal
/// interval in standard errors: [`crate::special::normal_quantile`]`(0.975)`, within 1e-15
/// of R's `qnorm(0.975)` = 1.959963984540054.
pub const Z_CONFIDENCE: f64 = 1.9599639845400534;

/// A closed interval `[lo, hi]`, written `[lo, hi]` in JSON.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub lo: f64,
    pub hi: f64,
}

impl Interval {
    pub fn new(lo: f64, hi: f64) -> Interval {
        Interval { lo, hi }
    }

    /// Half the width.
    pub fn half_width(&self) -> f64 {
        (self.hi - self.lo) / 2.0
    }

    /// Does it contain `x` (ends included)?
    pub fn contains(&self, x: f64) -> bool {
        self.lo <= x && x <= self.hi
    }
}

impl schemars::JsonSchema for Interval {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Interval".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A closed interval [lo, hi]",
            "type": "array",
            "items": { "type": "number" },
            "minItems": 2,
            "maxItems": 2
        })
    }
}

impl Serialize for Interval {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut t = s.serialize_tuple(2)?;
        t.serialize_element(&self.lo)?;
        t.serialize_element(&self.hi)?;
        t.end()
    }
}

/// A quantity estimated by simulation: the estimate, its Monte Carlo standard error and
/// an interval at [`CONFIDENCE`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub estimate: f64,
    pub mcse: f64,
    pub ci: Interval,
}

impl Estimate {
    /// A share of replicates, `count` of `total`: standard error `sqrt(p (1 - p) / total)`
    /// and the Clopper-Pearson interval.
    ///
    /// # Examples
    ///
    /// ```
    /// use trialsim_stats::{Estimate, clopper_pearson};
    /// let power = Estimate::share(812, 1000);
    /// assert_eq!(power.estimate, 0.812);
    /// assert_eq!((power.ci.lo, power.ci.hi), clopper_pearson::interval(812, 1000, 0.05));
    /// assert!((power.mcse - (0.812f64 * 0.188 / 1000.0).sqrt()).abs() < 1e-15);
    /// ```
    pub fn share(count: u64, total: u64) -> Estimate {
        let p = count as f64 / total as f64;
        let (lo, hi) = clopper_pearson::interval(count, total, 1.0 - CONFIDENCE);
        Estimate { estimate: p, mcse: (p * (1.0 - p) / total as f64).sqrt(), ci: Interval { lo, hi } }
    }

    /// A mean with standard error `mcse` and the normal interval `mean ± z mcse`.
    pub fn normal(mean: f64, mcse: f64) -> Estimate {
        Estimate {
            estimate: mean,
            mcse,
            ci: Interval { lo: mean - Z_CONFIDENCE * mcse, hi: mean + Z_CONFIDENCE * mcse },
        }
    }
}

/// Which fields an estimate is written with under a prefix `p` in a flat JSON object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fields {
    /// `p`, `p_mcse` and `p_ci95`.
    All,
    /// `p` and `p_mcse`.
    NoInterval,
    /// `p` alone.
    Point,
}

/// Write `estimate` as the flat fields `prefix`, `prefix_mcse`, `prefix_ci95` (as `fields`
/// says) into the object being serialised, `null` each when absent; with `skip_absent`, an
/// absent estimate writes nothing. Used with `#[serde(flatten, serialize_with = ...)]`.
pub fn serialize_flat<S: Serializer>(
    prefix: &str,
    estimate: Option<&Estimate>,
    fields: Fields,
    skip_absent: bool,
    s: S,
) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(None)?;
    if estimate.is_some() || !skip_absent {
        map.serialize_entry(prefix, &estimate.map(|e| e.estimate))?;
        if fields != Fields::Point {
            map.serialize_entry(&format!("{prefix}_mcse"), &estimate.map(|e| e.mcse))?;
        }
        if fields == Fields::All {
            map.serialize_entry(&format!("{prefix}_ci95"), &estimate.map(|e| e.ci))?;
        }
    }
    map.end()
}

/// The JSON Schema of what [`serialize_flat`] writes: an object with the fields `prefix`,
/// `prefix_mcse`, `prefix_ci95` (as `fields` says), each `null` too where the estimate is
/// `optional`, required unless `skip_absent`. For `#[schemars(schema_with = ...)]` beside
/// `#[serde(flatten, serialize_with = ...)]`.
pub fn flat_schema(prefix: &str, fields: Fields, optional: bool, skip_absent: bool) -> schemars::Schema {
    let nullable = |mut schema: serde_json::Value| {
        if optional {
            schema = serde_json::json!({ "anyOf": [schema, { "type": "null" }] });
        }
        schema
    };
    let mut properties = serde_json::Map::new();
    properties.insert(prefix.to_string(), nullable(serde_json::json!({ "type": "number" })));
    if fields != Fields::Point {
        properties.insert(format!("{prefix}_mcse"), nullable(serde_json::json!({ "type": "number" })));
    }
    if fields == Fields::All {
        let interval =
            serde_json::json!({ "type": "array", "items": { "type": "number" }, "minItems": 2, "maxItems": 2 });
        properties.insert(format!("{prefix}_ci95"), nullable(interval));
    }
    let required: Vec<String> = if skip_absent { Vec::new() } else { properties.keys().cloned().collect() };
    schemars::json_schema!({ "type": "object", "properties": properties, "required": required })
}

/// A module `$name` with `serialize` and `schema` for an estimate field written flat
/// under `$key` (see [`serialize_flat`] and [`flat_schema`]):
/// `#[serde(flatten, serialize_with = "name::serialize")]` and
/// `#[schemars(schema_with = "name::schema")]`. Add `optional` for an `Option<Estimate>`.
#[macro_export]
macro_rules! flat_estimate {
    ($name:ident, $key:literal, $fields:ident, $skip:literal) => {
        mod $name {
            pub fn serialize<S: ::serde::Serializer>(x: &$crate::Estimate, s: S) -> Result<S::Ok, S::Error> {
                $crate::estimate::serialize_flat($key, Some(x), $crate::estimate::Fields::$fields, $skip, s)
            }
            pub fn schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                $crate::estimate::flat_schema($key, $crate::estimate::Fields::$fields, false, $skip)
            }
        }
    };
    ($name:ident, $key:literal, $fields:ident, $skip:literal, optional) => {
        mod $name {
            pub fn serialize<S: ::serde::Serializer>(x: &Option<$crate::Estimate>, s: S) -> Result<S::Ok, S::Error> {
                $crate::estimate::serialize_flat($key, x.as_ref(), $crate::estimate::Fields::$fields, $skip, s)
            }
            pub fn schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                $crate::estimate::flat_schema($key, $crate::estimate::Fields::$fields, true, $skip)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::special::normal_quantile;

    #[test]
    fn z_is_the_normal_quantile_of_the_confidence() {
        assert_eq!(Z_CONFIDENCE.to_bits(), normal_quantile(0.975).to_bits());
        assert_eq!(Z_CONFIDENCE.to_bits(), normal_quantile(0.5 + CONFIDENCE / 2.0).to_bits());
        assert!((Z_CONFIDENCE - 1.959963984540054).abs() < 1e-15);
    }

    #[test]
    fn normal_intervals_are_symmetric() {
        let e = Estimate::normal(0.3, 0.01);
        assert!((e.ci.half_width() - Z_CONFIDENCE * 0.01).abs() < 1e-15);
        assert!(e.ci.contains(0.3) && !e.ci.contains(0.33));
    }
}
