//! `mgate plot DIR`: re-renders the plots and the handout of a finished run, sweep or
//! sensitivity folder from its files, without simulating; and the rendering that `mgate run`
//! shares with it.
//!
//! The folder is checked first (a folder mgate wrote, with its manifest); the plots and the
//! handout are drawn into a fresh temporary folder inside it and moved over `plots/` and
//! `report.html` only when all of them are drawn, so a corrupted folder is reported as bad input
//! (exit code 2) and left exactly as it was, and a link among them is refused, never written
//! through. Plots of a run that are not drawn again are kept, and the handout shows every plot
//! of the folder, so re-rendering one plot never shortens it.

use super::{AppError, banner, input, output_error, sensitivity, stop_cleanly_on_interrupt, sweep};
use crate::output::{self, Rerender};
use crate::plot::{PlotError, PlotKind};
use crate::report::{self, ReportError};
use crate::scenario;
use crate::simulate::Observable;
use anyhow::{Context, anyhow};
use serde_json::Value;
use std::path::Path;

/// What a re-rendering replaces in the folder.
const RENDERED: [&str; 2] = ["plots", report::FILE];

/// Where plots are drawn from and into.
#[derive(Debug, Clone, Copy)]
pub(super) struct Rendering<'a> {
    /// The folder whose files are read.
    pub from: &'a Path,
    /// The folder that receives `plots/` and `report.html`.
    pub into: &'a Path,
}

impl<'a> Rendering<'a> {
    /// Reading and writing in the same folder (a folder being written).
    pub fn within(folder: &'a Path) -> Self {
        Self {
            from: folder,
            into: folder,
        }
    }

    /// The folder plots are written into, created.
    pub fn plots(&self) -> Result<std::path::PathBuf, AppError> {
        let plots = self.into.join("plots");
        std::fs::create_dir_all(&plots)
            .with_context(|| format!("cannot create {}", plots.display()))?;
        Ok(plots)
    }

    /// Writes the handout.
    pub fn write_report(&self, html: String) -> Result<(), AppError> {
        let path = self.into.join(report::FILE);
        std::fs::write(&path, html).with_context(|| format!("cannot write {}", path.display()))?;
        Ok(())
    }
}

/// A plot error as the user's (a file of the folder is missing, malformed or not a regular
/// file: exit code 2) or a failure (drawing, writing).
pub(super) fn plot_error(error: PlotError) -> AppError {
    match error {
        PlotError::Font | PlotError::Write { .. } | PlotError::Draw { .. } => {
            AppError::Failure(error.into())
        }
        _ => input(error),
    }
}

/// A handout error: every one is about the folder's files (bad input).
pub(super) fn report_error(error: ReportError) -> AppError {
    input(error)
}

/// Renders plots into `plots/` and the handout `report.html` of `dirs.into` from the run's files
/// in `dirs.from`. Returns the number of plots.
pub(super) fn render_plots_and_report(
    dirs: Rendering<'_>,
    kinds: &[PlotKind],
    observables: &[Observable],
) -> Result<(usize, usize), AppError> {
    let plots = dirs.plots()?;
    let set =
        crate::plot::render_selection(dirs.from, kinds, observables, &plots).map_err(plot_error)?;
    let drawn = set
        .files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "svg"))
        .count();
    // In the handout, the plots that carry a scenario's message come first.
    let teaching_order = [
        PlotKind::EffectsForest,
        PlotKind::IndividualEffects,
        PlotKind::ChangeVsBaseline,
        PlotKind::TimeCourse,
        PlotKind::MgPools,
        PlotKind::DoseResponse,
        PlotKind::Spaghetti,
        PlotKind::GateCurves,
    ];
    // Every plot in the folder goes into the handout: those just drawn and those kept from
    // earlier renderings, so drawing one plot again never drops the others.
    let mut svgs: Vec<std::path::PathBuf> = std::fs::read_dir(&plots)
        .with_context(|| format!("cannot list {}", plots.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "svg"))
        .collect();
    svgs.sort();
    let mut figures: Vec<(usize, report::Figure)> = svgs
        .into_iter()
        .filter_map(|svg| {
            let stem = svg.file_stem()?.to_string_lossy().into_owned();
            let rank = teaching_order
                .iter()
                .position(|k| stem.starts_with(k.name()))?;
            let figure = report::Figure {
                caption: crate::plot::caption_of_svg_file(&svg)
                    .unwrap_or_else(|| teaching_order[rank].description().to_string()),
                svg,
            };
            Some((rank, figure))
        })
        .collect();
    figures.sort_by_key(|(rank, _)| *rank);
    let figures: Vec<report::Figure> = figures.into_iter().map(|(_, f)| f).collect();
    let html = report::render(dirs.from, &figures).map_err(report_error)?;
    dirs.write_report(html)?;
    Ok((drawn, figures.len()))
}

/// Largest plot file kept from an earlier rendering, bytes.
const MAX_PLOT_BYTES: u64 = 64 << 20;

/// Copies the plots of the run folder's `plots/` (regular PNG and SVG files named as mgate names
/// them; links and anything else are left behind) into `into`, so that re-rendering some plots
/// keeps the others.
fn keep_drawn_plots(run_dir: &Path, into: &Path) -> Result<(), AppError> {
    let plots = run_dir.join("plots");
    let Ok(entries) = std::fs::read_dir(&plots) else {
        return Ok(());
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = PlotKind::ALL.iter().any(|k| name.starts_with(k.name()))
            && (name.ends_with(".svg") || name.ends_with(".png"))
            && entry.file_type().is_ok_and(|t| t.is_file());
        if !ours {
            continue;
        }
        let bytes = crate::files::read(&path, crate::files::Links::Refuse, MAX_PLOT_BYTES)
            .map_err(input)?;
        std::fs::write(into.join(&name), bytes)
            .with_context(|| format!("cannot copy {}", path.display()))?;
    }
    Ok(())
}

