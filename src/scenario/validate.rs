//! Stage two: check the raw mirror as a whole and build a [`Scenario`], collecting every problem.

use super::checker::Checker;
use super::problem::{Origin, Problem, suggestion};
use super::raw::{RawArm, RawIntakeChange, RawRegimen, RawScenario, S};
use super::{
    Amount, Arm, ArmShare, Design, IntakeChange, OutputSettings, RegimenSpec, Scenario, Substance,
    design, population, variation,
};
use crate::model::{Model, Parameters};
use crate::simulate::{MagnesiumForm, Observable, Schedule, SolverSettings, VitaminDForm};

/// Longest simulation accepted, days (100 years).
pub const MAX_DURATION_DAYS: f64 = 36_500.0;
/// Longest title, reference or arm label, in characters (plots shorten what does not fit).
pub const MAX_TITLE_CHARS: usize = 200;
/// Longest description or `look_for`, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 5_000;
/// Most sampling days accepted.
pub const MAX_SAMPLES: usize = 20_000;
/// Most arms accepted.
pub const MAX_ARMS: usize = 64;
/// Most doses in one regimen.
pub const MAX_DOSES_PER_REGIMEN: f64 = 200_000.0;
/// Largest single vitamin D dose accepted, IU.
pub const MAX_VITAMIN_D_DOSE_IU: f64 = 1_000_000.0;
/// Largest single magnesium dose accepted, mg elemental.
pub const MAX_MAGNESIUM_DOSE_MG: f64 = 5_000.0;

