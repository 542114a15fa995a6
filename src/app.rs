//! The one place that sees the whole pipeline: scenario file → checked scenario → cohort →
//! simulation → tidy results → files and console.

use crate::cli::{BenchArgs, BudgetArgs, Cli, Command, RunArgs};
use crate::cohort::{self, CohortResults};
use crate::output::{self, OutputFolder, manifest::RunInfo};
use crate::scenario::{self, Design, Scenario, SetOption};
use crate::simulate::Observable;
use crate::trial::effects::{Effect, IndividualEffect};
use crate::trial::replicates::{PowerSummary, TrialEstimate};
use crate::trial::{mean_change, summarize};
use crate::{DISCLAIMER, model};
use anyhow::{Context, anyhow};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

mod plot;
mod sensitivity;
mod sweep;

use plot::{Rendering, render_plots_and_report};

/// A failure, sorted by whose it is.
#[derive(Debug)]
pub enum AppError {
    /// Bad input (scenario, options, existing output): exit code 2.
    Input(anyhow::Error),
    /// Anything else (I/O, numerical failure): exit code 1.
    Failure(anyhow::Error),
}

impl<E: Into<anyhow::Error>> From<E> for AppError {
    fn from(error: E) -> Self {
        Self::Failure(error.into())
    }
}

fn input(error: impl Into<anyhow::Error>) -> AppError {
    AppError::Input(error.into())
}

/// An output error as the user's (a refused `--out`: exit code 2) or a failure while writing.
fn output_error(error: output::OutputError) -> AppError {
    if error.is_refusal() {
        input(error)
    } else {
        AppError::Failure(error.into())
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<(), AppError> {
    match cli.command {
        Command::Run(args) => run_scenario(&args),
        Command::Validate { files } => validate(&files),
        Command::Explain { parameter } => explain(parameter.as_deref()),
        Command::Plot {
            run_dir,
            kind,
            observable,
        } => plot::plot(&run_dir, &kind, &observable),
        Command::Check {
            seed,
            subjects,
            only,
            param,
            threads,
            trials,
        } => check(
            seed,
            subjects.map(|n| n as usize),
            &only,
            &param,
            (threads, trials as usize),
        ),
        Command::New { name, dir } => new_scenario(&name, &dir),
        Command::Bench(args) => bench(&args),
        Command::Sweep(args) => sweep::sweep(&args),
        Command::Merge(args) => sweep::merge(&args),
        Command::Sensitivity(args) => sensitivity::sensitivity(&args),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "mgate", &mut std::io::stdout());
            Ok(())
        }
    }
}

/// Refuses, before anything is simulated, work that would exceed the budget: bad input, with
/// the estimate and the option that raises the budget.
fn check_budget(
    what: &str,
    bytes: u64,
    subject_days: f64,
    budget: &BudgetArgs,
) -> Result<(), AppError> {
    use crate::cohort::estimate::describe_bytes;
    use crate::scenario::problem::format_number;
    for (value, option) in [
        (budget.max_memory_gb, "--max-memory-gb"),
        (budget.max_subject_days, "--max-subject-days"),
    ] {
        if !(value.is_finite() && value > 0.0) {
            return Err(input(anyhow!(
                "{option} {}: give a positive number",
                format_number(value)
            )));
        }
    }
    if bytes as f64 > budget.max_memory_gb * 1e9 {
        return Err(input(anyhow!(
            "{what} would need about {} of memory, more than the budget of {} GB: use fewer subjects, samples (simulation.sample_every_days), regimens or points, or --summary-only; or, on a machine with the memory, raise the budget with --max-memory-gb",
            describe_bytes(bytes),
            format_number(budget.max_memory_gb)
        )));
    }
    if subject_days > budget.max_subject_days {
        return Err(input(anyhow!(
            "{what} would simulate about {} subject-days (days over every subject, arm and point, plus one per dose), more than the budget of {}: use fewer subjects, days, doses or points; or raise the budget with --max-subject-days",
            format_number(subject_days.round()),
            format_number(budget.max_subject_days)
        )));
    }
    Ok(())
}

/// The line every run prints first.
pub fn banner() -> String {
    format!(
        "mgate {} | {DISCLAIMER}. Mechanisms for teaching, not clinical predictions.",
        env!("CARGO_PKG_VERSION")
    )
}

