//! `--set PATH=VALUE`: override any scalar of a scenario by its TOML path before validation.
//!
//! Paths are dot-separated keys. Arrays of tables are addressed by an element's `name` or by its
//! index (`arms.placebo.regimens.0.amount`), plain arrays by index (`simulation.sample_days.2`).
//! `VALUE` is read as a TOML value (`2.5`, `true`, `"glycinate"`); anything that is not valid TOML
//! is taken as a string, so `--set arms.mag.regimens.0.form=citrate` works without quotes.
//! The edited document keeps its layout, so line numbers in messages still match the file, and
//! problems in overridden values are reported against the `--set` option instead.

use super::problem::{Origin, Problem};
use std::ops::Range;
use std::str::FromStr;
use toml_edit::{DocumentMut, Item, Value};

/// One `--set PATH=VALUE` option.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetOption {
    /// Dot-separated path.
    pub path: Vec<String>,
    /// The value as typed.
    pub value: String,
    /// The option as typed, for messages (e.g. `--set a.b=1` or `--subjects 10`).
    pub raw: String,
}

impl SetOption {
    /// An override that a dedicated option (`--seed`, `--subjects`) stands for.
    pub fn from_flag(path: &str, value: impl ToString, flag: &str) -> Self {
        let value = value.to_string();
        Self {
            path: path.split('.').map(String::from).collect(),
            raw: format!("{flag} {value}"),
            value,
        }
    }
}

impl FromStr for SetOption {
    type Err = String;

    fn from_str(option: &str) -> Result<Self, Self::Err> {
        let (path, value) = option.split_once('=').ok_or_else(|| {
            format!(
                "`{option}` has no `=`; write PATH=VALUE, e.g. arms.vitd.regimens.0.amount=2000"
            )
        })?;
        let path: Vec<String> = path
            .trim()
            .split('.')
            .map(|s| s.trim().to_string())
            .collect();
        if path.iter().any(String::is_empty) {
            return Err(format!(
                "`{option}` has an empty path segment; write PATH=VALUE, e.g. simulation.duration_days=84"
            ));
        }
        Ok(Self {
            path,
            value: value.trim().to_string(),
            raw: format!("--set {option}"),
        })
    }
}

/// Byte range of an overridden value in the edited text, and the option that set it.
pub type SetSpan = (Range<usize>, String);

