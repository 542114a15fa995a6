//! Scenario files: TOML in, a checked [`Scenario`] out.
//!
//! Two stages, as in ripgrep and hyperfine: the file is read into a raw serde mirror
//! ([`raw`], `deny_unknown_fields`, every value with its place in the file), then checked as a
//! whole ([`validate`]), so that every problem is reported at once with its TOML path, line,
//! column, what was wrong and what would be valid. `--set PATH=VALUE` options ([`overrides`]) are
//! applied to the document before both stages and validated the same way.
//!
//! The format is documented key by key in `docs/scenario-format.md`.

mod checker;
pub mod describe;
pub mod design;
pub mod overrides;
pub mod population;
pub mod problem;
pub mod raw;
pub mod sweep;
pub mod validate;
pub mod variation;

use crate::model::Parameters;
use crate::simulate::{
    Dose, MagnesiumForm, Observable, Regimen, Schedule, SolverSettings, VitaminDForm,
};
pub use design::{Analysis, Assay, Design, Stratification, StratifyBy};
pub use overrides::SetOption;
pub use population::{
    Correlation, Covariate, CovariateSpec, Distribution, Inclusion, N_COVARIATES, Population,
    Variability, Variable,
};
pub use problem::{Origin, Problem, ScenarioError};
pub use sweep::{Axis, Dimension, Sweep, SweepDesign, VaryOption};
pub use variation::{Replicates, Season, Variation};

/// Longest name of a scenario or an arm, characters.
pub const MAX_NAME_CHARS: usize = 64;

/// Whether `name` can name a scenario or an arm: 1 to 64 lower-case letters, digits, `_` or `-`,
/// starting with a letter or digit (it becomes a folder name and a `--set` path segment).
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_NAME_CHARS
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
        && name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
}

/// Largest scenario file accepted, bytes.
pub const MAX_FILE_BYTES: u64 = 1 << 20;

/// A scenario that passed every check.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// Identifier: lower-case letters, digits, `_` and `-`; names the output folder.
    pub name: String,
    /// One-line title for plots and reports.
    pub title: String,
    /// What the scenario shows, in plain words.
    pub description: String,
    /// The paper or source the scenario mirrors, if any.
    pub reference: Option<String>,
    /// What a student should look for, if given.
    pub look_for: Option<String>,
    /// Length of the simulation, days.
    pub duration_days: f64,
    /// Sampling days, sorted, from 0 to `duration_days` inclusive.
    pub sample_days: Vec<f64>,
    /// Seed of every random draw.
    pub seed: u64,
    /// Integrator tolerances.
    pub solver: SolverSettings,
    /// Who is simulated.
    pub population: Population,
    /// Model parameters after the scenario's overrides.
    pub parameters: Parameters,
    /// The overrides as written, `(name, value)`, in file order.
    pub parameter_overrides: Vec<(String, f64)>,
    /// The arms; every subject is simulated under its arm's regimens.
    pub arms: Vec<Arm>,
    /// How subjects are assigned to arms.
    pub design: Design,
    /// The analysis of effects.
    pub analysis: Analysis,
    /// Assay noise, per measured observable.
    pub measurement: Vec<Assay>,
    /// What to write.
    pub output: OutputSettings,
    /// The scenario's TOML text after `--set` overrides (recorded in the manifest).
    pub resolved_toml: String,
    /// The `--set` options (and `--seed`, `--subjects`) applied to the file, in order.
    pub overrides: Vec<SetOption>,
    /// What `mgate sweep` varies (`[sweep]`), if the file says.
    pub sweep: Option<Sweep>,
    /// Sun-made vitamin D following the calendar (`[season]`); none: a constant input.
    pub season: Option<Season>,
    /// Day-to-day intake variation and slow drift (`[variation]`); none: constant intakes.
    pub variation: Option<Variation>,
    /// Replicate trials run after the main cohort (`[replicates]`), if the file asks.
    pub replicates: Option<Replicates>,
}

/// A change of background intake from a given day on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IntakeChange {
    /// Day from which the change holds.
    pub day: f64,
    /// New vitamin D input, IU/day, or unchanged.
    pub vitamin_d_input_iu_per_day: Option<f64>,
    /// New Mg intake, mg/day, or unchanged.
    pub mg_intake_mg_per_day: Option<f64>,
}

/// One arm of a study.
#[derive(Debug, Clone, PartialEq)]
pub struct Arm {
    /// Identifier used in outputs and `--set` paths.
    pub name: String,
    /// Label for plots and tables.
    pub label: String,
    /// Share of subjects in a parallel design.
    pub share: ArmShare,
    /// Dose regimens (amounts may depend on the subject).
    pub regimens: Vec<RegimenSpec>,
    /// Background intake changes, sorted by day.
    pub intake_changes: Vec<IntakeChange>,
}