/// Converts a TOML or serde error (syntax, wrong type, unknown key) into a located problem with
/// a "did you mean" for unknown keys.
pub fn from_toml_error(error: &toml::de::Error, text: &str) -> Problem {
    let message = error.message().trim().to_string();
    let origin = error.span().map_or(Origin::Whole, Origin::File);
    let key_text = error
        .span()
        .and_then(|span| text.get(span))
        .unwrap_or("")
        .trim()
        .trim_matches('"')
        .to_string();
    let message = if let Some(rest) = message.strip_prefix("unknown field `") {
        let (unknown, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let valid: Vec<&str> = expected
            .split('`')
            .skip(1)
            .step_by(2)
            .filter(|s| !s.is_empty())
            .collect();
        format!(
            "unknown key `{unknown}`; valid keys here: {}{}",
            valid.join(", "),
            suggestion(unknown, valid.iter().copied())
        )
    } else if message.starts_with("invalid type") {
        let message = message
            .replace("invalid type: ", "wrong type: ")
            .replace("expected f64", "expected a number")
            .replace("expected i64", "expected a whole number")
            .replace("expected a boolean", "expected true or false");
        if message.contains(": string \"") && message.contains("a number") {
            format!("{message} (write the number without quotes)")
        } else {
            message
        }
    } else if key_text.is_empty() {
        format!("invalid TOML: {message}")
    } else {
        message
    };
    Problem {
        path: String::new(),
        origin,
        message,
    }
}

/// Checks every part of the raw scenario and builds the checked [`Scenario`].
pub fn check(raw: &RawScenario) -> Result<Scenario, Vec<Problem>> {
    let mut c = Checker {
        problems: Vec::new(),
    };

    let name = c
        .required(
            &raw.name,
            "name",
            None,
            "add e.g. name = \"my_scenario\" (it names the output folder)",
        )
        .and_then(|n| c.identifier(n, "name"));
    for (value, path, limit) in [
        (&raw.title, "title", MAX_TITLE_CHARS),
        (&raw.description, "description", MAX_DESCRIPTION_CHARS),
        (&raw.reference, "reference", MAX_TITLE_CHARS),
        (&raw.look_for, "look_for", MAX_DESCRIPTION_CHARS),
    ] {
        c.text(value, path, limit);
    }
    let title = raw
        .title
        .as_ref()
        .map(|t| t.get_ref().clone())
        .or_else(|| name.clone())
        .unwrap_or_default();
    let text = |v: &Option<S<String>>| v.as_ref().map(|s| s.get_ref().trim().to_string());

    // [simulation]
    let simulation = c.required(
        &raw.simulation,
        "simulation",
        None,
        "add a [simulation] table with duration_days",
    );
    let mut duration_days = None;
    let mut sample_days = Vec::new();
    let mut seed = 1;
    let mut solver = SolverSettings::default();
    if let Some(sim) = simulation {
        let span = Some(sim.span());
        let sim = sim.get_ref();
        duration_days = c
            .required(
                &sim.duration_days,
                "simulation.duration_days",
                span.clone(),
                "the length of the simulation in days, e.g. duration_days = 84",
            )
            .and_then(|d| {
                c.number(
                    d,
                    "simulation.duration_days",
                    1.0,
                    MAX_DURATION_DAYS,
                    "days",
                )
            });
        if let Some(duration) = duration_days {
            sample_days = sampling(&mut c, sim, duration).unwrap_or_default();
        }
        if let Some(s) = &sim.seed {
            if *s.get_ref() < 0 {
                c.push(
                    "simulation.seed",
                    s.span(),
                    format!("{} is negative; a seed is a whole number >= 0", s.get_ref()),
                );
            } else {
                seed = *s.get_ref() as u64;
            }
        }
        if let Some(rtol) = c.optional_number(
            &sim.rtol,
            "simulation.rtol",
            (1e-12, 1e-2, "(relative)"),
            solver.rtol,
        ) {
            solver.rtol = rtol;
        }
        if let Some(atol) = c.optional_number(
            &sim.atol,
            "simulation.atol",
            (1e-15, 1e-2, "(in each state's unit)"),
            solver.atol,
        ) {
            solver.atol = atol;
        }
    }

    let population = population::check(&mut c, raw.population.as_ref());
    let (parameters, parameter_overrides) = parameters(&mut c, raw);
    let arms = arms(&mut c, raw, duration_days.unwrap_or(MAX_DURATION_DAYS));
    let design = check_design(&mut c, raw, &arms, population.as_ref().map(|p| p.subjects));
    let arm_names: Vec<String> = arms.iter().map(|a| a.name.clone()).collect();
    let analysis = design::analysis(&mut c, raw.analysis.as_ref(), &arm_names);
    let measurement = design::measurement(&mut c, &raw.measurement);
    let sweep = super::sweep::check(&mut c, raw.sweep.as_ref(), seed);
    let season = variation::season(&mut c, raw.season.as_ref());
    let within = variation::variation(&mut c, raw.variation.as_ref());
    let replicates = variation::replicates(
        &mut c,
        raw.replicates.as_ref(),
        population.as_ref().map(|p| p.subjects),
        ratio_sum(&arms),
    );
    let mut output = output(&mut c, raw);
    if output.plot_observables.is_empty()
        && let Some(analysis) = &analysis
    {
        output.plot_observables = analysis.endpoints.clone();
    }

    if !c.problems.is_empty() {
        c.problems.sort_by_key(|p| match &p.origin {
            Origin::File(span) => span.start,
            _ => usize::MAX,
        });
        return Err(c.problems);
    }
    match (name, duration_days, population, design, analysis) {
        (Some(name), Some(duration_days), Some(population), Some(design), Some(analysis)) => {
            Ok(Scenario {
                name,
                title,
                description: text(&raw.description).unwrap_or_default(),
                reference: text(&raw.reference),
                look_for: text(&raw.look_for),
                duration_days,
                sample_days,
                seed,
                solver,
                population,
                parameters,
                parameter_overrides,
                arms,
                design,
                analysis,
                measurement,
                output,
                resolved_toml: String::new(),
                overrides: Vec::new(),
                sweep,
                season,
                variation: within,
                replicates,
            })
        }
        _ => Err(vec![Problem::whole("", "the scenario is incomplete")]),
    }
}

/// The sampling grid: `sample_every_days` or `sample_days`, always with day 0 and the last day.
fn sampling(c: &mut Checker, sim: &super::raw::RawSimulation, duration: f64) -> Option<Vec<f64>> {
    let mut days = Vec::new();
    match (&sim.sample_every_days, &sim.sample_days) {
        (Some(every), Some(list)) => {
            c.push(
                "simulation.sample_days",
                list.span(),
                format!(
                    "give either sample_every_days ({}) or sample_days, not both",
                    every.get_ref()
                ),
            );
            return None;
        }
        (_, Some(list)) => {
            for (i, day) in list.get_ref().iter().enumerate() {
                let path = format!("simulation.sample_days.{i}");
                days.push(c.number(day, &path, 0.0, duration, "days (within the simulation)")?);
            }
            if list.get_ref().len() > MAX_SAMPLES {
                c.push(
                    "simulation.sample_days",
                    list.span(),
                    format!(
                        "{} sampling days; at most {MAX_SAMPLES} are allowed",
                        list.get_ref().len()
                    ),
                );
                return None;
            }
        }
        (every, None) => {
            let step = match every {
                Some(every) => c.number(
                    every,
                    "simulation.sample_every_days",
                    0.01,
                    duration,
                    "days (and at most the duration)",
                )?,
                None => 7.0_f64.min(duration),
            };
            let count = (duration / step).floor();
            if count > MAX_SAMPLES as f64 {
                if let Some(every) = every {
                    c.push(
                        "simulation.sample_every_days",
                        every.span(),
                        format!("sampling every {step} days over {duration} days gives {count} samples; at most {MAX_SAMPLES} are allowed: sample less often"),
                    );
                }
                return None;
            }
            days.extend((0..=count as usize).map(|i| i as f64 * step));
        }
    }
    days.push(0.0);
    days.push(duration);
    days.sort_by(f64::total_cmp);
    days.dedup_by(|a, b| (*a - *b).abs() < 1e-9);
    Some(days)
}

fn parameters(c: &mut Checker, raw: &RawScenario) -> (Parameters, Vec<(String, f64)>) {
    let mut parameters = Parameters::default();
    let mut overrides = Vec::new();
    let mut entries: Vec<_> = raw.parameters.iter().collect();
    entries.sort_by_key(|(name, _)| name.span().start);
    for (name, value) in entries {
        let path = format!("parameters.{}", name.get_ref());
        let Some(info) = Parameters::info(name.get_ref()) else {
            c.push(
                &path,
                name.span(),
                format!(
                    "unknown model parameter `{}`{}; `mgate explain` lists all {} parameters",
                    name.get_ref(),
                    suggestion(name.get_ref(), Parameters::names()),
                    crate::model::PARAMETER_TABLE.len()
                ),
            );
            continue;
        };
        if let Some(v) = c.number(value, &path, info.min, info.max, info.unit) {
            info.set(&mut parameters, v);
            overrides.push((info.name.to_string(), v));
        }
    }
    if let Err(error) = Model::new(parameters) {
        let span = raw.parameters.values().next().map_or(0..0, |v| v.span());
        c.push(
            "parameters",
            span,
            format!("these parameters leave the reference subject without a steady state: {error}"),
        );
    }
    (parameters, overrides)
}

fn arms(c: &mut Checker, raw: &RawScenario, duration: f64) -> Vec<Arm> {
    if raw.arms.is_empty() {
        c.problems.push(Problem::whole(
            "arms",
            "no arms: add at least one [[arms]] table with a name (an arm without regimens is a placebo arm)",
        ));
        return Vec::new();
    }
    if raw.arms.len() > MAX_ARMS {
        c.push(
            "arms",
            raw.arms[MAX_ARMS].span(),
            format!("{} arms; at most {MAX_ARMS} are allowed", raw.arms.len()),
        );
        return Vec::new();
    }
    let mut arms: Vec<Arm> = Vec::new();
    let mut shares = Vec::new();
    for (index, arm) in raw.arms.iter().enumerate() {
        let span = arm.span();
        let arm: &RawArm = arm.get_ref();
        let name = arm
            .name
            .as_ref()
            .and_then(|n| c.identifier(n, &format!("arms.{index}.name")));
        if arm.name.is_none() {
            c.push(
                &format!("arms.{index}"),
                span.clone(),
                "missing `name`: every arm needs one, e.g. name = \"placebo\"".into(),
            );
        }
        let path = format!("arms.{}", name.clone().unwrap_or_else(|| index.to_string()));
        if let (Some(name), Some(raw_name)) = (&name, &arm.name)
            && arms.iter().any(|a| &a.name == name)
        {
            c.push(
                &format!("{path}.name"),
                raw_name.span(),
                format!("arm name `{name}` is used twice; arm names must be unique"),
            );
        }
        let regimens = arm
            .regimens
            .iter()
            .enumerate()
            .filter_map(|(i, r)| regimen(c, r, &format!("{path}.regimens.{i}"), duration))
            .collect();
        let mut intake_changes: Vec<IntakeChange> = arm
            .intake_changes
            .iter()
            .enumerate()
            .filter_map(|(i, change)| {
                intake_change(c, change, &format!("{path}.intake_changes.{i}"), duration)
            })
            .collect();
        intake_changes.sort_by(|a, b| a.day.total_cmp(&b.day));
        c.text(&arm.label, &format!("{path}.label"), MAX_TITLE_CHARS);
        let share = arm_share(c, arm, &path);
        if let (Some(name), Some(share)) = (name, share) {
            shares.push(share);
            arms.push(Arm {
                label: arm
                    .label
                    .as_ref()
                    .map_or(name.clone(), |l| l.get_ref().clone()),
                name,
                share: ArmShare::Ratio(1),
                regimens,
                intake_changes,
            });
        }
    }
    if let Some(resolved) = resolve_shares(c, &shares, raw.arms[0].span()) {
        for (arm, share) in arms.iter_mut().zip(resolved) {
            arm.share = share;
        }
    }
    arms
}

/// Which substance a regimen names, before its form is known.
#[derive(Clone, Copy)]
enum SubstanceName {
    VitaminD(VitaminDForm),
    Magnesium,
}

/// The dose rules a regimen may use instead of a fixed amount.
#[derive(Clone, Copy, PartialEq)]
enum Rule {
    PerKg,
    CaMgRatio,
    Ohd25Bands,
}

#[derive(Clone, Copy, PartialEq)]
enum ScheduleKind {
    Once,
    Daily,
    Weekly,
    Every,
    Days,
}

/// An arm's share as written: `ratio`, `fraction` or `count` (at most one; default ratio 1).
#[derive(Clone, Copy, PartialEq)]
enum ShareInput {
    Ratio(usize),
    Fraction(f64),
    Count(usize),
}

fn arm_share(c: &mut Checker, arm: &RawArm, path: &str) -> Option<ShareInput> {
    let given = [
        arm.ratio.is_some(),
        arm.fraction.is_some(),
        arm.count.is_some(),
    ];
    if given.iter().filter(|g| **g).count() > 1 {
        let span = arm
            .fraction
            .as_ref()
            .map(|f| f.span())
            .or(arm.count.as_ref().map(|n| n.span()))
            .unwrap_or(0..0);
        c.push(
            path,
            span,
            "give at most one of ratio, fraction and count".into(),
        );
        return None;
    }
    if let Some(ratio) = &arm.ratio {
        let value = *ratio.get_ref();
        if !(1..=100).contains(&value) {
            c.push(
                &format!("{path}.ratio"),
                ratio.span(),
                format!("ratio {value}; expected a whole number from 1 to 100"),
            );
            return None;
        }
        return Some(ShareInput::Ratio(value as usize));
    }
    if let Some(count) = &arm.count {
        let value = *count.get_ref();
        if !(1..=population::MAX_SUBJECTS).contains(&value) {
            c.push(
                &format!("{path}.count"),
                count.span(),
                format!(
                    "count {value}; expected a whole number from 1 to {}",
                    population::MAX_SUBJECTS
                ),
            );
            return None;
        }
        return Some(ShareInput::Count(value as usize));
    }
    if let Some(fraction) = &arm.fraction {
        let value = c.number(
            fraction,
            &format!("{path}.fraction"),
            1e-6,
            1.0,
            "(a share of the subjects)",
        )?;
        return Some(ShareInput::Fraction(value));
    }
    Some(ShareInput::Ratio(1))
}

/// The arms' shares as integer ratios or counts: fractions become ratios over the smallest
/// denominator up to 100 that makes them whole.
fn resolve_shares(
    c: &mut Checker,
    inputs: &[ShareInput],
    span: std::ops::Range<usize>,
) -> Option<Vec<ArmShare>> {
    let fractions: Vec<f64> = inputs
        .iter()
        .filter_map(|s| match s {
            ShareInput::Fraction(f) => Some(*f),
            _ => None,
        })
        .collect();
    let counts = inputs
        .iter()
        .filter(|s| matches!(s, ShareInput::Count(_)))
        .count();
    if (counts > 0 && counts < inputs.len())
        || (!fractions.is_empty() && fractions.len() < inputs.len())
    {
        c.push(
            "arms",
            span,
            "when one arm gives a fraction (or a count), every arm must".into(),
        );
        return None;
    }
    if !fractions.is_empty() {
        let total: f64 = fractions.iter().sum();
        if (total - 1.0).abs() > 1e-6 {
            c.push(
                "arms",
                span,
                format!("the arms' fractions add up to {total}, not 1"),
            );
            return None;
        }
        let whole = |d: usize| {
            fractions.iter().all(|f| {
                let scaled = f * d as f64;
                (scaled - scaled.round()).abs() < 1e-6 && scaled.round() >= 1.0
            })
        };
        let Some(denominator) = (1..=100).find(|d| whole(*d)) else {
            c.push("arms", span, "the fractions are not simple ratios (denominator up to 100); give ratio = N per arm instead".into());
            return None;
        };
        return Some(
            fractions
                .iter()
                .map(|f| ArmShare::Ratio((f * denominator as f64).round() as usize))
                .collect(),
        );
    }
    Some(
        inputs
            .iter()
            .map(|s| match s {
                ShareInput::Ratio(r) => ArmShare::Ratio(*r),
                ShareInput::Count(n) => ArmShare::Count(*n),
                ShareInput::Fraction(_) => ArmShare::Ratio(1),
            })
            .collect(),
    )
}

/// The sum of the arms' integer ratios (`None` when arms are given by count).
fn ratio_sum(arms: &[Arm]) -> Option<usize> {
    arms.iter()
        .map(|a| match a.share {
            ArmShare::Ratio(r) => Some(r),
            ArmShare::Count(_) => None,
        })
        .sum()
}

/// Checks the arms' shares against the design.
fn check_design(
    c: &mut Checker,
    raw: &RawScenario,
    arms: &[Arm],
    subjects: Option<usize>,
) -> Option<Design> {
    let arm_span = raw.arms.first().map_or(0..0, |a| a.span());
    let counts: Option<usize> = arms
        .iter()
        .map(|a| match a.share {
            ArmShare::Count(n) => Some(n),
            ArmShare::Ratio(_) => None,
        })
        .sum();
    let design = design::design(c, raw.allocation.as_ref(), ratio_sum(arms))?;
    let explicit_share = raw.arms.iter().find_map(|a| {
        let a = a.get_ref();
        a.ratio
            .as_ref()
            .map(|r| r.span())
            .or(a.fraction.as_ref().map(|f| f.span()))
            .or(a.count.as_ref().map(|n| n.span()))
    });
    match (&design, explicit_share, counts, subjects) {
        (Design::Counterfactual, Some(span), _, _) => {
            c.push("arms", span, "ratio, fraction and count apply to [allocation] design = \"parallel\" only; in the counterfactual design every subject gets every arm".into());
            None
        }
        (Design::Parallel { .. }, _, Some(total), Some(subjects)) if total != subjects => {
            c.push("arms", arm_span, format!("the arms' counts add up to {total} but the population has {subjects} subjects; make them equal (or use ratio)"));
            None
        }
        _ => Some(design),
    }
}

fn regimen(c: &mut Checker, raw: &S<RawRegimen>, path: &str, duration: f64) -> Option<RegimenSpec> {
    let span = Some(raw.span());
    let r = raw.get_ref();
    let field = |name: &str| format!("{path}.{name}");
    let named = c
        .required(
            &r.substance,
            &field("substance"),
            span.clone(),
            "one of vitamin_d3, vitamin_d2, magnesium",
        )
        .and_then(|s| {
            c.choice(
                s,
                &field("substance"),
                &[
                    ("vitamin_d3", SubstanceName::VitaminD(VitaminDForm::D3)),
                    ("vitamin_d2", SubstanceName::VitaminD(VitaminDForm::D2)),
                    ("magnesium", SubstanceName::Magnesium),
                ],
            )
        });
    let substance = match named {
        Some(SubstanceName::VitaminD(form)) => {
            c.not_used(&r.form, &field("form"), "applies to magnesium only; for vitamin D choose substance = \"vitamin_d3\" or \"vitamin_d2\"");
            Some(Substance::VitaminD(form))
        }
        Some(SubstanceName::Magnesium) => match &r.form {
            Some(form) => c.choice(
                form,
                &field("form"),
                &[
                    ("oxide", MagnesiumForm::Oxide),
                    ("citrate", MagnesiumForm::Citrate),
                    ("glycinate", MagnesiumForm::Glycinate),
                    ("chloride", MagnesiumForm::Chloride),
                ],
            ),
            None => Some(MagnesiumForm::Glycinate),
        }
        .map(Substance::Magnesium),
        None => None,
    };
    let amount = substance.and_then(|substance| amount(c, raw, path, substance));

    let kind = c
        .required(
            &r.schedule,
            &field("schedule"),
            span.clone(),
            "one of once, daily, weekly, every, days",
        )
        .and_then(|s| {
            c.choice(
                s,
                &field("schedule"),
                &[
                    ("once", ScheduleKind::Once),
                    ("daily", ScheduleKind::Daily),
                    ("weekly", ScheduleKind::Weekly),
                    ("every", ScheduleKind::Every),
                    ("days", ScheduleKind::Days),
                ],
            )
        })?;
    let windowed = matches!(
        kind,
        ScheduleKind::Daily | ScheduleKind::Weekly | ScheduleKind::Every
    );
    if !windowed {
        c.not_used(
            &r.start_day,
            &field("start_day"),
            "applies to daily, weekly and every schedules only",
        );
        c.not_used(
            &r.stop_day,
            &field("stop_day"),
            "applies to daily, weekly and every schedules only",
        );
    }
    if kind != ScheduleKind::Every {
        c.not_used(
            &r.interval_days,
            &field("interval_days"),
            "applies to schedule = \"every\" only",
        );
    }
    if kind != ScheduleKind::Once {
        c.not_used(
            &r.day,
            &field("day"),
            "applies to schedule = \"once\" only; use days = [...] with schedule = \"days\"",
        );
    }
    if kind != ScheduleKind::Days {
        c.not_used(
            &r.days,
            &field("days"),
            "applies to schedule = \"days\" only",
        );
    }
    let within = (0.0, duration, "days (within the simulation)");
    let schedule = match kind {
        ScheduleKind::Once => c
            .required(
                &r.day,
                &field("day"),
                span,
                "the day of the single dose, e.g. day = 0",
            )
            .and_then(|d| c.number(d, &field("day"), within.0, within.1, within.2))
            .map(|day| Schedule::Once { day }),
        ScheduleKind::Days => {
            let list = c.required(
                &r.days,
                &field("days"),
                span,
                "the dosing days, e.g. days = [0, 7, 14]",
            )?;
            if list.get_ref().is_empty() {
                c.push(
                    &field("days"),
                    list.span(),
                    "the list of days is empty; give at least one day".into(),
                );
                return None;
            }
            let days: Option<Vec<f64>> = list
                .get_ref()
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    c.number(
                        d,
                        &field(&format!("days.{i}")),
                        within.0,
                        within.1,
                        within.2,
                    )
                })
                .collect();
            days.map(|days| Schedule::OnDays { days })
        }
        _ => {
            let interval = match kind {
                ScheduleKind::Daily => Some(1.0),
                ScheduleKind::Weekly => Some(7.0),
                _ => c
                    .required(
                        &r.interval_days,
                        &field("interval_days"),
                        span,
                        "days between doses, e.g. interval_days = 3",
                    )
                    .and_then(|d| {
                        c.number(
                            d,
                            &field("interval_days"),
                            0.01,
                            MAX_DURATION_DAYS,
                            "days between doses",
                        )
                    }),
            };
            let start = c.optional_number(&r.start_day, &field("start_day"), within, 0.0);
            let stop = c.optional_number(
                &r.stop_day,
                &field("stop_day"),
                (0.0, MAX_DURATION_DAYS, "days"),
                duration,
            );
            if let (Some(start), Some(stop)) = (start, stop) {
                if stop <= start {
                    let span = r
                        .stop_day
                        .as_ref()
                        .or(r.start_day.as_ref())
                        .map_or(raw.span(), |s| s.span());
                    c.push(&field("stop_day"), span, format!("the dosing window is empty or inverted: stop_day {stop} is not after start_day {start} (doses are given from start_day up to, not including, stop_day)"));
                    return None;
                }
                if let Some(interval) = interval {
                    let doses = ((stop.min(duration) - start) / interval).ceil();
                    if doses > MAX_DOSES_PER_REGIMEN {
                        c.push(&field("interval_days"), r.interval_days.as_ref().map_or(raw.span(), |s| s.span()), format!("this schedule gives {doses} doses; at most {MAX_DOSES_PER_REGIMEN} per regimen are allowed"));
                        return None;
                    }
                }
            }
            Some(Schedule::Every {
                interval_days: interval?,
                start_day: start?,
                stop_day: stop?,
            })
        }
    };
    Some(RegimenSpec {
        substance: substance?,
        amount: amount?,
        schedule: schedule?,
    })
}

