//! Numerical checks of the model core: closed forms, mass balance, convergence, extremes,
//! steady state and event handling.

use mgate::model::{Intake, Model, Parameters, State, UG_PER_IU, scaled_residual};
use mgate::simulate::{
    Dose, IntakeSchedule, MagnesiumForm, Observable, Regimen, RunPlan, Schedule, SimulationError,
    SolverSettings, SteadyStateMethod, Trajectory, VitaminDForm, Workspace, steady_state,
};

fn vitamin_d(iu: f64, schedule: Schedule) -> Regimen {
    Regimen {
        dose: Dose::VitaminD {
            iu,
            form: VitaminDForm::D3,
        },
        schedule,
    }
}

fn magnesium(mg: f64, form: MagnesiumForm, schedule: Schedule) -> Regimen {
    Regimen {
        dose: Dose::Magnesium { mg, form },
        schedule,
    }
}

fn daily_grid(end_day: f64) -> Vec<f64> {
    (0..=end_day as usize).map(|d| d as f64).collect()
}

/// Runs `regimens` from the steady state of `model` under `intakes.initial`.
fn run(
    model: &Model,
    intakes: &IntakeSchedule,
    regimens: &[Regimen],
    sample_days: &[f64],
    end_day: f64,
    settings: SolverSettings,
) -> (State, Trajectory) {
    let mut workspace = Workspace::new(settings);
    let start = steady_state(model, &intakes.initial, &mut workspace)
        .expect("steady state")
        .state;
    let plan = RunPlan {
        model,
        intakes,
        regimens,
        sample_days,
        end_day,
    };
    let mut trajectory = Trajectory::default();
    workspace
        .run(&plan, &start, &mut trajectory)
        .expect("simulation");
    (start, trajectory)
}

fn tight() -> SolverSettings {
    SolverSettings {
        rtol: 1e-11,
        atol: 1e-13,
        ..SolverSettings::default()
    }
}

fn relative_difference(a: f64, b: f64) -> f64 {
    (a - b).abs() / a.abs().max(b.abs()).max(1e-300)
}

#[test]
fn closed_form_vitamin_d_chain_after_single_dose() {
    // Make the vitamin D chain linear and Mg static: Mg decoupled from calcitriol (a_* = 0) so it
    // stays at reference, CYP2R1 and CYP27B1 in their linear range (huge Km), no CYP24A1
    // induction and no PTH feedback.
    let mut p = Parameters::default();
    let k_hydroxylation = 0.1; // 1/day
    p.km_25 = 1e12;
    p.vmax_25 = k_hydroxylation * p.km_25;
    p.km_1a = 1e12;
    p.emax_24 = 0.0;
    p.a_pth = 0.0;
    p.a_abs = 0.0;
    p.a_bone = 0.0;
    p.a_urine = 0.0;
    let model = Model::new(p).unwrap();
    let intakes = IntakeSchedule::constant(Intake::reference(&p));
    let dose_iu = 100_000.0;
    let regimens = [vitamin_d(dose_iu, Schedule::Once { day: 0.0 })];
    let days: Vec<f64> = (0..=60).map(|d| d as f64 * 0.5).collect();
    let (start, trajectory) = run(&model, &intakes, &regimens, &days, 30.0, tight());

    let dose_ug = dose_iu * UG_PER_IU * p.f_d;
    let ka = p.ka_d;
    let k = k_hydroxylation + p.k_d3_loss;
    let lambda = p.k_24 + p.k_25_other + model.derived.k_1a_pg_ml_day_per_ng_ml / 1000.0;
    let amplitude = dose_ug * ka / (ka - k);
    let d3_body = |t: f64| start.d3_body_ug + amplitude * ((-k * t).exp() - (-ka * t).exp());
    let ohd25 = |t: f64| {
        let e = |rate: f64| (-rate * t).exp();
        start.ohd25_ng_ml
            + k_hydroxylation / p.v_ohd
                * amplitude
                * ((e(k) - e(lambda)) / (lambda - k) - (e(ka) - e(lambda)) / (lambda - ka))
    };
    for (day, row) in trajectory.days.iter().zip(&trajectory.rows) {
        let simulated_body = row[Observable::D3Body.index()];
        let simulated_ohd25 = row[Observable::Ohd25.index()];
        assert!(
            relative_difference(simulated_body, d3_body(*day)) < 1e-7,
            "d3_body at day {day}: {simulated_body} vs {}",
            d3_body(*day)
        );
        assert!(
            relative_difference(simulated_ohd25, ohd25(*day)) < 1e-7,
            "25(OH)D at day {day}: {simulated_ohd25} vs {}",
            ohd25(*day)
        );
        // Mg is decoupled and starts at its steady state, so every gate stays at 1.
        assert!((row[Observable::GateCyp2r1.index()] - 1.0).abs() < 1e-9);
    }
    // The dose is mostly gone from the gut after 30 days: e^(-60) of it remains.
    assert!(trajectory.final_state.d3_gut_ug < 1e-12 * dose_ug);
    assert!(trajectory.rows[20][Observable::Ohd25.index()] > start.ohd25_ng_ml + 1.0);
}

