//! The command line: a clap derive with one variant per subcommand and no logic.

use crate::cohort::estimate::{DEFAULT_MAX_MEMORY_GB, DEFAULT_MAX_SUBJECT_DAYS};
use crate::scenario::{SetOption, VaryOption};
use crate::sweep::Shard;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

const ABOUT: &str = "Simulate vitamin D and magnesium regimens in virtual cohorts with a toy model in \
which magnesium gates the vitamin D hydroxylases. ILLUSTRATIVE TOY MODEL: NOT CALIBRATED, NOT \
MEDICAL ADVICE.";

/// What every help text ends with.
macro_rules! disclaimer_note {
    () => {
        "mgate is an illustration for teaching, not a calibrated model: its numbers show mechanisms, \
not clinical truths, and nothing it prints is medical advice."
    };
}

/// `mgate --help`: one example of each everyday command. Every example of every help text is run
/// by `tests/examples.rs`, in order, in a scratch folder holding a copy of `scenarios/`.
const EXAMPLES: &str = concat!(
    "\
Examples:
  mgate run scenarios/cheung2022_combined.toml
  mgate run scenarios/cheung2022_combined.toml --set arms.vitd.regimens.0.amount=4000 --out out_4000
  mgate validate scenarios/*.toml
  mgate check              (the phenomena the model must show, P1 to P7, and S1)
  mgate plot outputs/cheung2022_combined --kind time_course --observable serum_mg_mmol_l
  mgate explain k_24a1     (one parameter; without a name, the whole model)
  mgate explore scenarios/dai2018_sweep.toml   (a live page with sliders, on this machine)
  mgate new my_scenario    (a commented starter scenario, my_scenario.toml)

Each command's --help has its own examples.

",
    disclaimer_note!()
);

const RUN_EXAMPLES: &str = concat!(
    "\
Examples:
  mgate run scenarios/cheung2022_combined.toml
  mgate run scenarios/dai2018_bidirectional.toml --subjects 500 --seed 7 --out outputs/dai_500
  mgate run scenarios/cheung2022_combined.toml --set arms.vitd.regimens.0.amount=4000 --out out_4000
  mgate run scenarios/bench_year.toml --subjects 2000 --summary-only --quiet

",
    disclaimer_note!()
);

const VALIDATE_EXAMPLES: &str = concat!(
    "\
Examples:
  mgate validate scenarios/cheung2022_combined.toml
  mgate validate scenarios/*.toml

",
    disclaimer_note!()
);

const CHECK_EXAMPLES: &str = concat!(
    "\
Examples:
  mgate check
  mgate check --only p1 --only s1 --subjects 2000 --seed 11
  mgate check --only p1 --param n_gate=2   (does P1 survive a shallower Mg gate? No: exit 1)

",
    disclaimer_note!()
);

const PLOT_EXAMPLES: &str = concat!(
    "\
Examples:
  mgate run scenarios/cheung2022_combined.toml --out outputs/cheung --quiet
  mgate plot outputs/cheung    (every plot the run drew, again)
  mgate plot outputs/cheung --kind time_course --observable serum_mg_mmol_l

Plots not drawn again are kept; the handout shows every plot of the folder.

",
    disclaimer_note!()
);

const EXPLAIN_EXAMPLES: &str = concat!(
    "\
Examples:
  mgate explain
  mgate explain k_24a1
  mgate explain ohd25_ng_ml      (an observable)
  mgate explain subjects.csv     (the columns of an output file)

",
    disclaimer_note!()
);

const NEW_EXAMPLES: &str = concat!(
    "\
Examples:
  mgate new my_scenario
  mgate new lecture_3.toml --dir scenarios

",
    disclaimer_note!()
);

const BENCH_EXAMPLES: &str = concat!(
    "\
Examples:
  mgate bench                      (1k, 10k, 100k subjects at 1 and 2 threads: minutes)
  mgate bench --subjects 200 --days 30 --threads 1 --peer-subjects 0

",
    disclaimer_note!()
);

const COMPLETIONS_EXAMPLES: &str = concat!(
    "\
Examples:
  mgate completions bash > mgate.bash    (then: source mgate.bash)
  mgate completions zsh > _mgate         (then put _mgate in a folder of your $fpath)

",
    disclaimer_note!()
);

/// mgate: an illustrative, uncalibrated model of magnesium-gated vitamin D metabolism.
#[derive(Debug, Parser)]
#[command(name = "mgate", version, about = ABOUT, after_help = EXAMPLES)]
pub struct Cli {
    /// Print only results, warnings and errors (no banner, progress or notes). The disclaimer
    /// stays in every result.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate a scenario and write its tables, plots and handout (report.html) to a folder.
    #[command(after_help = RUN_EXAMPLES)]
    Run(RunArgs),
    /// Check scenario files without simulating; report every problem with its place.
    #[command(after_help = VALIDATE_EXAMPLES)]
    Validate {
        /// Scenario files (TOML).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Run the phenomena suite (P1 to P7, and S1) on the teaching scenarios; exit 1 if any fails.
    #[command(after_help = CHECK_EXAMPLES)]
    Check {
        /// Seed of every random draw [default: each scenario's own].
        #[arg(long, value_name = "N")]
        seed: Option<u64>,
        /// Subjects per scenario [default: each scenario's own].
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=100_000))]
        subjects: Option<u64>,
        /// Check only these phenomena (repeatable, any case), e.g. --only P1 --only s1.
        #[arg(long, value_name = "ID", ignore_case = true,
              value_parser = crate::phenomena::PHENOMENA.map(|p| p.id))]
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
    #[command(after_help = PLOT_EXAMPLES)]
    Plot {
        /// The run's output folder, e.g. outputs/cheung2022_combined.
        run_dir: PathBuf,
        /// Only these kinds (repeatable) [default: the kinds the run drew].
        #[arg(long, value_name = "KIND",
              value_parser = crate::plot::PlotKind::ALL.map(|k| k.name()))]
        kind: Vec<String>,
        /// Observables for the kinds that plot one (repeatable) [default: the ones the run
        /// plotted, its endpoints, e.g. ohd25_ng_ml].
        #[arg(long, value_name = "NAME",
              value_parser = crate::simulate::Observable::ALL.map(|o| o.name()))]
        observable: Vec<String>,
    },
    /// Print the model (equations, mechanisms, every parameter), or explain one parameter,
    /// observable or output file.
    #[command(after_help = EXPLAIN_EXAMPLES)]
    Explain {
        /// A parameter (k_24a1), an observable (ohd25_ng_ml) or an output file (subjects.csv).
        #[arg(value_name = "NAME")]
        parameter: Option<String>,
    },
    /// Write a commented starter scenario NAME.toml that validates.
    #[command(after_help = NEW_EXAMPLES)]
    New {
        /// Scenario name (lower-case letters, digits, `_` or `-`), with or without `.toml`.
        name: String,
        /// Folder to write it in.
        #[arg(long, default_value = ".")]
        dir: PathBuf,
    },
    /// Measure speed and peak memory on the benchmark scenario (and, when python3 with scipy is
    /// present, side by side with a scipy LSODA peer).
    #[command(after_help = BENCH_EXAMPLES)]
    Bench(BenchArgs),
    /// Run a scenario at many values of 1 to 3 inputs ([sweep] or --vary): sweep.csv and plots.
    #[command(after_help = SWEEP_EXAMPLES)]
    Sweep(SweepArgs),
    /// Combine the folders of `mgate sweep --shard K/N` runs into one sweep folder.
    #[command(after_help = MERGE_EXAMPLES)]
    Merge(MergeArgs),
    /// Sensitivity of an endpoint to every model parameter (local and Morris): tornado plots.
    #[command(after_help = SENSITIVITY_EXAMPLES)]
    Sensitivity(SensitivityArgs),
    /// Overlay two finished runs (A the baseline, B the what-if) in the same plots, with a
    /// handout that lists what differs between their scenarios, key by key.
    #[command(after_help = COMPARE_EXAMPLES)]
    Compare(CompareArgs),
    /// Serve a live page on this machine with sliders for a scenario's doses, intakes, cohort
    /// and key model parameters; every change re-simulates and redraws.
    #[command(after_help = EXPLORE_EXAMPLES)]
    Explore(ExploreArgs),
    /// Print shell completions (bash, zsh, fish, elvish, powershell) to stdout.
    #[command(after_help = COMPLETIONS_EXAMPLES)]
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
    /// Whether an existing output folder may be replaced.
    #[command(flatten)]
    pub output: OutputArgs,
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

const COMPARE_EXAMPLES: &str = concat!(
    "\
Examples:
  mgate run scenarios/cheung2022_combined.toml --out outputs/base
  mgate run scenarios/cheung2022_combined.toml --set arms.vitd.regimens.0.amount=4000 \\
      --out outputs/high
  mgate compare outputs/base outputs/high --out outputs/base_vs_high

",
    disclaimer_note!()
);

/// Options of `mgate compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Run A, the baseline: the output folder of a finished `mgate run`.
    pub run_a: PathBuf,
    /// Run B, the what-if: another run's output folder.
    pub run_b: PathBuf,
    /// Output folder [default: outputs/<A's folder name>_vs_<B's folder name>].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Replacing and quiet output.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Options of every command that writes an output folder.
#[derive(Debug, Clone, Copy, Args)]
pub struct OutputArgs {
    /// Replace an existing output folder, if mgate wrote it (it holds an mgate manifest.json);
    /// any other folder is never replaced.
    #[arg(long)]
    pub force: bool,
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

const EXPLORE_EXAMPLES: &str = concat!(
    "\
Examples:
  mgate explore scenarios/dai2018_sweep.toml
  mgate explore scenarios/cheung2022_combined.toml --param h_24 --param ec50_24
  mgate explore scenarios/dai2018_sweep.toml --set simulation.sample_every_days=7 --out-dir lecture

The page is served on 127.0.0.1 only, at an address holding a random token: open the printed
address in a browser on this machine (--open does it for you; --port N picks the port). The server runs until Ctrl-C, or, when its standard
input is not a terminal (a pipe, a file, /dev/null), until that input ends: a script or a test
stops it by closing it, and `< /dev/null` starts it, prints the address and stops at once.
Saved runs go to DIR/NAME (--out-dir, NAME typed in the page), never over earlier results.

",
    disclaimer_note!()
);

const SWEEP_EXAMPLES: &str = concat!(
    "\
Examples:
  mgate sweep scenarios/dai2018_sweep.toml          (the file's [sweep] section)
  mgate sweep scenarios/dai2018_bidirectional.toml --subjects 40 \\
      --vary population.vitamin_d_input_iu_per_day.median=log:500:16000:n6
  mgate sweep scenarios/cheung2022_combined.toml --vary parameters.k_24a1=1,1.5,2,3 \\
      --vary arms.mag_vitd.regimens.1.amount=lin:0:400:100
  mgate sweep scenarios/cheung2022_combined.toml --vary parameters.k_24a1=lin:1:4 \\
      --vary parameters.emax_24=log:5:30 --lhs 50 --out outputs/cheung_lhs
  mgate sweep scenarios/dai2018_sweep.toml --shard 2/4 --out shards/2   (see mgate merge --help)

SPEC is a list `1,2,5`, a linear range `lin:START:STOP:STEP` or `lin:START:STOP:nCOUNT`, or a
log range `log:START:STOP:nCOUNT`; with --lhs N, ranges `lin:START:STOP` or `log:START:STOP`.
Every point draws the same virtual candidates (the scenario's seed); inclusion criteria and a
stratified allocation are applied at each point.

",
    disclaimer_note!()
);

const MERGE_EXAMPLES: &str = concat!(
    "\
Examples:
  mgate sweep scenarios/dai2018_sweep.toml --shard 1/2 --out shards/1
  mgate sweep scenarios/dai2018_sweep.toml --shard 2/2 --out shards/2
  mgate merge shards/1 shards/2 --out outputs/dai2018_sweep_merged

The merged folder is byte for byte the folder of the unsharded sweep.

",
    disclaimer_note!()
);

const SENSITIVITY_EXAMPLES: &str = concat!(
    "\
Examples:
  mgate sensitivity scenarios/dai2018_bidirectional.toml --endpoint ohd25_ng_ml
  mgate sensitivity scenarios/dai2018_bidirectional.toml --endpoint ohd25_ng_ml --quantity effect \\
      --out outputs/dai_effect_sensitivity
  mgate sensitivity scenarios/cheung2022_combined.toml --endpoint serum_mg_mmol_l --method local --subjects 50

Local coefficients are d ln Y / d ln theta of the cohort mean Y (level), or theta dY/dtheta for a
change or an effect. Morris screening moves each parameter within +-20% of its value (--range).

",
    disclaimer_note!()
);

/// Options of `mgate explore`.
#[derive(Debug, Args)]
pub struct ExploreArgs {
    /// The scenario file (TOML) the page starts from.
    pub file: PathBuf,
    /// Port on 127.0.0.1 [default: a free port].
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub port: u16,
    /// Open the page in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Also offer this model parameter as a slider (repeatable), e.g. --param h_24 (`mgate
    /// explain` lists them).
    #[arg(long, value_name = "NAME")]
    pub param: Vec<String>,
    /// Folder the page's "save run" writes into, as DIR/NAME with NAME typed in the page.
    #[arg(long, value_name = "DIR", default_value = "outputs")]
    pub out_dir: PathBuf,
    /// Threads, replacing of saved runs, starting overrides and the budget of each simulation.
    #[command(flatten)]
    pub common: SimulationArgs,
}

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
    /// Whether an existing output folder may be replaced.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Options of `mgate sensitivity`.
#[derive(Debug, Args)]
pub struct SensitivityArgs {
    /// The scenario file (TOML).
    pub file: PathBuf,
    /// The endpoint, an observable name (e.g. ohd25_ng_ml).
    #[arg(long, value_name = "OBS",
          value_parser = crate::simulate::Observable::ALL.map(|o| o.name()))]
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
