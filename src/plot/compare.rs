//! Plots that overlay two finished runs, A (the baseline) and B (the what-if), for
//! `mgate compare`: the time course of an observable, one panel per arm, with A's median as a
//! solid line and B's as a dashed one, each over its light p25–p75 band; and the effects of both
//! runs side by side, A's as squares and B's as diamonds, per comparison and stratum. Arms are
//! matched by name. Like every plot, they read files only.

use super::data::{CsvFile, Run, axis_label, signed};
use super::effects_forest::{RowAxis, row_chart};
use super::style::{
    self, ArmStyle, Dash, DrawResult, Figure, LegendEntry, Marker, PageHeader, Swatch, okabe_ito,
};
use super::time_course::{BAND_OPACITY, day_range};
use super::{PlotError, SweepPlots, file_safe, write_figure};
use crate::simulate::Observable;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::Path;

/// How run A is drawn.
pub const RUN_A: ArmStyle = ArmStyle {
    colour: okabe_ito::BLUE,
    dash: Dash::Solid,
    marker: Marker::Square,
};
/// How run B is drawn.
pub const RUN_B: ArmStyle = ArmStyle {
    colour: okabe_ito::VERMILLION,
    dash: Dash::Dashed,
    marker: Marker::Diamond,
};

/// Panels per row.
const COLUMNS: usize = 3;

/// Median and quartiles of one arm on one day.
type Day = (f64, f64, f64, f64);

/// One arm's course in both runs (either may be absent).
#[derive(Debug, Clone)]
struct ArmPair {
    label: String,
    a: Vec<Day>,
    b: Vec<Day>,
}

/// The names the two runs go by in legends and captions.
#[derive(Debug, Clone)]
pub struct RunNames {
    /// Run A's name (its scenario name, or its folder's).
    pub a: String,
    /// Run B's name.
    pub b: String,
}

/// The overlaid time course of one observable.
#[derive(Debug, Clone)]
pub struct CompareTimeCourse {
    observable: Observable,
    names: RunNames,
    arms: Vec<ArmPair>,
}

/// The days of one arm and observable in a run's `summary.csv`: (day, p25, p50, p75).
fn arm_days(run: &Run, arm: &str, observable: Observable) -> Result<Vec<Day>, PlotError> {
    let table = run.table(CsvFile::Summary)?;
    let [a, d, o, p25, p50, p75] =
        ["arm", "day", "observable", "p25", "p50", "p75"].map(|c| table.column(c));
    let (a, d, o, p25, p50, p75) = (a?, d?, o?, p25?, p50?, p75?);
    let mut days = Vec::new();
    for r in 0..table.len() {
        if table.text(r, a) == arm && table.text(r, o) == observable.name() {
            days.push((
                table.number(r, d)?,
                table.number(r, p25)?,
                table.number(r, p50)?,
                table.number(r, p75)?,
            ));
        }
    }
    days.sort_by(|x, y| x.0.total_cmp(&y.0));
    Ok(days)
}

/// The observables a run's `summary.csv` holds.
fn summary_observables(run: &Run) -> Result<Vec<Observable>, PlotError> {
    let table = run.table(CsvFile::Summary)?;
    let o = table.column("observable")?;
    let mut found: Vec<Observable> = Vec::new();
    for r in 0..table.len() {
        if let Some(observable) = Observable::from_name(table.text(r, o))
            && !found.contains(&observable)
        {
            found.push(observable);
        }
    }
    found.sort();
    Ok(found)
}

impl CompareTimeCourse {
    /// Reads one observable's course per arm from both runs' `summary.csv`.
    pub fn prepare(
        a: &Run,
        b: &Run,
        names: &RunNames,
        observable: Observable,
    ) -> Result<Self, PlotError> {
        let mut arms = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        for arm in a.manifest.arms.iter().chain(&b.manifest.arms) {
            if seen.contains(&arm.name) {
                continue;
            }
            seen.push(arm.name.clone());
            let pair = ArmPair {
                label: arm.label.clone(),
                a: arm_days(a, &arm.name, observable)?,
                b: arm_days(b, &arm.name, observable)?,
            };
            if !(pair.a.is_empty() && pair.b.is_empty()) {
                arms.push(pair);
            }
        }
        Ok(Self {
            observable,
            names: names.clone(),
            arms,
        })
    }
}

