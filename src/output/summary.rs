//! `summary.csv`: per arm, day and observable: n, mean, sd, and the 5th, 25th, 50th, 75th and
//! 95th percentiles (long, tidy format).

use super::{OutputError, OutputFolder, csv_error, csv_writer, finish_csv};
use crate::cohort::CohortResults;
use crate::scenario::Scenario;
use crate::simulate::Observable;
use crate::trial::{Summary, summarize};
use rayon::prelude::*;

/// File name.
pub const FILE: &str = "summary.csv";

/// Writes `summary.csv` (summaries computed in parallel on the current rayon pool).
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
    // Every summary sorts its arm's values: computed in parallel, written in order.
    let cells: Vec<(usize, usize, Observable)> = (0..scenario.arms.len())
        .flat_map(|arm| {
            (0..scenario.sample_days.len()).flat_map(move |sample| {
                scenario
                    .output
                    .observables
                    .iter()
                    .map(move |&observable| (arm, sample, observable))
            })
        })
        .collect();
    let summaries: Vec<Summary> = cells
        .par_iter()
        .map_init(Vec::new, |scratch, &(arm, sample, observable)| {
            summarize(results, arm, sample, observable, scratch)
        })
        .collect();
    for (&(arm, sample, observable), s) in cells.iter().zip(&summaries) {
        writer
            .write_record([
                scenario.arms[arm].name.clone(),
                scenario.sample_days[sample].to_string(),
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
    finish_csv(writer, &path)
}
