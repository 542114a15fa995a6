//! `mgate bench`: how fast mgate is, measured the way users run it, and side by side with a peer.
//!
//! **Throughput.** Each configuration (cohort size × worker threads) is a separate `mgate run`
//! process on the benchmark scenario, so that its wall time includes everything a user waits for
//! (enrolment, simulation, every output file, plots and report) and its peak memory (maximum
//! resident set size, from `wait4`) is its own. Cohorts of at least `--summary-only-from`
//! subjects run with `--summary-only`, as a user with such a cohort would.
//!
//! **Peer.** When `python3` with scipy is on the path, the same subjects (parameters, starting
//! state, doses, tolerances) are written to a JSON file and integrated by
//! `benches/peer/scipy_peer.py` with scipy's `solve_ivp` (LSODA). mgate integrates the same
//! subjects in this process, one thread, timing the integration only (as the peer does); the
//! ratio of the two per-subject times and the largest relative difference between the
//! trajectories are printed. See `docs/performance.md`.

use crate::cohort::{self, CohortResults};
use crate::model::{PARAMETER_TABLE, State};
use crate::scenario::{self, Scenario, SetOption};
use crate::simulate::batch::BATCH_LANES;
use crate::simulate::{DoseTarget, Observable, RunPlan, Trajectory, Workspace, dose_events};
use anyhow::{Context, anyhow, bail};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// What to measure.
#[derive(Debug, Clone)]
pub struct BenchPlan {
    /// The benchmark scenario.
    pub scenario: PathBuf,
    /// Cohort sizes.
    pub subjects: Vec<u64>,
    /// Study lengths, days (each run overrides `simulation.duration_days`).
    pub days: Vec<f64>,
    /// Worker thread counts.
    pub threads: Vec<u16>,
    /// Cohorts of at least this many subjects run with `--summary-only`.
    pub summary_only_from: u64,
    /// Subjects given to the peer (0: no peer).
    pub peer_subjects: usize,
    /// The peer script.
    pub peer_script: PathBuf,
}

/// One measured `mgate run`.
#[derive(Debug, Clone, Copy)]
pub struct Measurement {
    /// Subjects in the cohort.
    pub subjects: u64,
    /// Study length, days.
    pub days: f64,
    /// Worker threads.
    pub threads: u16,
    /// Whether the run was `--summary-only`.
    pub summary_only: bool,
    /// Wall time of the whole process, s.
    pub wall_seconds: f64,
    /// Enrolment and simulation time reported by the run, s.
    pub simulation_seconds: f64,
    /// Peak resident memory of the process, MB.
    pub peak_memory_mb: f64,
}

/// The peer comparison.
#[derive(Debug, Clone)]
pub struct PeerComparison {
    /// Subjects compared.
    pub subjects: usize,
    /// mgate's integration time per subject (one thread), s.
    pub mgate_seconds_per_subject: f64,
    /// The peer's integration time per subject, s.
    pub peer_seconds_per_subject: f64,
    /// Largest relative difference of the trajectories.
    pub max_relative_difference: f64,
    /// Whether that is within the agreement tolerance.
    pub agree: bool,
    /// The agreement tolerance.
    pub tolerance: f64,
    /// Versions of Python and scipy.
    pub versions: String,
}

