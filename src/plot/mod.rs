//! Teaching plots drawn from the files of a finished run (never from a simulation).
//!
//! **Illustrative toy model: not calibrated, not medical advice.** Every plot says so in its footer
//! ([`crate::DISCLAIMER`]).
//!
//! Each [`PlotKind`] has its own file; `style.rs` holds the one frame every plot uses (embedded
//! DejaVu Sans, Okabe–Ito colours with a dash and a marker per arm, title, legend panel, footer,
//! axes and panels) and `data.rs` reads the run folder. Every plot is written twice, as
//! `<kind>[_<observable>].png` and `.svg`, 1280×720 pixels (a slide), the SVG with its text as
//! glyph outlines so that it looks like the PNG anywhere; the same files always give the same
//! bytes. Each figure also computes its caption from the data it draws (see
//! [`DefaultSet::figures`]).
//!
//! ```no_run
//! use mgate::plot::{PlotKind, render, render_default_set};
//! use mgate::simulate::Observable;
//! use std::path::Path;
//!
//! let run = Path::new("results/cheung2022");
//! let files = render(run, PlotKind::TimeCourse, Some(Observable::SerumMg), &run.join("plots"))?;
//! let set = render_default_set(run, &run.join("plots"))?;
//! for (kind, why) in &set.skipped {
//!     eprintln!("skipped {}: {why}", kind.name());
//! }
//! # Ok::<(), mgate::plot::PlotError>(())
//! ```

mod bitmap;
mod change_vs_baseline;
pub mod compare;
mod data;
mod dose_response;
mod effects_forest;
mod gate_curves;
mod glyphs;
mod individual_effects;
mod mg_pools;
mod replicate_effects;
mod spaghetti;
mod style;
mod svg;
mod sweep_data;
mod sweep_heatmap;
mod sweep_line;
mod time_course;
mod tornado;

pub use style::{HEIGHT_PX, WIDTH_PX, caption_of_svg};

/// The caption of an SVG plot file mgate wrote (read safely, as a regular file of modest size),
/// if it carries one.
pub fn caption_of_svg_file(path: &Path) -> Option<String> {
    let text = crate::files::read_text(
        path,
        crate::files::Links::Refuse,
        crate::files::MAX_DOCUMENT_BYTES,
    )
    .ok()?;
    caption_of_svg(&text)
}

use crate::simulate::Observable;
use data::Run;
use std::path::{Path, PathBuf};
use style::{Drawn, PageHeader, write_figure};

/// The kinds of plot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlotKind {
    /// An observable over time per arm: median with its middle-50% band.
    TimeCourse,
    /// An observable over time in a sample of individual subjects, one panel per arm.
    Spaghetti,
    /// Change from baseline against baseline, per arm, with binned means.
    ChangeVsBaseline,
    /// Effect per arm and baseline stratum with intervals (`effects.csv`).
    EffectsForest,
    /// Individual (counterfactual) treatment effects against baseline (`individual_effects.csv`).
    IndividualEffects,
    /// An observable at the end of the study against average vitamin D input.
    DoseResponse,
    /// Serum, tissue and bone magnesium over time, as relative change from day 0.
    MgPools,
    /// The three Mg gates against cellular Mg, with the cohort's range of cellular Mg.
    GateCurves,
    /// Every replicate trial's estimated effect per arm and stratum (`replicates.csv`).
    ReplicateEffects,
}

impl PlotKind {
    /// Every kind, in the order of the default set.
    pub const ALL: [Self; 9] = [
        Self::TimeCourse,
        Self::Spaghetti,
        Self::ChangeVsBaseline,
        Self::EffectsForest,
        Self::IndividualEffects,
        Self::DoseResponse,
        Self::MgPools,
        Self::GateCurves,
        Self::ReplicateEffects,
    ];

