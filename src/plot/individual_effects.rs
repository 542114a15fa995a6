//! Individual treatment effects against baseline, from `individual_effects.csv` (counterfactual
//! designs, where every subject is simulated in every arm): one point per subject and comparison,
//! the subject's change in the arm minus its change in the reference arm, over a zero line.
//! Points above and below zero at different baselines show the two-way effect subject by subject.

use super::data::{CsvFile, Run, with_unit};
use super::style::{
    self, CHART_MARGIN_PX, DrawResult, Figure, LegendEntry, Swatch, X_LABEL_AREA_PX,
    Y_LABEL_AREA_PX,
};
use super::{Endpoint, PlotError, PlotKind, choose_endpoint};
use crate::simulate::Observable;
use plotters::coord::Shift;
use plotters::prelude::*;

/// One comparison's subjects.
#[derive(Debug, Clone)]
struct Comparison {
    label: String,
    colour: RGBColor,
    /// (baseline, effect) per subject.
    points: Vec<(f64, f64)>,
}

/// The individual-effects figure.
#[derive(Debug, Clone)]
pub struct IndividualEffects {
    /// The endpoint shown.
    pub endpoint: Endpoint,
    baseline_label: String,
    comparisons: Vec<Comparison>,
}

impl IndividualEffects {
    /// Reads `individual_effects.csv` for one endpoint (default 25(OH)D).
    pub fn prepare(run: &Run, observable: Option<Observable>) -> Result<Self, PlotError> {
        let table = run.table(CsvFile::IndividualEffects)?;
        let endpoint = choose_endpoint(observable, table, PlotKind::IndividualEffects)?;
        let [
            endpoint_col,
            arm,
            reference,
            baseline_observable,
            baseline,
            effect,
        ] = [
            "endpoint",
            "arm",
            "reference_arm",
            "baseline_observable",
            "baseline",
            "effect",
        ]
        .map(|c| table.column(c));
        let (endpoint_col, arm, reference) = (endpoint_col?, arm?, reference?);
        let (baseline_observable, baseline, effect) = (baseline_observable?, baseline?, effect?);
        let selected: Vec<usize> = (0..table.len())
            .filter(|&r| table.text(r, endpoint_col) == endpoint.name)
            .collect();
        let Some(&first) = selected.first() else {
            return Err(PlotError::NoData {
                path: table.path().to_path_buf(),
                kind: PlotKind::IndividualEffects,
            });
        };
        let baseline_name = table.text(first, baseline_observable);
        let baseline_label = match Observable::from_name(baseline_name) {
            Some(o) => with_unit(&format!("baseline {}", o.label()), o),
            None => format!("baseline {baseline_name}"),
        };
        let arms = run.arms_in(selected.iter().map(|&r| table.text(r, arm)));
        let references = run.arms_in(selected.iter().map(|&r| table.text(r, reference)));
        let mut comparisons = Vec::new();
        for (arm_index, a) in arms.iter().enumerate() {
            for reference_arm in &references {
                let mut points = Vec::new();
                for &r in &selected {
                    if table.text(r, arm) == a.name
                        && table.text(r, reference) == reference_arm.name
                    {
                        points.push((table.number(r, baseline)?, table.number(r, effect)?));
                    }
                }
                if !points.is_empty() {
                    comparisons.push(Comparison {
                        label: format!("{} vs {}", a.label, reference_arm.label),
                        colour: style::arm_colour(arm_index),
                        points,
                    });
                }
            }
        }
        Ok(Self {
            endpoint,
            baseline_label,
            comparisons,
        })
    }
}

impl Figure for IndividualEffects {
    fn subtitle(&self) -> String {
        format!(
            "Individual effect on {} against baseline: each subject's change in the arm minus \
             its change in the reference",
            self.endpoint.label()
        )
    }

    fn legend(&self) -> Vec<LegendEntry> {
        let mut entries = vec![LegendEntry::heading("Comparisons (one point per subject)")];
        for comparison in &self.comparisons {
            entries.push(LegendEntry::new(
                Swatch::Point {
                    colour: comparison.colour,
                },
                comparison.label.clone(),
            ));
        }
        entries.push(LegendEntry::heading("Reading it"));
        entries.push(LegendEntry::new(
            Swatch::Line {
                colour: style::okabe_ito::BLACK,
                width: 2,
            },
            "zero: the arm changed this subject as much as the reference did",
        ));
        entries
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let points = || self.comparisons.iter().flat_map(|c| c.points.iter());
        let (x_low, x_high) = style::padded_range(points().map(|p| p.0));
        let (y_low, y_high) = style::padded_range(points().map(|p| p.1).chain([0.0]));
        let mut chart = ChartBuilder::on(area)
            .margin(CHART_MARGIN_PX)
            .x_label_area_size(X_LABEL_AREA_PX)
            .y_label_area_size(Y_LABEL_AREA_PX)
            .build_cartesian_2d(x_low..x_high, y_low..y_high)?;
        style::draw_mesh(
            &mut chart,
            &self.baseline_label,
            &format!(
                "individual effect on {}{}",
                self.endpoint.label(),
                self.endpoint.unit_suffix()
            ),
        )?;
        style::horizontal_line(&mut chart, 0.0, style::okabe_ito::BLACK.stroke_width(2))?;
        for comparison in &self.comparisons {
            chart.draw_series(
                comparison
                    .points
                    .iter()
                    .map(|&p| Circle::new(p, 4, comparison.colour.mix(0.55).filled())),
            )?;
        }
        Ok(())
    }
}
