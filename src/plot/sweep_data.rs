//! Reading a sweep or sensitivity folder for its plots: the `sweep` (or `sensitivity`) object of
//! `manifest.json` and the CSV table, plus the axis helpers the sweep plots share.

use super::PlotError;
use super::data::{MANIFEST_FILE, Table};
use super::style::PageHeader;
use crate::simulate::Observable;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// An arm as the sweep manifest names it.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepArm {
    /// Name in column names.
    pub name: String,
    /// Label for people.
    pub label: String,
}

/// A varied dimension.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepDimension {
    /// Dot path (the column name in `sweep.csv`).
    pub path: String,
    /// Words for the axis.
    pub label: String,
    /// Whether its values are spaced in log scale.
    pub log: bool,
}

/// A finished sweep folder: what its manifest says and its table.
#[derive(Debug)]
pub struct SweepFolder {
    /// Scenario title.
    pub title: String,
    /// Scenario name.
    pub name: String,
    /// Seed.
    pub seed: u64,
    /// Subjects per point.
    pub subjects: u64,
    /// Varied dimensions, in column order.
    pub dimensions: Vec<SweepDimension>,
    /// Endpoints (observable names).
    pub endpoints: Vec<String>,
    /// Arms, in scenario order.
    pub arms: Vec<SweepArm>,
    /// Name of the reference arm.
    pub reference: String,
    /// Whether the points form a grid (else a Latin hypercube).
    pub grid: bool,
    /// `sweep.csv`.
    pub table: Table,
}

/// Reads a manifest and returns one of its objects.
pub fn manifest_object(
    dir: &Path,
    key: &'static str,
    written_by: &'static str,
) -> Result<(Value, PathBuf), PlotError> {
    if !dir.is_dir() {
        return Err(PlotError::NoRunFolder(dir.to_path_buf()));
    }
    let path = dir.join(MANIFEST_FILE);
    if !path.exists() {
        return Err(PlotError::MissingFile { path, written_by });
    }
    let text = crate::files::read_text(
        &path,
        crate::files::Links::Refuse,
        crate::files::MAX_DOCUMENT_BYTES,
    )?;
    let json: Value = serde_json::from_str(&text).map_err(|source| PlotError::Json {
        path: path.clone(),
        source,
    })?;
    let object = json
        .get(key)
        .cloned()
        .ok_or_else(|| PlotError::ManifestField {
            path: path.clone(),
            field: if key == "sweep" {
                "/sweep"
            } else {
                "/sensitivity"
            },
        })?;
    Ok((object, path))
}

/// A string field of a manifest object.
pub fn text_field(object: &Value, path: &Path, pointer: &'static str) -> Result<String, PlotError> {
    object
        .pointer(pointer)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| PlotError::ManifestField {
            path: path.to_path_buf(),
            field: pointer,
        })
}

/// The strings of an array field.
fn strings(object: &Value, path: &Path, pointer: &'static str) -> Result<Vec<String>, PlotError> {
    object
        .pointer(pointer)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .ok_or_else(|| PlotError::ManifestField {
            path: path.to_path_buf(),
            field: pointer,
        })
}

const SWEEP_WRITTEN_BY: &str = "`mgate sweep` and `mgate merge` write it into every sweep folder";

