//! The memory a run will take, estimated from the scenario before anything is allocated,
//! and the limit it is held to: a run that would not fit stops at once with the numbers
//! (exit status 2) instead of aborting halfway.
//!
//! What a run holds: per design, the tabulated rejection regions and interval bounds
//! (arms up to about 2,000 patients each; larger ones are computed directly), the value
//! map's anchors and the baseline tables; per live tally (two per worker thread: its own
//! and the one it merges into), the histograms of observed rates and the simulated trial.
//! A histogram of a rate holds one row per denominator that occurs, from the fewest to the
//! most responders seen with it (within 6 standard deviations of a binomial at one half,
//! and a quarter more for the margin rows grow by); the denominators that occur are those
//! within 6 standard deviations of the expected number of patients still in the trial.

use super::settings::RunSettings;
use crate::analysis::IntervalSpec;
use crate::error::SettingsError;
use crate::model::value::Anchor;
use crate::scenario::{EndpointKind, Missing, Scenario};
use trialsim_stats::decision::MAX_TABLE;

/// The default limit when the machine's memory cannot be read.
const FALLBACK_LIMIT: u64 = 8 << 30;

/// The memory a run needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Need {
    /// What the design holds once (tables, the value map), in bytes.
    pub design: u64,
    /// What the worker threads hold (tallies and simulated trials), in bytes.
    pub threads: u64,
    /// What takes most of it.
    pub largest: &'static str,
}

impl Need {
    pub fn total(&self) -> u64 {
        self.design + self.threads
    }
}

/// The memory a run of `s` with `settings` needs.
pub fn estimate(s: &Scenario, settings: &RunSettings) -> Need {
    let mut parts: Vec<(&'static str, u64)> = Vec::new();
    let visits = s.visits.len() as u64 - 1;
    let arms: Vec<u64> = s.arms.iter().map(|a| a.n as u64).collect();
    let patients: u64 = arms.iter().sum();
    let compared: Vec<usize> = s.compared_arms();
    // Tabulated rejection regions and interval bounds.
    let mut tables = 0u64;
    for e in &s.endpoints {
        for &a in &compared {
            let n1 = arms[a];
            let n2 = s.control.map_or(0, |c| arms[c]);
            let cells = (n1 + 1) * (n2 + 1);
            if e.is_binary() && s.control.is_none() {
                // A cell and a null probability per count.
                tables += cells * 24;
            } else if e.is_binary() && cells <= MAX_TABLE {
                tables += cells * 8;
            }
            if let EndpointKind::Response { missing, .. } = &e.kind {
                let bound = std::mem::size_of::<std::sync::OnceLock<(f64, f64)>>() as u64;
                let pair = if s.control.is_some() && cells <= MAX_TABLE { 2 * cells } else { 0 };
                let triangle =
                    if *missing == Missing::CompleteCase { ((n1 + 1) * (n1 + 2) / 2).min(1 << 20) } else { 0 };
                tables += bound * (pair + 4 * (n1 + 1 + triangle));
            }
        }
    }
    parts.push(("tabulated decisions and intervals", tables + std::mem::size_of::<IntervalSpec>() as u64));
    let (lo, hi) = s.marker.baseline.grid(&s.marker.resolution);
    let grid = (hi - lo + 1).max(0) as u64;
    let anchors = grid * (s.levels.len() as u64 + 1) * std::mem::size_of::<Anchor>() as u64;
    let scores: u64 = s
        .scores
        .iter()
        .map(|sc| {
            let (lo, hi) = sc.baseline.grid(&sc.resolution);
            (hi - lo + 1).max(0) as u64 * 24
        })
        .sum();
    parts.push(("the value map and baseline tables", anchors + grid * 24 + scores));
    // One simulated trial: values, levels and latent scores per patient and visit, the
    // scores', events' and second randomisations' per patient.
    let per_patient = visits * (8 + 1 + 8)
        + 24
        + s.scores.len() as u64 * (visits + 1) * 8
        + s.events.len() as u64 * 17
        + s.rerandomisations.len() as u64 * 10;
    let trial = patients * per_patient;
    // Histograms of observed rates: per binary endpoint and arm, and per arm, visit and level.
    let rows = |n: u64, survival: f64| {
        let sd = (n as f64 * survival * (1.0 - survival)).sqrt();
        ((12.0 * sd).ceil() as u64 + 1).min(n + 1)
    };
    // A row's counts, and the rows' headers (one per possible denominator).
    let row = |n: u64| ((1.25 * 6.0 * (n as f64).sqrt()).ceil() as u64 + 9).min(n + 1) * 8;
    let headers = |n: u64| (n + 1) * 32;
    let survival = |a: usize, j: usize| (1.0 - s.arms[a].dropout).powf(s.visits[j + 1] as f64 / s.last_week() as f64);
    let mut histograms = 0u64;
    for e in &s.endpoints {
        for (a, &n) in arms.iter().enumerate() {
            histograms += match (e.is_binary(), e.missing(), e.visit()) {
                (true, Missing::CompleteCase, Some(v)) => headers(n) + rows(n, survival(a, v.index)) * row(n),
                (true, _, _) => headers(n) + row(n),
                // Continuous quantities: a few thousand bins.
                (false, _, _) => 4096 * 24,
            };
        }
    }
    for (a, &n) in arms.iter().enumerate() {
        for j in 0..visits as usize {
            histograms += s.levels.len() as u64 * (headers(n) + rows(n, survival(a, j)) * row(n));
        }
    }
    let design = parts.iter().map(|p| p.1).sum();
    let threads = settings.threads.unwrap_or_else(rayon::current_num_threads) as u64;
    parts.push(("histograms of observed rates", 2 * threads * histograms));
    parts.push(("simulated trials", 2 * threads * trial));
    let total: u64 = parts.iter().map(|p| p.1).sum();
    let largest = parts.iter().max_by_key(|p| p.1).map_or("", |p| p.0);
    Need { design, threads: total - design, largest }
}

/// An error unless `need` fits `limit` (bytes; the default limit when `None`).
pub fn check(need: Need, limit: Option<u64>) -> Result<(), SettingsError> {
    let limit = limit.unwrap_or_else(default_limit);
    if need.total() > limit {
        return Err(SettingsError::Memory { needed: human(need.total()), limit: human(limit), largest: need.largest });
    }
    Ok(())
}

/// The default memory limit: half of the machine's memory (or of the control group's limit,
/// when one is set).
pub fn default_limit() -> u64 {
    let total = std::fs::read_to_string("/proc/meminfo").ok().and_then(|text| {
        let line = text.lines().find(|l| l.starts_with("MemTotal:"))?;
        let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib * 1024)
    });
    let cgroup = std::fs::read_to_string("/sys/fs/cgroup/memory.max").ok().and_then(|t| t.trim().parse::<u64>().ok());
    match (total, cgroup) {
        (Some(t), Some(c)) => t.min(c) / 2,
        (Some(t), None) => t / 2,
        (None, Some(c)) => c / 2,
        (None, None) => FALLBACK_LIMIT,
    }
}

