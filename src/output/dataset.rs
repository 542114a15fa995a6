//! `dataset.csv`: the simulated trial in the column conventions of NONMEM (and nlmixr2, Pumas),
//! so that students can fit it with the tools of the field.
//!
//! One individual (`ID`) per subject and arm. `TIME` is in **days**. Dose records (`EVID = 1`,
//! `MDV = 1`) carry the prescribed amount in `AMT`: IU for vitamin D (`CMT = 1`, the gut vitamin D
//! compartment) and mg of elemental Mg (`CMT = 6`, the gut Mg compartment). A regular series of
//! doses is one record, as NONMEM writes it: the first dose at `TIME`, then `ADDL` additional
//! doses every `II` days (`ADDL = 0`, `II = 0` for a single dose). Observation records
//! (`EVID = 0`, `MDV = 0`) carry in `DV` the measured value (with assay noise where the scenario
//! has it) of the observable numbered `DVID` (its position in the list of observables, from 1);
//! `CMT` is the model state the observable reads, or 0 for derived quantities. Records are sorted
//! by `TIME`; at equal times, observations come before doses (samples are pre-dose troughs; when
//! an implied `ADDL` dose falls on an observation's time, check that the fitting tool also
//! takes the observation first, or expand the doses). All
//! columns are numeric; `SUBJ` and `ARM` (from 1, in scenario order) say which subject and arm an
//! `ID` is.

use super::{
    OutputError, OutputFolder, push_integer, push_plain, push_significant, write_rows_in_parallel,
};
use crate::cohort::CohortResults;
use crate::scenario::{Covariate, Scenario};
use crate::simulate::{DoseTarget, Observable, dose_events};
use std::io::Write;

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

/// A regular series of doses of one regimen: `addl + 1` doses of `amount`, from `day` on, every
/// `interval_days`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DoseRecord {
    /// Day of the first dose.
    pub day: f64,
    /// The compartment dosed (`CMT`).
    pub compartment: u8,
    /// Prescribed amount per dose (IU of vitamin D or mg of elemental Mg).
    pub amount: f64,
    /// Additional doses after the first.
    pub addl: usize,
    /// Days between doses (0 for a single dose).
    pub interval_days: f64,
}

