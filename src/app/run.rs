//! `mgate run FILE`: simulate a scenario and write its run folder; and the writing of a run
//! folder itself ([`write_run_folder`]), which `mgate explore` shares, so that a run saved from
//! the page is the folder `mgate run` writes, through the same atomic, no-clobber output code.

use super::plot::{Rendering, render_plots_and_report};
use super::{
    AppError, banner, check_budget, command_line, input, output_error, stop_cleanly_on_interrupt,
};
use crate::DISCLAIMER;
use crate::cli::RunArgs;
use crate::cohort::{self, CohortResults};
use crate::output::{self, OutputFolder, manifest::RunInfo};
use crate::scenario::{self, Design, Scenario};
use crate::simulate::Observable;
use crate::trial::effects::{Effect, IndividualEffect};
use crate::trial::replicates::{PowerSummary, TrialEstimate};
use crate::trial::{mean_change, summarize};
use anyhow::{Context, anyhow};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

pub(super) fn run_scenario(args: &RunArgs, quiet: bool) -> Result<(), AppError> {
    let started = jiff::Timestamp::now();
    stop_cleanly_on_interrupt(quiet);
    if !quiet {
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
    output::check_target(&target, args.common.output.force, &[&args.file]).map_err(output_error)?;

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
    let progress = progress_bar(scenario.population.subjects as u64, quiet);
    if !quiet {
        eprintln!(
            "{}: {} subject(s) x {} arm(s), {} days, seed {}, {threads} thread(s)",
            scenario.name,
            scenario.population.subjects,
            scenario.arms.len(),
            scenario.duration_days,
            scenario.seed
        );
        if !scenario.overrides.is_empty() {
            let options: Vec<&str> = scenario.overrides.iter().map(|o| o.raw.as_str()).collect();
            eprintln!(
                "changed from the file: {}",
                crate::printable(&options.join(", "))
            );
        }
    }
    let clock = Instant::now();
    let results = pool
        .install(|| cohort::simulate(&scenario, &|| progress.inc(1)))
        .map_err(cohort_error)?;
    let simulation_seconds = clock.elapsed().as_secs_f64();
    progress.finish_and_clear();

    let info = RunInfo {
        command_line: command_line(),
        scenario_file: args.file.display().to_string(),
        threads,
        started: started.to_string(),
        finished: jiff::Timestamp::now().to_string(),
        simulation_seconds,
        files: files_written(&scenario, args.summary_only),
        summary_only: args.summary_only,
    };
    let saved = write_run_folder(
        &pool,
        RunFolder {
            target: &target,
            force: args.common.output.force,
            scenario: &scenario,
            info: &info,
            quiet,
        },
        results,
    )?;
    std::io::stdout().lock().write_all(&saved.tables)?;
    if !quiet {
        if saved.burn_in_starts > 0 {
            eprintln!(
                "note: {} subject(s) started from a burn-in because Newton's method did not converge (see subjects.csv, column `baseline_found_by`)",
                saved.burn_in_starts
            );
        }
        eprintln!(
            "wrote {}/ ({}) in {simulation_seconds:.2} s of simulation",
            crate::printable(&saved.folder.display().to_string()),
            info.files.join(", ")
        );
    }
    Ok(())
}

/// A cohort that could not be simulated: the user's when the scenario asks for a cohort its own
/// population cannot supply, a failure otherwise.
pub(super) fn cohort_error(error: cohort::CohortError) -> AppError {
    match error {
        cohort::CohortError::TooFewEligible { .. } => input(error),
        other => AppError::Failure(other.into()),
    }
}

/// Where and how a run folder is written.
#[derive(Debug, Clone, Copy)]
pub(super) struct RunFolder<'a> {
    /// The folder to create.
    pub target: &'a Path,
    /// Whether results mgate wrote at `target` may be replaced.
    pub force: bool,
    /// The scenario simulated.
    pub scenario: &'a Scenario,
    /// How the run was made (for the manifest).
    pub info: &'a RunInfo,
    /// Whether to keep the console to results (no progress of the replicate trials).
    pub quiet: bool,
}

/// A run folder written and moved into place.
#[derive(Debug)]
pub(super) struct SavedRun {
    /// The folder, at its target.
    pub folder: PathBuf,
    /// The endpoint and effect tables `mgate run` prints.
    pub tables: Vec<u8>,
    /// Subjects whose starting state needed a burn-in.
    pub burn_in_starts: usize,
}

/// Writes the run folder of `results`: every table and the manifest, then the plots and the
/// handout drawn from those files, into a temporary folder that is moved to the target only when
/// complete (refused if results appeared there meanwhile, unless `force` and mgate wrote them).
/// The cohort is freed before the plots are drawn, so that a huge run does not hold it while
/// the tables are read back.
pub(super) fn write_run_folder(
    pool: &rayon::ThreadPool,
    folder: RunFolder<'_>,
    results: CohortResults,
) -> Result<SavedRun, AppError> {
    let scenario = folder.scenario;
    let (effects, individual) = pool.install(|| {
        (
            crate::trial::effects::effects(scenario, &results),
            crate::trial::effects::individual_effects(scenario, &results),
        )
    });
    let replicates = scenario
        .replicates
        .as_ref()
        .map(|plan| run_replicates(pool, scenario, plan.trials, folder.quiet))
        .transpose()?;
    let outputs = Outputs {
        scenario,
        results: &results,
        effects: &effects,
        individual: &individual,
        replicates: replicates.as_ref(),
        info: folder.info,
        dataset: !folder.info.summary_only,
    };
    // Outputs are formatted on the same pool, so that --threads holds for the whole run.
    let written = pool.install(|| write_tables(folder.target, folder.force, &outputs))?;
    // The console tables, formatted while the results are at hand.
    let mut tables = Vec::new();
    print_endpoints(&mut tables, scenario, &results)?;
    print_effects(&mut tables, scenario, &effects)?;
    if let Some(replicates) = &replicates {
        print_power(&mut tables, scenario, replicates)?;
    }
    let burn_in_starts = results.burn_in_starts();
    drop((results, effects, individual, replicates));
    pool.install(|| {
        render_plots_and_report(
            Rendering::within(written.temporary()),
            &scenario.output.plots,
            &scenario.output.plot_observables,
        )
    })?;
    let folder = written.commit().map_err(output_error)?;
    Ok(SavedRun {
        folder,
        tables,
        burn_in_starts,
    })
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

/// The files and folders of a run folder, for the manifest and the console.
pub(super) fn files_written(scenario: &Scenario, summary_only: bool) -> Vec<&'static str> {
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
