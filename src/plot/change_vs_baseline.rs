//! Change from baseline against baseline, per arm, from `subjects.csv`: each subject a small,
//! light marker, and per baseline bin the arm's mean change with its 95% interval (mean ±
//! 1.96·SE) as a line in the arm's colour, dash and marker, over a zero line. Where the run
//! recorded assay values (`X_baseline_measured`, `X_change_measured`) those are used, as a trial
//! would see them. This is the picture of the two-way effect: where the arms' binned means cross,
//! the effect of the treatment changes sign with baseline.

use super::data::{
    Bin, CsvFile, MIN_PER_BIN, Run, and_list, bin_width, binned_means, signed, with_unit,
};
use super::style::{self, ArmStyle, DrawResult, Figure, LegendEntry, Swatch};
use super::{PlotError, PlotKind, choose_observable};
use crate::simulate::Observable;
use plotters::coord::Shift;
use plotters::prelude::*;

/// A subject's baseline and change.
type Point = (f64, f64);

/// One arm: its subjects and its binned means.
#[derive(Debug, Clone)]
struct ArmScatter {
    label: String,
    style: ArmStyle,
    points: Vec<Point>,
    bins: Vec<Bin>,
}

/// The change-versus-baseline figure.
#[derive(Debug, Clone)]
pub struct ChangeVsBaseline {
    /// The observable shown.
    pub observable: Observable,
    measured: bool,
    bin_width: f64,
    arms: Vec<ArmScatter>,
}

impl ChangeVsBaseline {
    /// Reads `subjects.csv` for one observable (default 25(OH)D).
    pub fn prepare(run: &Run, observable: Option<Observable>) -> Result<Self, PlotError> {
        let table = run.table(CsvFile::Subjects)?;
        let arm = table.column("arm")?;
        let available = table.observables_with_suffix("_change");
        let observable = choose_observable(
            observable,
            &available,
            table.path(),
            PlotKind::ChangeVsBaseline,
        )?;
        let name = observable.name();
        let measured = table.find(&format!("{name}_baseline_measured")).is_some()
            && table.find(&format!("{name}_change_measured")).is_some();
        let suffix = if measured { "_measured" } else { "" };
        let baseline = table.column(&format!("{name}_baseline{suffix}"))?;
        let change = table.column(&format!("{name}_change{suffix}"))?;
        let mut rows: Vec<(&str, Point)> = Vec::new();
        for row in 0..table.len() {
            rows.push((
                table.text(row, arm),
                (table.number(row, baseline)?, table.number(row, change)?),
            ));
        }
        if rows.is_empty() {
            return Err(PlotError::NoData {
                path: table.path().to_path_buf(),
                kind: PlotKind::ChangeVsBaseline,
            });
        }
        let width = bin_width(rows.iter().map(|r| r.1.0));
        let arms = run.arms_in(rows.iter().map(|r| r.0));
        let mut scatters = Vec::new();
        for (index, a) in arms.iter().enumerate() {
            let points: Vec<Point> = rows.iter().filter(|r| r.0 == a.name).map(|r| r.1).collect();
            if points.is_empty() {
                continue;
            }
            scatters.push(ArmScatter {
                label: a.label.clone(),
                style: style::arm_style(index),
                bins: binned_means(&points, width),
                points,
            });
        }
        Ok(Self {
            observable,
            measured,
            bin_width: width,
            arms: scatters,
        })
    }

    /// The pairs of arms whose binned means cross: their order differs between two baseline
    /// bins both arms have a mean for.
    fn crossings(&self) -> Vec<(&str, &str)> {
        let mut crossings = Vec::new();
        for (i, a) in self.arms.iter().enumerate() {
            for b in &self.arms[i + 1..] {
                let signs: Vec<f64> = a
                    .bins
                    .iter()
                    .filter_map(|x| {
                        let y = b.bins.iter().find(|y| y.key == x.key)?;
                        let d = x.mean - y.mean;
                        (d != 0.0).then(|| d.signum())
                    })
                    .collect();
                if signs.windows(2).any(|w| w[0] != w[1]) {
                    crossings.push((a.label.as_str(), b.label.as_str()));
                }
            }
        }
        crossings
    }
}

