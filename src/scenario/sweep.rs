//! `[sweep]` sections and `--vary PATH=SPEC` options: which values of a scenario a sweep varies.
//!
//! A sweep varies 1 to 3 scalars of a scenario, each named by the same dot path as `--set`
//! (`parameters.k_24a1`, `arms.mag.regimens.0.amount`,
//! `population.vitamin_d_input_iu_per_day.median`). Each dimension's values are a list, a linear
//! range (`start + i·step`, or `count` values from `start` to `stop`), or a log range (`count`
//! values evenly spaced in log scale). A Latin hypercube design instead samples `points` points
//! from each dimension's `start`..`stop` interval.
//!
//! Every value is computed from its index (`start + i·step`), never by adding `step` repeatedly,
//! and rounded to 12 significant digits, so `0.1` steps give `0.3`, not `0.30000000000000004`.
//! Empty ranges, zero or wrong-signed steps, and grids of more than [`MAX_POINTS`] points are
//! refused with a located message.
//!
//! This module only checks the specification; `crate::sweep` expands it into points and runs them.

use super::checker::Checker;
use super::problem::{Origin, Problem, format_number, suggestion};
use super::raw::{RawSweep, RawVary, S};
use crate::model::Parameters;
use std::str::FromStr;

/// Most dimensions a sweep may vary.
pub const MAX_DIMENSIONS: usize = 3;
/// Most points a sweep may have (the product of the dimensions' sizes, or a hypercube's points).
pub const MAX_POINTS: usize = 10_000;

/// A checked sweep: its dimensions and how points are chosen from them.
#[derive(Debug, Clone, PartialEq)]
pub struct Sweep {
    /// The varied scalars, 1 to [`MAX_DIMENSIONS`], each path once.
    pub dimensions: Vec<Dimension>,
    /// Every combination of the dimensions' values, or a Latin hypercube.
    pub design: SweepDesign,
}

/// How a sweep's points are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SweepDesign {
    /// Every combination of the dimensions' values (the first dimension varies slowest).
    Grid,
    /// A Latin hypercube: `points` points, each dimension's range cut into `points` equal strata
    /// and each stratum used exactly once, drawn with `seed`.
    LatinHypercube {
        /// Number of points.
        points: usize,
        /// Seed of the design's random draws.
        seed: u64,
    },
}

/// One varied scalar.
#[derive(Debug, Clone, PartialEq)]
pub struct Dimension {
    /// Dot path, as for `--set` (e.g. `parameters.k_24a1`).
    pub path: String,
    /// Its values or range.
    pub axis: Axis,
    /// Where it was given: the `[sweep]` entry in the file or the `--vary` option.
    pub origin: Origin,
    /// Where each listed value was given (lists in the file only; empty otherwise), so that a
    /// problem with one value can point at it.
    pub value_origins: Vec<Origin>,
}

/// The values of one dimension.
#[derive(Debug, Clone, PartialEq)]
pub enum Axis {
    /// Values as listed.
    List(Vec<f64>),
    /// `start + i·step` for `i` in `0..count`.
    Linear {
        /// First value.
        start: f64,
        /// Difference between neighbours (non-zero, towards `stop`).
        step: f64,
        /// Number of values.
        count: usize,
        /// The last value as given (`stop`); with a count it is hit exactly.
        stop: f64,
    },
    /// `count` values from `start` to `stop`, evenly spaced in log scale (both positive).
    Log {
        /// First value.
        start: f64,
        /// Last value.
        stop: f64,
        /// Number of values (at least 2).
        count: usize,
    },
    /// An interval a Latin hypercube samples from (uniformly, or log-uniformly).
    Range {
        /// One end.
        start: f64,
        /// The other end.
        stop: f64,
        /// Sample uniformly in log scale (both ends positive).
        log: bool,
    },
}

/// Rounds to 12 significant digits: removes the last bits of rounding noise of `start + i·step`
/// (`0.30000000000000004` becomes `0.3`) while keeping every value a user would type.
pub fn tidy(value: f64) -> f64 {
    if value == 0.0 || !value.is_finite() {
        return value;
    }
    format!("{value:.11e}").parse().unwrap_or(value)
}

impl Axis {
    /// Number of values of a grid axis (a hypercube range has none of its own).
    pub fn len(&self) -> usize {
        match self {
            Self::List(values) => values.len(),
            Self::Linear { count, .. } | Self::Log { count, .. } => *count,
            Self::Range { .. } => 0,
        }
    }