/// An arm's share of the subjects in a parallel design.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArmShare {
    /// Relative size: an arm with ratio 2 gets twice the subjects of an arm with ratio 1.
    Ratio(usize),
    /// Exact number of subjects.
    Count(usize),
}

/// What a regimen gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Substance {
    /// Oral vitamin D (IU).
    VitaminD(VitaminDForm),
    /// Oral magnesium (mg elemental).
    Magnesium(MagnesiumForm),
}

/// How large each dose is: fixed, or by a rule applied to each subject at baseline.
#[derive(Debug, Clone, PartialEq)]
pub enum Amount {
    /// The same amount for everyone.
    Fixed(f64),
    /// Amount per kg of body weight, optionally capped.
    PerKg {
        /// Amount per kg.
        per_kg: f64,
        /// Largest amount, if any.
        cap: Option<f64>,
    },
    /// Magnesium that brings the diet's Ca:Mg intake ratio down to a target (Dai et al. 2018):
    /// `max(0, Ca / target - Mg)`, optionally capped.
    CaMgRatio {
        /// Target Ca:Mg ratio (by mass).
        target_ratio: f64,
        /// Largest amount, if any.
        cap: Option<f64>,
    },
    /// Vitamin D by baseline 25(OH)D band: the first band whose `below` exceeds the baseline
    /// gives the amount; above every band, `otherwise`.
    Ohd25Bands {
        /// `(below, amount)` pairs with increasing `below`.
        bands: Vec<(f64, f64)>,
        /// Amount above every band.
        otherwise: f64,
    },
}

/// A regimen whose amount may depend on the subject.
#[derive(Debug, Clone, PartialEq)]
pub struct RegimenSpec {
    /// What is given.
    pub substance: Substance,
    /// How much per dose.
    pub amount: Amount,
    /// When.
    pub schedule: Schedule,
}

/// What a dose rule needs to know about a subject.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DoseBasis {
    /// Body weight, kg.
    pub body_weight_kg: f64,
    /// Dietary calcium, mg/day.
    pub ca_intake_mg_per_day: f64,
    /// Dietary magnesium, mg/day.
    pub mg_intake_mg_per_day: f64,
    /// Baseline 25(OH)D as the clinic sees it (measured if the scenario has assay noise), ng/mL.
    pub baseline_ohd25_ng_ml: f64,
}

impl Amount {
    /// The amount per dose for a subject.
    pub fn for_subject(&self, basis: &DoseBasis) -> f64 {
        let capped = |value: f64, cap: Option<f64>| cap.map_or(value, |c| value.min(c));
        match self {
            Self::Fixed(amount) => *amount,
            Self::PerKg { per_kg, cap } => capped(per_kg * basis.body_weight_kg, *cap),
            Self::CaMgRatio { target_ratio, cap } => capped(
                (basis.ca_intake_mg_per_day / target_ratio - basis.mg_intake_mg_per_day).max(0.0),
                *cap,
            ),
            Self::Ohd25Bands { bands, otherwise } => bands
                .iter()
                .find(|(below, _)| basis.baseline_ohd25_ng_ml < *below)
                .map_or(*otherwise, |(_, amount)| *amount),
        }
    }

    /// Whether the amount differs between subjects.
    pub fn is_personal(&self) -> bool {
        !matches!(self, Self::Fixed(_))
    }
}

impl RegimenSpec {
    /// The regimen for a subject.
    pub fn regimen(&self, basis: &DoseBasis) -> Regimen {
        let amount = self.amount.for_subject(basis);
        let dose = match self.substance {
            Substance::VitaminD(form) => Dose::VitaminD { iu: amount, form },
            Substance::Magnesium(form) => Dose::Magnesium { mg: amount, form },
        };
        Regimen {
            dose,
            schedule: self.schedule.clone(),
        }
    }
}

/// Output settings.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputSettings {
    /// Observables written to time series and summaries, in column order.
    pub observables: Vec<Observable>,
    /// Whether to write `timeseries.csv`.
    pub timeseries: bool,
    /// Plot kinds rendered after each run (PNG and SVG, into `plots/`).
    pub plots: Vec<crate::plot::PlotKind>,
    /// Observables plotted by the kinds that plot one [default: the analysis endpoints].
    pub plot_observables: Vec<Observable>,
}

/// Reads, overrides and checks a scenario file. `label` is how the file is named in messages.
pub fn load(path: &std::path::Path, set: &[SetOption]) -> Result<Scenario, ScenarioError> {
    let text = read_text(path)?;
    parse(&text, &path.display().to_string(), set)
}