fn run_scenario(args: &RunArgs) -> Result<(), AppError> {
    let started = jiff::Timestamp::now();
    stop_cleanly_on_interrupt(args.common.quiet);
    if !args.common.quiet {
        eprintln!("{}", banner());
    }
    let set =
        scenario::overrides::with_seed_and_subjects(&args.common.set, args.seed, args.subjects);
    let mut scenario = scenario::load(&args.file, &set).map_err(input)?;
    if args.summary_only {
        // Sample at baseline and end only: no time series is kept, so neither it nor what is
        // drawn from it is written, and memory stays small per subject.
        if let [first, .., last] = scenario.sample_days[..] {
            scenario.sample_days = vec![first, last];
        }
        scenario.output.timeseries = false;
        scenario
            .output
            .plots
            .retain(|kind| !kind.needs_time_course());
    }
    let target = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("outputs").join(&scenario.name));
    // Refuse before simulating, so nobody waits for a run that cannot be saved.
    output::check_target(&target, args.common.force, &[&args.file]).map_err(output_error)?;

    let threads = args
        .common
        .threads
        .map_or_else(rayon::current_num_threads, usize::from);
    let needs = cohort::estimate::needs(&scenario);
    check_budget(
        "this run",
        needs.bytes(threads),
        needs.subject_days,
        &args.common.budget,
    )?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start worker threads")?;
    let progress = progress_bar(scenario.population.subjects as u64, args.common.quiet);
    if !args.common.quiet {
        eprintln!(
            "{}: {} subject(s) x {} arm(s), {} days, seed {}, {threads} thread(s)",
            scenario.name,
            scenario.population.subjects,
            scenario.arms.len(),
            scenario.duration_days,
            scenario.seed
        );
    }
    let clock = Instant::now();
    let results = pool
        .install(|| cohort::simulate(&scenario, &|| progress.inc(1)))
        .map_err(|e| match e {
            // The scenario asks for a cohort its own population cannot supply.
            cohort::CohortError::TooFewEligible { .. } => input(e),
            other => AppError::Failure(other.into()),
        })?;
    let simulation_seconds = clock.elapsed().as_secs_f64();
    progress.finish_and_clear();

    let info = RunInfo {
        command_line: std::env::args().collect(),
        scenario_file: args.file.display().to_string(),
        threads,
        started: started.to_string(),
        finished: jiff::Timestamp::now().to_string(),
        simulation_seconds,
        files: files_written(&scenario, args.summary_only),
        summary_only: args.summary_only,
    };
    let (effects, individual) = pool.install(|| {
        (
            crate::trial::effects::effects(&scenario, &results),
            crate::trial::effects::individual_effects(&scenario, &results),
        )
    });
    let replicates = scenario
        .replicates
        .as_ref()
        .map(|plan| run_replicates(&pool, &scenario, plan.trials, args.common.quiet))
        .transpose()?;
    let outputs = Outputs {
        scenario: &scenario,
        results: &results,
        effects: &effects,
        individual: &individual,
        replicates: replicates.as_ref(),
        info: &info,
        dataset: !args.summary_only,
    };
    // Outputs are formatted on the same pool, so that --threads holds for the whole run.
    let folder = pool.install(|| write_tables(&target, args.common.force, &outputs))?;
    // The console tables, printed once the results are safely written.
    let mut tables = Vec::new();
    print_endpoints(&mut tables, &scenario, &results)?;
    print_effects(&mut tables, &scenario, &effects)?;
    if let Some(replicates) = &replicates {
        print_power(&mut tables, &scenario, replicates)?;
    }
    let burn_in_starts = results.burn_in_starts();
    // Plots are drawn from the files just written: free the cohort first, so that a huge run
    // does not hold it and the tables read back at the same time.
    drop((results, effects, individual, replicates));
    pool.install(|| {
        render_plots_and_report(
            Rendering::within(folder.temporary()),
            &scenario.output.plots,
            &scenario.output.plot_observables,
        )
    })?;
    let folder = folder.commit().map_err(output_error)?;
    std::io::stdout().lock().write_all(&tables)?;
    if !args.common.quiet {
        if burn_in_starts > 0 {
            eprintln!(
                "note: {burn_in_starts} subject(s) started from a burn-in because Newton's method did not converge (see subjects.csv, column `start`)"
            );
        }
        eprintln!(
            "wrote {}/ ({}) in {simulation_seconds:.2} s of simulation",
            crate::printable(&folder.display().to_string()),
            info.files.join(", ")
        );
    }
    Ok(())
}