    /// Whether the axis has no values of its own (a hypercube range).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `i`-th value of a grid axis, computed from `i` alone (never by accumulating).
    pub fn value(&self, i: usize) -> f64 {
        match self {
            Self::List(values) => values[i],
            Self::Linear {
                start,
                step,
                count,
                stop,
            } => {
                let value = tidy(start + i as f64 * step);
                // With a count the last value is `stop` itself, not `stop` ± rounding.
                if i + 1 == *count && (value - stop).abs() <= 1e-9 * step.abs() {
                    *stop
                } else {
                    value
                }
            }
            Self::Log { start, stop, count } => {
                if i == 0 {
                    return *start;
                }
                if i + 1 == *count {
                    return *stop;
                }
                let fraction = i as f64 / (*count - 1) as f64;
                tidy((start.ln() + fraction * (stop.ln() - start.ln())).exp())
            }
            Self::Range { .. } => f64::NAN,
        }
    }

    /// Every value of a grid axis, in order.
    pub fn values(&self) -> Vec<f64> {
        (0..self.len()).map(|i| self.value(i)).collect()
    }

    /// The value at `fraction` (0 to 1) of a hypercube range, to 4 significant digits.
    pub fn at_fraction(&self, fraction: f64) -> f64 {
        match self {
            Self::Range { start, stop, log } => {
                let value = if *log {
                    (start.ln() + fraction * (stop.ln() - start.ln())).exp()
                } else {
                    start + fraction * (stop - start)
                };
                // A sampled value as a person writes it: 4 significant digits (`3.616`, not
                // `3.6163425862`), within the range; what is written is what is simulated.
                let rounded: f64 = format!("{value:.3e}").parse().unwrap_or(value);
                rounded.clamp(start.min(*stop), start.max(*stop))
            }
            _ => f64::NAN,
        }
    }

    /// The axis in the words of `--vary` (`lin:0:400:100`, `log:100:10000:n5`, `0,1,2`).
    pub fn spec(&self) -> String {
        match self {
            Self::List(values) => values
                .iter()
                .map(|v| format_number(*v))
                .collect::<Vec<_>>()
                .join(","),
            Self::Linear {
                start, step, stop, ..
            } => format!(
                "lin:{}:{}:{}",
                format_number(*start),
                format_number(*stop),
                format_number(*step)
            ),
            Self::Log { start, stop, count } => format!(
                "log:{}:{}:n{count}",
                format_number(*start),
                format_number(*stop)
            ),
            Self::Range { start, stop, log } => format!(
                "{}:{}:{}",
                if *log { "log" } else { "lin" },
                format_number(*start),
                format_number(*stop)
            ),
        }
    }
}

/// The part of a range specification a problem is about (so a message can point at it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The whole entry.
    Whole,
    /// `start`.
    Start,
    /// `stop`.
    Stop,
    /// `step`.
    Step,
    /// `count`.
    Count,
}

/// A range as written: ends, and a step or a count (or neither, for a hypercube).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RangeSpec {
    /// First value.
    pub start: f64,
    /// Last value (inclusive when the grid reaches it).
    pub stop: f64,
    /// Step between values.
    pub step: Option<f64>,
    /// Number of values.
    pub count: Option<i64>,
    /// Log scale.
    pub log: bool,
}

/// Most values one dimension may have.
pub const MAX_VALUES_PER_DIMENSION: usize = MAX_POINTS;

/// Checks a range and makes its axis; `hypercube` says whether the sweep samples ranges (then a
/// range has no step or count). On a problem, says which part is wrong and why. Values are
/// rounded to 12 significant digits ([`tidy`]): a range whose values would repeat after that
/// rounding (a step or an interval too fine for its ends) is refused.
pub fn range_axis(range: RangeSpec, hypercube: bool) -> Result<Axis, (Part, String)> {
    let axis = unrounded_range_axis(range, hypercube)?;
    let distinct = match &axis {
        Axis::Range { start, stop, .. } => tidy(*start) != tidy(*stop),
        _ => {
            let values = axis.values();
            values.windows(2).all(|w| w[0] < w[1]) || values.windows(2).all(|w| w[0] > w[1])
        }
    };
    if !distinct {
        let part = match (range.step, range.count) {
            (Some(_), _) => Part::Step,
            (None, Some(_)) => Part::Count,
            (None, None) => Part::Stop,
        };
        return Err((
            part,
            format!(
                "from {} to {} the values repeat once rounded to 12 significant digits; use fewer values or ends further apart",
                format_number(range.start),
                format_number(range.stop)
            ),
        ));
    }
    Ok(axis)
}

