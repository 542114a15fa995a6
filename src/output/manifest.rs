//! `manifest.json`: what produced a run: mgate version, command line, the resolved scenario,
//! every parameter value, seed, thread count, timestamps and the disclaimer.

use super::{OutputError, OutputFolder};
use crate::DISCLAIMER;
use crate::cohort::CohortResults;
use crate::model::{Model, PARAMETER_TABLE};
use crate::scenario::Scenario;
use serde_json::{Value, json};

/// File name.
pub const FILE: &str = "manifest.json";

/// How the run was made, for the manifest.
#[derive(Debug, Clone)]
pub struct RunInfo {
    /// The command line, as typed.
    pub command_line: Vec<String>,
    /// Path of the scenario file.
    pub scenario_file: String,
    /// Worker threads used.
    pub threads: usize,
    /// Start of the run, RFC 3339.
    pub started: String,
    /// End of the simulation, RFC 3339.
    pub finished: String,
    /// Wall-clock seconds spent simulating.
    pub simulation_seconds: f64,
    /// The files of the output folder.
    pub files: Vec<&'static str>,
    /// Whether the run sampled day 0 and the last day only (`--summary-only`).
    pub summary_only: bool,
}

/// The manifest as JSON.
pub fn manifest(scenario: &Scenario, results: &CohortResults, info: &RunInfo) -> Value {
    let parameters: serde_json::Map<String, Value> = PARAMETER_TABLE
        .iter()
        .map(|p| (p.name.to_string(), json!(p.get(&scenario.parameters))))
        .collect();
    let derived = Model::new(scenario.parameters).ok().map(|m| {
        json!({
            "urine_ref_mmol_day": m.derived.urine_ref_mmol_day,
            "k_1a_pg_ml_day_per_ng_ml": m.derived.k_1a_pg_ml_day_per_ng_ml,
        })
    });
    json!({
        "disclaimer": DISCLAIMER,
        "mgate_version": env!("CARGO_PKG_VERSION"),
        "command_line": info.command_line,
        "scenario_file": info.scenario_file,
        "scenario": {
            "name": scenario.name,
            "title": scenario.title,
            "description": scenario.description,
            "reference": scenario.reference,
            "duration_days": scenario.duration_days,
            "sample_days": scenario.sample_days,
            "subjects": scenario.population.subjects,
            "arms": scenario.arms.iter().map(|a| json!({
                "name": a.name,
                "label": a.label,
                "regimens": crate::scenario::describe::arm(a, scenario.duration_days),
            })).collect::<Vec<_>>(),
            "resolved_toml": scenario.resolved_toml,
        },
        "parameters": parameters,
        "overrides": overrides(scenario),
        "parameter_overrides": scenario.parameter_overrides.iter().map(|(n, v)| json!({"name": n, "value": v})).collect::<Vec<_>>(),
        "derived_constants": derived,
        "solver": {
            "method": "Tsitouras 5(4), adaptive (src/simulate/tsit5.rs); each arm's runs eight at a time, one per SIMD lane, each with its own step sizes",
            "rtol": scenario.solver.rtol,
            "atol": scenario.solver.atol,
            "build_target": build_target(),
        },
        "design": match &scenario.design {
            crate::scenario::Design::Counterfactual => json!({"kind": "counterfactual"}),
            crate::scenario::Design::Parallel { block_size, stratify } => json!({
                "kind": "parallel",
                "block_size": block_size,
                "stratify_by": stratify.as_ref().map(|s| s.by.name()),
                "strata": stratify.as_ref().map(|s| s.edges.clone()),
            }),
        },
        "candidates_drawn": results.candidates_drawn,
        "dataset_dvid": (!info.summary_only).then(|| crate::simulate::Observable::ALL.iter().enumerate().map(|(i, o)| json!({"dvid": i + 1, "observable": o.name()})).collect::<Vec<_>>()),
        "summary_only": info.summary_only,
        "seed": scenario.seed,
        "threads": info.threads,
        "started": info.started,
        "finished": info.finished,
        "simulation_seconds": info.simulation_seconds,
        "subjects_started_by_burn_in": results.burn_in_starts(),
        "files": info.files,
        "plots": scenario.output.plots.iter().map(|k| k.name()).collect::<Vec<_>>(),
        "plot_observables": scenario.output.plot_observables.iter().map(|o| o.name()).collect::<Vec<_>>(),
    })
}

/// The command-line overrides of the scenario file, in order: the option as typed, its path and
/// value.
pub fn overrides(scenario: &Scenario) -> Value {
    scenario
        .overrides
        .iter()
        .map(|o| json!({"option": o.raw, "path": o.path.join("."), "value": o.value}))
        .collect()
}

/// Writes `manifest.json`.
pub fn write(
    folder: &OutputFolder,
    scenario: &Scenario,
    results: &CohortResults,
    info: &RunInfo,
) -> Result<(), OutputError> {
    let value = manifest(scenario, results, info);
    folder.write(FILE, |w| {
        serde_json::to_writer_pretty(&mut *w, &value)?;
        w.write_all(b"\n")
    })
}

/// The target of this build, for reproducibility: results are bit-for-bit reproducible for a
/// given architecture and set of SIMD features (the lanes' `exp` and `ln` fuse multiply-adds
/// when FMA is enabled), and agree across builds to the solver's tolerance.
fn build_target() -> String {
    let features: Vec<&str> = [
        ("sse4.2", cfg!(target_feature = "sse4.2")),
        ("avx", cfg!(target_feature = "avx")),
        ("avx2", cfg!(target_feature = "avx2")),
        ("fma", cfg!(target_feature = "fma")),
        ("avx512f", cfg!(target_feature = "avx512f")),
        ("neon", cfg!(target_feature = "neon")),
    ]
    .into_iter()
    .filter_map(|(name, on)| on.then_some(name))
    .collect();
    format!("{} [{}]", std::env::consts::ARCH, features.join(","))
}
