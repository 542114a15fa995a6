//! The raw serde mirror of a scenario file: every key the format knows, with the place of each
//! value in the file, and nothing checked beyond TOML types and unknown keys.

use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// A value with its byte range in the file.
pub type S<T> = Spanned<T>;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    pub name: Option<S<String>>,
    pub title: Option<S<String>>,
    pub description: Option<S<String>>,
    pub reference: Option<S<String>>,
    pub look_for: Option<S<String>>,
    pub simulation: Option<S<RawSimulation>>,
    #[serde(default)]
    pub population: Option<S<RawPopulation>>,
    #[serde(default)]
    pub parameters: BTreeMap<S<String>, S<f64>>,
    #[serde(default)]
    pub arms: Vec<S<RawArm>>,
    pub output: Option<S<RawOutput>>,
}

/// `[simulation]`: duration, sampling, seed and solver tolerances.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSimulation {
    pub duration_days: Option<S<f64>>,
    pub sample_every_days: Option<S<f64>>,
    pub sample_days: Option<S<Vec<S<f64>>>>,
    pub seed: Option<S<i64>>,
    pub rtol: Option<S<f64>>,
    pub atol: Option<S<f64>>,
}

/// `[population]`: cohort size and background intakes (fixed values).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPopulation {
    pub subjects: Option<S<i64>>,
    pub vitamin_d_input_iu_per_day: Option<S<f64>>,
    pub mg_intake_mg_per_day: Option<S<f64>>,
    pub ca_intake_mg_per_day: Option<S<f64>>,
    pub body_weight_kg: Option<S<f64>>,
    pub kidney_mg_factor: Option<S<f64>>,
}

/// `[[arms]]`: one arm of the study.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawArm {
    pub name: Option<S<String>>,
    pub label: Option<S<String>>,
    #[serde(default)]
    pub regimens: Vec<S<RawRegimen>>,
    #[serde(default)]
    pub intake_changes: Vec<S<RawIntakeChange>>,
}

/// `[[arms.regimens]]`: a dose on a schedule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRegimen {
    pub substance: Option<S<String>>,
    pub amount: Option<S<f64>>,
    pub form: Option<S<String>>,
    pub schedule: Option<S<String>>,
    pub start_day: Option<S<f64>>,
    pub stop_day: Option<S<f64>>,
    pub interval_days: Option<S<f64>>,
    pub day: Option<S<f64>>,
    pub days: Option<S<Vec<S<f64>>>>,
}

/// `[[arms.intake_changes]]`: new background intakes from a given day on.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIntakeChange {
    pub day: Option<S<f64>>,
    pub vitamin_d_input_iu_per_day: Option<S<f64>>,
    pub mg_intake_mg_per_day: Option<S<f64>>,
}

/// `[output]`: what to write.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOutput {
    pub observables: Option<S<Vec<S<String>>>>,
    pub timeseries: Option<S<bool>>,
}
