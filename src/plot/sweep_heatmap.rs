//! Sweep heatmap: for a sweep of two dimensions, one cell per point coloured by the effect of an
//! arm against the reference (or, with one arm, its mean change), on a diverging scale centred
//! on zero, with a labelled colour bar. Where neighbouring cells have opposite signs a black line
//! is drawn: the edge where the effect changes sign. Small grids have their values in the cells.
//! A Latin hypercube of two dimensions is drawn as coloured points on continuous axes instead.

use super::PlotError;
use super::style::{
    self, CHART_MARGIN_PX, DrawResult, Figure, LegendEntry, Swatch, X_LABEL_AREA_PX,
    Y_LABEL_AREA_PX,
};
use super::sweep_data::{SweepFolder, TickAxis, endpoint_words, nice_step};
use crate::output::sweep::{arm_column, effect_column};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Colour of values below zero.
const NEGATIVE: RGBColor = style::okabe_ito::BLUE;
/// Colour of values above zero.
const POSITIVE: RGBColor = style::okabe_ito::VERMILLION;
/// Colour of a point without a value.
const MISSING: RGBColor = RGBColor(200, 200, 200);
/// Width of the colour bar's area, pixels.
const COLOUR_BAR_AREA_PX: u32 = 190;
/// Most cells per side that get their value written in them.
const ANNOTATED_CELLS: usize = 12;

/// The colour of `value` on a diverging scale from `-limit` (blue) through 0 (white) to `limit`
/// (vermillion).
pub fn diverging(value: f64, limit: f64) -> RGBColor {
    if !value.is_finite() {
        return MISSING;
    }
    let t = if limit > 0.0 {
        (value / limit).clamp(-1.0, 1.0)
    } else {
        0.0
    };
    let end = if t >= 0.0 { POSITIVE } else { NEGATIVE };
    let mix = |white: u8, c: u8| {
        (f64::from(white) + t.abs() * (f64::from(c) - f64::from(white))).round() as u8
    };
    RGBColor(mix(255, end.0), mix(255, end.1), mix(255, end.2))
}

/// The cell edges between neighbours of opposite sign, in cell coordinates. Values within 0.01%
/// of the scale of zero (a dose of 0 differs from placebo only by the integrator's tolerance) have
/// no sign.
fn flip_edges(
    cells: &[(usize, usize, f64)],
    nx: usize,
    ny: usize,
    limit: f64,
) -> Vec<[(f64, f64); 2]> {
    let sign = |v: f64| {
        if !v.is_finite() || v.abs() <= 1e-4 * limit {
            0.0
        } else {
            v.signum()
        }
    };
    let at = |i: usize, j: usize| {
        cells
            .iter()
            .find(|c| c.0 == i && c.1 == j)
            .map_or(f64::NAN, |c| c.2)
    };
    let mut edges = Vec::new();
    for &(i, j, v) in cells {
        if i + 1 < nx && sign(v) * sign(at(i + 1, j)) < 0.0 {
            let x = (i + 1) as f64;
            edges.push([(x, j as f64), (x, j as f64 + 1.0)]);
        }
        if j + 1 < ny && sign(v) * sign(at(i, j + 1)) < 0.0 {
            let y = (j + 1) as f64;
            edges.push([(i as f64, y), (i as f64 + 1.0, y)]);
        }
    }
    edges
}

/// How the points are laid out.
#[derive(Debug, Clone)]
enum Layout {
    /// A grid: distinct values per axis, and each point's cell.
    Grid {
        x_values: Vec<f64>,
        y_values: Vec<f64>,
        cells: Vec<(usize, usize, f64)>,
    },
    /// Scattered points (a Latin hypercube).
    Scatter { points: Vec<(f64, f64, f64)> },
}

/// The sweep heatmap figure.
#[derive(Debug, Clone)]
pub struct SweepHeatmap {
    /// The endpoint shown (observable name).
    pub endpoint: String,
    /// The arm shown (its name).
    pub arm: String,
    /// Whether cells hold effects against the reference (else one arm's change).
    pub effect: bool,
    arm_label: String,
    reference_label: String,
    x_label: String,
    y_label: String,
    subjects: u64,
    layout: Layout,
    limit: f64,
}

fn distinct_sorted(values: &[f64]) -> Vec<f64> {
    let mut distinct: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    distinct.sort_by(f64::total_cmp);
    distinct.dedup();
    distinct
}

