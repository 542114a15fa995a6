//! `mgate sensitivity`: how much an endpoint responds to each model parameter, locally (finite
//! differences) and over a range (Morris screening), written as `sensitivity.csv`, a manifest,
//! tornado plots and a handout.

use super::plot::{Rendering, plot_error};
use super::sweep::{create_folder, overrides, progress_bar, worker_pool, write_handout};
use super::{AppError, banner, check_budget, input, output_error, stop_cleanly_on_interrupt};
use crate::cli::SensitivityArgs;
use crate::cohort::{self, CohortError};
use crate::output::sweep::{RowWriter, SENSITIVITY_FILE, write_json};
use crate::output::{self, OutputFolder, manifest};
use crate::scenario::problem::format_number;
use crate::scenario::{self, Scenario};
use crate::simulate::Observable;
use crate::sweep::sensitivity::{self, Quantity, Settings};
use crate::{DISCLAIMER, plot, report};
use anyhow::anyhow;
use serde_json::{Value, json};
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

/// Renders a sensitivity folder's plots and handout from its files.
pub(super) fn render_sensitivity_outputs(dirs: Rendering<'_>) -> Result<(), AppError> {
    let plots = plot::render_sensitivity(dirs.from, &dirs.plots()?).map_err(plot_error)?;
    write_handout(dirs, &plots.figures, report::sweep::render_sensitivity)
}

/// The name of an observable, or a located complaint with the valid names.
fn observable(name: &str) -> Result<Observable, AppError> {
    Observable::from_name(name).ok_or_else(|| {
        let all: Vec<&str> = Observable::ALL.iter().map(|o| o.name()).collect();
        input(anyhow!(
            "unknown endpoint `{name}`{}; valid: {}",
            scenario::problem::suggestion(name, all.iter().copied()),
            all.join(", ")
        ))
    })
}

/// Smallest relative step (and Morris range): below it, `theta * (1 + h)` differs from `theta`
/// in so few bits that the difference of the responses is rounding noise.
const MIN_RELATIVE_STEP: f64 = 1e-6;

/// Default cohort of a sensitivity analysis.
const SENSITIVITY_SUBJECTS: u64 = 20;

/// The analysis `mgate sensitivity` asks for, checked against the scenario.
fn sensitivity_settings(args: &SensitivityArgs, scenario: &Scenario) -> Result<Settings, AppError> {
    let endpoint = observable(&args.endpoint)?;
    let quantity = Quantity::from_name(&args.quantity)
        .ok_or_else(|| input(anyhow!("unknown quantity `{}`", args.quantity)))?;
    if !(MIN_RELATIVE_STEP..0.5).contains(&args.relative_step) {
        return Err(input(anyhow!(
            "--relative-step {}: give a step from {MIN_RELATIVE_STEP:e} to below 0.5 (e.g. 0.01 for 1%); a smaller step drowns the difference in rounding",
            format_number(args.relative_step)
        )));
    }
    if !(MIN_RELATIVE_STEP..1.0).contains(&args.range) {
        return Err(input(anyhow!(
            "--range {}: give a fraction from {MIN_RELATIVE_STEP:e} to below 1 (e.g. 0.2 for +-20%)",
            format_number(args.range)
        )));
    }
    if !args.levels.is_multiple_of(2) {
        return Err(input(anyhow!(
            "--levels {}: Morris grids use an even number of levels (e.g. 4), so that every step is the same size",
            args.levels
        )));
    }
    let reference = scenario.analysis.reference_arm;
    let arm = match &args.arm {
        Some(name) => scenario
            .arms
            .iter()
            .position(|a| &a.name == name)
            .ok_or_else(|| {
                let names: Vec<&str> = scenario.arms.iter().map(|a| a.name.as_str()).collect();
                input(anyhow!(
                    "no arm is named `{name}`{}; arms: {}",
                    scenario::problem::suggestion(name, names.iter().copied()),
                    names.join(", ")
                ))
            })?,
        None => (0..scenario.arms.len())
            .find(|a| *a != reference)
            .unwrap_or(0),
    };
    if quantity == Quantity::Effect && arm == reference {
        return Err(input(anyhow!(
            "--quantity effect compares an arm with the reference arm `{}`; choose another --arm (or a scenario with two arms or more)",
            scenario.arms[reference].name
        )));
    }
    Ok(Settings {
        endpoint,
        arm,
        quantity,
        relative_step: args.relative_step,
        local: args.method != "morris",
        trajectories: if args.method == "local" {
            0
        } else {
            args.trajectories as usize
        },
        levels: args.levels as usize,
        range: args.range,
        seed: args.morris_seed.unwrap_or(scenario.seed),
    })
}