/// [`range_axis`] before the check that its values stay distinct.
fn unrounded_range_axis(range: RangeSpec, hypercube: bool) -> Result<Axis, (Part, String)> {
    let RangeSpec {
        start,
        stop,
        step,
        count,
        log,
    } = range;
    // Numbers as messages show them (`1e308`, not 309 digits).
    let (start_text, stop_text) = (format_number(start), format_number(stop));
    for (value, part, name) in [(start, Part::Start, "start"), (stop, Part::Stop, "stop")] {
        if !value.is_finite() {
            return Err((
                part,
                format!("{name} {} is not a finite number", format_number(value)),
            ));
        }
        if log && value <= 0.0 {
            return Err((
                part,
                format!(
                    "{name} {}: a log range needs positive ends (use a linear range to include 0 or negative values)",
                    format_number(value)
                ),
            ));
        }
    }
    if start == stop {
        return Err((
            Part::Stop,
            format!(
                "the range from {start_text} to {stop_text} is empty; for a single value give a list with one value"
            ),
        ));
    }
    if hypercube {
        if step.is_some() {
            return Err((Part::Step, "a Latin hypercube samples the whole range from start to stop; leave `step` out (the design's `points` sets how many values)".into()));
        }
        if count.is_some() {
            return Err((Part::Count, "a Latin hypercube samples the whole range from start to stop; leave `count` out (the design's `points` sets how many values)".into()));
        }
        return Ok(Axis::Range { start, stop, log });
    }
    match (step, count) {
        (Some(_), Some(_)) => Err((
            Part::Count,
            "give either `step` or `count`, not both".into(),
        )),
        (None, None) => Err((
            Part::Whole,
            format!(
                "a range needs `step` (e.g. step = {}) or `count` (e.g. count = 5)",
                tidy((stop - start) / 4.0)
            ),
        )),
        (Some(_), None) if log => Err((
            Part::Step,
            "a log range takes `count` (values evenly spaced in log scale), not `step`".into(),
        )),
        (Some(step), None) => {
            let step_text = format_number(step);
            if !step.is_finite() || step == 0.0 {
                return Err((
                    Part::Step,
                    format!("step {step_text}: the step must be a non-zero finite number"),
                ));
            }
            let intervals = (stop - start) / step;
            if intervals < 0.0 {
                return Err((
                    Part::Step,
                    format!(
                        "step {step_text} points away from stop: from {start_text} to {stop_text} the step must be {}, so this range is empty",
                        if stop > start { "positive" } else { "negative" }
                    ),
                ));
            }
            if intervals >= MAX_VALUES_PER_DIMENSION as f64 {
                return Err((
                    Part::Step,
                    format!(
                        "step {step_text} from {start_text} to {stop_text} gives about {} values; at most {MAX_VALUES_PER_DIMENSION} are allowed",
                        format_number(intervals.floor() + 1.0)
                    ),
                ));
            }
            // An interval count within rounding of a whole number reaches `stop`.
            let nearest = intervals.round();
            let whole = if (intervals - nearest).abs() <= 1e-9 * nearest.max(1.0) {
                nearest
            } else {
                intervals.floor()
            };
            Ok(Axis::Linear {
                start,
                step,
                count: whole as usize + 1,
                stop,
            })
        }
        (None, Some(count)) => {
            if count < 2 || count as u64 > MAX_VALUES_PER_DIMENSION as u64 {
                return Err((
                    Part::Count,
                    format!(
                        "count {count}: a range has 2 to {MAX_VALUES_PER_DIMENSION} values (for one value give a list)"
                    ),
                ));
            }
            let count = count as usize;
            if log {
                Ok(Axis::Log { start, stop, count })
            } else {
                Ok(Axis::Linear {
                    start,
                    step: (stop - start) / (count - 1) as f64,
                    count,
                    stop,
                })
            }
        }
    }
}