impl SweepHeatmap {
    /// Reads the cells of one endpoint and arm (compared with the reference when `effect`) from
    /// a sweep of two dimensions.
    pub fn prepare(
        folder: &SweepFolder,
        endpoint: &str,
        arm: usize,
        effect: bool,
    ) -> Result<Self, PlotError> {
        let (dx, dy) = (&folder.dimensions[0], &folder.dimensions[1]);
        let (x, y) = (folder.column(&dx.path)?, folder.column(&dy.path)?);
        let arm_name = &folder.arms[arm].name;
        let value = if effect {
            folder.column(&effect_column(
                endpoint,
                arm_name,
                &folder.reference,
                "all",
                "effect",
            ))?
        } else {
            folder.column(&arm_column(endpoint, arm_name, "all", "change_mean"))?
        };
        let limit = value
            .iter()
            .filter(|v| v.is_finite())
            .fold(0.0_f64, |m, v| m.max(v.abs()));
        let layout = if folder.grid {
            let (x_values, y_values) = (distinct_sorted(&x), distinct_sorted(&y));
            let index = |values: &[f64], v: f64| values.iter().position(|w| *w == v);
            let cells = (0..value.len())
                .filter_map(|i| Some((index(&x_values, x[i])?, index(&y_values, y[i])?, value[i])))
                .collect();
            Layout::Grid {
                x_values,
                y_values,
                cells,
            }
        } else {
            Layout::Scatter {
                points: (0..value.len()).map(|i| (x[i], y[i], value[i])).collect(),
            }
        };
        let label_of = |name: &str| {
            folder
                .arms
                .iter()
                .find(|a| a.name == name)
                .map_or(name.to_string(), |a| a.label.clone())
        };
        Ok(Self {
            endpoint: endpoint.to_string(),
            arm: arm_name.clone(),
            effect,
            arm_label: label_of(arm_name),
            reference_label: label_of(&folder.reference),
            x_label: dx.label.clone(),
            y_label: dy.label.clone(),
            subjects: folder.subjects,
            layout,
            limit: if limit > 0.0 { limit } else { 1.0 },
        })
    }

    fn decimals(&self) -> usize {
        if self.limit >= 10.0 {
            1
        } else if self.limit >= 1.0 {
            2
        } else if self.limit >= 0.01 {
            3
        } else {
            4
        }
    }

