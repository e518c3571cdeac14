//! What every output carries about where it came from: the version of its format (the JSON
//! Schemas in `schema/`), the trialsim version that wrote it, the seed, and the SHA-256 of
//! the scenario text, so that a result can be matched to the exact scenario and program
//! that produced it.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// The version of the output format, raised whenever a field is removed or changes
/// meaning (added fields keep it).
pub const SCHEMA_VERSION: u32 = 1;

/// The provenance fields, written at the top of an output object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Provenance {
    /// The version of the output format (`schema/output.schema.json`).
    pub schema_version: u32,
    /// The trialsim version that wrote the output.
    pub trialsim_version: String,
    /// SHA-256 of the scenario text, 64 lowercase hexadecimal digits (`null` for outputs
    /// made without a scenario, such as `simon`).
    pub scenario_sha256: Option<String>,
}

impl Provenance {
    /// The provenance of an output of the scenario `text` (`None`: made without one).
    pub fn new(text: Option<&str>) -> Provenance {
        Provenance {
            schema_version: SCHEMA_VERSION,
            trialsim_version: env!("CARGO_PKG_VERSION").to_string(),
            scenario_sha256: text.map(sha256),
        }
    }
}

/// The SHA-256 of `text` as 64 lowercase hexadecimal digits.
///
/// # Examples
///
/// ```
/// use trialsim::scenario::provenance::sha256;
/// // `printf abc | sha256sum`
/// assert_eq!(sha256("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
/// ```
pub fn sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}
