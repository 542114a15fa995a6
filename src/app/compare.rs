//! `mgate compare RUN_A RUN_B`: overlays two finished runs, A (the baseline) and B (the
//! what-if), in the same plots and writes a handout that lists what differs between their
//! resolved scenarios, key by key. Nothing is simulated: the plots and the handout are drawn
//! from the two folders' files.
//!
//! Both folders are checked first (each a run folder mgate wrote, with its manifest, resolved
//! scenario and `summary.csv`); bad input is reported with exit code 2 before anything is
//! written. The output is written like a run's: into a temporary folder that becomes `--out`
//! only when complete, never over a folder mgate did not write, and over one it wrote only with
//! `--force`.

use super::plot::{plot_error, read_manifest, report_error};
use super::{AppError, banner, input, output_error, stop_cleanly_on_interrupt};
use crate::cli::CompareArgs;
use crate::output::{self, OutputFolder};
use crate::plot::compare::{RunNames, render_compare};
use crate::report::compare::{self as handout, Difference, RunSide};
use crate::simulate::Observable;
use crate::{DISCLAIMER, printable};
use anyhow::anyhow;
use serde_json::{Value, json};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The observables compared when run A's manifest names none.
const DEFAULT_OBSERVABLES: [Observable; 2] = [Observable::Ohd25, Observable::SerumMg];

/// A run folder checked for comparing: its manifest and resolved scenario.
struct CheckedRun {
    folder: PathBuf,
    manifest: Value,
    resolved_toml: String,
}

/// Checks that `folder` holds a finished run: bad input, naming the folder and the run (A or
/// B), if not.
fn check_run(folder: &Path, which: &str) -> Result<CheckedRun, AppError> {
    let manifest = read_manifest(folder).map_err(|e| match e {
        AppError::Input(e) | AppError::Failure(e) => input(e.context(format!("run {which}"))),
    })?;
    let kind = manifest
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or("run");
    if kind != "run" {
        return Err(input(anyhow!(
            "run {which}: {} is a {kind} folder; compare takes the folders of two `mgate run`s",
            folder.display()
        )));
    }
    let resolved_toml = manifest
        .pointer("/scenario/resolved_toml")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            input(anyhow!(
                "run {which}: {} has no `scenario.resolved_toml`; was it written by `mgate run`?",
                folder.display().to_string() + "/manifest.json"
            ))
        })?
        .to_string();
    let summary = folder.join(output::summary::FILE);
    if !summary.is_file() {
        return Err(input(anyhow!(
            "run {which}: {} is missing; is {} a finished run?",
            summary.display(),
            folder.display()
        )));
    }
    Ok(CheckedRun {
        folder: folder.to_path_buf(),
        manifest,
        resolved_toml,
    })
}

/// Model parameters whose values differ (a `--set parameters.X` shows in the resolved scenario
/// too; this also catches runs of different mgate versions), as `parameters.NAME`.
fn parameter_differences(a: &Value, b: &Value, known: &[Difference]) -> Vec<Difference> {
    let (Some(pa), Some(pb)) = (
        a.get("parameters").and_then(Value::as_object),
        b.get("parameters").and_then(Value::as_object),
    ) else {
        return Vec::new();
    };
    let mut names: Vec<&String> = pa.keys().chain(pb.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter_map(|name| {
            let key = format!("parameters.{name}");
            let (x, y) = (pa.get(name), pb.get(name));
            let differs = match (x.and_then(Value::as_f64), y.and_then(Value::as_f64)) {
                (Some(x), Some(y)) => x != y,
                _ => x != y,
            };
            (differs && !known.iter().any(|d| d.key == key)).then(|| Difference {
                key,
                a: x.map(ToString::to_string),
                b: y.map(ToString::to_string),
            })
        })
        .collect()
}

/// The folder name of a path, for the default output folder.
fn folder_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(|| "run".to_string(), |n| n.to_string_lossy().into_owned())
}