/// Exit code of a run stopped by Ctrl-C (128 + SIGINT, as shells report it).
pub const INTERRUPTED_EXIT_CODE: i32 = 130;

/// On Ctrl-C (SIGINT), SIGTERM or SIGHUP, removes the output folder being written (earlier
/// results stay untouched) and ends the process with [`INTERRUPTED_EXIT_CODE`].
fn stop_cleanly_on_interrupt(quiet: bool) {
    let installed = ctrlc::set_handler(|| {
        let abandoned = output::abandon_unfinished();
        for (folder, outcome) in &abandoned.removed {
            if let Err(e) = outcome {
                eprintln!(
                    "\ninterrupted: could not remove the unfinished folder {}: {e}; delete it by hand",
                    crate::printable(&folder.display().to_string())
                );
            }
        }
        if abandoned.committed.is_empty() {
            eprintln!("\ninterrupted: no results were written; earlier results are untouched");
        } else {
            eprintln!("\ninterrupted after the results were written");
        }
        std::process::exit(INTERRUPTED_EXIT_CODE);
    });
    if let Err(e) = installed
        && !quiet
    {
        eprintln!(
            "note: cannot catch Ctrl-C ({e}); an interrupted run leaves a temporary folder beside its output, removed by the next run"
        );
    }
}

fn progress_bar(total: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
    }
    let bar = ProgressBar::new(total);
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {pos}/{len} subjects, {elapsed} elapsed, ETA {eta}")
    {
        bar.set_style(style);
    }
    bar
}

fn files_written(scenario: &Scenario, summary_only: bool) -> Vec<&'static str> {
    let mut files = Vec::new();
    if scenario.output.timeseries {
        files.push(output::timeseries::FILE);
    }
    files.extend([
        output::subjects::FILE,
        output::summary::FILE,
        output::effects::FILE,
    ]);
    if scenario.design == Design::Counterfactual {
        files.push(output::effects::INDIVIDUAL_FILE);
    }
    if !summary_only {
        files.push(output::dataset::FILE);
    }
    if scenario.replicates.is_some() {
        files.extend([output::replicates::FILE, output::replicates::POWER_FILE]);
    }
    files.extend([output::manifest::FILE, "plots/", crate::report::FILE]);
    files
}

/// Everything a run writes.
struct Outputs<'a> {
    scenario: &'a Scenario,
    results: &'a CohortResults,
    effects: &'a [Effect],
    individual: &'a [IndividualEffect],
    replicates: Option<&'a Replicated>,
    info: &'a RunInfo,
    /// Whether to write `dataset.csv` (it needs every sample).
    dataset: bool,
}

/// Creates the (temporary) output folder and writes every table and the manifest into it.
fn write_tables(target: &Path, force: bool, o: &Outputs<'_>) -> Result<OutputFolder, AppError> {
    let folder = OutputFolder::create(target, force).map_err(output_error)?;
    // The two large files and the small ones are written side by side: each formats its rows in
    // parallel but writes and syncs them alone, and the others fill that time.
    let timeseries = || -> Result<(), output::OutputError> {
        if o.scenario.output.timeseries {
            output::timeseries::write(&folder, o.scenario, o.results)?;
        }
        Ok(())
    };
    let dataset = || -> Result<(), output::OutputError> {
        if o.dataset {
            output::dataset::write(&folder, o.scenario, o.results)?;
        }
        Ok(())
    };
    let small = || -> Result<(), output::OutputError> {
        output::subjects::write(&folder, o.scenario, o.results)?;
        output::summary::write(&folder, o.scenario, o.results)?;
        output::effects::write(&folder, o.scenario, o.effects)?;
        if o.scenario.design == Design::Counterfactual {
            output::effects::write_individual(&folder, o.scenario, o.individual)?;
        }
        if let Some(r) = o.replicates {
            output::replicates::write(&folder, o.scenario, &r.estimates)?;
            output::replicates::write_power(&folder, o.scenario, &r.summaries)?;
        }
        Ok(())
    };
    let (first, (second, third)) = rayon::join(timeseries, || rayon::join(dataset, small));
    first?;
    second?;
    third?;
    output::manifest::write(&folder, o.scenario, o.results, o.info)?;
    Ok(folder)
}