    /// The kind's name, used on the command line and in file names.
    pub fn name(self) -> &'static str {
        match self {
            Self::TimeCourse => "time_course",
            Self::Spaghetti => "spaghetti",
            Self::ChangeVsBaseline => "change_vs_baseline",
            Self::EffectsForest => "effects_forest",
            Self::IndividualEffects => "individual_effects",
            Self::DoseResponse => "dose_response",
            Self::MgPools => "mg_pools",
            Self::GateCurves => "gate_curves",
            Self::ReplicateEffects => "replicate_effects",
        }
    }

    /// The kind with this name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    /// One line saying what the plot shows.
    pub fn description(self) -> &'static str {
        match self {
            Self::TimeCourse => "an observable over time per arm: median and middle-50% band",
            Self::Spaghetti => "an observable over time in up to 30 subjects per arm",
            Self::ChangeVsBaseline => {
                "change from baseline against baseline per arm, with binned means"
            }
            Self::EffectsForest => "effect per arm and baseline stratum with intervals",
            Self::IndividualEffects => "individual counterfactual effects against baseline",
            Self::DoseResponse => "an observable at the end against average vitamin D input",
            Self::MgPools => "serum, tissue and bone Mg over time, relative to day 0",
            Self::GateCurves => "the three Mg gates against cellular Mg, with the cohort's range",
            Self::ReplicateEffects => {
                "every replicate trial's effect per arm and stratum, and power"
            }
        }
    }

    /// Whether the kind plots one observable (or endpoint) chosen by the caller.
    pub fn takes_observable(self) -> bool {
        !matches!(self, Self::MgPools | Self::GateCurves)
    }
}