impl Figure for ChangeVsBaseline {
    fn subtitle(&self) -> String {
        format!(
            "Change in {} against its baseline{}, per arm, with binned means",
            self.observable.label(),
            if self.measured {
                " (assay values, with measurement noise)"
            } else {
                ""
            }
        )
    }

    fn legend(&self) -> Vec<LegendEntry> {
        let mut entries = vec![LegendEntry::heading("Arms: binned means")];
        for arm in &self.arms {
            entries.push(LegendEntry::new(Swatch::Arm(arm.style), arm.label.clone()));
        }
        entries.push(LegendEntry::heading("Marks"));
        entries.push(LegendEntry::new(
            Swatch::Point {
                colour: style::NEUTRAL,
            },
            "one subject (small, light)",
        ));
        entries.push(LegendEntry::new(
            Swatch::Whisker {
                colour: style::NEUTRAL,
            },
            format!(
                "mean change in a baseline bin {} {} wide, ±\u{a0}1.96·SE (bins with ≥\u{a0}{MIN_PER_BIN} subjects)",
                style::tick(&self.bin_width),
                self.observable.unit()
            ),
        ));
        entries
    }

    fn caption(&self) -> String {
        let unit = match self.observable.unit() {
            "1" => String::new(),
            unit => format!(" {unit}"),
        };
        let means: Vec<String> = self
            .arms
            .iter()
            .map(|a| {
                let mean = a.points.iter().map(|p| p.1).sum::<f64>() / a.points.len() as f64;
                format!("{}{unit} in {}", signed(mean), a.label)
            })
            .collect();
        let crossings = self.crossings();
        let order = if self.arms.len() < 2 {
            String::new()
        } else if crossings.is_empty() {
            " The arms' binned means do not cross: their order is the same at every baseline."
                .to_string()
        } else {
            let pairs: Vec<String> = crossings
                .iter()
                .map(|(a, b)| format!("{a} and {b}"))
                .collect();
            format!(
                " The binned means of {} cross: which arm changes more depends on the baseline.",
                pairs.join("; of ")
            )
        };
        format!(
            "Mean change in {}: {}.{order}",
            self.observable.label(),
            and_list(&means)
        )
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let points = || self.arms.iter().flat_map(|a| a.points.iter());
        let bins = || self.arms.iter().flat_map(|a| a.bins.iter());
        let x = style::padded_range(points().map(|p| p.0));
        let y = style::padded_range(
            points()
                .map(|p| p.1)
                .chain(bins().flat_map(|b| [b.mean - b.half, b.mean + b.half]))
                .chain([0.0]),
        );
        let mut chart = style::chart(area, x, y, false)?;
        let label = self.observable.label();
        style::draw_mesh(
            &mut chart,
            &with_unit(&format!("baseline {label}"), self.observable),
            &with_unit(&format!("change in {label}"), self.observable),
        )?;
        style::horizontal_line(&mut chart, 0.0, style::okabe_ito::BLACK.stroke_width(2))?;
        for arm in &self.arms {
            style::draw_points(&mut chart, &arm.points, arm.style)?;
        }
        // Arms nudged apart (by about 8 pixels) so that their whiskers do not cover each other.
        let n = self.arms.len() as f64;
        let nudge = (x.1 - x.0) * 0.01;
        for (index, arm) in self.arms.iter().enumerate() {
            let offset = (index as f64 - (n - 1.0) / 2.0) * nudge;
            let shifted: Vec<(f64, f64, f64)> = arm
                .bins
                .iter()
                .map(|b| (b.x + offset, b.mean, b.half))
                .collect();
            let line: Vec<(f64, f64)> = shifted.iter().map(|&(x, mean, _)| (x, mean)).collect();
            style::draw_arm_line(&mut chart, &line, arm.style, 3, 0, index)?;
            for &(x, mean, half) in &shifted {
                chart.draw_series(std::iter::once(PathElement::new(
                    [(x, mean - half), (x, mean + half)],
                    arm.style.colour.stroke_width(3),
                )))?;
                style::draw_marker(&mut chart, (x, mean), arm.style, 6)?;
            }
        }
        Ok(())
    }
}