/// Runs every configuration of `plan` and prints a table as each finishes.
pub fn measure_runs(plan: &BenchPlan) -> anyhow::Result<Vec<Measurement>> {
    let exe = std::env::current_exe().context("cannot find the mgate executable")?;
    let scratch = Scratch::create("mgate-bench")?;
    let scratch = scratch.path();
    println!(
        "{:>8} {:>6} {:>7} {:>13} {:>8} {:>8} {:>15} {:>16} {:>9}",
        "subjects",
        "days",
        "threads",
        "outputs",
        "wall s",
        "sim s",
        "subject-days/s",
        "ms/subject-year",
        "peak MB"
    );
    let mut measurements = Vec::new();
    let configurations = plan.days.iter().flat_map(|&days| {
        plan.subjects.iter().flat_map(move |&subjects| {
            plan.threads
                .iter()
                .map(move |&threads| (days, subjects, threads))
        })
    });
    for (days, subjects, threads) in configurations {
        let summary_only = subjects >= plan.summary_only_from;
        let out = scratch.join(format!("run-{subjects}-{days}-{threads}"));
        let mut command = Command::new(&exe);
        command
            .arg("run")
            .arg(&plan.scenario)
            .args(["--subjects", &subjects.to_string()])
            .args(["--set", &format!("simulation.duration_days={days}")])
            .args(["--threads", &threads.to_string()])
            .arg("--out")
            .arg(&out)
            .arg("--quiet")
            .stdout(std::process::Stdio::null());
        if summary_only {
            command.arg("--summary-only");
        }
        let started = Instant::now();
        let (success, peak_memory_mb) = run_and_measure(&mut command)?;
        let wall_seconds = started.elapsed().as_secs_f64();
        if !success {
            bail!("the benchmark run of {subjects} subjects at {threads} thread(s) failed");
        }
        let simulation_seconds = simulation_seconds(&out)?;
        std::fs::remove_dir_all(&out)
            .with_context(|| format!("cannot remove {}", out.display()))?;
        let m = Measurement {
            subjects,
            days,
            threads,
            summary_only,
            wall_seconds,
            simulation_seconds,
            peak_memory_mb,
        };
        let subject_days = subjects as f64 * days;
        println!(
            "{:>8} {:>6} {:>7} {:>13} {:>8.2} {:>8.2} {:>15.0} {:>16.3} {:>9.0}",
            subjects,
            days,
            threads,
            if summary_only { "summary-only" } else { "all" },
            wall_seconds,
            simulation_seconds,
            subject_days / wall_seconds,
            // Core time per subject-year of the whole run: wall time x threads.
            wall_seconds * f64::from(threads) * 1e3 / (subject_days / 365.0),
            peak_memory_mb
        );
        measurements.push(m);
    }
    Ok(measurements)
}

/// A temporary folder of this process, removed with everything in it when dropped (also when a
/// benchmark run fails).
struct Scratch(PathBuf);