#[test]
fn magnesium_mass_balance_and_vitamin_d_bookkeeping_over_a_long_regimen() {
    let model = Model::reference();
    let p = model.parameters;
    let low = Intake {
        vitamin_d_iu_per_day: 600.0,
        magnesium_mg_per_day: 180.0,
    };
    let intakes = IntakeSchedule {
        initial: Intake::reference(&p),
        changes: vec![(100.0, low), (250.0, Intake::reference(&p))],
    };
    let regimens = [
        vitamin_d(2000.0, Schedule::daily(0.0, 365.0)),
        vitamin_d(50_000.0, Schedule::weekly(30.0, 150.0)),
        magnesium(
            360.0,
            MagnesiumForm::Glycinate,
            Schedule::daily(10.0, 300.0),
        ),
        magnesium(
            400.0,
            MagnesiumForm::Oxide,
            Schedule::OnDays {
                days: vec![5.0, 5.0, 123.5],
            },
        ),
    ];
    let (start, trajectory) = run(&model, &intakes, &regimens, &[], 365.0, tight());
    let ledger = trajectory.ledger;
    let end = trajectory.final_state;

    let mg_in = ledger.mg_diet_mg + ledger.mg_dosed_mg;
    assert!(ledger.mg_dosed_mg > 0.0 && ledger.mg_absorbed_mg > 0.0);
    let gut = ledger.gut_mg_imbalance(&start, &end);
    assert!(
        gut.abs() < 1e-9 * mg_in,
        "gut Mg imbalance {gut} mg of {mg_in}"
    );
    let body = ledger.body_mg_imbalance_mmol(&start, &end);
    let absorbed_mmol = ledger.mg_absorbed_mg / mgate::model::MG_PER_MMOL;
    assert!(
        body.abs() < 1e-9 * absorbed_mmol,
        "body Mg imbalance {body} mmol of {absorbed_mmol}"
    );
    let d_in = ledger.d3_background_ug + ledger.d3_dosed_ug;
    let vitamin_d = ledger.vitamin_d_imbalance_ug(&start, &end);
    assert!(
        vitamin_d.abs() < 1e-9 * d_in,
        "vitamin D imbalance {vitamin_d} ug of {d_in}"
    );

    // The ledger's dose totals match the prescriptions exactly.
    let expected_d_ug = (365.0 * 2000.0 + 18.0 * 50_000.0) * UG_PER_IU * p.f_d;
    assert!(relative_difference(ledger.d3_dosed_ug, expected_d_ug) < 1e-12);
    let expected_mg = 290.0 * 360.0 * p.mg_bio_glycinate + 3.0 * 400.0 * p.mg_bio_oxide;
    assert!(relative_difference(ledger.mg_dosed_mg, expected_mg) < 1e-12);
    let expected_diet = 100.0 * 320.0 + 150.0 * 180.0 + 115.0 * 320.0;
    assert!(relative_difference(ledger.mg_diet_mg, expected_diet) < 1e-12);
}

#[test]
fn tightening_tolerances_1000_fold_changes_84_day_endpoints_by_less_than_a_tenth_percent() {
    let model = Model::reference();
    let intakes = IntakeSchedule::constant(Intake {
        vitamin_d_iu_per_day: 800.0,
        magnesium_mg_per_day: 220.0,
    });
    let regimens = [
        vitamin_d(50_000.0, Schedule::weekly(0.0, 84.0)),
        magnesium(250.0, MagnesiumForm::Citrate, Schedule::daily(0.0, 84.0)),
    ];
    let days = [0.0, 42.0, 84.0];
    let default = SolverSettings::default();
    let (_, coarse) = run(&model, &intakes, &regimens, &days, 84.0, default);
    let (_, fine) = run(
        &model,
        &intakes,
        &regimens,
        &days,
        84.0,
        default.scaled(1e-3),
    );
    let (_, finest) = run(
        &model,
        &intakes,
        &regimens,
        &days,
        84.0,
        default.scaled(1e-6),
    );
    for observable in Observable::ALL {
        let i = observable.index();
        let (a, b, c) = (coarse.rows[2][i], fine.rows[2][i], finest.rows[2][i]);
        assert!(
            relative_difference(a, b) < 1e-3,
            "{}: {a} at default tolerances vs {b} at 1000-fold tighter",
            observable.name()
        );
        // And the error keeps shrinking as tolerances tighten.
        assert!(
            (b - c).abs() <= (a - c).abs() + 1e-12 * c.abs(),
            "{}: no convergence ({a}, {b}, {c})",
            observable.name()
        );
    }
}