/// Replicate trials of a run: every estimate and their summary.
struct Replicated {
    estimates: Vec<TrialEstimate>,
    summaries: Vec<PowerSummary>,
}

/// Runs the scenario's replicate trials on `pool`, with a progress bar.
fn run_replicates(
    pool: &rayon::ThreadPool,
    scenario: &Scenario,
    trials: usize,
    quiet: bool,
) -> Result<Replicated, AppError> {
    if !quiet {
        eprintln!("replicate trials: {trials} more trial(s) of the same design on new people");
    }
    let progress = progress_bar(trials as u64, quiet);
    let estimates = pool
        .install(|| crate::trial::replicates::run(scenario, trials, &|| progress.inc(1)))
        .map_err(|e| AppError::Failure(anyhow!("replicate trials: {e}")))?;
    progress.finish_and_clear();
    let summaries = crate::trial::replicates::summarize(&estimates);
    Ok(Replicated {
        estimates,
        summaries,
    })
}

/// The power table on stdout: per endpoint, arm and stratum, how the replicate trials' estimates
/// spread and how often they saw the effect.
fn print_power(
    out: &mut impl Write,
    scenario: &Scenario,
    replicated: &Replicated,
) -> Result<(), AppError> {
    let Some(plan) = &scenario.replicates else {
        return Ok(());
    };
    writeln!(
        out,
        "\nreplicate trials: {} trials of {} subjects ({}); power = share of trials whose {:.0}% interval excludes zero on the side of the average effect",
        plan.trials,
        plan.subjects,
        match plan.design {
            Design::Counterfactual => "counterfactual",
            Design::Parallel { .. } => "parallel groups",
        },
        scenario.analysis.confidence * 100.0
    )?;
    writeln!(
        out,
        "{:<18} {:<10} {:>10} {:>7} {:>10} {:>8} {:>20} {:>10} {:>7}",
        "endpoint", "arm", "stratum", "n arm", "mean", "sd", "95% of trials", "right sign", "power"
    )?;
    for s in &replicated.summaries {
        let [low, _, high] = s.percentiles;
        writeln!(
            out,
            "{:<18} {:<10} {:>10} {:>7.1} {:>+10.3} {:>8.3} {:>20} {:>9.0}% {:>6.0}%",
            s.endpoint.name(),
            scenario.arms[s.arm].name,
            s.stratum,
            s.mean_n_arm,
            s.mean_effect,
            s.sd_effect,
            format!("[{low:+.2}, {high:+.2}]"),
            s.fraction_right_sign * 100.0,
            s.power * 100.0
        )?;
    }
    Ok(())
}

/// The effects table on stdout.
fn print_effects(
    out: &mut impl Write,
    scenario: &Scenario,
    effects: &[Effect],
) -> Result<(), AppError> {
    if effects.is_empty() {
        // A single arm has nothing to be compared with.
        return Ok(());
    }
    let analysis = &scenario.analysis;
    let reference = &scenario.arms[analysis.reference_arm].name;
    let design = match scenario.design {
        Design::Counterfactual => "counterfactual: every subject under every arm",
        Design::Parallel { .. } => "parallel groups",
    };
    writeln!(
        out,
        "\neffects: mean change from day 0 to day {}, arm minus `{reference}` ({design}), {:.0}% bootstrap interval",
        scenario.duration_days,
        analysis.confidence * 100.0
    )?;
    let width = scenario
        .arms
        .iter()
        .map(|a| a.name.len())
        .max()
        .unwrap_or(3)
        .max(3);
    writeln!(
        out,
        "{:<18} {:<width$} {:>10} {:>6} {:>6} {:>10}   interval",
        "endpoint", "arm", "stratum", "n", "n ref", "effect"
    )?;
    for e in effects {
        let interval = if e.ci_low.is_finite() {
            format!("[{:+.3}, {:+.3}]", e.ci_low, e.ci_high)
        } else {
            "(empty group)".to_string()
        };
        writeln!(
            out,
            "{:<18} {:<width$} {:>10} {:>6} {:>6} {:>+10.3}   {interval}",
            e.endpoint.name(),
            scenario.arms[e.arm].name,
            e.stratum,
            e.n_arm,
            e.n_reference,
            e.effect
        )?;
    }
    Ok(())
}