/// The amount per dose: a fixed `amount`, or a `rule` with its settings.
fn amount(
    c: &mut Checker,
    raw: &S<RawRegimen>,
    path: &str,
    substance: Substance,
) -> Option<Amount> {
    let span = raw.span();
    let r = raw.get_ref();
    let field = |name: &str| format!("{path}.{name}");
    let (max, unit, per_kg_unit) = match substance {
        Substance::VitaminD(_) => (MAX_VITAMIN_D_DOSE_IU, "IU per dose", "IU per kg"),
        Substance::Magnesium(_) => (
            MAX_MAGNESIUM_DOSE_MG,
            "mg of elemental magnesium per dose",
            "mg per kg",
        ),
    };
    let Some(rule_name) = &r.rule else {
        let reason =
            "applies to dose rules only (rule = \"per_kg\", \"ca_mg_ratio\" or \"ohd25_bands\")";
        c.not_used(&r.amount_per_kg, &field("amount_per_kg"), reason);
        c.not_used(&r.target_ratio, &field("target_ratio"), reason);
        c.not_used(&r.cap, &field("cap"), reason);
        c.not_used(&r.bands, &field("bands"), reason);
        c.not_used(&r.otherwise, &field("otherwise"), reason);
        let amount = c.required(
            &r.amount,
            &field("amount"),
            Some(span),
            "the dose: IU of vitamin D or mg of elemental magnesium (or a rule)",
        )?;
        return c
            .number(amount, &field("amount"), 0.0, max, unit)
            .map(Amount::Fixed);
    };
    let rule = c.choice(
        rule_name,
        &field("rule"),
        &[
            ("per_kg", Rule::PerKg),
            ("ca_mg_ratio", Rule::CaMgRatio),
            ("ohd25_bands", Rule::Ohd25Bands),
        ],
    )?;
    c.not_used(
        &r.amount,
        &field("amount"),
        "cannot be given with a rule: the rule computes the amount",
    );
    let cap = |c: &mut Checker| match &r.cap {
        Some(cap) => c.number(cap, &field("cap"), 0.0, max, unit).map(Some),
        None => Some(None),
    };
    match rule {
        Rule::PerKg => {
            let reason = "does not apply to rule = \"per_kg\"";
            c.not_used(&r.target_ratio, &field("target_ratio"), reason);
            c.not_used(&r.bands, &field("bands"), reason);
            c.not_used(&r.otherwise, &field("otherwise"), reason);
            let per_kg = c
                .required(
                    &r.amount_per_kg,
                    &field("amount_per_kg"),
                    Some(span),
                    "the amount per kg of body weight, e.g. amount_per_kg = 5",
                )
                .and_then(|v| c.number(v, &field("amount_per_kg"), 0.0, max / 20.0, per_kg_unit));
            let cap = cap(c);
            Some(Amount::PerKg {
                per_kg: per_kg?,
                cap: cap?,
            })
        }
        Rule::CaMgRatio => {
            if matches!(substance, Substance::VitaminD(_)) {
                c.push(
                    &field("rule"),
                    rule_name.span(),
                    "rule = \"ca_mg_ratio\" doses magnesium; use it with substance = \"magnesium\""
                        .into(),
                );
                return None;
            }
            let reason = "does not apply to rule = \"ca_mg_ratio\"";
            c.not_used(&r.amount_per_kg, &field("amount_per_kg"), reason);
            c.not_used(&r.bands, &field("bands"), reason);
            c.not_used(&r.otherwise, &field("otherwise"), reason);
            let target_ratio = match &r.target_ratio {
                Some(t) => c.number(t, &field("target_ratio"), 0.5, 20.0, "(Ca:Mg by mass)"),
                None => Some(2.3),
            };
            let cap = cap(c);
            Some(Amount::CaMgRatio {
                target_ratio: target_ratio?,
                cap: cap?,
            })
        }
        Rule::Ohd25Bands => {
            if matches!(substance, Substance::Magnesium(_)) {
                c.push(&field("rule"), rule_name.span(), "rule = \"ohd25_bands\" doses vitamin D; use it with substance = \"vitamin_d3\" or \"vitamin_d2\"".into());
                return None;
            }
            let reason = "does not apply to rule = \"ohd25_bands\"";
            c.not_used(&r.amount_per_kg, &field("amount_per_kg"), reason);
            c.not_used(&r.target_ratio, &field("target_ratio"), reason);
            c.not_used(&r.cap, &field("cap"), reason);
            let list = c.required(&r.bands, &field("bands"), Some(span.clone()), "bands by baseline 25(OH)D, e.g. bands = [{ below = 20, amount = 4000 }, { below = 30, amount = 2000 }]")?;
            let otherwise = c
                .required(
                    &r.otherwise,
                    &field("otherwise"),
                    Some(span),
                    "the amount above every band, e.g. otherwise = 1000",
                )
                .and_then(|v| c.number(v, &field("otherwise"), 0.0, max, unit));
            let mut bands = Vec::new();
            for (i, band) in list.get_ref().iter().enumerate() {
                let here = format!("{path}.bands.{i}");
                let b = band.get_ref();
                let below = c
                    .required(
                        &b.below,
                        &format!("{here}.below"),
                        Some(band.span()),
                        "the band's upper 25(OH)D edge in ng/mL",
                    )
                    .and_then(|v| c.number(v, &format!("{here}.below"), 0.0, 1000.0, "ng/mL"));
                let amount = c
                    .required(
                        &b.amount,
                        &format!("{here}.amount"),
                        Some(band.span()),
                        "the band's amount per dose",
                    )
                    .and_then(|v| c.number(v, &format!("{here}.amount"), 0.0, max, unit));
                bands.push((below?, amount?));
            }
            if bands.is_empty() || bands.windows(2).any(|w| w[0].0 >= w[1].0) {
                c.push(
                    &field("bands"),
                    list.span(),
                    "give at least one band, with `below` increasing from band to band".into(),
                );
                return None;
            }
            Some(Amount::Ohd25Bands {
                bands,
                otherwise: otherwise?,
            })
        }
    }
}

