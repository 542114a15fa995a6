//! The sweep pipeline: `mgate sweep` and `mgate merge`.
//!
//! scenario file → checked base scenario → sweep plan → every point checked → points simulated one
//! at a time, each summarised into a row of `sweep.csv` and dropped → manifest → plots and
//! handout rendered from the folder's files (so a merged sweep renders the same bytes).

use super::plot::{Rendering, plot_error, report_error};
use super::{AppError, banner, check_budget, input, output_error, stop_cleanly_on_interrupt};
use crate::cli::{MergeArgs, SweepArgs};
use crate::cohort::{self, CohortError};
use crate::output::sweep::{FILE, RowWriter, write_json};
use crate::output::{self, OutputFolder, manifest};
use crate::scenario::problem::format_number;
use crate::scenario::{self, Scenario, SetOption, Sweep, SweepDesign};
use crate::sweep::{Plan, Shard, summary};
use crate::{DISCLAIMER, plot, report};
use anyhow::{Context, anyhow};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::{Value, json};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Most rows of a sweep printed on the console (sweep.csv has them all).
const MAX_PRINTED_ROWS: usize = 40;

/// A progress bar over subjects with a message saying which point runs; hidden when stderr is
/// not a terminal or with `--quiet`.
pub(super) fn progress_bar(total: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
    }
    let bar = ProgressBar::new(total);
    if let Ok(style) = ProgressStyle::with_template(
        "{bar:40} {pos}/{len} subjects, {elapsed} elapsed, ETA {eta}  {msg}",
    ) {
        bar.set_style(style);
    }
    bar
}

/// The `--set` options a command stands for: its own, then `--seed` and `--subjects`.
pub(super) fn overrides(
    set: &[SetOption],
    seed: Option<u64>,
    subjects: Option<u64>,
) -> Vec<SetOption> {
    crate::scenario::overrides::with_seed_and_subjects(set, seed, subjects)
}

pub(super) fn worker_pool(threads: Option<u16>) -> Result<(rayon::ThreadPool, usize), AppError> {
    let threads = threads.map_or_else(rayon::current_num_threads, usize::from);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start worker threads")?;
    Ok((pool, threads))
}

/// A cohort error as the user's (a cohort the population cannot supply) or not.
fn cohort_error(error: CohortError) -> AppError {
    match error {
        CohortError::TooFewEligible { .. } => input(error),
        other => AppError::Failure(other.into()),
    }
}

/// Creates the output folder, sorting refusals (bad input) from failures.
pub(super) fn create_folder(target: &Path, force: bool) -> Result<OutputFolder, AppError> {
    OutputFolder::create(target, force).map_err(output_error)
}

/// The sweep a command asks for: its `--vary` options, else the file's `[sweep]` section.
fn sweep_of(args: &SweepArgs, scenario: &Scenario, label: &str) -> Result<Sweep, AppError> {
    if args.vary.is_empty() {
        return scenario.sweep.clone().ok_or_else(|| {
            input(anyhow!(
                "{label} has no [sweep] section; add one (see docs/scenario-format.md) or vary values on the command line, e.g. --vary parameters.k_24a1=1,2,4"
            ))
        });
    }
    let lhs = args
        .lhs
        .map(|points| (points, args.lhs_seed.unwrap_or(scenario.seed)));
    scenario::sweep::from_options(&args.vary, lhs).map_err(|problems| {
        input(scenario::ScenarioError {
            file: label.to_string(),
            source: scenario.resolved_toml.clone(),
            problems,
        })
    })
}

/// The `sweep` object of a sweep's manifest: everything that identifies the sweep and its
/// columns, the same in every shard and in the unsharded run.
fn sweep_object(base: &Scenario, plan: &Plan, sweep: &Sweep, id: &str) -> Value {
    let dimensions: Vec<Value> = sweep
        .dimensions
        .iter()
        .map(|d| {
            let log = matches!(
                d.axis,
                scenario::Axis::Log { .. } | scenario::Axis::Range { log: true, .. }
            );
            json!({
                "path": d.path,
                "label": crate::sweep::points::label(&d.path, base),
                "spec": d.axis.spec(),
                "scale": if log { "log" } else { "linear" },
                "values": if plan.design == SweepDesign::Grid { json!(d.axis.values()) } else { Value::Null },
            })
        })
        .collect();
    let analysis = &base.analysis;
    json!({
        "id": id,
        "scenario": {
            "name": base.name,
            "title": base.title,
            "description": base.description,
            "reference": base.reference,
            "look_for": base.look_for,
            "seed": base.seed,
            "subjects": base.population.subjects,
            "duration_days": base.duration_days,
            "arms": base.arms.iter().map(|a| json!({"name": a.name, "label": a.label})).collect::<Vec<_>>(),
            "resolved_toml": base.resolved_toml,
            "overrides": crate::output::manifest::overrides(base),
        },
        "design": match plan.design {
            SweepDesign::Grid => json!({"kind": "grid"}),
            SweepDesign::LatinHypercube { points, seed } => json!({"kind": "lhs", "points": points, "seed": seed}),
        },
        "dimensions": dimensions,
        "points": plan.len(),
        "endpoints": analysis.endpoints.iter().map(|e| e.name()).collect::<Vec<_>>(),
        "reference_arm": base.arms[analysis.reference_arm].name,
        "strata": {
            "by": analysis.strata.as_ref().map(|s| s.by.name()),
            "labels": summary::strata(base),
        },
        "bootstrap": analysis.bootstrap,
        "confidence": analysis.confidence,
        "common_random_numbers": "every point draws the same virtual candidates (the scenario's seed); inclusion criteria and a stratified allocation are applied at each point",
        "values": "changes from the first to the last sample; as measured when the scenario has assay noise, else true values; strata by measured baseline",
    })
}