/// `mgate sensitivity`.
pub(super) fn sensitivity(args: &SensitivityArgs, quiet: bool) -> Result<(), AppError> {
    let started = jiff::Timestamp::now();
    stop_cleanly_on_interrupt(quiet);
    if !quiet {
        eprintln!("{}", banner());
    }
    // Read once to learn the scenario's own cohort size, then apply the default.
    let own =
        scenario::load(&args.file, &overrides(&args.common.set, args.seed, None)).map_err(input)?;
    let subjects = args
        .subjects
        .unwrap_or_else(|| SENSITIVITY_SUBJECTS.min(own.population.subjects as u64));
    let scenario = scenario::load(
        &args.file,
        &overrides(&args.common.set, args.seed, Some(subjects)),
    )
    .map_err(input)?;
    let settings = sensitivity_settings(args, &scenario)?;
    let target = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("outputs").join(format!("{}_sensitivity", scenario.name)));
    output::check_target(&target, args.common.output.force, &[&args.file]).map_err(output_error)?;
    let (pool, threads) = worker_pool(args.common.threads)?;
    let evaluations = sensitivity::evaluations(&scenario, &settings);
    // The enrolled cohort is kept while each evaluation simulates it again.
    let needs = cohort::estimate::needs(&scenario);
    check_budget(
        "this analysis",
        needs.bytes(threads).saturating_add(needs.kept_bytes),
        needs.subject_days * evaluations as f64,
        &args.common.budget,
    )?;
    if !quiet {
        eprintln!(
            "{}: sensitivity of {} {} under `{}`, {evaluations} cohort simulation(s) of {subjects} subject(s) x {} arm(s), {} days, seed {}, {threads} thread(s)",
            scenario.name,
            settings.endpoint.name(),
            settings.quantity.name(),
            scenario.arms[settings.arm].name,
            scenario.arms.len(),
            scenario.duration_days,
            scenario.seed
        );
    }
    let progress = progress_bar(evaluations as u64 * subjects, quiet);
    let clock = Instant::now();
    let analysis = pool
        .install(|| sensitivity::analyse(&scenario, &settings, &|| progress.inc(1)))
        .map_err(|e| match e {
            CohortError::TooFewEligible { .. } => input(e),
            other => AppError::Failure(anyhow!(
                "{other}; a parameter set of the analysis cannot be simulated: narrow the Morris range (--range) or the step (--relative-step)"
            )),
        })?;
    let seconds = clock.elapsed().as_secs_f64();
    progress.finish_and_clear();

    let folder = create_folder(&target, args.common.output.force)?;
    let local_rank = ranks(&analysis, |p| p.local.map(|l| l.coefficient));
    let morris_rank = ranks(&analysis, |p| p.morris.map(|m| m.mu_star));
    write_sensitivity_table(&folder, &analysis, &local_rank, &morris_rank)?;
    let files = vec![SENSITIVITY_FILE, manifest::FILE, "plots/", report::FILE];
    let document = json!({
        "disclaimer": DISCLAIMER,
        "mgate_version": env!("CARGO_PKG_VERSION"),
        "kind": "sensitivity",
        "sensitivity": sensitivity_object(&scenario, &settings, &analysis, seconds),
        "command_line": super::command_line(),
        "scenario_file": args.file.display().to_string(),
        "threads": threads,
        "started": started.to_string(),
        "finished": jiff::Timestamp::now().to_string(),
        "files": files,
    });
    write_json(&folder, manifest::FILE, &document)?;
    render_sensitivity_outputs(Rendering::within(folder.temporary()))?;
    let written = folder.commit().map_err(output_error)?;
    print_sensitivity(&analysis, &settings, &local_rank, &morris_rank)?;
    if !quiet {
        eprintln!(
            "wrote {}/ ({}): {} cohort simulation(s) in {seconds:.2} s",
            crate::printable(&written.display().to_string()),
            files.join(", "),
            analysis.evaluations
        );
    }
    Ok(())
}

/// Each parameter's rank by the size of `key` (1 = largest), `None` where it has none.
fn ranks(
    analysis: &sensitivity::Report,
    key: impl Fn(&sensitivity::ParameterSensitivity) -> Option<f64>,
) -> Vec<Option<usize>> {
    let mut order: Vec<(usize, f64)> = analysis
        .parameters
        .iter()
        .enumerate()
        .filter_map(|(i, p)| key(p).filter(|v| v.is_finite()).map(|v| (i, v.abs())))
        .collect();
    order.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut ranks = vec![None; analysis.parameters.len()];
    for (r, (i, _)) in order.into_iter().enumerate() {
        ranks[i] = Some(r + 1);
    }
    ranks
}

