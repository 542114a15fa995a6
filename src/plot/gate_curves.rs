//! Gate curves: the activity of the three vitamin D hydroxylases against cellular Mg status
//! `m = tissue Mg / mg_tissue_ref`, computed from the model's gate function with the parameters
//! recorded in the run's manifest, and the range of `m` the run's subjects actually had (at
//! baseline and at the end, every arm, from `subjects.csv`) as a shaded band. With the reference
//! parameters it shows why extra Mg helps CYP24A1 (large K, far from saturation) more than CYP2R1
//! and CYP27B1 near normal Mg, and why all three fail in deficiency; the caption states each
//! gate's values over the cohort's range, computed from the run's parameters.

use super::data::{CsvFile, Run};
use super::style::{
    self, ArmStyle, Dash, DrawResult, Figure, LegendEntry, Marker, Swatch, okabe_ito,
};
use super::{PlotError, PlotKind};
use crate::model::gate;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Lowest cellular Mg ratio drawn.
const M_START: f64 = 0.3;
/// Highest cellular Mg ratio drawn.
const M_END: f64 = 1.6;
/// Points per curve.
const M_STEPS: usize = 52;

/// One enzyme's curve.
#[derive(Debug, Clone)]
struct Curve {
    name: &'static str,
    label: String,
    style: ArmStyle,
    half_activation: f64,
    points: Vec<(f64, f64)>,
}

/// The gate-curves figure.
#[derive(Debug, Clone)]
pub struct GateCurves {
    curves: Vec<Curve>,
    hill: f64,
    mg_tissue_ref_mmol: f64,
    /// Lowest and highest `m` in the cohort.
    cohort: (f64, f64),
}

impl GateCurves {
    /// Reads the gate parameters from the manifest and the cohort's tissue Mg from
    /// `subjects.csv`.
    pub fn prepare(run: &Run) -> Result<Self, PlotError> {
        let manifest = &run.manifest;
        let hill = manifest.parameter("n_gate")?;
        let mg_tissue_ref_mmol = manifest.parameter("mg_tissue_ref")?;
        let style = |colour, dash, marker| ArmStyle {
            colour,
            dash,
            marker,
        };
        let enzymes = [
            (
                "CYP2R1",
                "CYP2R1 (liver, makes 25(OH)D)",
                "k_2r1",
                style(okabe_ito::BLUE, Dash::Solid, Marker::Circle),
            ),
            (
                "CYP27B1",
                "CYP27B1 (kidney, makes calcitriol)",
                "k_27b1",
                style(okabe_ito::BLUISH_GREEN, Dash::Dashed, Marker::Square),
            ),
            (
                "CYP24A1",
                "CYP24A1 (breaks down 25(OH)D and calcitriol)",
                "k_24a1",
                style(okabe_ito::VERMILLION, Dash::LongDashed, Marker::Triangle),
            ),
        ];
        let mut curves = Vec::new();
        for (name, label, parameter, style) in enzymes {
            let half_activation = manifest.parameter(parameter)?;
            let points = (0..=M_STEPS)
                .map(|i| {
                    let m = M_START + i as f64 * (M_END - M_START) / M_STEPS as f64;
                    (m, gate(m.powf(hill), half_activation, hill))
                })
                .collect();
            curves.push(Curve {
                name,
                // No-break spaces keep "K = 0.94" on one line of the legend.
                label: format!("{label}, K\u{a0}=\u{a0}{}", style::tick(&half_activation)),
                style,
                half_activation,
                points,
            });
        }
        let table = run.table(CsvFile::Subjects)?;
        let columns = [
            table.column("tissue_mg_mmol_baseline")?,
            table.column("tissue_mg_mmol_end")?,
        ];
        let (mut low, mut high) = (f64::INFINITY, f64::NEG_INFINITY);
        for row in 0..table.len() {
            for &column in &columns {
                let m = table.number(row, column)? / mg_tissue_ref_mmol;
                low = low.min(m);
                high = high.max(m);
            }
        }
        if table.len() == 0 {
            return Err(PlotError::NoData {
                path: table.path().to_path_buf(),
                kind: PlotKind::GateCurves,
            });
        }
        Ok(Self {
            curves,
            hill,
            mg_tissue_ref_mmol,
            cohort: (low, high),
        })
    }
}