fn assert_physical(trajectory: &Trajectory, what: &str) {
    assert!(
        trajectory.final_state.is_physical(),
        "{what}: final state {:?}",
        trajectory.final_state
    );
    for (day, row) in trajectory.days.iter().zip(&trajectory.rows) {
        for observable in Observable::ALL {
            let value = row[observable.index()];
            assert!(
                value.is_finite() && value >= 0.0,
                "{what}: {} = {value} at day {day}",
                observable.name()
            );
        }
    }
}

#[test]
fn no_state_goes_negative_or_non_finite_under_extreme_valid_regimens() {
    let model = Model::reference();
    let p = model.parameters;
    let days = daily_grid(365.0);
    let nothing = Intake {
        vitamin_d_iu_per_day: 0.0,
        magnesium_mg_per_day: 0.0,
    };
    let zero_intakes = IntakeSchedule {
        initial: Intake::reference(&p),
        changes: vec![(0.0, nothing)],
    };
    let (_, starved) = run(
        &model,
        &zero_intakes,
        &[],
        &days,
        365.0,
        SolverSettings::default(),
    );
    assert_physical(&starved, "zero intakes");
    // With no intake at all, the body can only lose Mg (through urine).
    let body_mg = |s: &State| s.mg_ecf_mmol + s.mg_tissue_mmol + s.mg_bone_mmol;
    let start_mg = model.reference_state().unwrap();
    assert!(body_mg(&starved.final_state) < body_mg(&start_mg));
    assert!(starved.ledger.mg_urine_mmol > 0.0);
    let serum = Observable::SerumMg.index();

    let reference = IntakeSchedule::constant(Intake::reference(&p));
    let stoss = [vitamin_d(600_000.0, Schedule::Once { day: 1.0 })];
    let (_, bolus) = run(
        &model,
        &reference,
        &stoss,
        &days,
        365.0,
        SolverSettings::default(),
    );
    assert_physical(&bolus, "single 600,000 IU dose");
    let ohd25 = Observable::Ohd25.index();
    // The bolus raises 25(OH)D by well over 10 ng/mL within a month (it peaks near day 10).
    let peak = bolus.rows[..=30]
        .iter()
        .map(|row| row[ohd25])
        .fold(f64::MIN, f64::max);
    assert!(peak > bolus.rows[0][ohd25] + 10.0, "peak {peak}");

    let megadose = [magnesium(
        2000.0,
        MagnesiumForm::Chloride,
        Schedule::daily(0.0, 365.0),
    )];
    let (_, loaded) = run(
        &model,
        &reference,
        &megadose,
        &days,
        365.0,
        SolverSettings::default(),
    );
    assert_physical(&loaded, "2,000 mg Mg daily");
    assert!(loaded.rows[365][serum] > loaded.rows[0][serum]);

    // The same extremes starting from a depleted subject.
    let depleted = IntakeSchedule::constant(Intake {
        vitamin_d_iu_per_day: 100.0,
        magnesium_mg_per_day: 60.0,
    });
    let both = [stoss[0].clone(), megadose[0].clone()];
    let (_, rescued) = run(
        &model,
        &depleted,
        &both,
        &days,
        365.0,
        SolverSettings::default(),
    );
    assert_physical(&rescued, "depleted subject, both extremes");
}

