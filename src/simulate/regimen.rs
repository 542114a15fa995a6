//! Regimens as events: oral vitamin D and magnesium doses on a schedule, and background intakes
//! that may change on given days.
//!
//! A regimen is expanded once per subject into a sorted list of [`DoseEvent`]s; the simulator stops
//! the integrator exactly at each event day and applies every dose of that day.

use crate::model::{Intake, Parameters, UG_PER_IU};

/// Form of an oral vitamin D dose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VitaminDForm {
    /// Cholecalciferol; the model's reference form.
    D3,
    /// Ergocalciferol; counted as `d2_potency` µg of D3 per µg (a toy assumption).
    D2,
}

/// Chemical form of a magnesium supplement, each with a relative bioavailability parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MagnesiumForm {
    /// Magnesium oxide (`mg_bio_oxide`).
    Oxide,
    /// Magnesium citrate (`mg_bio_citrate`).
    Citrate,
    /// Magnesium glycinate (bisglycinate) (`mg_bio_glycinate`).
    Glycinate,
    /// Magnesium chloride (`mg_bio_chloride`).
    Chloride,
}

impl VitaminDForm {
    /// Every form, for listing valid names.
    pub const ALL: [Self; 2] = [Self::D3, Self::D2];

    /// The name used in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            Self::D3 => "d3",
            Self::D2 => "d2",
        }
    }

    /// µg of D3-equivalent that reach the gut per IU of this form.
    pub fn ug_d3_per_iu(self, parameters: &Parameters) -> f64 {
        match self {
            Self::D3 => UG_PER_IU,
            Self::D2 => UG_PER_IU * parameters.d2_potency,
        }
    }
}

impl MagnesiumForm {
    /// Every form, for listing valid names.
    pub const ALL: [Self; 4] = [Self::Oxide, Self::Citrate, Self::Glycinate, Self::Chloride];

    /// The name used in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            Self::Oxide => "oxide",
            Self::Citrate => "citrate",
            Self::Glycinate => "glycinate",
            Self::Chloride => "chloride",
        }
    }

    /// Fraction of the elemental dose that enters the absorbable gut pool (toy assumption).
    pub fn relative_bioavailability(self, parameters: &Parameters) -> f64 {
        match self {
            Self::Oxide => parameters.mg_bio_oxide,
            Self::Citrate => parameters.mg_bio_citrate,
            Self::Glycinate => parameters.mg_bio_glycinate,
            Self::Chloride => parameters.mg_bio_chloride,
        }
    }
}

/// What is given at each dosing time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Dose {
    /// Oral vitamin D in international units.
    VitaminD {
        /// Amount, IU.
        iu: f64,
        /// D3 or D2.
        form: VitaminDForm,
    },
    /// Oral magnesium in mg of elemental Mg.
    Magnesium {
        /// Amount of elemental Mg, mg.
        mg: f64,
        /// Chemical form.
        form: MagnesiumForm,
    },
}

/// When doses are given. Days are counted from the start of the simulation (day 0).
#[derive(Debug, Clone, PartialEq)]
pub enum Schedule {
    /// One dose on the given day.
    Once {
        /// Day of the dose.
        day: f64,
    },
    /// A dose every `interval_days`, at `start_day`, `start_day + interval_days`, … while the day
    /// is before `stop_day` (daily: 1, weekly: 7). The value for dose `i` is computed as
    /// `start_day + i · interval_days`, never by accumulation.
    Every {
        /// Days between doses (> 0).
        interval_days: f64,
        /// Day of the first dose.
        start_day: f64,
        /// Doses are given strictly before this day.
        stop_day: f64,
    },
    /// Doses on each listed day.
    OnDays {
        /// Days of the doses, in any order.
        days: Vec<f64>,
    },
}

impl Schedule {
    /// Daily doses from `start_day` until (not including) `stop_day`.
    pub fn daily(start_day: f64, stop_day: f64) -> Self {
        Self::Every {
            interval_days: 1.0,
            start_day,
            stop_day,
        }
    }

    /// Weekly doses from `start_day` until (not including) `stop_day`.
    pub fn weekly(start_day: f64, stop_day: f64) -> Self {
        Self::Every {
            interval_days: 7.0,
            start_day,
            stop_day,
        }
    }

    /// Appends the dosing days of this schedule to `days`.
    pub fn dose_days(&self, days: &mut Vec<f64>) {
        match self {
            Self::Once { day } => days.push(*day),
            Self::Every {
                interval_days,
                start_day,
                stop_day,
            } => {
                if *interval_days > 0.0 {
                    for i in 0.. {
                        let day = start_day + f64::from(i) * interval_days;
                        if day >= *stop_day {
                            break;
                        }
                        days.push(day);
                    }
                }
            }
            Self::OnDays { days: listed } => days.extend_from_slice(listed),
        }
    }
}

/// A dose on a schedule.
#[derive(Debug, Clone, PartialEq)]
pub struct Regimen {
    /// What is given.
    pub dose: Dose,
    /// When it is given.
    pub schedule: Schedule,
}

