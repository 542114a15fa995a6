//! Dose response: from `subjects.csv`, an observable at the end of the study against the
//! subject's average vitamin D input over the study, one point per subject, with each arm's mean
//! and 95% interval. The input is the background (diet and skin, `vitamin_d_input_iu_per_day`)
//! plus the supplement that reached the gut (`vitamin_d_supplement_to_gut_total_ug`, recorded after the absorbed
//! fraction `f_d` and the form's potency) spread over the study's days. Diminishing increments at higher input show the saturation of the
//! vitamin D pathway. Drawn only when the inputs differ (an arm ladder or varied backgrounds).

use super::data::{CsvFile, Run, mean_and_half_interval, with_unit};
use super::style::{
    self, CHART_MARGIN_PX, DrawResult, Figure, LegendEntry, Swatch, X_LABEL_AREA_PX,
    Y_LABEL_AREA_PX,
};
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
    colour: RGBColor,
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
                    colour: style::arm_colour(index),
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

impl Figure for DoseResponse {
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
            "arm mean ±\u{a0}1.96·SE",
        ));
        entries
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let points = || self.arms.iter().flat_map(|a| a.points.iter());
        let (x_low, x_high) = style::padded_range(points().map(|p| p.0));
        let (y_low, y_high) = style::padded_range(points().map(|p| p.1));
        let mut chart = ChartBuilder::on(area)
            .margin(CHART_MARGIN_PX)
            .x_label_area_size(X_LABEL_AREA_PX)
            .y_label_area_size(Y_LABEL_AREA_PX)
            .build_cartesian_2d(x_low..x_high, y_low..y_high)?;
        style::draw_mesh(
            &mut chart,
            "vitamin D input: background + bioavailable supplement (IU/day, study average)",
            &with_unit(
                &format!("{} at end of study", self.observable.label()),
                self.observable,
            ),
        )?;
        for arm in &self.arms {
            chart.draw_series(
                arm.points
                    .iter()
                    .map(|&p| Circle::new(p, 4, arm.colour.mix(0.45).filled())),
            )?;
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
                    arm.colour.stroke_width(3),
                )))?;
            }
            chart.draw_series(std::iter::once(
                EmptyElement::at((x, y))
                    + Rectangle::new([(-8, -8), (8, 8)], WHITE.filled())
                    + Rectangle::new([(-6, -6), (6, 6)], arm.colour.filled()),
            ))?;
        }
        Ok(())
    }
}