impl Scratch {
    fn create(prefix: &str) -> anyhow::Result<Self> {
        let path = std::env::temp_dir().join(format!("{prefix}-{}", std::process::id()));
        std::fs::create_dir_all(&path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        Ok(Self(path))
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        // Best effort: a leftover folder in the temporary directory is harmless.
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs a command to its end; returns whether it succeeded and its peak resident memory in MB.
#[cfg(target_os = "linux")]
fn run_and_measure(command: &mut Command) -> anyhow::Result<(bool, f64)> {
    let child = command.spawn().context("cannot start mgate")?;
    let pid = libc::pid_t::try_from(child.id()).context("process id out of range")?;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain old data that `wait4` fills in; `status` and `rusage` outlive
    // the call; `pid` is our own child, not yet waited for (`child` is never waited on by std).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    if reaped != pid {
        bail!("cannot wait for mgate: {}", std::io::Error::last_os_error());
    }
    let success = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    // On Linux `ru_maxrss` is in kilobytes.
    Ok((success, usage.ru_maxrss as f64 / 1024.0))
}

/// Runs a command to its end; returns whether it succeeded (peak memory is not measured here).
#[cfg(not(target_os = "linux"))]
fn run_and_measure(command: &mut Command) -> anyhow::Result<(bool, f64)> {
    let status = command.status().context("cannot start mgate")?;
    Ok((status.success(), f64::NAN))
}

fn simulation_seconds(run_dir: &Path) -> anyhow::Result<f64> {
    let path = run_dir.join(crate::output::manifest::FILE);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let value: serde_json::Value = serde_json::from_str(&text)?;
    value["simulation_seconds"]
        .as_f64()
        .ok_or_else(|| anyhow!("{} has no simulation_seconds", path.display()))
}

/// Prints the parallel speed-up and the cost per subject-year across cohort sizes.
pub fn print_scaling(measurements: &[Measurement]) {
    let find = |m: &Measurement, threads: u16| {
        measurements
            .iter()
            .find(|o| o.subjects == m.subjects && o.days == m.days && o.threads == threads)
    };
    for one in measurements.iter().filter(|m| m.threads == 1) {
        if let Some(two) = find(one, 2) {
            println!(
                "{} subjects, {} days: speed-up from 1 to 2 threads {:.2}x (wall), {:.2}x (simulation)",
                one.subjects,
                one.days,
                one.wall_seconds / two.wall_seconds,
                one.simulation_seconds / two.simulation_seconds
            );
        }
    }
}

/// Exports `subjects` subjects of `scenario` for the peer, runs it and mgate on them, and
/// compares. Returns `Ok(None)` (with a note) when Python or scipy is missing.
pub fn compare_with_peer(
    scenario_file: &Path,
    subjects: usize,
    script: &Path,
) -> anyhow::Result<Option<PeerComparison>> {
    let probe = Command::new("python3")
        .args(["-c", "import scipy, numpy"])
        .output();
    if !matches!(&probe, Ok(output) if output.status.success()) {
        println!("peer: skipped (needs python3 with numpy and scipy: `pip install numpy scipy`)");
        return Ok(None);
    }
    if !script.exists() {
        println!(
            "peer: skipped ({} not found; run from the repository)",
            script.display()
        );
        return Ok(None);
    }
    let set = [SetOption::from_flag(
        "population.subjects",
        subjects,
        "--peer-subjects",
    )];
    let scenario = scenario::load(scenario_file, &set)?;
    let results = cohort::simulate(&scenario, &|| {})?;
    let input = peer_input(&scenario, &results);
    let mgate_seconds_per_subject = time_mgate(&scenario, &results)?;

    let scratch = Scratch::create("mgate-peer")?;
    let (input_path, output_path) = (
        scratch.path().join("input.json"),
        scratch.path().join("output.json"),
    );
    std::fs::write(&input_path, serde_json::to_vec(&input)?)?;
    let status = Command::new("python3")
        .arg(script)
        .arg(&input_path)
        .arg(&output_path)
        .stdout(std::process::Stdio::null())
        .status()
        .context("cannot run the peer")?;
    if !status.success() {
        bail!("the peer failed ({status})");
    }
    let output: serde_json::Value = serde_json::from_slice(&std::fs::read(&output_path)?)?;
    let number = |key: &str| {
        output[key]
            .as_f64()
            .ok_or_else(|| anyhow!("the peer's output has no number `{key}`"))
    };
    Ok(Some(PeerComparison {
        subjects: results.subjects.len(),
        mgate_seconds_per_subject,
        peer_seconds_per_subject: number("seconds_per_subject")?,
        max_relative_difference: number("max_relative_difference")?,
        agree: output["agree"].as_bool().unwrap_or(false),
        tolerance: number("agreement_tolerance")?,
        versions: format!(
            "Python {}, scipy {}",
            output["python_version"].as_str().unwrap_or("?"),
            output["scipy_version"].as_str().unwrap_or("?")
        ),
    }))
}

/// The nine states at each sample day of a run, pre-dose. All but `d3_gut` are read from the
/// sampled observables; `d3_gut` (first-order absorption of the doses) is exact in closed form.
fn sampled_states(
    scenario: &Scenario,
    results: &CohortResults,
    run: &cohort::SubjectRun,
) -> Vec<[f64; 9]> {
    let subject = results.subject(run);
    let model = subject.model();
    let p = &model.parameters;
    let mut events = Vec::new();
    dose_events(&run.regimens, p, scenario.duration_days, &mut events);
    let start_gut = subject.start().d3_gut_ug;
    run.trajectory
        .days
        .iter()
        .zip(&run.trajectory.rows)
        .map(|(&day, row)| {
            let d3_gut = start_gut * (-p.ka_d * day).exp()
                + events
                    .iter()
                    .filter(|e| e.target == DoseTarget::VitaminDGut && e.day < day)
                    .map(|e| e.amount * (-p.ka_d * (day - e.day)).exp())
                    .sum::<f64>();
            [
                d3_gut,
                row[Observable::D3Body.index()],
                row[Observable::Ohd25.index()],
                row[Observable::Calcitriol.index()],
                row[Observable::Ohd2425.index()],
                row[Observable::GutMg.index()],
                row[Observable::SerumMg.index()] * p.v_ecf,
                row[Observable::TissueMg.index()],
                row[Observable::BoneMg.index()],
            ]
        })
        .collect()
}

/// The peer's input (format: `benches/peer/README.md`).
fn peer_input(scenario: &Scenario, results: &CohortResults) -> serde_json::Value {
    let subjects: Vec<serde_json::Value> = results
        .runs
        .iter()
        .map(|run| {
            let subject = results.subject(run);
            let model = subject.model();
            let parameters: serde_json::Map<String, serde_json::Value> = PARAMETER_TABLE
                .iter()
                .map(|info| (info.name.to_string(), json!(info.get(&model.parameters))))
                .collect();
            let intakes = cohort::intake_schedule(scenario, subject, run.arm);
            let mut events = Vec::new();
            dose_events(
                &run.regimens,
                &model.parameters,
                scenario.duration_days,
                &mut events,
            );
            json!({
                "parameters": parameters,
                "derived": {
                    "urine_ref_mmol_day": model.derived.urine_ref_mmol_day,
                    "k_1a_pg_ml_day_per_ng_ml": model.derived.k_1a_pg_ml_day_per_ng_ml,
                },
                "intake": {
                    "vitamin_d_iu_per_day": intakes.initial.vitamin_d_iu_per_day,
                    "magnesium_mg_per_day": intakes.initial.magnesium_mg_per_day,
                },
                "intake_changes": intakes.changes.iter().map(|(day, intake)| json!({
                    "day": day,
                    "vitamin_d_iu_per_day": intake.vitamin_d_iu_per_day,
                    "magnesium_mg_per_day": intake.magnesium_mg_per_day,
                })).collect::<Vec<_>>(),
                "start": subject.start().to_array(),
                "doses": events.iter().map(|e| json!({
                    "day": e.day,
                    "state": if e.target == DoseTarget::VitaminDGut { 0 } else { 5 },
                    "amount": e.amount,
                })).collect::<Vec<_>>(),
                "expected": sampled_states(scenario, results, run),
            })
        })
        .collect();
    json!({
        "mgate_version": env!("CARGO_PKG_VERSION"),
        "rtol": scenario.solver.rtol,
        "atol": scenario.solver.atol,
        "end_day": scenario.duration_days,
        "sample_days": scenario.sample_days,
        "state_names": State::NAMES,
        "subjects": subjects,
    })
}

/// mgate's integration time per run on one thread (the mean of repeats lasting at least a second
/// in all), from the same starting states as the peer, the way a cohort runs them: each arm's runs
/// in lockstep batches of [`BATCH_LANES`].
fn time_mgate(scenario: &Scenario, results: &CohortResults) -> anyhow::Result<f64> {
    let mut workspace = Workspace::new(scenario.solver);
    let intakes: Vec<_> = results
        .runs
        .iter()
        .map(|run| cohort::intake_schedule(scenario, results.subject(run), run.arm))
        .collect();
    let models: Vec<_> = results
        .runs
        .iter()
        .map(|run| results.subject(run).model())
        .collect();
    let plans: Vec<(usize, RunPlan<'_>)> = results
        .runs
        .iter()
        .zip(&intakes)
        .zip(&models)
        .map(|((run, intakes), model)| {
            let plan = RunPlan {
                model,
                intakes,
                regimens: &run.regimens,
                sample_days: &scenario.sample_days,
                end_day: scenario.duration_days,
            };
            (run.arm, plan)
        })
        .collect();
    let mut batches: Vec<(Vec<RunPlan<'_>>, Vec<State>)> = Vec::new();
    for arm in 0..scenario.arms.len() {
        let (arm_plans, arm_starts): (Vec<RunPlan<'_>>, Vec<State>) = plans
            .iter()
            .zip(&results.runs)
            .filter(|((a, _), _)| *a == arm)
            .map(|((_, plan), run)| (*plan, *results.subject(run).start()))
            .unzip();
        for (plans, starts) in arm_plans
            .chunks(BATCH_LANES)
            .zip(arm_starts.chunks(BATCH_LANES))
        {
            batches.push((plans.to_vec(), starts.to_vec()));
        }
    }
    let mut trajectories = vec![Trajectory::default(); BATCH_LANES];
    let started = Instant::now();
    let mut runs = 0_usize;
    while runs == 0 || started.elapsed().as_secs_f64() < 1.0 {
        for (plans, starts) in &batches {
            let outs = &mut trajectories[..plans.len()];
            for result in workspace.run_batch(plans, starts, outs) {
                result?;
            }
            runs += plans.len();
        }
    }
    Ok(started.elapsed().as_secs_f64() / runs as f64)
}

/// The time of replicate trials: `trials` trials of the scenario's `[replicates]` size and design
/// (the published size of a shipped trial) on a pool of `threads` threads, in this process,
/// counting the simulation and the estimates (no files). Returns the wall time, s.
pub fn time_replicates(scenario: &Scenario, trials: usize, threads: usize) -> anyhow::Result<f64> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start worker threads")?;
    let clock = Instant::now();
    let estimates = pool
        .install(|| crate::trial::replicates::run(scenario, trials, &|| {}))
        .map_err(|e| anyhow!("replicate trials: {e}"))?;
    let seconds = clock.elapsed().as_secs_f64();
    std::hint::black_box(estimates);
    Ok(seconds)
}