#[test]
fn reference_subject_sits_at_reference_values() {
    let model = Model::reference();
    let p = model.parameters;
    let intake = Intake::reference(&p);
    let mut workspace = Workspace::default();
    let start = steady_state(&model, &intake, &mut workspace).unwrap();
    assert!(matches!(start.method, SteadyStateMethod::Newton { .. }));
    let row = mgate::simulate::observe(&model, &intake, &start.state);
    let at = |o: Observable| row[o.index()];
    assert!((at(Observable::SerumMg) - p.serum_mg_ref).abs() < 1e-9);
    assert!((at(Observable::TissueMg) - p.mg_tissue_ref).abs() < 1e-7);
    assert!((at(Observable::BoneMg) - p.mg_bone_ref).abs() < 1e-7);
    assert!((at(Observable::Calcitriol) - p.calcitriol_ref).abs() < 1e-9);
    assert!((at(Observable::Pth) - p.pth_ref).abs() < 1e-9);
    for gate in [
        Observable::GateCyp2r1,
        Observable::GateCyp27b1,
        Observable::GateCyp24a1,
    ] {
        assert!((at(gate) - 1.0).abs() < 1e-9);
    }
    // The Newton solution is the analytic reference state, to solver precision.
    let analytic = model.reference_state().unwrap();
    for (a, b) in analytic.to_array().iter().zip(start.state.to_array()) {
        assert!((a - b).abs() <= 1e-9 * a.abs().max(1.0), "{a} vs {b}");
    }
    // A status inside the usual range: the reference subject is a sensible person.
    let ohd25 = at(Observable::Ohd25);
    assert!((20.0..40.0).contains(&ohd25), "reference 25(OH)D {ohd25}");
}

/// Largest relative change of any observable over a year without doses.
fn drift_over_a_year(model: &Model, intake: Intake, settings: SolverSettings) -> f64 {
    let days = daily_grid(365.0);
    let (start, trajectory) = run(
        model,
        &IntakeSchedule::constant(intake),
        &[],
        &days,
        365.0,
        settings,
    );
    assert!(scaled_residual(model, &intake, &start) < 1e-10);
    let first = trajectory.rows[0];
    let mut drift: f64 = 0.0;
    for row in &trajectory.rows {
        for observable in Observable::ALL {
            let i = observable.index();
            drift = drift.max((row[i] - first[i]).abs() / first[i].abs().max(1e-3));
        }
    }
    drift
}

#[test]
fn subject_at_steady_state_without_doses_stays_there_for_a_year() {
    // At steady state the explicit solver's step size settles at its stability limit, so what
    // little drift there is comes from the error control and shrinks with the tolerance.
    let model = Model::reference();
    for intake in [
        Intake::reference(&model.parameters),
        Intake {
            vitamin_d_iu_per_day: 400.0,
            magnesium_mg_per_day: 150.0,
        },
        Intake {
            vitamin_d_iu_per_day: 8000.0,
            magnesium_mg_per_day: 600.0,
        },
    ] {
        let default = drift_over_a_year(&model, intake, SolverSettings::default());
        assert!(
            default < 1e-4,
            "{intake:?}: drift {default} at default tolerances"
        );
        let tight = drift_over_a_year(&model, intake, tight());
        assert!(
            tight < 1e-8,
            "{intake:?}: drift {tight} at tight tolerances"
        );
    }
}

#[test]
fn steady_state_residual_is_small_across_intakes() {
    let model = Model::reference();
    let mut workspace = Workspace::default();
    for vitamin_d_iu_per_day in [0.0, 200.0, 1000.0, 2500.0, 6000.0, 20_000.0] {
        for magnesium_mg_per_day in [40.0, 120.0, 250.0, 320.0, 500.0, 1200.0] {
            let intake = Intake {
                vitamin_d_iu_per_day,
                magnesium_mg_per_day,
            };
            let solution = steady_state(&model, &intake, &mut workspace)
                .unwrap_or_else(|e| panic!("{intake:?}: {e}"));
            let residual = scaled_residual(&model, &intake, &solution.state);
            assert!(residual < 1e-8, "{intake:?}: residual {residual}");
            assert_eq!(residual, solution.residual_per_day);
            assert!(solution.state.is_physical());
        }
    }
}

#[test]
fn doses_on_the_same_day_are_all_applied_and_samples_are_pre_dose() {
    let model = Model::reference();
    let intakes = IntakeSchedule::constant(Intake::reference(&model.parameters));
    let regimens = [
        vitamin_d(10_000.0, Schedule::Once { day: 3.0 }),
        vitamin_d(20_000.0, Schedule::OnDays { days: vec![3.0] }),
        magnesium(100.0, MagnesiumForm::Citrate, Schedule::Once { day: 3.0 }),
    ];
    let days = [3.0, 3.5];
    let (start, trajectory) = run(
        &model,
        &intakes,
        &regimens,
        &days,
        3.5,
        SolverSettings::default(),
    );
    let p = model.parameters;
    assert_eq!(trajectory.ledger.d3_dosed_ug, 30_000.0 * UG_PER_IU * p.f_d);
    assert_eq!(trajectory.ledger.mg_dosed_mg, 100.0 * p.mg_bio_citrate);
    // Day 3 is sampled before the doses: the gut holds only the background contents.
    let gut = Observable::GutMg.index();
    assert!((trajectory.rows[0][gut] - start.mg_gut_mg).abs() < 1e-6);
    // Half a day later, the vitamin D dose has been half absorbed by first-order kinetics.
    let expected_gut_d = 30_000.0 * UG_PER_IU * p.f_d * (-p.ka_d * 0.5).exp();
    assert!(relative_difference(trajectory.final_state.d3_gut_ug, expected_gut_d) < 1e-5);
}

