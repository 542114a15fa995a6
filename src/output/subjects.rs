//! `subjects.csv`: one row per subject and arm: covariates, how the start was found, and for
//! each observable X the true `X_baseline`, `X_end` and `X_change`; for observables with assay
//! noise also `X_baseline_measured`, `X_end_measured` and `X_change_measured`; then cumulative
//! amounts and the doses given.

use super::{OutputError, OutputFolder, csv_error, csv_writer, finish_csv};
use crate::cohort::CohortResults;
use crate::scenario::{Covariate, Scenario};
use crate::simulate::{Dose, Observable, SteadyStateMethod};

/// File name.
pub const FILE: &str = "subjects.csv";

/// Writes `subjects.csv` (all observables, whatever the output selection: it is small).
pub fn write(
    folder: &OutputFolder,
    scenario: &Scenario,
    results: &CohortResults,
) -> Result<(), OutputError> {
    let (mut writer, path) = csv_writer(folder, FILE)?;
    let fail = csv_error(&path);
    let mut header: Vec<String> = ["subject", "arm"].map(String::from).to_vec();
    header.extend(Covariate::ALL.map(|c| c.name().to_string()));
    header.push("start".into());
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
            "vitamin_d_dose_iu",
            "mg_dose_mg",
            "mg_absorbed_mg",
            "mg_urine_mmol",
            "mg_dosed_mg",
            "vitamin_d_dosed_ug",
        ]
        .map(String::from),
    );
    writer.write_record(&header).map_err(&fail)?;
    let mut record = csv::StringRecord::new();
    let last = scenario.sample_days.len() - 1;
    for run in &results.runs {
        let subject = results.subject(run);
        record.clear();
        record.push_field(&run.subject.to_string());
        record.push_field(&scenario.arms[run.arm].name);
        for value in subject.covariates.0 {
            record.push_field(&value.to_string());
        }
        record.push_field(match subject.start_method {
            SteadyStateMethod::Newton { .. } => "newton",
            SteadyStateMethod::BurnIn { .. } => "burn_in",
        });
        let rows = &run.trajectory.rows;
        let (first, end) = (&rows[0], &rows[last]);
        for observable in Observable::ALL {
            let i = observable.index();
            for value in [first[i], end[i], end[i] - first[i]] {
                record.push_field(&value.to_string());
            }
        }
        for assay in &scenario.measurement {
            let i = assay.observable.index();
            let (first, end) = (run.measured_row(0)[i], run.measured_row(last)[i]);
            for value in [first, end, end - first] {
                record.push_field(&value.to_string());
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
            record.push_field(&value.to_string());
        }
        writer.write_record(&record).map_err(&fail)?;
    }
    finish_csv(writer, &path)
}
