//! `dataset.csv`: the simulated trial in the column conventions of NONMEM (and nlmixr2, Pumas),
//! so that students can fit it with the tools of the field.
//!
//! One individual (`ID`) per subject and arm. `TIME` is in **days**. Dose records (`EVID = 1`,
//! `MDV = 1`) carry the prescribed amount in `AMT`: IU for vitamin D (`CMT = 1`, the gut vitamin D
//! compartment) and mg of elemental Mg (`CMT = 6`, the gut Mg compartment). Observation records
//! (`EVID = 0`, `MDV = 0`) carry in `DV` the measured value (with assay noise where the scenario
//! has it) of the observable numbered `DVID` (its position in the list of observables, from 1);
//! `CMT` is the model state the observable reads, or 0 for derived quantities. At equal times,
//! observations come before doses (samples are pre-dose troughs). All columns are numeric;
//! `SUBJ` and `ARM` (from 1, in scenario order) say which subject and arm an `ID` is.

use super::{OutputError, OutputFolder, csv_error, csv_writer, finish_csv};
use crate::cohort::CohortResults;
use crate::scenario::{Covariate, Scenario};
use crate::simulate::{DoseEvent, DoseTarget, Observable, dose_events};

/// File name.
pub const FILE: &str = "dataset.csv";

/// Model compartment an observable reads (1-based state number), or 0 for derived quantities.
pub fn compartment(observable: Observable) -> u8 {
    match observable {
        Observable::D3Body => 2,
        Observable::Ohd25 => 3,
        Observable::Calcitriol => 4,
        Observable::Ohd2425 => 5,
        Observable::GutMg => 6,
        Observable::SerumMg => 7,
        Observable::TissueMg => 8,
        Observable::BoneMg => 9,
        _ => 0,
    }
}

/// The observables written as observations: those with assay noise, else the endpoints.
pub fn observed(scenario: &Scenario) -> Vec<Observable> {
    if scenario.measurement.is_empty() {
        scenario.analysis.endpoints.clone()
    } else {
        scenario.measurement.iter().map(|a| a.observable).collect()
    }
}

/// Writes `dataset.csv`.
pub fn write(
    folder: &OutputFolder,
    scenario: &Scenario,
    results: &CohortResults,
) -> Result<(), OutputError> {
    let (mut writer, path) = csv_writer(folder, FILE)?;
    let fail = csv_error(&path);
    let mut header = vec![
        "ID", "TIME", "AMT", "DV", "MDV", "EVID", "CMT", "DVID", "SUBJ", "ARM",
    ];
    header.extend(Covariate::ALL.map(|c| c.name()));
    writer.write_record(&header).map_err(&fail)?;
    let observables = observed(scenario);
    let mut events = Vec::new();
    let mut record = csv::StringRecord::new();
    for (id, run) in results.runs.iter().enumerate() {
        let subject = results.subject(run);
        dose_events(
            &run.regimens,
            &subject.parameters,
            scenario.duration_days,
            &mut events,
        );
        let mut next_event = 0;
        let mut push =
            |record: &mut csv::StringRecord, fields: [String; 8]| -> Result<(), OutputError> {
                record.clear();
                for field in &fields {
                    record.push_field(field);
                }
                record.push_field(&run.subject.to_string());
                record.push_field(&(run.arm + 1).to_string());
                for value in subject.covariates.0 {
                    record.push_field(&value.to_string());
                }
                writer.write_record(&*record).map_err(&fail)
            };
        let id = (id + 1).to_string();
        let dose = |e: &DoseEvent| {
            let cmt = if e.target == DoseTarget::VitaminDGut {
                1
            } else {
                6
            };
            [
                id.clone(),
                e.day.to_string(),
                e.prescribed.to_string(),
                "0".into(),
                "1".into(),
                "1".into(),
                cmt.to_string(),
                "0".into(),
            ]
        };
        for (k, day) in scenario.sample_days.iter().enumerate() {
            // Doses before this sample time, then the observations at it (pre-dose).
            while next_event < events.len() && events[next_event].day < *day {
                push(&mut record, dose(&events[next_event]))?;
                next_event += 1;
            }
            for observable in &observables {
                let value = run.measured_row(k)[observable.index()];
                push(
                    &mut record,
                    [
                        id.clone(),
                        day.to_string(),
                        "0".into(),
                        value.to_string(),
                        "0".into(),
                        "0".into(),
                        compartment(*observable).to_string(),
                        (observable.index() + 1).to_string(),
                    ],
                )?;
            }
        }
        for event in &events[next_event..] {
            push(&mut record, dose(event))?;
        }
    }
    finish_csv(writer, &path)
}