/// `mgate sweep`.
pub(super) fn sweep(args: &SweepArgs, quiet: bool) -> Result<(), AppError> {
    let started = jiff::Timestamp::now();
    stop_cleanly_on_interrupt(quiet);
    if !quiet {
        eprintln!("{}", banner());
    }
    let set = overrides(&args.common.set, args.seed, args.subjects);
    let base = scenario::load(&args.file, &set).map_err(input)?;
    let label = args.file.display().to_string();
    let sweep = sweep_of(args, &base, &label)?;
    let plan = Plan::new(&sweep);
    let text = base.resolved_toml.clone();
    let set_twice = plan.same_values(&text, &args.common.set);
    if !set_twice.is_empty() {
        return Err(input(scenario::ScenarioError {
            file: label,
            source: text,
            problems: set_twice,
        }));
    }
    let checks = crate::sweep::validate_points(&text, &label, &plan).map_err(input)?;
    let shard = args.shard.unwrap_or(Shard::WHOLE);
    let points: Vec<usize> = shard.points(plan.len()).collect();
    if args.dry_run {
        return print_plan(&plan, shard, &points, &checks);
    }
    let default_name = if shard.is_whole() {
        format!("{}_sweep", base.name)
    } else {
        format!(
            "{}_sweep_shard_{}_of_{}",
            base.name, shard.index, shard.count
        )
    };
    let target = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("outputs").join(default_name));
    output::check_target(&target, args.common.output.force, &[&args.file]).map_err(output_error)?;
    let (pool, threads) = worker_pool(args.common.threads)?;
    // Points are simulated one at a time: the largest sets the memory, all of them the work.
    let bytes = points
        .iter()
        .map(|&i| checks[i].needs.bytes(threads))
        .max()
        .unwrap_or(0);
    let subject_days = points.iter().map(|&i| checks[i].needs.subject_days).sum();
    check_budget("this sweep", bytes, subject_days, &args.common.budget)?;
    let work: u64 = points.iter().map(|&i| checks[i].subjects as u64).sum();
    if !quiet {
        eprintln!(
            "{}: {} point(s){} of {} varied value(s) ({}), {} subject(s) x {} arm(s) each, {} days, seed {} (the same candidates drawn at every point), {threads} thread(s)",
            base.name,
            points.len(),
            if shard.is_whole() {
                String::new()
            } else {
                format!(" (shard {shard} of {} points)", plan.len())
            },
            plan.paths.len(),
            plan.paths.join(", "),
            base.population.subjects,
            base.arms.len(),
            base.duration_days,
            base.seed
        );
    }
    let progress = progress_bar(work, quiet);
    let folder = create_folder(&target, args.common.output.force)?;
    let first = plan.scenario(&text, &label, 0).map_err(input)?;
    let mut header: Vec<String> = vec!["point".to_string()];
    header.extend(plan.paths.iter().cloned());
    header.extend(summary::columns(&first));
    let mut table = RowWriter::create(&folder, FILE, &header)?;
    let clock = Instant::now();
    let printed =
        pool.install(|| run_points(&plan, (&text, &label), &points, &progress, &mut table))?;
    let checksum = table.finish()?;
    let simulation_seconds = clock.elapsed().as_secs_f64();
    progress.finish_and_clear();
    let id = plan.fingerprint(&text);
    let mut files = vec![FILE, manifest::FILE];
    if shard.is_whole() {
        files.extend(["plots/", report::FILE]);
    }
    let document = json!({
        "disclaimer": DISCLAIMER,
        "mgate_version": env!("CARGO_PKG_VERSION"),
        "kind": "sweep",
        "sweep": sweep_object(&base, &plan, &sweep, &id),
        "shard": {"index": shard.index, "count": shard.count, "points": points.len(), "rule": "point i belongs to shard K of N when i % N == K - 1"},
        "rows_checksum": checksum.text(),
        "command_line": super::command_line(),
        "scenario_file": label,
        "threads": threads,
        "started": started.to_string(),
        "finished": jiff::Timestamp::now().to_string(),
        "simulation_seconds": simulation_seconds,
        "files": files,
    });
    write_json(&folder, manifest::FILE, &document)?;
    let note = if shard.is_whole() {
        render_sweep_outputs(Rendering::within(folder.temporary()))?
    } else {
        None
    };
    let written = folder.commit().map_err(output_error)?;
    print_sweep_table(&header, plan.paths.len(), &printed, points.len(), &first)?;
    if !quiet {
        if let Some(note) = note {
            eprintln!("note: {note}");
        }
        if !shard.is_whole() {
            eprintln!(
                "shard {shard}: when every shard has run, combine them with `mgate merge DIR... --out DIR`"
            );
        }
        eprintln!(
            "wrote {}/ ({}) in {simulation_seconds:.2} s of simulation",
            crate::printable(&written.display().to_string()),
            files.join(", ")
        );
    }
    Ok(())
}