/// Whether two intervals between doses are the same (days computed as `start + i * step` differ
/// from exact multiples by rounding only).
fn same_interval(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// The dose records of a run: each regimen's dosing days within `0..=end_day`, cut into runs of
/// equal spacing, sorted by first day (stable, so regimens keep their order at equal days).
pub fn dose_records(
    regimens: &[crate::simulate::Regimen],
    parameters: &crate::model::Parameters,
    end_day: f64,
) -> Vec<DoseRecord> {
    let mut records = Vec::new();
    let mut events = Vec::new();
    for regimen in regimens {
        dose_events(
            std::slice::from_ref(regimen),
            parameters,
            end_day,
            &mut events,
        );
        let mut k = 0;
        while k < events.len() {
            let first = events[k];
            let mut record = DoseRecord {
                day: first.day,
                compartment: if first.target == DoseTarget::VitaminDGut {
                    1
                } else {
                    6
                },
                amount: first.prescribed,
                addl: 0,
                interval_days: 0.0,
            };
            k += 1;
            while k < events.len() && events[k].prescribed == first.prescribed {
                let step = events[k].day - events[k - 1].day;
                let regular = if record.addl == 0 {
                    step > 0.0
                } else {
                    same_interval(step, record.interval_days)
                };
                if !regular {
                    break;
                }
                if record.addl == 0 {
                    // Days are `start + i·step`: their difference carries rounding noise
                    // (0.10000000000000003 for a step of 0.1), which a dataset should not show.
                    record.interval_days = crate::scenario::sweep::tidy(step);
                }
                record.addl += 1;
                k += 1;
            }
            records.push(record);
        }
    }
    records.sort_by(|a, b| a.day.total_cmp(&b.day));
    records
}

/// Writes `dataset.csv` (rows formatted in parallel, written in ID order; observations to nine
/// significant digits, [`push_significant`]).
pub fn write(
    folder: &OutputFolder,
    scenario: &Scenario,
    results: &CohortResults,
) -> Result<(), OutputError> {
    let mut header = vec![
        "ID", "TIME", "AMT", "DV", "MDV", "EVID", "CMT", "DVID", "ADDL", "II", "SUBJ", "ARM",
    ];
    header.extend(Covariate::ALL.map(|c| c.name()));
    let observables = observed(scenario);
    let ids: Vec<usize> = (0..results.runs.len()).collect();
    write_rows_in_parallel(folder, FILE, &header.join(","), &ids, |&index, text| {
        let run = &results.runs[index];
        let subject = results.subject(run);
        let id = index + 1;
        let mut tail = format!(",{},{}", run.subject, run.arm + 1).into_bytes();
        for value in subject.covariates.0 {
            tail.push(b',');
            push_significant(&mut tail, value);
        }
        let records = dose_records(&run.regimens, &subject.parameters, scenario.duration_days);
        let dose = |r: &DoseRecord, text: &mut Vec<u8>| {
            write!(
                text,
                "{id},{},{},0,1,1,{},0,{},{}",
                r.day, r.amount, r.compartment, r.addl, r.interval_days
            )?;
            text.extend_from_slice(&tail);
            text.push(b'\n');
            Ok::<(), std::io::Error>(())
        };
        let mut next = 0;
        for (k, day) in scenario.sample_days.iter().enumerate() {
            // Doses before this sample time, then the observations at it (pre-dose).
            while next < records.len() && records[next].day < *day {
                dose(&records[next], text)?;
                next += 1;
            }
            for observable in &observables {
                push_integer(text, id as u64);
                text.push(b',');
                push_plain(text, *day);
                text.extend_from_slice(b",0,");
                push_significant(text, run.measured_row(k)[observable.index()]);
                text.extend_from_slice(b",0,0,");
                push_integer(text, u64::from(compartment(*observable)));
                text.push(b',');
                push_integer(text, observable.index() as u64 + 1);
                text.extend_from_slice(b",0,0");
                text.extend_from_slice(&tail);
                text.push(b'\n');
            }
        }
        for record in &records[next..] {
            dose(record, text)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Parameters;
    use crate::simulate::{Dose, MagnesiumForm, Regimen, Schedule, VitaminDForm};

    fn expanded(records: &[DoseRecord]) -> Vec<(f64, u8)> {
        let mut days: Vec<(f64, u8)> = records
            .iter()
            .flat_map(|r| {
                (0..=r.addl).map(move |i| (r.day + i as f64 * r.interval_days, r.compartment))
            })
            .collect();
        days.sort_by(|a, b| a.0.total_cmp(&b.0));
        days
    }

    #[test]
    fn regular_series_become_one_record_and_expand_to_the_same_doses() {
        let parameters = Parameters::default();
        let regimens = [
            Regimen {
                dose: Dose::VitaminD {
                    iu: 2000.0,
                    form: VitaminDForm::D3,
                },
                schedule: Schedule::daily(0.0, 28.0),
            },
            Regimen {
                dose: Dose::Magnesium {
                    mg: 250.0,
                    form: MagnesiumForm::Glycinate,
                },
                schedule: Schedule::OnDays {
                    days: vec![0.0, 1.0, 2.0, 5.0, 6.0, 7.0, 30.0],
                },
            },
            Regimen {
                dose: Dose::VitaminD {
                    iu: 50_000.0,
                    form: VitaminDForm::D3,
                },
                schedule: Schedule::Every {
                    interval_days: 0.1,
                    start_day: 0.3,
                    stop_day: 1.0,
                },
            },
        ];
        let records = dose_records(&regimens, &parameters, 20.0);
        let summary: Vec<(f64, usize, f64)> = records
            .iter()
            .map(|r| (r.day, r.addl, r.interval_days))
            .collect();
        // Daily D3 cut at the end day (20 doses), Mg as two runs of three (day 30 is past the
        // end), and seven doses every 0.1 day (spacing from start + i * step, equal to rounding).
        assert_eq!(summary.len(), 4);
        assert_eq!((summary[0].0, summary[0].1, summary[0].2), (0.0, 20, 1.0));
        assert_eq!((summary[1].0, summary[1].1, summary[1].2), (0.0, 2, 1.0));
        assert_eq!((summary[2].0, summary[2].1, summary[2].2), (0.3, 6, 0.1));
        assert_eq!((summary[3].0, summary[3].1, summary[3].2), (5.0, 2, 1.0));

        let mut events = Vec::new();
        dose_events(&regimens, &parameters, 20.0, &mut events);
        let direct: Vec<(f64, u8)> = events
            .iter()
            .map(|e| {
                let cmt = if e.target == DoseTarget::VitaminDGut {
                    1
                } else {
                    6
                };
                (e.day, cmt)
            })
            .collect();
        let implied = expanded(&records);
        assert_eq!(direct.len(), implied.len());
        for (a, b) in direct.iter().zip(&implied) {
            assert!((a.0 - b.0).abs() < 1e-9 && a.1 == b.1, "{a:?} vs {b:?}");
        }
    }
}
