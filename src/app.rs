//! The one place that sees the whole pipeline: scenario file → checked scenario → cohort →
//! simulation → tidy results → files and console.

use crate::cli::{BenchArgs, BudgetArgs, Cli, Command};
use crate::output;
use crate::scenario::{self, SetOption};
use crate::simulate::Observable;
use crate::{DISCLAIMER, model};
use anyhow::{Context, anyhow};
use std::io::Write;
use std::path::{Path, PathBuf};

mod compare;
mod explore;
mod plot;
mod run;
mod sensitivity;
mod sweep;

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
    let quiet = cli.quiet;
    match cli.command {
        Command::Run(args) => run::run_scenario(&args, quiet),
        Command::Validate { files } => validate(&files, quiet),
        Command::Explain { parameter } => explain(parameter.as_deref()),
        Command::Plot {
            run_dir,
            kind,
            observable,
        } => plot::plot(&run_dir, &kind, &observable, quiet),
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
            quiet,
        ),
        Command::New { name, dir } => new_scenario(&name, &dir, quiet),
        Command::Bench(args) => bench(&args, quiet),
        Command::Sweep(args) => sweep::sweep(&args, quiet),
        Command::Merge(args) => sweep::merge(&args, quiet),
        Command::Sensitivity(args) => sensitivity::sensitivity(&args, quiet),
        Command::Compare(args) => compare::compare(&args, quiet),
        Command::Explore(args) => explore::explore(&args, quiet),
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

/// The command line as a user would type it again: `mgate` and the arguments as given (paths
/// stay relative to where the command ran), not the path of this binary.
pub fn command_line() -> Vec<String> {
    std::iter::once("mgate".to_string())
        .chain(
            std::env::args_os()
                .skip(1)
                .map(|a| a.to_string_lossy().into_owned()),
        )
        .collect()
}

/// The line every run prints first.
pub fn banner() -> String {
    format!(
        "mgate {} | {DISCLAIMER}. Mechanisms for teaching, not clinical predictions.",
        env!("CARGO_PKG_VERSION")
    )
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

fn check(
    seed: Option<u64>,
    subjects: Option<usize>,
    only: &[String],
    params: &[String],
    (threads, trials): (Option<u16>, usize),
    quiet: bool,
) -> Result<(), AppError> {
    use crate::phenomena::PHENOMENA;
    // The ids are checked (in any case) by the command line.
    let chosen: Vec<_> = PHENOMENA
        .iter()
        .filter(|p| only.is_empty() || only.iter().any(|id| id.eq_ignore_ascii_case(p.id)))
        .collect();
    let overrides = params
        .iter()
        .map(|param| parameter_override(param))
        .collect::<Result<Vec<_>, _>>()?;
    if !quiet {
        eprintln!("{}", banner());
    }
    let threads = threads.map_or_else(rayon::current_num_threads, usize::from);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start worker threads")?;
    let mut out = std::io::stdout().lock();
    let mut failures = 0;
    for phenomenon in &chosen {
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
        // Quiet: the findings of failing phenomena only.
        for f in report.findings.iter().filter(|_| !quiet || !report.pass()) {
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
        chosen.len()
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

fn validate(files: &[PathBuf], quiet: bool) -> Result<(), AppError> {
    let mut failures = 0;
    for file in files {
        match scenario::load(file, &[]).and_then(|s| {
            sweep::validate_sweep(&s, &file.display().to_string()).map(|points| (s, points))
        }) {
            Ok(_) if quiet => {}
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

/// `mgate explain [NAME]`: the model, or one parameter, observable or output file (or
/// `outputs`, the whole data dictionary).
fn explain(name: Option<&str>) -> Result<(), AppError> {
    use crate::output::dictionary;
    let defaults = model::Parameters::default();
    let Some(name) = name else {
        print!("{}", model::explain::model_overview(&defaults));
        return Ok(());
    };
    if let Some(text) = model::explain::explain_parameter(name) {
        print!("{text}");
    } else if let Some(observable) = Observable::from_name(name) {
        print!("{}", dictionary::explain_observable(observable));
    } else if let Some(file) = dictionary::file(name) {
        print!("{}", dictionary::explain_file(&file));
    } else if name == "outputs" {
        print!("{}", dictionary::markdown());
    } else {
        let files: Vec<&str> = dictionary::files().iter().map(|f| f.name).collect();
        let known = model::Parameters::names()
            .chain(Observable::ALL.iter().map(|o| o.name()))
            .chain(files.iter().copied())
            .chain(["outputs"]);
        return Err(input(anyhow!(
            "`{}` is neither a parameter, an observable nor an output file{}; `mgate explain` lists the parameters, `mgate explain outputs` the observables and files",
            crate::printable(name),
            scenario::problem::suggestion(name, known)
        )));
    }
    Ok(())
}

fn new_scenario(name: &str, dir: &Path, quiet: bool) -> Result<(), AppError> {
    // `mgate new my_scenario.toml` means the scenario my_scenario.
    let name = name.strip_suffix(".toml").unwrap_or(name);
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
    if quiet {
        return Ok(());
    }
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

fn bench(args: &BenchArgs, quiet: bool) -> Result<(), AppError> {
    if !quiet {
        eprintln!("{}", banner());
    }
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
