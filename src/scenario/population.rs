//! The population section: covariates with their distributions, correlations, between-subject
//! variability of model parameters, and inclusion criteria.

use super::checker::Checker;
use super::problem::suggestion;
use super::raw::{RawCovariate, RawDistribution, RawPopulation, S};
use crate::model::{PARAMETER_TABLE, Parameters};
use crate::simulate::Observable;
use nalgebra::DMatrix;

/// Largest cohort accepted.
pub const MAX_SUBJECTS: i64 = 1_000_000;
/// Largest coefficient of variation accepted for between-subject variability.
pub const MAX_VARIABILITY_CV: f64 = 2.0;

/// A subject characteristic drawn for every subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Covariate {
    /// Vitamin D input from diet and skin, IU/day.
    VitaminDInput,
    /// Dietary magnesium, mg/day.
    MgIntake,
    /// Dietary calcium, mg/day.
    CaIntake,
    /// Body weight, kg.
    BodyWeight,
    /// Kidney function as a multiplier on urinary Mg handling (the subject's factor on the
    /// model parameter `renal_mg_factor`).
    RenalMgFactor,
}

/// Number of covariates.
pub const N_COVARIATES: usize = 5;

impl Covariate {
    /// Every covariate, in column order.
    pub const ALL: [Self; N_COVARIATES] = [
        Self::VitaminDInput,
        Self::MgIntake,
        Self::CaIntake,
        Self::BodyWeight,
        Self::RenalMgFactor,
    ];

    /// Key in scenario files and column name in outputs.
    pub fn name(self) -> &'static str {
        match self {
            Self::VitaminDInput => "vitamin_d_input_iu_per_day",
            Self::MgIntake => "mg_intake_mg_per_day",
            Self::CaIntake => "ca_intake_mg_per_day",
            Self::BodyWeight => "body_weight_kg",
            Self::RenalMgFactor => "renal_mg_factor",
        }
    }

    /// Unit, for messages.
    pub fn unit(self) -> &'static str {
        match self {
            Self::VitaminDInput => "IU/day",
            Self::MgIntake | Self::CaIntake => "mg/day",
            Self::BodyWeight => "kg",
            Self::RenalMgFactor => "(1 = typical kidney function)",
        }
    }

    /// Valid range of values.
    pub fn range(self) -> (f64, f64) {
        match self {
            Self::VitaminDInput => (0.0, 100_000.0),
            Self::MgIntake => (20.0, 5_000.0),
            Self::CaIntake => (0.0, 5_000.0),
            Self::BodyWeight => (20.0, 300.0),
            Self::RenalMgFactor => (0.1, 10.0),
        }
    }

    /// Value when the scenario does not give one (the reference subject's, where it has one).
    pub fn default_value(self) -> f64 {
        let reference = Parameters::default();
        match self {
            Self::VitaminDInput => reference.vitd_input_ref,
            Self::MgIntake => reference.mg_intake_ref,
            Self::CaIntake => 900.0,
            Self::BodyWeight => 70.0,
            Self::RenalMgFactor => 1.0,
        }
    }

    /// Position in [`Covariate::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The covariate with this name.
    pub fn from_name(name: &str) -> Option<Self> {
        // `kidney_mg_factor`: the name before it took the name of the parameter it multiplies.
        let name = if name == "kidney_mg_factor" {
            Self::RenalMgFactor.name()
        } else {
            name
        };
        Self::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// A covariate's distribution in the population, before truncation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Distribution {
    /// Everyone has this value.
    Fixed(f64),
    /// Normal with this mean and standard deviation.
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation.
        sd: f64,
    },
    /// Log-normal with this median and coefficient of variation.
    LogNormal {
        /// Median.
        median: f64,
        /// Coefficient of variation (sd / mean of the log-normal).
        cv: f64,
    },
    /// Uniform between two values.
    Uniform {
        /// Smallest value.
        min: f64,
        /// Largest value.
        max: f64,
    },
}