/// A number of bytes for people: `1.5 GB`.
pub fn human(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["bytes", "kB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 { format!("{bytes} bytes") } else { format!("{value:.1} {}", UNITS[unit]) }
}

/// Parse a size: a number of bytes, or with `K`, `M`, `G` or `T` (powers of 1000 with
/// `B`/`kB`-style suffixes, of 1024 with `KiB`-style ones).
///
/// # Examples
///
/// ```
/// use trialsim::evaluation::memory::parse_size;
/// assert_eq!(parse_size("16G"), Ok(16_000_000_000));
/// assert_eq!(parse_size("512MiB"), Ok(512 << 20));
/// assert_eq!(parse_size("1000"), Ok(1000));
/// assert!(parse_size("lots").is_err());
/// ```
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let split = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let number: f64 = number.parse().map_err(|_| format!("`{text}` is not a size such as 16G or 500MB"))?;
    let factor: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kb" => 1e3,
        "m" | "mb" => 1e6,
        "g" | "gb" => 1e9,
        "t" | "tb" => 1e12,
        "kib" => 1024.0,
        "mib" => 1024f64.powi(2),
        "gib" => 1024f64.powi(3),
        "tib" => 1024f64.powi(4),
        _ => return Err(format!("`{text}`: unknown unit `{unit}`; use K, M, G or T (or KiB, MiB, GiB, TiB)")),
    };
    let bytes = number * factor;
    if bytes.is_finite() && bytes >= 1.0 && bytes < u64::MAX as f64 {
        Ok(bytes as u64)
    } else {
        Err(format!("`{text}` is not a size such as 16G or 500MB"))
    }
}
