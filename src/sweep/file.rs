//! The sweep's output file: written point by point, flushed after each, and resumed by
//! keeping every complete point and dropping whatever a kill cut short.

use crate::error::{Error, Result};
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// An output being appended to.
pub struct SweepFile {
    path: PathBuf,
    file: File,
}

/// The point index a row belongs to (first CSV field, or `"point"` of a JSON line).
fn point_of(line: &str, csv: bool) -> Option<usize> {
    if csv {
        line.split(',').next()?.parse().ok()
    } else {
        serde_json::from_str::<serde_json::Value>(line).ok()?.get("point")?.as_u64().map(|p| p as usize)
    }
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

    /// Reopen an output: keep the header and the complete points (each has
    /// `rows_per_point` rows, the points in the order `order`), cut anything after them,
    /// and return the number of points kept. A missing file starts afresh.
    pub fn resume(
        path: &Path,
        header: &str,
        rows_per_point: usize,
        csv: bool,
        order: &[usize],
    ) -> Result<(SweepFile, usize)> {
        if !path.exists() {
            return Ok((SweepFile::create(path, header)?, 0));
        }
        let fail = |source| Error::Write { path: path.to_path_buf(), source };
        let mut file = OpenOptions::new().read(true).write(true).open(path).map_err(fail)?;
        let mut text = String::new();
        file.read_to_string(&mut text).map_err(fail)?;
        // Killed before the header was complete: start afresh.
        if text.len() < header.len() && header.starts_with(text.as_str()) {
            return Ok((SweepFile::create(path, header)?, 0));
        }
        if !text.starts_with(header) {
            return Err(Error::Settings(format!(
                "{} was not written by this sweep (its header or format differs); use another --output or drop --resume",
                path.display()
            )));
        }
        // Complete lines only, grouped into whole points in order.
        let mut keep = header.len();
        let mut offset = header.len();
        let (mut points, mut rows_in_point) = (0usize, 0usize);
        for line in text[header.len()..].split_inclusive('\n') {
            if !line.ends_with('\n') || point_of(line.trim_end(), csv) != order.get(points).copied() {
                break;
            }
            offset += line.len();
            rows_in_point += 1;
            if rows_in_point == rows_per_point {
                points += 1;
                rows_in_point = 0;
                keep = offset;
            }
        }
        file.set_len(keep as u64).map_err(fail)?;
        file.seek(SeekFrom::End(0)).map_err(fail)?;
        Ok((SweepFile { path: path.to_path_buf(), file }, points))
    }

    /// Append one point's rows and flush them to disk.
    pub fn append(&mut self, rows: &str) -> Result<()> {
        let fail = |source| Error::Write { path: self.path.clone(), source };
        self.file.write_all(rows.as_bytes()).map_err(fail)?;
        self.file.flush().map_err(fail)?;
        self.file.sync_data().map_err(fail)
    }
}
