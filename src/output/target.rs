//! Where an output goes, and how it is written without destroying anything: standard
//! output; a regular file (or a new one) through a temporary file beside it and a rename,
//! so that a failed run never leaves half a file behind; a character device or a pipe
//! written as it is (never replaced by a file); a symbolic link followed to its target
//! (the link stays). An output may not be one of the command's inputs. A reader that
//! closes the pipe early (`trialsim run ... | head`) shows as
//! [`crate::Error::is_broken_pipe`].

use crate::error::{Error, Result};
use std::fs::OpenOptions;
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

    /// Refuse a file that is one of `inputs` (the same file by any name).
    pub fn not_one_of(self, inputs: &[&Path]) -> Result<Target> {
        if let Target::File(path) = &self {
            not_an_input(path, inputs)?;
        }
        Ok(self)
    }

    /// Write a whole output: to standard output, or safely to the file.
    pub fn write(&self, text: &str) -> Result<()> {
        match self {
            Target::Stdout => stdout(text),
            Target::File(path) => atomic(path, text),
        }
    }
}

/// An error unless `output` is none of `inputs` (compared as files, so that another name
/// of the same file, a link to it, is found too).
pub fn not_an_input(output: &Path, inputs: &[&Path]) -> Result<()> {
    for input in inputs {
        if same_file(output, input) {
            return Err(Error::Overwrite { output: output.into(), input: input.to_path_buf() });
        }
    }
    Ok(())
}

/// Do two paths name the same existing file?
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        #[cfg(unix)]
        (Ok(x), Ok(y)) => {
            use std::os::unix::fs::MetadataExt;
            x.dev() == y.dev() && x.ino() == y.ino()
        }
        #[cfg(not(unix))]
        (Ok(_), Ok(_)) => std::fs::canonicalize(a).ok() == std::fs::canonicalize(b).ok(),
        _ => false,
    }
}

/// Write to standard output and flush, an error (not a panic) when it is closed.
pub fn stdout(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|_| out.flush())
        .map_err(|source| Error::Write { path: "standard output".into(), source })
}

/// The path the bytes of an output to `path` go to: a symbolic link's target (followed
/// through every link; a dangling link's target is created), else `path`.
fn destination(path: &Path) -> std::io::Result<PathBuf> {
    let mut at = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = std::fs::read_link(&at)?;
                at = match at.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            _ => return Ok(at),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

/// Write `text` to `path` without destroying anything (see the module's documentation).
pub fn atomic(path: &Path, text: &str) -> Result<()> {
    let fail = |source| Error::Write { path: path.to_path_buf(), source };
    let to = destination(path).map_err(fail)?;
    match std::fs::metadata(&to) {
        // A device, a pipe or a socket: write to it as it is.
        Ok(m) if !m.is_file() && !m.is_dir() => {
            let mut f = OpenOptions::new().write(true).open(&to).map_err(fail)?;
            f.write_all(text.as_bytes()).and_then(|_| f.flush()).map_err(fail)
        }
        existing => {
            let dir = to.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            let mut tmp =
                tempfile::Builder::new().prefix(".trialsim-").suffix(".tmp").tempfile_in(dir).map_err(fail)?;
            tmp.write_all(text.as_bytes()).and_then(|_| tmp.as_file().sync_all()).map_err(fail)?;
            // A replaced file keeps its permissions.
            if let Ok(m) = existing {
                std::fs::set_permissions(tmp.path(), m.permissions()).map_err(fail)?;
            }
            tmp.persist(&to).map(|_| ()).map_err(|e| fail(e.error))
        }
    }
}

/// Write named files (charts) into `dir`, created if missing.
pub fn files(dir: &Path, files: &[(String, String)]) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Write { path: dir.to_path_buf(), source })?;
    for (name, text) in files {
        atomic(&dir.join(name), text)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_replaced_whole_and_links_followed() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("out.txt");
        atomic(&file, "first").unwrap();
        atomic(&file, "second").unwrap();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "second");
        #[cfg(unix)]
        {
            let link = dir.path().join("link.txt");
            std::os::unix::fs::symlink("out.txt", &link).unwrap();
            atomic(&link, "third").unwrap();
            assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
            assert_eq!(std::fs::read_to_string(&file).unwrap(), "third");
            assert!(not_an_input(&link, &[&file]).is_err());
        }
        // Nothing else is left in the folder.
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), if cfg!(unix) { 2 } else { 1 }, "{names:?}");
    }

    #[test]
    fn a_device_is_written_not_replaced() {
        #[cfg(unix)]
        {
            atomic(Path::new("/dev/null"), "nothing").unwrap();
            use std::os::unix::fs::FileTypeExt;
            assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
        }
    }
}
