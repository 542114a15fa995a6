//! Dose response: from `subjects.csv`, an observable at the end of the study against the
//! subject's average vitamin D input over the study, one point per subject, with each arm's mean
//! and 95% interval. The input is the background (diet and skin, `vitamin_d_input_iu_per_day`)
//! plus the supplement that reached the gut (`vitamin_d_supplement_to_gut_total_ug`, recorded after the
//! absorbed fraction `f_d` and the form's potency) spread over the study's days. The caption says, from a
//! straight-line fit over all subjects and from the lower and upper half of the inputs, whether the
//! observable rises or falls with input and whether the gains shrink at higher inputs. Drawn only
//! when the inputs differ (an arm ladder or varied backgrounds).

use super::data::{CsvFile, Run, mean_and_half_interval, with_unit};
use super::style::{self, ArmStyle, DrawResult, Figure, LegendEntry, Swatch};
use super::{PlotError, PlotKind, choose_observable};
use crate::model::UG_PER_IU;
use crate::simulate::Observable;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Inputs closer than this (IU/day) count as one dose.
const SAME_DOSE_IU_PER_DAY: f64 = 1.0;

/// One arm's subjects and mean.
#[derive(Debug, Clone)]
struct ArmDoses {
    label: String,
    style: ArmStyle,
    /// (average vitamin D input in IU/day, observable at the end) per subject.
    points: Vec<(f64, f64)>,
}

/// The dose-response figure.
#[derive(Debug, Clone)]
pub struct DoseResponse {
    /// The observable shown.
    pub observable: Observable,
    measured: bool,
    arms: Vec<ArmDoses>,
}

impl DoseResponse {
    /// Reads `subjects.csv` and the study duration for one observable (default 25(OH)D).
    pub fn prepare(run: &Run, observable: Option<Observable>) -> Result<Self, PlotError> {
        let table = run.table(CsvFile::Subjects)?;
        let duration_days = run
            .manifest
            .duration_days
            .filter(|d| *d > 0.0)
            .ok_or_else(|| PlotError::ManifestField {
                path: run.manifest_path(),
                field: "/scenario/duration_days",
            })?;
        let available = table.observables_with_suffix("_end");
        let observable =
            choose_observable(observable, &available, table.path(), PlotKind::DoseResponse)?;
        let measured_name = format!("{}_end_measured", observable.name());
        let measured = table.find(&measured_name).is_some();
        let end = if measured {
            table.column(&measured_name)?
        } else {
            table.column(&format!("{}_end", observable.name()))?
        };
        let arm = table.column("arm")?;
        let background = table.column("vitamin_d_input_iu_per_day")?;
        let dosed = table.column("vitamin_d_supplement_to_gut_total_ug")?;
        let mut rows = Vec::new();
        for row in 0..table.len() {
            let input = table.number(row, background)?
                + table.number(row, dosed)? / UG_PER_IU / duration_days;
            rows.push((table.text(row, arm), (input, table.number(row, end)?)));
        }
        let (low, high) = rows
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |acc, r| {
                (acc.0.min(r.1.0), acc.1.max(r.1.0))
            });
        if rows.is_empty() || high - low < SAME_DOSE_IU_PER_DAY {
            return Err(PlotError::NotApplicable {
                kind: PlotKind::DoseResponse,
                reason: "every subject had the same average vitamin D input, so there is no dose axis",
            });
        }
        let mut arms = Vec::new();
        for (index, a) in run.arms_in(rows.iter().map(|r| r.0)).iter().enumerate() {
            let points: Vec<(f64, f64)> =
                rows.iter().filter(|r| r.0 == a.name).map(|r| r.1).collect();
            if !points.is_empty() {
                arms.push(ArmDoses {
                    label: a.label.clone(),
                    style: style::arm_style(index),
                    points,
                });
            }
        }
        Ok(Self {
            observable,
            measured,
            arms,
        })
    }
}

/// Least-squares slope of y on x (`None` without two distinct x).
fn slope(points: &[(f64, f64)]) -> Option<f64> {
    let n = points.len() as f64;
    let (mx, my) = points
        .iter()
        .fold((0.0, 0.0), |(sx, sy), p| (sx + p.0 / n, sy + p.1 / n));
    let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    (sxx > 0.0).then(|| sxy / sxx)
}

/// How an observable moves with input, read from the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trend {
    /// It changes by less than a quarter of its spread across the range of inputs.
    Flat,
    /// It rises; `shrinking` when the upper half of inputs gains less than 0.8 times the lower
    /// half per unit of input.
    Rises { shrinking: bool },
    /// It falls; `shrinking` likewise.
    Falls { shrinking: bool },
}

