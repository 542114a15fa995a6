//! `timeseries.csv`: one row per subject, arm and sampled day, one column per observable.

use super::{OutputError, OutputFolder, csv_error, csv_writer, finish_csv};
use crate::cohort::CohortResults;
use crate::scenario::Scenario;

/// File name.
pub const FILE: &str = "timeseries.csv";

/// Writes `timeseries.csv`.
pub fn write(
    folder: &OutputFolder,
    scenario: &Scenario,
    results: &CohortResults,
) -> Result<(), OutputError> {
    let (mut writer, path) = csv_writer(folder, FILE)?;
    let fail = csv_error(&path);
    let mut header = vec!["subject", "arm", "day"];
    header.extend(scenario.output.observables.iter().map(|o| o.name()));
    writer.write_record(&header).map_err(&fail)?;
    let mut record = csv::StringRecord::new();
    for run in &results.runs {
        let arm = &scenario.arms[run.arm].name;
        for (day, row) in run.trajectory.days.iter().zip(&run.trajectory.rows) {
            record.clear();
            record.push_field(&run.subject.to_string());
            record.push_field(arm);
            record.push_field(&day.to_string());
            for observable in &scenario.output.observables {
                record.push_field(&row[observable.index()].to_string());
            }
            writer.write_record(&record).map_err(&fail)?;
        }
    }
    finish_csv(writer, &path)
}
