//! The command line: a clap derive with one variant per subcommand and no logic.

use crate::scenario::SetOption;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

const ABOUT: &str = "Simulate vitamin D and magnesium regimens in virtual cohorts with a toy model in \
which magnesium gates the vitamin D hydroxylases. ILLUSTRATIVE TOY MODEL: NOT CALIBRATED, NOT \
MEDICAL ADVICE.";

const EXAMPLES: &str = "\
Examples:
  mgate run scenarios/cheung2022_combined.toml
  mgate run scenarios/dai2018_bidirectional.toml --subjects 500 --seed 7 --out outputs/dai_500
  mgate run scenarios/vitamin_d_depletes_mg.toml --set arms.low_mg.regimens.0.amount=25000
  mgate validate scenarios/*.toml
  mgate check              (the seven phenomena the model must show, P1 to P7)
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
        /// Worker threads [default: all cores].
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
        threads: Option<u16>,
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
    /// Worker threads [default: all cores]. Results do not depend on it.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub threads: Option<u16>,
    /// Replace an existing output folder.
    #[arg(long)]
    pub force: bool,
    /// Print only the results table and errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// Sample only at baseline and at the end, for very large cohorts: no timeseries.csv or
    /// dataset.csv, summaries of those two days, and only the plots that need no time course.
    /// Memory stays a few kB per subject.
    #[arg(long)]
    pub summary_only: bool,
    /// Override any scalar of the scenario by its TOML path, e.g.
    /// --set arms.vitd.regimens.0.amount=2000 (repeatable).
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<SetOption>,
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
