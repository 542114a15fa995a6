//! Magnesium pools: serum, soft-tissue and bone Mg over time, one panel per pool sharing the y
//! axis, from the medians in `summary.csv`, each as percent change from its value on the first
//! sampled day, so that pools of very different size compare on one scale. Each arm is a line in
//! its colour, dash and marker. Pools the run did not record are left out (at least one is
//! needed).

use super::PlotError;
use super::data::{CsvFile, Run, Table, signed};
use super::style::{self, ArmStyle, DrawResult, Figure, LegendEntry, Swatch};
use super::time_course::day_range;
use crate::simulate::Observable;
use plotters::coord::Shift;
use plotters::prelude::*;

/// The pools, in panel order.
const POOLS: [Observable; 3] = [
    Observable::SerumMg,
    Observable::TissueMg,
    Observable::BoneMg,
];

/// One arm's course of one pool: (day, percent change of the median from the first day).
#[derive(Debug, Clone)]
struct PoolCourse {
    arm: usize,
    points: Vec<(f64, f64)>,
}

/// The Mg-pools figure.
#[derive(Debug, Clone)]
pub struct MgPools {
    arms: Vec<(String, ArmStyle)>,
    /// Each pool drawn, with its arms' courses.
    pools: Vec<(Observable, Vec<PoolCourse>)>,
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
        let recorded: Vec<Observable> = POOLS
            .into_iter()
            .filter(|o| (0..table.len()).any(|r| table.text(r, obs) == o.name()))
            .collect();
        if recorded.is_empty() {
            return Err(PlotError::ObservableMissing {
                path: table.path().to_path_buf(),
                observable: Observable::SerumMg.name(),
                available: observables_in(table, obs),
            });
        }
        let arms = run.arms_in((0..table.len()).map(|r| table.text(r, arm)));
        let mut pools = Vec::new();
        for pool in recorded {
            let mut courses = Vec::new();
            for (index, a) in arms.iter().enumerate() {
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
                    arm: index,
                    points: medians
                        .iter()
                        .map(|&(d, v)| (d, 100.0 * (v / first - 1.0)))
                        .collect(),
                });
            }
            pools.push((pool, courses));
        }
        Ok(Self {
            arms: arms
                .iter()
                .enumerate()
                .map(|(i, a)| (a.label.clone(), style::arm_style(i)))
                .collect(),
            pools,
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
        for (label, arm) in &self.arms {
            entries.push(LegendEntry::new(Swatch::Arm(*arm), label.clone()));
        }
        entries
    }

    fn caption(&self) -> String {
        let mut day = f64::NEG_INFINITY;
        let parts: Vec<String> = self
            .pools
            .iter()
            .filter_map(|(pool, courses)| {
                let ends: Vec<f64> = courses
                    .iter()
                    .filter_map(|c| c.points.last())
                    .map(|p| {
                        day = day.max(p.0);
                        p.1
                    })
                    .collect();
                let low = ends.iter().copied().reduce(f64::min)?;
                let high = ends.iter().copied().reduce(f64::max)?;
                Some(if (high - low).abs() < 0.05 {
                    format!("{} by {}%", pool.label(), signed(low))
                } else {
                    format!("{} by {}% to {}%", pool.label(), signed(low), signed(high))
                })
            })
            .collect();
        format!(
            "From day 0 to day {}, the arms' medians changed: {}. The panels share their scale.",
            style::tick(&day),
            super::data::and_list(&parts)
        )
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let points = || {
            self.pools
                .iter()
                .flat_map(|p| p.1.iter().flat_map(|c| c.points.iter()))
        };
        let x = day_range(points().map(|p| p.0));
        let y = style::padded_range(points().map(|p| p.1).chain([0.0]));
        let panels = style::panel_grid(
            area,
            self.pools.len(),
            3,
            "day",
            "change of the median from day 0 (%)",
        )?;
        for ((pool, courses), panel) in self.pools.iter().zip(&panels) {
            style::draw_panel_title(&panel.title, pool.label(), Swatch::Heading)?;
            let mut chart = style::chart(&panel.chart, x, y, true)?;
            style::draw_panel_mesh(&mut chart)?;
            style::horizontal_line(&mut chart, 0.0, style::NEUTRAL.stroke_width(1))?;
            for course in courses {
                let arm = self.arms[course.arm].1;
                style::draw_arm_line(&mut chart, &course.points, arm, 3, 6, course.arm)?;
            }
        }
        Ok(())
    }
}