/// Writes `sensitivity.csv`: one row per parameter, in the order of the parameter table.
fn write_sensitivity_table(
    folder: &OutputFolder,
    analysis: &sensitivity::Report,
    local_rank: &[Option<usize>],
    morris_rank: &[Option<usize>],
) -> Result<(), AppError> {
    let header: Vec<String> = [
        "parameter",
        "group",
        "unit",
        "value",
        "min",
        "max",
        "local_difference",
        "local_low",
        "local_high",
        "local_coefficient",
        "local_rank",
        "morris_low",
        "morris_high",
        "morris_mu_star",
        "morris_mu",
        "morris_sigma",
        "morris_rank",
        "note",
    ]
    .map(String::from)
    .to_vec();
    let na = |v: Option<f64>| output::effects::number_or_na(v);
    let rank = |r: Option<usize>| r.map_or("NA".into(), |r| r.to_string());
    let mut table = RowWriter::create(folder, SENSITIVITY_FILE, &header)?;
    for (i, p) in analysis.parameters.iter().enumerate() {
        table.write_row([
            p.info.name.to_string(),
            p.info.group.to_string(),
            p.info.unit.to_string(),
            p.value.to_string(),
            p.info.min.to_string(),
            p.info.max.to_string(),
            p.local
                .map_or("NA".into(), |l| l.difference.name().to_string()),
            na(p.local.map(|l| l.low)),
            na(p.local.map(|l| l.high)),
            na(p.local.map(|l| l.coefficient)),
            rank(local_rank[i]),
            na(p.morris.map(|m| m.low)),
            na(p.morris.map(|m| m.high)),
            na(p.morris.map(|m| m.mu_star)),
            na(p.morris.map(|m| m.mu)),
            na(p.morris.map(|m| m.sigma)),
            rank(morris_rank[i]),
            p.note.clone().unwrap_or_default(),
        ])?;
    }
    table.finish()?;
    Ok(())
}

/// The `sensitivity` object of the manifest: what was analysed and how (the plots read it).
fn sensitivity_object(
    scenario: &Scenario,
    settings: &Settings,
    analysis: &sensitivity::Report,
    seconds: f64,
) -> Value {
    let (arm, reference) = (
        &scenario.arms[settings.arm],
        &scenario.arms[scenario.analysis.reference_arm],
    );
    let morris = if settings.trajectories > 0 {
        let levels = settings.levels as f64;
        json!({
            "trajectories": settings.trajectories,
            "levels": settings.levels,
            "range": settings.range,
            "seed": settings.seed,
            "step": levels / (2.0 * (levels - 1.0)),
        })
    } else {
        Value::Null
    };
    json!({
        "scenario": {
            "name": scenario.name,
            "title": scenario.title,
            "description": scenario.description,
            "seed": scenario.seed,
            "duration_days": scenario.duration_days,
            "resolved_toml": scenario.resolved_toml,
            "overrides": crate::output::manifest::overrides(scenario),
        },
        "endpoint": settings.endpoint.name(),
        "quantity": settings.quantity.name(),
        "arm": arm.name,
        "arm_label": arm.label,
        "reference_arm": reference.name,
        "reference_label": reference.label,
        "response": analysis.response,
        "response_definition": match settings.quantity {
            Quantity::Level => "Y = mean over the cohort of the endpoint at the last sample, in the arm (true values)",
            Quantity::Change => "Y = mean over the cohort of the change of the endpoint from the first to the last sample, in the arm (true values)",
            Quantity::Effect => "Y = mean change in the arm minus mean change in the reference arm (true values)",
        },
        "local_coefficient": if settings.quantity.normalised() {
            "normalised: d ln Y / d ln theta"
        } else {
            "semi-normalised: theta * dY/dtheta, in the endpoint's unit"
        },
        "relative_step": settings.relative_step,
        "morris": morris,
        "subjects": scenario.population.subjects,
        "common_random_numbers": "every evaluation simulates the same subjects (the scenario's seed)",
        "evaluations": analysis.evaluations,
        "seconds": seconds,
    })
}

/// The ten most influential parameters on stdout.
fn print_sensitivity(
    report_data: &sensitivity::Report,
    settings: &Settings,
    local_rank: &[Option<usize>],
    morris_rank: &[Option<usize>],
) -> Result<(), AppError> {
    let mut out = std::io::stdout().lock();
    let mut order: Vec<usize> = (0..report_data.parameters.len()).collect();
    order.sort_by_key(|&i| (local_rank[i].or(morris_rank[i]).unwrap_or(usize::MAX), i));
    writeln!(
        out,
        "Y = {} {} = {:.4}; local coefficient {}",
        settings.endpoint.name(),
        settings.quantity.name(),
        report_data.response,
        if settings.quantity.normalised() {
            "d ln Y / d ln theta"
        } else {
            "theta dY/dtheta"
        }
    )?;
    writeln!(
        out,
        "{:<18} {:>12} {:>12} {:>12} {:>12}",
        "parameter", "value", "local", "morris mu*", "sigma"
    )?;
    let number = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:+.4}"));
    for &i in order.iter().take(10) {
        let p = &report_data.parameters[i];
        writeln!(
            out,
            "{:<18} {:>12} {:>12} {:>12} {:>12}",
            p.info.name,
            p.value,
            number(p.local.map(|l| l.coefficient)),
            number(p.morris.map(|m| m.mu_star)),
            number(p.morris.map(|m| m.sigma))
        )?;
    }
    writeln!(
        out,
        "the 10 most influential of {} parameters (all in sensitivity.csv). {DISCLAIMER}.",
        report_data.parameters.len()
    )?;
    Ok(())
}
