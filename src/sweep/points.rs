//! From a sweep specification to points, and each point to a checked scenario.

use super::lhs::latin_hypercube;
use crate::scenario::problem::{format_number, line_column};
use crate::scenario::{self, Origin, Problem, ScenarioError, SetOption, Sweep, SweepDesign};
use rayon::prelude::*;

/// A sweep's points: one value per dimension each, in the order they are numbered.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Dot paths of the dimensions.
    pub paths: Vec<String>,
    /// Where each dimension was given.
    pub origins: Vec<Origin>,
    /// Where each listed value of each dimension was given, as `(value, origin)`.
    pub value_origins: Vec<Vec<(f64, Origin)>>,
    /// `points[i][d]`: the value of dimension `d` at point `i`.
    pub points: Vec<Vec<f64>>,
    /// How the points were chosen.
    pub design: SweepDesign,
    /// Each dimension's specification in `--vary` words.
    pub specs: Vec<String>,
}

impl Plan {
    /// Expands a sweep: a grid in row-major order (the first dimension varies slowest), or a Latin
    /// hypercube drawn with the design's seed.
    pub fn new(sweep: &Sweep) -> Self {
        let dims = &sweep.dimensions;
        let points = match sweep.design {
            SweepDesign::Grid => {
                let axes: Vec<Vec<f64>> = dims.iter().map(|d| d.axis.values()).collect();
                let total: usize = axes.iter().map(Vec::len).product();
                (0..total)
                    .map(|i| {
                        let mut rest = i;
                        let mut point = vec![0.0; axes.len()];
                        for (d, axis) in axes.iter().enumerate().rev() {
                            point[d] = axis[rest % axis.len()];
                            rest /= axis.len();
                        }
                        point
                    })
                    .collect()
            }
            SweepDesign::LatinHypercube { points, seed } => {
                latin_hypercube(dims.len(), points, seed)
                    .into_iter()
                    .map(|fractions| {
                        fractions
                            .iter()
                            .zip(dims)
                            .map(|(f, d)| d.axis.at_fraction(*f))
                            .collect()
                    })
                    .collect()
            }
        };
        Self {
            paths: dims.iter().map(|d| d.path.clone()).collect(),
            origins: dims.iter().map(|d| d.origin.clone()).collect(),
            value_origins: dims
                .iter()
                .map(|d| match &d.axis {
                    crate::scenario::Axis::List(values) => values
                        .iter()
                        .copied()
                        .zip(d.value_origins.iter().cloned())
                        .collect(),
                    _ => Vec::new(),
                })
                .collect(),
            points,
            design: sweep.design,
            specs: dims.iter().map(|d| d.axis.spec()).collect(),
        }
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// Whether there are no points.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// The overrides that make point `i` out of the base scenario.
    pub fn set_options(&self, i: usize) -> Vec<SetOption> {
        self.paths
            .iter()
            .zip(&self.points[i])
            .map(|(path, value)| SetOption {
                path: path.split('.').map(String::from).collect(),
                value: format_number(*value),
                raw: format!("sweep point {i}: {path}={}", format_number(*value)),
            })
            .collect()
    }

    /// Point `i` in words: `k_24a1 = 2, amount = 400`.
    pub fn describe(&self, i: usize) -> String {
        self.paths
            .iter()
            .zip(&self.points[i])
            .map(|(path, value)| format!("{path} = {}", format_number(*value)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// A fingerprint of the sweep: the mgate version, the base scenario text and every point.
    /// Shards of one sweep share it.
    pub fn fingerprint(&self, base_toml: &str) -> String {
        let mut text = format!("mgate {}\n{base_toml}\n", env!("CARGO_PKG_VERSION"));
        text.push_str(&self.paths.join("\n"));
        for point in &self.points {
            text.push('\n');
            for value in point {
                text.push_str(&format!("{value:?} "));
            }
        }
        super::fingerprint(&text)
    }

    /// Problems for dimensions that vary a value another dimension varies, or a value one of
    /// `set` sets, under another path (`arms.vitd.regimens.0.amount` and
    /// `arms.1.regimens.0.amount`): the later would silently win.
    pub fn same_values(&self, base_toml: &str, set: &[SetOption]) -> Vec<Problem> {
        let canonical = |path: &str| scenario::overrides::canonical_path(base_toml, path);
        let varied: Vec<String> = self.paths.iter().map(|p| canonical(p)).collect();
        let mut problems = Vec::new();
        for (d, path) in self.paths.iter().enumerate() {
            if let Some(first) = varied[..d].iter().position(|c| *c == varied[d]) {
                problems.push(Problem {
                    path: path.clone(),
                    origin: self.origins[d].clone(),
                    message: format!(
                        "`{path}` and `{}` are the same value (`{}`), varied twice; vary each value once",
                        self.paths[first], varied[d]
                    ),
                });
            }
            if let Some(option) = set
                .iter()
                .find(|o| canonical(&o.path.join(".")) == varied[d])
            {
                problems.push(Problem {
                    path: path.clone(),
                    origin: self.origins[d].clone(),
                    message: format!(
                        "`{path}` is varied and also set by `{}`; the varied values would replace the set one: leave one out",
                        option.raw
                    ),
                });
            }
        }
        problems
    }

    /// The checked scenario of point `i`.
    pub fn scenario(
        &self,
        base_toml: &str,
        label: &str,
        i: usize,
    ) -> Result<scenario::Scenario, ScenarioError> {
        scenario::parse(base_toml, label, &self.set_options(i)).map_err(|error| {
            let prefix = format!("at sweep point {i} ({})", self.describe(i));
            ScenarioError {
                file: error.file.clone(),
                source: base_toml.to_string(),
                problems: self
                    .locate(base_toml, i, error)
                    .into_iter()
                    .map(|p| Problem {
                        message: format!("{prefix}: {}", p.message),
                        ..p
                    })
                    .collect(),
            }
        })
    }

    /// A point's problems placed in the base text: problems in a varied value are put at the
    /// value in the `[sweep]` list, or at the dimension's entry or `--vary` option; others keep
    /// their line and column in the file.
    fn locate(&self, base_toml: &str, i: usize, error: ScenarioError) -> Vec<Problem> {
        error
            .problems
            .into_iter()
            .map(|p| {
                let origin = match &p.origin {
                    Origin::SetOption(raw) => self
                        .paths
                        .iter()
                        .position(|path| raw.starts_with(&format!("sweep point {i}: {path}=")))
                        .map_or(p.origin.clone(), |d| {
                            let value = self.points[i][d];
                            self.value_origins[d]
                                .iter()
                                .find(|(v, _)| *v == value)
                                .map_or(self.origins[d].clone(), |(_, o)| o.clone())
                        }),
                    Origin::File(span) => {
                        // Same line and column in the base text (an override keeps lines).
                        let (line, column) = line_column(&error.source, span.start);
                        let start = offset_of(base_toml, line, column);
                        Origin::File(start..start + 1)
                    }
                    Origin::Whole => Origin::Whole,
                };
                Problem { origin, ..p }
            })
            .collect()
    }
}

/// Words for a varied path's axis, with its unit where known: `k_24a1 (dimensionless)`,
/// `vitamin D input, median (IU/day)`, `Mg glycinate: amount per dose (mg)`.
pub fn label(path: &str, scenario: &scenario::Scenario) -> String {
    let segments: Vec<&str> = path.split('.').collect();
    match segments.as_slice() {
        ["parameters", name] => match crate::model::Parameters::info(name) {
            Some(info) if info.unit == "1" => format!("{name} (dimensionless)"),
            Some(info) => format!("{name} ({})", info.unit),
            None => path.to_string(),
        },
        ["population", "subjects"] => "subjects".to_string(),
        ["population", covariate, rest @ ..] => {
            let Some(c) = scenario::Covariate::from_name(covariate) else {
                return path.to_string();
            };
            let words = covariate
                .replace("_iu_per_day", "")
                .replace("_mg_per_day", "")
                .replace("_kg", "")
                .replace('_', " ");
            let words = words
                .replace("vitamin d", "vitamin D")
                .replace("mg ", "Mg ")
                .replace("ca ", "Ca ");
            match rest {
                [] => format!("{words} ({})", c.unit()),
                [key]
                    if matches!(
                        *key,
                        "mean" | "median" | "min" | "max" | "lower" | "upper" | "sd"
                    ) =>
                {
                    format!("{words}, {key} ({})", c.unit())
                }
                [key] => format!("{words}, {key}"),
                _ => path.to_string(),
            }
        }
        ["arms", arm, "regimens", index, key] => {
            let found = scenario
                .arms
                .iter()
                .enumerate()
                .find(|(i, a)| a.name == *arm || i.to_string() == *arm);
            let Some((_, arm)) = found else {
                return path.to_string();
            };
            let regimen = index
                .parse::<usize>()
                .ok()
                .and_then(|i| arm.regimens.get(i));
            let unit = match regimen.map(|r| r.substance) {
                Some(scenario::Substance::VitaminD(_)) => " (IU)",
                Some(scenario::Substance::Magnesium(_)) => " (mg)",
                None => "",
            };
            match *key {
                "amount" => format!("{}: amount per dose{unit}", arm.label),
                "cap" => format!("{}: largest dose{unit}", arm.label),
                "start_day" | "stop_day" | "day" | "interval_days" => {
                    format!(
                        "{}: {} (days)",
                        arm.label,
                        key.replace("_days", "").replace('_', " ")
                    )
                }
                other => format!("{}: {}", arm.label, other.replace('_', " ")),
            }
        }
        ["simulation", "duration_days"] => "duration (days)".to_string(),
        _ => path.to_string(),
    }
}

/// Byte offset of a 1-based line and column (in characters) in `text`, clamped to the line.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (n, content) in text.split_inclusive('\n').enumerate() {
        if n + 1 == line {
            let within: usize = content
                .trim_end_matches('\n')
                .chars()
                .take(column.saturating_sub(1))
                .map(char::len_utf8)
                .sum();
            return offset + within;
        }
        offset += content.len();
    }
    text.len().saturating_sub(1)
}

/// What checking a point found out.
#[derive(Debug, Clone, PartialEq)]
pub struct PointCheck {
    /// Subjects simulated at the point.
    pub subjects: usize,
    /// What simulating the point needs.
    pub needs: crate::cohort::estimate::Needs,
    /// Fingerprint of the point's `sweep.csv` columns (they must be the same at every point).
    pub columns: String,
}

/// Most distinct problems reported by [`validate_points`] (the count of the rest is given).
pub const MAX_REPORTED_PROBLEMS: usize = 10;

/// Checks every point of a plan (in parallel) before anything is simulated. Returns what each
/// point needs, or the problems found: each distinct problem once, with the points it occurs at.
/// Points whose columns differ from the first point's (a sweep that changes the arms' or strata's
/// structure) are problems too.
pub fn validate_points(
    base_toml: &str,
    label: &str,
    plan: &Plan,
) -> Result<Vec<PointCheck>, ScenarioError> {
    let same = plan.same_values(base_toml, &[]);
    if !same.is_empty() {
        return Err(ScenarioError {
            file: label.to_string(),
            source: base_toml.to_string(),
            problems: same,
        });
    }
    let checked: Vec<Result<PointCheck, Vec<Problem>>> = (0..plan.len())
        .into_par_iter()
        .map(|i| {
            scenario::parse(base_toml, label, &plan.set_options(i))
                .map(|s| PointCheck {
                    subjects: s.population.subjects,
                    needs: crate::cohort::estimate::needs(&s),
                    columns: super::fingerprint(&super::summary::columns(&s).join(",")),
                })
                .map_err(|error| plan.locate(base_toml, i, error))
        })
        .collect();
    let first_columns = checked
        .first()
        .and_then(|c| c.as_ref().ok())
        .map(|c| c.columns.clone());
    // Each distinct problem, with the points where it occurs, in the order first met.
    let mut groups: Vec<(Problem, Vec<usize>)> = Vec::new();
    let mut add = |problem: Problem, i: usize| match groups.iter_mut().find(|(p, _)| *p == problem)
    {
        Some((_, points)) => points.push(i),
        None => groups.push((problem, vec![i])),
    };
    for (i, check) in checked.iter().enumerate() {
        match check {
            Ok(c) if Some(&c.columns) != first_columns.as_ref() => add(
                Problem {
                    path: plan.paths.join(", "),
                    origin: plan.origins.first().cloned().unwrap_or(Origin::Whole),
                    message: "the endpoints, arms or strata differ from those of point 0, so the points cannot share the columns of sweep.csv; vary values, not the analysis's structure".into(),
                },
                i,
            ),
            Ok(_) => {}
            Err(problems) => {
                for p in problems {
                    add(p.clone(), i);
                }
            }
        }
    }
    if groups.is_empty() {
        return Ok(checked.into_iter().filter_map(Result::ok).collect());
    }
    let distinct = groups.len();
    let mut problems: Vec<Problem> = groups
        .into_iter()
        .take(MAX_REPORTED_PROBLEMS)
        .map(|(p, points)| {
            let first = points[0];
            let at = if points.len() == 1 {
                format!("at sweep point {first} ({})", plan.describe(first))
            } else {
                let shown: Vec<String> = points.iter().take(6).map(usize::to_string).collect();
                format!(
                    "at {} sweep points ({}{}; point {first}: {})",
                    points.len(),
                    shown.join(", "),
                    if points.len() > 6 { ", …" } else { "" },
                    plan.describe(first)
                )
            };
            Problem {
                message: format!("{at}: {}", p.message),
                ..p
            }
        })
        .collect();
    if distinct > MAX_REPORTED_PROBLEMS {
        problems.push(Problem::whole(
            "sweep",
            format!(
                "{} more distinct problems (the first {MAX_REPORTED_PROBLEMS} are shown)",
                distinct - MAX_REPORTED_PROBLEMS
            ),
        ));
    }
    Err(ScenarioError {
        file: label.to_string(),
        source: base_toml.to_string(),
        problems,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Axis, Dimension};

    fn dimension(path: &str, values: &[f64]) -> Dimension {
        Dimension {
            path: path.into(),
            axis: Axis::List(values.to_vec()),
            origin: Origin::Whole,
            value_origins: Vec::new(),
        }
    }

    #[test]
    fn grid_points_are_row_major() {
        let sweep = Sweep {
            dimensions: vec![
                dimension("a", &[1.0, 2.0]),
                dimension("b", &[10.0, 20.0, 30.0]),
            ],
            design: SweepDesign::Grid,
        };
        let plan = Plan::new(&sweep);
        assert_eq!(plan.points[0], vec![1.0, 10.0]);
        assert_eq!(plan.points[1], vec![1.0, 20.0]);
        assert_eq!(plan.points[5], vec![2.0, 30.0]);
        assert_eq!(plan.set_options(4)[1].value, "20");
    }

    #[test]
    fn offsets_follow_lines_and_columns() {
        let text = "a = 1\nbb = 22\n";
        assert_eq!(offset_of(text, 2, 6), 11);
        assert_eq!(offset_of(text, 1, 99), 5);
    }
}