/// The endpoint table on stdout: per arm, mean 25(OH)D at baseline and end, and mean changes.
fn print_endpoints(
    out: &mut impl Write,
    scenario: &Scenario,
    results: &CohortResults,
) -> Result<(), AppError> {
    let changes = [
        (Observable::Ohd25, "d 25(OH)D"),
        (Observable::SerumMg, "d serum Mg"),
        (Observable::TissueMg, "d tissue Mg"),
        (Observable::Calcitriol, "d calcitriol"),
        (Observable::Pth, "d PTH"),
    ];
    let width = scenario
        .arms
        .iter()
        .map(|a| a.name.len())
        .max()
        .unwrap_or(3)
        .max(3);
    write!(
        out,
        "{:<width$} {:>6} {:>11} {:>11}",
        "arm", "n", "25(OH)D d0", "25(OH)D end"
    )?;
    for (_, label) in changes {
        write!(out, " {label:>12}")?;
    }
    writeln!(out)?;
    write!(
        out,
        "{:<width$} {:>6} {:>11} {:>11}",
        "", "", "ng/mL", "ng/mL"
    )?;
    for unit in ["ng/mL", "mmol/L", "mmol", "pg/mL", "pg/mL"] {
        write!(out, " {unit:>12}")?;
    }
    writeln!(out)?;
    let mut scratch = Vec::new();
    let last = scenario.sample_days.len() - 1;
    for (index, arm) in scenario.arms.iter().enumerate() {
        let baseline = summarize(results, index, 0, Observable::Ohd25, &mut scratch);
        let end = summarize(results, index, last, Observable::Ohd25, &mut scratch);
        write!(
            out,
            "{:<width$} {:>6} {:>11.2} {:>11.2}",
            arm.name, baseline.n, baseline.mean, end.mean
        )?;
        for (observable, _) in changes {
            let change = mean_change(results, index, observable);
            let decimals = if observable == Observable::SerumMg {
                4
            } else {
                2
            };
            write!(out, " {:>+12.decimals$}", change.mean)?;
        }
        writeln!(out)?;
    }
    writeln!(
        out,
        "means over subjects; d = change from day 0 to day {}. {DISCLAIMER}.",
        scenario.duration_days
    )?;
    Ok(())
}

fn check(
    seed: Option<u64>,
    subjects: Option<usize>,
    only: &[String],
    params: &[String],
    (threads, trials): (Option<u16>, usize),
) -> Result<(), AppError> {
    use crate::phenomena::PHENOMENA;
    let ids: Vec<&str> = PHENOMENA.iter().map(|p| p.id).collect();
    if let Some(unknown) = only.iter().find(|id| !ids.contains(&id.as_str())) {
        return Err(input(anyhow!(
            "unknown phenomenon `{unknown}`; valid: {}",
            ids.join(", ")
        )));
    }
    let overrides = params
        .iter()
        .map(|param| parameter_override(param))
        .collect::<Result<Vec<_>, _>>()?;
    eprintln!("{}", banner());
    let threads = threads.map_or_else(rayon::current_num_threads, usize::from);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start worker threads")?;
    let mut out = std::io::stdout().lock();
    let mut failures = 0;
    for phenomenon in PHENOMENA
        .iter()
        .filter(|p| only.is_empty() || only.iter().any(|id| id == p.id))
    {
        let report = pool
            .install(|| phenomenon.check(seed, subjects, &overrides))
            .map_err(|e| AppError::Failure(anyhow!("{}: {e}", phenomenon.id)))?;
        writeln!(
            out,
            "{} {}  [{}]\n   {} ({})",
            report.id,
            if report.pass() { "PASS" } else { "FAIL" },
            phenomenon.scenario_file,
            report.title,
            report.source
        )?;
        for f in &report.findings {
            let interval = f.interval.map_or(String::new(), |(low, high)| {
                format!(" [{low:.3}, {high:.3}]")
            });
            writeln!(
                out,
                "   {} {}: {:.3}{interval} {}; expected {}",
                if f.pass { "ok  " } else { "FAIL" },
                f.what,
                f.value,
                f.unit,
                f.expected
            )?;
        }
        let power = pool
            .install(|| phenomenon.power(seed, trials, &overrides))
            .map_err(|e| AppError::Failure(anyhow!("{}: {e}", phenomenon.id)))?;
        for line in power.into_iter().flatten() {
            writeln!(out, "   {line}")?;
        }
        if !report.pass() {
            failures += 1;
        }
    }
    writeln!(
        out,
        "{} phenomena checked, {failures} failing. Directions are checked; magnitudes are a toy's. {DISCLAIMER}.",
        if only.is_empty() {
            PHENOMENA.len()
        } else {
            only.len()
        }
    )?;
    if failures > 0 {
        return Err(AppError::Failure(anyhow!(
            "{failures} phenomenon/phenomena failed"
        )));
    }
    Ok(())
}