    fn draw_grid<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        x_values: &[f64],
        y_values: &[f64],
        cells: &[(usize, usize, f64)],
    ) -> DrawResult<DB> {
        let axis = |n: usize| {
            let every = n.div_ceil(ANNOTATED_CELLS).max(1);
            TickAxis {
                low: 0.0,
                high: n as f64,
                ticks: (0..n).step_by(every).map(|i| i as f64 + 0.5).collect(),
                log: false,
            }
        };
        let (nx, ny) = (x_values.len(), y_values.len());
        let mut chart = ChartBuilder::on(area)
            .margin(CHART_MARGIN_PX)
            .x_label_area_size(X_LABEL_AREA_PX)
            .y_label_area_size(Y_LABEL_AREA_PX)
            .build_cartesian_2d(axis(nx), axis(ny))?;
        let label = |values: &[f64], position: f64| {
            values
                .get(position.floor().max(0.0) as usize)
                .map_or(String::new(), style::tick)
        };
        chart
            .configure_mesh()
            .x_desc(&self.x_label)
            .y_desc(&self.y_label)
            .axis_desc_style(style::text(style::size::AXIS, style::TEXT))
            .label_style(style::text(style::size::TICK, style::TEXT))
            .x_label_formatter(&|p| label(x_values, *p))
            .y_label_formatter(&|p| label(y_values, *p))
            .disable_mesh()
            .axis_style(style::NEUTRAL.stroke_width(1))
            .draw()?;
        chart.draw_series(cells.iter().map(|&(i, j, v)| {
            Rectangle::new(
                [(i as f64, j as f64), (i as f64 + 1.0, j as f64 + 1.0)],
                diverging(v, self.limit).filled(),
            )
        }))?;
        let edges = flip_edges(cells, nx, ny, self.limit);
        chart.draw_series(
            edges
                .into_iter()
                .map(|e| PathElement::new(e, style::okabe_ito::BLACK.stroke_width(5))),
        )?;
        // Values in the cells, when every one fits its cell.
        let decimals = self.decimals();
        let label = |v: f64| {
            if v.abs() < 0.5 * 10_f64.powi(-(decimals as i32)) {
                format!("{:.decimals$}", 0.0)
            } else {
                format!("{v:+.decimals$}")
            }
        };
        let cell_style = style::text(style::size::TICK, style::TEXT);
        let (width, height) = chart.plotting_area().dim_in_pixel();
        let widest = cells
            .iter()
            .filter(|c| c.2.is_finite())
            .filter_map(|c| area.estimate_text_size(&label(c.2), &cell_style).ok())
            .fold((0, 0), |(w, h), (tw, th)| (w.max(tw), h.max(th)));
        let fits = widest.0 + 8 <= width / nx as u32 && widest.1 + 4 <= height / ny as u32;
        if fits && nx <= ANNOTATED_CELLS && ny <= ANNOTATED_CELLS {
            chart.draw_series(cells.iter().filter(|c| c.2.is_finite()).map(|&(i, j, v)| {
                let colour = if v.abs() / self.limit > 0.6 {
                    WHITE
                } else {
                    style::TEXT
                };
                Text::new(
                    label(v),
                    (i as f64 + 0.5, j as f64 + 0.5),
                    style::anchored(
                        style::text(style::size::TICK, colour),
                        HPos::Center,
                        VPos::Center,
                    ),
                )
            }))?;
        }
        Ok(())
    }

    fn draw_scatter<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        points: &[(f64, f64, f64)],
    ) -> DrawResult<DB> {
        let (x_low, x_high) = style::padded_range(points.iter().map(|p| p.0));
        let (y_low, y_high) = style::padded_range(points.iter().map(|p| p.1));
        let mut chart = ChartBuilder::on(area)
            .margin(CHART_MARGIN_PX)
            .x_label_area_size(X_LABEL_AREA_PX)
            .y_label_area_size(Y_LABEL_AREA_PX)
            .build_cartesian_2d(x_low..x_high, y_low..y_high)?;
        style::draw_mesh(&mut chart, &self.x_label, &self.y_label)?;
        chart.draw_series(points.iter().map(|&(x, y, v)| {
            EmptyElement::at((x, y))
                + Circle::new((0, 0), 10, diverging(v, self.limit).filled())
                + Circle::new((0, 0), 10, style::NEUTRAL.stroke_width(1))
        }))?;
        Ok(())
    }

    /// The colour bar: the scale from `-limit` to `limit` with ticks, and its unit above it.
    fn draw_colour_bar<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let (_, height) = area.dim_in_pixel();
        let top = CHART_MARGIN_PX as i32 + 70;
        let bottom = height as i32 - X_LABEL_AREA_PX as i32 - CHART_MARGIN_PX as i32;
        let (left, right) = (14, 44);
        let (words, unit) = endpoint_words(&self.endpoint);
        let heading = if self.effect { "effect" } else { "change" };
        let heading_style = style::anchored(
            style::text(style::size::TICK, style::TEXT),
            HPos::Left,
            VPos::Top,
        );
        let lines = style::wrap(
            area,
            &format!("{heading} on {words}{unit}"),
            &heading_style,
            COLOUR_BAR_AREA_PX as i32 - 12,
        );
        for (k, line) in lines.iter().enumerate() {
            area.draw(&Text::new(
                line.clone(),
                (left, CHART_MARGIN_PX as i32 + k as i32 * 24),
                heading_style.clone(),
            ))?;
        }
        let steps = 160;
        let span = (bottom - top) as f64;
        for s in 0..steps {
            let y0 = top + (span * s as f64 / steps as f64).round() as i32;
            let y1 = top + (span * (s + 1) as f64 / steps as f64).round() as i32;
            let value = self.limit * (1.0 - 2.0 * (s as f64 + 0.5) / steps as f64);
            area.draw(&Rectangle::new(
                [(left, y0), (right, y1)],
                diverging(value, self.limit).filled(),
            ))?;
        }
        area.draw(&Rectangle::new(
            [(left, top), (right, bottom)],
            style::NEUTRAL.stroke_width(1),
        ))?;
        let step = nice_step(self.limit / 3.0);
        let count = (self.limit / step).floor() as i64;
        let tick_style = style::anchored(
            style::text(style::size::TICK, style::TEXT),
            HPos::Left,
            VPos::Center,
        );
        for k in -count..=count {
            let value = k as f64 * step;
            let y = top + ((self.limit - value) / (2.0 * self.limit) * span).round() as i32;
            area.draw(&PathElement::new(
                [(right, y), (right + 8, y)],
                style::TEXT.stroke_width(1),
            ))?;
            area.draw(&Text::new(
                style::tick(&value),
                (right + 12, y),
                tick_style.clone(),
            ))?;
        }
        Ok(())
    }
}

impl SweepHeatmap {
    /// How many points have a value above zero, below zero, and none.
    fn signs(&self) -> (usize, usize) {
        let values: Vec<f64> = match &self.layout {
            Layout::Grid { cells, .. } => cells.iter().map(|c| c.2).collect(),
            Layout::Scatter { points } => points.iter().map(|p| p.2).collect(),
        };
        let positive = values.iter().filter(|v| **v > 1e-4 * self.limit).count();
        let negative = values.iter().filter(|v| **v < -1e-4 * self.limit).count();
        (positive, negative)
    }

    /// Whether a sign-flip line is drawn.
    fn has_flip_line(&self) -> bool {
        match &self.layout {
            Layout::Grid {
                x_values,
                y_values,
                cells,
            } => !flip_edges(cells, x_values.len(), y_values.len(), self.limit).is_empty(),
            Layout::Scatter { .. } => false,
        }
    }
}

