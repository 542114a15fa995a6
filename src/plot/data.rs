//! Reading a finished run folder: the manifest and the tidy CSV files, each read once and only
//! when a plot needs it. Every problem names the file, and the line and column where it has one.

use super::PlotError;
use crate::files::{self, Links};
use crate::simulate::Observable;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The manifest's file name.
pub const MANIFEST_FILE: &str = "manifest.json";
/// What writes the manifest, for the message when it is missing.
const MANIFEST_WRITTEN_BY: &str =
    "`mgate run` writes it into every run folder; is this a run folder?";

/// The CSV files of a run folder that plots read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvFile {
    /// `timeseries.csv`.
    Timeseries,
    /// `summary.csv`.
    Summary,
    /// `subjects.csv`.
    Subjects,
    /// `effects.csv`.
    Effects,
    /// `individual_effects.csv`.
    IndividualEffects,
}

impl CsvFile {
    /// The file's name in the run folder.
    pub fn file_name(self) -> &'static str {
        match self {
            Self::Timeseries => "timeseries.csv",
            Self::Summary => "summary.csv",
            Self::Subjects => "subjects.csv",
            Self::Effects => "effects.csv",
            Self::IndividualEffects => "individual_effects.csv",
        }
    }

    /// What writes this file, for the message when it is missing.
    pub fn written_by(self) -> &'static str {
        match self {
            Self::Effects => "`mgate run` writes it only for scenarios that estimate effects",
            Self::IndividualEffects => {
                "`mgate run` writes it only for counterfactual designs (every subject in every arm)"
            }
            _ => "`mgate run` writes it into every run folder",
        }
    }
}

/// A trial arm as the manifest names it.
#[derive(Debug, Clone, PartialEq)]
pub struct Arm {
    /// Name used in the CSV files.
    pub name: String,
    /// Label for people.
    pub label: String,
}

/// What plots need from `manifest.json`.
#[derive(Debug, Clone)]
pub struct Manifest {
    /// `scenario.title`.
    pub title: String,
    /// `scenario.name`.
    pub name: String,
    /// `seed`, if recorded.
    pub seed: Option<u64>,
    /// `scenario.arms`, in scenario order.
    pub arms: Vec<Arm>,
    /// `scenario.duration_days`, if recorded.
    pub duration_days: Option<f64>,
    /// The whole document, for the parameters.
    json: Value,
    path: PathBuf,
}

impl Manifest {
    fn read(path: &Path) -> Result<Self, PlotError> {
        let text = files::read_text(path, Links::Refuse, files::MAX_DOCUMENT_BYTES)?;
        let json: Value = serde_json::from_str(&text).map_err(|source| PlotError::Json {
            path: path.to_path_buf(),
            source,
        })?;
        let field = |pointer: &'static str| {
            json.pointer(pointer)
                .ok_or_else(|| PlotError::ManifestField {
                    path: path.to_path_buf(),
                    field: pointer,
                })
        };
        let string = |pointer: &'static str| {
            field(pointer)?
                .as_str()
                .map(str::to_string)
                .ok_or_else(|| PlotError::ManifestField {
                    path: path.to_path_buf(),
                    field: pointer,
                })
        };
        let title = string("/scenario/title")?;
        let name = string("/scenario/name")?;
        let arms = field("/scenario/arms")?
            .as_array()
            .ok_or_else(|| PlotError::ManifestField {
                path: path.to_path_buf(),
                field: "/scenario/arms",
            })?
            .iter()
            .map(|arm| {
                let name = arm.get("name").and_then(Value::as_str);
                let label = arm.get("label").and_then(Value::as_str).or(name);
                match (name, label) {
                    (Some(name), Some(label)) => Ok(Arm {
                        name: name.to_string(),
                        label: label.to_string(),
                    }),
                    _ => Err(PlotError::ManifestField {
                        path: path.to_path_buf(),
                        field: "/scenario/arms/*/name",
                    }),
                }
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            seed: json.pointer("/seed").and_then(Value::as_u64),
            duration_days: json
                .pointer("/scenario/duration_days")
                .and_then(Value::as_f64),
            title,
            name,
            arms,
            json,
            path: path.to_path_buf(),
        })
    }

    /// A model parameter recorded under `parameters`.
    pub fn parameter(&self, name: &'static str) -> Result<f64, PlotError> {
        self.json
            .get("parameters")
            .and_then(|p| p.get(name))
            .and_then(Value::as_f64)
            .ok_or_else(|| PlotError::ManifestParameter {
                path: self.path.clone(),
                name,
            })
    }

    /// The footer's run identity.
    pub fn run_label(&self) -> String {
        match self.seed {
            Some(seed) => format!("{}, seed {seed}", self.name),
            None => self.name.clone(),
        }
    }
}

