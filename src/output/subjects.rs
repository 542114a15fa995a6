//! `subjects.csv`: one row per subject and arm: covariates, how the start was found, and for
//! each observable X the columns `X_baseline`, `X_end` and `X_change`.

use super::{OutputError, OutputFolder, csv_error, csv_writer, finish_csv};
use crate::cohort::{CohortResults, Covariates};
use crate::scenario::Scenario;
use crate::simulate::{Observable, SteadyStateMethod};

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
    header.extend(Covariates::NAMES.map(String::from));
    header.push("start".into());
    for observable in Observable::ALL {
        for suffix in ["baseline", "end", "change"] {
            header.push(format!("{}_{suffix}", observable.name()));
        }
    }
    header.extend(
        [
            "mg_absorbed_mg",
            "mg_urine_mmol",
            "mg_dosed_mg",
            "vitamin_d_dosed_ug",
        ]
        .map(String::from),
    );
    writer.write_record(&header).map_err(&fail)?;
    let mut record = csv::StringRecord::new();
    for run in &results.runs {
        record.clear();
        record.push_field(&run.subject.to_string());
        record.push_field(&scenario.arms[run.arm].name);
        for value in run.covariates.values() {
            record.push_field(&value.to_string());
        }
        record.push_field(match run.start_method {
            SteadyStateMethod::Newton { .. } => "newton",
            SteadyStateMethod::BurnIn { .. } => "burn_in",
        });
        let rows = &run.trajectory.rows;
        let (first, last) = (&rows[0], &rows[rows.len() - 1]);
        for observable in Observable::ALL {
            let i = observable.index();
            for value in [first[i], last[i], last[i] - first[i]] {
                record.push_field(&value.to_string());
            }
        }
        let ledger = run.ledger();
        for value in [
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
