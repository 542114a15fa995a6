//! `sweep.csv` and the files of a sweep folder: one row per sweep point, written as each point
//! finishes, and the names of its columns (shared with the plots that read it).
//!
//! Columns: `point` (from 0), one column per varied path holding its value, then per endpoint
//! `E`, arm `A` and stratum `S` (`all` first) the columns `E.A.S.n`, `E.A.S.baseline_mean`,
//! `E.A.S.change_mean`, `E.A.S.change_sd` and `E.A.S.change_p5` … `E.A.S.change_p95`, and per
//! compared arm `A` and reference arm `R` the columns `E.A_vs_R.S.effect`,
//! `E.A_vs_R.S.effect_ci_low` and `E.A_vs_R.S.effect_ci_high`.

use super::{OutputError, OutputFolder, csv_error, csv_writer, finish_csv};
use std::fs;
use std::path::PathBuf;

/// File name of the sweep table.
pub const FILE: &str = "sweep.csv";
/// The manifest key of the checksum of `sweep.csv`'s rows.
pub const ROWS_CHECKSUM: &str = "rows_checksum";
/// File name of the sensitivity table.
pub const SENSITIVITY_FILE: &str = "sensitivity.csv";

/// The column of an arm statistic, e.g. `ohd25_ng_ml.mag.all.change_mean`.
pub fn arm_column(endpoint: &str, arm: &str, stratum: &str, statistic: &str) -> String {
    format!("{endpoint}.{arm}.{stratum}.{statistic}")
}

/// The column of an effect statistic, e.g. `ohd25_ng_ml.mag_vs_placebo.all.effect`.
pub fn effect_column(
    endpoint: &str,
    arm: &str,
    reference: &str,
    stratum: &str,
    statistic: &str,
) -> String {
    format!("{endpoint}.{arm}_vs_{reference}.{stratum}.{statistic}")
}

/// A checksum of a table's rows (FNV-1a, 64 bits, over every cell, with separators between
/// cells and rows), recorded in a sweep's manifest so that `mgate merge` can tell an edited
/// `sweep.csv`. It guards against edits and damage, not against someone who recomputes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowChecksum(u64);

impl Default for RowChecksum {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl RowChecksum {
    fn add(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// Adds one row.
    pub fn add_row<T: AsRef<[u8]>>(&mut self, cells: impl IntoIterator<Item = T>) {
        for cell in cells {
            self.add(cell.as_ref());
            // Unit separator: `1,23` and `12,3` differ.
            self.add(&[0x1f]);
        }
        // Record separator.
        self.add(&[0x1e]);
    }

    /// The checksum as recorded in a manifest, e.g. `fnv1a64:af63dc4c8601ec8c`.
    pub fn text(self) -> String {
        format!("fnv1a64:{:016x}", self.0)
    }
}

/// A CSV table written row by row (each row is flushed to the file when written, so a sweep
/// holds no more than one row in memory).
#[derive(Debug)]
pub struct RowWriter {
    writer: csv::Writer<fs::File>,
    path: PathBuf,
    columns: usize,
    checksum: RowChecksum,
}

impl RowWriter {
    /// Creates `name` in the folder and writes its header.
    pub fn create(
        folder: &OutputFolder,
        name: &str,
        header: &[String],
    ) -> Result<Self, OutputError> {
        let (mut writer, path) = csv_writer(folder, name)?;
        writer.write_record(header).map_err(csv_error(&path))?;
        Ok(Self {
            writer,
            path,
            columns: header.len(),
            checksum: RowChecksum::default(),
        })
    }

    /// Appends a row (as many cells as the header).
    pub fn write_row<I, T>(&mut self, cells: I) -> Result<(), OutputError>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        let record: csv::ByteRecord = cells.into_iter().collect();
        self.checksum.add_row(record.iter());
        debug_assert_eq!(
            record.len(),
            self.columns,
            "row length differs from the header"
        );
        self.writer
            .write_byte_record(&record)
            .map_err(csv_error(&self.path))?;
        self.writer
            .flush()
            .map_err(|e| csv_error(&self.path)(e.into()))
    }

    /// Flushes and syncs the file; returns the checksum of its rows (see [`RowChecksum`]).
    pub fn finish(self) -> Result<RowChecksum, OutputError> {
        finish_csv(self.writer, &self.path)?;
        Ok(self.checksum)
    }
}

/// Writes a JSON document into the folder (pretty, with a final newline).
pub fn write_json(
    folder: &OutputFolder,
    name: &str,
    value: &serde_json::Value,
) -> Result<(), OutputError> {
    folder.write(name, |w| {
        serde_json::to_writer_pretty(&mut *w, value)?;
        w.write_all(b"\n")
    })
}