/// A CSV file held in memory: its header and records, with typed, located access.
///
/// The cells are kept in one text buffer with their end offsets (not one allocation per record):
/// a plot reading a few columns of a large `timeseries.csv` spends its time parsing, not
/// allocating.
#[derive(Debug)]
pub struct Table {
    path: PathBuf,
    header: Vec<String>,
    /// Every cell's text, row after row.
    text: String,
    /// Where each cell ends in `text` (row-major, `header.len()` per row); a cell starts where
    /// the one before it ends.
    ends: Vec<usize>,
    /// The line of each row in the file, for messages.
    lines: Vec<u64>,
}

impl Table {
    fn read(path: &Path, file: CsvFile) -> Result<Self, PlotError> {
        Self::read_csv(path, file.written_by())
    }

    /// Reads any CSV file; `written_by` says what writes it, for the message when it is missing.
    pub fn read_csv(path: &Path, written_by: &'static str) -> Result<Self, PlotError> {
        Self::read_columns(path, written_by, None)
    }

    /// The column names of a CSV file (its first line only).
    pub fn read_header(path: &Path, written_by: &'static str) -> Result<Vec<String>, PlotError> {
        Ok(Self::read_columns(path, written_by, Some(&[]))?.header)
    }

    /// Reads a CSV file, keeping only the named columns (in the file's order) when `keep` is
    /// given: a plot that needs three columns of a large file holds only those. With an empty
    /// `keep`, only the header is read.
    fn read_columns(
        path: &Path,
        written_by: &'static str,
        keep: Option<&[&str]>,
    ) -> Result<Self, PlotError> {
        if !path.exists() {
            return Err(PlotError::MissingFile {
                path: path.to_path_buf(),
                written_by,
            });
        }
        let csv_error = |source| PlotError::Csv {
            path: path.to_path_buf(),
            source,
        };
        let file = files::open(path, Links::Refuse, files::MAX_TABLE_BYTES)?;
        let mut reader = csv::Reader::from_reader(file);
        let all: Vec<String> = reader
            .headers()
            .map_err(csv_error)?
            .iter()
            .map(str::to_string)
            .collect();
        let kept: Vec<usize> = match keep {
            None => (0..all.len()).collect(),
            Some(names) => (0..all.len())
                .filter(|&k| names.contains(&all[k].as_str()))
                .collect(),
        };
        let mut table = Self {
            path: path.to_path_buf(),
            header: kept.iter().map(|&k| all[k].clone()).collect(),
            text: String::new(),
            ends: Vec::new(),
            lines: Vec::new(),
        };
        if keep.is_some_and(<[&str]>::is_empty) {
            // The header alone: every column name, no rows.
            table.header = all;
            return Ok(table);
        }
        let mut record = csv::StringRecord::new();
        while reader.read_record(&mut record).map_err(csv_error)? {
            for &k in &kept {
                table.text.push_str(record.get(k).unwrap_or(""));
                table.ends.push(table.text.len());
            }
            let line = record
                .position()
                .map_or(table.lines.len() as u64 + 2, |p| p.line());
            table.lines.push(line);
        }
        // Give back what the buffers' doubling reserved beyond the file.
        table.text.shrink_to_fit();
        table.ends.shrink_to_fit();
        table.lines.shrink_to_fit();
        Ok(table)
    }

