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

/// The `--set` options a command stands for: `set` as given, then `--seed` and `--subjects`
/// as the overrides `simulation.seed` and `population.subjects`.
pub fn with_seed_and_subjects(
    set: &[SetOption],
    seed: Option<u64>,
    subjects: Option<u64>,
) -> Vec<SetOption> {
    let mut all = set.to_vec();
    if let Some(seed) = seed {
        all.push(SetOption::from_flag("simulation.seed", seed, "--seed"));
    }
    if let Some(subjects) = subjects {
        all.push(SetOption::from_flag(
            "population.subjects",
            subjects,
            "--subjects",
        ));
    }
    all
}

impl FromStr for SetOption {
    type Err = String;

    fn from_str(option: &str) -> Result<Self, Self::Err> {
        refuse_control_characters(option)?;
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

/// Refuses a command-line option holding control characters (they could only be a mistake, or
/// an attempt to write escape sequences to the terminal); the message shows them escaped.
pub fn refuse_control_characters(option: &str) -> Result<(), String> {
    if option.chars().any(char::is_control) {
        return Err(format!(
            "`{}` holds control characters; write the option as plain text",
            crate::printable(option)
        ));
    }
    Ok(())
}

/// Byte range of an overridden value in the edited text, and the option that set it.
pub type SetSpan = (Range<usize>, String);

/// A scenario text with the `--set` options applied, and what is needed to report a problem
/// found in it where the user can find it: in the file as written, or at the option.
#[derive(Debug, Clone)]
pub struct Applied {
    /// The edited text (what is parsed and checked).
    pub text: String,
    /// Where each overridden value is in the edited text, and its option.
    spans: Vec<SetSpan>,
    /// Where each line of the edited text starts.
    line_starts: Vec<usize>,
    /// For each line of the edited text, where the same line starts in the file, or `None` for a
    /// line the options added (a new key, or the table header a new key needed).
    file_lines: Vec<Option<usize>>,
}

/// Where the lines of a text start.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// The line (from 0) holding a byte offset, given where lines start.
fn line_of(starts: &[usize], offset: usize) -> usize {
    starts.partition_point(|&start| start <= offset).max(1) - 1
}

impl Applied {
    /// A text without options: every place is the file's.
    fn unchanged(text: &str) -> Self {
        let starts = line_starts(text);
        Self {
            text: text.to_string(),
            spans: Vec::new(),
            file_lines: starts.iter().copied().map(Some).collect(),
            line_starts: starts,
        }
    }

    /// A problem found in the edited text, placed where the user can find it: at the `--set`
    /// option for a problem in a value it set or in a line it added, else at the same place in
    /// the file.
    pub fn attribute(&self, problem: Problem) -> Problem {
        let Origin::File(range) = &problem.origin else {
            return problem;
        };
        let in_value = self.spans.iter().find(|(span, _)| {
            span.start <= range.start && range.start < span.end.max(span.start + 1)
        });
        let line = line_of(&self.line_starts, range.start);
        let origin = match (in_value, self.file_lines.get(line).copied().flatten()) {
            (Some((_, raw)), _) => Origin::SetOption(raw.clone()),
            (None, Some(file_start)) => {
                let start = file_start + (range.start - self.line_starts[line]);
                Origin::File(start..start + range.len())
            }
            // An added line belongs to the first option whose value is on it or after it.
            (None, None) => self
                .spans
                .iter()
                .filter(|(span, _)| line_of(&self.line_starts, span.start) >= line)
                .min_by_key(|(span, _)| span.start)
                .or_else(|| self.spans.last())
                .map_or(Origin::Whole, |(_, raw)| Origin::SetOption(raw.clone())),
        };
        Problem { origin, ..problem }
    }
}

/// Applies the options to the text; returns the edited text and how to place its problems.
pub fn apply(text: &str, options: &[SetOption]) -> Result<Applied, Vec<Problem>> {
    if options.is_empty() {
        return Ok(Applied::unchanged(text));
    }
    let mut document = DocumentMut::from_str(text).map_err(|error| {
        vec![Problem {
            path: String::new(),
            origin: error.span().map_or(Origin::Whole, Origin::File),
            message: format!("invalid TOML: {}", first_line(error.message())),
        }]
    })?;
    // Whether each option's value is in the file (then edited in place) or new.
    let existed: Vec<bool> = options
        .iter()
        .map(|option| locate(document.as_item(), &option.path).is_some())
        .collect();
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
    let spans: Vec<SetSpan> = options
        .iter()
        .filter_map(|option| {
            locate(parsed.as_item(), &option.path).map(|span| (span, option.raw.clone()))
        })
        .collect();
    let starts = line_starts(&edited);
    let edited_in_place: Vec<usize> = options
        .iter()
        .zip(&existed)
        .filter(|(_, existed)| **existed)
        .filter_map(|(option, _)| locate(parsed.as_item(), &option.path))
        .map(|span| line_of(&starts, span.start))
        .collect();
    let file_lines = match_lines(text, &edited, &starts, &edited_in_place);
    Ok(Applied {
        text: edited,
        spans,
        line_starts: starts,
        file_lines,
    })
}

/// For each line of `edited`, where the same line starts in `original`, or `None` for a line
/// the options added. Options never remove or reorder the file's lines: they edit some in place
/// (`edited_in_place`, lines of `edited`) and add others.
fn match_lines(
    original: &str,
    edited: &str,
    edited_starts: &[usize],
    edited_in_place: &[usize],
) -> Vec<Option<usize>> {
    let file_starts = line_starts(original);
    let line = |text: &'_ str, starts: &[usize], i: usize| -> String {
        let end = starts.get(i + 1).map_or(text.len(), |next| next - 1);
        text[starts[i]..end].to_string()
    };
    let mut next = 0;
    (0..edited_starts.len())
        .map(|j| {
            let same = next < file_starts.len()
                && (edited_in_place.contains(&j)
                    || line(original, &file_starts, next) == line(edited, edited_starts, j));
            same.then(|| {
                next += 1;
                file_starts[next - 1]
            })
        })
        .collect()
}

/// A dot path with every element of an array of tables named by its index, so that two paths to
/// the same value (`arms.vitd.regimens.0.amount` and `arms.1.regimens.0.amount`) are equal.
/// Segments past what the text has are kept as written.
pub fn canonical_path(text: &str, path: &str) -> String {
    let Ok(document) = toml_edit::Document::parse(text) else {
        return path.to_string();
    };
    /// Where the walk is: at an item, or inside an element of an array of tables.
    enum Node<'a> {
        Item(&'a Item),
        Table(&'a toml_edit::Table),
    }
    let mut node = Some(Node::Item(document.as_item()));
    let mut canonical = Vec::new();
    for segment in path.split('.') {
        let array = match &node {
            Some(Node::Item(item)) => item.as_array_of_tables(),
            _ => None,
        };
        node = if let Some(array) = array {
            let index = match segment.parse::<usize>() {
                Ok(index) if index < array.len() => Some(index),
                _ => array
                    .iter()
                    .position(|t| t.get("name").and_then(Item::as_str) == Some(segment)),
            };
            canonical.push(index.map_or(segment.to_string(), |i| i.to_string()));
            index.and_then(|i| array.get(i)).map(Node::Table)
        } else {
            canonical.push(segment.to_string());
            match node {
                Some(Node::Item(item)) => item
                    .as_table_like()
                    .and_then(|table| table.get(segment))
                    .map(Node::Item),
                Some(Node::Table(table)) => table.get(segment).map(Node::Item),
                None => None,
            }
        };
    }
    canonical.join(".")
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
        let applied = apply(
            TEXT,
            &[
                option("arms.vitd.regimens.0.amount=2000"),
                option("arms.0.label=Control"),
                option("simulation.duration_days=84"),
            ],
        )
        .unwrap();
        let (edited, spans) = (&applied.text, &applied.spans);
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
