//! Spaghetti: one observable over time in individual subjects, from `timeseries.csv`, one panel
//! per arm on a shared y axis. Up to [`SUBJECTS_PER_ARM`] subjects per arm are drawn as thin
//! lines (spread evenly over the arm's subject ids, so the same run always shows the same
//! subjects), with the median of all the arm's subjects as a thick black line on top.

use super::data::{CsvFile, Run, axis_label, evenly_spaced, median, sort_subject_ids};
use super::style::{
    self, CHART_MARGIN_PX, DrawResult, Figure, LegendEntry, X_LABEL_AREA_PX, Y_LABEL_AREA_PX,
};
use super::time_course::day_range;
use super::{PlotError, PlotKind, choose_observable};
use crate::simulate::Observable;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use std::collections::BTreeMap;

/// Most subjects drawn per arm.
pub const SUBJECTS_PER_ARM: usize = 30;

/// Each subject's (day, value) points, by subject id.
type CoursesBySubject<'a> = BTreeMap<&'a str, Vec<(f64, f64)>>;

/// Panels per row.
const COLUMNS: usize = 3;

/// One arm's panel.
#[derive(Debug, Clone)]
struct ArmPanel {
    label: String,
    colour: RGBColor,
    subjects_in_arm: usize,
    /// The drawn subjects' courses, each sorted by day.
    courses: Vec<Vec<(f64, f64)>>,
    /// Median over all the arm's subjects, per day.
    median: Vec<(f64, f64)>,
}

/// The spaghetti figure.
#[derive(Debug, Clone)]
pub struct Spaghetti {
    /// The observable shown.
    pub observable: Observable,
    panels: Vec<ArmPanel>,
}

impl Spaghetti {
    /// Reads `timeseries.csv` for one observable (default 25(OH)D).
    pub fn prepare(run: &Run, observable: Option<Observable>) -> Result<Self, PlotError> {
        // Only the columns drawn: a large run's time series holds every observable.
        let header = run.header(CsvFile::Timeseries)?;
        let available: Vec<Observable> = Observable::ALL
            .into_iter()
            .filter(|o| header.iter().any(|h| h == o.name()))
            .collect();
        let path = run.path_of(CsvFile::Timeseries);
        let observable = choose_observable(observable, &available, &path, PlotKind::Spaghetti)?;
        let table = run.columns(
            CsvFile::Timeseries,
            &["subject", "arm", "day", observable.name()],
        )?;
        let (subject, arm, day) = (
            table.column("subject")?,
            table.column("arm")?,
            table.column("day")?,
        );
        let value = table.column(observable.name())?;
        let mut by_arm: BTreeMap<&str, CoursesBySubject> = BTreeMap::new();
        for row in 0..table.len() {
            by_arm
                .entry(table.text(row, arm))
                .or_default()
                .entry(table.text(row, subject))
                .or_default()
                .push((table.number(row, day)?, table.number(row, value)?));
        }
        if by_arm.is_empty() {
            return Err(PlotError::NoData {
                path: table.path().to_path_buf(),
                kind: PlotKind::Spaghetti,
            });
        }
        let arms = run.arms_in(by_arm.keys().copied());
        let mut panels = Vec::new();
        for (index, a) in arms.iter().enumerate() {
            let Some(subjects) = by_arm.get_mut(a.name.as_str()) else {
                continue;
            };
            for course in subjects.values_mut() {
                course.sort_by(|x, y| x.0.total_cmp(&y.0));
            }
            let mut ids: Vec<String> = subjects.keys().map(|s| s.to_string()).collect();
            sort_subject_ids(&mut ids);
            let shown = evenly_spaced(&ids, SUBJECTS_PER_ARM);
            let mut per_day: BTreeMap<i64, (f64, Vec<f64>)> = BTreeMap::new();
            for course in subjects.values() {
                for &(d, v) in course {
                    // Days keyed in millidays so that equal days from text compare equal.
                    let key = (d * 1000.0).round() as i64;
                    per_day.entry(key).or_insert((d, Vec::new())).1.push(v);
                }
            }
            panels.push(ArmPanel {
                label: a.label.clone(),
                colour: style::arm_colour(index),
                subjects_in_arm: ids.len(),
                courses: shown
                    .iter()
                    .map(|id| subjects[id.as_str()].clone())
                    .collect(),
                median: per_day
                    .into_values()
                    .map(|(d, mut values)| (d, median(&mut values)))
                    .collect(),
            });
        }
        Ok(Self { observable, panels })
    }
}

impl Figure for Spaghetti {
    fn subtitle(&self) -> String {
        format!(
            "{} in individual subjects (thin lines, up to {SUBJECTS_PER_ARM} per arm) \
             and the arm's median (black)",
            self.observable.label()
        )
    }

    fn legend(&self) -> Vec<LegendEntry> {
        Vec::new()
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let all_points = || {
            self.panels
                .iter()
                .flat_map(|p| p.courses.iter().flatten().chain(p.median.iter()))
        };
        let (x_low, x_high) = day_range(all_points().map(|p| p.0));
        let (y_low, y_high) = style::padded_range(all_points().map(|p| p.1));
        let columns = self.panels.len().clamp(1, COLUMNS);
        let rows = self.panels.len().div_ceil(columns).max(1);
        let cells = area.split_evenly((rows, columns));
        for (index, (panel, cell)) in self.panels.iter().zip(&cells).enumerate() {
            let (title_area, chart_area) = cell.split_vertically(66);
            let title_style = style::text(style::size::LEGEND, style::TEXT);
            let (width, _) = title_area.dim_in_pixel();
            let swatch_left = Y_LABEL_AREA_PX as i32 / 2;
            let text_left = swatch_left + 20;
            let lines = style::wrap(
                &title_area,
                &format!(
                    "{} ({} of {} subjects)",
                    panel.label,
                    panel.courses.len(),
                    panel.subjects_in_arm
                ),
                &title_style,
                width as i32 - text_left - 12,
            );
            for (i, line) in lines.iter().take(2).enumerate() {
                title_area.draw(&Text::new(
                    line.clone(),
                    (text_left, 18 + 26 * i as i32),
                    style::anchored(title_style.clone(), HPos::Left, VPos::Center),
                ))?;
            }
            title_area.draw(&Rectangle::new(
                [(swatch_left, 10), (swatch_left + 12, 26)],
                panel.colour.filled(),
            ))?;
            // The y axis is shared: describe it once per row of panels.
            let y_desc = if index % columns == 0 {
                axis_label(self.observable)
            } else {
                String::new()
            };
            let mut chart = ChartBuilder::on(&chart_area)
                .margin(CHART_MARGIN_PX / 2)
                .x_label_area_size(X_LABEL_AREA_PX)
                .y_label_area_size(Y_LABEL_AREA_PX)
                .build_cartesian_2d(x_low..x_high, y_low..y_high)?;
            style::draw_mesh(&mut chart, "day", &y_desc)?;
            for course in &panel.courses {
                chart.draw_series(LineSeries::new(
                    course.iter().copied(),
                    panel.colour.mix(0.55).stroke_width(1),
                ))?;
            }
            chart.draw_series(LineSeries::new(
                panel.median.iter().copied(),
                style::okabe_ito::BLACK.stroke_width(3),
            ))?;
        }
        Ok(())
    }
}