    /// The file this table was read from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Number of data rows.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Position of a column, if present.
    pub fn find(&self, column: &str) -> Option<usize> {
        self.header.iter().position(|h| h == column)
    }

    /// Position of a column that must be present.
    pub fn column(&self, column: &str) -> Result<usize, PlotError> {
        self.find(column).ok_or_else(|| PlotError::MissingColumn {
            path: self.path.clone(),
            column: column.to_string(),
            available: self.header.join(", "),
        })
    }

    /// The text in a cell.
    pub fn text(&self, row: usize, column: usize) -> &str {
        let width = self.header.len();
        if column >= width || row >= self.lines.len() {
            return "";
        }
        let cell = row * width + column;
        let start = if cell == 0 { 0 } else { self.ends[cell - 1] };
        &self.text[start..self.ends[cell]]
    }

    /// A number in a cell.
    pub fn number(&self, row: usize, column: usize) -> Result<f64, PlotError> {
        let cell = self.text(row, column).trim();
        cell.parse::<f64>()
            .map_err(|_| self.bad_number(row, column))
    }

    /// A number in a cell that may be missing: empty or `NA` (as mgate writes open strata ends
    /// and effects of empty groups, and as R and pandas read missing values).
    pub fn optional_number(&self, row: usize, column: usize) -> Result<Option<f64>, PlotError> {
        match self.text(row, column).trim() {
            "" | "NA" => Ok(None),
            cell => cell
                .parse::<f64>()
                .map(Some)
                .map_err(|_| self.bad_number(row, column)),
        }
    }

    fn bad_number(&self, row: usize, column: usize) -> PlotError {
        PlotError::BadNumber {
            path: self.path.clone(),
            line: self.lines.get(row).copied().unwrap_or(row as u64 + 2),
            column: self.header[column].clone(),
            value: self.text(row, column).to_string(),
        }
    }

    /// The observables that have a column `<observable name><suffix>`, in [`Observable::ALL`]
    /// order.
    pub fn observables_with_suffix(&self, suffix: &str) -> Vec<Observable> {
        Observable::ALL
            .into_iter()
            .filter(|o| self.find(&format!("{}{suffix}", o.name())).is_some())
            .collect()
    }
}

/// A run folder, its manifest read, its CSV files read on first use.
#[derive(Debug)]
pub struct Run {
    dir: PathBuf,
    /// The manifest.
    pub manifest: Manifest,
    timeseries: OnceLock<Table>,
    summary: OnceLock<Table>,
    subjects: OnceLock<Table>,
    effects: OnceLock<Table>,
    individual_effects: OnceLock<Table>,
    /// Held while a table is read, so that plots drawn in parallel that need the same file wait
    /// for one reading instead of each holding a copy (a 100,000-subject `subjects.csv` is about
    /// 100 MB in memory).
    reading: std::sync::Mutex<()>,
}

impl Run {
    /// Opens a run folder by reading its manifest.
    pub fn open(dir: &Path) -> Result<Self, PlotError> {
        if !dir.is_dir() {
            return Err(PlotError::NoRunFolder(dir.to_path_buf()));
        }
        let manifest = dir.join(MANIFEST_FILE);
        if !manifest.exists() {
            return Err(PlotError::MissingFile {
                path: manifest,
                written_by: MANIFEST_WRITTEN_BY,
            });
        }
        Ok(Self {
            dir: dir.to_path_buf(),
            manifest: Manifest::read(&manifest)?,
            timeseries: OnceLock::new(),
            summary: OnceLock::new(),
            subjects: OnceLock::new(),
            effects: OnceLock::new(),
            individual_effects: OnceLock::new(),
            reading: std::sync::Mutex::new(()),
        })
    }

    /// Path of the run's manifest.
    pub fn manifest_path(&self) -> PathBuf {
        self.dir.join(MANIFEST_FILE)
    }

    /// Where a CSV file of the run is.
    pub fn path_of(&self, file: CsvFile) -> PathBuf {
        self.dir.join(file.file_name())
    }

