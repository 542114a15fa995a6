//! `effects.csv` (every design) and `individual_effects.csv` (counterfactual design).

use super::{OutputError, OutputFolder, csv_error, csv_writer, finish_csv};
use crate::scenario::Scenario;
use crate::trial::effects::{Effect, IndividualEffect};

/// File name of the effects table.
pub const FILE: &str = "effects.csv";
/// File name of the individual effects.
pub const INDIVIDUAL_FILE: &str = "individual_effects.csv";

/// A number, or `NA` (read as missing by R and pandas) when it is not finite or absent.
pub fn number_or_na(value: Option<f64>) -> String {
    match value {
        Some(v) if v.is_finite() => crate::scenario::problem::format_number(v),
        _ => "NA".to_string(),
    }
}

/// Writes `effects.csv`.
pub fn write(
    folder: &OutputFolder,
    scenario: &Scenario,
    effects: &[Effect],
) -> Result<(), OutputError> {
    let (mut writer, path) = csv_writer(folder, FILE)?;
    let fail = csv_error(&path);
    let stratify_by = scenario
        .analysis
        .strata
        .as_ref()
        .map_or_else(|| "NA".to_string(), |s| s.by.name().to_string());
    writer
        .write_record([
            "endpoint",
            "arm",
            "reference_arm",
            "stratum",
            "stratify_by",
            "stratum_low",
            "stratum_high",
            "n_arm",
            "n_reference",
            "effect",
            "ci_low",
            "ci_high",
        ])
        .map_err(&fail)?;
    for e in effects {
        writer
            .write_record([
                e.endpoint.name().to_string(),
                scenario.arms[e.arm].name.clone(),
                scenario.arms[e.reference_arm].name.clone(),
                e.stratum.clone(),
                stratify_by.clone(),
                number_or_na(e.stratum_low),
                number_or_na(e.stratum_high),
                e.n_arm.to_string(),
                e.n_reference.to_string(),
                number_or_na(Some(e.effect)),
                number_or_na(Some(e.ci_low)),
                number_or_na(Some(e.ci_high)),
            ])
            .map_err(&fail)?;
    }
    finish_csv(writer, &path)
}

/// Writes `individual_effects.csv`.
pub fn write_individual(
    folder: &OutputFolder,
    scenario: &Scenario,
    effects: &[IndividualEffect],
) -> Result<(), OutputError> {
    let (mut writer, path) = csv_writer(folder, INDIVIDUAL_FILE)?;
    let fail = csv_error(&path);
    writer
        .write_record([
            "subject",
            "arm",
            "reference_arm",
            "endpoint",
            "baseline_observable",
            "baseline",
            "effect",
        ])
        .map_err(&fail)?;
    for e in effects {
        writer
            .write_record([
                e.subject.to_string(),
                scenario.arms[e.arm].name.clone(),
                scenario.arms[e.reference_arm].name.clone(),
                e.endpoint.name().to_string(),
                e.baseline_observable.name().to_string(),
                e.baseline.to_string(),
                e.effect.to_string(),
            ])
            .map_err(&fail)?;
    }
    finish_csv(writer, &path)
}
