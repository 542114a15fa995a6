//! Individual treatment effects against baseline, from `individual_effects.csv` (counterfactual
//! designs, where every subject is simulated in every arm): one panel per comparison, sharing
//! their axes, each subject a small light marker at its effect (the subject's change in the arm
//! minus its change in the reference arm), the binned mean as a line, over a zero line. Points
//! above and below zero at different baselines show the two-way effect subject by subject.

use super::data::{Bin, CsvFile, Run, bin_width, binned_means, with_unit};
use super::style::{self, ArmStyle, DrawResult, Figure, LegendEntry, Swatch};
use super::{Endpoint, PlotError, PlotKind, choose_endpoint};
use crate::simulate::Observable;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Panels per row.
const COLUMNS: usize = 3;

/// One comparison's subjects.
#[derive(Debug, Clone)]
struct Comparison {
    label: String,
    style: ArmStyle,
    /// (baseline, effect) per subject.
    points: Vec<(f64, f64)>,
    bins: Vec<Bin>,
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
        let mut all = Vec::new();
        for &r in &selected {
            all.push(table.number(r, baseline)?);
        }
        let width = bin_width(all);
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
                        style: style::arm_style(arm_index),
                        bins: binned_means(&points, width),
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
            "Individual effect on {}: change in the arm minus change in the reference, per \
             subject (dots) and per baseline bin (line)",
            self.endpoint.label()
        )
    }

    /// No legend: each panel is titled with its comparison.
    fn legend(&self) -> Vec<LegendEntry> {
        Vec::new()
    }

    fn caption(&self) -> String {
        let baseline = self
            .baseline_label
            .split(" (")
            .next()
            .unwrap_or(&self.baseline_label);
        let parts: Vec<String> = self
            .comparisons
            .iter()
            .map(|c| {
                let n = c.points.len();
                let up: Vec<f64> = c.points.iter().filter(|p| p.1 > 0.0).map(|p| p.0).collect();
                let down: Vec<f64> = c.points.iter().filter(|p| p.1 < 0.0).map(|p| p.0).collect();
                let range = |v: &[f64]| {
                    let low = v.iter().copied().fold(f64::INFINITY, f64::min);
                    let high = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    format!("{}–{}", style::tick(&low), style::tick(&high))
                };
                let mut part = format!(
                    "{}: {} of {n} subjects gain, {} lose",
                    c.label,
                    up.len(),
                    down.len()
                );
                if !up.is_empty() && !down.is_empty() {
                    part.push_str(&format!(
                        " (gainers' {baseline} {}, losers' {})",
                        range(&up),
                        range(&down)
                    ));
                }
                part
            })
            .collect();
        format!(
            "{}. Each subject's effect is known only in a simulation, where everyone gets every arm.",
            parts.join("; ")
        )
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let points = || self.comparisons.iter().flat_map(|c| c.points.iter());
        let x = style::padded_range(points().map(|p| p.0));
        let y = style::padded_range(points().map(|p| p.1).chain([0.0]));
        let y_desc = format!(
            "effect on {}{}",
            self.endpoint.label(),
            self.endpoint.unit_suffix()
        );
        let panels = style::panel_grid(
            area,
            self.comparisons.len(),
            COLUMNS,
            &self.baseline_label,
            &y_desc,
        )?;
        for (index, (comparison, panel)) in self.comparisons.iter().zip(&panels).enumerate() {
            style::draw_panel_title(
                &panel.title,
                &comparison.label,
                Swatch::Arm(comparison.style),
            )?;
            let mut chart = style::chart(&panel.chart, x, y, true)?;
            style::draw_panel_mesh(&mut chart)?;
            style::horizontal_line(&mut chart, 0.0, style::okabe_ito::BLACK.stroke_width(2))?;
            style::draw_points(&mut chart, &comparison.points, comparison.style)?;
            let line: Vec<(f64, f64)> = comparison.bins.iter().map(|b| (b.x, b.mean)).collect();
            style::draw_arm_line(&mut chart, &line, comparison.style, 3, line.len(), index)?;
        }
        Ok(())
    }
}