/// A covariate's distribution, truncated to `[lower, upper]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CovariateSpec {
    /// The untruncated distribution.
    pub distribution: Distribution,
    /// Values below are not drawn.
    pub lower: f64,
    /// Values above are not drawn.
    pub upper: f64,
}

/// A random quantity that can be correlated with others.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Variable {
    /// A covariate.
    Covariate(Covariate),
    /// The between-subject variability of a model parameter (index into `PARAMETER_TABLE`).
    Parameter(usize),
}

/// Correlations between variables, as the lower Cholesky factor of their correlation matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct Correlation {
    /// The correlated variables, in matrix order.
    pub variables: Vec<Variable>,
    /// The correlation matrix as given.
    pub matrix: DMatrix<f64>,
    /// Lower triangular `L` with `L Lᵀ = matrix`.
    pub cholesky_lower: DMatrix<f64>,
}

/// Log-normal between-subject variability of one parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Variability {
    /// Index into `PARAMETER_TABLE`.
    pub parameter: usize,
    /// Coefficient of variation.
    pub cv: f64,
}

/// A baseline criterion: enrol only subjects whose baseline lies in `[min, max]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Inclusion {
    /// The observable judged at baseline (measured, when the scenario has assay noise for it).
    pub observable: Observable,
    /// Smallest value enrolled.
    pub min: f64,
    /// Largest value enrolled.
    pub max: f64,
}

/// Who is simulated.
#[derive(Debug, Clone, PartialEq)]
pub struct Population {
    /// Number of subjects enrolled.
    pub subjects: usize,
    /// Every covariate's distribution, indexed by [`Covariate::index`].
    pub covariates: [CovariateSpec; N_COVARIATES],
    /// Correlations, if any.
    pub correlation: Option<Correlation>,
    /// Between-subject variability of parameters.
    pub variability: Vec<Variability>,
    /// Inclusion criteria.
    pub inclusion: Vec<Inclusion>,
}

impl Population {
    /// The spec of one covariate.
    pub fn covariate(&self, covariate: Covariate) -> &CovariateSpec {
        &self.covariates[covariate.index()]
    }
}

/// Checks the `[population]` table.
pub(crate) fn check(c: &mut Checker, raw: Option<&S<RawPopulation>>) -> Option<Population> {
    let empty = RawPopulation::default();
    let p = raw.map_or(&empty, |p| p.get_ref());
    let subjects = match &p.subjects {
        Some(n) if (1..=MAX_SUBJECTS).contains(n.get_ref()) => Some(*n.get_ref() as usize),
        Some(n) => {
            c.push(
                "population.subjects",
                n.span(),
                format!(
                    "{} subjects; expected a whole number from 1 to {MAX_SUBJECTS}",
                    n.get_ref()
                ),
            );
            None
        }
        None => Some(1),
    };
    let raw_covariates = [
        &p.vitamin_d_input_iu_per_day,
        &p.mg_intake_mg_per_day,
        &p.ca_intake_mg_per_day,
        &p.body_weight_kg,
        &p.renal_mg_factor,
    ];
    let mut covariates = Vec::with_capacity(N_COVARIATES);
    for (covariate, raw) in Covariate::ALL.into_iter().zip(raw_covariates) {
        covariates.push(covariate_spec(c, covariate, raw.as_ref()));
    }
    let variability = variability(c, p);
    let correlation = p
        .correlation
        .as_ref()
        .and_then(|raw| correlation(c, raw, &variability));
    let inclusion = p
        .inclusion
        .iter()
        .enumerate()
        .filter_map(|(i, raw)| inclusion(c, raw, &format!("population.inclusion.{i}")))
        .collect();
    let covariates: Option<Vec<CovariateSpec>> = covariates.into_iter().collect();
    Some(Population {
        subjects: subjects?,
        covariates: covariates?.try_into().ok()?,
        correlation,
        variability,
        inclusion,
    })
}