/// Simulates the points one at a time (on the current rayon pool), each summarised into its row
/// of `sweep.csv` and dropped before the next. Returns the first rows, for the console.
fn run_points(
    plan: &Plan,
    (text, label): (&str, &str),
    points: &[usize],
    progress: &ProgressBar,
    table: &mut RowWriter,
) -> Result<Vec<Vec<String>>, AppError> {
    let mut printed = Vec::new();
    for (k, &i) in points.iter().enumerate() {
        let point = plan.scenario(text, label, i).map_err(input)?;
        progress.set_message(format!(
            "point {}/{}: {}",
            k + 1,
            points.len(),
            plan.describe(i)
        ));
        let results = cohort::simulate(&point, &|| progress.inc(1)).map_err(cohort_error)?;
        let cells = summary::cells(&point, &results);
        // The point's cohort is no longer needed: only its row is kept.
        drop(results);
        let mut row: Vec<String> = vec![i.to_string()];
        row.extend(plan.points[i].iter().map(|v| format_number(*v)));
        row.extend(cells);
        table.write_row(&row)?;
        if printed.len() < MAX_PRINTED_ROWS {
            printed.push(row);
        }
    }
    Ok(printed)
}

/// Renders a sweep folder's plots and handout from its files; returns why there are no plots,
/// if there are none.
pub(super) fn render_sweep_outputs(dirs: Rendering<'_>) -> Result<Option<String>, AppError> {
    let plots = plot::render_sweep(dirs.from, &dirs.plots()?).map_err(plot_error)?;
    write_handout(dirs, &plots.figures, report::sweep::render_sweep)?;
    Ok(plots.note)
}

/// Writes the handout, made by `render` from the plots drawn (SVG path and caption).
pub(super) fn write_handout(
    dirs: Rendering<'_>,
    plots: &[(PathBuf, String)],
    render: impl FnOnce(&Path, &[report::Figure]) -> Result<String, report::ReportError>,
) -> Result<(), AppError> {
    let figures: Vec<report::Figure> = plots
        .iter()
        .map(|(svg, caption)| report::Figure {
            svg: svg.clone(),
            caption: caption.clone(),
        })
        .collect();
    let html = render(dirs.from, &figures).map_err(report_error)?;
    dirs.write_report(html)
}

/// `--dry-run`: the points, checked, without simulating.
fn print_plan(
    plan: &Plan,
    shard: Shard,
    points: &[usize],
    checks: &[crate::sweep::PointCheck],
) -> Result<(), AppError> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "point\t{}\tsubjects", plan.paths.join("\t"))?;
    for &i in points {
        let values: Vec<String> = plan.points[i].iter().map(|v| format_number(*v)).collect();
        writeln!(out, "{i}\t{}\t{}", values.join("\t"), checks[i].subjects)?;
    }
    writeln!(
        out,
        "{} of {} point(s) (shard {shard}), every point checked; nothing simulated. {DISCLAIMER}.",
        points.len(),
        plan.len()
    )?;
    Ok(())
}

