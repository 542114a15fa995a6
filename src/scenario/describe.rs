//! What an arm gives, in words generated from its regimens (never from its label), and the labels
//! of arms that `--set` changed.
//!
//! A scenario's own arm label is text the author wrote for the file as written: once `--set`
//! changes the arm's regimens, the label alone would describe a different arm. The label then
//! says what was set (`D3 1,000 IU/day (amount set to 4000)`), and every table of the handout
//! shows the generated description beside it, so what a reader sees is what was simulated.

use super::{Amount, Arm, IntakeChange, RegimenSpec, SetOption, Substance};
use crate::simulate::Schedule;

/// A number for reading: whole numbers with thousands separators (`4,000`), others with up to
/// three decimals and no trailing zeros (`2.5`, `0.125`).
pub fn number(value: f64) -> String {
    if value.is_finite() && value.fract() == 0.0 && value.abs() < 1e15 {
        let grouped = super::problem::thousands(value.abs() as usize);
        if value < 0.0 {
            format!("-{grouped}")
        } else {
            grouped
        }
    } else if value.is_finite() {
        let text = format!("{value:.3}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        value.to_string()
    }
}

/// Days as read: `day 7`, `day 2.5`.
fn day(value: f64) -> String {
    format!("day {}", number(value))
}

/// How much, with its unit: `4,000 IU`, `5 mg/kg (at most 400 mg)`.
fn amount(amount: &Amount, unit: &str) -> String {
    let cap = |cap: &Option<f64>| {
        cap.map_or(String::new(), |c| {
            format!(" (at most {} {unit})", number(c))
        })
    };
    match amount {
        Amount::Fixed(value) => format!("{} {unit}", number(*value)),
        Amount::PerKg { per_kg, cap: c } => {
            format!("{} {unit}/kg body weight{}", number(*per_kg), cap(c))
        }
        Amount::CaMgRatio {
            target_ratio,
            cap: c,
        } => format!(
            "{unit} to bring the diet's Ca:Mg ratio to {}{}",
            number(*target_ratio),
            cap(c)
        ),
        Amount::Ohd25Bands { bands, otherwise } => {
            let mut parts: Vec<String> = bands
                .iter()
                .map(|(below, value)| {
                    format!("{} {unit} below {} ng/mL", number(*value), number(*below))
                })
                .collect();
            parts.push(format!("{} {unit} otherwise", number(*otherwise)));
            format!("by baseline 25(OH)D: {}", parts.join(", "))
        }
    }
}

/// When: `daily`, `weekly from day 238`, `every 3 days from day 0 to day 84`, `once on day 0`.
fn schedule(schedule: &Schedule, duration_days: f64) -> String {
    match schedule {
        Schedule::Once { day: d } => format!("once on {}", day(*d)),
        Schedule::OnDays { days } => {
            let listed: Vec<String> = days.iter().map(|d| number(*d)).collect();
            format!("on days {}", listed.join(", "))
        }
        Schedule::Every {
            interval_days,
            start_day,
            stop_day,
        } => {
            let every = if *interval_days == 1.0 {
                "daily".to_string()
            } else if *interval_days == 7.0 {
                "weekly".to_string()
            } else {
                format!("every {} days", number(*interval_days))
            };
            let from = (*start_day != 0.0).then(|| format!(" from {}", day(*start_day)));
            let until = (*stop_day < duration_days).then(|| format!(" until {}", day(*stop_day)));
            format!(
                "{every}{}{}",
                from.unwrap_or_default(),
                until.unwrap_or_default()
            )
        }
    }
}

/// One regimen: `vitamin D3 4,000 IU daily`, `Mg glycinate 360 mg daily from day 182`.
pub fn regimen(spec: &RegimenSpec, duration_days: f64) -> String {
    let (what, unit) = match spec.substance {
        Substance::VitaminD(form) => (format!("vitamin {}", form.name().to_uppercase()), "IU"),
        Substance::Magnesium(form) => (format!("Mg {}", form.name()), "mg"),
    };
    format!(
        "{what} {} {}",
        amount(&spec.amount, unit),
        schedule(&spec.schedule, duration_days)
    )
}

/// One change of background intake: `from day 0: diet Mg 80 mg/day`.
fn intake_change(change: &IntakeChange) -> String {
    let mut parts = Vec::new();
    if let Some(d) = change.vitamin_d_input_iu_per_day {
        parts.push(format!("vitamin D input {} IU/day", number(d)));
    }
    if let Some(m) = change.mg_intake_mg_per_day {
        parts.push(format!("diet Mg {} mg/day", number(m)));
    }
    format!("from {}: {}", day(change.day), parts.join(", "))
}

/// What the arm gives, generated from its regimens and intake changes: `vitamin D3 1,000 IU
/// daily; Mg glycinate 360 mg daily`, or `nothing` for an arm without either.
pub fn arm(arm: &Arm, duration_days: f64) -> String {
    let parts: Vec<String> = arm
        .intake_changes
        .iter()
        .map(intake_change)
        .chain(arm.regimens.iter().map(|r| regimen(r, duration_days)))
        .collect();
    if parts.is_empty() {
        "nothing".to_string()
    } else {
        parts.join("; ")
    }
}

/// The index of the arm an option changes (`arms.NAME.…` or `arms.INDEX.…`) and the rest of its
/// path, if it changes one.
fn arm_of<'a>(option: &'a SetOption, arms: &[Arm]) -> Option<(usize, &'a [String])> {
    let [first, key, rest @ ..] = option.path.as_slice() else {
        return None;
    };
    if first != "arms" || rest.is_empty() {
        return None;
    }
    // As `--set` resolves it: an index first, else a name.
    let index = match key.parse::<usize>() {
        Ok(i) => (i < arms.len()).then_some(i)?,
        Err(_) => arms.iter().position(|a| &a.name == key)?,
    };
    Some((index, rest))
}

