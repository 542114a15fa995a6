//! Stage two: check the raw mirror as a whole and build a [`Scenario`], collecting every problem.

use super::problem::{Origin, Problem, suggestion};
use super::raw::{RawArm, RawIntakeChange, RawRegimen, RawScenario, S};
use super::{Arm, IntakeChange, OutputSettings, Population, Scenario};
use crate::model::{Model, Parameters};
use crate::simulate::{
    Dose, MagnesiumForm, Observable, Regimen, Schedule, SolverSettings, VitaminDForm,
};
use std::ops::Range;

/// Longest simulation accepted, days (100 years).
pub const MAX_DURATION_DAYS: f64 = 36_500.0;
/// Most sampling days accepted.
pub const MAX_SAMPLES: usize = 20_000;
/// Largest cohort accepted.
pub const MAX_SUBJECTS: i64 = 1_000_000;
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

/// Collects problems while building the scenario.
struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    fn push(&mut self, path: &str, span: Range<usize>, message: String) {
        self.problems.push(Problem::at(path, span, message));
    }

    /// A required value, or a problem at the enclosing table.
    fn required<'a, T>(
        &mut self,
        value: &'a Option<S<T>>,
        path: &str,
        parent: Option<Range<usize>>,
        what: &str,
    ) -> Option<&'a S<T>> {
        if value.is_none() {
            let message = format!(
                "missing `{}`: {what}",
                path.rsplit('.').next().unwrap_or(path)
            );
            match parent {
                Some(span) => self.push(path, span, message),
                None => self.problems.push(Problem::whole(path, message)),
            }
        }
        value.as_ref()
    }

    /// A finite number inside `[min, max]`.
    fn number(
        &mut self,
        value: &S<f64>,
        path: &str,
        min: f64,
        max: f64,
        unit: &str,
    ) -> Option<f64> {
        let v = *value.get_ref();
        if v.is_finite() && v >= min && v <= max {
            Some(v)
        } else {
            let unit = if unit == "1" { "(dimensionless)" } else { unit };
            self.push(
                path,
                value.span(),
                format!("{v} is out of range; expected a number from {min} to {max} {unit}"),
            );
            None
        }
    }

    fn optional_number(
        &mut self,
        value: &Option<S<f64>>,
        path: &str,
        (min, max, unit): (f64, f64, &str),
        default: f64,
    ) -> Option<f64> {
        match value {
            Some(v) => self.number(v, path, min, max, unit),
            None => Some(default),
        }
    }

    fn identifier(&mut self, value: &S<String>, path: &str) -> Option<String> {
        let name = value.get_ref();
        let valid = !name.is_empty()
            && name.len() <= 64
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
            && name
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric());
        if valid {
            Some(name.clone())
        } else {
            self.push(
                path,
                value.span(),
                format!(
                    "`{name}` is not a valid name; use 1 to 64 lower-case letters, digits, `_` or `-`, starting with a letter or digit (e.g. `mag_vitd`)"
                ),
            );
            None
        }
    }

    fn choice<T: Copy>(
        &mut self,
        value: &S<String>,
        path: &str,
        choices: &[(&'static str, T)],
    ) -> Option<T> {
        let text = value.get_ref().as_str();
        if let Some((_, choice)) = choices.iter().find(|(name, _)| *name == text) {
            return Some(*choice);
        }
        let names: Vec<&str> = choices.iter().map(|(name, _)| *name).collect();
        self.push(
            path,
            value.span(),
            format!(
                "`{text}` is not one of {}{}",
                names.join(", "),
                suggestion(text, names.iter().copied())
            ),
        );
        None
    }

    fn not_used(&mut self, value: &Option<S<impl Sized>>, path: &str, reason: &str) {
        if let Some(value) = value {
            self.push(
                path,
                value.span(),
                format!("`{}` {reason}", path.rsplit('.').next().unwrap_or(path)),
            );
        }
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

    let population = population(&mut c, raw);
    let (parameters, parameter_overrides) = parameters(&mut c, raw);
    let arms = arms(&mut c, raw, duration_days.unwrap_or(MAX_DURATION_DAYS));
    let output = output(&mut c, raw);

    if !c.problems.is_empty() {
        c.problems.sort_by_key(|p| match &p.origin {
            Origin::File(span) => span.start,
            _ => usize::MAX,
        });
        return Err(c.problems);
    }
    match (name, duration_days, population) {
        (Some(name), Some(duration_days), Some(population)) => Ok(Scenario {
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
            output,
            resolved_toml: String::new(),
        }),
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

fn population(c: &mut Checker, raw: &RawScenario) -> Option<Population> {
    let defaults = Parameters::default();
    let empty = super::raw::RawPopulation {
        subjects: None,
        vitamin_d_input_iu_per_day: None,
        mg_intake_mg_per_day: None,
        ca_intake_mg_per_day: None,
        body_weight_kg: None,
        kidney_mg_factor: None,
    };
    let p = raw.population.as_ref().map_or(&empty, |p| p.get_ref());
    let subjects = match &p.subjects {
        Some(n) if (1..=MAX_SUBJECTS).contains(n.get_ref()) => Some(*n.get_ref() as usize),
        Some(n) => {
            c.push(
                "population.subjects",
                n.span(),
                format!(
                    "{} subjects; expected a whole number from 1 to {MAX_SUBJECTS}",
                    n.get_ref()
                ),
            );
            None
        }
        None => Some(1),
    };
    let vitamin_d = c.optional_number(
        &p.vitamin_d_input_iu_per_day,
        "population.vitamin_d_input_iu_per_day",
        (0.0, 100_000.0, "IU/day"),
        defaults.vitd_input_ref,
    );
    let mg = c.optional_number(
        &p.mg_intake_mg_per_day,
        "population.mg_intake_mg_per_day",
        (
            20.0,
            5_000.0,
            "mg/day (a steady-state start needs some intake)",
        ),
        defaults.mg_intake_ref,
    );
    let ca = c.optional_number(
        &p.ca_intake_mg_per_day,
        "population.ca_intake_mg_per_day",
        (0.0, 5_000.0, "mg/day"),
        900.0,
    );
    let weight = c.optional_number(
        &p.body_weight_kg,
        "population.body_weight_kg",
        (20.0, 300.0, "kg"),
        70.0,
    );
    let kidney = c.optional_number(
        &p.kidney_mg_factor,
        "population.kidney_mg_factor",
        (0.1, 10.0, "(1 = typical kidney function)"),
        1.0,
    );
    Some(Population {
        subjects: subjects?,
        vitamin_d_input_iu_per_day: vitamin_d?,
        mg_intake_mg_per_day: mg?,
        ca_intake_mg_per_day: ca?,
        body_weight_kg: weight?,
        kidney_mg_factor: kidney?,
    })
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
        if let Some(name) = name {
            arms.push(Arm {
                label: arm
                    .label
                    .as_ref()
                    .map_or(name.clone(), |l| l.get_ref().clone()),
                name,
                regimens,
                intake_changes,
            });
        }
    }
    arms
}

#[derive(Clone, Copy)]
enum Substance {
    VitaminD(VitaminDForm),
    Magnesium,
}

#[derive(Clone, Copy, PartialEq)]
enum ScheduleKind {
    Once,
    Daily,
    Weekly,
    Every,
    Days,
}

fn regimen(c: &mut Checker, raw: &S<RawRegimen>, path: &str, duration: f64) -> Option<Regimen> {
    let span = Some(raw.span());
    let r = raw.get_ref();
    let field = |name: &str| format!("{path}.{name}");
    let substance = c
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
                    ("vitamin_d3", Substance::VitaminD(VitaminDForm::D3)),
                    ("vitamin_d2", Substance::VitaminD(VitaminDForm::D2)),
                    ("magnesium", Substance::Magnesium),
                ],
            )
        });
    let amount = c.required(
        &r.amount,
        &field("amount"),
        span.clone(),
        "the dose: IU of vitamin D or mg of elemental magnesium",
    );
    let dose = match substance {
        Some(Substance::VitaminD(form)) => {
            c.not_used(&r.form, &field("form"), "applies to magnesium only; for vitamin D choose substance = \"vitamin_d3\" or \"vitamin_d2\"");
            amount
                .and_then(|a| {
                    c.number(
                        a,
                        &field("amount"),
                        0.0,
                        MAX_VITAMIN_D_DOSE_IU,
                        "IU per dose",
                    )
                })
                .map(|iu| Dose::VitaminD { iu, form })
        }
        Some(Substance::Magnesium) => {
            let form = match &r.form {
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
            };
            let mg = amount.and_then(|a| {
                c.number(
                    a,
                    &field("amount"),
                    0.0,
                    MAX_MAGNESIUM_DOSE_MG,
                    "mg of elemental magnesium per dose",
                )
            });
            mg.zip(form).map(|(mg, form)| Dose::Magnesium { mg, form })
        }
        None => None,
    };

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
    Some(Regimen {
        dose: dose?,
        schedule: schedule?,
    })
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
    settings
}
