//! Errors of the library: scenario errors carry the file, line, column and key.

use std::fmt;
use std::path::PathBuf;

/// Where in a scenario file something is wrong, and what was expected.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioError {
    /// The scenario file as the user named it.
    pub file: PathBuf,
    /// 1-based line of the offending key or value (0 when the file could not be read).
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The key, as a dotted path such as `arm[1].rates.CR[2]` (empty for the whole file).
    pub key: String,
    /// What is wrong and what was expected.
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: ", self.file.display(), self.line, self.column)?;
        if !self.key.is_empty() {
            write!(f, "key `{}`: ", self.key)?;
        }
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for ScenarioError {}

/// Every error the library reports.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The scenario is not valid; nothing was simulated.
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    /// The scenario file could not be read.
    #[error("cannot read scenario {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A run setting (from the command line) is out of range.
    #[error("{0}")]
    Settings(String),
    /// Writing an output failed.
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// The exit status the command-line tool uses: 2 for bad input, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Scenario(_) | Error::Read { .. } | Error::Settings(_) => 2,
            Error::Write { .. } => 1,
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;
