//! The problem collector shared by the validation stages.

use super::problem::{Problem, format_number, suggestion};
use super::raw::S;
use crate::simulate::Observable;
use std::ops::Range;

/// Collects problems while building the scenario.
pub(crate) struct Checker {
    pub(crate) problems: Vec<Problem>,
}

impl Checker {
    pub(crate) fn push(&mut self, path: &str, span: Range<usize>, message: String) {
        self.problems.push(Problem::at(path, span, message));
    }

    /// A required value, or a problem at the enclosing table.
    pub(crate) fn required<'a, T>(
        &mut self,
        value: &'a Option<S<T>>,
        path: &str,
        parent: Option<Range<usize>>,
        what: &str,
    ) -> Option<&'a S<T>> {
        if value.is_none() {
            let message = format!(
                "missing `{}`: {what}",
                path.rsplit('.').next().unwrap_or(path)
            );
            match parent {
                Some(span) => self.push(path, span, message),
                None => self.problems.push(Problem::whole(path, message)),
            }
        }
        value.as_ref()
    }

    /// A finite number inside `[min, max]`.
    pub(crate) fn number(
        &mut self,
        value: &S<f64>,
        path: &str,
        min: f64,
        max: f64,
        unit: &str,
    ) -> Option<f64> {
        let v = *value.get_ref();
        if v.is_finite() && v >= min && v <= max {
            Some(v)
        } else {
            let unit = if unit == "1" { "(dimensionless)" } else { unit };
            self.push(
                path,
                value.span(),
                format!(
                    "{} is out of range; expected a number from {} to {} {unit}",
                    format_number(v),
                    format_number(min),
                    format_number(max)
                ),
            );
            None
        }
    }

    pub(crate) fn optional_number(
        &mut self,
        value: &Option<S<f64>>,
        path: &str,
        (min, max, unit): (f64, f64, &str),
        default: f64,
    ) -> Option<f64> {
        match value {
            Some(v) => self.number(v, path, min, max, unit),
            None => Some(default),
        }
    }

    /// A free text (a title, a label) of at most `limit` characters, without control
    /// characters other than new lines and tabs.
    pub(crate) fn text(&mut self, value: &Option<S<String>>, path: &str, limit: usize) {
        let Some(value) = value else {
            return;
        };
        let text = value.get_ref();
        let length = text.chars().count();
        if length > limit {
            self.push(
                path,
                value.span(),
                format!("{length} characters; at most {limit} are allowed here: shorten it"),
            );
        } else if text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
        {
            self.push(
                path,
                value.span(),
                format!(
                    "`{}` holds control characters; write plain text",
                    crate::printable(text)
                ),
            );
        }
    }

    pub(crate) fn identifier(&mut self, value: &S<String>, path: &str) -> Option<String> {
        let name = value.get_ref();
        if super::is_valid_name(name) {
            Some(name.clone())
        } else {
            self.push(
                path,
                value.span(),
                format!(
                    "`{}` is not a valid name; use 1 to 64 lower-case letters, digits, `_` or `-`, starting with a letter or digit (e.g. `mag_vitd`)",
                    super::problem::excerpt(name)
                ),
            );
            None
        }
    }

    pub(crate) fn choice<T: Copy>(
        &mut self,
        value: &S<String>,
        path: &str,
        choices: &[(&'static str, T)],
    ) -> Option<T> {
        let text = value.get_ref().as_str();
        if let Some((_, choice)) = choices.iter().find(|(name, _)| *name == text) {
            return Some(*choice);
        }
        let names: Vec<&str> = choices.iter().map(|(name, _)| *name).collect();
        self.push(
            path,
            value.span(),
            format!(
                "`{text}` is not one of {}{}",
                names.join(", "),
                suggestion(text, names.iter().copied())
            ),
        );
        None
    }

    pub(crate) fn not_used(&mut self, value: &Option<S<impl Sized>>, path: &str, reason: &str) {
        if let Some(value) = value {
            self.push(
                path,
                value.span(),
                format!("`{}` {reason}", path.rsplit('.').next().unwrap_or(path)),
            );
        }
    }

    /// An observable by name, with the valid names and a "did you mean" when unknown.
    pub(crate) fn observable(&mut self, value: &S<String>, path: &str) -> Option<Observable> {
        if let Some(observable) = Observable::from_name(value.get_ref()) {
            return Some(observable);
        }
        let names: Vec<&str> = Observable::ALL.iter().map(|o| o.name()).collect();
        self.push(
            path,
            value.span(),
            format!(
                "unknown observable `{}`{}; valid observables: {}",
                value.get_ref(),
                suggestion(value.get_ref(), names.iter().copied()),
                names.join(", ")
            ),
        );
        None
    }

    /// Bin edges: finite, strictly increasing, at least one.
    pub(crate) fn edges(&mut self, list: &S<Vec<S<f64>>>, path: &str) -> Option<Vec<f64>> {
        let values: Vec<f64> = list.get_ref().iter().map(|v| *v.get_ref()).collect();
        let increasing = values.windows(2).all(|w| w[0] < w[1]);
        if values.is_empty()
            || values.len() > 50
            || !increasing
            || values.iter().any(|v| !v.is_finite())
        {
            self.push(
                path,
                list.span(),
                "bin edges must be 1 to 50 finite numbers in increasing order, e.g. [20, 30, 50]"
                    .into(),
            );
            return None;
        }
        Some(values)
    }
}
