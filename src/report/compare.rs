//! `report.html` of `mgate compare`: two finished runs, A (the baseline) and B (the what-if),
//! side by side: which run is which, every value of the resolved scenario that differs between
//! them, key by key (the dotted paths of `--set`, e.g. `arms.vitd.regimens.0.amount`), and the
//! overlaid plots with their captions. Built only from the runs' files.

use super::{Figure, STYLE, escape, table};
use crate::DISCLAIMER;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// One value that differs between the two scenarios.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// The dotted path, as `--set` takes it (arms by name, other lists by position).
    pub key: String,
    /// The value in A (`None`: A does not set it).
    pub a: Option<String>,
    /// The value in B.
    pub b: Option<String>,
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "(not set)".to_string());
        write!(f, "{}: {} → {}", self.key, show(&self.a), show(&self.b))
    }
}

/// Why two scenarios could not be compared.
#[derive(Debug, thiserror::Error)]
#[error("the resolved scenario of run {run} is not valid TOML: {source}")]
pub struct DiffError {
    /// `A` or `B`.
    pub run: &'static str,
    /// The parse error.
    pub source: toml::de::Error,
}

/// Every scalar of a TOML value by dotted path. A list of tables that all have a distinct string
/// `name` (the arms) is keyed by name; other lists of tables by position; a list of plain values
/// is one value.
fn flatten(prefix: &str, value: &toml::Value, out: &mut BTreeMap<String, String>) {
    let join = |key: &str| {
        if prefix.is_empty() {
            key.to_string()
        } else {
            format!("{prefix}.{key}")
        }
    };
    match value {
        toml::Value::Table(table) => {
            for (key, value) in table {
                flatten(&join(key), value, out);
            }
        }
        toml::Value::Array(items) if items.iter().any(toml::Value::is_table) => {
            let names: Vec<Option<&str>> = items
                .iter()
                .map(|item| item.get("name").and_then(toml::Value::as_str))
                .collect();
            let mut distinct: Vec<&str> = names.iter().flatten().copied().collect();
            distinct.sort_unstable();
            distinct.dedup();
            let by_name = distinct.len() == items.len();
            for (index, item) in items.iter().enumerate() {
                let key = match names[index] {
                    Some(name) if by_name => name.to_string(),
                    _ => index.to_string(),
                };
                flatten(&join(&key), item, out);
            }
        }
        scalar => {
            out.insert(prefix.to_string(), scalar.to_string());
        }
    }
}

/// Whether two flattened values are the same: equal text, or equal numbers (`1000` and
/// `1000.0`).
fn same(a: &str, b: &str) -> bool {
    a == b
        || matches!(
            (a.parse::<f64>(), b.parse::<f64>()),
            (Ok(x), Ok(y)) if x == y
        )
}

/// The values that differ between two resolved scenarios (TOML text), sorted by key.
pub fn scenario_differences(a: &str, b: &str) -> Result<Vec<Difference>, DiffError> {
    let parse = |text: &str, run| {
        toml::from_str::<toml::Table>(text).map_err(|source| DiffError { run, source })
    };
    let (a, b) = (parse(a, "A")?, parse(b, "B")?);
    let (mut flat_a, mut flat_b) = (BTreeMap::new(), BTreeMap::new());
    flatten("", &toml::Value::Table(a), &mut flat_a);
    flatten("", &toml::Value::Table(b), &mut flat_b);
    let mut keys: Vec<&String> = flat_a.keys().chain(flat_b.keys()).collect();
    keys.sort();
    keys.dedup();
    Ok(keys
        .into_iter()
        .filter_map(|key| {
            let (a, b) = (flat_a.get(key), flat_b.get(key));
            match (a, b) {
                (Some(x), Some(y)) if same(x, y) => None,
                _ => Some(Difference {
                    key: key.clone(),
                    a: a.cloned(),
                    b: b.cloned(),
                }),
            }
        })
        .collect())
}

