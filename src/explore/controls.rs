//! The page's controls: each one a value of the scenario, named by its TOML path (the path a
//! `--set` option takes), so that whatever the page sends is applied and checked exactly as a
//! `--set PATH=VALUE` on the command line would be.
//!
//! Controls are found in the scenario as written: every regimen's amount (or its dose rule's
//! numbers) and schedule, the cohort's size, vitamin D input and Mg intake, the sampling step, and
//! the model parameters of the teaching points (the Mg gates' steepness and half-activations,
//! CYP24A1's induction) plus any named with `--param`.

use crate::model::Parameters;
use crate::scenario::problem::format_number;
use crate::scenario::{Scenario, SetOption};
use serde::Serialize;
use std::collections::BTreeMap;
use toml::{Table, Value};

/// The model parameters every page offers: the steepness of the Mg gates, the half-activations
/// of CYP2R1, CYP27B1 and CYP24A1, and the strength of CYP24A1's induction by 25(OH)D.
pub const TEACHING_PARAMETERS: [&str; 5] = ["n_gate", "k_2r1", "k_27b1", "k_24a1", "emax_24"];

/// Largest cohort the page simulates, so that it answers within seconds (`mgate run` has no such
/// limit).
pub const MAX_PAGE_SUBJECTS: u64 = 10_000;

/// Dosing schedules a regimen's schedule control offers. `once` and `days` schedules are shown
/// but not changed (their days are a list).
pub const SCHEDULES: [&str; 3] = ["daily", "weekly", "every"];

/// What kind of input a control is.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Input {
    /// A number, with a slider over `min..=max` (the number box accepts any value; validation
    /// decides).
    Number {
        /// Left end of the slider.
        min: f64,
        /// Right end of the slider.
        max: f64,
        /// Slider step.
        step: f64,
    },
    /// One of a few words.
    Choice {
        /// The words offered.
        options: Vec<String>,
    },
}

/// One control of the page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Control {
    /// TOML path of the value, e.g. `arms.mag.regimens.0.amount`.
    pub path: String,
    /// Heading the control is shown under (an arm's label, `Cohort`, `Model parameters`).
    pub group: String,
    /// What the value is.
    pub label: String,
    /// Unit of the value (empty when it has none).
    pub unit: String,
    /// Value in the scenario as the page starts (the file and the command line's `--set`).
    pub value: String,
    /// How it is entered.
    #[serde(flatten)]
    pub input: Input,
    /// Shown only while the control at this path has this value (an interval only for `every`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shown_when: Option<(String, String)>,
}

/// A value from the page that cannot become an override, with the control's path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{path}`: {message}")]
pub struct ControlError {
    /// Path the page sent.
    pub path: String,
    /// What is wrong and what would be valid.
    pub message: String,
}

/// A parameter name given with `--param` that the model does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "--param {name}: unknown model parameter{suggestion}; `mgate explain` lists the parameters"
)]
pub struct UnknownParameter {
    /// The name as given.
    pub name: String,
    /// A " (did you mean …?)" suffix, or nothing.
    pub suggestion: String,
}

/// The controls of a scenario (checked, with its resolved text), with `extra` parameters after
/// the teaching ones.
pub fn controls_of(
    scenario: &Scenario,
    extra: &[String],
) -> Result<Vec<Control>, UnknownParameter> {
    // The scenario has been checked, so its resolved text is valid TOML of the known shape;
    // anything unexpected only means fewer controls.
    let table: Table = scenario.resolved_toml.parse().unwrap_or_default();
    let mut controls = Vec::new();
    arm_controls(scenario, &table, &mut controls);
    cohort_controls(scenario, &table, &mut controls);
    parameter_controls(scenario, extra, &mut controls)?;
    Ok(controls)
}

/// A slider from 0 to a round number well above `value`.
fn amount_slider(value: f64, floor: f64) -> Input {
    let max = nice_ceiling((2.0 * value).max(floor));
    Input::Number {
        min: 0.0,
        max,
        step: max / 200.0,
    }
}

