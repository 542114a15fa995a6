//! `report.html`: a self-contained teaching handout for a finished run, built only from the files
//! of its output folder (manifest, effects, subjects, and the SVG plots), so it can be rebuilt
//! later without simulating. Inline CSS and SVG, no scripts, no network; prints well.

pub mod compare;
pub mod sweep;

use crate::DISCLAIMER;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// File name.
pub const FILE: &str = "report.html";

/// A plot to show, with the one line that tells a reader what to look for.
#[derive(Debug, Clone)]
pub struct Figure {
    /// The SVG file.
    pub svg: PathBuf,
    /// What to look for.
    pub caption: String,
}

/// Why the report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A file of the run could not be read (or is not a regular file of a safe size).
    #[error(transparent)]
    Read(#[from] crate::files::ReadError),
    /// The manifest is not what a run writes.
    #[error("{} is not an mgate manifest: {reason}", path.display())]
    Manifest {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
}

fn read(path: &Path) -> Result<String, ReportError> {
    Ok(crate::files::read_text(
        path,
        crate::files::Links::Refuse,
        crate::files::MAX_TABLE_BYTES,
    )?)
}

/// Escapes text for HTML.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Text in which `code` spans become `<code>` (escaped).
pub fn prose(text: &str) -> String {
    escape(text)
        .split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("<code>{part}</code>")
            } else {
                part.to_string()
            }
        })
        .collect()
}

