//! `replicates.csv` (one row per replicate trial, endpoint, arm and stratum) and `power.csv`
//! (the distribution of each effect over the trials), written when the scenario has
//! `[replicates]`.

use super::effects::number_or_na;
use super::{OutputError, OutputFolder, csv_error, csv_writer, finish_csv};
use crate::scenario::Scenario;
use crate::trial::replicates::{PowerSummary, TrialEstimate};

/// File name of the per-trial estimates.
pub const FILE: &str = "replicates.csv";
/// File name of the summary over trials.
pub const POWER_FILE: &str = "power.csv";

/// Writes `replicates.csv`.
pub fn write(
    folder: &OutputFolder,
    scenario: &Scenario,
    estimates: &[TrialEstimate],
) -> Result<(), OutputError> {
    let (mut writer, path) = csv_writer(folder, FILE)?;
    let fail = csv_error(&path);
    writer
        .write_record([
            "trial",
            "seed",
            "endpoint",
            "arm",
            "reference_arm",
            "stratum",
            "n_arm",
            "n_reference",
            "effect",
            "ci_low",
            "ci_high",
            "significant",
        ])
        .map_err(&fail)?;
    for e in estimates {
        writer
            .write_record([
                e.trial.to_string(),
                e.seed.to_string(),
                e.endpoint.name().to_string(),
                scenario.arms[e.arm].name.clone(),
                scenario.arms[e.reference_arm].name.clone(),
                e.stratum.clone(),
                e.n_arm.to_string(),
                e.n_reference.to_string(),
                number_or_na(Some(e.effect)),
                number_or_na(Some(e.ci_low)),
                number_or_na(Some(e.ci_high)),
                e.significant().to_string(),
            ])
            .map_err(&fail)?;
    }
    finish_csv(writer, &path)
}

/// Writes `power.csv`.
pub fn write_power(
    folder: &OutputFolder,
    scenario: &Scenario,
    summaries: &[PowerSummary],
) -> Result<(), OutputError> {
    let (mut writer, path) = csv_writer(folder, POWER_FILE)?;
    let fail = csv_error(&path);
    writer
        .write_record([
            "endpoint",
            "arm",
            "reference_arm",
            "stratum",
            "trials",
            "mean_n_arm",
            "mean_effect",
            "sd_effect",
            "p2_5",
            "p50",
            "p97_5",
            "fraction_significant",
            "fraction_right_sign",
            "power",
        ])
        .map_err(&fail)?;
    for s in summaries {
        let [low, median, high] = s.percentiles;
        writer
            .write_record([
                s.endpoint.name().to_string(),
                scenario.arms[s.arm].name.clone(),
                scenario.arms[s.reference_arm].name.clone(),
                s.stratum.clone(),
                s.trials.to_string(),
                number_or_na(Some(s.mean_n_arm)),
                number_or_na(Some(s.mean_effect)),
                number_or_na(Some(s.sd_effect)),
                number_or_na(Some(low)),
                number_or_na(Some(median)),
                number_or_na(Some(high)),
                number_or_na(Some(s.fraction_significant)),
                number_or_na(Some(s.fraction_right_sign)),
                number_or_na(Some(s.power)),
            ])
            .map_err(&fail)?;
    }
    finish_csv(writer, &path)
}
