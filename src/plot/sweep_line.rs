//! Sweep line: for a sweep of one dimension, an endpoint against the varied value. Either each
//! arm's mean change from baseline with the middle 50% and 90% of subjects as bands, or each
//! compared arm's effect against the reference arm with its bootstrap interval as a band and a
//! zero line. A log-spaced dimension gets a log axis. Points are marked.

use super::PlotError;
use super::style::{
    self, BAND_50_OPACITY, BAND_90_OPACITY, CHART_MARGIN_PX, DrawResult, Figure, LegendEntry,
    Swatch, X_LABEL_AREA_PX, Y_LABEL_AREA_PX,
};
use super::sweep_data::{SweepFolder, TickAxis, endpoint_words};
use crate::output::sweep::{arm_column, effect_column};
use plotters::coord::Shift;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::prelude::*;

/// What the lines show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineMode {
    /// Each arm's change from baseline.
    Arms,
    /// Each compared arm's effect against the reference.
    Effects,
}

/// One point of a line: `(x, centre, inner band, outer band)`.
type LinePoint = (f64, f64, (f64, f64), Option<(f64, f64)>);

/// One line with its bands.
#[derive(Debug, Clone)]
struct Series {
    label: String,
    colour: RGBColor,
    points: Vec<LinePoint>,
}

/// The sweep line figure.
#[derive(Debug, Clone)]
pub struct SweepLine {
    /// The endpoint shown (observable name).
    pub endpoint: String,
    /// What the lines show.
    pub mode: LineMode,
    x_label: String,
    log_x: bool,
    grid: bool,
    series: Vec<Series>,
    reference_label: String,
}

impl SweepLine {
    /// Reads the lines of one endpoint from a sweep of one dimension.
    pub fn prepare(
        folder: &SweepFolder,
        endpoint: &str,
        mode: LineMode,
    ) -> Result<Self, PlotError> {
        let dimension = &folder.dimensions[0];
        let x = folder.column(&dimension.path)?;
        let mut order: Vec<usize> = (0..x.len()).collect();
        order.sort_by(|a, b| x[*a].total_cmp(&x[*b]));
        let reference_label = folder
            .arms
            .iter()
            .find(|a| a.name == folder.reference)
            .map_or(folder.reference.clone(), |a| a.label.clone());
        let mut series = Vec::new();
        match mode {
            LineMode::Arms => {
                for (index, arm) in folder.arms.iter().enumerate() {
                    let column =
                        |s: &str| folder.column(&arm_column(endpoint, &arm.name, "all", s));
                    let (mean, p5, p25, p75, p95) = (
                        column("change_mean")?,
                        column("change_p5")?,
                        column("change_p25")?,
                        column("change_p75")?,
                        column("change_p95")?,
                    );
                    series.push(Series {
                        label: arm.label.clone(),
                        colour: style::arm_colour(index),
                        points: order
                            .iter()
                            .map(|&i| (x[i], mean[i], (p25[i], p75[i]), Some((p5[i], p95[i]))))
                            .collect(),
                    });
                }
            }
            LineMode::Effects => {
                for (index, arm) in folder.compared_arms() {
                    let column = |s: &str| {
                        folder.column(&effect_column(
                            endpoint,
                            &arm.name,
                            &folder.reference,
                            "all",
                            s,
                        ))
                    };
                    let (effect, low, high) = (
                        column("effect")?,
                        column("effect_ci_low")?,
                        column("effect_ci_high")?,
                    );
                    series.push(Series {
                        label: format!("{} minus {}", arm.label, reference_label),
                        colour: style::arm_colour(index),
                        points: order
                            .iter()
                            .map(|&i| (x[i], effect[i], (low[i], high[i]), None))
                            .collect(),
                    });
                }
            }
        }
        Ok(Self {
            endpoint: endpoint.to_string(),
            mode,
            x_label: dimension.label.clone(),
            log_x: dimension.log && x.iter().all(|v| *v > 0.0),
            grid: folder.grid,
            series,
            reference_label,
        })
    }

