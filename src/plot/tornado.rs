//! Tornado plots of a sensitivity analysis, from `sensitivity.csv`: the parameters with the
//! largest local coefficients as horizontal bars from zero (vermillion when raising the
//! parameter raises the response, blue when it lowers it), largest at the top; or the parameters
//! with the largest Morris μ*, as bars, with σ as a black diamond.

use super::PlotError;
use super::data::Table;
use super::style::PageHeader;
use super::style::{self, CHART_MARGIN_PX, DrawResult, Figure, LegendEntry, Swatch};
use super::sweep_data::{TickAxis, endpoint_words, manifest_object, text_field};
use plotters::coord::Shift;
use plotters::prelude::*;
use serde_json::Value;
use std::path::Path;

/// Most parameters shown.
pub const MAX_BARS: usize = 20;

/// What the bars show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TornadoMode {
    /// Local coefficients.
    Local,
    /// Morris μ* (bars) and σ (markers).
    Morris,
}

/// One bar.
#[derive(Debug, Clone, PartialEq)]
struct Bar {
    label: String,
    value: f64,
    marker: Option<f64>,
}

/// The tornado figure.
#[derive(Debug, Clone)]
pub struct Tornado {
    /// What the bars show.
    pub mode: TornadoMode,
    response: String,
    x_label: String,
    bars: Vec<Bar>,
    hidden: usize,
}

const WRITTEN_BY: &str = "`mgate sensitivity` writes it into every sensitivity folder";

/// A sensitivity folder's manifest object and table.
pub struct SensitivityFolder {
    /// The page header.
    pub header: PageHeader,
    /// The manifest's `sensitivity` object.
    pub object: Value,
    /// `sensitivity.csv`.
    pub table: Table,
    /// The endpoint.
    pub endpoint: String,
}

impl SensitivityFolder {
    /// Opens a sensitivity folder.
    pub fn open(dir: &Path) -> Result<Self, PlotError> {
        let (object, path) = manifest_object(dir, "sensitivity", WRITTEN_BY)?;
        let table = Table::read_csv(
            &dir.join(crate::output::sweep::SENSITIVITY_FILE),
            WRITTEN_BY,
        )?;
        let header = PageHeader {
            title: text_field(&object, &path, "/scenario/title")?,
            run: format!(
                "{} sensitivity, seed {}, {} subjects",
                text_field(&object, &path, "/scenario/name")?,
                object
                    .pointer("/scenario/seed")
                    .and_then(Value::as_u64)
                    .unwrap_or(0),
                object
                    .pointer("/subjects")
                    .and_then(Value::as_u64)
                    .unwrap_or(0)
            ),
        };
        Ok(Self {
            header,
            endpoint: text_field(&object, &path, "/endpoint")?,
            object,
            table,
        })
    }
}

impl Tornado {
    /// Reads the bars of one mode.
    pub fn prepare(folder: &SensitivityFolder, mode: TornadoMode) -> Result<Self, PlotError> {
        let table = &folder.table;
        let name = table.column("parameter")?;
        let (value_column, marker_column) = match mode {
            TornadoMode::Local => (table.column("local_coefficient")?, None),
            TornadoMode::Morris => (
                table.column("morris_mu_star")?,
                Some(table.column("morris_sigma")?),
            ),
        };
        let mut bars = Vec::new();
        for row in 0..table.len() {
            let Some(value) = table.optional_number(row, value_column)? else {
                continue;
            };
            let marker = match marker_column {
                Some(c) => table.optional_number(row, c)?,
                None => None,
            };
            bars.push(Bar {
                label: table.text(row, name).to_string(),
                value,
                marker,
            });
        }
        if bars.is_empty() {
            return Err(PlotError::NoRows {
                path: table.path().to_path_buf(),
                what: match mode {
                    TornadoMode::Local => "local sensitivity",
                    TornadoMode::Morris => "Morris",
                },
            });
        }
        bars.sort_by(|a, b| {
            b.value
                .abs()
                .total_cmp(&a.value.abs())
                .then(a.label.cmp(&b.label))
        });
        let hidden = bars.len().saturating_sub(MAX_BARS);
        bars.truncate(MAX_BARS);
        let object = &folder.object;
        let (words, unit) = endpoint_words(&folder.endpoint);
        let quantity = object
            .pointer("/quantity")
            .and_then(Value::as_str)
            .unwrap_or("level");
        let arm = object
            .pointer("/arm_label")
            .and_then(Value::as_str)
            .unwrap_or("");
        let response = match quantity {
            "change" => format!("mean change in {words} under {arm}"),
            "effect" => format!(
                "effect on the change in {words} ({arm} minus {})",
                object
                    .pointer("/reference_label")
                    .and_then(Value::as_str)
                    .unwrap_or("reference")
            ),
            _ => format!("mean {words} at the end under {arm}"),
        };
        let x_label = match (mode, quantity) {
            (TornadoMode::Local, "level") => "normalised coefficient d ln Y / d ln θ".to_string(),
            (TornadoMode::Local, _) => format!("θ · dY/dθ{unit}"),
            (TornadoMode::Morris, _) => format!("μ* and σ of elementary effects{unit}"),
        };
        Ok(Self {
            mode,
            response,
            x_label,
            bars,
            hidden,
        })
    }
}

