//! Subjects of one arm simulated in lockstep (up to `BATCH_LANES`) agree with scalar runs.

use mgate::model::{Intake, Model, Parameters, State};
use mgate::simulate::batch::BATCH_LANES;
use mgate::simulate::{
    Dose, IntakeSchedule, MagnesiumForm, Regimen, RunPlan, Schedule, SolverSettings, Trajectory,
    VitaminDForm, Workspace,
};

/// The reference model with a few rates scaled by `factor` (derived constants kept, so the
/// subject moves away from the reference state).
fn varied(factor: f64) -> Model {
    let reference = Model::reference();
    let p = Parameters {
        k_cal: reference.parameters.k_cal * factor,
        k_24: reference.parameters.k_24 * factor,
        k_tis: reference.parameters.k_tis / factor,
        f_d: (reference.parameters.f_d * factor).min(1.0),
        ..reference.parameters
    };
    Model::with_derived(p, reference.derived)
}

fn relative_difference(a: f64, b: f64, floor: f64) -> f64 {
    (a - b).abs() / a.abs().max(b.abs()).max(floor)
}

#[test]
fn subjects_in_lockstep_agree_with_scalar_runs() {
    let factors = [1.0, 0.8, 1.15, 1.3, 0.9, 1.2, 0.7, 1.05];
    let models: Vec<Model> = (0..BATCH_LANES)
        .map(|i| varied(factors[i % factors.len()]))
        .collect();
    // Per-lane Mg dose amounts (and, through f_d, vitamin D amounts) on shared days.
    let regimens_of = |mg: f64| {
        [
            Regimen {
                dose: Dose::VitaminD {
                    iu: 4000.0,
                    form: VitaminDForm::D3,
                },
                schedule: Schedule::Every {
                    interval_days: 1.0,
                    start_day: 0.0,
                    stop_day: 120.0,
                },
            },
            Regimen {
                dose: Dose::Magnesium {
                    mg,
                    form: MagnesiumForm::Citrate,
                },
                schedule: Schedule::Every {
                    interval_days: 7.0,
                    start_day: 3.0,
                    stop_day: 120.0,
                },
            },
        ]
    };
    let regimens: Vec<[Regimen; 2]> = (0..BATCH_LANES)
        .map(|i| regimens_of(150.0 + 75.0 * i as f64))
        .collect();
    let reference = Intake::reference(&Model::reference().parameters);
    let intakes: Vec<IntakeSchedule> = (0..BATCH_LANES)
        .map(|i| IntakeSchedule {
            initial: reference,
            changes: vec![(
                60.0,
                Intake {
                    magnesium_mg_per_day: reference.magnesium_mg_per_day * (0.6 + 0.1 * i as f64),
                    ..reference
                },
            )],
        })
        .collect();
    let sample_days: Vec<f64> = (0..=20).map(|k| f64::from(k) * 7.0).collect();
    let plans: Vec<RunPlan> = (0..BATCH_LANES)
        .map(|i| RunPlan {
            model: &models[i],
            intakes: &intakes[i],
            regimens: &regimens[i],
            sample_days: &sample_days,
            end_day: 140.0,
        })
        .collect();
    // Different starting states: the reference state scaled a little per lane.
    let starts: Vec<State> = (0..BATCH_LANES)
        .map(|i| {
            let mut y = Model::reference().reference_state().unwrap().to_array();
            for (k, value) in y.iter_mut().enumerate() {
                *value *= 1.0 + 0.03 * ((i + k) % 4) as f64;
            }
            State::from_slice(&y)
        })
        .collect();
    let settings = SolverSettings::default();
    let mut workspace = Workspace::new(settings);

    for n in [BATCH_LANES, 3, 1] {
        let mut batch = vec![Trajectory::default(); n];
        let results = workspace.run_batch(&plans[..n], &starts[..n], &mut batch);
        assert!(results.iter().all(Result::is_ok), "{results:?}");
        for i in 0..n {
            let mut alone = Trajectory::default();
            workspace.run(&plans[i], &starts[i], &mut alone).unwrap();
            assert_eq!(batch[i].days, alone.days);
            // Every sample of every observable, not only the end.
            for (row_batch, row_alone) in batch[i].rows.iter().zip(&alone.rows) {
                for (k, (a, b)) in row_batch.iter().zip(row_alone.iter()).enumerate() {
                    assert!(
                        relative_difference(*a, *b, 1e-3) <= 1e-4,
                        "n {n}, subject {i}, observable {k}: batch {a} vs alone {b}"
                    );
                }
            }
            assert_eq!(batch[i].rows.len(), alone.rows.len());
            let (a, b) = (
                batch[i].final_state.to_array(),
                alone.final_state.to_array(),
            );
            for (k, (a, b)) in a.into_iter().zip(b).enumerate() {
                let difference = relative_difference(a, b, 1e-3);
                assert!(
                    difference <= 20.0 * settings.rtol,
                    "n {n}, subject {i}, state {k}: batch {a} vs alone {b}"
                );
            }
            let (la, lb) = (batch[i].ledger, alone.ledger);
            for (a, b) in [
                (la.mg_absorbed_mg, lb.mg_absorbed_mg),
                (la.mg_urine_mmol, lb.mg_urine_mmol),
                (la.d3_hydroxylated_ug, lb.d3_hydroxylated_ug),
                (la.d3_dosed_ug, lb.d3_dosed_ug),
                (la.mg_dosed_mg, lb.mg_dosed_mg),
                (la.mg_diet_mg, lb.mg_diet_mg),
            ] {
                assert!(
                    relative_difference(a, b, 1e-3) <= 20.0 * settings.rtol,
                    "n {n}, subject {i}: ledger {a} vs {b}"
                );
            }
            assert!(
                batch[i]
                    .ledger
                    .gut_mg_imbalance(&starts[i], &batch[i].final_state)
                    .abs()
                    < 1e-3
            );
            eprintln!(
                "n {n}, subject {i}: batch {} steps, alone {} steps",
                batch[i].stats.accepted_steps, alone.stats.accepted_steps
            );
        }
    }

    // Plans that do not share their sample days are simulated one by one: exactly `run`.
    let other_days: Vec<f64> = sample_days.iter().map(|d| d * 0.5).collect();
    let mut mixed = plans.clone();
    mixed[2].sample_days = &other_days;
    let mut batch = vec![Trajectory::default(); BATCH_LANES];
    let results = workspace.run_batch(&mixed, &starts, &mut batch);
    assert!(results.iter().all(Result::is_ok));
    for i in 0..BATCH_LANES {
        let mut alone = Trajectory::default();
        workspace.run(&mixed[i], &starts[i], &mut alone).unwrap();
        assert_eq!(batch[i].final_state, alone.final_state);
        assert_eq!(batch[i].stats, alone.stats);
    }
}