impl SweepFolder {
    /// Opens a sweep folder.
    pub fn open(dir: &Path) -> Result<Self, PlotError> {
        let (sweep, path) = manifest_object(dir, "sweep", SWEEP_WRITTEN_BY)?;
        let field = |pointer: &'static str| PlotError::ManifestField {
            path: path.clone(),
            field: pointer,
        };
        let dimensions = sweep
            .pointer("/dimensions")
            .and_then(Value::as_array)
            .ok_or_else(|| field("/sweep/dimensions"))?
            .iter()
            .map(|d| {
                Some(SweepDimension {
                    path: d.get("path")?.as_str()?.to_string(),
                    label: d.get("label")?.as_str()?.to_string(),
                    log: d.get("scale").and_then(Value::as_str) == Some("log"),
                })
            })
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| field("/sweep/dimensions/*/path"))?;
        let arms = sweep
            .pointer("/scenario/arms")
            .and_then(Value::as_array)
            .ok_or_else(|| field("/sweep/scenario/arms"))?
            .iter()
            .map(|a| {
                Some(SweepArm {
                    name: a.get("name")?.as_str()?.to_string(),
                    label: a.get("label")?.as_str()?.to_string(),
                })
            })
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| field("/sweep/scenario/arms/*/name"))?;
        let table = Table::read_csv(&dir.join(crate::output::sweep::FILE), SWEEP_WRITTEN_BY)?;
        Ok(Self {
            title: text_field(&sweep, &path, "/scenario/title")?,
            name: text_field(&sweep, &path, "/scenario/name")?,
            seed: sweep
                .pointer("/scenario/seed")
                .and_then(Value::as_u64)
                .unwrap_or(0),
            subjects: sweep
                .pointer("/scenario/subjects")
                .and_then(Value::as_u64)
                .unwrap_or(0),
            endpoints: strings(&sweep, &path, "/endpoints")?,
            reference: text_field(&sweep, &path, "/reference_arm")?,
            grid: sweep.pointer("/design/kind").and_then(Value::as_str) == Some("grid"),
            dimensions,
            arms,
            table,
        })
    }

    /// The page header of its plots.
    pub fn header(&self) -> PageHeader {
        PageHeader {
            title: self.title.clone(),
            run: format!(
                "{}, seed {}, {} subjects per point",
                self.name, self.seed, self.subjects
            ),
        }
    }

    /// A numeric column, one value per row (`NA` as NaN).
    pub fn column(&self, name: &str) -> Result<Vec<f64>, PlotError> {
        let column = self.table.column(name)?;
        (0..self.table.len())
            .map(|row| Ok(self.table.optional_number(row, column)?.unwrap_or(f64::NAN)))
            .collect()
    }

    /// The arms compared with the reference.
    pub fn compared_arms(&self) -> impl Iterator<Item = (usize, &SweepArm)> {
        self.arms
            .iter()
            .enumerate()
            .filter(|(_, a)| a.name != self.reference)
    }
}

/// Words and unit for an endpoint name, e.g. `25(OH)D` and ` (ng/mL)`.
pub fn endpoint_words(name: &str) -> (String, String) {
    match Observable::from_name(name) {
        Some(o) => (
            o.label().to_string(),
            match o.unit() {
                "1" => String::new(),
                unit => format!(" ({unit})"),
            },
        ),
        None => (name.to_string(), String::new()),
    }
}

/// An axis whose ticks sit exactly at given positions (rows of a tornado, cells of a heatmap,
/// the values of a log-spaced sweep), linear or logarithmic.
#[derive(Debug, Clone)]
pub struct TickAxis {
    /// Lower end.
    pub low: f64,
    /// Upper end.
    pub high: f64,
    /// Tick positions.
    pub ticks: Vec<f64>,
    /// Logarithmic scale (both ends positive).
    pub log: bool,
}

impl Ranged for TickAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let fraction = if self.log {
            (value.ln() - self.low.ln()) / (self.high.ln() - self.low.ln())
        } else {
            (value - self.low) / (self.high - self.low)
        };
        limit.0 + (f64::from(limit.1 - limit.0) * fraction).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() || hint.max_num_points() == 0 {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.low..self.high
    }
}

/// A "nice" step near `raw`: 1, 2 or 5 times a power of ten.
pub fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let power = 10_f64.powf(raw.log10().floor());
    let mantissa = raw / power;
    let nice = if mantissa <= 1.0 {
        1.0
    } else if mantissa <= 2.0 {
        2.0
    } else if mantissa <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * power
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(0.7), 1.0);
        assert_eq!(nice_step(1.3), 2.0);
        assert_eq!(nice_step(30.0), 50.0);
        assert_eq!(nice_step(0.0), 1.0);
    }
}
