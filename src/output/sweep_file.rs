//! A sweep's output file: written point by point, flushed to disk after each, and resumed
//! by keeping every complete point and dropping whatever a kill cut short.

use super::format::Format;
use super::sweep_rows::{SweepRow, parse};
use crate::error::{Error, Result, SweepFileError};
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// An output being appended to.
pub struct SweepFile {
    path: PathBuf,
    file: File,
}

/// A resumed output: the file, positioned after its last complete point, how many points
/// it holds and their rows.
pub struct Resumed {
    pub file: SweepFile,
    pub points: usize,
    pub rows: Vec<SweepRow>,
}

impl SweepFile {
    /// Start a new output with `header` (may be empty), replacing any file there.
    pub fn create(path: &Path, header: &str) -> Result<SweepFile> {
        let fail = |source| Error::Write { path: path.to_path_buf(), source };
        let mut file = File::create(path).map_err(fail)?;
        file.write_all(header.as_bytes()).map_err(fail)?;
        file.flush().map_err(fail)?;
        Ok(SweepFile { path: path.to_path_buf(), file })
    }

    /// Reopen an output of `format` with `header` and the paths `axes`, written by the sweep
    /// `run` (its fingerprint): keep the header and the complete points (each of
    /// `rows_per_point` rows, the points those of `order`, in turn) and cut anything after
    /// them. A missing file, or one killed before its header was complete, starts afresh. A
    /// complete line that is not the next row of this sweep (another sweep's, another
    /// shard's, or not a row at all) is an error: only what a kill cut short is dropped.
    pub fn resume(
        path: &Path,
        header: &str,
        format: Format,
        axes: &[String],
        run: &str,
        rows_per_point: usize,
        order: &[usize],
    ) -> Result<Resumed> {
        let fresh = || Ok(Resumed { file: SweepFile::create(path, header)?, points: 0, rows: Vec::new() });
        if !path.exists() {
            return fresh();
        }
        let fail = |source| Error::Write { path: path.to_path_buf(), source };
        let mut file = OpenOptions::new().read(true).write(true).open(path).map_err(fail)?;
        let mut text = String::new();
        file.read_to_string(&mut text).map_err(fail)?;
        if text.len() < header.len() && header.starts_with(text.as_str()) {
            return fresh();
        }
        if !text.starts_with(header) {
            return Err(SweepFileError::Foreign { path: path.into() }.into());
        }
        // Complete lines only, grouped into whole points in order.
        let (mut keep, mut offset) = (header.len(), header.len());
        let (mut points, mut rows, mut pending) = (0usize, Vec::new(), Vec::new());
        for line in text[header.len()..].split_inclusive('\n') {
            // The last line, cut short by a kill.
            let Some(line) = line.strip_suffix('\n') else { break };
            let row = parse(format, axes, line).filter(|r| r.run == run && Some(r.point) == order.get(points).copied());
            let Some(row) = row else {
                return Err(SweepFileError::OtherRun { path: path.into() }.into());
            };
            offset += line.len() + 1;
            pending.push(row);
            if pending.len() == rows_per_point {
                points += 1;
                rows.append(&mut pending);
                keep = offset;
            }
        }
        file.set_len(keep as u64).map_err(fail)?;
        file.seek(SeekFrom::End(0)).map_err(fail)?;
        Ok(Resumed { file: SweepFile { path: path.to_path_buf(), file }, points, rows })
    }

    /// Append one point's rows and flush them to disk.
    pub fn append(&mut self, rows: &str) -> Result<()> {
        let fail = |source| Error::Write { path: self.path.clone(), source };
        self.file.write_all(rows.as_bytes()).map_err(fail)?;
        self.file.flush().map_err(fail)?;
        self.file.sync_data().map_err(fail)
    }
}