fn intake_change(
    c: &mut Checker,
    raw: &S<RawIntakeChange>,
    path: &str,
    duration: f64,
) -> Option<IntakeChange> {
    let r = raw.get_ref();
    let field = |name: &str| format!("{path}.{name}");
    let day = c
        .required(
            &r.day,
            &field("day"),
            Some(raw.span()),
            "the day from which the new intake holds",
        )
        .and_then(|d| {
            c.number(
                d,
                &field("day"),
                0.0,
                duration,
                "days (within the simulation)",
            )
        });
    if r.vitamin_d_input_iu_per_day.is_none() && r.mg_intake_mg_per_day.is_none() {
        c.push(
            path,
            raw.span(),
            "an intake change needs vitamin_d_input_iu_per_day, mg_intake_mg_per_day, or both"
                .into(),
        );
        return None;
    }
    let vitamin_d = r.vitamin_d_input_iu_per_day.as_ref().map(|v| {
        c.number(
            v,
            &field("vitamin_d_input_iu_per_day"),
            0.0,
            100_000.0,
            "IU/day",
        )
    });
    let mg = r
        .mg_intake_mg_per_day
        .as_ref()
        .map(|v| c.number(v, &field("mg_intake_mg_per_day"), 0.0, 5_000.0, "mg/day"));
    Some(IntakeChange {
        day: day?,
        vitamin_d_input_iu_per_day: vitamin_d.map_or(Some(None), |v| v.map(Some))?,
        mg_intake_mg_per_day: mg.map_or(Some(None), |v| v.map(Some))?,
    })
}

