//! The command line: a clap derive with one variant per subcommand and no logic.

use crate::cohort::estimate::{DEFAULT_MAX_MEMORY_GB, DEFAULT_MAX_SUBJECT_DAYS};
use crate::scenario::{SetOption, VaryOption};
use crate::sweep::Shard;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

const ABOUT: &str = "Simulate vitamin D and magnesium regimens in virtual cohorts with a toy model in \
which magnesium gates the vitamin D hydroxylases. ILLUSTRATIVE TOY MODEL: NOT CALIBRATED, NOT \
MEDICAL ADVICE.";

const EXAMPLES: &str = "\
Examples:
  mgate run scenarios/cheung2022_combined.toml
  mgate run scenarios/dai2018_bidirectional.toml --subjects 500 --seed 7 --out outputs/dai_500
  mgate run scenarios/cheung2022_combined.toml --set arms.vitd.regimens.0.amount=4000 --out out_4000
  mgate validate scenarios/*.toml
  mgate check              (the phenomena the model must show, P1 to P7, and S1)
  mgate plot outputs/cheung2022_combined --kind time_course --observable serum_mg_mmol_l
  mgate explain            (the model, its equations and every parameter)
  mgate explain k_24a1     (one parameter)
  mgate new my_scenario    (a commented starter scenario)

mgate is an illustration for teaching, not a calibrated model: its numbers show mechanisms, not
clinical truths, and nothing it prints is medical advice.";

/// mgate: an illustrative, uncalibrated model of magnesium-gated vitamin D metabolism.
#[derive(Debug, Parser)]
#[command(name = "mgate", version, about = ABOUT, after_help = EXAMPLES)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate a scenario and write timeseries, subjects, summary and manifest files.
    #[command(after_help = EXAMPLES)]
    Run(RunArgs),
    /// Check scenario files without simulating; report every problem with its place.
    Validate {
        /// Scenario files (TOML).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Run the phenomena suite P1 to P7 on the teaching scenarios; exit 1 if any fails.
    Check {
        /// Seed of every random draw [default: each scenario's own].
        #[arg(long, value_name = "N")]
        seed: Option<u64>,
        /// Subjects per scenario [default: each scenario's own].
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=100_000))]
        subjects: Option<u64>,
        /// Check only these phenomena (e.g. --only P1 --only P4).
        #[arg(long, value_name = "ID")]
        only: Vec<String>,
        /// Change a model parameter in every scenario first (repeatable), e.g. --param k_24a1=1.5,
        /// to see which phenomena survive it (`mgate explain` lists the parameters).
        #[arg(long, value_name = "NAME=VALUE")]
        param: Vec<String>,
        /// Worker threads [default: all cores].
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
        threads: Option<u16>,
        /// Replicate trials of the published size run for P1 and P4 to print their power
        /// (0: skip).
        #[arg(long, value_name = "K", default_value_t = crate::phenomena::DEFAULT_POWER_TRIALS as u64,
              value_parser = clap::value_parser!(u64).range(0..=10_000))]
        trials: u64,
    },
    /// Re-render the plots and report.html of a finished run from its CSV files (no simulation).
    Plot {
        /// The run's output folder, e.g. outputs/cheung2022_combined.
        run_dir: PathBuf,
        /// Only these kinds (repeatable): time_course, spaghetti, change_vs_baseline,
        /// effects_forest, individual_effects, dose_response, mg_pools, gate_curves.
        #[arg(long, value_name = "KIND")]
        kind: Vec<String>,
        /// Observables for the kinds that plot one (repeatable) [default: 25(OH)D].
        #[arg(long, value_name = "NAME")]
        observable: Vec<String>,
    },
    /// Print the model: equations, mechanisms and every parameter (value, unit, rationale).
    Explain {
        /// Explain one parameter only (e.g. k_24a1).
        parameter: Option<String>,
    },
    /// Write a commented starter scenario NAME.toml that validates.
    New {
        /// Scenario name: lower-case letters, digits, `_` or `-`.
        name: String,
        /// Folder to write it in.
        #[arg(long, default_value = ".")]
        dir: PathBuf,
    },
    /// Measure speed and peak memory on the benchmark scenario (and, when python3 with scipy is
    /// present, side by side with a scipy LSODA peer).
    Bench(BenchArgs),
    /// Run a scenario at many values of 1 to 3 inputs ([sweep] or --vary): sweep.csv and plots.
    #[command(after_help = SWEEP_EXAMPLES)]
    Sweep(SweepArgs),
    /// Combine the folders of `mgate sweep --shard K/N` runs into one sweep folder.
    #[command(after_help = SWEEP_EXAMPLES)]
    Merge(MergeArgs),
    /// Sensitivity of an endpoint to every model parameter (local and Morris): tornado plots.
    #[command(after_help = SENSITIVITY_EXAMPLES)]
    Sensitivity(SensitivityArgs),
    /// Print shell completions (bash, zsh, fish, elvish, powershell) to stdout.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// Options of `mgate run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The scenario file (TOML), e.g. scenarios/cheung2022_combined.toml.
    pub file: PathBuf,
    /// Output folder [default: outputs/<scenario name>].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Seed of every random draw (overrides simulation.seed).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Number of subjects (overrides population.subjects).
    #[arg(long, value_name = "N")]
    pub subjects: Option<u64>,
    /// Sample only at baseline and at the end, for very large cohorts: no timeseries.csv or
    /// dataset.csv, summaries of those two days, and only the plots that need no time course.
    /// Memory stays a few kB per subject.
    #[arg(long)]
    pub summary_only: bool,
    /// Threads, output folder, overrides and budget.
    #[command(flatten)]
    pub common: SimulationArgs,
}

/// Options every simulating command (`run`, `sweep`, `sensitivity`) shares.
#[derive(Debug, Args)]
pub struct SimulationArgs {
    /// Worker threads [default: all cores]. Results do not depend on it.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub threads: Option<u16>,
    /// Replace an existing output folder, if mgate wrote it (it holds an mgate manifest.json);
    /// any other folder is never replaced.
    #[arg(long)]
    pub force: bool,
    /// Print only the results table and errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// Override any scalar of the scenario by its TOML path, e.g.
    /// --set arms.vitd.regimens.0.amount=2000 (repeatable; in a sweep, at every point).
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<SetOption>,
    /// What the command may use.
    #[command(flatten)]
    pub budget: BudgetArgs,
}

/// The budget a simulating command is checked against before it simulates.
#[derive(Debug, Clone, Copy, Args)]
pub struct BudgetArgs {
    /// Refuse to start when the estimated peak memory exceeds this many gigabytes.
    #[arg(long, value_name = "GB", default_value_t = DEFAULT_MAX_MEMORY_GB)]
    pub max_memory_gb: f64,
    /// Refuse to start when the estimated work exceeds this many subject-days (days simulated
    /// over every subject, arm and point, plus one per dose).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_SUBJECT_DAYS)]
    pub max_subject_days: f64,
}

/// Options of `mgate bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// The benchmark scenario.
    #[arg(long, default_value = "scenarios/bench_year.toml", value_name = "FILE")]
    pub scenario: PathBuf,
    /// Cohort sizes, comma-separated.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "1000,10000,100000",
        value_name = "N,..."
    )]
    pub subjects: Vec<u64>,
    /// Study lengths in days, comma-separated [default: the scenario's own].
    #[arg(long, value_delimiter = ',', value_name = "DAYS,...")]
    pub days: Vec<f64>,
    /// Worker thread counts, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "1,2", value_name = "N,...",
          value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub threads: Vec<u16>,
    /// Cohorts of at least this many subjects run with --summary-only.
    #[arg(long, default_value_t = 100_000, value_name = "N")]
    pub summary_only_from: u64,
    /// Subjects integrated by both mgate and the scipy peer (0: skip the peer).
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub peer_subjects: usize,
    /// The peer script.
    #[arg(
        long,
        default_value = "benches/peer/scipy_peer.py",
        value_name = "FILE"
    )]
    pub peer_script: PathBuf,
    /// Also time this many replicate trials of the Dai scenario at its published size (180
    /// subjects, 12 weeks, parallel groups) at each thread count, e.g. --replicates 500 (0: skip).
    #[arg(long, default_value_t = 0, value_name = "K")]
    pub replicates: usize,
    /// Only the replicate-trial timing (with --replicates), not the cohort runs and the peer.
    #[arg(long, requires = "replicates")]
    pub replicates_only: bool,
}

const SWEEP_EXAMPLES: &str = "\
Examples:
  mgate sweep scenarios/dai2018_sweep.toml          (the file's [sweep] section)
  mgate sweep scenarios/dai2018_bidirectional.toml --subjects 40 \\
      --vary population.vitamin_d_input_iu_per_day.median=log:500:16000:n6
  mgate sweep scenarios/cheung2022_combined.toml --vary parameters.k_24a1=1,1.5,2,3 \\
      --vary arms.mag_vitd.regimens.1.amount=lin:0:400:100
  mgate sweep FILE --vary parameters.k_24a1=lin:1:4 --vary parameters.emax_24=log:5:30 --lhs 50
  mgate sweep FILE --shard 2/4 --out shards/2     (then: mgate merge shards/* --out merged)

SPEC is a list `1,2,5`, a linear range `lin:START:STOP:STEP` or `lin:START:STOP:nCOUNT`, or a
log range `log:START:STOP:nCOUNT`; with --lhs N, ranges `lin:START:STOP` or `log:START:STOP`.
Every point draws the same virtual candidates (the scenario's seed); inclusion criteria and a
stratified allocation are applied at each point. Illustrative toy model: not calibrated, not
medical advice.";

const SENSITIVITY_EXAMPLES: &str = "\
Examples:
  mgate sensitivity scenarios/dai2018_bidirectional.toml --endpoint ohd25_ng_ml
  mgate sensitivity scenarios/dai2018_bidirectional.toml --endpoint ohd25_ng_ml --quantity effect
  mgate sensitivity FILE --endpoint serum_mg_mmol_l --method local --subjects 50

Local coefficients are d ln Y / d ln theta of the cohort mean Y (level), or theta dY/dtheta for a
change or an effect. Morris screening moves each parameter within +-20% of its value (--range).
Illustrative toy model: not calibrated, not medical advice.";

/// Options of `mgate sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// The scenario file (TOML).
    pub file: PathBuf,
    /// Vary a scalar by its --set path: PATH=SPEC, e.g. parameters.k_24a1=1,2,4 or
    /// arms.mag.regimens.0.amount=lin:0:400:100 (repeatable, 1 to 3; replaces the file's [sweep]).
    #[arg(long = "vary", value_name = "PATH=SPEC")]
    pub vary: Vec<VaryOption>,
    /// Sample the --vary ranges with a Latin hypercube of N points instead of a grid.
    #[arg(long, value_name = "N", requires = "vary")]
    pub lhs: Option<usize>,
    /// Seed of the Latin hypercube [default: the scenario's seed].
    #[arg(long, value_name = "N", requires = "lhs")]
    pub lhs_seed: Option<u64>,
    /// Run only shard K of N: the points i with i % N == K - 1 (combine with `mgate merge`).
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
    /// Check every point and list them without simulating.
    #[arg(long)]
    pub dry_run: bool,
    /// Output folder [default: outputs/<scenario name>_sweep, or ..._sweep_shard_K_of_N].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Seed of every random draw (overrides simulation.seed); the same at every point.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Number of subjects at each point (overrides population.subjects).
    #[arg(long, value_name = "N")]
    pub subjects: Option<u64>,
    /// Threads, output folder, overrides and budget.
    #[command(flatten)]
    pub common: SimulationArgs,
}

/// Options of `mgate merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The shard folders, one per shard (written by `mgate sweep --shard K/N`).
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// The merged sweep folder.
    #[arg(long, value_name = "DIR", required = true)]
    pub out: PathBuf,
    /// Replace an existing output folder.
    #[arg(long)]
    pub force: bool,
    /// Print only errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Options of `mgate sensitivity`.
#[derive(Debug, Args)]
pub struct SensitivityArgs {
    /// The scenario file (TOML).
    pub file: PathBuf,
    /// The endpoint, an observable name (e.g. ohd25_ng_ml).
    #[arg(long, value_name = "OBS")]
    pub endpoint: String,
    /// What of the endpoint: its mean at the end, its mean change, or the effect against the
    /// reference arm.
    #[arg(long, value_name = "WHAT", default_value = "level", value_parser = ["level", "change", "effect"])]
    pub quantity: String,
    /// The arm [default: the first arm that is not the reference arm, else the only arm].
    #[arg(long, value_name = "NAME")]
    pub arm: Option<String>,
    /// Which analyses.
    #[arg(long, value_name = "WHICH", default_value = "both", value_parser = ["local", "morris", "both"])]
    pub method: String,
    /// Subjects in the cohort [default: 20, or the scenario's own if fewer].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub subjects: Option<u64>,
    /// Relative step h of the local differences: theta * (1 +- h).
    #[arg(long, value_name = "H", default_value_t = 0.01)]
    pub relative_step: f64,
    /// Morris trajectories r.
    #[arg(long, value_name = "R", default_value_t = 10, value_parser = clap::value_parser!(u64).range(2..=1000))]
    pub trajectories: u64,
    /// Morris grid levels p (even).
    #[arg(long, value_name = "P", default_value_t = 4, value_parser = clap::value_parser!(u64).range(2..=20))]
    pub levels: u64,
    /// Morris range: each parameter within theta * (1 +- F), clipped to its documented range.
    #[arg(long, value_name = "F", default_value_t = 0.2)]
    pub range: f64,
    /// Seed of the Morris trajectories [default: the scenario's seed].
    #[arg(long, value_name = "N")]
    pub morris_seed: Option<u64>,
    /// Output folder [default: outputs/<scenario name>_sensitivity].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Seed of every random draw (overrides simulation.seed).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Threads, output folder, overrides and budget.
    #[command(flatten)]
    pub common: SimulationArgs,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