/// The smallest of 1, 2, 2.5, 5 times a power of ten that is at least `value`.
fn nice_ceiling(value: f64) -> f64 {
    if !(value.is_finite() && value > 0.0) {
        return 1.0;
    }
    let power = 10f64.powf(value.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|&v| v >= value * (1.0 - 1e-12))
        .unwrap_or(10.0 * power)
}

fn number(item: Option<&Value>) -> Option<f64> {
    match item? {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

fn arm_controls(scenario: &Scenario, table: &Table, controls: &mut Vec<Control>) {
    let Some(arms) = table.get("arms").and_then(Value::as_array) else {
        return;
    };
    for (arm, raw_arm) in scenario.arms.iter().zip(arms) {
        let regimens = raw_arm
            .get("regimens")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        for (index, regimen) in regimens.iter().enumerate() {
            let base = format!("arms.{}.regimens.{index}", arm.name);
            let substance = regimen.get("substance").and_then(Value::as_str);
            let (what, unit, floor) = match substance {
                Some("magnesium") => ("Mg", "mg", 1000.0),
                Some("vitamin_d2") => ("vitamin D2", "IU", 10_000.0),
                _ => ("vitamin D3", "IU", 10_000.0),
            };
            let group = arm.label.clone();
            let kind = regimen
                .get("schedule")
                .and_then(Value::as_str)
                .unwrap_or("");
            // Weekly and sparser doses are larger.
            let floor = if kind == "daily" { floor } else { floor * 10.0 };
            if let Some(amount) = number(regimen.get("amount")) {
                controls.push(Control {
                    path: format!("{base}.amount"),
                    group: group.clone(),
                    label: format!("{what} per dose"),
                    unit: unit.into(),
                    value: format_number(amount),
                    input: amount_slider(amount, floor),
                    shown_when: None,
                });
            }
            if let Some(rule) = regimen.get("rule").and_then(Value::as_str) {
                for (key, label) in [
                    ("target_ratio", "target Ca:Mg ratio of the diet"),
                    ("amount_per_kg", "amount per kg of body weight"),
                    ("cap", "largest amount per dose"),
                ] {
                    if let Some(value) = number(regimen.get(key)) {
                        controls.push(Control {
                            path: format!("{base}.{key}"),
                            group: group.clone(),
                            label: format!("{what} ({rule}): {label}"),
                            unit: if key == "target_ratio" { "" } else { unit }.into(),
                            value: format_number(value),
                            input: amount_slider(value, 1.0),
                            shown_when: None,
                        });
                    }
                }
            }
            schedule_controls(scenario, regimen, &base, &group, what, controls);
        }
    }
}

/// A regimen's schedule: its kind (daily, weekly, every N days), N, and the first and last
/// dosing days.
fn schedule_controls(
    scenario: &Scenario,
    regimen: &Value,
    base: &str,
    group: &str,
    what: &str,
    controls: &mut Vec<Control>,
) {
    let kind = regimen
        .get("schedule")
        .and_then(Value::as_str)
        .unwrap_or("");
    if !SCHEDULES.contains(&kind) {
        return;
    }
    let duration = scenario.duration_days;
    let interval = match kind {
        "daily" => Some(1.0),
        "weekly" => Some(7.0),
        _ => number(regimen.get("interval_days")),
    };
    let schedule_path = format!("{base}.schedule");
    controls.push(Control {
        path: schedule_path.clone(),
        group: group.into(),
        label: format!("{what} schedule"),
        unit: String::new(),
        value: kind.into(),
        input: Input::Choice {
            options: SCHEDULES.iter().map(|s| s.to_string()).collect(),
        },
        shown_when: None,
    });
    let day_slider = Input::Number {
        min: 0.0,
        max: duration,
        step: 1.0,
    };
    controls.push(Control {
        path: format!("{base}.interval_days"),
        group: group.into(),
        label: format!("{what}: days between doses"),
        unit: "days".into(),
        value: format_number(interval.unwrap_or(1.0)),
        input: Input::Number {
            min: 1.0,
            max: 28.0_f64.min(duration).max(1.0),
            step: 1.0,
        },
        shown_when: Some((schedule_path, "every".into())),
    });
    for (key, label, default) in [
        ("start_day", "first dose on day", 0.0),
        ("stop_day", "no doses from day", duration),
    ] {
        controls.push(Control {
            path: format!("{base}.{key}"),
            group: group.into(),
            label: format!("{what}: {label}"),
            unit: "day".into(),
            value: format_number(number(regimen.get(key)).unwrap_or(default)),
            input: day_slider.clone(),
            shown_when: None,
        });
    }
}

fn cohort_controls(scenario: &Scenario, table: &Table, controls: &mut Vec<Control>) {
    let group = "Cohort".to_string();
    let population = table.get("population").and_then(Value::as_table);
    controls.push(Control {
        path: "population.subjects".into(),
        group: group.clone(),
        label: "subjects".into(),
        unit: String::new(),
        value: scenario.population.subjects.to_string(),
        input: Input::Number {
            min: 10.0,
            max: 1000.0,
            step: 10.0,
        },
        shown_when: None,
    });
    for (key, label, unit, floor) in [
        (
            "vitamin_d_input_iu_per_day",
            "vitamin D input (diet + skin)",
            "IU/day",
            10_000.0,
        ),
        ("mg_intake_mg_per_day", "Mg intake (diet)", "mg/day", 600.0),
    ] {
        let written = population.and_then(|p| p.get(key));
        // A number, the centre of a distribution, or (absent) the default.
        let (path, label, value) = match written {
            Some(Value::Table(spec)) => {
                let centre = ["median", "mean"]
                    .into_iter()
                    .find_map(|c| number(spec.get(c)).map(|v| (c, v)));
                let Some((centre, value)) = centre else {
                    continue;
                };
                (
                    format!("population.{key}.{centre}"),
                    format!("{label}, {centre} of the cohort"),
                    value,
                )
            }
            Some(other) => match number(Some(other)) {
                Some(value) => (format!("population.{key}"), label.to_string(), value),
                None => continue,
            },
            None => {
                let default = if key == "mg_intake_mg_per_day" {
                    Parameters::default().mg_intake_ref
                } else {
                    Parameters::default().vitd_input_ref
                };
                (format!("population.{key}"), label.to_string(), default)
            }
        };
        controls.push(Control {
            path,
            group: group.clone(),
            label,
            unit: unit.into(),
            value: format_number(value),
            input: amount_slider(value, floor),
            shown_when: None,
        });
    }
    let simulation = table.get("simulation").and_then(Value::as_table);
    if simulation.is_none_or(|s| s.get("sample_days").is_none()) {
        let step = scenario
            .sample_days
            .get(1)
            .map_or(scenario.duration_days, |d| d - scenario.sample_days[0]);
        controls.push(Control {
            path: "simulation.sample_every_days".into(),
            group,
            label: "sample every".into(),
            unit: "days".into(),
            value: format_number(step),
            input: Input::Number {
                min: 1.0,
                max: 28.0_f64.min(scenario.duration_days).max(1.0),
                step: 1.0,
            },
            shown_when: None,
        });
    }
}

fn parameter_controls(
    scenario: &Scenario,
    extra: &[String],
    controls: &mut Vec<Control>,
) -> Result<(), UnknownParameter> {
    let mut names: Vec<&str> = TEACHING_PARAMETERS.to_vec();
    for name in extra {
        if Parameters::info(name).is_none() {
            return Err(UnknownParameter {
                name: crate::printable(name).into_owned(),
                suggestion: crate::scenario::problem::suggestion(name, Parameters::names()),
            });
        }
        if !names.contains(&name.as_str()) {
            names.push(name);
        }
    }
    for name in names {
        let Some(info) = Parameters::info(name) else {
            continue;
        };
        let value = info.get(&scenario.parameters);
        controls.push(Control {
            path: format!("parameters.{name}"),
            group: "Model parameters".into(),
            label: name.into(),
            unit: if info.unit == "1" { "" } else { info.unit }.into(),
            value: format_number(value),
            input: parameter_slider(value, info.min, info.max),
            shown_when: None,
        });
    }
    Ok(())
}

/// A slider from about a quarter to four times the value, inside the parameter's valid range,
/// in about 200 round steps (so that a slider gives values such as 2.35, not 2.3165).
fn parameter_slider(value: f64, valid_min: f64, valid_max: f64) -> Input {
    let (low, high) = if value > 0.0 {
        ((value / 4.0).max(valid_min), (value * 4.0).min(valid_max))
    } else {
        (valid_min, valid_max.min(valid_min + 1.0))
    };
    let raw = (high - low) / 200.0;
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|&s| s >= raw * (1.0 - 1e-12))
        .unwrap_or(10.0 * power);
    let round = |v: f64| (v / step).round() * step;
    Input::Number {
        min: round((low / step).ceil() * step),
        max: round((high / step).floor() * step),
        step,
    }
}

/// The `--set` options that stand for the values the page sent (path → value, only those that
/// differ from the page's start). A schedule written as `every` keeps that form (daily is
/// `every` 1 day), so that a key the file has never becomes one that does not apply; an interval
/// is sent only for `every`. Each option's `raw` is `--set PATH=VALUE`, the command-line option
/// a user would type for the same change.
pub fn overrides(
    controls: &[Control],
    values: &BTreeMap<String, String>,
) -> Result<Vec<SetOption>, Vec<ControlError>> {
    let mut problems = Vec::new();
    for path in values.keys() {
        if !controls.iter().any(|c| &c.path == path) {
            problems.push(ControlError {
                path: crate::printable(path).into_owned(),
                message: "not a control of this page".into(),
            });
        }
    }
    for (path, value) in values {
        if let Err(message) = crate::scenario::overrides::refuse_control_characters(value) {
            problems.push(ControlError {
                path: path.clone(),
                message,
            });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let current = |path: &str| -> Option<&str> {
        values.get(path).map(String::as_str).or_else(|| {
            controls
                .iter()
                .find(|c| c.path == path)
                .map(|c| c.value.as_str())
        })
    };
    let option = |path: &str, value: &str| SetOption {
        path: path.split('.').map(String::from).collect(),
        value: value.to_string(),
        raw: format!("--set {path}={value}"),
    };
    let mut set = Vec::new();
    for control in controls {
        let path = control.path.as_str();
        if let Some(base) = path.strip_suffix(".schedule") {
            let written = control.value.as_str();
            let chosen = current(path).unwrap_or(written);
            let interval_path = format!("{base}.interval_days");
            let interval = match chosen {
                "daily" => "1",
                "weekly" => "7",
                _ => current(&interval_path).unwrap_or("1"),
            };
            if written == "every" || chosen == "every" {
                let written_interval = controls
                    .iter()
                    .find(|c| c.path == interval_path)
                    .map(|c| c.value.as_str());
                if written != "every" {
                    set.push(option(path, "every"));
                }
                if written != "every" || written_interval != Some(interval) {
                    set.push(option(&interval_path, interval));
                }
            } else if chosen != written {
                set.push(option(path, chosen));
            }
        } else if path.ends_with(".interval_days") {
            // Sent with its schedule, above.
        } else if let Some(value) = values.get(path)
            && *value != control.value
        {
            set.push(option(path, value));
        }
    }
    Ok(set)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(text: &str) -> Scenario {
        crate::scenario::parse(text, "test.toml", &[]).unwrap()
    }

    const SCENARIO: &str = r#"
name = "t"
[simulation]
duration_days = 28
[population]
subjects = 20
mg_intake_mg_per_day = { distribution = "normal", mean = 260, sd = 50 }
[[arms]]
name = "placebo"
[[arms]]
name = "mag"
[[arms.regimens]]
substance = "magnesium"
amount = 400
schedule = "daily"
[[arms]]
name = "vitd"
[[arms.regimens]]
substance = "vitamin_d3"
amount = 7000
schedule = "every"
interval_days = 3
"#;

    fn values(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(p, v)| (p.to_string(), v.to_string()))
            .collect()
    }

    fn options(set: &[SetOption]) -> Vec<String> {
        set.iter().map(|o| o.raw.clone()).collect()
    }

    #[test]
    fn controls_name_the_values_of_the_file() {
        let controls = controls_of(&scenario(SCENARIO), &["h_24".into()]).unwrap();
        let paths: Vec<&str> = controls.iter().map(|c| c.path.as_str()).collect();
        for path in [
            "arms.mag.regimens.0.amount",
            "arms.mag.regimens.0.schedule",
            "arms.vitd.regimens.0.interval_days",
            "population.subjects",
            "population.mg_intake_mg_per_day.mean",
            "population.vitamin_d_input_iu_per_day",
            "simulation.sample_every_days",
            "parameters.n_gate",
            "parameters.k_24a1",
            "parameters.h_24",
        ] {
            assert!(paths.contains(&path), "{path} missing from {paths:?}");
        }
        let amount = controls
            .iter()
            .find(|c| c.path == "arms.mag.regimens.0.amount")
            .unwrap();
        assert_eq!(amount.value, "400");
        assert!(matches!(amount.input, Input::Number { max: 1000.0, .. }));
        let error = controls_of(&scenario(SCENARIO), &["h24".into()]).unwrap_err();
        assert!(error.to_string().contains("did you mean `h_24`"), "{error}");
    }

    #[test]
    fn only_changed_values_become_overrides() {
        let controls = controls_of(&scenario(SCENARIO), &[]).unwrap();
        let set = overrides(
            &controls,
            &values(&[
                ("arms.mag.regimens.0.amount", "0"),
                ("parameters.n_gate", "4.53"),
            ]),
        )
        .unwrap();
        assert_eq!(options(&set), ["--set arms.mag.regimens.0.amount=0"]);
        let refused = overrides(&controls, &values(&[("simulation.seed", "3")])).unwrap_err();
        assert_eq!(refused[0].path, "simulation.seed");
    }

    #[test]
    fn schedules_keep_the_form_the_file_wrote() {
        let controls = controls_of(&scenario(SCENARIO), &[]).unwrap();
        let to_every = overrides(
            &controls,
            &values(&[
                ("arms.mag.regimens.0.schedule", "every"),
                ("arms.mag.regimens.0.interval_days", "2"),
            ]),
        )
        .unwrap();
        assert_eq!(
            options(&to_every),
            [
                "--set arms.mag.regimens.0.schedule=every",
                "--set arms.mag.regimens.0.interval_days=2"
            ]
        );
        let to_weekly = overrides(
            &controls,
            &values(&[("arms.vitd.regimens.0.schedule", "weekly")]),
        )
        .unwrap();
        assert_eq!(
            options(&to_weekly),
            ["--set arms.vitd.regimens.0.interval_days=7"]
        );
        let interval_only = overrides(
            &controls,
            &values(&[("arms.mag.regimens.0.interval_days", "3")]),
        )
        .unwrap();
        assert!(interval_only.is_empty(), "{interval_only:?}");
        // Each result is a valid scenario.
        for set in [to_every, to_weekly] {
            crate::scenario::parse(SCENARIO, "test.toml", &set).unwrap();
        }
    }

    #[test]
    fn parameter_sliders_move_in_round_steps_inside_the_valid_range() {
        let Input::Number { min, max, step } = parameter_slider(2.32, 0.05, 10.0) else {
            panic!("a number");
        };
        assert_eq!(step, 0.05);
        assert!(
            (min - 0.6).abs() < 1e-12 && (max - 9.25).abs() < 1e-12,
            "{min} {max}"
        );
        let Input::Number { min, max, .. } = parameter_slider(4.53, 0.5, 10.0) else {
            panic!("a number");
        };
        assert!(min >= 0.5 && max <= 10.0);
    }

    #[test]
    fn sliders_end_at_round_numbers() {
        assert_eq!(nice_ceiling(800.0), 1000.0);
        assert_eq!(nice_ceiling(2000.0), 2000.0);
        assert_eq!(nice_ceiling(2100.0), 2500.0);
        assert_eq!(nice_ceiling(0.0), 1.0);
    }
}