    /// The column names of a CSV file of the run.
    pub fn header(&self, file: CsvFile) -> Result<Vec<String>, PlotError> {
        Table::read_header(&self.dir.join(file.file_name()), file.written_by())
    }

    /// Only the named columns of a CSV file of the run (those present; read anew, not kept):
    /// for plots that need a few columns of a large file such as `timeseries.csv`.
    pub fn columns(&self, file: CsvFile, columns: &[&str]) -> Result<Table, PlotError> {
        Table::read_columns(
            &self.dir.join(file.file_name()),
            file.written_by(),
            Some(columns),
        )
    }

    /// A CSV file of the run, read on first use.
    pub fn table(&self, file: CsvFile) -> Result<&Table, PlotError> {
        let cell = match file {
            CsvFile::Timeseries => &self.timeseries,
            CsvFile::Summary => &self.summary,
            CsvFile::Subjects => &self.subjects,
            CsvFile::Effects => &self.effects,
            CsvFile::IndividualEffects => &self.individual_effects,
        };
        if let Some(table) = cell.get() {
            return Ok(table);
        }
        // A poisoned lock only means another plot panicked while reading: reading again is safe.
        let _reading = self
            .reading
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(table) = cell.get() {
            return Ok(table);
        }
        let table = Table::read(&self.dir.join(file.file_name()), file)?;
        Ok(cell.get_or_init(|| table))
    }

    /// The arms in plotting order: the manifest's arms, then any other arm found in `names`.
    pub fn arms_in<'a>(&self, names: impl IntoIterator<Item = &'a str>) -> Vec<Arm> {
        let mut arms = self.manifest.arms.clone();
        for name in names {
            if !arms.iter().any(|a| a.name == name) {
                arms.push(Arm {
                    name: name.to_string(),
                    label: name.to_string(),
                });
            }
        }
        arms
    }
}

/// Mean, and the half-width of its 95% normal interval (1.96 standard errors; `None` for fewer
/// than two values).
pub fn mean_and_half_interval(values: &[f64]) -> (f64, Option<f64>) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    if values.len() < 2 {
        return (mean, None);
    }
    let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, Some(1.96 * (variance / n).sqrt()))
}

/// Bins with fewer points than this get no mean.
pub const MIN_PER_BIN: usize = 3;

/// The mean of y over the points whose x falls in one bin `[k·width, (k+1)·width)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bin {
    /// The bin's number k.
    pub key: i64,
    /// The mean x of the bin's points (so that the mean lies among its data).
    pub x: f64,
    /// The mean y.
    pub mean: f64,
    /// Half-width of the 95% interval of the mean (1.96·SE).
    pub half: f64,
}

/// Means of y per x bin of `width`, for bins with at least [`MIN_PER_BIN`] points, in order
/// of x.
pub fn binned_means(points: &[(f64, f64)], width: f64) -> Vec<Bin> {
    let mut bins: std::collections::BTreeMap<i64, (Vec<f64>, Vec<f64>)> = Default::default();
    for &(x, y) in points {
        let bin = bins.entry((x / width).floor() as i64).or_default();
        bin.0.push(x);
        bin.1.push(y);
    }
    bins.into_iter()
        .filter(|(_, (_, ys))| ys.len() >= MIN_PER_BIN)
        .filter_map(|(key, (xs, ys))| {
            let (x, _) = mean_and_half_interval(&xs);
            let (mean, half) = mean_and_half_interval(&ys);
            half.map(|half| Bin { key, x, mean, half })
        })
        .collect()
}

/// A step of 1, 2 or 5 times a power of ten near `raw` (1 for nothing to bin).
pub fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let power = 10f64.powf(raw.log10().floor());
    let mantissa = raw / power;
    let nice = if mantissa < 1.5 {
        1.0
    } else if mantissa < 3.5 {
        2.0
    } else if mantissa < 7.5 {
        5.0
    } else {
        10.0
    };
    nice * power
}