/// Checks listed values: 1 to [`MAX_VALUES_PER_DIMENSION`] finite numbers, each once. On a
/// problem, gives the index of the value at fault (if one is) and why.
pub fn list_axis(values: &[f64]) -> Result<Axis, (Option<usize>, String)> {
    if values.is_empty() {
        return Err((
            None,
            "the list of values is empty; give at least one".into(),
        ));
    }
    if values.len() > MAX_VALUES_PER_DIMENSION {
        return Err((
            None,
            format!(
                "{} values; at most {MAX_VALUES_PER_DIMENSION} are allowed",
                values.len()
            ),
        ));
    }
    for (i, v) in values.iter().enumerate() {
        if !v.is_finite() {
            return Err((
                Some(i),
                format!("{} is not a finite number", format_number(*v)),
            ));
        }
        if values[..i].contains(v) {
            return Err((Some(i), format!("{} is listed twice", format_number(*v))));
        }
    }
    Ok(Axis::List(values.to_vec()))
}

/// Checks the number of points of a grid: the product of the sizes, at most [`MAX_POINTS`].
pub fn grid_points(sizes: &[usize]) -> Result<usize, String> {
    let total = sizes
        .iter()
        .try_fold(1_usize, |acc, &n| acc.checked_mul(n))
        .unwrap_or(usize::MAX);
    if total > MAX_POINTS {
        let product = sizes
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(" x ");
        return Err(format!(
            "the grid has {total} points ({product}); at most {MAX_POINTS} are allowed: use fewer values, or a Latin hypercube (design = \"lhs\", or --lhs N)"
        ));
    }
    Ok(total)
}

/// For a `parameters.<name>` path: the parameter's name problem (unknown name) or `None`.
fn parameter_of(path: &str) -> Option<Result<&'static crate::model::ParameterInfo, String>> {
    let name = path.strip_prefix("parameters.")?;
    Some(Parameters::info(name).ok_or_else(|| {
        format!(
            "unknown model parameter `{name}`{}; `mgate explain` lists all {} parameters",
            suggestion(name, Parameters::names()),
            crate::model::PARAMETER_TABLE.len()
        )
    }))
}

/// Checks a path: dot-separated, non-empty segments. Returns the problem, if any.
fn path_problem(path: &str) -> Option<String> {
    if path.trim().is_empty() {
        return Some(
            "the path is empty; name a scalar as for --set, e.g. \"parameters.k_24a1\"".into(),
        );
    }
    if path.split('.').any(|s| s.trim().is_empty()) {
        return Some(format!(
            "`{path}` has an empty segment; name a scalar as for --set, e.g. \"arms.mag.regimens.0.amount\""
        ));
    }
    if path.starts_with("sweep.") || path == "sweep" {
        return Some("a sweep cannot vary its own [sweep] section".into());
    }
    None
}

/// Out-of-range values of a model parameter, checked before any point is built: the first value
/// outside the parameter's documented range, with its index and the message.
fn parameter_range_problem(path: &str, axis: &Axis) -> Option<(Option<usize>, String)> {
    let Some(Ok(info)) = parameter_of(path) else {
        return None;
    };
    let unit = if info.unit == "1" {
        "(dimensionless)"
    } else {
        info.unit
    };
    let message = |v: f64| {
        format!(
            "{} is out of range for `{}`; expected a number from {} to {} {unit}",
            format_number(v),
            info.name,
            format_number(info.min),
            format_number(info.max)
        )
    };
    match axis {
        Axis::List(values) => values
            .iter()
            .position(|v| !info.accepts(*v))
            .map(|i| (Some(i), message(values[i]))),
        Axis::Range { start, stop, .. } => [*start, *stop]
            .into_iter()
            .find(|v| !info.accepts(*v))
            .map(|v| (None, message(v))),
        _ => axis
            .values()
            .into_iter()
            .find(|v| !info.accepts(*v))
            .map(|v| (None, message(v))),
    }
}