impl Figure for GateCurves {
    fn subtitle(&self) -> String {
        "The Mg gates: enzyme activity against cellular Mg, and where this run's subjects were"
            .to_string()
    }

    fn legend(&self) -> Vec<LegendEntry> {
        let mut entries = vec![LegendEntry::heading("Enzymes (gate = 1 at m = 1)")];
        for curve in &self.curves {
            entries.push(LegendEntry::new(
                Swatch::Arm(curve.style),
                curve.label.clone(),
            ));
        }
        entries.push(LegendEntry::heading("This run"));
        entries.push(LegendEntry::new(
            Swatch::Band {
                colour: style::NEUTRAL,
                opacity: COHORT_OPACITY,
            },
            format!(
                "range of m in the subjects, baseline and end ({}–{})",
                style::tick(&self.cohort.0),
                style::tick(&self.cohort.1)
            ),
        ));
        entries.push(LegendEntry::new(
            Swatch::Dashed {
                colour: style::NEUTRAL,
                width: 2,
                dotted: false,
            },
            "reference subject, m = 1",
        ));
        entries
    }

    fn caption(&self) -> String {
        let (low, high) = self.cohort;
        let parts: Vec<String> = self
            .curves
            .iter()
            .map(|c| {
                let at = |m: f64| gate(m.powf(self.hill), c.half_activation, self.hill);
                format!(
                    "{} {}–{}",
                    c.name,
                    style::tick(&at(low)),
                    style::tick(&at(high))
                )
            })
            .collect();
        format!(
            "Over this run's range of cellular Mg (m {}–{}), the gates span {} (1 = the reference \
             subject's activity).",
            style::tick(&low),
            style::tick(&high),
            super::data::and_list(&parts)
        )
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let y_high = self
            .curves
            .iter()
            .flat_map(|c| c.points.iter().map(|p| p.1))
            .fold(1.0_f64, f64::max)
            * 1.06;
        let mut chart = style::chart(area, (M_START, M_END), (0.0, y_high), false)?;
        style::draw_mesh(
            &mut chart,
            &format!(
                "cellular Mg, m = tissue Mg / {} mmol",
                style::tick(&self.mg_tissue_ref_mmol)
            ),
            "enzyme activity relative to reference",
        )?;
        let (low, high) = (
            self.cohort.0.clamp(M_START, M_END),
            self.cohort.1.clamp(M_START, M_END),
        );
        if high - low > 0.002 {
            chart.draw_series(std::iter::once(Rectangle::new(
                [(low, 0.0), (high, y_high)],
                style::NEUTRAL.mix(COHORT_OPACITY).filled(),
            )))?;
        } else {
            // Every subject at the same m: a band too thin to see becomes a line.
            style::vertical_line(&mut chart, low, style::NEUTRAL.mix(0.6).stroke_width(6))?;
        }
        chart.draw_series(DashedLineSeries::new(
            [(1.0, 0.0), (1.0, y_high)],
            style::DASH.0,
            style::DASH.1,
            style::NEUTRAL.stroke_width(2),
        ))?;
        chart.draw_series(DashedLineSeries::new(
            [(M_START, 1.0), (M_END, 1.0)],
            style::DASH.0,
            style::DASH.1,
            style::NEUTRAL.stroke_width(1),
        ))?;
        for (index, curve) in self.curves.iter().enumerate() {
            style::draw_arm_line(&mut chart, &curve.points, curve.style, 3, 8, index)?;
        }
        Ok(())
    }
}

/// Opacity of the cohort's band.
const COHORT_OPACITY: f64 = 0.25;
