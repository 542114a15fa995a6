//! Effects forest: from `effects.csv`, the effect of each arm against its reference arm (the
//! difference in mean change of the endpoint) per baseline stratum, as a square with its
//! interval as a whisker, over a vertical zero line. One row per (arm, stratum), grouped by arm,
//! the pooled stratum `all` first and then the strata from low to high.

use super::data::{CsvFile, Run};
use super::style::{self, CHART_MARGIN_PX, DrawResult, Figure, LegendEntry, Swatch};
use super::{Endpoint, PlotError, PlotKind, choose_endpoint};
use crate::simulate::Observable;
use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// One row of the forest.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    label: String,
    group: usize,
    effect: f64,
    ci_low: f64,
    ci_high: f64,
}

/// One comparison: an arm against its reference.
#[derive(Debug, Clone)]
struct Comparison {
    label: String,
    colour: RGBColor,
}

/// The effects-forest figure.
#[derive(Debug, Clone)]
pub struct EffectsForest {
    /// The endpoint shown.
    pub endpoint: Endpoint,
    comparisons: Vec<Comparison>,
    rows: Vec<Row>,
}

/// How a stratum sorts: `all` first, then by lower bound (open lower end first), then upper.
fn stratum_order(stratum: &str, low: Option<f64>, high: Option<f64>) -> (u8, f64, f64) {
    if stratum == "all" {
        (0, 0.0, 0.0)
    } else {
        (
            1,
            low.unwrap_or(f64::NEG_INFINITY),
            high.unwrap_or(f64::INFINITY),
        )
    }
}

impl EffectsForest {
    /// Reads `effects.csv` for one endpoint (default 25(OH)D).
    pub fn prepare(run: &Run, observable: Option<Observable>) -> Result<Self, PlotError> {
        let table = run.table(CsvFile::Effects)?;
        let endpoint = choose_endpoint(observable, table, PlotKind::EffectsForest)?;
        let [
            endpoint_col,
            arm,
            reference,
            stratum,
            low,
            high,
            n_arm,
            n_ref,
            effect,
            ci_low,
            ci_high,
        ] = [
            "endpoint",
            "arm",
            "reference_arm",
            "stratum",
            "stratum_low",
            "stratum_high",
            "n_arm",
            "n_reference",
            "effect",
            "ci_low",
            "ci_high",
        ]
        .map(|c| table.column(c));
        let (endpoint_col, arm, reference, stratum) = (endpoint_col?, arm?, reference?, stratum?);
        let (low, high, n_arm, n_ref) = (low?, high?, n_arm?, n_ref?);
        let (effect, ci_low, ci_high) = (effect?, ci_low?, ci_high?);
        // What the strata are of (written by mgate since strata may be covariates); older
        // files without the column are taken to be strata of the baseline.
        let stratified_by = table.column("stratify_by").ok();
        let selected: Vec<usize> = (0..table.len())
            .filter(|&r| table.text(r, endpoint_col) == endpoint.name)
            .collect();
        let arms = run.arms_in(selected.iter().map(|&r| table.text(r, arm)));
        let mut comparisons = Vec::new();
        let mut rows = Vec::new();
        for (arm_index, a) in arms.iter().enumerate() {
            // One group per (arm, reference) pair, references in manifest order.
            for reference_arm in run.arms_in(selected.iter().map(|&r| table.text(r, reference))) {
                let mut group: Vec<(usize, (u8, f64, f64))> = Vec::new();
                for &r in &selected {
                    if table.text(r, arm) == a.name
                        && table.text(r, reference) == reference_arm.name
                    {
                        let order = stratum_order(
                            table.text(r, stratum),
                            table.optional_number(r, low)?,
                            table.optional_number(r, high)?,
                        );
                        group.push((r, order));
                    }
                }
                if group.is_empty() {
                    continue;
                }
                group.sort_by(|x, y| {
                    (x.1.0, x.1.1, x.1.2)
                        .partial_cmp(&(y.1.0, y.1.1, y.1.2))
                        .unwrap_or(std::cmp::Ordering::Equal)
                });
                let group_index = comparisons.len();
                comparisons.push(Comparison {
                    label: format!("{} vs {}", a.label, reference_arm.label),
                    colour: style::arm_colour(arm_index),
                });
                for (r, _) in group {
                    // A stratum with nobody in one of the arms has no effect to draw.
                    let (Some(effect), Some(ci_low), Some(ci_high)) = (
                        table.optional_number(r, effect)?,
                        table.optional_number(r, ci_low)?,
                        table.optional_number(r, ci_high)?,
                    ) else {
                        continue;
                    };
                    let name = match table.text(r, stratum) {
                        "all" => "all subjects".to_string(),
                        s => match stratified_by.map(|c| table.text(r, c)) {
                            Some(by) if !by.is_empty() && by != "NA" => {
                                format!("{} {s}", stratum_variable_label(by))
                            }
                            _ => format!("baseline {s}"),
                        },
                    };
                    rows.push(Row {
                        label: format!(
                            "{name}  (n {}/{})",
                            table.text(r, n_arm).trim(),
                            table.text(r, n_ref).trim()
                        ),
                        group: group_index,
                        effect,
                        ci_low,
                        ci_high,
                    });
                }
            }
        }
        if rows.is_empty() {
            return Err(PlotError::NoData {
                path: table.path().to_path_buf(),
                kind: PlotKind::EffectsForest,
            });
        }
        Ok(Self {
            endpoint,
            comparisons,
            rows,
        })
    }