/// Checks `[sweep]`.
pub(crate) fn check(
    c: &mut Checker,
    raw: Option<&S<RawSweep>>,
    scenario_seed: u64,
) -> Option<Sweep> {
    let raw = raw?;
    let span = raw.span();
    let r = raw.get_ref();
    #[derive(Clone, Copy, PartialEq)]
    enum Kind {
        Grid,
        Lhs,
    }
    let kind = match &r.design {
        Some(d) => c.choice(
            d,
            "sweep.design",
            &[("grid", Kind::Grid), ("lhs", Kind::Lhs)],
        )?,
        None => Kind::Grid,
    };
    let hypercube = kind == Kind::Lhs;
    if !hypercube {
        let reason = "applies to design = \"lhs\" (a Latin hypercube) only";
        c.not_used(&r.points, "sweep.points", reason);
        c.not_used(&r.seed, "sweep.seed", reason);
    }
    let list = c.required(
        &r.vary,
        "sweep.vary",
        Some(span.clone()),
        "the varied values, e.g. vary = [{ path = \"parameters.k_24a1\", values = [1, 2, 4] }]",
    )?;
    let entries = list.get_ref();
    if entries.is_empty() || entries.len() > MAX_DIMENSIONS {
        c.push(
            "sweep.vary",
            list.span(),
            format!(
                "a sweep varies 1 to {MAX_DIMENSIONS} values; this one gives {}",
                entries.len()
            ),
        );
        return None;
    }
    let mut dimensions: Vec<Dimension> = Vec::new();
    let mut complete = true;
    for (i, entry) in entries.iter().enumerate() {
        match dimension(c, entry, i, hypercube) {
            Some(d) => {
                if dimensions.iter().any(|o| o.path == d.path) {
                    c.push(
                        &format!("sweep.vary.{i}.path"),
                        entry.span(),
                        format!("`{}` is varied twice; vary each path once", d.path),
                    );
                    complete = false;
                } else {
                    dimensions.push(d);
                }
            }
            None => complete = false,
        }
    }
    let design = if hypercube {
        let points = c
            .required(
                &r.points,
                "sweep.points",
                Some(span.clone()),
                "how many points the Latin hypercube has, e.g. points = 50",
            )
            .and_then(|p| {
                let value = *p.get_ref();
                if (1..=MAX_POINTS as i64).contains(&value) {
                    Some(value as usize)
                } else {
                    c.push(
                        "sweep.points",
                        p.span(),
                        format!("{value} points; a Latin hypercube has 1 to {MAX_POINTS} points"),
                    );
                    None
                }
            });
        let seed = match &r.seed {
            Some(s) if *s.get_ref() < 0 => {
                c.push(
                    "sweep.seed",
                    s.span(),
                    format!("{} is negative; a seed is a whole number >= 0", s.get_ref()),
                );
                None
            }
            Some(s) => Some(*s.get_ref() as u64),
            None => Some(scenario_seed),
        };
        SweepDesign::LatinHypercube {
            points: points?,
            seed: seed?,
        }
    } else {
        SweepDesign::Grid
    };
    if !complete {
        return None;
    }
    if design == SweepDesign::Grid {
        let sizes: Vec<usize> = dimensions.iter().map(|d| d.axis.len()).collect();
        if let Err(message) = grid_points(&sizes) {
            c.push("sweep.vary", list.span(), message);
            return None;
        }
    }
    Some(Sweep { dimensions, design })
}