impl Figure for Tornado {
    fn caption(&self) -> String {
        let Some(top) = self.bars.first() else {
            return "No parameter has a number in sensitivity.csv.".to_string();
        };
        match self.mode {
            TornadoMode::Local => format!(
                "Near the scenario's values, the {} responds most to {} ({}: raising it {} the \
                 response); bars are sorted by size.",
                self.response,
                top.label,
                style::tick(&top.value),
                if top.value >= 0.0 { "raises" } else { "lowers" }
            ),
            TornadoMode::Morris => format!(
                "Over a wider range, {} has the largest influence (mu* {}); a large sigma beside \
                 a bar means the effect depends on the other parameters or is curved.",
                top.label,
                style::tick(&top.value)
            ),
        }
    }

    fn subtitle(&self) -> String {
        match self.mode {
            TornadoMode::Local => format!("Local sensitivity of the {}", self.response),
            TornadoMode::Morris => format!("Morris screening of the {}", self.response),
        }
    }

    fn legend(&self) -> Vec<LegendEntry> {
        let mut entries = vec![LegendEntry::heading("Reading it")];
        match self.mode {
            TornadoMode::Local => {
                entries.push(LegendEntry::new(
                    Swatch::Band {
                        colour: style::okabe_ito::VERMILLION,
                        opacity: 0.85,
                    },
                    "raising the parameter raises Y",
                ));
                entries.push(LegendEntry::new(
                    Swatch::Band {
                        colour: style::okabe_ito::BLUE,
                        opacity: 0.85,
                    },
                    "raising the parameter lowers Y",
                ));
            }
            TornadoMode::Morris => {
                entries.push(LegendEntry::new(
                    Swatch::Band {
                        colour: style::okabe_ito::SKY_BLUE,
                        opacity: 0.85,
                    },
                    "μ*: mean absolute effect of moving the parameter across its range (influence)",
                ));
                entries.push(LegendEntry::new(
                    Swatch::Point {
                        colour: style::okabe_ito::BLACK,
                    },
                    "σ: spread of those effects (interactions or curvature)",
                ));
            }
        }
        let shown = format!(
            "the {} largest of {} parameters; sensitivity.csv has them all",
            self.bars.len(),
            self.bars.len() + self.hidden
        );
        entries.push(LegendEntry::heading(shown));
        entries
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let n = self.bars.len();
        let values = self
            .bars
            .iter()
            .flat_map(|b| [b.value, b.marker.unwrap_or(0.0)])
            .chain([0.0]);
        let (x_low, x_high) = style::padded_range(values);
        let label_style = style::text(style::size::TICK, style::TEXT);
        let label_width = self
            .bars
            .iter()
            .filter_map(|b| area.estimate_text_size(&b.label, &label_style).ok())
            .map(|(w, _)| w)
            .max()
            .unwrap_or(100);
        // Row k (0 at the top) sits at y = n - k - 0.5.
        let rows = TickAxis {
            low: 0.0,
            high: n as f64,
            ticks: (0..n).map(|k| n as f64 - k as f64 - 0.5).collect(),
            log: false,
        };
        let mut chart = ChartBuilder::on(area)
            .margin(CHART_MARGIN_PX)
            .x_label_area_size(style::X_LABEL_AREA_PX)
            .y_label_area_size(label_width + 24)
            .build_cartesian_2d(x_low..x_high, rows)?;
        let label_of = |y: &f64| {
            let k = (n as f64 - y - 0.5).round();
            if k >= 0.0 && (k as usize) < n {
                self.bars[k as usize].label.clone()
            } else {
                String::new()
            }
        };
        chart
            .configure_mesh()
            .x_desc(&self.x_label)
            .axis_desc_style(style::text(style::size::AXIS, style::TEXT))
            .label_style(label_style)
            .x_label_formatter(&style::tick)
            .y_label_formatter(&label_of)
            .x_labels(8)
            .bold_line_style(RGBColor(225, 225, 225).stroke_width(1))
            .light_line_style(TRANSPARENT)
            .axis_style(style::NEUTRAL.stroke_width(1))
            .draw()?;
        chart.draw_series(self.bars.iter().enumerate().map(|(k, bar)| {
            let y = n as f64 - k as f64 - 0.5;
            let colour = match self.mode {
                TornadoMode::Morris => style::okabe_ito::SKY_BLUE,
                TornadoMode::Local if bar.value >= 0.0 => style::okabe_ito::VERMILLION,
                TornadoMode::Local => style::okabe_ito::BLUE,
            };
            Rectangle::new(
                [(0.0, y - 0.35), (bar.value, y + 0.35)],
                colour.mix(0.85).filled(),
            )
        }))?;
        style::vertical_line(&mut chart, 0.0, style::okabe_ito::BLACK.stroke_width(2))?;
        chart.draw_series(self.bars.iter().enumerate().filter_map(|(k, bar)| {
            let y = n as f64 - k as f64 - 0.5;
            bar.marker.map(|sigma| {
                EmptyElement::at((sigma, y))
                    + Polygon::new(
                        vec![(0, -9), (9, 0), (0, 9), (-9, 0)],
                        style::okabe_ito::BLACK.filled(),
                    )
            })
        }))?;
        Ok(())
    }
}