/// The manifest of a folder mgate wrote, or bad input saying why `dir` is not one.
pub(super) fn read_manifest(dir: &Path) -> Result<Value, AppError> {
    let not_ours = |why: String| {
        input(anyhow!(
            "{} is not an mgate output folder ({why}); give the folder a run wrote, e.g. outputs/cheung2022_combined",
            dir.display()
        ))
    };
    if !dir.is_dir() {
        return Err(not_ours("it is not a folder".into()));
    }
    let path = dir.join(output::manifest::FILE);
    let text = crate::files::read_text(
        &path,
        crate::files::Links::Refuse,
        crate::files::MAX_DOCUMENT_BYTES,
    )
    .map_err(|e| {
        if e.is_not_found() {
            not_ours("it has no manifest.json".into())
        } else {
            input(e)
        }
    })?;
    let manifest: Value = serde_json::from_str(&text)
        .map_err(|e| input(anyhow!("{} is not valid JSON: {e}", path.display())))?;
    if !output::is_mgate_folder(dir) {
        return Err(not_ours("its manifest.json is not one mgate wrote".into()));
    }
    Ok(manifest)
}

/// `mgate plot`.
pub(super) fn plot(
    run_dir: &Path,
    kinds: &[String],
    observables: &[String],
    quiet: bool,
) -> Result<(), AppError> {
    stop_cleanly_on_interrupt(quiet);
    let manifest = read_manifest(run_dir)?;
    let kind = manifest
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or("run");
    if kind == "compare" {
        return Err(input(anyhow!(
            "{} was written by `mgate compare`; to redraw it, run `mgate compare` again with --force",
            run_dir.display()
        )));
    }
    let chosen = match kind {
        "sweep" | "sensitivity" => None,
        _ => Some(chosen_plots(run_dir, &manifest, kinds, observables)?),
    };
    let rerender = Rerender::create(run_dir, &RENDERED).map_err(output_error)?;
    let dirs = Rendering {
        from: run_dir,
        into: rerender.path(),
    };
    let what = match chosen {
        Some((kinds, observables)) => {
            keep_drawn_plots(run_dir, &dirs.plots()?)?;
            let (drawn, shown) = render_plots_and_report(dirs, &kinds, &observables)?;
            format!("{drawn} plot(s) (the handout shows {shown}, with those drawn before)")
        }
        None if kind == "sweep" => {
            if let Some(note) = sweep::render_sweep_outputs(dirs)? {
                eprintln!("note: {note}");
            }
            format!("the plots of {}", run_dir.display())
        }
        None => {
            sensitivity::render_sensitivity_outputs(dirs)?;
            format!("the plots of {}", run_dir.display())
        }
    };
    rerender.commit(&RENDERED).map_err(output_error)?;
    if quiet {
        return Ok(());
    }
    eprintln!(
        "{}\nrendered {what} into {}/plots/ (PNG and SVG) and {}/report.html",
        banner(),
        crate::printable(&run_dir.display().to_string()),
        crate::printable(&run_dir.display().to_string())
    );
    Ok(())
}

/// The plot kinds and observables `mgate plot` of a run draws: those given, else those the run
/// rendered (as recorded in its manifest), checked.
fn chosen_plots(
    run_dir: &Path,
    recorded: &Value,
    kinds: &[String],
    observables: &[String],
) -> Result<(Vec<PlotKind>, Vec<Observable>), AppError> {
    let recorded_list = |key: &str| -> Vec<String> {
        recorded[key]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (recorded_kinds, recorded_observables) =
        (recorded_list("plots"), recorded_list("plot_observables"));
    let kinds = if kinds.is_empty() {
        &recorded_kinds[..]
    } else {
        kinds
    };
    let observables = if observables.is_empty() {
        &recorded_observables[..]
    } else {
        observables
    };
    let names: Vec<&str> = PlotKind::ALL.iter().map(|k| k.name()).collect();
    let kinds: Vec<PlotKind> = if kinds.is_empty() {
        PlotKind::ALL.to_vec()
    } else {
        kinds
            .iter()
            .map(|k| {
                PlotKind::from_name(k).ok_or_else(|| {
                    input(anyhow!(
                        "unknown plot kind `{k}`{}; valid: {}",
                        scenario::problem::suggestion(k, names.iter().copied()),
                        names.join(", ")
                    ))
                })
            })
            .collect::<Result<_, _>>()?
    };
    if recorded["summary_only"].as_bool() == Some(true)
        && let Some(kind) = kinds.iter().find(|k| k.needs_time_course())
    {
        return Err(input(anyhow!(
            "{} was run with --summary-only: it kept day 0 and the last day only, so a `{}` plot (values over time) cannot be drawn from it; run the scenario again without --summary-only",
            run_dir.display(),
            kind.name()
        )));
    }
    let observables: Vec<Observable> = observables
        .iter()
        .map(|o| {
            Observable::from_name(o).ok_or_else(|| {
                let all: Vec<&str> = Observable::ALL.iter().map(|o| o.name()).collect();
                input(anyhow!(
                    "unknown observable `{o}`{}; valid: {}",
                    scenario::problem::suggestion(o, all.iter().copied()),
                    all.join(", ")
                ))
            })
        })
        .collect::<Result<_, _>>()?;
    Ok((kinds, observables))
}
