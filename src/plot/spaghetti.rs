//! Spaghetti: one observable over time in individual subjects, from `timeseries.csv`, one panel
//! per arm on a shared y axis. Up to [`SUBJECTS_PER_ARM`] subjects per arm are drawn as thin
//! lines (spread evenly over the arm's subject ids, so the same run always shows the same
//! subjects), with the median of all the arm's subjects as a thick black line on a white halo.

use super::data::{CsvFile, Run, axis_label, evenly_spaced, median, sort_subject_ids};
use super::style::{self, ArmStyle, DrawResult, Figure, LegendEntry, Swatch};
use super::time_course::day_range;
use super::{PlotError, PlotKind, choose_observable};
use crate::simulate::Observable;
use plotters::coord::Shift;
use plotters::prelude::*;
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
    style: ArmStyle,
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
                style: style::arm_style(index),
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

    fn caption(&self) -> String {
        let shown: usize = self.panels.iter().map(|p| p.courses.len()).sum();
        let total: usize = self.panels.iter().map(|p| p.subjects_in_arm).sum();
        format!(
            "{shown} of the {total} subjects, each a thin line in its arm's panel; the thick black \
             line is the median of all the arm's subjects. The panels share their scale."
        )
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let all_points = || {
            self.panels
                .iter()
                .flat_map(|p| p.courses.iter().flatten().chain(p.median.iter()))
        };
        let x = day_range(all_points().map(|p| p.0));
        let y = style::padded_range(all_points().map(|p| p.1));
        let cells = style::panel_grid(
            area,
            self.panels.len(),
            COLUMNS,
            "day",
            &axis_label(self.observable),
        )?;
        for (panel, cell) in self.panels.iter().zip(&cells) {
            style::draw_panel_title(
                &cell.title,
                &format!(
                    "{} ({} of {} subjects)",
                    panel.label,
                    panel.courses.len(),
                    panel.subjects_in_arm
                ),
                Swatch::Arm(panel.style),
            )?;
            let mut chart = style::chart(&cell.chart, x, y, true)?;
            style::draw_panel_mesh(&mut chart)?;
            for course in &panel.courses {
                chart.draw_series(LineSeries::new(
                    course.iter().copied(),
                    panel.style.colour.mix(0.5).stroke_width(1),
                ))?;
            }
            chart.draw_series(LineSeries::new(
                panel.median.iter().copied(),
                WHITE.stroke_width(7),
            ))?;
            chart.draw_series(LineSeries::new(
                panel.median.iter().copied(),
                style::okabe_ito::BLACK.stroke_width(3),
            ))?;
        }
        Ok(())
    }
}