const STYLE: &str = "
body { font-family: 'DejaVu Sans', Arial, sans-serif; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; color: #1a1a1a; line-height: 1.45; }
h1 { font-size: 1.7rem; margin-bottom: 0.2rem; } h2 { font-size: 1.25rem; margin-top: 2rem;
       border-bottom: 1px solid #ccc; } .disclaimer { border: 2px solid #b35900; background: #fff4e5;
       padding: 0.6rem 1rem; font-weight: bold; margin: 1rem 0; }
.overrides { border: 2px solid #0072b2; background: #eef6fb; padding: 0.4rem 1rem; margin: 1rem 0; }
table { border-collapse: collapse; margin: 0.5rem 0; font-size: 0.9rem; }
th, td { border: 1px solid #bbb; padding: 0.2rem 0.5rem; text-align: right; }
th { background: #eee; } td.l, th.l { text-align: left; }
figure { margin: 1.2rem 0; page-break-inside: avoid; } figure svg { width: 100%; height: auto; }
figcaption { font-style: italic; color: #333; } code, pre { background: #f4f4f4; }
pre { padding: 0.5rem; white-space: pre-wrap; word-break: break-all; }
@media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; } }
";

/// A CSV file's header and rows, as text.
type CsvText = (Vec<String>, Vec<Vec<String>>);

/// A CSV file as header and rows of strings (`None` when the file does not exist).
fn csv_rows(path: &Path) -> Result<Option<CsvText>, ReportError> {
    if !path.exists() {
        return Ok(None);
    }
    let text = read(path)?;
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map(|h| h.iter().map(String::from).collect())
        .unwrap_or_default();
    let rows = reader
        .records()
        .filter_map(Result::ok)
        .map(|r| r.iter().map(String::from).collect())
        .collect();
    Ok(Some((header, rows)))
}

fn table(header: &[&str], rows: &[Vec<String>], left_columns: usize) -> String {
    let mut html = String::from("<table><tr>");
    for (i, h) in header.iter().enumerate() {
        let class = if i < left_columns { " class=\"l\"" } else { "" };
        let _ = write!(html, "<th{class}>{}</th>", escape(h));
    }
    html.push_str("</tr>");
    for row in rows {
        html.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let class = if i < left_columns { " class=\"l\"" } else { "" };
            let _ = write!(html, "<td{class}>{}</td>", escape(cell));
        }
        html.push_str("</tr>");
    }
    html.push_str("</table>");
    html
}

/// Rounds a numeric cell for display; leaves text alone.
fn rounded(cell: &str, decimals: usize) -> String {
    cell.parse::<f64>()
        .map_or_else(|_| cell.to_string(), |v| format!("{v:.decimals$}"))
}

/// The command-line overrides recorded in a manifest, as a box for the top of a handout (empty
/// when the scenario file ran as written).
pub fn overrides(manifest: &serde_json::Value) -> String {
    let options: Vec<&str> = manifest
        .get("overrides")
        .and_then(|v| v.as_array())
        .map(|a| a.iter().filter_map(|o| o["option"].as_str()).collect())
        .unwrap_or_default();
    if options.is_empty() {
        return String::new();
    }
    let mut html = String::from(
        "<div class=\"overrides\"><b>Changed from the scenario file</b> by the command line, in this order:<ul>",
    );
    for option in options {
        let _ = write!(html, "<li><code>{}</code></li>", escape(option));
    }
    html.push_str(
        "</ul>The scenario's own description was written for the file as written.</div>\n",
    );
    html
}

/// Arguments joined into a line a POSIX shell reads back as the same arguments: plain words as
/// they are, anything else in single quotes.
pub fn shell_words(words: &[String]) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "_-./=:,+@%".contains(c);
    words
        .iter()
        .map(|w| {
            if !w.is_empty() && w.chars().all(plain) {
                w.clone()
            } else {
                format!("'{}'", w.replace('\'', "'\\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// What power means, in two sentences a student understands (also in the README).
pub const POWER_IN_WORDS: &str = "Power is how often a trial of this size finds an effect that is really there: run the same trial again and again on new people, and count the trials whose interval excludes zero on the side of the true effect. A small trial can miss a real effect, or even point the wrong way, just because of who happened to enrol and how their levels wandered over the weeks.";

/// The section on replicate trials, from `power.csv` (empty when the run has none).
fn replicates_section(run_dir: &Path) -> Result<String, ReportError> {
    let Some((header, rows)) = csv_rows(&run_dir.join("power.csv"))? else {
        return Ok(String::new());
    };
    let mut html = format!(
        "<h2>Replicate trials and power</h2>\n<p>{}</p>\n<p>Each trial below is the same design run on new people (with their own season, intakes and assay noise), analysed as a real trial would be: difference in mean measured change with a 95% t interval. The right sign is the side of the average over all trials.</p>\n",
        escape(POWER_IN_WORDS)
    );
    let columns = [
        ("endpoint", "endpoint", 0),
        ("arm", "arm", 0),
        ("stratum", "stratum", 0),
        ("trials", "trials", 0),
        ("mean_n_arm", "n in arm", 1),
        ("mean_effect", "average effect", 3),
        ("sd_effect", "SD over trials", 3),
        ("p2_5", "2.5%", 2),
        ("p97_5", "97.5%", 2),
        ("fraction_right_sign", "right sign", 100),
        ("power", "power", 100),
    ];
    let indices: Vec<Option<usize>> = columns
        .iter()
        .map(|(name, _, _)| header.iter().position(|h| h == name))
        .collect();
    let shown: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            columns
                .iter()
                .zip(&indices)
                .map(|((_, _, decimals), index)| {
                    let cell = index.and_then(|i| row.get(i)).map_or("", String::as_str);
                    match decimals {
                        0 => cell.to_string(),
                        100 => cell
                            .parse::<f64>()
                            .map_or_else(|_| cell.to_string(), |v| format!("{:.0}%", v * 100.0)),
                        d => rounded(cell, *d),
                    }
                })
                .collect()
        })
        .collect();
    let labels: Vec<&str> = columns.iter().map(|(_, label, _)| *label).collect();
    html.push_str(&table(&labels, &shown, 3));
    Ok(html)
}

/// Builds the report text for a run folder.
pub fn render(run_dir: &Path, figures: &[Figure]) -> Result<String, ReportError> {
    let manifest_path = run_dir.join("manifest.json");
    let manifest: serde_json::Value =
        serde_json::from_str(&read(&manifest_path)?).map_err(|e| ReportError::Manifest {
            path: manifest_path.clone(),
            reason: e.to_string(),
        })?;
    let field = |pointer: &str| {
        manifest
            .pointer(pointer)
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string()
    };
    let title = field("/scenario/title");
    if title.is_empty() {
        return Err(ReportError::Manifest {
            path: manifest_path,
            reason: "no scenario title".into(),
        });
    }
    let mut html = String::new();
    let _ = writeln!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>",
        escape(&title)
    );
    let _ = writeln!(html, "<h1>{}</h1>", escape(&title));
    let _ = writeln!(
        html,
        "<div class=\"disclaimer\">{}. This handout shows mechanisms of a toy model for teaching; its numbers are not predictions for any person.</div>",
        escape(DISCLAIMER)
    );
    html.push_str(&overrides(&manifest));
    let reference = field("/scenario/reference");
    if !reference.is_empty() {
        let _ = writeln!(html, "<p><b>After:</b> {}</p>", escape(&reference));
    }
    let _ = writeln!(
        html,
        "<h2>The scenario</h2>\n<p>{}</p>",
        escape(&field("/scenario/description")).replace("\n\n", "</p><p>")
    );
    let look_for = field("/scenario/look_for");
    if !look_for.is_empty() {
        let _ = writeln!(
            html,
            "<p><b>What to look for:</b> {}</p>",
            escape(&look_for)
        );
    }
    // Numbers as a person writes them: 84, not 84.0.
    let number = |pointer: &str| {
        manifest
            .pointer(pointer)
            .and_then(serde_json::Value::as_f64)
            .map_or_else(String::new, |v| format!("{v}"))
    };
    let subjects = number("/scenario/subjects");
    let duration = number("/scenario/duration_days");
    let design = manifest
        .pointer("/design/kind")
        .and_then(|v| v.as_str())
        .unwrap_or("");
    let _ = writeln!(
        html,
        "<p>{subjects} subjects, {duration} days, {design} design.</p>"
    );
    if let Some(arms) = manifest
        .pointer("/scenario/arms")
        .and_then(|v| v.as_array())
    {
        let text = |a: &serde_json::Value, key: &str| a[key].as_str().unwrap_or("").to_string();
        let rows: Vec<Vec<String>> = arms
            .iter()
            .map(|a| vec![text(a, "name"), text(a, "label"), text(a, "regimens")])
            .collect();
        html.push_str(&table(
            &["arm", "label", "what it gets (from its regimens)"],
            &rows,
            3,
        ));
    }

    if let Some((header, rows)) = csv_rows(&run_dir.join("effects.csv"))? {
        html.push_str("<h2>Effects</h2>\n<p>Mean change from the first to the last day in each arm minus that in the reference arm, per stratum of the baseline, with a bootstrap interval.</p>\n");
        let keep = [
            "endpoint",
            "arm",
            "reference_arm",
            "stratum",
            "n_arm",
            "effect",
            "ci_low",
            "ci_high",
        ];
        let indices: Vec<usize> = keep
            .iter()
            .filter_map(|k| header.iter().position(|h| h == k))
            .collect();
        let shown: Vec<Vec<String>> = rows
            .iter()
            .map(|row| {
                indices
                    .iter()
                    .map(|&i| {
                        let cell = row.get(i).map_or("", String::as_str);
                        if i >= indices[5] {
                            rounded(cell, 3)
                        } else {
                            cell.to_string()
                        }
                    })
                    .collect()
            })
            .collect();
        html.push_str(&table(&keep, &shown, 4));
    }

    html.push_str(&replicates_section(run_dir)?);

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
            prose(&figure.caption)
        );
    }

    html.push_str("<h2>Parameters</h2>\n<p>Every model parameter of this run (see <code>mgate explain</code> for units and rationales).</p>\n");
    if let Some(parameters) = manifest.get("parameters").and_then(|v| v.as_object()) {
        let rows: Vec<Vec<String>> = parameters
            .iter()
            .map(|(name, value)| {
                let unit = crate::model::Parameters::info(name).map_or("", |i| i.unit);
                vec![name.clone(), value.to_string(), unit.to_string()]
            })
            .collect();
        html.push_str(&table(&["parameter", "value", "unit"], &rows, 1));
    }
    let seed = manifest.get("seed").cloned().unwrap_or_default();
    let version = field("/mgate_version");
    let command: Vec<String> = manifest
        .get("command_line")
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default();
    let _ = writeln!(
        html,
        "<h2>Reproduce</h2>\n<p>mgate {} with seed {seed}. The exact command, run in the folder it was first run in:</p><pre>{}</pre>\n<p>The resolved scenario is in <code>manifest.json</code>.</p>",
        escape(&version),
        escape(&shell_words(&command))
    );
    let _ = writeln!(
        html,
        "<p class=\"disclaimer\">{}.</p>\n</body></html>",
        escape(DISCLAIMER)
    );
    Ok(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backticks_become_code() {
        assert_eq!(
            prose("run `mgate check` <now>"),
            "run <code>mgate check</code> &lt;now&gt;"
        );
    }
}