    /// The vertical positions, top to bottom, of each group's heading and of each row: rows one
    /// unit apart, each group under its heading, a gap between groups.
    fn layout(&self) -> (Vec<f64>, Vec<f64>) {
        let mut y = 0.0;
        let mut headings = Vec::with_capacity(self.comparisons.len());
        let mut rows = Vec::with_capacity(self.rows.len());
        for (i, row) in self.rows.iter().enumerate() {
            if i == 0 || row.group != self.rows[i - 1].group {
                if i > 0 {
                    y -= 1.5;
                }
                headings.push(y);
                y -= 0.9;
            } else {
                y -= 1.0;
            }
            rows.push(y);
        }
        (headings, rows)
    }
}

impl Figure for EffectsForest {
    fn subtitle(&self) -> String {
        format!(
            "Effect on {} by stratum: difference in mean change, arm minus reference, \
             with interval",
            self.endpoint.label()
        )
    }

    fn legend(&self) -> Vec<LegendEntry> {
        let mut entries = vec![LegendEntry::heading("Reading it")];
        entries.push(LegendEntry::new(
            Swatch::Whisker {
                colour: style::NEUTRAL,
            },
            "effect (square) and its interval (whiskers) in one stratum; n = subjects in the arm / in the reference",
        ));
        entries.push(LegendEntry::new(
            Swatch::Line {
                colour: style::okabe_ito::BLACK,
                width: 2,
            },
            "zero: no effect; right of it the arm raised the endpoint more than the reference",
        ));
        entries
    }

    fn caption(&self) -> String {
        let right = self.rows.iter().filter(|r| r.ci_low > 0.0).count();
        let left = self.rows.iter().filter(|r| r.ci_high < 0.0).count();
        let across = self.rows.len() - right - left;
        let count = |n: usize| match n {
            0 => "none".to_string(),
            n if n == self.rows.len() => format!("all {n}"),
            n => n.to_string(),
        };
        format!(
            "Of {} intervals (each comparison, pooled and by stratum), {} lie right of zero (the \
             arm raised {} more than the reference), {} lie left of it, and {} include zero.",
            self.rows.len(),
            count(right),
            self.endpoint.label(),
            count(left),
            count(across)
        )
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let (headings, positions) = self.layout();
        let (x_low, x_high) = style::padded_range(
            self.rows
                .iter()
                .flat_map(|r| [r.ci_low, r.ci_high, r.effect])
                .chain([0.0]),
        );
        let bottom = positions.last().copied().unwrap_or(0.0);
        let labels: Vec<String> = self.rows.iter().map(|r| r.label.clone()).collect();
        let axis = RowAxis {
            low: bottom - 0.8,
            high: 0.6,
            rows: positions.clone(),
        };
        let x_desc = format!(
            "difference in mean change of {}{}",
            self.endpoint.label(),
            self.endpoint.unit_suffix()
        );
        let mut chart = row_chart(area, (x_low, x_high), axis, &labels, None, x_desc)?;
        style::vertical_line(&mut chart, 0.0, style::okabe_ito::BLACK.stroke_width(2))?;
        let heading_style = style::anchored(
            style::text(style::size::LEGEND, style::TEXT),
            HPos::Left,
            VPos::Center,
        );
        let (plot_width, _) = chart.plotting_area().dim_in_pixel();
        for (comparison, &y) in self.comparisons.iter().zip(&headings) {
            let label = style::truncate_to_width(
                area,
                &comparison.label,
                &heading_style,
                plot_width as i32 - 48,
            );
            let (width, _) = area
                .estimate_text_size(&label, &heading_style)
                .unwrap_or((0, 0));
            // On white, so that the zero line does not run through the words.
            chart.draw_series(std::iter::once(
                EmptyElement::at((x_low, y))
                    + Rectangle::new([(2, -13), (width as i32 + 36, 13)], WHITE.filled())
                    + Rectangle::new([(8, -7), (20, 7)], comparison.colour.filled())
                    + Text::new(label, (28, 0), heading_style.clone()),
            ))?;
        }
        for (row, &y) in self.rows.iter().zip(&positions) {
            let colour = self.comparisons[row.group].colour;
            chart.draw_series(std::iter::once(PathElement::new(
                [(row.ci_low, y), (row.ci_high, y)],
                colour.stroke_width(3),
            )))?;
            for end in [row.ci_low, row.ci_high] {
                chart.draw_series(std::iter::once(
                    EmptyElement::at((end, y))
                        + PathElement::new([(0, -8), (0, 8)], colour.stroke_width(3)),
                ))?;
            }
            chart.draw_series(std::iter::once(
                EmptyElement::at((row.effect, y))
                    + Rectangle::new([(-8, -8), (8, 8)], colour.filled()),
            ))?;
        }
        Ok(())
    }
}

