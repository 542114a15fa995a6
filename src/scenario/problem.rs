//! Problems found in a scenario, each located by its TOML path and its place in the file (or the
//! `--set` option it came from), rendered with the offending line like a compiler error.

use std::fmt;
use std::ops::Range;

/// Where a problem comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A byte range in the scenario file.
    File(Range<usize>),
    /// A `--set PATH=VALUE` option on the command line.
    SetOption(String),
    /// Somewhere in the file without a more precise place (e.g. a missing key).
    Whole,
}

/// One thing wrong with a scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// TOML path of the offending value, e.g. `arms.vitd.regimens.0.amount`.
    pub path: String,
    /// Where it is.
    pub origin: Origin,
    /// What is wrong, including what would be valid.
    pub message: String,
}

impl Problem {
    /// A problem at a byte range of the file.
    pub fn at(path: impl Into<String>, span: Range<usize>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            origin: Origin::File(span),
            message: message.into(),
        }
    }

    /// A problem with no more precise place than the file.
    pub fn whole(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            origin: Origin::Whole,
            message: message.into(),
        }
    }
}

/// A scenario that could not be accepted, with every problem found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioError {
    /// The file as named by the user.
    pub file: String,
    /// The file's text (empty if it could not be read).
    pub source: String,
    /// Every problem, in file order.
    pub problems: Vec<Problem>,
}

impl std::error::Error for ScenarioError {}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = &source[..floor_char_boundary(source, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(source: &str, mut offset: usize) -> usize {
    while offset > 0 && !source.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Most problems a [`ScenarioError`] prints; the count of the rest follows them.
pub const MAX_PRINTED_PROBLEMS: usize = 100;

/// Byte offsets where the lines of a text start, to find a line by binary search instead of
/// scanning the text from the start for every problem.
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { text, starts }
    }

    /// 1-based line and column (in characters) of a byte offset, and the line's text.
    fn locate(&self, offset: usize) -> (usize, usize, &'a str) {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let index = self.starts.partition_point(|&start| start <= offset) - 1;
        let start = self.starts[index];
        let end = self
            .starts
            .get(index + 1)
            .map_or(self.text.len(), |next| next - 1);
        let line = &self.text[start..end];
        let column = self.text[start..offset].chars().count() + 1;
        (index + 1, column, line.strip_suffix('\r').unwrap_or(line))
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.problems.len();
        writeln!(
            f,
            "{}: {} problem{} found",
            self.file,
            count,
            if count == 1 { "" } else { "s" }
        )?;
        let lines = Lines::new(&self.source);
        for problem in self.problems.iter().take(MAX_PRINTED_PROBLEMS) {
            writeln!(f)?;
            let label = if problem.path.is_empty() {
                String::new()
            } else {
                format!(" `{}`", problem.path)
            };
            writeln!(f, "error{label}: {}", problem.message)?;
            match &problem.origin {
                Origin::File(span) => {
                    let (line, column, text) = lines.locate(span.start);
                    writeln!(f, "  --> {}:{line}:{column}", self.file)?;
                    let width = line.to_string().len();
                    let span_chars = self.source[floor_char_boundary(&self.source, span.start)
                        ..floor_char_boundary(&self.source, span.end.min(self.source.len()))]
                        .lines()
                        .next()
                        .map_or(1, |s| s.chars().count().max(1));
                    let shown: String = text.chars().take(200).collect();
                    writeln!(f, "{:width$} |", "")?;
                    writeln!(f, "{line} | {shown}")?;
                    writeln!(
                        f,
                        "{:width$} | {}{}",
                        "",
                        " ".repeat((column - 1).min(200)),
                        "^".repeat(span_chars.min(80))
                    )?;
                }
                Origin::SetOption(option) => writeln!(f, "  --> command line: {option}")?,
                Origin::Whole => writeln!(f, "  --> {}", self.file)?,
            }
        }
        if count > MAX_PRINTED_PROBLEMS {
            writeln!(
                f,
                "\n... and {} more problem(s), not shown: fix these and check again",
                thousands(count - MAX_PRINTED_PROBLEMS)
            )?;
        }
        Ok(())
    }
}

/// A number as mgate prints it in messages and tables: the shortest text that reads back as the
/// same `f64`, in plain decimals for everyday magnitudes (`0.25`, `84`, `36500`) and with an
/// exponent for the very large or small (`1e308`, `5e-324`), never hundreds of digits.
pub fn format_number(value: f64) -> String {
    let magnitude = value.abs();
    if value == 0.0 || !value.is_finite() || (1e-5..1e16).contains(&magnitude) {
        value.to_string()
    } else {
        format!("{value:e}")
    }
}

/// Most characters of a value quoted in a message.
pub const MAX_QUOTED_CHARS: usize = 80;

/// `text` as quoted in a message: at most [`MAX_QUOTED_CHARS`] characters, then `…`.
pub fn excerpt(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(MAX_QUOTED_CHARS) {
        Some((end, _)) => format!("{}…", &text[..end]).into(),
        None => text.into(),
    }
}

/// A count with thousands separators: `109,900`.
pub fn thousands(count: usize) -> String {
    let digits = count.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

/// The closest of `candidates` to `name`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(name, candidate), candidate))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// " (did you mean `x`?)" suffix, or nothing.
pub fn suggestion<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean(name, candidates).map_or(String::new(), |c| format!(" (did you mean `{c}`?)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 6), (2, 1));
        assert_eq!(line_column(text, 11), (2, 5));
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(format_number(1e308), "1e308");
        assert_eq!(format_number(5e-324), "5e-324");
        assert_eq!(format_number(-2.5e-9), "-2.5e-9");
        assert_eq!(format_number(36500.0), "36500");
        assert_eq!(format_number(0.25), "0.25");
        assert_eq!(format_number(0.0), "0");
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(109_900), "109,900");
    }

    #[test]
    fn suggestions_only_for_close_names() {
        assert_eq!(did_you_mean("k_call", ["k_cal", "ka_d"]), Some("k_cal"));
        assert_eq!(did_you_mean("zzz", ["k_cal", "ka_d"]), None);
    }
}
