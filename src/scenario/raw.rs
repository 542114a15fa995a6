//! The raw serde mirror of a scenario file: every key the format knows, with the place of each
//! value in the file, and nothing checked beyond TOML types and unknown keys.

use serde::Deserialize;
use serde::de::{self, MapAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;
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
    pub allocation: Option<S<RawAllocation>>,
    pub analysis: Option<S<RawAnalysis>>,
    #[serde(default)]
    pub measurement: BTreeMap<S<String>, S<RawAssay>>,
    pub output: Option<S<RawOutput>>,
    pub sweep: Option<S<RawSweep>>,
    pub season: Option<S<RawSeason>>,
    pub variation: Option<S<RawVariation>>,
    pub replicates: Option<S<RawReplicates>>,
}

/// `[season]`: sun-made vitamin D that follows the calendar.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSeason {
    pub start_month: Option<S<i64>>,
    pub latitude_deg: Option<S<f64>>,
    pub sun_share: Option<S<f64>>,
    pub sun_share_sd: Option<S<f64>>,
}

/// `[variation]`: day-to-day intake variation and slow biological drift.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVariation {
    pub vitamin_d_day_cv: Option<S<f64>>,
    pub mg_day_cv: Option<S<f64>>,
    pub drift_cv: Option<S<f64>>,
    pub drift_days: Option<S<f64>>,
    pub resolution_days: Option<S<i64>>,
}

/// `[replicates]`: the trial run again on new people.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReplicates {
    pub trials: Option<S<i64>>,
    pub subjects: Option<S<i64>>,
    pub design: Option<S<String>>,
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

/// `[population]`: cohort size, covariates, correlations, variability and inclusion criteria.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPopulation {
    pub subjects: Option<S<i64>>,
    pub vitamin_d_input_iu_per_day: Option<S<RawCovariate>>,
    pub mg_intake_mg_per_day: Option<S<RawCovariate>>,
    pub ca_intake_mg_per_day: Option<S<RawCovariate>>,
    pub body_weight_kg: Option<S<RawCovariate>>,
    /// Called `kidney_mg_factor` before it took the name of the parameter it multiplies.
    #[serde(alias = "kidney_mg_factor")]
    pub renal_mg_factor: Option<S<RawCovariate>>,
    pub correlation: Option<S<RawCorrelation>>,
    #[serde(default)]
    pub variability: BTreeMap<S<String>, S<f64>>,
    #[serde(default)]
    pub inclusion: Vec<S<RawInclusion>>,
}

/// A covariate: a fixed number, or a table describing its distribution.
#[derive(Debug)]
pub enum RawCovariate {
    /// `key = 300`
    Fixed(f64),
    /// `key = { distribution = "normal", mean = 300, sd = 80 }`
    Distribution(Box<RawDistribution>),
}

/// The distribution of a covariate.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDistribution {
    pub distribution: Option<S<String>>,
    pub mean: Option<S<f64>>,
    pub sd: Option<S<f64>>,
    pub median: Option<S<f64>>,
    pub cv: Option<S<f64>>,
    pub min: Option<S<f64>>,
    pub max: Option<S<f64>>,
    pub lower: Option<S<f64>>,
    pub upper: Option<S<f64>>,
}

impl<'de> Deserialize<'de> for RawCovariate {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CovariateVisitor;
        impl<'de> Visitor<'de> for CovariateVisitor {
            type Value = RawCovariate;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number, or a table such as { distribution = \"normal\", mean = 300, sd = 80 }")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(RawCovariate::Fixed(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(RawCovariate::Fixed(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(RawCovariate::Fixed(v as f64))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                RawDistribution::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|d| RawCovariate::Distribution(Box::new(d)))
            }
        }
        deserializer.deserialize_any(CovariateVisitor)
    }
}

/// `[population.correlation]`: a correlation matrix over covariates and varying parameters.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCorrelation {
    pub variables: Option<S<Vec<S<String>>>>,
    pub matrix: Option<S<Vec<S<RawRow>>>>,
}

/// One row of a matrix, each value with its place.
pub type RawRow = Vec<S<f64>>;

/// `[[population.inclusion]]`: a baseline criterion for enrolment.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInclusion {
    pub observable: Option<S<String>>,
    pub min: Option<S<f64>>,
    pub max: Option<S<f64>>,
}

/// `[allocation]`: how subjects are assigned to arms.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAllocation {
    pub design: Option<S<String>>,
    pub block_size: Option<S<i64>>,
    pub stratify_by: Option<S<String>>,
    pub strata: Option<S<Vec<S<f64>>>>,
}

/// `[analysis]`: endpoints and effects.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAnalysis {
    pub reference_arm: Option<S<String>>,
    pub endpoints: Option<S<Vec<S<String>>>>,
    pub stratify_by: Option<S<String>>,
    pub strata: Option<S<Vec<S<f64>>>>,
    pub bootstrap: Option<S<i64>>,
    pub confidence: Option<S<f64>>,
}

/// `[measurement.<observable>]`: assay noise.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAssay {
    pub cv: Option<S<f64>>,
    pub sd: Option<S<f64>>,
}

/// `[[arms]]`: one arm of the study.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawArm {
    pub name: Option<S<String>>,
    pub label: Option<S<String>>,
    pub ratio: Option<S<i64>>,
    pub fraction: Option<S<f64>>,
    pub count: Option<S<i64>>,
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
    pub rule: Option<S<String>>,
    pub amount_per_kg: Option<S<f64>>,
    pub target_ratio: Option<S<f64>>,
    pub cap: Option<S<f64>>,
    pub bands: Option<S<Vec<S<RawBand>>>>,
    pub otherwise: Option<S<f64>>,
}

/// One band of a dose rule by baseline 25(OH)D: `{ below = 20, amount = 4000 }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBand {
    pub below: Option<S<f64>>,
    pub amount: Option<S<f64>>,
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
    pub plots: Option<S<Vec<S<String>>>>,
    pub plot_observables: Option<S<Vec<S<String>>>>,
}

/// `[sweep]`: what `mgate sweep` varies.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSweep {
    pub design: Option<S<String>>,
    pub points: Option<S<i64>>,
    pub seed: Option<S<i64>>,
    pub vary: Option<S<Vec<S<RawVary>>>>,
}

/// One entry of `[sweep] vary`: a path and its values or range.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVary {
    pub path: Option<S<String>>,
    pub values: Option<S<Vec<S<f64>>>>,
    pub start: Option<S<f64>>,
    pub stop: Option<S<f64>>,
    pub step: Option<S<f64>>,
    pub count: Option<S<i64>>,
    pub scale: Option<S<String>>,
}