/// Applies the options to the text; returns the edited text and where each value now is.
pub fn apply(text: &str, options: &[SetOption]) -> Result<(String, Vec<SetSpan>), Vec<Problem>> {
    if options.is_empty() {
        return Ok((text.to_string(), Vec::new()));
    }
    let mut document = DocumentMut::from_str(text).map_err(|error| {
        vec![Problem {
            path: String::new(),
            origin: error.span().map_or(Origin::Whole, Origin::File),
            message: format!("invalid TOML: {}", first_line(error.message())),
        }]
    })?;
    let mut problems = Vec::new();
    for option in options {
        let value = Value::from_str(&option.value)
            .unwrap_or_else(|_| Value::from(option.value.as_str()))
            .decorated(" ", "");
        if let Err(message) = set(document.as_item_mut(), &option.path, value) {
            problems.push(Problem {
                path: option.path.join("."),
                origin: Origin::SetOption(option.raw.clone()),
                message,
            });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let edited = document.to_string();
    let parsed = toml_edit::Document::parse(edited.clone()).map_err(|error| {
        vec![Problem {
            path: String::new(),
            origin: Origin::Whole,
            message: format!("the overrides produced invalid TOML: {}", error.message()),
        }]
    })?;
    let spans = options
        .iter()
        .filter_map(|option| {
            locate(parsed.as_item(), &option.path).map(|span| (span, option.raw.clone()))
        })
        .collect();
    Ok((edited, spans))
}

/// Re-attributes a problem whose place lies inside an overridden value to its `--set` option.
pub fn attribute(problem: Problem, spans: &[SetSpan]) -> Problem {
    if let Origin::File(range) = &problem.origin
        && let Some((_, raw)) = spans.iter().find(|(span, _)| {
            span.start <= range.start && range.start < span.end.max(span.start + 1)
        })
    {
        return Problem {
            origin: Origin::SetOption(raw.clone()),
            ..problem
        };
    }
    problem
}

fn first_line(message: &str) -> &str {
    message.lines().next().unwrap_or(message).trim()
}

/// Names of the elements of an array of tables, for messages.
fn element_names(array: &toml_edit::ArrayOfTables) -> String {
    let names: Vec<String> = array
        .iter()
        .enumerate()
        .map(|(i, table)| {
            table
                .get("name")
                .and_then(Item::as_str)
                .map_or(i.to_string(), |name| format!("{name} (or {i})"))
        })
        .collect();
    if names.is_empty() {
        "none: the array is empty".to_string()
    } else {
        names.join(", ")
    }
}

fn set(item: &mut Item, path: &[String], value: Value) -> Result<(), String> {
    let (segment, rest) = path.split_first().ok_or_else(|| "empty path".to_string())?;
    if let Some(array) = item.as_array_of_tables_mut() {
        let count = array.len();
        let index = match segment.parse::<usize>() {
            Ok(index) if index < count => index,
            _ => array
                .iter()
                .position(|t| t.get("name").and_then(Item::as_str) == Some(segment.as_str()))
                .ok_or_else(|| {
                    format!(
                        "no element `{segment}` here; valid names or indices: {}",
                        element_names(array)
                    )
                })?,
        };
        let table = array
            .get_mut(index)
            .ok_or_else(|| format!("no element {index}"))?;
        return set_in_table_like(table, rest, value);
    }
    if let Some(array) = item.as_array_mut() {
        let index: usize = segment
            .parse()
            .map_err(|_| format!("`{segment}` is not an index into this array"))?;
        let count = array.len();
        if !rest.is_empty() {
            return Err("only scalar values can be overridden".into());
        }
        let slot = array
            .get_mut(index)
            .ok_or_else(|| format!("index {index} is past the end of an array of {count}"))?;
        if slot.is_array() || slot.is_inline_table() {
            return Err("only scalar values can be overridden".into());
        }
        *slot = value;
        return Ok(());
    }
    if let Some(table) = item.as_table_like_mut() {
        return set_in_table_like(table, path, value);
    }
    Err(format!(
        "`{segment}` is inside a value that is not a table or array"
    ))
}

fn set_in_table_like(
    table: &mut dyn toml_edit::TableLike,
    path: &[String],
    value: Value,
) -> Result<(), String> {
    let (segment, rest) = path
        .split_first()
        .ok_or_else(|| "the path names a table; give a key inside it".to_string())?;
    if rest.is_empty() {
        if let Some(existing) = table.get(segment)
            && (existing.is_table_like() || existing.is_array_of_tables() || existing.is_array())
        {
            return Err(format!(
                "`{segment}` is a table or array; only scalar values can be overridden"
            ));
        }
        table.insert(segment, Item::Value(value));
        return Ok(());
    }
    if table.get(segment).is_none() {
        let mut implicit = toml_edit::Table::new();
        implicit.set_implicit(true);
        table.insert(segment, Item::Table(implicit));
    }
    let child = table
        .get_mut(segment)
        .ok_or_else(|| format!("cannot create `{segment}`"))?;
    set(child, rest, value)
}

fn locate(item: &Item, path: &[String]) -> Option<Range<usize>> {
    let Some((segment, rest)) = path.split_first() else {
        return item.span();
    };
    let child: Item = if let Some(array) = item.as_array_of_tables() {
        let table = match segment.parse::<usize>() {
            Ok(index) if index < array.len() => array.get(index),
            _ => array
                .iter()
                .find(|t| t.get("name").and_then(Item::as_str) == Some(segment.as_str())),
        }?;
        return locate_in_table(table, rest);
    } else if let Some(array) = item.as_array() {
        let value = array.get(segment.parse().ok()?)?;
        return value.span();
    } else if let Some(table) = item.as_table_like() {
        table.get(segment)?.clone()
    } else {
        return None;
    };
    locate(&child, rest)
}

fn locate_in_table(table: &toml_edit::Table, path: &[String]) -> Option<Range<usize>> {
    let (segment, rest) = path.split_first()?;
    locate(table.get(segment)?, rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn option(text: &str) -> SetOption {
        text.parse().unwrap()
    }

    const TEXT: &str = "name = \"x\"\n\n[[arms]]\nname = \"placebo\"\n\n[[arms]]\nname = \"vitd\"\n[[arms.regimens]]\namount = 1000\n";

    #[test]
    fn sets_values_by_arm_name_or_index_keeping_layout() {
        let (edited, spans) = apply(
            TEXT,
            &[
                option("arms.vitd.regimens.0.amount=2000"),
                option("arms.0.label=Control"),
                option("simulation.duration_days=84"),
            ],
        )
        .unwrap();
        assert!(edited.contains("amount = 2000"), "{edited}");
        assert!(edited.contains("label = \"Control\""), "{edited}");
        assert!(edited.contains("duration_days = 84"), "{edited}");
        assert_eq!(spans.len(), 3);
        let (span, raw) = &spans[0];
        assert_eq!(&edited[span.clone()], "2000");
        assert_eq!(raw, "--set arms.vitd.regimens.0.amount=2000");
        // Lines before the overridden value are unchanged.
        assert!(edited.starts_with("name = \"x\"\n\n[[arms]]\nname = \"placebo\"\n"));
    }

    #[test]
    fn unknown_element_lists_valid_names() {
        let problems = apply(TEXT, &[option("arms.vitdd.regimens.0.amount=1")]).unwrap_err();
        assert!(problems[0].message.contains("placebo (or 0), vitd (or 1)"));
        assert_eq!(
            problems[0].origin,
            Origin::SetOption("--set arms.vitdd.regimens.0.amount=1".into())
        );
    }

    #[test]
    fn refuses_to_replace_tables_and_malformed_options() {
        assert!(apply(TEXT, &[option("arms.vitd.regimens=1")]).is_err());
        assert!("no-equals".parse::<SetOption>().is_err());
        assert!("a..b=1".parse::<SetOption>().is_err());
    }
}
