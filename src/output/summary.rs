//! `summary.csv`: per arm, day and observable: n, mean, sd, and the 5th, 25th, 50th, 75th and
//! 95th percentiles (long, tidy format).

use super::{OutputError, OutputFolder, csv_error, csv_writer, finish_csv};
use crate::cohort::CohortResults;
use crate::scenario::Scenario;
use crate::trial::summarize;

/// File name.
pub const FILE: &str = "summary.csv";

/// Writes `summary.csv`.
pub fn write(
    folder: &OutputFolder,
    scenario: &Scenario,
    results: &CohortResults,
) -> Result<(), OutputError> {
    let (mut writer, path) = csv_writer(folder, FILE)?;
    let fail = csv_error(&path);
    writer
        .write_record([
            "arm",
            "day",
            "observable",
            "n",
            "mean",
            "sd",
            "p5",
            "p25",
            "p50",
            "p75",
            "p95",
        ])
        .map_err(&fail)?;
    let mut scratch = Vec::new();
    for (arm_index, arm) in scenario.arms.iter().enumerate() {
        for (sample, day) in scenario.sample_days.iter().enumerate() {
            for &observable in &scenario.output.observables {
                let s = summarize(results, arm_index, sample, observable, &mut scratch);
                writer
                    .write_record([
                        arm.name.clone(),
                        day.to_string(),
                        observable.name().to_string(),
                        s.n.to_string(),
                        s.mean.to_string(),
                        s.sd.to_string(),
                        s.p5.to_string(),
                        s.p25.to_string(),
                        s.p50.to_string(),
                        s.p75.to_string(),
                        s.p95.to_string(),
                    ])
                    .map_err(&fail)?;
            }
        }
    }
    finish_csv(writer, &path)
}