    fn draw_on<DB, X>(
        &self,
        chart: &mut ChartContext<'_, DB, Cartesian2d<X, plotters::coord::types::RangedCoordf64>>,
    ) -> DrawResult<DB>
    where
        DB: DrawingBackend,
        X: plotters::coord::ranged1d::Ranged<ValueType = f64> + ValueFormatter<f64>,
    {
        let (words, unit) = endpoint_words(&self.endpoint);
        let y_label = match self.mode {
            LineMode::Arms => format!("change in {words}{unit}"),
            LineMode::Effects => format!("effect on the change in {words}{unit}"),
        };
        style::draw_mesh(chart, &self.x_label, &y_label)?;
        style::horizontal_line(chart, 0.0, style::NEUTRAL.stroke_width(2))?;
        for s in &self.series {
            let finite: Vec<_> = s.points.iter().filter(|p| p.1.is_finite()).collect();
            for (opacity, band) in [(BAND_90_OPACITY, 1), (BAND_50_OPACITY, 0)] {
                let bounds: Vec<(f64, f64, f64)> = finite
                    .iter()
                    .filter_map(|p| {
                        let b = if band == 0 { Some(p.2) } else { p.3 }?;
                        (b.0.is_finite() && b.1.is_finite()).then_some((p.0, b.0, b.1))
                    })
                    .collect();
                if bounds.len() < 2 {
                    continue;
                }
                let opacity = if self.mode == LineMode::Effects {
                    BAND_50_OPACITY
                } else {
                    opacity
                };
                let outline: Vec<(f64, f64)> = bounds
                    .iter()
                    .map(|b| (b.0, b.2))
                    .chain(bounds.iter().rev().map(|b| (b.0, b.1)))
                    .collect();
                chart.draw_series(std::iter::once(Polygon::new(
                    outline,
                    s.colour.mix(opacity).filled(),
                )))?;
            }
        }
        for s in &self.series {
            let line: Vec<(f64, f64)> = s
                .points
                .iter()
                .filter(|p| p.1.is_finite())
                .map(|p| (p.0, p.1))
                .collect();
            chart.draw_series(LineSeries::new(line.clone(), s.colour.stroke_width(3)))?;
            chart.draw_series(
                line.into_iter()
                    .map(|p| Circle::new(p, 5, s.colour.filled())),
            )?;
        }
        Ok(())
    }
}

impl SweepLine {
    /// Where a series' centre line changes sign: the pairs of neighbouring swept values between
    /// which it does (values within 0.01% of the largest of zero count as zero).
    fn sign_changes(&self, series: &Series) -> Vec<(f64, f64)> {
        let scale = series
            .points
            .iter()
            .map(|p| p.1.abs())
            .filter(|v| v.is_finite())
            .fold(0.0_f64, f64::max);
        let sign = |v: f64| {
            if !v.is_finite() || v.abs() <= 1e-4 * scale {
                0.0
            } else {
                v.signum()
            }
        };
        series
            .points
            .windows(2)
            .filter(|w| sign(w[0].1) * sign(w[1].1) < 0.0)
            .map(|w| (w[0].0, w[1].0))
            .collect()
    }
}

impl Figure for SweepLine {
    fn caption(&self) -> String {
        match self.mode {
            LineMode::Arms => "Each line is one arm's mean change from day 0 to the end at each \
                swept value; the bands hold the middle 50% and 90% of its subjects."
                .to_string(),
            LineMode::Effects => {
                let parts: Vec<String> = self
                    .series
                    .iter()
                    .map(|s| {
                        let changes = self.sign_changes(s);
                        if let Some(&(a, b)) = changes.first() {
                            format!(
                                "{}: the effect changes sign between {} and {}",
                                s.label,
                                style::tick(&a),
                                style::tick(&b)
                            )
                        } else if s.points.iter().all(|p| p.1.is_nan() || p.1 >= 0.0) {
                            format!("{}: the effect is not negative at any swept value", s.label)
                        } else if s.points.iter().all(|p| p.1.is_nan() || p.1 <= 0.0) {
                            format!("{}: the effect is not positive at any swept value", s.label)
                        } else {
                            format!("{}: the effect has no consistent sign", s.label)
                        }
                    })
                    .collect();
                format!(
                    "{}. Where an interval misses zero, the sign is clear despite sampling noise.",
                    parts.join("; ")
                )
            }
        }
    }

