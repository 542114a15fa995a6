//! Replicate effects: from `replicates.csv` (written when the scenario has `[replicates]`), the
//! estimate of every replicate trial, one row per (arm, stratum) of an endpoint, as a strip of
//! dots over a vertical zero line. A filled dot is a trial whose interval excluded zero; a hollow
//! one a trial that saw nothing. Each row's label gives the power: how many trials of this size
//! saw the effect on the side of the average.

use super::data::{Run, Table};
use super::style::{self, CHART_MARGIN_PX, DrawResult, Figure, LegendEntry, Swatch};
use super::{Endpoint, PlotError, PlotKind, choose_endpoint};
use crate::simulate::Observable;
use plotters::coord::Shift;
use plotters::prelude::*;

/// File read by this plot.
const FILE: &str = "replicates.csv";
/// What writes it.
const WRITTEN_BY: &str = "`mgate run` writes it for scenarios with a [replicates] section";

/// One row: the trials' estimates of one arm in one stratum.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    label: String,
    colour: RGBColor,
    /// (estimate, significant) per trial, in trial order.
    trials: Vec<(f64, bool)>,
    mean: f64,
}

/// The replicate-effects figure.
#[derive(Debug, Clone)]
pub struct ReplicateEffects {
    /// The endpoint shown.
    pub endpoint: Endpoint,
    rows: Vec<Row>,
    trials: usize,
    /// What is compared with what, in words.
    comparison: String,
}

/// Vertical offset of trial `k` within its row: a fixed, evenly spread jitter (golden-ratio
/// sequence), so the same file always gives the same picture.
fn jitter(k: usize) -> f64 {
    let golden = 0.618_033_988_749_895;
    ((k as f64 * golden).fract() - 0.5) * 0.6
}

impl ReplicateEffects {
    /// Reads `replicates.csv` of a run for one endpoint (default 25(OH)D).
    pub fn prepare(run: &Run, observable: Option<Observable>) -> Result<Self, PlotError> {
        let path = run.manifest_path().with_file_name(FILE);
        let table = Table::read_csv(&path, WRITTEN_BY)?;
        let endpoint = choose_endpoint(observable, &table, PlotKind::ReplicateEffects)?;
        let [endpoint_col, arm, stratum, effect, ci_low, ci_high] =
            ["endpoint", "arm", "stratum", "effect", "ci_low", "ci_high"].map(|c| table.column(c));
        let (endpoint_col, arm, stratum) = (endpoint_col?, arm?, stratum?);
        let (effect, ci_low, ci_high) = (effect?, ci_low?, ci_high?);
        let arms = run.arms_in((0..table.len()).map(|r| table.text(r, arm)));
        let mut rows: Vec<Row> = Vec::new();
        let mut keys: Vec<(String, String)> = Vec::new();
        let mut trials = 0;
        for r in (0..table.len()).filter(|&r| table.text(r, endpoint_col) == endpoint.name) {
            let key = (
                table.text(r, arm).to_string(),
                table.text(r, stratum).to_string(),
            );
            let index = match keys.iter().position(|k| *k == key) {
                Some(i) => i,
                None => {
                    let arm_index = arms.iter().position(|a| a.name == key.0).unwrap_or(0);
                    let stratum_label = match key.1.as_str() {
                        "all" => "all subjects".to_string(),
                        s => format!("baseline {s}"),
                    };
                    // Arm names are short; with one compared arm the legend names it.
                    let label = if arms.len() > 1 {
                        format!("{}: {stratum_label}", key.0)
                    } else {
                        stratum_label
                    };
                    rows.push(Row {
                        label,
                        colour: style::arm_colour(arm_index),
                        trials: Vec::new(),
                        mean: 0.0,
                    });
                    keys.push(key);
                    keys.len() - 1
                }
            };
            let (Some(e), Some(low), Some(high)) = (
                table.optional_number(r, effect)?,
                table.optional_number(r, ci_low)?,
                table.optional_number(r, ci_high)?,
            ) else {
                continue;
            };
            rows[index].trials.push((e, low > 0.0 || high < 0.0));
        }
        rows.retain(|row| !row.trials.is_empty());
        for row in &mut rows {
            let n = row.trials.len() as f64;
            row.mean = row.trials.iter().map(|(e, _)| e).sum::<f64>() / n;
            let powered = row
                .trials
                .iter()
                .filter(|(e, significant)| *significant && (*e > 0.0) == (row.mean > 0.0))
                .count();
            trials = trials.max(row.trials.len());
            row.label = format!("{}  (power {:.0}%)", row.label, 100.0 * powered as f64 / n);
        }
        if rows.is_empty() {
            return Err(PlotError::NoData {
                path,
                kind: PlotKind::ReplicateEffects,
            });
        }
        let comparison = match arms.as_slice() {
            [arm] => format!("{} vs the reference arm", arm.label),
            _ => "each arm (named on its rows) vs the reference arm".to_string(),
        };
        Ok(Self {
            endpoint,
            rows,
            trials,
            comparison,
        })
    }
}

impl ReplicateEffects {
    /// A row's power: the share of its trials that saw the effect (interval excluding zero) on
    /// the side of the average.
    fn power(row: &Row) -> f64 {
        let seen = row
            .trials
            .iter()
            .filter(|(estimate, significant)| *significant && estimate * row.mean > 0.0)
            .count();
        seen as f64 / row.trials.len().max(1) as f64
    }
}