impl Figure for CompareTimeCourse {
    fn subtitle(&self) -> String {
        format!(
            "{} over time per arm: median and middle 50% of subjects, A solid, B dashed",
            self.observable.label()
        )
    }

    fn legend(&self) -> Vec<LegendEntry> {
        vec![
            LegendEntry::heading("Runs"),
            LegendEntry::new(Swatch::Arm(RUN_A), format!("A: {}", self.names.a)),
            LegendEntry::new(Swatch::Arm(RUN_B), format!("B: {}", self.names.b)),
            LegendEntry::heading("Bands: middle 50% of the arm's subjects"),
        ]
    }

    fn caption(&self) -> String {
        let unit = match self.observable.unit() {
            "1" => String::new(),
            unit => format!(" {unit}"),
        };
        let parts: Vec<String> = self
            .arms
            .iter()
            .map(|arm| match (arm.a.last(), arm.b.last()) {
                (Some(a), Some(b)) => format!(
                    "{}: {} in A, {} in B ({}{unit})",
                    arm.label,
                    style::tick(&a.2),
                    style::tick(&b.2),
                    signed(b.2 - a.2)
                ),
                (Some(_), None) => format!("{}: only in A", arm.label),
                _ => format!("{}: only in B", arm.label),
            })
            .collect();
        format!(
            "Median {} on the last day: {}.",
            self.observable.label(),
            parts.join("; ")
        )
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let all = || self.arms.iter().flat_map(|p| p.a.iter().chain(&p.b));
        let x = day_range(all().map(|d| d.0));
        let y = style::padded_range(all().flat_map(|d| [d.1, d.3]));
        let panels = style::panel_grid(
            area,
            self.arms.len(),
            COLUMNS,
            "day",
            &axis_label(self.observable),
        )?;
        for (pair, panel) in self.arms.iter().zip(&panels) {
            style::draw_panel_title(&panel.title, &pair.label, Swatch::Heading)?;
            let mut chart = style::chart(&panel.chart, x, y, true)?;
            style::draw_panel_mesh(&mut chart)?;
            for (days, run) in [(&pair.a, RUN_A), (&pair.b, RUN_B)] {
                if days.is_empty() {
                    continue;
                }
                let outline: Vec<(f64, f64)> = days
                    .iter()
                    .map(|d| (d.0, d.3))
                    .chain(days.iter().rev().map(|d| (d.0, d.1)))
                    .collect();
                chart.draw_series(std::iter::once(Polygon::new(
                    outline,
                    run.colour.mix(BAND_OPACITY).filled(),
                )))?;
            }
            for (index, (days, run)) in [(&pair.a, RUN_A), (&pair.b, RUN_B)].into_iter().enumerate()
            {
                let medians: Vec<(f64, f64)> = days.iter().map(|d| (d.0, d.2)).collect();
                style::draw_arm_line(&mut chart, &medians, run, 3, 5, index)?;
            }
        }
        Ok(())
    }
}

/// One effect row of one run.
#[derive(Debug, Clone, PartialEq)]
struct EffectRow {
    /// `arm vs reference, stratum`.
    label: String,
    effect: f64,
    ci_low: f64,
    ci_high: f64,
}

/// Both runs' effects on one endpoint.
#[derive(Debug, Clone)]
pub struct CompareEffects {
    endpoint: String,
    names: RunNames,
    /// Row labels in order, each with A's and B's effect where the run has it.
    rows: Vec<(String, Option<EffectRow>, Option<EffectRow>)>,
}