fn covariate_spec(
    c: &mut Checker,
    covariate: Covariate,
    raw: Option<&S<RawCovariate>>,
) -> Option<CovariateSpec> {
    let path = format!("population.{}", covariate.name());
    let (min, max) = covariate.range();
    let unit = covariate.unit();
    let Some(raw) = raw else {
        let value = covariate.default_value();
        return Some(CovariateSpec {
            distribution: Distribution::Fixed(value),
            lower: value,
            upper: value,
        });
    };
    match raw.get_ref() {
        RawCovariate::Fixed(value) => {
            let value = c.number(&S::new(raw.span(), *value), &path, min, max, unit)?;
            Some(CovariateSpec {
                distribution: Distribution::Fixed(value),
                lower: value,
                upper: value,
            })
        }
        RawCovariate::Distribution(d) => distribution(c, d, &path, raw.span(), (min, max, unit)),
    }
}

fn distribution(
    c: &mut Checker,
    d: &RawDistribution,
    path: &str,
    span: std::ops::Range<usize>,
    (min, max, unit): (f64, f64, &str),
) -> Option<CovariateSpec> {
    #[derive(Clone, Copy, PartialEq)]
    enum Kind {
        Normal,
        LogNormal,
        Uniform,
    }
    let field = |name: &str| format!("{path}.{name}");
    let kind = c
        .required(
            &d.distribution,
            &field("distribution"),
            Some(span.clone()),
            "one of normal, lognormal, uniform (or give a plain number for a fixed value)",
        )
        .and_then(|k| {
            c.choice(
                k,
                &field("distribution"),
                &[
                    ("normal", Kind::Normal),
                    ("lognormal", Kind::LogNormal),
                    ("uniform", Kind::Uniform),
                ],
            )
        })?;
    let in_range = (min, max, unit);
    let need = |c: &mut Checker, value: &Option<S<f64>>, name: &str, what: &str| {
        c.required(value, &field(name), Some(span.clone()), what)
            .and_then(|v| c.number(v, &field(name), in_range.0, in_range.1, in_range.2))
    };
    let positive = |c: &mut Checker, value: &Option<S<f64>>, name: &str, what: &str, top: f64| {
        c.required(value, &field(name), Some(span.clone()), what)
            .and_then(|v| c.number(v, &field(name), 1e-9, top, "(must be positive)"))
    };
    let unused = |c: &mut Checker, value: &Option<S<f64>>, name: &str, reason: &str| {
        c.not_used(value, &field(name), reason)
    };
    let distribution = match kind {
        Kind::Normal => {
            unused(c, &d.median, "median", "applies to lognormal only");
            unused(c, &d.cv, "cv", "applies to lognormal only");
            unused(
                c,
                &d.min,
                "min",
                "applies to uniform only; use lower for truncation",
            );
            unused(
                c,
                &d.max,
                "max",
                "applies to uniform only; use upper for truncation",
            );
            let mean = need(c, &d.mean, "mean", "the mean, e.g. mean = 300");
            let sd = positive(
                c,
                &d.sd,
                "sd",
                "the standard deviation, e.g. sd = 80",
                max - min,
            );
            Distribution::Normal {
                mean: mean?,
                sd: sd?,
            }
        }
        Kind::LogNormal => {
            unused(
                c,
                &d.mean,
                "mean",
                "applies to normal only; give the median",
            );
            unused(c, &d.sd, "sd", "applies to normal only; give the cv");
            unused(
                c,
                &d.min,
                "min",
                "applies to uniform only; use lower for truncation",
            );
            unused(
                c,
                &d.max,
                "max",
                "applies to uniform only; use upper for truncation",
            );
            let median = need(c, &d.median, "median", "the median, e.g. median = 1200");
            let cv = positive(
                c,
                &d.cv,
                "cv",
                "the coefficient of variation, e.g. cv = 0.5",
                10.0,
            );
            if median == Some(0.0) {
                c.push(
                    &field("median"),
                    span.clone(),
                    "a log-normal median must be above 0".into(),
                );
                return None;
            }
            Distribution::LogNormal {
                median: median?,
                cv: cv?,
            }
        }
        Kind::Uniform => {
            for (value, name) in [
                (&d.mean, "mean"),
                (&d.sd, "sd"),
                (&d.median, "median"),
                (&d.cv, "cv"),
            ] {
                unused(c, value, name, "does not apply to a uniform distribution");
            }
            unused(
                c,
                &d.lower,
                "lower",
                "does not apply to uniform: min and max are its bounds",
            );
            unused(
                c,
                &d.upper,
                "upper",
                "does not apply to uniform: min and max are its bounds",
            );
            let low = need(c, &d.min, "min", "the smallest value, e.g. min = 100");
            let high = need(c, &d.max, "max", "the largest value, e.g. max = 500");
            let (low, high) = (low?, high?);
            if high <= low {
                c.push(
                    &field("max"),
                    d.max.as_ref().map_or(span, |m| m.span()),
                    format!("max {high} must be above min {low}"),
                );
                return None;
            }
            return Some(CovariateSpec {
                distribution: Distribution::Uniform {
                    min: low,
                    max: high,
                },
                lower: low,
                upper: high,
            });
        }
    };
    let lower = match &d.lower {
        Some(v) => c.number(v, &field("lower"), min, max, unit)?,
        None => min,
    };
    let upper = match &d.upper {
        Some(v) => c.number(v, &field("upper"), min, max, unit)?,
        None => max,
    };
    if upper <= lower {
        c.push(
            &field("upper"),
            d.upper.as_ref().map_or(span, |u| u.span()),
            format!("the truncation range is empty: upper {upper} is not above lower {lower}"),
        );
        return None;
    }
    Some(CovariateSpec {
        distribution,
        lower,
        upper,
    })
}