impl Figure for SweepHeatmap {
    fn caption(&self) -> String {
        let (words, _) = endpoint_words(&self.endpoint);
        let mark = match self.layout {
            Layout::Grid { .. } => "cells",
            Layout::Scatter { .. } => "dots",
        };
        let (more, less) = if self.effect {
            (
                format!("the arm raises {words} more than the reference"),
                "less",
            )
        } else {
            (format!("the arm raises {words}"), "it lowers it")
        };
        let (positive, negative) = self.signs();
        let mut caption = format!(
            "Vermillion {mark}: {more}; blue {mark}: {less}; the deeper the colour, the larger \
             the difference. Here {positive} point(s) are above zero and {negative} below."
        );
        if self.has_flip_line() {
            caption
                .push_str(" The black line runs where the sign flips between neighbouring points.");
        }
        caption
    }

    fn subtitle(&self) -> String {
        let (words, _) = endpoint_words(&self.endpoint);
        if self.effect {
            format!(
                "Effect on the change in {words}: {} minus {}, at each point of the sweep",
                self.arm_label, self.reference_label
            )
        } else {
            format!(
                "Mean change in {words} under {}, at each point of the sweep",
                self.arm_label
            )
        }
    }

    fn legend(&self) -> Vec<LegendEntry> {
        let (words, _) = endpoint_words(&self.endpoint);
        let what = if self.effect {
            "the effect"
        } else {
            "the change"
        };
        let mut entries = vec![LegendEntry::heading("Reading it")];
        entries.push(LegendEntry::new(
            Swatch::Band {
                colour: POSITIVE,
                opacity: 0.9,
            },
            format!("{what} raises {words}"),
        ));
        entries.push(LegendEntry::new(
            Swatch::Band {
                colour: NEGATIVE,
                opacity: 0.9,
            },
            format!("{what} lowers {words}"),
        ));
        if let Layout::Grid {
            x_values,
            y_values,
            cells,
        } = &self.layout
            && !flip_edges(cells, x_values.len(), y_values.len(), self.limit).is_empty()
        {
            entries.push(LegendEntry::new(
                Swatch::Line {
                    colour: style::okabe_ito::BLACK,
                    width: 5,
                },
                "where the sign flips between neighbouring points",
            ));
        }
        entries.push(LegendEntry::heading(format!(
            "Each {} is one sweep point: the mean of its {} subjects (same seed)",
            if matches!(self.layout, Layout::Grid { .. }) {
                "cell"
            } else {
                "dot"
            },
            self.subjects
        )));
        entries
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let (width, _) = area.dim_in_pixel();
        let (chart, bar) = area.split_horizontally(width.saturating_sub(COLOUR_BAR_AREA_PX));
        match &self.layout {
            Layout::Grid {
                x_values,
                y_values,
                cells,
            } => self.draw_grid(&chart, x_values, y_values, cells)?,
            Layout::Scatter { points } => self.draw_scatter(&chart, points)?,
        }
        self.draw_colour_bar(&bar)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_is_white_at_zero_and_saturated_at_the_limit() {
        assert_eq!(diverging(0.0, 2.0), RGBColor(255, 255, 255));
        assert_eq!(diverging(2.0, 2.0), POSITIVE);
        assert_eq!(diverging(-5.0, 2.0), NEGATIVE);
        assert_eq!(diverging(f64::NAN, 2.0), MISSING);
    }

    fn grid(values: [f64; 4]) -> SweepHeatmap {
        SweepHeatmap {
            endpoint: "ohd25_ng_ml".into(),
            arm: "mag".into(),
            effect: true,
            arm_label: "Mg".into(),
            reference_label: "Placebo".into(),
            x_label: "x".into(),
            y_label: "y".into(),
            subjects: 10,
            layout: Layout::Grid {
                x_values: vec![1.0, 2.0],
                y_values: vec![1.0, 2.0],
                cells: vec![
                    (0, 0, values[0]),
                    (1, 0, values[1]),
                    (0, 1, values[2]),
                    (1, 1, values[3]),
                ],
            },
            limit: values.iter().fold(0.0_f64, |m, v| m.max(v.abs())),
        }
    }

    #[test]
    fn the_caption_names_the_colours_drawn_and_the_line_only_when_there_is_one() {
        let same_sign = grid([1.0, 2.0, 3.0, 4.0]).caption();
        assert!(same_sign.contains("Vermillion cells"), "{same_sign}");
        assert!(!same_sign.contains("Red"), "{same_sign}");
        assert!(!same_sign.contains("line"), "no line is drawn: {same_sign}");
        assert!(same_sign.contains("4 point(s) are above zero and 0 below"));
        let flipping = grid([-1.0, 2.0, -3.0, 4.0]).caption();
        assert!(flipping.contains("black line"), "{flipping}");
    }
}