/// Where a dose goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DoseTarget {
    /// The `d3_gut` state, µg.
    VitaminDGut,
    /// The `mg_gut` state, mg.
    MagnesiumGut,
}

/// One dose at one time, already converted into the amount that enters its gut state.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DoseEvent {
    /// Day of the dose.
    pub day: f64,
    /// Which state receives it.
    pub target: DoseTarget,
    /// Amount entering the state: µg of D3 (after `f_d` and D2 potency) or mg of Mg (after
    /// relative bioavailability).
    pub amount: f64,
    /// The amount as prescribed: IU of vitamin D or mg of elemental Mg (for datasets).
    pub prescribed: f64,
}

/// Expands regimens into dose events sorted by day (stable, so same-day doses keep their order).
/// Events before day 0 or after `end_day` are dropped.
pub fn dose_events(
    regimens: &[Regimen],
    parameters: &Parameters,
    end_day: f64,
    events: &mut Vec<DoseEvent>,
) {
    events.clear();
    let mut days = Vec::new();
    for regimen in regimens {
        days.clear();
        regimen.schedule.dose_days(&mut days);
        let (target, amount, prescribed) = match regimen.dose {
            Dose::VitaminD { iu, form } => (
                DoseTarget::VitaminDGut,
                iu * form.ug_d3_per_iu(parameters) * parameters.f_d,
                iu,
            ),
            Dose::Magnesium { mg, form } => (
                DoseTarget::MagnesiumGut,
                mg * form.relative_bioavailability(parameters),
                mg,
            ),
        };
        events.extend(
            days.iter()
                .filter(|day| (0.0..=end_day).contains(*day))
                .map(|&day| DoseEvent {
                    day,
                    target,
                    amount,
                    prescribed,
                }),
        );
    }
    events.sort_by(|a, b| a.day.total_cmp(&b.day));
}

/// Background intakes over time: a starting intake and changes from given days on.
#[derive(Debug, Clone, PartialEq)]
pub struct IntakeSchedule {
    /// Intake from day 0 (and the intake the subject's steady state is solved under).
    pub initial: Intake,
    /// `(day, intake)` pairs: from `day` on, the intake is `intake`. Sorted by day.
    pub changes: Vec<(f64, Intake)>,
}

impl IntakeSchedule {
    /// A constant intake.
    pub fn constant(intake: Intake) -> Self {
        Self {
            initial: intake,
            changes: Vec::new(),
        }
    }

    /// The intake in force on `day` (a change on `day` is already in force).
    pub fn at(&self, day: f64) -> Intake {
        self.changes
            .iter()
            .take_while(|(change_day, _)| *change_day <= day)
            .last()
            .map_or(self.initial, |(_, intake)| *intake)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn daily_schedule_counts_days_without_accumulating() {
        let mut days = Vec::new();
        Schedule::daily(0.0, 84.0).dose_days(&mut days);
        assert_eq!(days.len(), 84);
        assert_eq!(days[83], 83.0);
        days.clear();
        Schedule::Every {
            interval_days: 0.1,
            start_day: 0.0,
            stop_day: 1000.0,
        }
        .dose_days(&mut days);
        assert_eq!(days.len(), 10000);
        assert_eq!(days[9999], 9999.0 * 0.1);
    }

    #[test]
    fn events_convert_units_and_sort_stably() {
        let p = Parameters::default();
        let regimens = [
            Regimen {
                dose: Dose::Magnesium {
                    mg: 300.0,
                    form: MagnesiumForm::Oxide,
                },
                schedule: Schedule::OnDays {
                    days: vec![7.0, 0.0],
                },
            },
            Regimen {
                dose: Dose::VitaminD {
                    iu: 50_000.0,
                    form: VitaminDForm::D3,
                },
                schedule: Schedule::weekly(0.0, 14.0),
            },
        ];
        let mut events = Vec::new();
        dose_events(&regimens, &p, 100.0, &mut events);
        let days: Vec<f64> = events.iter().map(|e| e.day).collect();
        assert_eq!(days, [0.0, 0.0, 7.0, 7.0]);
        assert_eq!(events[0].target, DoseTarget::MagnesiumGut);
        assert_eq!(events[0].amount, 300.0 * p.mg_bio_oxide);
        assert_eq!(events[1].amount, 50_000.0 * UG_PER_IU * p.f_d);
    }

    #[test]
    fn intake_changes_take_effect_on_their_day() {
        let a = Intake {
            vitamin_d_iu_per_day: 1000.0,
            magnesium_mg_per_day: 300.0,
        };
        let b = Intake {
            vitamin_d_iu_per_day: 0.0,
            magnesium_mg_per_day: 100.0,
        };
        let schedule = IntakeSchedule {
            initial: a,
            changes: vec![(10.0, b)],
        };
        assert_eq!(schedule.at(9.999), a);
        assert_eq!(schedule.at(10.0), b);
    }
}