/// What the handout says about one run.
#[derive(Debug, Clone)]
pub struct RunSide {
    /// The run folder as given.
    pub folder: String,
    /// Its manifest.
    pub manifest: Value,
}

/// A long text cut to `limit` characters with an ellipsis.
fn shortened(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        text.to_string()
    } else {
        let kept: String = text.chars().take(limit).collect();
        format!("{}…", kept.trim_end())
    }
}

/// Builds the comparison handout.
pub fn render(
    a: &RunSide,
    b: &RunSide,
    differences: &[Difference],
    figures: &[Figure],
) -> Result<String, super::ReportError> {
    let field = |side: &RunSide, pointer: &str| {
        side.manifest
            .pointer(pointer)
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
            .unwrap_or_default()
    };
    let title = format!(
        "A: {} vs B: {}",
        field(a, "/scenario/name"),
        field(b, "/scenario/name")
    );
    let mut html = String::new();
    let _ = writeln!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>",
        escape(&title)
    );
    let _ = writeln!(html, "<h1>What if? {}</h1>", escape(&title));
    let _ = writeln!(
        html,
        "<div class=\"disclaimer\">{}. This handout compares two runs of a toy model for teaching; its numbers are not predictions for any person.</div>",
        escape(DISCLAIMER)
    );
    html.push_str("<h2>The two runs</h2>\n");
    let rows: Vec<Vec<String>> = [("A (baseline)", a), ("B (what if)", b)]
        .into_iter()
        .map(|(which, side)| {
            vec![
                which.to_string(),
                side.folder.clone(),
                field(side, "/scenario/title"),
                field(side, "/seed"),
                field(side, "/scenario/subjects"),
                field(side, "/mgate_version"),
            ]
        })
        .collect();
    html.push_str(&table(
        &["run", "folder", "scenario", "seed", "subjects", "mgate"],
        &rows,
        3,
    ));
    html.push_str("<h2>What differs</h2>\n");
    if differences.is_empty() {
        html.push_str("<p>The two resolved scenarios and parameter sets are the same, key by key: any difference in the figures comes from the runs themselves (e.g. another mgate version).</p>\n");
    } else {
        let _ = writeln!(
            html,
            "<p>{} value(s) of the resolved scenario (the file with every <code>--set</code> applied, as recorded in each run's <code>manifest.json</code>) differ, by the dotted path <code>--set</code> takes:</p>",
            differences.len()
        );
        let rows: Vec<Vec<String>> = differences
            .iter()
            .map(|d| {
                let show = |v: &Option<String>| {
                    v.as_deref()
                        .map_or_else(|| "(not set)".to_string(), |v| shortened(v, 120))
                };
                vec![d.key.clone(), show(&d.a), show(&d.b)]
            })
            .collect();
        html.push_str(&table(&["key", "A", "B"], &rows, 3));
    }
    super::sweep::figures(&mut html, figures)?;
    let _ = writeln!(
        html,
        "<h2>Reproduce</h2>\n<p>Each run's folder holds its own command and resolved scenario in <code>manifest.json</code>; this comparison was made with <code>mgate compare {} {}</code>.</p>",
        escape(&a.folder),
        escape(&b.folder)
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
    fn differences_are_listed_by_dotted_path_with_arms_by_name() {
        let a = r#"
name = "x"
[simulation]
duration_days = 84
[[arms]]
name = "placebo"
[[arms]]
name = "vitd"
[[arms.regimens]]
substance = "vitamin_d3"
amount = 1000
schedule = "daily"
"#;
        let b = a
            .replace("amount = 1000", "amount = 4000")
            .replace("duration_days = 84", "duration_days = 84.0\nseed = 7");
        let differences = scenario_differences(a, &b).unwrap();
        let lines: Vec<String> = differences.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "arms.vitd.regimens.0.amount: 1000 → 4000",
                "simulation.seed: (not set) → 7"
            ]
        );
        assert!(scenario_differences(a, a).unwrap().is_empty());
    }
}