/// The sweep on stdout: each printed point's values, and per arm the mean change of the first
/// endpoint (with the effects, when there are any).
fn print_sweep_table(
    header: &[String],
    varied: usize,
    rows: &[Vec<String>],
    total: usize,
    scenario: &Scenario,
) -> Result<(), AppError> {
    use crate::output::sweep::{arm_column, effect_column};
    let endpoint = scenario.analysis.endpoints[0].name();
    let reference = &scenario.arms[scenario.analysis.reference_arm].name;
    let position = |name: &str| header.iter().position(|h| h == name);
    let mut columns: Vec<(String, usize)> = (1..=varied)
        .map(|i| {
            let path = &header[i];
            (path.rsplit('.').next().unwrap_or(path).to_string(), i)
        })
        .collect();
    for arm in &scenario.arms {
        if let Some(i) = position(&arm_column(endpoint, &arm.name, "all", "change_mean")) {
            columns.push((format!("d {}", arm.name), i));
        }
    }
    for arm in scenario.arms.iter().filter(|a| &a.name != reference) {
        if let Some(i) = position(&effect_column(
            endpoint, &arm.name, reference, "all", "effect",
        )) {
            columns.push((format!("{} - {reference}", arm.name), i));
        }
    }
    let mut out = std::io::stdout().lock();
    let width = |label: &str| label.len().max(10);
    write!(out, "{:>6}", "point")?;
    for (label, _) in &columns {
        write!(out, " {:>w$}", label, w = width(label))?;
    }
    writeln!(out)?;
    for row in rows {
        write!(out, "{:>6}", row[0])?;
        for (label, index) in &columns {
            let cell = &row[*index];
            let text = match cell.parse::<f64>() {
                // Rounding noise of a zero change prints as +0.000, not -0.000.
                Ok(v) if *index > varied => format!("{:+.3}", if v.abs() < 5e-4 { 0.0 } else { v }),
                _ => cell.clone(),
            };
            write!(out, " {:>w$}", text, w = width(label))?;
        }
        writeln!(out)?;
    }
    if total > rows.len() {
        writeln!(out, "... {} more point(s) in {FILE}", total - rows.len())?;
    }
    writeln!(
        out,
        "{endpoint}: d = mean change from day 0 to day {} per arm; `arm - {reference}` = effect (difference in mean change). {DISCLAIMER}.",
        scenario.duration_days
    )?;
    Ok(())
}

/// `mgate merge`.
pub(super) fn merge(args: &MergeArgs, quiet: bool) -> Result<(), AppError> {
    let started = jiff::Timestamp::now();
    stop_cleanly_on_interrupt(quiet);
    if !quiet {
        eprintln!("{}", banner());
    }
    let merged = crate::sweep::merge::merge(&args.dirs).map_err(input)?;
    let inputs: Vec<&Path> = args.dirs.iter().map(PathBuf::as_path).collect();
    output::check_target(&args.out, args.output.force, &inputs).map_err(output_error)?;
    let folder = create_folder(&args.out, args.output.force)?;
    let header: Vec<String> = merged.header.iter().map(String::from).collect();
    let mut table = RowWriter::create(&folder, FILE, &header)?;
    for row in &merged.rows {
        table.write_row(row.iter())?;
    }
    let checksum = table.finish()?;
    let files = vec![FILE, manifest::FILE, "plots/", report::FILE];
    let document = json!({
        "disclaimer": DISCLAIMER,
        "mgate_version": env!("CARGO_PKG_VERSION"),
        "kind": "sweep",
        "sweep": merged.sweep,
        "shard": {"index": 1, "count": 1, "points": merged.rows.len(), "rule": "merged from every shard"},
        "rows_checksum": checksum.text(),
        "merged_from": merged.shards.iter().map(|d| d.display().to_string()).collect::<Vec<_>>(),
        "command_line": super::command_line(),
        "started": started.to_string(),
        "finished": jiff::Timestamp::now().to_string(),
        "files": files,
    });
    write_json(&folder, manifest::FILE, &document)?;
    let note = render_sweep_outputs(Rendering::within(folder.temporary()))?;
    let written = folder.commit().map_err(output_error)?;
    if !quiet {
        if let Some(note) = note {
            eprintln!("note: {note}");
        }
        eprintln!(
            "merged {} shard(s), {} point(s), into {}/ ({})",
            merged.shards.len(),
            merged.rows.len(),
            crate::printable(&written.display().to_string()),
            files.join(", ")
        );
    }
    Ok(())
}

/// `mgate validate` of a scenario with a `[sweep]` section: every point is checked too. Returns
/// the number of points.
pub(super) fn validate_sweep(
    scenario: &Scenario,
    label: &str,
) -> Result<Option<usize>, scenario::ScenarioError> {
    let Some(sweep) = &scenario.sweep else {
        return Ok(None);
    };
    let plan = Plan::new(sweep);
    crate::sweep::validate_points(&scenario.resolved_toml, label, &plan)?;
    Ok(Some(plan.len()))
}