impl Figure for ReplicateEffects {
    fn caption(&self) -> String {
        let powers: Vec<(f64, &str)> = self
            .rows
            .iter()
            .map(|r| (Self::power(r), r.label.as_str()))
            .collect();
        let lowest = powers.iter().min_by(|a, b| a.0.total_cmp(&b.0));
        let highest = powers.iter().max_by(|a, b| a.0.total_cmp(&b.0));
        match (lowest, highest) {
            (Some(low), Some(high)) if powers.len() > 1 => format!(
                "The same trial run {} times on new people: the share that saw the effect on {} ranges from {:.0}% ({}) to {:.0}% ({}).",
                self.trials,
                self.endpoint.label(),
                100.0 * low.0,
                low.1,
                100.0 * high.0,
                high.1
            ),
            (Some(only), _) => format!(
                "The same trial run {} times on new people: {:.0}% saw the effect on {}.",
                self.trials,
                100.0 * only.0,
                self.endpoint.label()
            ),
            _ => format!(
                "No replicate trial estimated an effect on {}.",
                self.endpoint.label()
            ),
        }
    }

    fn subtitle(&self) -> String {
        format!(
            "Effect on {} in each of {} replicate trials: difference in mean measured change, arm minus reference",
            self.endpoint.label(),
            self.trials
        )
    }

    fn legend(&self) -> Vec<LegendEntry> {
        vec![
            LegendEntry::heading("Reading it"),
            LegendEntry::new(
                Swatch::Point {
                    colour: style::NEUTRAL,
                },
                "one dot per trial; filled: its interval excluded zero (the trial saw an effect)",
            ),
            LegendEntry::new(
                Swatch::Point {
                    colour: style::arm_colour(1),
                },
                self.comparison.clone(),
            ),
            LegendEntry::new(
                Swatch::Whisker {
                    colour: style::okabe_ito::BLACK,
                },
                "bar: the average over trials, the effect a trial of this size estimates",
            ),
            LegendEntry::new(
                Swatch::Line {
                    colour: style::okabe_ito::BLACK,
                    width: 2,
                },
                "zero: no effect. Power: the share of trials that saw the effect on the side of the average",
            ),
        ]
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let (x_low, x_high) = style::padded_range(
            self.rows
                .iter()
                .flat_map(|r| r.trials.iter().map(|(e, _)| *e))
                .chain([0.0]),
        );
        let n = self.rows.len();
        let label_style = style::text(style::size::TICK, style::TEXT);
        let label_width = self
            .rows
            .iter()
            .filter_map(|r| area.estimate_text_size(&r.label, &label_style).ok())
            .map(|(w, _)| w)
            .max()
            .unwrap_or(100)
            .min(area.dim_in_pixel().0 / 2);
        // Row k sits at y = n - k, the first row on top.
        let position = |k: usize| (n - k) as f64;
        let mut chart = ChartBuilder::on(area)
            .margin(CHART_MARGIN_PX)
            .x_label_area_size(style::X_LABEL_AREA_PX)
            .y_label_area_size(label_width + 24)
            .build_cartesian_2d(x_low..x_high, 0.4..n as f64 + 0.6)?;
        let label_of = |y: &f64| {
            let k = n as f64 - y.round();
            if (y - y.round()).abs() < 1e-9 && k >= 0.0 && (k as usize) < n {
                self.rows[k as usize].label.clone()
            } else {
                String::new()
            }
        };
        chart
            .configure_mesh()
            .x_desc(format!(
                "difference in mean change of {}{}",
                self.endpoint.label(),
                self.endpoint.unit_suffix()
            ))
            .axis_desc_style(style::text(style::size::AXIS, style::TEXT))
            .label_style(label_style)
            .x_label_formatter(&style::tick)
            .y_label_formatter(&label_of)
            .y_labels(n + 1)
            .x_labels(8)
            .bold_line_style(RGBColor(225, 225, 225).stroke_width(1))
            .light_line_style(TRANSPARENT)
            .axis_style(style::NEUTRAL.stroke_width(1))
            .draw()?;
        style::vertical_line(&mut chart, 0.0, style::okabe_ito::BLACK.stroke_width(2))?;
        for (k, row) in self.rows.iter().enumerate() {
            let y = position(k);
            chart.draw_series(row.trials.iter().enumerate().map(|(t, &(e, significant))| {
                let style = if significant {
                    row.colour.mix(0.7).filled()
                } else {
                    row.colour.mix(0.7).stroke_width(1)
                };
                Circle::new((e, y + jitter(t)), 3, style)
            }))?;
            chart.draw_series(std::iter::once(PathElement::new(
                [(row.mean, y - 0.38), (row.mean, y + 0.38)],
                style::okabe_ito::BLACK.stroke_width(3),
            )))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jitter_stays_inside_the_row_and_spreads() {
        let offsets: Vec<f64> = (0..500).map(jitter).collect();
        assert!(offsets.iter().all(|o| o.abs() <= 0.3));
        let above = offsets.iter().filter(|o| **o > 0.0).count();
        assert!((200..=300).contains(&above), "{above}");
    }
}
