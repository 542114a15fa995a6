//! Magnesium pools: serum, soft-tissue and bone Mg over time per arm, from the medians in
//! `summary.csv`, each as percent change from its value on the first sampled day, so that pools
//! of very different size share one axis. Colour is the arm, line style the pool. Pools the run
//! did not record are left out (at least one is needed).

use super::PlotError;
use super::data::{CsvFile, Run, Table};
use super::style::{
    self, CHART_MARGIN_PX, DASH, DOT, DrawResult, Figure, LegendEntry, Swatch, X_LABEL_AREA_PX,
    Y_LABEL_AREA_PX,
};
use super::time_course::day_range;
use crate::simulate::Observable;
use plotters::coord::Shift;
use plotters::prelude::*;

/// The pools, in legend order, with their line style.
const POOLS: [(Observable, LineKind); 3] = [
    (Observable::SerumMg, LineKind::Solid),
    (Observable::TissueMg, LineKind::Dashed),
    (Observable::BoneMg, LineKind::Dotted),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineKind {
    Solid,
    Dashed,
    Dotted,
}

/// One arm's course of one pool: (day, percent change of the median from the first day).
#[derive(Debug, Clone)]
struct PoolCourse {
    colour: RGBColor,
    line: LineKind,
    points: Vec<(f64, f64)>,
}

/// The Mg-pools figure.
#[derive(Debug, Clone)]
pub struct MgPools {
    arms: Vec<(String, RGBColor)>,
    pools: Vec<(Observable, LineKind)>,
    courses: Vec<PoolCourse>,
}

impl MgPools {
    /// Reads the Mg pools' medians from `summary.csv`.
    pub fn prepare(run: &Run) -> Result<Self, PlotError> {
        let table = run.table(CsvFile::Summary)?;
        let (arm, day, obs, p50) = (
            table.column("arm")?,
            table.column("day")?,
            table.column("observable")?,
            table.column("p50")?,
        );
        let pools: Vec<(Observable, LineKind)> = POOLS
            .into_iter()
            .filter(|(o, _)| (0..table.len()).any(|r| table.text(r, obs) == o.name()))
            .collect();
        if pools.is_empty() {
            return Err(PlotError::ObservableMissing {
                path: table.path().to_path_buf(),
                observable: Observable::SerumMg.name(),
                available: observables_in(table, obs),
            });
        }
        let arms = run.arms_in((0..table.len()).map(|r| table.text(r, arm)));
        let mut courses = Vec::new();
        let mut shown_arms = Vec::new();
        for (index, a) in arms.iter().enumerate() {
            let colour = style::arm_colour(index);
            let before = courses.len();
            for &(pool, line) in &pools {
                let mut medians = Vec::new();
                for r in 0..table.len() {
                    if table.text(r, arm) == a.name && table.text(r, obs) == pool.name() {
                        medians.push((table.number(r, day)?, table.number(r, p50)?));
                    }
                }
                medians.sort_by(|x, y| x.0.total_cmp(&y.0));
                let Some(&(_, first)) = medians.first() else {
                    continue;
                };
                courses.push(PoolCourse {
                    colour,
                    line,
                    points: medians
                        .iter()
                        .map(|&(d, v)| (d, 100.0 * (v / first - 1.0)))
                        .collect(),
                });
            }
            if courses.len() > before {
                shown_arms.push((a.label.clone(), colour));
            }
        }
        Ok(Self {
            arms: shown_arms,
            pools,
            courses,
        })
    }
}

/// The distinct values of a column, in order of first appearance.
fn observables_in(table: &Table, column: usize) -> String {
    let mut names: Vec<&str> = Vec::new();
    for r in 0..table.len() {
        let name = table.text(r, column);
        if !names.contains(&name) {
            names.push(name);
        }
    }
    if names.is_empty() {
        "no rows".to_string()
    } else {
        names.join(", ")
    }
}

impl Figure for MgPools {
    fn subtitle(&self) -> String {
        "Magnesium pools over time: median change from day 0, in percent, per arm".to_string()
    }

    fn legend(&self) -> Vec<LegendEntry> {
        let mut entries = vec![LegendEntry::heading("Arms")];
        for (label, colour) in &self.arms {
            entries.push(LegendEntry::new(
                Swatch::Line {
                    colour: *colour,
                    width: 3,
                },
                label.clone(),
            ));
        }
        entries.push(LegendEntry::heading("Pools"));
        for &(pool, line) in &self.pools {
            let colour = style::TEXT;
            let swatch = match line {
                LineKind::Solid => Swatch::Line { colour, width: 3 },
                LineKind::Dashed => Swatch::Dashed {
                    colour,
                    width: 3,
                    dotted: false,
                },
                LineKind::Dotted => Swatch::Dashed {
                    colour,
                    width: 3,
                    dotted: true,
                },
            };
            entries.push(LegendEntry::new(swatch, pool.label()));
        }
        entries
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let points = || self.courses.iter().flat_map(|c| c.points.iter());
        let (x_low, x_high) = day_range(points().map(|p| p.0));
        let (y_low, y_high) = style::padded_range(points().map(|p| p.1).chain([0.0]));
        let mut chart = ChartBuilder::on(area)
            .margin(CHART_MARGIN_PX)
            .x_label_area_size(X_LABEL_AREA_PX)
            .y_label_area_size(Y_LABEL_AREA_PX)
            .build_cartesian_2d(x_low..x_high, y_low..y_high)?;
        style::draw_mesh(&mut chart, "day", "change of the median from day 0 (%)")?;
        style::horizontal_line(&mut chart, 0.0, style::NEUTRAL.stroke_width(1))?;
        for course in &self.courses {
            let line_style = course.colour.stroke_width(3);
            let points = course.points.iter().copied();
            match course.line {
                LineKind::Solid => {
                    chart.draw_series(LineSeries::new(points, line_style))?;
                }
                LineKind::Dashed => {
                    chart.draw_series(DashedLineSeries::new(points, DASH.0, DASH.1, line_style))?;
                }
                LineKind::Dotted => {
                    chart.draw_series(DashedLineSeries::new(points, DOT.0, DOT.1, line_style))?;
                }
            }
        }
        Ok(())
    }
}