/// What an option set in its arm, as said in a label: `amount set to 4000`, or `regimen 2
/// amount set to 4000` when the arm has more than one regimen.
fn change(rest: &[String], value: &str, regimens: usize) -> String {
    let what = match rest {
        [list, index, key, ..] if list == "regimens" && regimens > 1 => {
            let n = index
                .parse::<usize>()
                .map_or(index.clone(), |i| (i + 1).to_string());
            format!("regimen {n} {key}")
        }
        [list, _, key, ..] if list == "regimens" => key.clone(),
        [list, index, key, ..] if list == "intake_changes" => {
            let n = index
                .parse::<usize>()
                .map_or(index.clone(), |i| (i + 1).to_string());
            format!("intake change {n} {key}")
        }
        _ => rest.join("."),
    };
    format!("{what} set to {}", value.trim_matches('"'))
}

/// Appends to the label of each arm a `--set` option changed what the option set, unless the
/// option set the label itself: `D3 1,000 IU/day (amount set to 4000)`.
pub fn mark_changed_arms(arms: &mut [Arm], options: &[SetOption]) {
    let mut changes: Vec<Vec<String>> = vec![Vec::new(); arms.len()];
    let mut labelled = vec![false; arms.len()];
    for option in options {
        let Some((index, rest)) = arm_of(option, arms) else {
            continue;
        };
        match rest {
            [key] if key == "label" => labelled[index] = true,
            [key] if key == "name" => {}
            _ => changes[index].push(change(rest, &option.value, arms[index].regimens.len())),
        }
    }
    for ((arm, changes), labelled) in arms.iter_mut().zip(changes).zip(labelled) {
        if !changes.is_empty() && !labelled {
            arm.label = format!("{} ({})", arm.label, changes.join("; "));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{ArmShare, MagnesiumForm, VitaminDForm};

    fn d3(amount: f64, schedule: Schedule) -> RegimenSpec {
        RegimenSpec {
            substance: Substance::VitaminD(VitaminDForm::D3),
            amount: Amount::Fixed(amount),
            schedule,
        }
    }

    fn arm_with(name: &str, label: &str, regimens: Vec<RegimenSpec>) -> Arm {
        Arm {
            name: name.into(),
            label: label.into(),
            share: ArmShare::Ratio(1),
            regimens,
            intake_changes: Vec::new(),
        }
    }

    #[test]
    fn numbers_read_like_a_label() {
        assert_eq!(number(4000.0), "4,000");
        assert_eq!(number(50_000.0), "50,000");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(0.125), "0.125");
        assert_eq!(number(-3.0), "-3");
    }

    #[test]
    fn regimens_are_described_from_what_they_give() {
        let weekly = d3(
            50_000.0,
            Schedule::Every {
                interval_days: 7.0,
                start_day: 238.0,
                stop_day: 322.0,
            },
        );
        assert_eq!(
            regimen(&weekly, 322.0),
            "vitamin D3 50,000 IU weekly from day 238"
        );
        let mg = RegimenSpec {
            substance: Substance::Magnesium(MagnesiumForm::Glycinate),
            amount: Amount::PerKg {
                per_kg: 4.0,
                cap: Some(400.0),
            },
            schedule: Schedule::daily(0.0, 28.0),
        };
        assert_eq!(
            regimen(&mg, 84.0),
            "Mg glycinate 4 mg/kg body weight (at most 400 mg) daily until day 28"
        );
        let none = arm_with("placebo", "Placebo", Vec::new());
        assert_eq!(arm(&none, 84.0), "nothing");
    }

    #[test]
    fn a_set_option_marks_the_label_of_the_arm_it_changed() {
        let mut arms = vec![
            arm_with("placebo", "Placebo", Vec::new()),
            arm_with(
                "vitd",
                "D3 1,000 IU/day",
                vec![d3(1000.0, Schedule::daily(0.0, 84.0))],
            ),
        ];
        let options: Vec<SetOption> = [
            "arms.vitd.regimens.0.amount=4000",
            "population.subjects=20",
            "arms.0.label=Nothing",
        ]
        .iter()
        .map(|o| o.parse().unwrap())
        .collect();
        mark_changed_arms(&mut arms, &options);
        assert_eq!(arms[0].label, "Placebo", "setting the label itself");
        assert_eq!(arms[1].label, "D3 1,000 IU/day (amount set to 4000)");
    }
}