/// The trend of the points: the straight-line change over the input range against the spread of
/// the values, and the slopes in the lower and upper half of the inputs.
pub fn trend(points: &[(f64, f64)]) -> Trend {
    let Some(overall) = slope(points) else {
        return Trend::Flat;
    };
    let n = points.len() as f64;
    let mean = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sd = (points.iter().map(|p| (p.1 - mean).powi(2)).sum::<f64>() / n).sqrt();
    let (low, high) = points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), p| {
            (l.min(p.0), h.max(p.0))
        });
    if (overall * (high - low)).abs() < 0.25 * sd || sd == 0.0 {
        return Trend::Flat;
    }
    let mut sorted = points.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let middle = sorted.len() / 2;
    let shrinking = match (slope(&sorted[..middle]), slope(&sorted[middle..])) {
        (Some(lower), Some(upper)) => {
            lower.signum() == overall.signum() && upper.abs() < 0.8 * lower.abs()
        }
        _ => false,
    };
    if overall > 0.0 {
        Trend::Rises { shrinking }
    } else {
        Trend::Falls { shrinking }
    }
}

impl Figure for DoseResponse {
    fn caption(&self) -> String {
        let points: Vec<(f64, f64)> = self
            .arms
            .iter()
            .flat_map(|a| a.points.iter().copied())
            .collect();
        let what = format!("{} at the end", self.observable.label());
        let text = match trend(&points) {
            Trend::Flat => format!("{what} hardly changes with vitamin D input in this run."),
            Trend::Rises { shrinking: true } => {
                format!("{what} rises with vitamin D input, with smaller gains at higher inputs.")
            }
            Trend::Rises { shrinking: false } => {
                format!("{what} rises with vitamin D input.")
            }
            Trend::Falls { shrinking: true } => {
                format!("{what} falls with vitamin D input, by less at higher inputs.")
            }
            Trend::Falls { shrinking: false } => format!("{what} falls with vitamin D input."),
        };
        format!(
            "{text} Read from a straight-line fit over all subjects and over the lower and upper half of the inputs."
        )
    }

    fn subtitle(&self) -> String {
        format!(
            "{} at the end of the study{} against vitamin D input",
            self.observable.label(),
            if self.measured { " (assay values)" } else { "" }
        )
    }

    fn legend(&self) -> Vec<LegendEntry> {
        let mut entries = vec![LegendEntry::heading("Arms")];
        for arm in &self.arms {
            entries.push(LegendEntry::new(
                Swatch::ArmMarker(arm.style),
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
            "arm mean ±\u{a0}1.96·SE",
        ));
        entries
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let points = || self.arms.iter().flat_map(|a| a.points.iter());
        let (x_low, x_high) = style::padded_range(points().map(|p| p.0));
        let y = style::padded_range(points().map(|p| p.1));
        let mut chart = style::chart(area, (x_low, x_high), y, false)?;
        style::draw_mesh(
            &mut chart,
            "vitamin D input: background + bioavailable supplement (IU/day, study average)",
            &with_unit(
                &format!("{} at end of study", self.observable.label()),
                self.observable,
            ),
        )?;
        for arm in &self.arms {
            style::draw_points(&mut chart, &arm.points, arm.style)?;
        }
        // Arms at the same dose are nudged apart (by about 8 pixels) so that each whisker stays
        // visible; an arm alone at its dose stays where it is.
        let nudge = (x_high - x_low) * 0.01;
        let mean_doses: Vec<f64> = self
            .arms
            .iter()
            .map(|arm| {
                mean_and_half_interval(&arm.points.iter().map(|p| p.0).collect::<Vec<_>>()).0
            })
            .collect();
        for (index, arm) in self.arms.iter().enumerate() {
            let same_dose = |other: &f64| (other - mean_doses[index]).abs() < nudge;
            let sharing = mean_doses.iter().filter(|d| same_dose(d)).count() as f64;
            let rank = mean_doses[..index].iter().filter(|d| same_dose(d)).count() as f64;
            let x = mean_doses[index] + (rank - (sharing - 1.0) / 2.0) * nudge;
            let ys: Vec<f64> = arm.points.iter().map(|p| p.1).collect();
            let (y, half) = mean_and_half_interval(&ys);
            if let Some(half) = half {
                chart.draw_series(std::iter::once(PathElement::new(
                    [(x, y - half), (x, y + half)],
                    arm.style.colour.stroke_width(3),
                )))?;
            }
            style::draw_marker(&mut chart, (x, y), arm.style, 7)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_trend_is_read_from_the_data() {
        let saturating: Vec<(f64, f64)> = (0..40)
            .map(|i| {
                let x = f64::from(i) * 100.0;
                (x, 50.0 * x / (x + 800.0))
            })
            .collect();
        assert_eq!(trend(&saturating), Trend::Rises { shrinking: true });
        let falling: Vec<(f64, f64)> = (0..40)
            .map(|i| (f64::from(i), 0.9 - 0.001 * f64::from(i)))
            .collect();
        assert_eq!(trend(&falling), Trend::Falls { shrinking: false });
        // Noise around a constant: flat, whatever the noise's tiny slope.
        let flat: Vec<(f64, f64)> = (0..40)
            .map(|i| (f64::from(i), 0.85 + if i % 2 == 0 { 0.01 } else { -0.01 }))
            .collect();
        assert_eq!(trend(&flat), Trend::Flat);
    }
}
