//! Where an output goes: standard output, or a file written through a temporary file and a
//! rename so that a failed run never leaves half a file behind. A reader that closes the
//! pipe early (`trialsim run ... | head`) shows as [`crate::Error::is_broken_pipe`].

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// An output's destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Stdout,
    File(PathBuf),
}

impl Target {
    /// A file when given one, else standard output.
    pub fn new(path: Option<PathBuf>) -> Target {
        path.map_or(Target::Stdout, Target::File)
    }

    /// Write a whole output: to standard output, or atomically to the file.
    pub fn write(&self, text: &str) -> Result<()> {
        match self {
            Target::Stdout => stdout(text),
            Target::File(path) => atomic(path, text),
        }
    }
}

/// Write to standard output and flush, an error (not a panic) when it is closed.
pub fn stdout(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|_| out.flush())
        .map_err(|source| Error::Write { path: "standard output".into(), source })
}

/// Write `text` to `path` atomically: a temporary file beside it, then a rename.
pub fn atomic(path: &Path, text: &str) -> Result<()> {
    let fail = |source| Error::Write { path: path.to_path_buf(), source };
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(fail)
}

/// Write named files (charts) into `dir`, created if missing.
pub fn files(dir: &Path, files: &[(String, String)]) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Write { path: dir.to_path_buf(), source })?;
    for (name, text) in files {
        atomic(&dir.join(name), text)?;
    }
    Ok(())
}