    fn subtitle(&self) -> String {
        let (words, _) = endpoint_words(&self.endpoint);
        match self.mode {
            LineMode::Arms => {
                format!("Change in {words} from day 0 to the end, per arm, across the sweep")
            }
            LineMode::Effects => format!(
                "Effect on {words} (arm minus {}) across the sweep, with interval",
                self.reference_label
            ),
        }
    }

    fn legend(&self) -> Vec<LegendEntry> {
        let mut entries = vec![LegendEntry::heading(match self.mode {
            LineMode::Arms => "Arms",
            LineMode::Effects => "Comparisons",
        })];
        for s in &self.series {
            entries.push(LegendEntry::new(
                Swatch::LineOnBand { colour: s.colour },
                s.label.clone(),
            ));
        }
        entries.push(LegendEntry::heading("Reading it"));
        match self.mode {
            LineMode::Arms => {
                entries.push(LegendEntry::new(
                    Swatch::Point {
                        colour: style::NEUTRAL,
                    },
                    "one sweep point: the mean change of its cohort (same seed)",
                ));
                entries.push(LegendEntry::new(
                    Swatch::Band {
                        colour: style::NEUTRAL,
                        opacity: BAND_50_OPACITY + BAND_90_OPACITY,
                    },
                    "middle 50% of subjects (p25–p75)",
                ));
                entries.push(LegendEntry::new(
                    Swatch::Band {
                        colour: style::NEUTRAL,
                        opacity: BAND_90_OPACITY,
                    },
                    "middle 90% of subjects (p5–p95)",
                ));
            }
            LineMode::Effects => {
                entries.push(LegendEntry::new(
                    Swatch::Point {
                        colour: style::NEUTRAL,
                    },
                    "one sweep point: difference in mean change, arm minus reference",
                ));
                entries.push(LegendEntry::new(
                    Swatch::Band {
                        colour: style::NEUTRAL,
                        opacity: BAND_50_OPACITY,
                    },
                    "bootstrap interval of the effect",
                ));
            }
        }
        entries.push(LegendEntry::new(
            Swatch::Line {
                colour: style::NEUTRAL,
                width: 2,
            },
            "zero: no change",
        ));
        entries
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let all = || self.series.iter().flat_map(|s| s.points.iter());
        let xs: Vec<f64> = all().map(|p| p.0).filter(|x| x.is_finite()).collect();
        let (x_low, x_high) = xs
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), x| {
                (l.min(*x), h.max(*x))
            });
        let (x_low, x_high) = if x_low.is_finite() && x_high > x_low {
            (x_low, x_high)
        } else {
            style::padded_range(xs.iter().copied())
        };
        let (y_low, y_high) = style::padded_range(
            all()
                .flat_map(|p| {
                    let outer = p.3.unwrap_or(p.2);
                    [p.1, p.2.0, p.2.1, outer.0, outer.1]
                })
                .chain([0.0]),
        );
        let mut builder = ChartBuilder::on(area);
        builder
            .margin(CHART_MARGIN_PX)
            .x_label_area_size(X_LABEL_AREA_PX)
            .y_label_area_size(Y_LABEL_AREA_PX);
        if self.grid {
            // Ticks at the swept values (at most 12 of them), on the dimension's scale.
            let mut values = xs.clone();
            values.sort_by(f64::total_cmp);
            values.dedup();
            let every = values.len().div_ceil(12).max(1);
            let (low, high) = if self.log_x {
                let pad = (x_high / x_low).powf(0.03);
                (x_low / pad, x_high * pad)
            } else {
                let pad = 0.03 * (x_high - x_low);
                (x_low - pad, x_high + pad)
            };
            let axis = TickAxis {
                low,
                high,
                ticks: values.into_iter().step_by(every).collect(),
                log: self.log_x,
            };
            let mut chart = builder.build_cartesian_2d(axis, y_low..y_high)?;
            self.draw_on(&mut chart)
        } else if self.log_x {
            let mut chart =
                builder.build_cartesian_2d((x_low..x_high).log_scale(), y_low..y_high)?;
            self.draw_on(&mut chart)
        } else {
            let mut chart = builder.build_cartesian_2d(x_low..x_high, y_low..y_high)?;
            self.draw_on(&mut chart)
        }
    }
}
