//! `mgate explore FILE`: serves the live page of [`crate::explore`] on 127.0.0.1, with the
//! pipeline behind it: each simulation checked against the budget and run on the `--threads`
//! pool, and each saved run written by [`super::run::write_run_folder`], the code that writes
//! `mgate run`'s folders.
//!
//! The server runs until Ctrl-C, or, when standard input is not a terminal, until that input
//! ends: a script or a test that started it stops it by closing the pipe, and `< /dev/null`
//! starts it, prints the address and stops at once (which is how the examples of the help and
//! the README are run). A terminal's input is not read, so `mgate explore FILE &` keeps serving.

use super::run::{RunFolder, cohort_error, files_written, write_run_folder};
use super::{AppError, banner, check_budget, input, output_error};
use crate::cli::{BudgetArgs, ExploreArgs};
use crate::cohort::{self, CohortResults};
use crate::explore::{Backend, BackendError, Server, Session, SessionSettings};
use crate::output::{self, manifest::RunInfo};
use crate::scenario::{self, Scenario};
use anyhow::{Context, anyhow};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

pub(super) fn explore(args: &ExploreArgs, quiet: bool) -> Result<(), AppError> {
    let text = scenario::read_text(&args.file).map_err(input)?;
    let threads = args
        .common
        .threads
        .map_or_else(rayon::current_num_threads, usize::from);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start worker threads")?;
    let pipeline = Pipeline {
        pool,
        threads,
        budget: args.common.budget,
        force: args.common.output.force,
        file: args.file.clone(),
        last: Mutex::new(None),
    };
    let settings = SessionSettings {
        text,
        label: args.file.display().to_string(),
        base: args.common.set.clone(),
        extra_parameters: args.param.clone(),
        out_dir: args.out_dir.clone(),
    };
    let session = Session::new(settings, Box::new(pipeline)).map_err(input)?;
    let server = Server::bind(args.port).map_err(input)?;
    let url = server.url();
    let stop = Arc::new(AtomicBool::new(false));
    stop_on_interrupt(quiet);
    let reads_stdin = !std::io::stdin().is_terminal();
    if reads_stdin {
        stop_when_stdin_ends(Arc::clone(&stop));
    }
    if !quiet {
        eprintln!("{}", banner());
        eprintln!(
            "serving {} on this machine only: open the address below in a browser here. Stop with Ctrl-C{}.",
            crate::printable(&args.file.display().to_string()),
            if reads_stdin {
                " or by closing standard input"
            } else {
                ""
            }
        );
    }
    // The address is the one line on stdout, for scripts.
    println!("{url}");
    if args.open {
        open_in_browser(&url, quiet);
    }
    server.serve(&session, &stop);
    if !quiet {
        eprintln!("standard input ended: mgate explore stopped");
    }
    Ok(())
}

/// On Ctrl-C (or SIGTERM, SIGHUP), removes the folder of a save in progress and ends the
/// process: the normal way to stop a server, so exit code 0.
fn stop_on_interrupt(quiet: bool) {
    let installed = ctrlc::set_handler(|| {
        let abandoned = output::abandon_unfinished();
        for (folder, outcome) in &abandoned.removed {
            if let Err(e) = outcome {
                eprintln!(
                    "\ncould not remove the unfinished folder {}: {e}; delete it by hand",
                    crate::printable(&folder.display().to_string())
                );
            }
        }
        eprintln!("\nmgate explore stopped");
        std::process::exit(0);
    });
    if let Err(e) = installed
        && !quiet
    {
        eprintln!(
            "note: cannot catch Ctrl-C ({e}); a save interrupted by it leaves a temporary folder beside its target, removed by the next save"
        );
    }
}

/// Sets `stop` once standard input reaches its end (or cannot be read).
fn stop_when_stdin_ends(stop: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        // Whatever arrives on standard input is ignored; only its end matters.
        let _ = std::io::copy(&mut std::io::stdin().lock(), &mut std::io::sink());
        stop.store(true, Ordering::Relaxed);
    });
}

/// Asks the desktop to open `url`; a note if it cannot.
fn open_in_browser(url: &str, quiet: bool) {
    let opener = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd")
            .args(["/C", "start", "", url])
            .spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if let Err(e) = opener
        && !quiet
    {
        eprintln!("note: cannot open a browser ({e}); open the address yourself");
    }
}