fn dimension(
    c: &mut Checker,
    entry: &S<RawVary>,
    index: usize,
    hypercube: bool,
) -> Option<Dimension> {
    let here = format!("sweep.vary.{index}");
    let v: &RawVary = entry.get_ref();
    let path_value = c.required(
        &v.path,
        &format!("{here}.path"),
        Some(entry.span()),
        "the dot path of the varied scalar, as for --set, e.g. path = \"parameters.k_24a1\"",
    )?;
    let path = path_value.get_ref().trim().to_string();
    if let Some(message) = path_problem(&path) {
        c.push(&format!("{here}.path"), path_value.span(), message);
        return None;
    }
    if let Some(Err(message)) = parameter_of(&path) {
        c.push(&format!("{here}.path"), path_value.span(), message);
        return None;
    }
    let range_given =
        v.start.is_some() || v.stop.is_some() || v.step.is_some() || v.count.is_some();
    let axis = match (&v.values, range_given) {
        (Some(values), true) => {
            c.push(
                &format!("{here}.values"),
                values.span(),
                "give either `values` or a range (start, stop, and step or count), not both".into(),
            );
            return None;
        }
        (Some(values), false) => {
            c.not_used(&v.scale, &format!("{here}.scale"), "applies to ranges only");
            if hypercube {
                c.push(&format!("{here}.values"), values.span(), "a Latin hypercube samples ranges: give start and stop instead of values (or use design = \"grid\")".into());
                return None;
            }
            let numbers: Vec<f64> = values.get_ref().iter().map(|v| *v.get_ref()).collect();
            match list_axis(&numbers) {
                Ok(axis) => axis,
                Err((at, message)) => {
                    let span = at.map_or(values.span(), |i| values.get_ref()[i].span());
                    c.push(&format!("{here}.values"), span, message);
                    return None;
                }
            }
        }
        (None, _) => {
            let log = match &v.scale {
                Some(s) => c.choice(
                    s,
                    &format!("{here}.scale"),
                    &[("linear", false), ("log", true)],
                )?,
                None => false,
            };
            let start = c.required(
                &v.start,
                &format!("{here}.start"),
                Some(entry.span()),
                "the first value of the range (or give `values = [...]`)",
            );
            let stop = c.required(
                &v.stop,
                &format!("{here}.stop"),
                Some(entry.span()),
                "the last value of the range",
            );
            let (start, stop) = (start?, stop?);
            let spec = RangeSpec {
                start: *start.get_ref(),
                stop: *stop.get_ref(),
                step: v.step.as_ref().map(|s| *s.get_ref()),
                count: v.count.as_ref().map(|n| *n.get_ref()),
                log,
            };
            match range_axis(spec, hypercube) {
                Ok(axis) => axis,
                Err((part, message)) => {
                    let (key, span) = match part {
                        Part::Start => ("start", Some(start.span())),
                        Part::Stop => ("stop", Some(stop.span())),
                        Part::Step => ("step", v.step.as_ref().map(|s| s.span())),
                        Part::Count => ("count", v.count.as_ref().map(|s| s.span())),
                        Part::Whole => ("", None),
                    };
                    let path = if key.is_empty() {
                        here.clone()
                    } else {
                        format!("{here}.{key}")
                    };
                    c.push(&path, span.unwrap_or(entry.span()), message);
                    return None;
                }
            }
        }
    };
    if let Some((at, message)) = parameter_range_problem(&path, &axis) {
        let span = match (at, &v.values) {
            (Some(i), Some(values)) => values.get_ref()[i].span(),
            _ => entry.span(),
        };
        c.push(&here, span, message);
        return None;
    }
    let value_origins = match (&axis, &v.values) {
        (Axis::List(_), Some(values)) => values
            .get_ref()
            .iter()
            .map(|v| Origin::File(v.span()))
            .collect(),
        _ => Vec::new(),
    };
    Some(Dimension {
        path,
        axis,
        origin: Origin::File(entry.span()),
        value_origins,
    })
}

/// One `--vary PATH=SPEC` option, split but not yet checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VaryOption {
    /// Dot path.
    pub path: String,
    /// The specification as typed.
    pub spec: String,
    /// The option as typed, for messages.
    pub raw: String,
}

impl FromStr for VaryOption {
    type Err = String;

    fn from_str(option: &str) -> Result<Self, Self::Err> {
        super::overrides::refuse_control_characters(option)?;
        let (path, spec) = option.split_once('=').ok_or_else(|| {
            format!(
                "`{option}` has no `=`; write PATH=SPEC, e.g. parameters.k_24a1=1,2,4 or arms.mag.regimens.0.amount=lin:0:400:100"
            )
        })?;
        Ok(Self {
            path: path.trim().to_string(),
            spec: spec.trim().to_string(),
            raw: format!("--vary {option}"),
        })
    }
}

/// The syntax of a `--vary` specification, for messages.
pub const SPEC_HELP: &str = "a list `1,2,5`, a linear range `lin:START:STOP:STEP` or `lin:START:STOP:nCOUNT`, or a log range `log:START:STOP:nCOUNT` (with --lhs: `lin:START:STOP` or `log:START:STOP`)";

fn number(text: &str, what: &str) -> Result<f64, String> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| format!("{what} `{text}` is not a finite number"))
}