fn output(c: &mut Checker, raw: &RawScenario) -> OutputSettings {
    let mut settings = OutputSettings {
        observables: Observable::ALL.to_vec(),
        timeseries: true,
        plots: crate::plot::PlotKind::ALL.to_vec(),
        plot_observables: Vec::new(),
    };
    let Some(out) = &raw.output else {
        return settings;
    };
    let out = out.get_ref();
    if let Some(list) = &out.observables {
        let mut chosen = Vec::new();
        for (i, name) in list.get_ref().iter().enumerate() {
            let path = format!("output.observables.{i}");
            match Observable::from_name(name.get_ref()) {
                Some(o) if chosen.contains(&o) => c.push(
                    &path,
                    name.span(),
                    format!("`{}` is listed twice", name.get_ref()),
                ),
                Some(o) => chosen.push(o),
                None => {
                    let names: Vec<&str> = Observable::ALL.iter().map(|o| o.name()).collect();
                    c.push(
                        &path,
                        name.span(),
                        format!(
                            "unknown observable `{}`{}; valid observables: {}",
                            name.get_ref(),
                            suggestion(name.get_ref(), names.iter().copied()),
                            names.join(", ")
                        ),
                    );
                }
            }
        }
        if list.get_ref().is_empty() {
            c.push(
                "output.observables",
                list.span(),
                "the list is empty; name at least one observable or leave the key out for all"
                    .into(),
            );
        }
        settings.observables = chosen;
    }
    if let Some(timeseries) = &out.timeseries {
        settings.timeseries = *timeseries.get_ref();
    }
    if let Some(list) = &out.plots {
        let kinds: Vec<(&'static str, crate::plot::PlotKind)> = crate::plot::PlotKind::ALL
            .iter()
            .map(|k| (k.name(), *k))
            .collect();
        settings.plots = list
            .get_ref()
            .iter()
            .enumerate()
            .filter_map(|(i, name)| c.choice(name, &format!("output.plots.{i}"), &kinds))
            .collect();
    }
    if let Some(list) = &out.plot_observables {
        settings.plot_observables = list
            .get_ref()
            .iter()
            .enumerate()
            .filter_map(|(i, name)| c.observable(name, &format!("output.plot_observables.{i}")))
            .collect();
    }
    settings
}