fn variability(c: &mut Checker, p: &RawPopulation) -> Vec<Variability> {
    let mut entries: Vec<_> = p.variability.iter().collect();
    entries.sort_by_key(|(name, _)| name.span().start);
    entries
        .into_iter()
        .filter_map(|(name, cv)| {
            let path = format!("population.variability.{}", name.get_ref());
            let Some(parameter) = PARAMETER_TABLE
                .iter()
                .position(|i| i.name == name.get_ref())
            else {
                c.push(
                    &path,
                    name.span(),
                    format!(
                        "unknown model parameter `{}`{}; `mgate explain` lists them all",
                        name.get_ref(),
                        suggestion(name.get_ref(), Parameters::names())
                    ),
                );
                return None;
            };
            let cv = c.number(
                cv,
                &path,
                0.0,
                MAX_VARIABILITY_CV,
                "(coefficient of variation)",
            )?;
            Some(Variability { parameter, cv })
        })
        .collect()
}

fn variable_names(variability: &[Variability]) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = Covariate::ALL.iter().map(|c| c.name()).collect();
    names.extend(
        variability
            .iter()
            .map(|v| PARAMETER_TABLE[v.parameter].name),
    );
    names
}

fn correlation(
    c: &mut Checker,
    raw: &S<crate::scenario::raw::RawCorrelation>,
    variability: &[Variability],
) -> Option<Correlation> {
    let path = "population.correlation";
    let span = raw.span();
    let raw = raw.get_ref();
    let names = c.required(
        &raw.variables,
        &format!("{path}.variables"),
        Some(span.clone()),
        "the correlated covariates or varying parameters, e.g. variables = [\"vitamin_d_input_iu_per_day\", \"mg_intake_mg_per_day\"]",
    );
    let matrix = c.required(
        &raw.matrix,
        &format!("{path}.matrix"),
        Some(span),
        "the correlation matrix, e.g. matrix = [[1, 0.3], [0.3, 1]]",
    );
    let (names, matrix) = (names?, matrix?);
    let mut variables = Vec::new();
    for (i, name) in names.get_ref().iter().enumerate() {
        let here = format!("{path}.variables.{i}");
        let variable = if let Some(covariate) = Covariate::from_name(name.get_ref()) {
            Variable::Covariate(covariate)
        } else if let Some(v) = variability
            .iter()
            .find(|v| PARAMETER_TABLE[v.parameter].name == name.get_ref())
        {
            Variable::Parameter(v.parameter)
        } else {
            let valid = variable_names(variability);
            c.push(
                &here,
                name.span(),
                format!(
                    "`{}` is neither a covariate nor a parameter with [population.variability]{}; valid here: {}",
                    name.get_ref(),
                    suggestion(name.get_ref(), valid.iter().copied()),
                    valid.join(", ")
                ),
            );
            return None;
        };
        if variables.contains(&variable) {
            c.push(
                &here,
                name.span(),
                format!("`{}` is listed twice", name.get_ref()),
            );
            return None;
        }
        variables.push(variable);
    }
    let n = variables.len();
    let rows = matrix.get_ref();
    if n < 2 || rows.len() != n || rows.iter().any(|row| row.get_ref().len() != n) {
        c.push(
            &format!("{path}.matrix"),
            matrix.span(),
            format!("the matrix must be {n} by {n}, one row and column per variable (and at least 2 variables)"),
        );
        return None;
    }
    let mut values = DMatrix::zeros(n, n);
    for (i, row) in rows.iter().enumerate() {
        for (j, value) in row.get_ref().iter().enumerate() {
            let here = format!("{path}.matrix.{i}.{j}");
            let v = c.number(value, &here, -1.0, 1.0, "(a correlation)")?;
            if i == j && v != 1.0 {
                c.push(
                    &here,
                    value.span(),
                    format!("diagonal entries must be 1, not {v}"),
                );
                return None;
            }
            values[(i, j)] = v;
        }
    }
    for i in 0..n {
        for j in 0..i {
            if values[(i, j)] != values[(j, i)] {
                c.push(
                    &format!("{path}.matrix.{i}.{j}"),
                    rows[i].get_ref()[j].span(),
                    format!(
                        "the matrix is not symmetric: entry ({i}, {j}) is {} but ({j}, {i}) is {}",
                        values[(i, j)],
                        values[(j, i)]
                    ),
                );
                return None;
            }
        }
    }
    let Some(cholesky) = values.clone().cholesky() else {
        c.push(
            &format!("{path}.matrix"),
            matrix.span(),
            "the correlation matrix is not positive definite (some correlations contradict each other, e.g. a with b 0.9, b with c 0.9, a with c -0.9); weaken the correlations".into(),
        );
        return None;
    };
    Some(Correlation {
        variables,
        matrix: values,
        cholesky_lower: cholesky.l(),
    })
}

fn inclusion(
    c: &mut Checker,
    raw: &S<crate::scenario::raw::RawInclusion>,
    path: &str,
) -> Option<Inclusion> {
    let r = raw.get_ref();
    let observable = c
        .required(
            &r.observable,
            &format!("{path}.observable"),
            Some(raw.span()),
            "the baseline observable judged, e.g. observable = \"ohd25_ng_ml\"",
        )
        .and_then(|o| c.observable(o, &format!("{path}.observable")))?;
    if r.min.is_none() && r.max.is_none() {
        c.push(
            path,
            raw.span(),
            "an inclusion criterion needs min, max, or both".into(),
        );
        return None;
    }
    let bound = |c: &mut Checker, v: &Option<S<f64>>, name: &str, default: f64| match v {
        Some(v) => c.number(v, &format!("{path}.{name}"), 0.0, 1e6, observable.unit()),
        None => Some(default),
    };
    let min = bound(c, &r.min, "min", 0.0)?;
    let max = bound(c, &r.max, "max", f64::INFINITY)?;
    if max <= min {
        c.push(
            &format!("{path}.max"),
            raw.span(),
            format!("max {max} must be above min {min}"),
        );
        return None;
    }
    Some(Inclusion {
        observable,
        min,
        max,
    })
}
