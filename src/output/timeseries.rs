//! `timeseries.csv`: one row per subject, arm and sampled day, one column per observable.

use super::{
    OutputError, OutputFolder, push_integer, push_plain, push_significant, write_rows_in_parallel,
};
use crate::cohort::CohortResults;
use crate::scenario::Scenario;

/// File name.
pub const FILE: &str = "timeseries.csv";

/// Writes `timeseries.csv` (rows formatted in parallel, written in subject order; values to
/// nine significant digits, [`push_significant`]).
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
            let arm = scenario.arms[run.arm].name.as_bytes();
            for (&day, row) in run.trajectory.days.iter().zip(&run.trajectory.rows) {
                push_integer(text, run.subject as u64);
                text.push(b',');
                text.extend_from_slice(arm);
                text.push(b',');
                push_plain(text, day);
                for observable in &scenario.output.observables {
                    text.push(b',');
                    push_significant(text, row[observable.index()]);
                }
                text.push(b'\n');
            }
            Ok(())
        },
    )
}
