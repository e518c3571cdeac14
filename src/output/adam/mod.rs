//! CDISC ADaM datasets of one simulated trial (`trialsim export --format adam`): the data a
//! sponsor's analysis programs read, made from exactly the patients the engine simulated.
//!
//! - `ADSL`, one row per patient (`adsl.rs`);
//! - `ADLB`, the marker per patient and visit (`adlb.rs`);
//! - `ADQS`, the scores per patient and visit (`adqs.rs`);
//! - one responder dataset per binary endpoint, `ADRS01`, `ADRS02`, ... (`adrs.rs`);
//! - `ADTTE`, one parameter per time-to-event endpoint (`adtte.rs`).
//!
//! Each is written as CSV and as CDISC Dataset-JSON 1.1 (`dataset.rs`).

pub mod adlb;
pub mod adqs;
pub mod adrs;
pub mod adsl;
pub mod adtte;
pub mod dataset;
pub mod subject;

use crate::evaluation::patients::{Patient, patients, trial};
use crate::model::TrialBuffer;
use crate::scenario::Scenario;
use dataset::Dataset;

/// One replicate as the datasets read it: its patients and the simulated trial.
pub struct Replicate<'a> {
    pub scenario: &'a Scenario,
    pub patients: Vec<Patient>,
    pub trial: TrialBuffer,
}

/// The time Dataset-JSON files say they were made: `SOURCE_DATE_EPOCH` (seconds since
/// 1970, the reproducible-builds convention) when set, so that the files are the same bit
/// for bit; else now. ISO 8601 in UTC.
pub fn creation_time() -> String {
    let seconds =
        std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<i64>().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
        });
    let (days, rest) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (the proleptic Gregorian calendar).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rest / 3600, rest % 3600 / 60, rest % 60)
}

/// Every dataset's files: `NAME.csv` and `NAME.json` (Dataset-JSON), names in lower case.
pub fn files(s: &Scenario, seed: u64, replicate: u64) -> Vec<(String, String)> {
    let origin = dataset::Origin {
        study: s.name.clone(),
        created: creation_time(),
        provenance: crate::scenario::provenance::Provenance::new(Some(&s.origin.text)),
        seed,
        replicate,
    };
    let mut out = Vec::new();
    for d in datasets(s, seed, replicate) {
        let name = d.name.to_lowercase();
        out.push((format!("{name}.csv"), d.csv()));
        out.push((format!("{name}.json"), d.dataset_json(&origin)));
    }
    out
}

/// Every dataset of replicate `replicate` under `seed` (datasets with no rows left out:
/// `ADQS` without scores, `ADTTE` without time-to-event endpoints).
pub fn datasets(s: &Scenario, seed: u64, replicate: u64) -> Vec<Dataset> {
    let r = Replicate { scenario: s, patients: patients(s, seed, replicate), trial: trial(s, seed, replicate) };
    let mut out = vec![adsl::adsl(&r), adlb::adlb(&r)];
    out.extend(adqs::adqs(&r));
    out.extend(adrs::responders(&r));
    out.extend(adtte::adtte(&r));
    out
}