#[test]
fn a_lane_that_fails_sends_the_batch_to_runs_alone_and_only_it_fails() {
    let reference = Model::reference();
    let broken = Model::with_derived(
        Parameters {
            k_tis: f64::NAN,
            ..reference.parameters
        },
        reference.derived,
    );
    let models = [varied(1.0), broken, varied(1.15), varied(1.3)];
    let regimens = [Regimen {
        dose: Dose::VitaminD {
            iu: 4000.0,
            form: VitaminDForm::D3,
        },
        schedule: Schedule::Every {
            interval_days: 1.0,
            start_day: 0.0,
            stop_day: 30.0,
        },
    }];
    let intakes = IntakeSchedule::constant(Intake::reference(&reference.parameters));
    let sample_days = [0.0, 10.0, 20.0, 30.0];
    let plans: Vec<RunPlan> = models
        .iter()
        .map(|model| RunPlan {
            model,
            intakes: &intakes,
            regimens: &regimens,
            sample_days: &sample_days,
            end_day: 30.0,
        })
        .collect();
    let starts = vec![reference.reference_state().unwrap(); 4];
    let mut workspace = Workspace::new(SolverSettings::default());
    let mut batch = vec![Trajectory::default(); 4];
    let results = workspace.run_batch(&plans, &starts, &mut batch);
    assert!(results[1].is_err(), "{:?}", results[1]);
    for i in [0, 2, 3] {
        assert!(results[i].is_ok(), "{:?}", results[i]);
        let mut alone = Trajectory::default();
        workspace.run(&plans[i], &starts[i], &mut alone).unwrap();
        assert_eq!(batch[i], alone, "subject {i} was rerun alone");
    }
}