/// The chart [`row_chart`] builds.
pub(super) type RowChart<'a, DB> =
    ChartContext<'a, DB, Cartesian2d<plotters::coord::types::RangedCoordf64, RowAxis>>;

/// A chart of labelled rows over a horizontal effect axis (the effects forest, the comparison's
/// effects): each row's label beside its position on `axis`, the label area as wide as the
/// widest label, or at most `max_label_px` with longer labels cut to fit.
pub(super) fn row_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    (x_low, x_high): (f64, f64),
    axis: RowAxis,
    labels: &[String],
    max_label_px: Option<u32>,
    x_desc: String,
) -> Result<RowChart<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    let label_style = style::text(style::size::TICK, style::TEXT);
    let widest = labels
        .iter()
        .filter_map(|label| area.estimate_text_size(label, &label_style).ok())
        .map(|(w, _)| w)
        .max()
        .unwrap_or(100);
    let label_width = max_label_px.map_or(widest, |max| widest.min(max));
    let positions = axis.rows.clone();
    let mut chart = ChartBuilder::on(area)
        .margin(CHART_MARGIN_PX)
        .x_label_area_size(style::X_LABEL_AREA_PX)
        .y_label_area_size(label_width + 24)
        .build_cartesian_2d(x_low..x_high, axis)?;
    let label_of = |y: &f64| {
        positions
            .iter()
            .position(|p| (p - y).abs() < 1e-9)
            .map_or(String::new(), |i| match max_label_px {
                Some(max) => style::truncate_to_width(area, &labels[i], &label_style, max as i32),
                None => labels[i].clone(),
            })
    };
    chart
        .configure_mesh()
        .x_desc(x_desc)
        .axis_desc_style(style::text(style::size::AXIS, style::TEXT))
        .label_style(label_style.clone())
        .x_label_formatter(&style::tick)
        .y_label_formatter(&label_of)
        .x_labels(8)
        .bold_line_style(RGBColor(225, 225, 225).stroke_width(1))
        .light_line_style(TRANSPARENT)
        .axis_style(style::NEUTRAL.stroke_width(1))
        .draw()?;
    Ok(chart)
}

/// A vertical axis of rows: a continuous range whose ticks sit exactly on the rows.
pub(super) struct RowAxis {
    /// Bottom of the axis.
    pub low: f64,
    /// Top of the axis.
    pub high: f64,
    /// Where the rows are (the ticks).
    pub rows: Vec<f64>,
}

impl Ranged for RowAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let fraction = (value - self.low) / (self.high - self.low);
        limit.0 + (f64::from(limit.1 - limit.0) * fraction).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() || hint.max_num_points() == 0 {
            Vec::new()
        } else {
            self.rows.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.low..self.high
    }
}

/// A short label for what the strata are of: an observable's label, or a covariate in words.
fn stratum_variable_label(name: &str) -> String {
    match Observable::from_name(name) {
        Some(observable) => format!("baseline {}", observable.label()),
        None => match name {
            "vitamin_d_input_iu_per_day" => "vitamin D input".to_string(),
            "mg_intake_mg_per_day" => "Mg intake".to_string(),
            "ca_intake_mg_per_day" => "Ca intake".to_string(),
            "body_weight_kg" => "weight".to_string(),
            "renal_mg_factor" => "renal Mg factor".to_string(),
            other => other.to_string(),
        },
    }
}
