//! `mgate merge`: shards of one sweep back into one table, the same rows in the same order as
//! the unsharded sweep writes, byte for byte.
//!
//! Shards are refused, with a message naming the folders, when they come from different
//! scenarios or sweeps, seeds or mgate versions, when a shard is missing or given twice, when
//! their rows do not cover every point exactly once, or when a shard's `sweep.csv` was changed
//! after it was written: its rows must match the checksum its manifest recorded, every varied
//! value must lie in its dimension's range and every other cell must be a finite number or `NA`.
//! The files are read as [`crate::files`] reads output folders: regular files only, no links,
//! bounded in size.

use super::shard::MAX_SHARDS;
use crate::files::{self, Links};
use crate::output::manifest;
use crate::output::sweep::{FILE, ROWS_CHECKSUM, RowChecksum};
use crate::scenario::sweep::{MAX_DIMENSIONS, MAX_POINTS};
use crate::scenario::{Axis, VaryOption};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Why shards cannot be merged (all of them are bad input: exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// No folders were given.
    #[error("no shard folders given; pass the --out folders of `mgate sweep --shard K/N` runs")]
    Nothing,
    /// A folder is not a sweep folder.
    #[error("{}: {reason}", dir.display())]
    NotASweep {
        /// The folder.
        dir: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// Two shards disagree about what they are part of.
    #[error(
        "{} and {} are not shards of one sweep: {what} differs ({first} against {second}); rerun the shards with the same scenario, options and mgate version",
        first_dir.display(), second_dir.display()
    )]
    Mismatch {
        /// What differs (e.g. `the seed`).
        what: &'static str,
        /// The first folder.
        first_dir: PathBuf,
        /// Its value.
        first: String,
        /// The other folder.
        second_dir: PathBuf,
        /// Its value.
        second: String,
    },
    /// A shard is given twice.
    #[error("shard {shard} is given twice: {} and {}", first.display(), second.display())]
    Duplicate {
        /// The shard, `K/N`.
        shard: String,
        /// One folder.
        first: PathBuf,
        /// The other.
        second: PathBuf,
    },
    /// Shards are missing.
    #[error(
        "missing shard(s) {missing} of {count}: merge needs every shard of the sweep (each from `mgate sweep ... --shard K/{count}`)"
    )]
    Missing {
        /// The missing shards, e.g. `2, 4`.
        missing: String,
        /// How many shards there are.
        count: usize,
    },
    /// A shard's rows are not the points it should hold.
    #[error("{}: {reason}", dir.display())]
    BadRows {
        /// The folder.
        dir: PathBuf,
        /// What is wrong.
        reason: String,
    },
}

/// One shard folder, read.
#[derive(Debug)]
struct ShardFolder {
    dir: PathBuf,
    manifest: Value,
    index: usize,
    count: usize,
    header: csv::StringRecord,
    rows: Vec<(usize, csv::StringRecord)>,
}

fn not_a_sweep(dir: &Path, reason: impl Into<String>) -> MergeError {
    MergeError::NotASweep {
        dir: dir.to_path_buf(),
        reason: reason.into(),
    }
}

