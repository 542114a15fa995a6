//! `subjects.csv`: one row per subject and arm: covariates, how the baseline was found, and for
//! each observable X the true `X_baseline`, `X_end` and `X_change`; for observables with assay
//! noise also `X_baseline_measured`, `X_end_measured` and `X_change_measured`; then cumulative
//! amounts and the doses given.

use super::{OutputError, OutputFolder, push_number, write_rows_in_parallel};
use crate::cohort::CohortResults;
use crate::scenario::{Covariate, Scenario};
use crate::simulate::{Dose, Observable, SteadyStateMethod};
use std::io::Write;

/// File name.
pub const FILE: &str = "subjects.csv";

/// Writes `subjects.csv` (all observables, whatever the output selection: it is small); rows
/// are formatted in parallel and written in run order.
pub fn write(
    folder: &OutputFolder,
    scenario: &Scenario,
    results: &CohortResults,
) -> Result<(), OutputError> {
    let mut header: Vec<String> = ["subject", "arm"].map(String::from).to_vec();
    header.extend(Covariate::ALL.map(|c| c.name().to_string()));
    header.push("baseline_found_by".into());
    for observable in Observable::ALL {
        for suffix in ["baseline", "end", "change"] {
            header.push(format!("{}_{suffix}", observable.name()));
        }
    }
    for assay in &scenario.measurement {
        for suffix in ["baseline", "end", "change"] {
            header.push(format!("{}_{suffix}_measured", assay.observable.name()));
        }
    }
    header.extend(
        [
            "vitamin_d_per_dose_iu",
            "mg_per_dose_mg",
            "mg_absorbed_total_mg",
            "mg_urine_total_mmol",
            "mg_supplement_to_gut_total_mg",
            "vitamin_d_supplement_to_gut_total_ug",
        ]
        .map(String::from),
    );
    let last = scenario.sample_days.len() - 1;
    write_rows_in_parallel(
        folder,
        FILE,
        &header.join(","),
        &results.runs,
        |run, text| {
            let subject = results.subject(run);
            write!(text, "{},{}", run.subject, scenario.arms[run.arm].name)?;
            for value in subject.covariates.0 {
                write!(text, ",{value}")?;
            }
            text.extend_from_slice(match subject.start_method {
                SteadyStateMethod::Newton { .. } => b",solving",
                SteadyStateMethod::BurnIn { .. } => b",burn_in",
            });
            let mut number = |value: f64| {
                text.push(b',');
                push_number(text, value);
            };
            let rows = &run.trajectory.rows;
            let (first, end) = (&rows[0], &rows[last]);
            for observable in Observable::ALL {
                let i = observable.index();
                for value in [first[i], end[i], end[i] - first[i]] {
                    number(value);
                }
            }
            for assay in &scenario.measurement {
                let i = assay.observable.index();
                let (first, end) = (run.measured_row(0)[i], run.measured_row(last)[i]);
                for value in [first, end, end - first] {
                    number(value);
                }
            }
            // Amount per dose of each substance (summed over regimens of the same substance).
            let (mut vitamin_d_iu, mut magnesium_mg) = (0.0, 0.0);
            for regimen in &run.regimens {
                match regimen.dose {
                    Dose::VitaminD { iu, .. } => vitamin_d_iu += iu,
                    Dose::Magnesium { mg, .. } => magnesium_mg += mg,
                }
            }
            let ledger = &run.trajectory.ledger;
            for value in [
                vitamin_d_iu,
                magnesium_mg,
                ledger.mg_absorbed_mg,
                ledger.mg_urine_mmol,
                ledger.mg_dosed_mg,
                ledger.d3_dosed_ug,
            ] {
                number(value);
            }
            text.push(b'\n');
            Ok(())
        },
    )
}
