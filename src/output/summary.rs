//! `summary.csv`: per arm, day and observable: n, mean, sd, and the 5th, 25th, 50th, 75th and
//! 95th percentiles (long, tidy format).

use super::{OutputError, OutputFolder, csv_error, csv_writer, finish_csv};
use crate::cohort::CohortResults;
use crate::scenario::Scenario;
use crate::trial::Summary;
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
    // Every summary selects percentiles among its arm's values: computed in parallel, written in
    // order. The values
    // of all observables at one arm and sample are gathered in one pass over the runs (each
    // run's row holds them side by side), not one pass per observable.
    let observables = &scenario.output.observables;
    let groups: Vec<(usize, usize)> = (0..scenario.arms.len())
        .flat_map(|arm| (0..scenario.sample_days.len()).map(move |sample| (arm, sample)))
        .collect();
    let summaries: Vec<Summary> = groups
        .par_iter()
        .flat_map_iter(|&(arm, sample)| {
            let runs = results.arm(arm).count();
            let mut columns: Vec<Vec<f64>> = (0..observables.len())
                .map(|_| Vec::with_capacity(runs))
                .collect();
            for run in results.arm(arm) {
                let row = &run.trajectory.rows[sample];
                for (column, observable) in columns.iter_mut().zip(observables) {
                    column.push(row[observable.index()]);
                }
            }
            columns
                .into_iter()
                .map(|mut column| Summary::of(&mut column))
        })
        .collect();
    let cells = groups.iter().flat_map(|&(arm, sample)| {
        observables
            .iter()
            .map(move |&observable| (arm, sample, observable))
    });
    for ((arm, sample, observable), s) in cells.zip(&summaries) {
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