/// `--param NAME=VALUE` of `mgate check` as the override `parameters.NAME=VALUE`, with the name
/// and value checked against the parameter table.
fn parameter_override(param: &str) -> Result<SetOption, AppError> {
    let (name, value) = param.split_once('=').ok_or_else(|| {
        input(anyhow!(
            "--param `{param}`: expected NAME=VALUE, e.g. --param k_24a1=1.5"
        ))
    })?;
    let (name, value) = (name.trim(), value.trim());
    let mut parameters = crate::model::Parameters::default();
    let number: f64 = value
        .parse()
        .map_err(|_| input(anyhow!("--param {name}: `{value}` is not a number")))?;
    parameters
        .set(name, number)
        .map_err(|e| input(anyhow!("--param {param}: {e}")))?;
    Ok(SetOption::from_flag(
        &format!("parameters.{name}"),
        value,
        "--param",
    ))
}

fn validate(files: &[PathBuf]) -> Result<(), AppError> {
    let mut failures = 0;
    for file in files {
        match scenario::load(file, &[]).and_then(|s| {
            sweep::validate_sweep(&s, &file.display().to_string()).map(|points| (s, points))
        }) {
            Ok((s, points)) => println!(
                "ok: {} ({}: {} arm(s), {} subject(s), {} days{})",
                crate::printable(&file.display().to_string()),
                s.name,
                s.arms.len(),
                s.population.subjects,
                s.duration_days,
                points.map_or(String::new(), |n| format!(", sweep of {n} point(s)"))
            ),
            Err(error) => {
                failures += 1;
                eprintln!("{}", crate::printable(&error.to_string()));
            }
        }
    }
    if failures > 0 {
        return Err(input(anyhow!(
            "{failures} of {} scenario file(s) have problems",
            files.len()
        )));
    }
    Ok(())
}

fn explain(parameter: Option<&str>) -> Result<(), AppError> {
    let defaults = model::Parameters::default();
    match parameter {
        None => print!("{}", model::explain::model_overview(&defaults)),
        Some(name) => match model::explain::explain_parameter(name) {
            Some(text) => print!("{text}"),
            None => {
                return Err(input(anyhow!(
                    "unknown parameter `{name}`{}; `mgate explain` lists them all",
                    scenario::problem::suggestion(name, model::Parameters::names())
                )));
            }
        },
    }
    Ok(())
}

fn new_scenario(name: &str, dir: &Path) -> Result<(), AppError> {
    let path = dir.join(format!("{name}.toml"));
    let text = crate::starter::starter_scenario(name).map_err(|e| input(anyhow!(e)))?;
    // Never overwrite, and never leave half a file.
    output::write_new_file(&path, text.as_bytes()).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => input(anyhow!(
            "{} already exists; choose another name or remove it first",
            path.display()
        )),
        // The folder is the user's choice: missing, a file, or not writable.
        _ => input(anyhow!(
            "cannot create {}: {e}; give an existing folder you can write to with --dir",
            path.display()
        )),
    })?;
    println!(
        "wrote {}: edit it (the format is in docs/scenario-format.md), then `mgate validate {}` and `mgate run {}`",
        crate::printable(&path.display().to_string()),
        crate::printable(&path.display().to_string()),
        crate::printable(&path.display().to_string())
    );
    Ok(())
}

/// The scenario `mgate bench --replicates` times: a shipped trial at its published size.
const REPLICATES_BENCH_SCENARIO: &str = "scenarios/dai2018_bidirectional.toml";