/// Reads a scenario file's text (a regular file of UTF-8 text, at most [`MAX_FILE_BYTES`]),
/// without checking it.
pub fn read_text(path: &std::path::Path) -> Result<String, ScenarioError> {
    let label = path.display().to_string();
    let unreadable = |message: String| ScenarioError {
        file: label.clone(),
        source: String::new(),
        problems: vec![Problem::whole("", message)],
    };
    use crate::files::{self, Links, ReadError};
    let bytes = files::read(path, Links::Follow, MAX_FILE_BYTES).map_err(|e| {
        unreadable(match e {
            ReadError::NotAFile { kind: "a folder", .. } => {
                "this is a folder; give a scenario file (e.g. scenarios/cheung2022_combined.toml)"
                    .into()
            }
            ReadError::NotAFile { kind, .. } => format!(
                "this is {kind}, not a regular file; give a scenario file (e.g. scenarios/cheung2022_combined.toml)"
            ),
            ReadError::TooLarge { .. } => format!(
                "the file is larger than {MAX_FILE_BYTES} bytes; scenario files are limited to {MAX_FILE_BYTES} bytes"
            ),
            ReadError::Io { source, .. } => format!("cannot read the scenario file: {source}"),
            ReadError::Link { .. } => format!("cannot read the scenario file: {e}"),
        })
    })?;
    String::from_utf8(bytes).map_err(|e| {
        unreadable(format!(
            "the file is not UTF-8 text (invalid byte at offset {}); a scenario is a TOML text file",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Most TOML-stage problems collected before giving up on a file.
const MAX_TOML_PROBLEMS: usize = 20;

/// Overrides and checks scenario text.
pub fn parse(text: &str, label: &str, set: &[SetOption]) -> Result<Scenario, ScenarioError> {
    let fail = |source: String, problems: Vec<Problem>| ScenarioError {
        file: label.to_string(),
        source,
        problems,
    };
    let applied =
        overrides::apply(text, set).map_err(|problems| fail(text.to_string(), problems))?;
    // Problems are found in the edited text but reported in the file as written (or at the
    // option that caused them).
    let report = |problems: Vec<Problem>| {
        fail(
            text.to_string(),
            problems.into_iter().map(|p| applied.attribute(p)).collect(),
        )
    };
    let text = applied.text.clone();

    // Stage one reports one problem at a time; to report them all at once, blank the offending
    // line (keeping every byte offset) and parse again, until the file parses or cannot be mended.
    let mut problems = Vec::new();
    let mut blanked_keys = Vec::new();
    let mut mended = text.clone();
    let raw = loop {
        match toml::from_str::<raw::RawScenario>(&mended) {
            Ok(raw) => break Some(raw),
            Err(error) => {
                problems.push(validate::from_toml_error(&error, &mended));
                let blanked = error.span().and_then(|span| blank_entry(&mended, span));
                match blanked {
                    Some((next, key)) if problems.len() < MAX_TOML_PROBLEMS => {
                        mended = next;
                        blanked_keys.push(key);
                    }
                    _ => break None,
                }
            }
        }
    };
    let checked = raw.map(|raw| validate::check(&raw));
    match checked {
        Some(Ok(mut scenario)) if problems.is_empty() => {
            scenario.resolved_toml = text;
            describe::mark_changed_arms(&mut scenario.arms, set);
            scenario.overrides = set.to_vec();
            Ok(scenario)
        }
        Some(Ok(_)) => Err(report(problems)),
        Some(Err(more)) => {
            // A key blanked for a wrong type would otherwise also be reported as missing.
            problems.extend(more.into_iter().filter(|p| {
                !blanked_keys
                    .iter()
                    .any(|key| p.message.starts_with(&format!("missing `{key}`")))
            }));
            problems.sort_by_key(|p| match &p.origin {
                Origin::File(span) => span.start,
                _ => usize::MAX,
            });
            Err(report(problems))
        }
        None => Err(report(problems)),
    }
}

/// Replaces the `key = value` entry at `span` with spaces (newlines kept), so that the rest of the
/// file can be checked. Returns the mended text and the entry's key, or `None` when the entry is
/// a table header or the result is not valid TOML.
fn blank_entry(text: &str, span: std::ops::Range<usize>) -> Option<(String, String)> {
    let start = text.get(..span.start)?.rfind('\n').map_or(0, |i| i + 1);
    let end = text
        .get(span.end..)?
        .find('\n')
        .map_or(text.len(), |i| span.end + i);
    let line = text.get(start..end)?;
    let key = line.split('=').next()?.trim();
    if line.trim_start().starts_with('[') || key.is_empty() {
        return None;
    }
    let key = key.trim_matches('"').to_string();
    let mut mended = String::with_capacity(text.len());
    mended.push_str(&text[..start]);
    mended.extend(line.chars().map(|c| if c == '\n' { c } else { ' ' }));
    mended.push_str(&text[end..]);
    // Multi-byte characters became one space each: pad to keep later offsets exact.
    let lost = text.len() - mended.len();
    mended.insert_str(start, &" ".repeat(lost));
    toml::from_str::<toml::Table>(&mended).ok()?;
    Some((mended, key))
}