/// `mgate compare`.
pub(super) fn compare(args: &CompareArgs, quiet: bool) -> Result<(), AppError> {
    stop_cleanly_on_interrupt(quiet);
    if !quiet {
        eprintln!("{}", banner());
    }
    let a = check_run(&args.run_a, "A")?;
    let b = check_run(&args.run_b, "B")?;
    let mut differences =
        handout::scenario_differences(&a.resolved_toml, &b.resolved_toml).map_err(input)?;
    differences.extend(parameter_differences(
        &a.manifest,
        &b.manifest,
        &differences,
    ));
    let target = args.out.clone().unwrap_or_else(|| {
        PathBuf::from("outputs").join(format!(
            "{}_vs_{}",
            folder_name(&args.run_a),
            folder_name(&args.run_b)
        ))
    });
    output::check_target(&target, args.output.force, &[&args.run_a, &args.run_b])
        .map_err(output_error)?;

    let name = |run: &CheckedRun| {
        run.manifest
            .pointer("/scenario/name")
            .and_then(Value::as_str)
            .map_or_else(|| folder_name(&run.folder), str::to_string)
    };
    let (name_a, name_b) = (name(&a), name(&b));
    let names = if name_a == name_b {
        // The same scenario twice (a --set what-if): the folders tell the runs apart.
        RunNames {
            a: folder_name(&a.folder),
            b: folder_name(&b.folder),
        }
    } else {
        RunNames {
            a: name_a,
            b: name_b,
        }
    };
    let observables: Vec<Observable> = a
        .manifest
        .get("plot_observables")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|v| v.as_str().and_then(Observable::from_name))
                .collect()
        })
        .filter(|list: &Vec<Observable>| !list.is_empty())
        .unwrap_or_else(|| DEFAULT_OBSERVABLES.to_vec());

    let folder = OutputFolder::create(&target, args.output.force).map_err(output_error)?;
    let plots_dir = folder.file("plots");
    let plots = render_compare(&a.folder, &b.folder, &names, &observables, &plots_dir)
        .map_err(plot_error)?;
    let figures: Vec<crate::report::Figure> = plots
        .figures
        .iter()
        .map(|(svg, caption)| crate::report::Figure {
            svg: svg.clone(),
            caption: caption.clone(),
        })
        .collect();
    let side = |run: &CheckedRun| RunSide {
        folder: run.folder.display().to_string(),
        manifest: run.manifest.clone(),
    };
    let html =
        handout::render(&side(&a), &side(&b), &differences, &figures).map_err(report_error)?;
    folder
        .write(crate::report::FILE, |w| w.write_all(html.as_bytes()))
        .map_err(output_error)?;
    let manifest = json!({
        "kind": "compare",
        "disclaimer": DISCLAIMER,
        "mgate_version": env!("CARGO_PKG_VERSION"),
        "command_line": std::env::args().collect::<Vec<_>>(),
        "run_a": a.folder.display().to_string(),
        "run_b": b.folder.display().to_string(),
        "differences": differences
            .iter()
            .map(|d| json!({"key": d.key, "a": d.a, "b": d.b}))
            .collect::<Vec<_>>(),
        "files": ["plots/", crate::report::FILE, output::manifest::FILE],
    });
    folder
        .write(output::manifest::FILE, |w| {
            serde_json::to_writer_pretty(&mut *w, &manifest)?;
            w.write_all(b"\n")
        })
        .map_err(output_error)?;
    let written = folder.commit().map_err(output_error)?;

    let mut out = std::io::stdout().lock();
    if differences.is_empty() {
        writeln!(
            out,
            "the two scenarios are the same, key by key (A = {}, B = {})",
            printable(&names.a),
            printable(&names.b)
        )?;
    } else {
        writeln!(
            out,
            "what differs, A = {} → B = {}:",
            printable(&names.a),
            printable(&names.b)
        )?;
        for difference in &differences {
            writeln!(out, "  {}", printable(&difference.to_string()))?;
        }
    }
    writeln!(out, "{DISCLAIMER}.")?;
    if !quiet {
        eprintln!(
            "wrote {}/ ({} plot(s) in plots/, report.html, manifest.json)",
            printable(&written.display().to_string()),
            figures.len()
        );
    }
    Ok(())
}
