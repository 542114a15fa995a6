//! `report.html` of a sweep or a sensitivity analysis: the scenario in plain words, the
//! disclaimer, what was varied, the plots with what to look for, and (for a sensitivity analysis)
//! the most influential parameters. Built only from the folder's files, with nothing that
//! changes from run to run (no timestamps, no command line), so a merged sweep's handout equals
//! the unsharded sweep's.

use super::{Figure, ReportError, STYLE, escape, read, table};
use crate::DISCLAIMER;
use serde_json::Value;
use std::fmt::Write as _;
use std::path::Path;

fn manifest(dir: &Path) -> Result<Value, ReportError> {
    let path = dir.join("manifest.json");
    serde_json::from_str(&read(&path)?).map_err(|e| ReportError::Manifest {
        path,
        reason: e.to_string(),
    })
}

fn text(value: &Value, pointer: &str) -> String {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string()
}

fn opening(html: &mut String, scenario: &Value, kind: &str) {
    let title = text(scenario, "/title");
    let _ = writeln!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{} ({kind})</title><style>{STYLE}</style></head><body>",
        escape(&title)
    );
    let _ = writeln!(html, "<h1>{} ({kind})</h1>", escape(&title));
    let _ = writeln!(
        html,
        "<div class=\"disclaimer\">{}. This handout shows how a toy model's mechanisms respond to its inputs, for teaching; its numbers are not predictions for any person.</div>",
        escape(DISCLAIMER)
    );
    html.push_str(&super::overrides(scenario));
}