/// `mgate bench --replicates K`: K replicate trials of the Dai scenario at each thread count.
fn bench_replicates(args: &BenchArgs) -> Result<(), AppError> {
    let path = Path::new(REPLICATES_BENCH_SCENARIO);
    let scenario = scenario::load(path, &[]).map_err(input)?;
    let Some(plan) = &scenario.replicates else {
        return Err(input(anyhow!(
            "{REPLICATES_BENCH_SCENARIO} has no [replicates] section"
        )));
    };
    for &threads in &args.threads {
        let seconds =
            crate::bench::time_replicates(&scenario, args.replicates, usize::from(threads))?;
        println!(
            "replicate trials: {} trials of {} subjects over {} days ({}, parallel groups) at {threads} thread(s): {seconds:.2} s ({:.1} ms per trial)",
            args.replicates,
            plan.subjects,
            scenario.duration_days,
            scenario.name,
            1e3 * seconds / args.replicates as f64
        );
    }
    Ok(())
}

fn bench(args: &BenchArgs) -> Result<(), AppError> {
    eprintln!("{}", banner());
    if !args.scenario.exists() {
        return Err(input(anyhow!(
            "{} not found: mgate bench runs scenarios/bench_year.toml of the repository by default; run it from the repository, or pass --scenario FILE",
            args.scenario.display()
        )));
    }
    let scenario = scenario::load(&args.scenario, &[]).map_err(input)?;
    if args.subjects.is_empty() || args.subjects.contains(&0) {
        return Err(input(anyhow!(
            "--subjects needs cohort sizes of at least 1, e.g. --subjects 1000,10000"
        )));
    }
    println!(
        "benchmark: {}, {} build, {} core(s) available, {} {}",
        crate::printable(&args.scenario.display().to_string()),
        if cfg!(debug_assertions) {
            "DEBUG (numbers meaningless: build with --release)"
        } else {
            "release"
        },
        std::thread::available_parallelism().map_or(1, usize::from),
        std::env::consts::OS,
        std::env::consts::ARCH
    );
    println!(
        "each line is one `mgate run` process: wall time includes enrolment, simulation and every output; ms/subject-year is wall time x threads per subject-year"
    );
    // Every study length must make a valid scenario: check them all before measuring anything.
    for days in &args.days {
        let set = [SetOption::from_flag(
            "simulation.duration_days",
            days,
            "--days",
        )];
        scenario::load(&args.scenario, &set).map_err(input)?;
    }
    let plan = crate::bench::BenchPlan {
        scenario: args.scenario.clone(),
        subjects: args.subjects.clone(),
        days: if args.days.is_empty() {
            vec![scenario.duration_days]
        } else {
            args.days.clone()
        },
        threads: args.threads.clone(),
        summary_only_from: args.summary_only_from,
        peer_subjects: args.peer_subjects,
        peer_script: args.peer_script.clone(),
    };
    if args.replicates > 0 {
        bench_replicates(args)?;
    }
    if args.replicates_only {
        println!("{DISCLAIMER}.");
        return Ok(());
    }
    let measurements = crate::bench::measure_runs(&plan)?;
    crate::bench::print_scaling(&measurements);
    if plan.peer_subjects > 0
        && let Some(peer) =
            crate::bench::compare_with_peer(&plan.scenario, plan.peer_subjects, &plan.peer_script)?
    {
        println!(
            "peer (scipy solve_ivp LSODA, same equations, doses and tolerances; {}): {:.4} s per subject ({} days) against mgate's {:.3} ms on one thread: mgate is {:.0}x faster",
            peer.versions,
            peer.peer_seconds_per_subject,
            scenario.duration_days,
            peer.mgate_seconds_per_subject * 1e3,
            peer.peer_seconds_per_subject / peer.mgate_seconds_per_subject
        );
        println!(
            "peer trajectories of {} subject(s): largest relative difference {:.1e} ({} the tolerance {:.0e})",
            peer.subjects,
            peer.max_relative_difference,
            if peer.agree { "within" } else { "OUTSIDE" },
            peer.tolerance
        );
        if !peer.agree {
            return Err(AppError::Failure(anyhow!(
                "mgate and the scipy peer disagree beyond the tolerance"
            )));
        }
    }
    println!("{DISCLAIMER}.");
    Ok(())
}