fn read_shard(dir: &Path) -> Result<ShardFolder, MergeError> {
    let manifest_path = dir.join(manifest::FILE);
    let text = files::read_text(&manifest_path, Links::Refuse, files::MAX_DOCUMENT_BYTES).map_err(
        |e| {
            not_a_sweep(
                dir,
                format!("{e}; give the --out folder of an `mgate sweep` run"),
            )
        },
    )?;
    let manifest: Value = serde_json::from_str(&text)
        .map_err(|e| not_a_sweep(dir, format!("{} is not valid JSON: {e}", manifest::FILE)))?;
    if manifest.pointer("/kind").and_then(Value::as_str) != Some("sweep") {
        return Err(not_a_sweep(
            dir,
            "its manifest is not a sweep's; give the --out folders of `mgate sweep` runs",
        ));
    }
    let number = |pointer: &str, valid: std::ops::RangeInclusive<usize>| {
        manifest
            .pointer(pointer)
            .and_then(Value::as_u64)
            .and_then(|n| usize::try_from(n).ok())
            .filter(|n| valid.contains(n))
            .ok_or_else(|| {
                not_a_sweep(
                    dir,
                    format!(
                        "its manifest has no `{pointer}` from {} to {}; was it edited?",
                        valid.start(),
                        valid.end()
                    ),
                )
            })
    };
    let count = number("/shard/count", 1..=MAX_SHARDS)?;
    let index = number("/shard/index", 1..=count)?;
    let total = number("/sweep/points", 1..=MAX_POINTS)?;
    let recorded = manifest
        .pointer(&format!("/{ROWS_CHECKSUM}"))
        .and_then(Value::as_str)
        .ok_or_else(|| {
            not_a_sweep(
                dir,
                format!(
                    "its manifest records no checksum of {FILE} (`{ROWS_CHECKSUM}`); rerun the shard with this mgate"
                ),
            )
        })?;
    let bounds = varied_bounds(dir, &manifest)?;
    let path = dir.join(FILE);
    let file = files::open(&path, Links::Refuse, files::MAX_TABLE_BYTES)
        .map_err(|e| not_a_sweep(dir, e.to_string()))?;
    let mut reader = csv::Reader::from_reader(file);
    let header = reader
        .headers()
        .map_err(|e| not_a_sweep(dir, format!("cannot read {FILE}: {e}")))?
        .clone();
    if header.get(0) != Some("point") || header.len() <= bounds.len() {
        return Err(not_a_sweep(
            dir,
            format!(
                "{FILE} does not start with a `point` column and the {} varied value(s)",
                bounds.len()
            ),
        ));
    }
    let bad_rows = |reason: String| MergeError::BadRows {
        dir: dir.to_path_buf(),
        reason,
    };
    let mut checksum = RowChecksum::default();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| not_a_sweep(dir, format!("{FILE}: {e}")))?;
        checksum.add_row(record.iter());
        let point = record
            .get(0)
            .and_then(|p| p.parse::<usize>().ok())
            .ok_or_else(|| {
                bad_rows(format!(
                    "{FILE} has a row whose point is not a whole number"
                ))
            })?;
        if point >= total || point % count != index - 1 {
            return Err(bad_rows(format!(
                "{FILE} has point {point}, which is not in shard {index}/{count} of {total} points"
            )));
        }
        if rows.len() >= total {
            return Err(bad_rows(format!(
                "{FILE} has more rows than the sweep's {total} points"
            )));
        }
        check_cells(&record, &header, &bounds).map_err(|reason| {
            bad_rows(format!(
                "{FILE}, point {point}: {reason}; was the file edited?"
            ))
        })?;
        rows.push((point, record));
    }
    if checksum.text() != recorded {
        return Err(bad_rows(format!(
            "{FILE} does not match the checksum of its rows recorded in {} ({recorded}, the rows give {}): was the file edited? Rerun the shard",
            manifest::FILE,
            checksum.text()
        )));
    }
    Ok(ShardFolder {
        dir: dir.to_path_buf(),
        manifest,
        index,
        count,
        header,
        rows,
    })
}

/// The interval each varied value lies in, from the manifest's dimensions (their `--vary`
/// specification), in column order.
fn varied_bounds(dir: &Path, manifest: &Value) -> Result<Vec<(f64, f64)>, MergeError> {
    let dimensions = manifest
        .pointer("/sweep/dimensions")
        .and_then(Value::as_array)
        .filter(|d| (1..=MAX_DIMENSIONS).contains(&d.len()))
        .ok_or_else(|| {
            not_a_sweep(
                dir,
                "its manifest has no `/sweep/dimensions`; was it edited?",
            )
        })?;
    let hypercube = manifest
        .pointer("/sweep/design/kind")
        .and_then(Value::as_str)
        == Some("lhs");
    dimensions
        .iter()
        .map(|d| {
            let field = |key: &str| d.get(key).and_then(Value::as_str).unwrap_or("");
            let option = VaryOption {
                path: field("path").to_string(),
                spec: field("spec").to_string(),
                raw: String::new(),
            };
            let axis = option.dimension(hypercube).map(|d| d.axis).map_err(|e| {
                not_a_sweep(
                    dir,
                    format!(
                        "its manifest's dimension `{}` is not valid ({e}); was it edited?",
                        option.path
                    ),
                )
            })?;
            Ok(match axis {
                Axis::Range { start, stop, .. } => (start.min(stop), start.max(stop)),
                Axis::Linear { start, stop, .. } | Axis::Log { start, stop, .. } => {
                    (start.min(stop), start.max(stop))
                }
                Axis::List(values) => values
                    .iter()
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                        (lo.min(*v), hi.max(*v))
                    }),
            })
        })
        .collect()
}