pub(super) fn figures(html: &mut String, figures: &[Figure]) -> Result<(), ReportError> {
    if !figures.is_empty() {
        html.push_str("<h2>Figures</h2>\n");
    }
    for figure in figures {
        let svg = read(&figure.svg)?;
        let svg = svg
            .trim_start_matches(|c| c != '<')
            .trim_start_matches("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
            .trim();
        let _ = writeln!(
            html,
            "<figure>{svg}<figcaption>{}</figcaption></figure>",
            super::prose(&figure.caption)
        );
    }
    Ok(())
}

fn closing(html: &mut String, scenario: &Value) {
    let _ = writeln!(
        html,
        "<h2>The scenario file</h2>\n<details><summary>as simulated (after any --set options)</summary><pre>{}</pre></details>",
        escape(&text(scenario, "/resolved_toml"))
    );
    let _ = writeln!(
        html,
        "<p class=\"disclaimer\">{}.</p>\n</body></html>",
        escape(DISCLAIMER)
    );
}

/// Builds the handout of a sweep folder.
pub fn render_sweep(dir: &Path, plots: &[Figure]) -> Result<String, ReportError> {
    let document = manifest(dir)?;
    let sweep = document.get("sweep").cloned().unwrap_or_default();
    let scenario = sweep.get("scenario").cloned().unwrap_or_default();
    let mut html = String::new();
    opening(&mut html, &scenario, "sweep");
    let _ = writeln!(
        html,
        "<h2>The scenario</h2>\n<p>{}</p>",
        escape(&text(&scenario, "/description")).replace("\n\n", "</p><p>")
    );
    let look_for = text(&scenario, "/look_for");
    if !look_for.is_empty() {
        let _ = writeln!(
            html,
            "<p><b>What to look for:</b> {}</p>",
            escape(&look_for)
        );
    }
    let number = |pointer: &str| {
        sweep
            .pointer(pointer)
            .map_or_else(String::new, |v| v.to_string())
    };
    let design = match text(&sweep, "/design/kind").as_str() {
        "lhs" => format!(
            "a Latin hypercube of {} points (seed {})",
            number("/design/points"),
            number("/design/seed")
        ),
        _ => format!("a grid of {} points", number("/points")),
    };
    let _ = writeln!(
        html,
        "<h2>What was varied</h2>\n<p>The scenario was simulated at {design}. Each point is the scenario with the values below, with {} subjects over {} days; every point simulates the <b>same</b> virtual subjects (seed {}), so differences between points come from the varied values alone.</p>",
        number("/scenario/subjects"),
        number("/scenario/duration_days"),
        number("/scenario/seed")
    );
    let rows: Vec<Vec<String>> = sweep
        .pointer("/dimensions")
        .and_then(Value::as_array)
        .map(|dims| {
            dims.iter()
                .map(|d| {
                    vec![
                        text(d, "/path"),
                        text(d, "/label"),
                        d.get("values").and_then(Value::as_array).map_or_else(
                            || text(d, "/spec"),
                            |v| {
                                v.iter()
                                    .map(Value::to_string)
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            },
                        ),
                    ]
                })
                .collect()
        })
        .unwrap_or_default();
    html.push_str(&table(&["path", "what it is", "values"], &rows, 3));
    html.push_str("<p>Every point's numbers are in <code>sweep.csv</code>: per endpoint, arm and stratum the mean baseline and the change from the first to the last day (mean, SD, percentiles), and the effect against the reference arm with a bootstrap interval.</p>\n");
    figures(&mut html, plots)?;
    closing(&mut html, &scenario);
    Ok(html)
}

/// Builds the handout of a sensitivity folder.
pub fn render_sensitivity(dir: &Path, plots: &[Figure]) -> Result<String, ReportError> {
    let document = manifest(dir)?;
    let analysis = document.get("sensitivity").cloned().unwrap_or_default();
    let scenario = analysis.get("scenario").cloned().unwrap_or_default();
    let mut html = String::new();
    opening(&mut html, &scenario, "sensitivity");
    let number = |pointer: &str| {
        analysis
            .pointer(pointer)
            .map_or_else(String::new, |v| v.to_string())
    };
    let _ = writeln!(
        html,
        "<h2>What was analysed</h2>\n<p>{}, with {} subjects (seed {}; the same subjects at every evaluation). Local coefficient: {}, from relative steps of {}. {} cohort simulations.</p>",
        escape(&text(&analysis, "/response_definition")),
        number("/subjects"),
        number("/scenario/seed"),
        escape(&text(&analysis, "/local_coefficient")),
        number("/relative_step"),
        number("/evaluations")
    );
    if let Some(morris) = analysis.get("morris").filter(|m| !m.is_null()) {
        let _ = writeln!(
            html,
            "<p>Morris screening: {} trajectories on a {}-level grid over each parameter's value ± {} (clipped to its documented range), seed {}. Elementary effects are in the endpoint's unit per full range.</p>",
            morris["trajectories"], morris["levels"], morris["range"], morris["seed"]
        );
    }
    figures(&mut html, plots)?;
    let path = dir.join(crate::output::sweep::SENSITIVITY_FILE);
    let text_csv = read(&path)?;
    let mut reader = csv::Reader::from_reader(text_csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map(|h| h.iter().map(String::from).collect())
        .unwrap_or_default();
    let column = |name: &str| header.iter().position(|h| h == name);
    let keep = [
        "parameter",
        "value",
        "local_coefficient",
        "morris_mu_star",
        "morris_sigma",
    ];
    let indices: Vec<Option<usize>> = keep.iter().map(|k| column(k)).collect();
    let rank = column("local_rank");
    let mut rows: Vec<(usize, Vec<String>)> = reader
        .records()
        .filter_map(Result::ok)
        .filter_map(|r| {
            let rank = rank
                .and_then(|i| r.get(i))
                .and_then(|v| v.parse::<usize>().ok())?;
            let cells = indices
                .iter()
                .map(|i| {
                    let cell = i.and_then(|i| r.get(i)).unwrap_or("");
                    cell.parse::<f64>()
                        .map_or_else(|_| cell.to_string(), |v| format!("{v:.4}"))
                })
                .collect();
            Some((rank, cells))
        })
        .collect();
    rows.sort_by_key(|(rank, _)| *rank);
    let rows: Vec<Vec<String>> = rows.into_iter().take(15).map(|(_, r)| r).collect();
    html.push_str("<h2>The most influential parameters</h2>\n<p>By the size of the local coefficient (all parameters are in <code>sensitivity.csv</code>; <code>mgate explain NAME</code> explains each).</p>\n");
    html.push_str(&table(&keep, &rows, 1));
    closing(&mut html, &scenario);
    Ok(html)
}
