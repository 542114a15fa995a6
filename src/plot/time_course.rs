//! Time course: one observable over time per arm, from `summary.csv`: the median as a line, the
//! middle 50% (p25–p75) and middle 90% (p5–p95) of subjects as translucent bands. All bands are
//! drawn before any median, so no band hides a median line.

use super::data::{CsvFile, Run, axis_label};
use super::style::{
    self, BAND_50_OPACITY, BAND_90_OPACITY, CHART_MARGIN_PX, DrawResult, Figure, LegendEntry,
    Swatch, X_LABEL_AREA_PX, Y_LABEL_AREA_PX,
};
use super::{PlotError, PlotKind, choose_observable};
use crate::simulate::Observable;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Percentiles of one arm on one day.
#[derive(Debug, Clone, Copy, PartialEq)]
struct DayQuantiles {
    day: f64,
    p5: f64,
    p25: f64,
    p50: f64,
    p75: f64,
    p95: f64,
}

/// One arm's course.
#[derive(Debug, Clone)]
struct ArmCourse {
    label: String,
    colour: RGBColor,
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
        let [arm, day, obs, p5, p25, p50, p75, p95] =
            ["arm", "day", "observable", "p5", "p25", "p50", "p75", "p95"].map(|c| table.column(c));
        let (arm, day, obs) = (arm?, day?, obs?);
        let (p5, p25, p50, p75, p95) = (p5?, p25?, p50?, p75?, p95?);
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
                    p5: table.number(r, p5)?,
                    p25: table.number(r, p25)?,
                    p50: table.number(r, p50)?,
                    p75: table.number(r, p75)?,
                    p95: table.number(r, p95)?,
                });
            }
            if days.is_empty() {
                continue;
            }
            days.sort_by(|x, y| x.day.total_cmp(&y.day));
            courses.push(ArmCourse {
                label: a.label.clone(),
                colour: style::arm_colour(index),
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
            "{} over time: median and spread of subjects, per arm",
            self.observable.label()
        )
    }

    fn legend(&self) -> Vec<LegendEntry> {
        let mut entries = vec![LegendEntry::heading("Arms")];
        for arm in &self.arms {
            entries.push(LegendEntry::new(
                Swatch::LineOnBand { colour: arm.colour },
                arm.label.clone(),
            ));
        }
        entries.push(LegendEntry::heading("In each arm"));
        entries.push(LegendEntry::new(
            Swatch::Line {
                colour: style::NEUTRAL,
                width: 3,
            },
            "median of the arm's subjects",
        ));
        entries.push(LegendEntry::new(
            Swatch::Band {
                colour: style::NEUTRAL,
                opacity: BAND_50_OPACITY + BAND_90_OPACITY,
            },
            "middle 50% of subjects (p25–p75)",
        ));
        entries.push(LegendEntry::new(
            Swatch::Band {
                colour: style::NEUTRAL,
                opacity: BAND_90_OPACITY,
            },
            "middle 90% of subjects (p5–p95)",
        ));
        entries
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let all = || self.arms.iter().flat_map(|a| a.days.iter());
        let (x_low, x_high) = day_range(all().map(|d| d.day));
        let (y_low, y_high) = style::padded_range(all().flat_map(|d| [d.p5, d.p95]));
        let mut chart = ChartBuilder::on(area)
            .margin(CHART_MARGIN_PX)
            .x_label_area_size(X_LABEL_AREA_PX)
            .y_label_area_size(Y_LABEL_AREA_PX)
            .build_cartesian_2d(x_low..x_high, y_low..y_high)?;
        style::draw_mesh(&mut chart, "day", &axis_label(self.observable))?;
        type Bound = fn(&DayQuantiles) -> f64;
        let bands: [(f64, Bound, Bound); 2] = [
            (BAND_90_OPACITY, |d| d.p5, |d| d.p95),
            (BAND_50_OPACITY, |d| d.p25, |d| d.p75),
        ];
        for (opacity, low, high) in bands {
            for arm in &self.arms {
                let outline: Vec<(f64, f64)> = arm
                    .days
                    .iter()
                    .map(|d| (d.day, high(d)))
                    .chain(arm.days.iter().rev().map(|d| (d.day, low(d))))
                    .collect();
                chart.draw_series(std::iter::once(Polygon::new(
                    outline,
                    arm.colour.mix(opacity).filled(),
                )))?;
            }
        }
        for arm in &self.arms {
            chart.draw_series(LineSeries::new(
                arm.days.iter().map(|d| (d.day, d.p50)),
                arm.colour.stroke_width(3),
            ))?;
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