/// Checks a row's cells: each varied value inside its dimension's interval, every other cell a
/// finite number or `NA`.
fn check_cells(
    record: &csv::StringRecord,
    header: &csv::StringRecord,
    bounds: &[(f64, f64)],
) -> Result<(), String> {
    for (k, cell) in record.iter().enumerate().skip(1) {
        let column = header.get(k).unwrap_or("?");
        if cell == "NA" && k > bounds.len() {
            continue;
        }
        let value = cell
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| format!("`{column}` holds `{cell}`, not a finite number"))?;
        if let Some(&(low, high)) = bounds.get(k - 1)
            && !(low..=high).contains(&value)
        {
            return Err(format!(
                "the varied value `{column}` = {value} lies outside the sweep's range {low} to {high}"
            ));
        }
    }
    Ok(())
}

/// Shards put together.
#[derive(Debug)]
pub struct Merged {
    /// The `sweep` object every shard's manifest shares.
    pub sweep: Value,
    /// The header of `sweep.csv`.
    pub header: csv::StringRecord,
    /// Every row, in point order.
    pub rows: Vec<csv::StringRecord>,
    /// The shard folders, in shard order.
    pub shards: Vec<PathBuf>,
}

/// Reads and checks shard folders and merges their rows.
pub fn merge(dirs: &[PathBuf]) -> Result<Merged, MergeError> {
    let mut shards = dirs
        .iter()
        .map(|d| read_shard(d))
        .collect::<Result<Vec<_>, _>>()?;
    let first = shards.first().ok_or(MergeError::Nothing)?;
    let text = |s: &ShardFolder, pointer: &str| {
        s.manifest.pointer(pointer).map_or_else(
            || "none".to_string(),
            |v| v.to_string().trim_matches('"').to_string(),
        )
    };
    let checks: [(&'static str, &str); 5] = [
        ("the mgate version", "/mgate_version"),
        ("the scenario", "/sweep/scenario/name"),
        ("the seed", "/sweep/scenario/seed"),
        ("the number of shards", "/shard/count"),
        (
            "the sweep (scenario text, options or points; fingerprint)",
            "/sweep/id",
        ),
    ];
    for other in &shards[1..] {
        for (what, pointer) in checks {
            let (a, b) = (text(first, pointer), text(other, pointer));
            if a != b {
                return Err(MergeError::Mismatch {
                    what,
                    first_dir: first.dir.clone(),
                    first: a,
                    second_dir: other.dir.clone(),
                    second: b,
                });
            }
        }
        if other.header != first.header {
            return Err(MergeError::Mismatch {
                what: "the columns of sweep.csv",
                first_dir: first.dir.clone(),
                first: format!("{} columns", first.header.len()),
                second_dir: other.dir.clone(),
                second: format!("{} columns", other.header.len()),
            });
        }
    }
    let count = first.count;
    let total = first
        .manifest
        .pointer("/sweep/points")
        .and_then(Value::as_u64)
        .unwrap_or(0) as usize;
    let sweep = first.manifest["sweep"].clone();
    let header = first.header.clone();
    shards.sort_by_key(|s| s.index);
    for pair in shards.windows(2) {
        if pair[0].index == pair[1].index {
            return Err(MergeError::Duplicate {
                shard: format!("{}/{count}", pair[0].index),
                first: pair[0].dir.clone(),
                second: pair[1].dir.clone(),
            });
        }
    }
    let missing: Vec<String> = (1..=count)
        .filter(|k| !shards.iter().any(|s| s.index == *k))
        .map(|k| k.to_string())
        .collect();
    if !missing.is_empty() {
        return Err(MergeError::Missing {
            missing: missing.join(", "),
            count,
        });
    }
    let mut slots: Vec<Option<csv::StringRecord>> = vec![None; total];
    let mut folders = Vec::new();
    for shard in shards {
        for (point, record) in shard.rows {
            if slots[point].is_some() {
                return Err(MergeError::BadRows {
                    dir: shard.dir.clone(),
                    reason: format!("{FILE} has point {point} twice"),
                });
            }
            slots[point] = Some(record);
        }
        folders.push(shard.dir);
    }
    if let Some(point) = slots.iter().position(Option::is_none) {
        // Shards are sorted and complete, so the shard of a point is at index `point % count`.
        return Err(MergeError::BadRows {
            dir: folders[point % count].clone(),
            reason: format!(
                "{FILE} lacks point {point} ({} of the {total} points are missing in all); was the file edited?",
                slots.iter().filter(|s| s.is_none()).count()
            ),
        });
    }
    Ok(Merged {
        sweep,
        header,
        rows: slots.into_iter().flatten().collect(),
        shards: folders,
    })
}
