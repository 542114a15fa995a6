//! Subjects of one arm simulated side by side (up to `BATCH_LANES`, one per lane, each lane on
//! its own step-size clock) agree with scalar runs, and each subject's results are the same bits
//! whatever the other subjects of its batch and its place in it.

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

/// A trajectory without its count of right-hand-side evaluations, which is the batch's (every
/// lane takes part in every evaluation), not the subject's.
fn own(trajectory: &Trajectory) -> Trajectory {
    let mut own = trajectory.clone();
    own.stats.rhs_evaluations = 0;
    own
}

fn relative_difference(a: f64, b: f64, floor: f64) -> f64 {
    (a - b).abs() / a.abs().max(b.abs()).max(floor)
}

#[test]
fn subjects_side_by_side_agree_with_scalar_runs_whatever_their_batch_mates() {
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

    let mut full = vec![Trajectory::default(); BATCH_LANES];
    for n in [BATCH_LANES, 3, 1] {
        let mut batch = vec![Trajectory::default(); n];
        let results = workspace.run_batch(&plans[..n], &starts[..n], &mut batch);
        assert!(results.iter().all(Result::is_ok), "{results:?}");
        if n == BATCH_LANES {
            full.clone_from(&batch);
        }
        for i in 0..n {
            // The same bits as in the full batch: a lane's steps are its own.
            assert_eq!(own(&batch[i]), own(&full[i]), "n {n}, subject {i}");
            let mut alone = Trajectory::default();
            workspace.run(&plans[i], &starts[i], &mut alone).unwrap();
            assert_eq!(batch[i].days, alone.days);
            // Every sample of every observable, not only the end.
            for (row_batch, row_alone) in batch[i].rows.iter().zip(&alone.rows) {
                for (k, (a, b)) in row_batch.iter().zip(row_alone.iter()).enumerate() {
                    // The lanes' exp and ln (and their reciprocals of constants and the
                    // controller's root) differ from the scalar path's by about an ulp, which can tip a
                    // step-size decision of the run alone: within the tolerance, not the bits.
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

    // Other batch-mates, in another order: each subject's results are the same bits.
    let order = [5, 0, 7, 2];
    let permuted_plans: Vec<RunPlan> = order.iter().map(|&i| plans[i]).collect();
    let permuted_starts: Vec<State> = order.iter().map(|&i| starts[i]).collect();
    let mut permuted = vec![Trajectory::default(); order.len()];
    let results = workspace.run_batch(&permuted_plans, &permuted_starts, &mut permuted);
    assert!(results.iter().all(Result::is_ok));
    for (place, &i) in order.iter().enumerate() {
        assert_eq!(
            own(&permuted[place]),
            own(&full[i]),
            "subject {i} at place {place}"
        );
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
fn a_lane_that_fails_is_run_alone_and_fails_while_the_others_keep_their_results() {
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
    let mut alone = Trajectory::default();
    let error = workspace
        .run(&plans[1], &starts[1], &mut alone)
        .unwrap_err();
    assert_eq!(results[1], Err(error), "the failing subject is run alone");
    // The others, without the failing one beside them: the same bits.
    let healthy = [plans[0], plans[2], plans[3]];
    let mut without = vec![Trajectory::default(); 3];
    let others = workspace.run_batch(&healthy, &starts[..3], &mut without);
    assert!(others.iter().all(Result::is_ok));
    for (place, i) in [0, 2, 3].into_iter().enumerate() {
        assert!(results[i].is_ok(), "{:?}", results[i]);
        assert_eq!(own(&batch[i]), own(&without[place]), "subject {i}");
    }
}

/// A subject whose exponent is a whole number (a between-subject draw clamped at the end of the
/// parameter's range) or 1/2 gets the same bits alone as beside subjects whose exponent is not.
#[test]
fn a_whole_or_half_exponent_gives_the_same_bits_beside_other_exponents() {
    let reference = Model::reference();
    let with = |h_24: f64, a_bone: f64| {
        Model::with_derived(
            Parameters {
                h_24,
                a_bone,
                ..reference.parameters
            },
            reference.derived,
        )
    };
    let special = [with(10.0, 0.5), with(2.0, 3.0)];
    let others = [with(7.3, 2.9), with(6.84, 3.0), with(0.5, 1.7)];
    let intakes = IntakeSchedule::constant(Intake::reference(&reference.parameters));
    let sample_days: Vec<f64> = (0..=10).map(|k| f64::from(k) * 7.0).collect();
    let regimens = [Regimen {
        dose: Dose::VitaminD {
            iu: 4000.0,
            form: VitaminDForm::D3,
        },
        schedule: Schedule::Every {
            interval_days: 1.0,
            start_day: 0.0,
            stop_day: 70.0,
        },
    }];
    let plan = |model| RunPlan {
        model,
        intakes: &intakes,
        regimens: &regimens,
        sample_days: &sample_days,
        end_day: 70.0,
    };
    let start = reference.reference_state().unwrap();
    let mut workspace = Workspace::new(SolverSettings::default());
    for model in &special {
        let mut alone = vec![Trajectory::default()];
        assert!(workspace.run_batch(&[plan(model)], &[start], &mut alone)[0].is_ok());
        let plans: Vec<RunPlan> = std::iter::once(model).chain(&others).map(&plan).collect();
        let mut beside = vec![Trajectory::default(); plans.len()];
        let results = workspace.run_batch(&plans, &vec![start; plans.len()], &mut beside);
        assert!(results.iter().all(Result::is_ok));
        assert_eq!(
            own(&alone[0]),
            own(&beside[0]),
            "h_24 {}, a_bone {}",
            model.parameters.h_24,
            model.parameters.a_bone
        );
    }
}