#[test]
fn numerical_failure_is_an_error_naming_the_day_and_the_parameters() {
    let model = Model::reference();
    let intakes = IntakeSchedule::constant(Intake::reference(&model.parameters));
    let regimens = [vitamin_d(600_000.0, Schedule::Once { day: 2.0 })];
    let mut workspace = Workspace::new(SolverSettings {
        max_steps_per_segment: 3,
        ..SolverSettings::default()
    });
    let start = model.reference_state().unwrap();
    let plan = RunPlan {
        model: &model,
        intakes: &intakes,
        regimens: &regimens,
        sample_days: &[],
        end_day: 30.0,
    };
    let error = workspace
        .run(&plan, &start, &mut Trajectory::default())
        .unwrap_err();
    let SimulationError::Integration { day, .. } = &error else {
        panic!("unexpected error {error:?}");
    };
    assert!((0.0..30.0).contains(day), "day {day}");
    let message = error.to_string();
    assert!(message.contains("at day"), "{message}");
    assert!(message.contains("k_cal=2"), "{message}");
    assert!(message.contains("k_1a="), "{message}");
}

#[path = "reference/diffsol_run.rs"]
mod diffsol_run;

#[test]
fn integrator_agrees_with_diffsol_at_every_tolerance_and_both_converge() {
    // A year of daily vitamin D and a weekly Mg dose from a subject away from the reference
    // (low intake, varied parameters), so that every state and ledger entry moves.
    let mut parameters = Parameters::default();
    parameters.vmax_25 *= 1.3;
    parameters.k_24 *= 0.8;
    let model = Model::new(parameters).expect("model");
    let intake = Intake {
        vitamin_d_iu_per_day: 800.0,
        magnesium_mg_per_day: 180.0,
    };
    let regimens = [
        vitamin_d(3000.0, Schedule::daily(0.0, 365.0)),
        magnesium(400.0, MagnesiumForm::Oxide, Schedule::weekly(3.0, 365.0)),
    ];
    let mut workspace = Workspace::new(tight());
    let start = steady_state(&model, &intake, &mut workspace)
        .expect("steady state")
        .state;
    let end_of = |settings: SolverSettings| {
        let intakes = IntakeSchedule::constant(intake);
        let plan = RunPlan {
            model: &model,
            intakes: &intakes,
            regimens: &regimens,
            sample_days: &[],
            end_day: 365.0,
        };
        let mut trajectory = Trajectory::default();
        Workspace::new(settings)
            .run(&plan, &start, &mut trajectory)
            .expect("simulation");
        trajectory.end_values()
    };
    let evaluations = std::cell::Cell::new(0);
    let truth = diffsol_run::integrate_with_diffsol(
        &model,
        intake,
        &start,
        &regimens,
        365.0,
        (1e-12, 1e-14),
        &evaluations,
    );
    // Largest error relative to the scale each solver controls against (|y| + atol/rtol).
    let error = |values: &[f64], rtol: f64| {
        values
            .iter()
            .zip(truth)
            .map(|(v, t)| (v - t).abs() / (t.abs() + 1e-3))
            .fold(0.0, f64::max)
            / rtol
    };
    for rtol in [1e-4, 1e-6, 1e-8] {
        let settings = SolverSettings {
            rtol,
            atol: rtol * 1e-3,
            ..SolverSettings::default()
        };
        let mgate = end_of(settings);
        let diffsol = diffsol_run::integrate_with_diffsol(
            &model,
            intake,
            &start,
            &regimens,
            365.0,
            (rtol, rtol * 1e-3),
            &evaluations,
        );
        let (ours, theirs) = (error(&mgate, rtol), error(&diffsol, rtol));
        // Both within a few tolerances of the truth, and of each other's accuracy.
        assert!(ours < 5.0, "rtol {rtol}: mgate's error is {ours} rtol");
        assert!(
            theirs < 5.0,
            "rtol {rtol}: diffsol's error is {theirs} rtol"
        );
        assert!(
            ours < 3.0 * theirs.max(0.01),
            "rtol {rtol}: {ours} vs {theirs} rtol"
        );
    }
}
