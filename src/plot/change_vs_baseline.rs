//! Change from baseline against baseline, per arm, from `subjects.csv`: each subject a translucent
//! point, and per baseline bin the arm's mean change with its 95% interval (mean ± 1.96·SE), over a
//! zero line. Where the run recorded assay values (`X_baseline_measured`, `X_change_measured`)
//! those are used, as a trial would see them. This is the picture of the two-way effect: where the
//! arms' binned means cross, the effect of the treatment changes sign with baseline.

use super::data::{CsvFile, Run, mean_and_half_interval, with_unit};
use super::style::{
    self, CHART_MARGIN_PX, DrawResult, Figure, LegendEntry, Swatch, X_LABEL_AREA_PX,
    Y_LABEL_AREA_PX,
};
use super::{PlotError, PlotKind, choose_observable};
use crate::simulate::Observable;
use plotters::coord::Shift;
use plotters::prelude::*;

/// About this many baseline bins span the data.
const TARGET_BINS: f64 = 6.0;
/// Bins with fewer subjects than this in an arm get no mean.
const MIN_PER_BIN: usize = 3;

/// A subject's baseline and change.
type Point = (f64, f64);

/// One arm: its subjects and its binned means.
#[derive(Debug, Clone)]
struct ArmScatter {
    label: String,
    colour: RGBColor,
    points: Vec<Point>,
    /// (mean baseline in the bin, mean change, half-width of the 95% interval).
    bins: Vec<(f64, f64, f64)>,
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
        let (low, high) = rows
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |acc, r| {
                (acc.0.min(r.1.0), acc.1.max(r.1.0))
            });
        let bin_width = nice_step((high - low) / TARGET_BINS);
        let arms = run.arms_in(rows.iter().map(|r| r.0));
        let mut scatters = Vec::new();
        for (index, a) in arms.iter().enumerate() {
            let points: Vec<Point> = rows.iter().filter(|r| r.0 == a.name).map(|r| r.1).collect();
            if points.is_empty() {
                continue;
            }
            scatters.push(ArmScatter {
                label: a.label.clone(),
                colour: style::arm_colour(index),
                bins: binned_means(&points, bin_width),
                points,
            });
        }
        Ok(Self {
            observable,
            measured,
            bin_width,
            arms: scatters,
        })
    }
}

/// Means of the change per baseline bin `[k·width, (k+1)·width)`, for bins with at least
/// [`MIN_PER_BIN`] points: (mean baseline of the bin's points, mean change, 1.96·SE). Each mean
/// sits at its points' mean baseline, not at the bin's centre, so that it lies among its data.
fn binned_means(points: &[Point], width: f64) -> Vec<(f64, f64, f64)> {
    let mut bins: std::collections::BTreeMap<i64, (Vec<f64>, Vec<f64>)> = Default::default();
    for &(baseline, change) in points {
        let bin = bins.entry((baseline / width).floor() as i64).or_default();
        bin.0.push(baseline);
        bin.1.push(change);
    }
    bins.into_values()
        .filter(|(_, changes)| changes.len() >= MIN_PER_BIN)
        .filter_map(|(baselines, changes)| {
            let (x, _) = mean_and_half_interval(&baselines);
            let (mean, half) = mean_and_half_interval(&changes);
            half.map(|half| (x, mean, half))
        })
        .collect()
}

/// A step of 1, 2 or 5 times a power of ten near `raw` (1 for nothing to bin).
fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let power = 10f64.powf(raw.log10().floor());
    let mantissa = raw / power;
    let nice = if mantissa < 1.5 {
        1.0
    } else if mantissa < 3.5 {
        2.0
    } else if mantissa < 7.5 {
        5.0
    } else {
        10.0
    };
    nice * power
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
        let mut entries = vec![LegendEntry::heading("Arms")];
        for arm in &self.arms {
            entries.push(LegendEntry::new(
                Swatch::Point { colour: arm.colour },
                arm.label.clone(),
            ));
        }
        entries.push(LegendEntry::heading("Marks"));
        entries.push(LegendEntry::new(
            Swatch::Point {
                colour: style::NEUTRAL,
            },
            "one subject",
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

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let points = || self.arms.iter().flat_map(|a| a.points.iter());
        let bins = || self.arms.iter().flat_map(|a| a.bins.iter());
        let (x_low, x_high) = style::padded_range(points().map(|p| p.0));
        let (y_low, y_high) = style::padded_range(
            points()
                .map(|p| p.1)
                .chain(bins().flat_map(|b| [b.1 - b.2, b.1 + b.2]))
                .chain([0.0]),
        );
        let mut chart = ChartBuilder::on(area)
            .margin(CHART_MARGIN_PX)
            .x_label_area_size(X_LABEL_AREA_PX)
            .y_label_area_size(Y_LABEL_AREA_PX)
            .build_cartesian_2d(x_low..x_high, y_low..y_high)?;
        let label = self.observable.label();
        style::draw_mesh(
            &mut chart,
            &with_unit(&format!("baseline {label}"), self.observable),
            &with_unit(&format!("change in {label}"), self.observable),
        )?;
        style::horizontal_line(&mut chart, 0.0, style::okabe_ito::BLACK.stroke_width(2))?;
        for arm in &self.arms {
            chart.draw_series(
                arm.points
                    .iter()
                    .map(|&p| Circle::new(p, 4, arm.colour.mix(0.45).filled())),
            )?;
        }
        // Arms nudged apart (by about 8 pixels) so that their whiskers do not cover each other.
        let n = self.arms.len() as f64;
        let nudge = (x_high - x_low) * 0.01;
        for (index, arm) in self.arms.iter().enumerate() {
            let offset = (index as f64 - (n - 1.0) / 2.0) * nudge;
            let shifted: Vec<(f64, f64, f64)> = arm
                .bins
                .iter()
                .map(|&(x, mean, half)| (x + offset, mean, half))
                .collect();
            chart.draw_series(LineSeries::new(
                shifted.iter().map(|&(x, mean, _)| (x, mean)),
                arm.colour.stroke_width(2),
            ))?;
            for &(x, mean, half) in &shifted {
                chart.draw_series(std::iter::once(PathElement::new(
                    [(x, mean - half), (x, mean + half)],
                    arm.colour.stroke_width(3),
                )))?;
                chart.draw_series(std::iter::once(
                    EmptyElement::at((x, mean))
                        + Rectangle::new([(-7, -7), (7, 7)], WHITE.filled())
                        + Rectangle::new([(-5, -5), (5, 5)], arm.colour.filled()),
                ))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(7.3), 5.0);
        assert_eq!(nice_step(0.012), 0.01);
        assert_eq!(nice_step(2.6), 2.0);
        assert_eq!(nice_step(0.0), 1.0);
    }

    #[test]
    fn bins_need_enough_subjects() {
        let points = [(1.0, 2.0), (2.0, 4.0), (3.0, 6.0), (12.0, 1.0)];
        let bins = binned_means(&points, 10.0);
        assert_eq!(bins.len(), 1);
        assert_eq!((bins[0].0, bins[0].1), (2.0, 4.0));
    }
}