/// The pipeline behind the page.
struct Pipeline {
    pool: rayon::ThreadPool,
    threads: usize,
    budget: BudgetArgs,
    force: bool,
    /// The scenario file (never replaced by a save).
    file: PathBuf,
    /// The last simulation: when only some arms' doses change (one slider), only those arms
    /// are simulated again.
    last: Mutex<Option<(Scenario, Arc<CohortResults>)>>,
}

/// An app error as the page reports it: the user's to change, or a failure.
fn backend_error(error: AppError) -> BackendError {
    match error {
        AppError::Input(e) => BackendError::Refused {
            message: format!("{e:#}"),
        },
        AppError::Failure(e) => BackendError::Failed {
            message: format!("{e:#}"),
        },
    }
}

impl Pipeline {
    fn check_budget(&self, scenario: &Scenario) -> Result<(), AppError> {
        let needs = cohort::estimate::needs(scenario);
        check_budget(
            "this simulation",
            needs.bytes(self.threads),
            needs.subject_days,
            &self.budget,
        )
    }

    fn simulate_cohort(&self, scenario: &Scenario) -> Result<CohortResults, AppError> {
        self.check_budget(scenario)?;
        self.pool
            .install(|| cohort::simulate(scenario, &|| {}))
            .map_err(cohort_error)
    }

    /// The `mgate run` command that writes the same folder: the file, the page's changes as
    /// `--set` options, and the target.
    fn reproduce(&self, scenario: &Scenario, target: &Path) -> Vec<String> {
        let mut line = vec![
            "mgate".to_string(),
            "run".into(),
            self.file.display().to_string(),
        ];
        for option in &scenario.overrides {
            line.push("--set".into());
            line.push(format!("{}={}", option.path.join("."), option.value));
        }
        line.push("--out".into());
        line.push(target.display().to_string());
        line
    }
}

impl Backend for Pipeline {
    fn simulate(&self, scenario: &Scenario) -> Result<Arc<CohortResults>, BackendError> {
        self.check_budget(scenario).map_err(backend_error)?;
        let last = self
            .last
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let reuse = last.and_then(|(before, results)| {
            cohort::changed_arms(&before, scenario).map(|arms| (arms, results))
        });
        let results = match reuse {
            Some((arms, results)) if arms.is_empty() => results,
            Some((arms, results)) => Arc::new(
                self.pool
                    .install(|| cohort::resimulate_arms(scenario, &results, &arms))
                    .map_err(cohort_error)
                    .map_err(backend_error)?,
            ),
            None => Arc::new(
                self.pool
                    .install(|| cohort::simulate(scenario, &|| {}))
                    .map_err(cohort_error)
                    .map_err(backend_error)?,
            ),
        };
        *self.last.lock().unwrap_or_else(PoisonError::into_inner) =
            Some((scenario.clone(), Arc::clone(&results)));
        Ok(results)
    }

    fn save_run(&self, scenario: &Scenario, target: &Path) -> Result<PathBuf, BackendError> {
        let save = || -> Result<PathBuf, AppError> {
            let started = jiff::Timestamp::now();
            // Refuse before simulating, as `mgate run` does; in the page's words.
            output::check_target(target, self.force, &[&self.file]).map_err(|e| match e {
                output::OutputError::Exists(path) => input(anyhow!(
                    "{} already holds results; type another name (or start mgate explore with --force to replace runs it wrote)",
                    path.display()
                )),
                other => output_error(other),
            })?;
            let clock = Instant::now();
            let results = self.simulate_cohort(scenario)?;
            let info = RunInfo {
                command_line: self.reproduce(scenario, target),
                scenario_file: self.file.display().to_string(),
                threads: self.threads,
                started: started.to_string(),
                finished: jiff::Timestamp::now().to_string(),
                simulation_seconds: clock.elapsed().as_secs_f64(),
                files: files_written(scenario, false),
                summary_only: false,
            };
            let folder = RunFolder {
                target,
                force: self.force,
                scenario,
                info: &info,
                quiet: true,
            };
            let saved = write_run_folder(&self.pool, folder, results)?;
            Ok(saved.folder)
        };
        save()
            .map_err(|e| match e {
                AppError::Input(e) => AppError::Input(e),
                AppError::Failure(e) => AppError::Failure(anyhow!("cannot save the run: {e:#}")),
            })
            .map_err(backend_error)
    }
}
