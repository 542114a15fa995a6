//! Gate curves: the activity of the three vitamin D hydroxylases against cellular Mg status
//! `m = tissue Mg / mg_tissue_ref`, computed from the model's gate function with the parameters
//! recorded in the run's manifest, and the range of `m` the run's subjects actually had (at
//! baseline and at the end, every arm, from `subjects.csv`) as a shaded band. It shows why extra Mg
//! helps CYP24A1 (large K, far from saturation) more than CYP2R1 and CYP27B1 near normal Mg, and
//! why all three fail in deficiency.

use super::data::{CsvFile, Run};
use super::style::{
    self, CHART_MARGIN_PX, DrawResult, Figure, LegendEntry, Swatch, X_LABEL_AREA_PX,
    Y_LABEL_AREA_PX, okabe_ito,
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
    label: String,
    colour: RGBColor,
    points: Vec<(f64, f64)>,
}

/// The gate-curves figure.
#[derive(Debug, Clone)]
pub struct GateCurves {
    curves: Vec<Curve>,
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
        let enzymes = [
            ("CYP2R1 (liver, makes 25(OH)D)", "k_2r1", okabe_ito::BLUE),
            (
                "CYP27B1 (kidney, makes calcitriol)",
                "k_27b1",
                okabe_ito::BLUISH_GREEN,
            ),
            (
                "CYP24A1 (breaks down 25(OH)D and calcitriol)",
                "k_24a1",
                okabe_ito::VERMILLION,
            ),
        ];
        let mut curves = Vec::new();
        for (label, parameter, colour) in enzymes {
            let half_activation = manifest.parameter(parameter)?;
            let points = (0..=M_STEPS)
                .map(|i| {
                    let m = M_START + i as f64 * (M_END - M_START) / M_STEPS as f64;
                    (m, gate(m.powf(hill), half_activation, hill))
                })
                .collect();
            curves.push(Curve {
                // No-break spaces keep "K = 0.94" on one line of the legend.
                label: format!("{label}, K\u{a0}=\u{a0}{}", style::tick(&half_activation)),
                colour,
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
                Swatch::Line {
                    colour: curve.colour,
                    width: 3,
                },
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

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let y_high = self
            .curves
            .iter()
            .flat_map(|c| c.points.iter().map(|p| p.1))
            .fold(1.0_f64, f64::max)
            * 1.06;
        let mut chart = ChartBuilder::on(area)
            .margin(CHART_MARGIN_PX)
            .x_label_area_size(X_LABEL_AREA_PX)
            .y_label_area_size(Y_LABEL_AREA_PX)
            .build_cartesian_2d(M_START..M_END, 0.0..y_high)?;
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
        for curve in &self.curves {
            chart.draw_series(LineSeries::new(
                curve.points.iter().copied(),
                curve.colour.stroke_width(3),
            ))?;
        }
        Ok(())
    }
}

/// Opacity of the cohort's band.
const COHORT_OPACITY: f64 = 0.25;
