//! Time course: one observable over time per arm, from `summary.csv`: the median as a line in the
//! arm's colour, dash and marker, and the middle 50% of subjects (p25–p75) as a light band. All
//! bands are drawn before any median, so no band hides a median line; with the 90% range left to
//! the spaghetti plot, the bands of several arms stay apart.

use super::data::{CsvFile, Run, axis_label};
use super::style::{self, ArmStyle, DrawResult, Figure, LegendEntry, Swatch};
use super::{PlotError, PlotKind, choose_observable};
use crate::simulate::Observable;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Opacity of an arm's 50% band.
pub const BAND_OPACITY: f64 = 0.13;

/// Percentiles of one arm on one day.
#[derive(Debug, Clone, Copy, PartialEq)]
struct DayQuantiles {
    day: f64,
    p25: f64,
    p50: f64,
    p75: f64,
}

/// One arm's course.
#[derive(Debug, Clone)]
struct ArmCourse {
    label: String,
    style: ArmStyle,
    days: Vec<DayQuantiles>,
}

/// The time-course figure.
#[derive(Debug, Clone)]
pub struct TimeCourse {
    /// The observable shown.
    pub observable: Observable,
    arms: Vec<ArmCourse>,
}

impl TimeCourse {
    /// Reads `summary.csv` for one observable (default 25(OH)D).
    pub fn prepare(run: &Run, observable: Option<Observable>) -> Result<Self, PlotError> {
        let table = run.table(CsvFile::Summary)?;
        let [arm, day, obs, p25, p50, p75] =
            ["arm", "day", "observable", "p25", "p50", "p75"].map(|c| table.column(c));
        let (arm, day, obs, p25, p50, p75) = (arm?, day?, obs?, p25?, p50?, p75?);
        let mut available: Vec<Observable> = Vec::new();
        for row in 0..table.len() {
            if let Some(o) = Observable::from_name(table.text(row, obs))
                && !available.contains(&o)
            {
                available.push(o);
            }
        }
        available.sort();
        let observable =
            choose_observable(observable, &available, table.path(), PlotKind::TimeCourse)?;
        let rows: Vec<usize> = (0..table.len())
            .filter(|&r| table.text(r, obs) == observable.name())
            .collect();
        let arms = run.arms_in(rows.iter().map(|&r| table.text(r, arm)));
        let mut courses = Vec::new();
        for (index, a) in arms.iter().enumerate() {
            let mut days = Vec::new();
            for &r in rows.iter().filter(|&&r| table.text(r, arm) == a.name) {
                days.push(DayQuantiles {
                    day: table.number(r, day)?,
                    p25: table.number(r, p25)?,
                    p50: table.number(r, p50)?,
                    p75: table.number(r, p75)?,
                });
            }
            if days.is_empty() {
                continue;
            }
            days.sort_by(|x, y| x.day.total_cmp(&y.day));
            courses.push(ArmCourse {
                label: a.label.clone(),
                style: style::arm_style(index),
                days,
            });
        }
        Ok(Self {
            observable,
            arms: courses,
        })
    }
}

impl Figure for TimeCourse {
    fn subtitle(&self) -> String {
        format!(
            "{} over time: median (line) and middle 50% of subjects (band), per arm",
            self.observable.label()
        )
    }

    fn legend(&self) -> Vec<LegendEntry> {
        let mut entries = vec![LegendEntry::heading("Arms: median and p25–p75 band")];
        for arm in &self.arms {
            entries.push(LegendEntry::new(Swatch::Arm(arm.style), arm.label.clone()));
        }
        entries
    }

    fn caption(&self) -> String {
        let unit = match self.observable.unit() {
            "1" => String::new(),
            unit => format!(" {unit}"),
        };
        let last: Vec<(&str, DayQuantiles)> = self
            .arms
            .iter()
            .filter_map(|a| a.days.last().map(|d| (a.label.as_str(), *d)))
            .collect();
        let Some(day) = last.iter().map(|l| l.1.day).reduce(f64::max) else {
            return "No arm has data to draw.".to_string();
        };
        let value = |v: f64| format!("{}{unit}", style::tick(&v));
        let finish = if last.len() <= 3 {
            let parts: Vec<String> = last
                .iter()
                .map(|(label, d)| format!("{} in {label}", value(d.p50)))
                .collect();
            super::data::and_list(&parts)
        } else {
            let highest = last.iter().max_by(|a, b| a.1.p50.total_cmp(&b.1.p50));
            let lowest = last.iter().min_by(|a, b| a.1.p50.total_cmp(&b.1.p50));
            match (highest, lowest) {
                (Some(h), Some(l)) => format!(
                    "highest in {} ({}) and lowest in {} ({})",
                    h.0,
                    value(h.1.p50),
                    l.0,
                    value(l.1.p50)
                ),
                _ => String::new(),
            }
        };
        format!(
            "On day {}, the median {} is {finish}. Each band holds the middle half of the arm's subjects.",
            style::tick(&day),
            self.observable.label()
        )
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let all = || self.arms.iter().flat_map(|a| a.days.iter());
        let x = day_range(all().map(|d| d.day));
        let y = style::padded_range(all().flat_map(|d| [d.p25, d.p75, d.p50]));
        let mut chart = style::chart(area, x, y, false)?;
        style::draw_mesh(&mut chart, "day", &axis_label(self.observable))?;
        for arm in &self.arms {
            let outline: Vec<(f64, f64)> = arm
                .days
                .iter()
                .map(|d| (d.day, d.p75))
                .chain(arm.days.iter().rev().map(|d| (d.day, d.p25)))
                .collect();
            chart.draw_series(std::iter::once(Polygon::new(
                outline,
                arm.style.colour.mix(BAND_OPACITY).filled(),
            )))?;
        }
        for (index, arm) in self.arms.iter().enumerate() {
            let medians: Vec<(f64, f64)> = arm.days.iter().map(|d| (d.day, d.p50)).collect();
            style::draw_arm_line(&mut chart, &medians, arm.style, 3, 8, index)?;
        }
        Ok(())
    }
}

/// The x range of a time axis: exactly the sampled days (a single day gets a small window).
pub fn day_range(days: impl IntoIterator<Item = f64>) -> (f64, f64) {
    let (mut low, mut high) = (f64::INFINITY, f64::NEG_INFINITY);
    for day in days {
        low = low.min(day);
        high = high.max(day);
    }
    if !low.is_finite() {
        (0.0, 1.0)
    } else if high - low < 1e-9 {
        (low - 1.0, high + 1.0)
    } else {
        (low, high)
    }
}
