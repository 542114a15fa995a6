//! `timeseries.csv`: one row per subject, arm and sampled day, one column per observable.

use super::{OutputError, OutputFolder, push_number, write_rows_in_parallel};
use crate::cohort::CohortResults;
use crate::scenario::Scenario;
use std::io::Write;

/// File name.
pub const FILE: &str = "timeseries.csv";

/// Writes `timeseries.csv` (rows formatted in parallel, written in subject order).
pub fn write(
    folder: &OutputFolder,
    scenario: &Scenario,
    results: &CohortResults,
) -> Result<(), OutputError> {
    let mut header = vec!["subject", "arm", "day"];
    header.extend(scenario.output.observables.iter().map(|o| o.name()));
    write_rows_in_parallel(
        folder,
        FILE,
        &header.join(","),
        &results.runs,
        |run, text| {
            let arm = &scenario.arms[run.arm].name;
            for (day, row) in run.trajectory.days.iter().zip(&run.trajectory.rows) {
                write!(text, "{},{arm},{day}", run.subject)?;
                for observable in &scenario.output.observables {
                    text.push(b',');
                    push_number(text, row[observable.index()]);
                }
                text.push(b'\n');
            }
            Ok(())
        },
    )
}