impl VaryOption {
    /// Checks the option and makes its dimension (`hypercube`: the sweep is a Latin hypercube).
    pub fn dimension(&self, hypercube: bool) -> Result<Dimension, String> {
        if let Some(message) = path_problem(&self.path) {
            return Err(message);
        }
        if let Some(Err(message)) = parameter_of(&self.path) {
            return Err(message);
        }
        let spec = self.spec.as_str();
        let axis = if let Some((scale, rest)) = spec.split_once(':') {
            let log = match scale {
                "lin" => false,
                "log" => true,
                other => {
                    return Err(format!(
                        "`{other}:` is not a kind of range; use {SPEC_HELP}"
                    ));
                }
            };
            let parts: Vec<&str> = rest.split(':').collect();
            let (start, stop, last) = match parts.as_slice() {
                [start, stop] => (*start, *stop, None),
                [start, stop, last] => (*start, *stop, Some(last.trim())),
                _ => return Err(format!("`{spec}` is not a range; use {SPEC_HELP}")),
            };
            let (step, count) = match last {
                None if !hypercube => {
                    return Err(format!(
                        "`{spec}` has no step or count; add one (`{spec}:STEP` or `{spec}:nCOUNT`), or sample the range with --lhs N"
                    ));
                }
                None => (None, None),
                Some(n) if n.starts_with('n') => {
                    let count = n[1..].parse::<i64>().map_err(|_| {
                        format!("count `{n}` is not `n` followed by a whole number, e.g. n5")
                    })?;
                    (None, Some(count))
                }
                Some(step) => (Some(number(step, "step")?), None),
            };
            let range = RangeSpec {
                start: number(start, "start")?,
                stop: number(stop, "stop")?,
                step,
                count,
                log,
            };
            range_axis(range, hypercube).map_err(|(_, message)| message)?
        } else {
            if hypercube {
                return Err("--lhs samples ranges: give `lin:START:STOP` or `log:START:STOP` instead of a list".to_string());
            }
            let values = spec
                .split(',')
                .map(|v| number(v, "value"))
                .collect::<Result<Vec<f64>, String>>()
                .map_err(|e| format!("{e}; use {SPEC_HELP}"))?;
            list_axis(&values).map_err(|(_, message)| message)?
        };
        if let Some((_, message)) = parameter_range_problem(&self.path, &axis) {
            return Err(message);
        }
        Ok(Dimension {
            path: self.path.clone(),
            axis,
            origin: Origin::SetOption(self.raw.clone()),
            value_origins: Vec::new(),
        })
    }
}