/// A bin width that splits the x range of `points` into about six bins.
pub fn bin_width(points: impl IntoIterator<Item = f64>) -> f64 {
    let (low, high) = points
        .into_iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |acc, x| {
            (acc.0.min(x), acc.1.max(x))
        });
    nice_step((high - low) / 6.0)
}

/// A number with its sign, `+1.2` or `-0.03`.
pub fn signed(value: f64) -> String {
    let text = super::style::tick(&value);
    if value > 0.0 && text != "0" {
        format!("+{text}")
    } else {
        text
    }
}

/// Words for a list: `a`, `a and b`, `a, b and c`.
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Median of values (sorted in place; NaN for none).
pub fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => f64::NAN,
        _ if n % 2 == 1 => values[n / 2],
        _ => 0.5 * (values[n / 2 - 1] + values[n / 2]),
    }
}

/// Up to `count` items spread evenly over `items` (all of them if there are no more than
/// `count`), always the same ones for the same input.
pub fn evenly_spaced<T: Clone>(items: &[T], count: usize) -> Vec<T> {
    if items.len() <= count {
        return items.to_vec();
    }
    (0..count)
        .map(|i| items[i * items.len() / count].clone())
        .collect()
}

/// Sorts subject ids numerically when they are numbers, else as text.
pub fn sort_subject_ids(ids: &mut [String]) {
    ids.sort_by(|a, b| match (a.parse::<u64>(), b.parse::<u64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        _ => a.cmp(b),
    });
}

/// The unit-bearing axis description of an observable, e.g. `25(OH)D (ng/mL)`.
pub fn axis_label(observable: Observable) -> String {
    with_unit(observable.label(), observable)
}

/// `text` followed by the observable's unit in parentheses (nothing for ratios), e.g.
/// `baseline 25(OH)D (ng/mL)`.
pub fn with_unit(text: &str, observable: Observable) -> String {
    match observable.unit() {
        "1" => text.to_string(),
        unit => format!("{text} ({unit})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(7.3), 5.0);
        assert_eq!(nice_step(0.012), 0.01);
        assert_eq!(nice_step(2.6), 2.0);
        assert_eq!(nice_step(0.0), 1.0);
    }

    #[test]
    fn bins_need_enough_points() {
        let points = [(1.0, 2.0), (2.0, 4.0), (3.0, 6.0), (12.0, 1.0)];
        let bins = binned_means(&points, 10.0);
        assert_eq!(bins.len(), 1);
        assert_eq!((bins[0].key, bins[0].x, bins[0].mean), (0, 2.0, 4.0));
    }

    #[test]
    fn lists_read_as_words() {
        let words = |v: &[&str]| and_list(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(words(&["a"]), "a");
        assert_eq!(words(&["a", "b"]), "a and b");
        assert_eq!(words(&["a", "b", "c"]), "a, b and c");
    }

    #[test]
    fn evenly_spaced_is_deterministic_and_bounded() {
        let items: Vec<usize> = (0..100).collect();
        assert_eq!(evenly_spaced(&items, 4), vec![0, 25, 50, 75]);
        assert_eq!(evenly_spaced(&items[..3], 30), vec![0, 1, 2]);
    }

    #[test]
    fn mean_interval_matches_hand_computation() {
        let (mean, half) = mean_and_half_interval(&[1.0, 2.0, 3.0, 4.0]);
        assert_eq!(mean, 2.5);
        let se = (1.666_666_666_666_666_7_f64 / 4.0).sqrt();
        assert!((half.unwrap() - 1.96 * se).abs() < 1e-12);
        assert_eq!(mean_and_half_interval(&[5.0]), (5.0, None));
    }

    #[test]
    fn median_of_even_and_odd_counts() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), 2.5);
    }

    #[test]
    fn subject_ids_sort_as_numbers() {
        let mut ids = vec!["10".to_string(), "2".to_string(), "1".to_string()];
        sort_subject_ids(&mut ids);
        assert_eq!(ids, ["1", "2", "10"]);
    }
}