/// The effect rows of one endpoint in a run's `effects.csv` (none if the run has no such file).
fn effect_rows(run: &Run, endpoint: &str) -> Result<Vec<EffectRow>, PlotError> {
    let table = match run.table(CsvFile::Effects) {
        Ok(table) => table,
        Err(PlotError::MissingFile { .. }) => return Ok(Vec::new()),
        Err(error) => return Err(error),
    };
    let [e, arm, reference, stratum, effect, low, high] = [
        "endpoint",
        "arm",
        "reference_arm",
        "stratum",
        "effect",
        "ci_low",
        "ci_high",
    ]
    .map(|c| table.column(c));
    let (e, arm, reference, stratum) = (e?, arm?, reference?, stratum?);
    let (effect, low, high) = (effect?, low?, high?);
    let mut rows = Vec::new();
    for r in 0..table.len() {
        if table.text(r, e) != endpoint {
            continue;
        }
        let (Some(value), Some(ci_low), Some(ci_high)) = (
            table.optional_number(r, effect)?,
            table.optional_number(r, low)?,
            table.optional_number(r, high)?,
        ) else {
            continue;
        };
        rows.push(EffectRow {
            label: format!(
                "{} vs {}, {}",
                table.text(r, arm),
                table.text(r, reference),
                table.text(r, stratum)
            ),
            effect: value,
            ci_low,
            ci_high,
        });
    }
    Ok(rows)
}

/// The endpoints of a run's `effects.csv`, in order of appearance.
fn effect_endpoints(run: &Run) -> Result<Vec<String>, PlotError> {
    let table = match run.table(CsvFile::Effects) {
        Ok(table) => table,
        Err(PlotError::MissingFile { .. }) => return Ok(Vec::new()),
        Err(error) => return Err(error),
    };
    let e = table.column("endpoint")?;
    let mut names: Vec<String> = Vec::new();
    for r in 0..table.len() {
        let name = table.text(r, e);
        if !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
    }
    Ok(names)
}

impl CompareEffects {
    /// Reads one endpoint's effects from both runs; `None` if neither run has any.
    pub fn prepare(
        a: &Run,
        b: &Run,
        names: &RunNames,
        endpoint: &str,
    ) -> Result<Option<Self>, PlotError> {
        let (rows_a, rows_b) = (effect_rows(a, endpoint)?, effect_rows(b, endpoint)?);
        let mut rows: Vec<(String, Option<EffectRow>, Option<EffectRow>)> = Vec::new();
        for row in rows_a.iter().chain(&rows_b) {
            if rows.iter().any(|r| r.0 == row.label) {
                continue;
            }
            let find = |list: &[EffectRow]| list.iter().find(|r| r.label == row.label).cloned();
            rows.push((row.label.clone(), find(&rows_a), find(&rows_b)));
        }
        Ok((!rows.is_empty()).then(|| Self {
            endpoint: endpoint.to_string(),
            names: names.clone(),
            rows,
        }))
    }

    fn endpoint_label(&self) -> String {
        Observable::from_name(&self.endpoint)
            .or_else(|| {
                self.endpoint
                    .strip_suffix("_change")
                    .and_then(Observable::from_name)
            })
            .map_or(self.endpoint.clone(), |o| o.label().to_string())
    }
}

impl Figure for CompareEffects {
    fn subtitle(&self) -> String {
        format!(
            "Effect on {} (arm minus reference, with interval): A squares, B diamonds",
            self.endpoint_label()
        )
    }

    fn legend(&self) -> Vec<LegendEntry> {
        vec![
            LegendEntry::heading("Runs"),
            LegendEntry::new(Swatch::ArmMarker(RUN_A), format!("A: {}", self.names.a)),
            LegendEntry::new(Swatch::ArmMarker(RUN_B), format!("B: {}", self.names.b)),
            LegendEntry::new(
                Swatch::Line {
                    colour: okabe_ito::BLACK,
                    width: 2,
                },
                "zero: no effect",
            ),
        ]
    }