impl std::fmt::Display for PlotKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a plot could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PlotError {
    /// The run folder does not exist.
    #[error("{} is not a folder; pass the --out folder of a finished `mgate run`", .0.display())]
    NoRunFolder(PathBuf),
    /// A file the plot needs is not in the run folder.
    #[error("{} is missing ({written_by})", path.display())]
    MissingFile {
        /// The file that was looked for.
        path: PathBuf,
        /// What writes it.
        written_by: &'static str,
    },
    /// A file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The manifest is not valid JSON.
    #[error("{} is not valid JSON: {source}", path.display())]
    Json {
        /// The manifest.
        path: PathBuf,
        /// The parse error.
        source: serde_json::Error,
    },
    /// The manifest lacks a field plots need.
    #[error("{} has no usable `{field}` (JSON pointer); was it written by `mgate run`?", path.display())]
    ManifestField {
        /// The manifest.
        path: PathBuf,
        /// JSON pointer of the field.
        field: &'static str,
    },
    /// The manifest lacks a model parameter.
    #[error("{} has no number for model parameter `parameters.{name}`", path.display())]
    ManifestParameter {
        /// The manifest.
        path: PathBuf,
        /// The parameter.
        name: &'static str,
    },
    /// A CSV file could not be parsed.
    #[error("cannot read {} as CSV: {source}", path.display())]
    Csv {
        /// The file.
        path: PathBuf,
        /// The CSV error (with its position).
        source: csv::Error,
    },
    /// A CSV file lacks a column.
    #[error("{} has no column `{column}` (it has: {available})", path.display())]
    MissingColumn {
        /// The file.
        path: PathBuf,
        /// The column looked for.
        column: String,
        /// The columns it has.
        available: String,
    },
    /// A cell that should hold a number does not.
    #[error("{} line {line}, column `{column}`: `{value}` is not a number", path.display())]
    BadNumber {
        /// The file.
        path: PathBuf,
        /// Line number (the header is line 1).
        line: u64,
        /// Column name.
        column: String,
        /// The cell's text.
        value: String,
    },
    /// The requested observable is not in the file.
    #[error(
        "{} has no data for observable `{observable}`; it has: {available} \
         (the scenario's output.observables selects what a run records)",
        path.display()
    )]
    ObservableMissing {
        /// The file.
        path: PathBuf,
        /// The observable's column name.
        observable: &'static str,
        /// What the file has.
        available: String,
    },
    /// The requested endpoint is not in the file.
    #[error("{} has no rows for endpoint `{endpoint}`; it has: {available}", path.display())]
    EndpointMissing {
        /// The file.
        path: PathBuf,
        /// The endpoint asked for.
        endpoint: String,
        /// The endpoints it has.
        available: String,
    },
    /// A sweep or sensitivity table has no rows for a plot.
    #[error("{} has no rows to draw a {what} plot from", path.display())]
    NoRows {
        /// The file.
        path: PathBuf,
        /// The plot.
        what: &'static str,
    },
    /// A file has no rows for this plot.
    #[error("{} has no rows to draw a {kind} plot from", path.display())]
    NoData {
        /// The file.
        path: PathBuf,
        /// The plot kind.
        kind: PlotKind,
    },
    /// An observable was given to a kind that does not take one.
    #[error("the {kind} plot shows fixed quantities and takes no observable; leave it out")]
    ObservableNotUsed {
        /// The plot kind.
        kind: PlotKind,
    },
    /// The run's data cannot make this kind of plot.
    #[error("no {kind} plot for this run: {reason}")]
    NotApplicable {
        /// The plot kind.
        kind: PlotKind,
        /// Why not.
        reason: &'static str,
    },
    /// A file is not a regular file, is a link, or is too large to read.
    #[error(transparent)]
    Unreadable(#[from] crate::files::ReadError),
    /// The embedded font could not be loaded (a build problem).
    #[error("the embedded font assets/DejaVuSans.ttf could not be loaded; rebuild mgate")]
    Font,
    /// The output folder could not be created.
    #[error("cannot create {}: {source}", path.display())]
    Write {
        /// The folder.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Drawing or writing a plot file failed.
    #[error("cannot write {}: {source}", path.display())]
    Draw {
        /// The plot file.
        path: PathBuf,
        /// The backend's error.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl PlotError {
    /// Whether the error says only that the run lacks what a plot needs (a file, an observable,
    /// a dose axis), as opposed to a broken file or a failed write.
    pub fn is_missing_input(&self) -> bool {
        matches!(
            self,
            Self::MissingFile { .. }
                | Self::ObservableMissing { .. }
                | Self::EndpointMissing { .. }
                | Self::NoData { .. }
                | Self::NoRows { .. }
                | Self::NotApplicable { .. }
        )
    }
}

/// Renders one plot of a run into `out_dir` (created if needed) as PNG and SVG; returns the two
/// paths.
///
/// `observable` picks what kinds that plot one quantity show (for the effect plots: the endpoint);
/// `None` means 25(OH)D, or the first quantity the file has if it has no 25(OH)D. The files are
/// named `<kind>_<observable>` for those kinds and `<kind>` for the others.
pub fn render(
    run_dir: &Path,
    kind: PlotKind,
    observable: Option<Observable>,
    out_dir: &Path,
) -> Result<Vec<PathBuf>, PlotError> {
    let run = Run::open(run_dir)?;
    Ok(render_kind(&run, kind, observable, out_dir)?.files)
}

/// The result of [`render_default_set`].
#[derive(Debug)]
pub struct DefaultSet {
    /// The files written.
    pub files: Vec<PathBuf>,
    /// Each figure's SVG file with its caption, computed from the data drawn, for the handout.
    pub figures: Vec<(PathBuf, String)>,
    /// The kinds skipped because the run lacks their input, with the reason.
    pub skipped: Vec<(PlotKind, PlotError)>,
}

/// Renders every kind whose input the run has, each for its default observable.
///
/// A kind whose input is absent (say `effects.csv` in a design without effects) is skipped and
/// listed in [`DefaultSet::skipped`]; any other problem (a malformed file, a failed write) stops
/// with an error.
pub fn render_default_set(run_dir: &Path, out_dir: &Path) -> Result<DefaultSet, PlotError> {
    let run = Run::open(run_dir)?;
    let mut set = DefaultSet {
        files: Vec::new(),
        figures: Vec::new(),
        skipped: Vec::new(),
    };
    for kind in PlotKind::ALL {
        match render_kind(&run, kind, None, out_dir) {
            Ok(drawn) => set.add(drawn),
            Err(error) if error.is_missing_input() => set.skipped.push((kind, error)),
            Err(error) => return Err(error),
        }
    }
    Ok(set)
}

/// Renders the chosen kinds: kinds that plot one observable once per observable in
/// `observables` (or their default when the list is empty), the others once. A kind whose input
/// the run does not have (an observable it did not record, effects of a single-arm run) is skipped
/// and listed with the reason.
pub fn render_selection(
    run_dir: &Path,
    kinds: &[PlotKind],
    observables: &[Observable],
    out_dir: &Path,
) -> Result<DefaultSet, PlotError> {
    use rayon::prelude::*;
    let run = Run::open(run_dir)?;
    let mut set = DefaultSet {
        files: Vec::new(),
        figures: Vec::new(),
        skipped: Vec::new(),
    };
    let jobs: Vec<(PlotKind, Option<Observable>)> = kinds
        .iter()
        .flat_map(|&kind| {
            let choices: Vec<Option<Observable>> =
                if kind.takes_observable() && !observables.is_empty() {
                    observables.iter().copied().map(Some).collect()
                } else {
                    vec![None]
                };
            choices
                .into_iter()
                .map(move |observable| (kind, observable))
        })
        .collect();
    // Each plot is its own file: draw them in parallel, report them in the order asked for.
    let rendered: Vec<Result<Drawn, PlotError>> = jobs
        .par_iter()
        .map(|&(kind, observable)| render_kind(&run, kind, observable, out_dir))
        .collect();
    for ((kind, _), result) in jobs.into_iter().zip(rendered) {
        match result {
            Ok(drawn) => set.add(drawn),
            Err(error) if error.is_missing_input() => set.skipped.push((kind, error)),
            Err(error) => return Err(error),
        }
    }
    Ok(set)
}

impl DefaultSet {
    fn add(&mut self, drawn: Drawn) {
        if let Some(svg) = drawn
            .files
            .iter()
            .find(|f| f.extension().is_some_and(|e| e == "svg"))
        {
            self.figures.push((svg.clone(), drawn.caption));
        }
        self.files.extend(drawn.files);
    }
}

impl PlotKind {
    /// Whether this kind draws values over time (from `summary.csv` or `timeseries.csv` at every
    /// sampled day), so that a run keeping only baseline and end values cannot draw it.
    pub fn needs_time_course(self) -> bool {
        matches!(self, Self::TimeCourse | Self::MgPools | Self::Spaghetti)
    }
}

fn render_kind(
    run: &Run,
    kind: PlotKind,
    observable: Option<Observable>,
    out_dir: &Path,
) -> Result<Drawn, PlotError> {
    if observable.is_some() && !kind.takes_observable() {
        return Err(PlotError::ObservableNotUsed { kind });
    }
    let header = PageHeader {
        title: run.manifest.title.clone(),
        run: run.manifest.run_label(),
    };
    match kind {
        PlotKind::TimeCourse => {
            let f = time_course::TimeCourse::prepare(run, observable)?;
            write_figure(&f, &header, out_dir, &stem(kind, Some(f.observable.name())))
        }
        PlotKind::Spaghetti => {
            let f = spaghetti::Spaghetti::prepare(run, observable)?;
            write_figure(&f, &header, out_dir, &stem(kind, Some(f.observable.name())))
        }
        PlotKind::ChangeVsBaseline => {
            let f = change_vs_baseline::ChangeVsBaseline::prepare(run, observable)?;
            write_figure(&f, &header, out_dir, &stem(kind, Some(f.observable.name())))
        }
        PlotKind::EffectsForest => {
            let f = effects_forest::EffectsForest::prepare(run, observable)?;
            write_figure(&f, &header, out_dir, &stem(kind, Some(&f.endpoint.name)))
        }
        PlotKind::IndividualEffects => {
            let f = individual_effects::IndividualEffects::prepare(run, observable)?;
            write_figure(&f, &header, out_dir, &stem(kind, Some(&f.endpoint.name)))
        }
        PlotKind::DoseResponse => {
            let f = dose_response::DoseResponse::prepare(run, observable)?;
            write_figure(&f, &header, out_dir, &stem(kind, Some(f.observable.name())))
        }
        PlotKind::MgPools => {
            let f = mg_pools::MgPools::prepare(run)?;
            write_figure(&f, &header, out_dir, &stem(kind, None))
        }
        PlotKind::GateCurves => {
            let f = gate_curves::GateCurves::prepare(run)?;
            write_figure(&f, &header, out_dir, &stem(kind, None))
        }
        PlotKind::ReplicateEffects => {
            let f = replicate_effects::ReplicateEffects::prepare(run, observable)?;
            write_figure(&f, &header, out_dir, &stem(kind, Some(&f.endpoint.name)))
        }
    }
}

/// The plots of a sweep or sensitivity folder.
#[derive(Debug, Default)]
pub struct SweepPlots {
    /// Every file written (PNG and SVG).
    pub files: Vec<PathBuf>,
    /// The SVG files with what to look for in each, for the handout.
    pub figures: Vec<(PathBuf, String)>,
    /// Why there are no plots, when there are none.
    pub note: Option<String>,
}

/// Renders the plots of a finished sweep (a folder written by `mgate sweep` or `mgate merge`)
/// from its `sweep.csv` and `manifest.json`: for one dimension a line per arm (`sweep_line_*`)
/// and, with two arms or more, the effects (`sweep_effect_*`); for two dimensions a heatmap per
/// compared arm (`sweep_heatmap_*`, or `sweep_scatter_*` for a Latin hypercube). Every endpoint
/// gets its own plots. The same folder always
/// gives the same bytes, so a merged sweep's plots equal the unsharded sweep's.
pub fn render_sweep(dir: &Path, out_dir: &Path) -> Result<SweepPlots, PlotError> {
    use sweep_line::{LineMode, SweepLine};
    let folder = sweep_data::SweepFolder::open(dir)?;
    let header = folder.header();
    let mut plots = SweepPlots::default();
    let compared: Vec<usize> = folder.compared_arms().map(|(i, _)| i).collect();
    for endpoint in &folder.endpoints {
        let safe = file_safe(endpoint);
        match folder.dimensions.len() {
            1 => {
                let figure = SweepLine::prepare(&folder, endpoint, LineMode::Arms)?;
                plots.add(write_figure(
                    &figure,
                    &header,
                    out_dir,
                    &format!("sweep_line_{safe}"),
                )?);
                if !compared.is_empty() {
                    let figure = SweepLine::prepare(&folder, endpoint, LineMode::Effects)?;
                    let stem = format!("sweep_effect_{safe}");
                    plots.add(write_figure(&figure, &header, out_dir, &stem)?);
                }
            }
            2 => {
                let arms: Vec<(usize, bool)> = if compared.is_empty() {
                    vec![(0, false)]
                } else {
                    compared.iter().map(|&a| (a, true)).collect()
                };
                for (arm, effect) in arms {
                    let figure =
                        sweep_heatmap::SweepHeatmap::prepare(&folder, endpoint, arm, effect)?;
                    // A grid is drawn as cells, a Latin hypercube as dots.
                    let kind = if folder.grid {
                        "sweep_heatmap"
                    } else {
                        "sweep_scatter"
                    };
                    let stem = format!("{kind}_{safe}_{}", file_safe(&figure.arm));
                    plots.add(write_figure(&figure, &header, out_dir, &stem)?);
                }
            }
            n => {
                plots.note = Some(format!(
                    "no plots for a sweep of {n} dimensions; sweep.csv has every point"
                ));
            }
        }
    }
    Ok(plots)
}

impl SweepPlots {
    fn add(&mut self, drawn: Drawn) {
        if let Some(svg) = drawn
            .files
            .iter()
            .find(|f| f.extension().is_some_and(|e| e == "svg"))
        {
            self.figures.push((svg.clone(), drawn.caption));
        }
        self.files.extend(drawn.files);
    }
}

/// Renders the tornado plots of a finished sensitivity analysis (a folder written by
/// `mgate sensitivity`): `tornado_local_<endpoint>` and `tornado_morris_<endpoint>`, each when
/// `sensitivity.csv` has its numbers.
pub fn render_sensitivity(dir: &Path, out_dir: &Path) -> Result<SweepPlots, PlotError> {
    use tornado::{SensitivityFolder, Tornado, TornadoMode};
    let folder = SensitivityFolder::open(dir)?;
    let mut plots = SweepPlots::default();
    for (mode, name) in [
        (TornadoMode::Local, "local"),
        (TornadoMode::Morris, "morris"),
    ] {
        match Tornado::prepare(&folder, mode) {
            Ok(figure) => {
                let stem = format!("tornado_{name}_{}", file_safe(&folder.endpoint));
                plots.add(write_figure(&figure, &folder.header, out_dir, &stem)?);
            }
            Err(PlotError::NoRows { .. }) => {}
            Err(error) => return Err(error),
        }
    }
    Ok(plots)
}

/// The file name without extension: `<kind>` or `<kind>_<observable>`.
fn stem(kind: PlotKind, suffix: Option<&str>) -> String {
    match suffix {
        Some(suffix) => format!("{}_{}", kind.name(), file_safe(suffix)),
        None => kind.name().to_string(),
    }
}

/// Keeps letters, digits, `_` and `-`; anything else becomes `_`.
fn file_safe(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Picks the observable to plot from those a file has: the requested one (an error naming the
/// file if it is absent), else 25(OH)D, else the first.
fn choose_observable(
    requested: Option<Observable>,
    available: &[Observable],
    path: &Path,
    kind: PlotKind,
) -> Result<Observable, PlotError> {
    let missing = |observable: Observable| PlotError::ObservableMissing {
        path: path.to_path_buf(),
        observable: observable.name(),
        available: if available.is_empty() {
            "no observables".to_string()
        } else {
            available
                .iter()
                .map(|o| o.name())
                .collect::<Vec<_>>()
                .join(", ")
        },
    };
    match requested {
        Some(observable) if available.contains(&observable) => Ok(observable),
        Some(observable) => Err(missing(observable)),
        None if available.contains(&Observable::Ohd25) => Ok(Observable::Ohd25),
        None => available.first().copied().ok_or(PlotError::NoData {
            path: path.to_path_buf(),
            kind,
        }),
    }
}

/// An effect endpoint: its name in the CSV and, when it is an observable, that observable.
#[derive(Debug, Clone, PartialEq)]
struct Endpoint {
    name: String,
    observable: Option<Observable>,
}

impl Endpoint {
    fn new(name: &str) -> Self {
        let observable = Observable::from_name(name)
            .or_else(|| name.strip_suffix("_change").and_then(Observable::from_name));
        Self {
            name: name.to_string(),
            observable,
        }
    }

    /// Words for the endpoint, e.g. `25(OH)D`.
    fn label(&self) -> &str {
        self.observable.map_or(&self.name, |o| o.label())
    }

    /// The unit in parentheses, or nothing.
    fn unit_suffix(&self) -> String {
        match self.observable.map(|o| o.unit()) {
            Some("1") | None => String::new(),
            Some(unit) => format!(" ({unit})"),
        }
    }
}

/// Picks the endpoint to plot from a table's `endpoint` column: the requested observable's, else
/// 25(OH)D's, else the first in the file.
fn choose_endpoint(
    requested: Option<Observable>,
    table: &data::Table,
    kind: PlotKind,
) -> Result<Endpoint, PlotError> {
    let column = table.column("endpoint")?;
    let mut names: Vec<&str> = Vec::new();
    for row in 0..table.len() {
        let name = table.text(row, column);
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let endpoints: Vec<Endpoint> = names.iter().map(|n| Endpoint::new(n)).collect();
    let pick = |observable: Observable| {
        endpoints
            .iter()
            .find(|e| e.observable == Some(observable))
            .cloned()
    };
    match requested {
        Some(observable) => pick(observable).ok_or_else(|| PlotError::EndpointMissing {
            path: table.path().to_path_buf(),
            endpoint: observable.name().to_string(),
            available: names.join(", "),
        }),
        None => pick(Observable::Ohd25)
            .or_else(|| endpoints.first().cloned())
            .ok_or(PlotError::NoData {
                path: table.path().to_path_buf(),
                kind,
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_names_round_trip() {
        for kind in PlotKind::ALL {
            assert_eq!(PlotKind::from_name(kind.name()), Some(kind));
        }
        assert_eq!(PlotKind::from_name("histogram"), None);
    }

    #[test]
    fn endpoints_are_recognised_with_or_without_change_suffix() {
        assert_eq!(
            Endpoint::new("ohd25_ng_ml").observable,
            Some(Observable::Ohd25)
        );
        assert_eq!(
            Endpoint::new("serum_mg_mmol_l_change").observable,
            Some(Observable::SerumMg)
        );
        assert_eq!(Endpoint::new("responders").observable, None);
    }

    #[test]
    fn file_names_are_safe() {
        assert_eq!(file_safe("ohd25_ng_ml"), "ohd25_ng_ml");
        assert_eq!(file_safe("a/b c"), "a_b_c");
    }
}