/// Builds a sweep from `--vary` options: a grid, or with `lhs = Some((points, seed))` a Latin
/// hypercube. Every problem is returned at once, each attributed to its option.
pub fn from_options(
    options: &[VaryOption],
    lhs: Option<(usize, u64)>,
) -> Result<Sweep, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut dimensions: Vec<Dimension> = Vec::new();
    let problem = |option: &VaryOption, message: String| Problem {
        path: option.path.clone(),
        origin: Origin::SetOption(option.raw.clone()),
        message,
    };
    if options.len() > MAX_DIMENSIONS {
        problems.push(problem(
            &options[MAX_DIMENSIONS],
            format!(
                "a sweep varies 1 to {MAX_DIMENSIONS} values; {} --vary options are given",
                options.len()
            ),
        ));
    }
    for option in options {
        match option.dimension(lhs.is_some()) {
            Ok(d) if dimensions.iter().any(|o| o.path == d.path) => problems.push(problem(
                option,
                format!("`{}` is varied twice; vary each path once", d.path),
            )),
            Ok(d) => dimensions.push(d),
            Err(message) => problems.push(problem(option, message)),
        }
    }
    let design = match lhs {
        Some((points, _)) if points == 0 || points > MAX_POINTS => {
            problems.push(Problem {
                path: String::new(),
                origin: Origin::SetOption(format!("--lhs {points}")),
                message: format!("--lhs {points}: a Latin hypercube has 1 to {MAX_POINTS} points"),
            });
            SweepDesign::Grid
        }
        Some((points, seed)) => SweepDesign::LatinHypercube { points, seed },
        None => SweepDesign::Grid,
    };
    if problems.is_empty() && design == SweepDesign::Grid {
        let sizes: Vec<usize> = dimensions.iter().map(|d| d.axis.len()).collect();
        if let Err(message) = grid_points(&sizes) {
            problems.push(Problem {
                path: String::new(),
                origin: Origin::SetOption(
                    options
                        .iter()
                        .map(|o| o.raw.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
                message,
            });
        }
    }
    if problems.is_empty() {
        Ok(Sweep { dimensions, design })
    } else {
        Err(problems)
    }
}

impl Sweep {
    /// Number of points.
    pub fn points(&self) -> usize {
        match self.design {
            SweepDesign::Grid => self.dimensions.iter().map(|d| d.axis.len()).product(),
            SweepDesign::LatinHypercube { points, .. } => points,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(
        start: f64,
        stop: f64,
        step: Option<f64>,
        count: Option<i64>,
        log: bool,
    ) -> Result<Axis, (Part, String)> {
        range_axis(
            RangeSpec {
                start,
                stop,
                step,
                count,
                log,
            },
            false,
        )
    }

    #[test]
    fn steps_of_a_tenth_are_exact_and_reach_stop() {
        let axis = range(0.0, 1.0, Some(0.1), None, false).unwrap();
        let values = axis.values();
        assert_eq!(values.len(), 11);
        assert_eq!(values[3], 0.3);
        assert_eq!(values[10], 1.0);
        // Accumulating would have drifted: 0.1 added ten times is not 1.
        let accumulated = (0..10).fold(0.0, |acc: f64, _| acc + 0.1);
        assert_ne!(accumulated, 1.0);
    }

    #[test]
    fn empty_zero_and_wrong_signed_ranges_are_refused() {
        assert_eq!(
            range(1.0, 1.0, Some(0.1), None, false).unwrap_err().0,
            Part::Stop
        );
        assert_eq!(
            range(0.0, 1.0, Some(0.0), None, false).unwrap_err().0,
            Part::Step
        );
        let (part, message) = range(0.0, 1.0, Some(-0.1), None, false).unwrap_err();
        assert_eq!(part, Part::Step);
        assert!(message.contains("must be positive"), "{message}");
        assert!(
            range(0.0, 1.0, Some(1e-9), None, false)
                .unwrap_err()
                .1
                .contains("at most")
        );
        assert_eq!(
            range(0.0, 1.0, None, Some(1), false).unwrap_err().0,
            Part::Count
        );
        assert_eq!(
            range(0.0, 1.0, None, Some(3), true).unwrap_err().0,
            Part::Start
        );
        assert!(
            grid_points(&[100, 101])
                .unwrap_err()
                .contains("10100 points (100 x 101)")
        );
    }

    #[test]
    fn counts_and_log_ranges_hit_both_ends() {
        let axis = range(10.0, 0.0, None, Some(6), false).unwrap();
        assert_eq!(axis.values(), vec![10.0, 8.0, 6.0, 4.0, 2.0, 0.0]);
        let axis = range(1.0, 10000.0, None, Some(5), true).unwrap();
        assert_eq!(axis.values(), vec![1.0, 10.0, 100.0, 1000.0, 10000.0]);
        let axis = range(0.0, 1.0, Some(0.3), None, false).unwrap();
        assert_eq!(axis.values(), vec![0.0, 0.3, 0.6, 0.9]);
    }

    #[test]
    fn vary_options_parse_every_form() {
        let dim = |s: &str| s.parse::<VaryOption>().unwrap().dimension(false);
        assert_eq!(
            dim("parameters.k_24a1=1,2,4").unwrap().axis,
            Axis::List(vec![1.0, 2.0, 4.0])
        );
        assert_eq!(
            dim("a.b=lin:0:10:n3").unwrap().axis.values(),
            vec![0.0, 5.0, 10.0]
        );
        assert_eq!(
            dim("a.b=log:1:100:n3").unwrap().axis.values(),
            vec![1.0, 10.0, 100.0]
        );
        assert!(dim("a.b=lin:0:10").unwrap_err().contains("--lhs"));
        assert!(
            dim("a.b=cubic:0:10:1")
                .unwrap_err()
                .contains("not a kind of range")
        );
        assert!(
            dim("parameters.k_24aa=1")
                .unwrap_err()
                .contains("did you mean `k_24a1`")
        );
        assert!(
            dim("parameters.k_24a1=0.01,1")
                .unwrap_err()
                .contains("out of range")
        );
        let lhs = "a.b=lin:0:10"
            .parse::<VaryOption>()
            .unwrap()
            .dimension(true)
            .unwrap();
        assert_eq!(
            lhs.axis,
            Axis::Range {
                start: 0.0,
                stop: 10.0,
                log: false
            }
        );
    }
}
