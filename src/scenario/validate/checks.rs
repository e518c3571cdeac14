//! The validator and the checks every section shares: locating an error, ranges, names that
//! must be unique, names that must be known, and tables keyed by names.

use crate::error::ScenarioError;
use crate::scenario::locate::{KeyPath, Locator};
use crate::scenario::marker::Resolution;
use std::collections::BTreeMap;
use std::path::Path;

pub(super) type R<T> = Result<T, ScenarioError>;

/// Rates of one visit may exceed 1 by this much (decimal rounding in the file).
pub(super) const RATE_SUM_TOLERANCE: f64 = 1e-9;

/// Checks one scenario file and locates what is wrong in it.
pub(in crate::scenario) struct Validator<'a> {
    pub file: &'a Path,
    pub locator: &'a Locator<'a>,
}

/// The root of the document, where key paths start.
pub(super) fn root() -> KeyPath {
    KeyPath::root()
}

impl Validator<'_> {
    /// An error at the key `path` (or its nearest existing ancestor); long numbers in the
    /// message are written short.
    pub fn err(&self, path: &KeyPath, message: impl Into<String>) -> ScenarioError {
        let span = self.locator.span_of(path);
        let (line, column) = self.locator.line_col(span.start);
        let message = short_numbers(&message.into());
        ScenarioError { file: self.file.to_path_buf(), line, column, key: path.to_string(), message }
    }

    /// A value that the reporting grid `grid` can hold exactly (at most 2^52 steps from 0).
    pub fn on_grid(&self, x: f64, grid: &Resolution, path: &KeyPath, what: &str) -> R<()> {
        self.check(grid.holds(x), path, || {
            format!(
                "{what} {x} lies beyond the values a reporting step of {} can hold ({} to {}); use a coarser resolution or a smaller value",
                grid.step(),
                -grid.limit(),
                grid.limit()
            )
        })
    }

    /// An error at `path` unless `ok`.
    pub fn check(&self, ok: bool, path: &KeyPath, message: impl FnOnce() -> String) -> R<()> {
        if ok { Ok(()) } else { Err(self.err(path, message())) }
    }

    /// A probability in [0, 1].
    pub fn probability(&self, x: f64, path: &KeyPath, what: &str) -> R<()> {
        self.check((0.0..=1.0).contains(&x), path, || format!("expected {what} in [0, 1], found {x}"))
    }

    /// A finite number above 0.
    pub fn positive(&self, x: f64, path: &KeyPath, what: &str) -> R<()> {
        self.check(x.is_finite() && x > 0.0, path, || format!("expected a positive {what}, found {x}"))
    }

    /// A significance level in (0, 1).
    pub fn alpha(&self, alpha: f64, path: &KeyPath) -> R<()> {
        self.check(alpha.is_finite() && alpha > 0.0 && alpha < 1.0, path, || {
            format!("expected a significance level in (0, 1), found {alpha}")
        })
    }

    /// A name that is not blank, holds no line break or other control character (names
    /// become table cells, CSV fields and chart labels), and is not already `taken` by an
    /// earlier entry.
    pub fn new_name<'n>(
        &self,
        name: &str,
        path: &KeyPath,
        what: &str,
        mut taken: impl Iterator<Item = &'n str>,
    ) -> R<()> {
        self.check(!name.trim().is_empty(), path, || format!("expected a non-empty {what} name"))?;
        self.check(!name.chars().any(char::is_control), path, || {
            format!("{what} name {name:?} holds a line break, tab or other control character; write it on one line")
        })?;
        self.check(taken.all(|t| t != name), path, || format!("{what} `{name}` is defined twice"))
    }

    /// The index of `name` among `names`, or an error naming the ones there are
    /// (`define` says where to define one when there is none).
    pub fn lookup(&self, name: &str, names: &[&str], path: &KeyPath, what: &str, define: &str) -> R<usize> {
        names.iter().position(|n| *n == name).ok_or_else(|| self.err(path, unknown(what, name, names, define)))
    }

    /// The values of a table keyed by `names` (`rates = { CR = ..., PR = ... }`), in the
    /// order of `names`: a key that is not a name is an error at the key, a name without a
    /// key an error at the table (`missing` says what to add).
    pub fn keyed<'m, V>(
        &self,
        map: &'m BTreeMap<String, V>,
        names: &[&str],
        path: &KeyPath,
        what: &str,
        define: &str,
        missing: impl Fn(&str) -> String,
    ) -> R<Vec<&'m V>> {
        self.known_keys(map.keys(), names, path, what, define)?;
        names.iter().map(|name| map.get(*name).ok_or_else(|| self.err(path, missing(name)))).collect()
    }

    /// Every key one of `names` (the other keys are errors naming what to define).
    pub fn known_keys<'k>(
        &self,
        mut keys: impl Iterator<Item = &'k String>,
        names: &[&str],
        path: &KeyPath,
        what: &str,
        define: &str,
    ) -> R<()> {
        keys.try_for_each(|key| {
            self.check(names.contains(&key.as_str()), &path.key(key), || unknown(what, key, names, define))
        })
    }
}

/// `message` with every number of more than 15 characters (a value echoed with all its
/// digits, like `1e300` printed in full) written in scientific notation where that is
/// shorter.
pub fn short_numbers(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        let (before, from) = rest.split_at(start);
        let len = from
            .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+')))
            .unwrap_or(from.len());
        let number = from[..len].trim_end_matches(['.', '-', '+', 'e', 'E']);
        let after = &from[number.len()..];
        out.push_str(before);
        match number.parse::<f64>().map(|x| format!("{x:e}")) {
            Ok(short) if number.len() > 15 && short.len() < number.len() => out.push_str(&short),
            _ => out.push_str(number),
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// "unknown level `VGPR`; expected one of CR, PR", or where to define one when there is none.
fn unknown(what: &str, name: &str, names: &[&str], define: &str) -> String {
    if names.is_empty() {
        format!("unknown {what} `{name}`: define it in {define}")
    } else {
        format!("unknown {what} `{name}`; expected one of {}", names.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_numbers_are_written_short() {
        let long = format!("found {} in [0, 1]; and {}", 1e300, u64::MAX);
        assert_eq!(short_numbers(&long), "found 1e300 in [0, 1]; and 18446744073709551615");
        assert_eq!(short_numbers("week 12 sum to 1.2 (CR 0.7)"), "week 12 sum to 1.2 (CR 0.7)");
        assert_eq!(short_numbers("found 0.30000000000000004."), "found 0.30000000000000004.");
    }

    #[test]
    fn unknown_names_list_the_known_ones() {
        assert_eq!(
            unknown("level", "VGPR", &["CR", "PR"], "a [[level]]"),
            "unknown level `VGPR`; expected one of CR, PR"
        );
        assert_eq!(
            unknown("event", "flare", &[], "an [[event]] section"),
            "unknown event `flare`: define it in an [[event]] section"
        );
    }
}
