//! Writing an output file through a temporary file and a rename, so that a failed run
//! never leaves half a file behind.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::Path;

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