    fn caption(&self) -> String {
        let parts: Vec<String> = self
            .rows
            .iter()
            .filter_map(|(label, a, b)| {
                let (a, b) = (a.as_ref()?, b.as_ref()?);
                Some(format!(
                    "{label}: {} in A, {} in B",
                    signed(a.effect),
                    signed(b.effect)
                ))
            })
            .collect();
        if parts.is_empty() {
            "The two runs share no comparison for this endpoint.".to_string()
        } else {
            format!("Effect on {}: {}.", self.endpoint_label(), parts.join("; "))
        }
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let n = self.rows.len();
        let positions: Vec<f64> = (0..n).map(|k| (n - k) as f64).collect();
        let values = self
            .rows
            .iter()
            .flat_map(|(_, a, b)| a.iter().chain(b.iter()))
            .flat_map(|r| [r.ci_low, r.ci_high, r.effect])
            .chain([0.0]);
        let (x_low, x_high) = style::padded_range(values);
        let labels: Vec<String> = self.rows.iter().map(|r| r.0.clone()).collect();
        let axis = RowAxis {
            low: 0.4,
            high: n as f64 + 0.6,
            rows: positions.clone(),
        };
        let x_desc = format!("effect on {}", self.endpoint_label());
        let mut chart = row_chart(area, (x_low, x_high), axis, &labels, Some(420), x_desc)?;
        style::vertical_line(&mut chart, 0.0, okabe_ito::BLACK.stroke_width(2))?;
        for ((_, a, b), &y) in self.rows.iter().zip(&positions) {
            for (row, run, offset) in [(a, RUN_A, 0.15), (b, RUN_B, -0.15)] {
                let Some(row) = row else { continue };
                let y = y + offset;
                chart.draw_series(std::iter::once(PathElement::new(
                    [(row.ci_low, y), (row.ci_high, y)],
                    run.colour.stroke_width(3),
                )))?;
                for end in [row.ci_low, row.ci_high] {
                    chart.draw_series(std::iter::once(
                        EmptyElement::at((end, y))
                            + PathElement::new([(0, -6), (0, 6)], run.colour.stroke_width(3)),
                    ))?;
                }
            }
        }
        // Markers last, on a white halo, so that no whisker covers a marker.
        for ((_, a, b), &y) in self.rows.iter().zip(&positions) {
            for (row, run, offset) in [(a, RUN_A, 0.15), (b, RUN_B, -0.15)] {
                let Some(row) = row else { continue };
                let shape = |r: i32| -> Vec<(i32, i32)> {
                    match run.marker {
                        Marker::Diamond => vec![(0, -r), (r, 0), (0, r), (-r, 0)],
                        _ => vec![(-r, -r), (r, -r), (r, r), (-r, r)],
                    }
                };
                chart.draw_series([
                    EmptyElement::at((row.effect, y + offset))
                        + Polygon::new(shape(10), WHITE.filled()),
                    EmptyElement::at((row.effect, y + offset))
                        + Polygon::new(shape(7), run.colour.filled()),
                ])?;
            }
        }
        Ok(())
    }
}

/// Renders the comparison plots of runs A and B into `out_dir`: a time course per observable
/// both runs recorded among `observables` (all they share when empty), and an effects plot per
/// endpoint either run estimated. Captions come with the files.
pub fn render_compare(
    run_a: &Path,
    run_b: &Path,
    names: &RunNames,
    observables: &[Observable],
    out_dir: &Path,
) -> Result<SweepPlots, PlotError> {
    let (a, b) = (Run::open(run_a)?, Run::open(run_b)?);
    let header = PageHeader {
        title: format!("A: {}  vs  B: {}", names.a, names.b),
        run: format!("A {}, B {}", a.manifest.run_label(), b.manifest.run_label()),
    };
    let mut plots = SweepPlots::default();
    let in_b = summary_observables(&b)?;
    let shared: Vec<Observable> = summary_observables(&a)?
        .into_iter()
        .filter(|o| in_b.contains(o))
        .filter(|o| observables.is_empty() || observables.contains(o))
        .collect();
    for observable in shared {
        let figure = CompareTimeCourse::prepare(&a, &b, names, observable)?;
        let stem = format!("compare_time_course_{}", observable.name());
        plots.add(write_figure(&figure, &header, out_dir, &stem)?);
    }
    let mut endpoints = effect_endpoints(&a)?;
    for endpoint in effect_endpoints(&b)? {
        if !endpoints.contains(&endpoint) {
            endpoints.push(endpoint);
        }
    }
    for endpoint in endpoints {
        if let Some(figure) = CompareEffects::prepare(&a, &b, names, &endpoint)? {
            let stem = format!("compare_effects_{}", file_safe(&endpoint));
            plots.add(write_figure(&figure, &header, out_dir, &stem)?);
        }
    }
    Ok(plots)
}
