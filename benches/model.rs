//! Criterion benchmarks of the three costs that decide how fast a cohort runs: one right-hand-side
//! evaluation (at the reference state and at a state reached under the bench regimen), one
//! steady-state solve and one simulated subject-year.
//!
//! The subject-year is the bench regimen of `examples/solver_comparison.rs`: 365 days of daily
//! 2,000 IU D3 and daily 250 mg Mg glycinate, from the reference subject's steady state, sampled
//! weekly, at the default solver settings.
//!
//! Run: `cargo bench --bench model` (about a minute; measurement times are kept short).

use criterion::{Criterion, criterion_group, criterion_main};
use mgate::model::{Intake, Lane, Model, ModelLanes, N_STATES, State};
use mgate::simulate::{
    Dose, IntakeSchedule, MagnesiumForm, N_INTEGRATED, Regimen, RunPlan, Schedule, Trajectory,
    VitaminDForm, Workspace, rhs_with_ledger, steady_state,
};
use std::hint::black_box;
use std::time::Duration;

/// Length of the bench regimen, days.
const DAYS: f64 = 365.0;

/// One right-hand-side evaluation (states and ledger) at the reference state.
fn rhs_evaluation(c: &mut Criterion) {
    let model = Model::reference();
    let intake = Intake::reference(&model.parameters);
    let state = model.reference_state().expect("reference state");
    let mut y = [0.0; N_INTEGRATED];
    y[..state.to_array().len()].copy_from_slice(&state.to_array());
    let mut dy = [0.0; N_INTEGRATED];
    c.bench_function("rhs_with_ledger at the reference state", |b| {
        b.iter(|| {
            rhs_with_ledger(
                black_box(&model),
                black_box(&intake),
                black_box(&y),
                &mut dy,
            );
            black_box(&dy);
        })
    });
}

/// The reference model, its intake, and the state a year of the bench regimen leaves it in.
fn after_a_year() -> (Model, Intake, [f64; N_STATES]) {
    let model = Model::reference();
    let intake = Intake::reference(&model.parameters);
    let start = model.reference_state().expect("reference state");
    let intakes = IntakeSchedule::constant(intake);
    let regimens = bench_regimens();
    let plan = RunPlan {
        model: &model,
        intakes: &intakes,
        regimens: &regimens,
        sample_days: &[],
        end_day: DAYS,
    };
    let mut trajectory = Trajectory::default();
    Workspace::default()
        .run(&plan, &start, &mut trajectory)
        .expect("simulation");
    (model, intake, trajectory.final_state.to_array())
}

/// One right-hand-side evaluation away from the reference state: the day-365 state of the bench
/// regimen, where the calcitriol ratio is not 1 (at the reference state `ln c = 0`, which makes
/// the calcitriol power laws unusually cheap).
fn rhs_evaluation_after_a_year(c: &mut Criterion) {
    let (model, intake, state) = after_a_year();
    let mut y = [0.0; N_INTEGRATED];
    y[..state.len()].copy_from_slice(&state);
    let mut dy = [0.0; N_INTEGRATED];
    c.bench_function("rhs_with_ledger after a year of the bench regimen", |b| {
        b.iter(|| {
            rhs_with_ledger(
                black_box(&model),
                black_box(&intake),
                black_box(&y),
                &mut dy,
            );
            black_box(&dy);
        })
    });
}

/// One right-hand-side evaluation of 8 subjects at once (`wide::f64x8`, the lanes the cohort
/// runs in lockstep), at the day-365 state of the bench regimen in every lane: the unit of work
/// the integrator's cost is counted in (`docs/performance.md`, "The floor").
fn rhs_evaluation_of_8_lanes(c: &mut Criterion) {
    let (model, intake, state) = after_a_year();
    let lanes: ModelLanes<wide::f64x8> = ModelLanes::gather(&[model; 8]);
    let lane_intake = Intake {
        vitamin_d_iu_per_day: wide::f64x8::splat(intake.vitamin_d_iu_per_day),
        magnesium_mg_per_day: wide::f64x8::splat(intake.magnesium_mg_per_day),
    };
    // Each lane a little apart, as the subjects of a batch are.
    let lane_state: [wide::f64x8; N_STATES] = std::array::from_fn(|k| {
        <wide::f64x8 as Lane>::gather(|lane| state[k] * (1.0 + 0.01 * lane as f64))
    });
    let lane_state = State::from_slice(&lane_state);
    c.bench_function(
        "8-lane right-hand side (f64x8) after a year of the bench regimen",
        |b| {
            b.iter(|| black_box(lanes.derivatives(black_box(&lane_intake), black_box(&lane_state))))
        },
    );
}

/// One steady-state solve for a subject away from the reference intake.
fn steady_state_solve(c: &mut Criterion) {
    let model = Model::reference();
    let intake = Intake {
        vitamin_d_iu_per_day: 800.0,
        magnesium_mg_per_day: 200.0,
    };
    let mut workspace = Workspace::default();
    c.bench_function("steady state at 800 IU/day D, 200 mg/day Mg", |b| {
        b.iter(|| {
            steady_state(black_box(&model), black_box(&intake), &mut workspace)
                .expect("steady state")
        })
    });
}

/// The bench regimen: daily 2,000 IU D3 and daily 250 mg Mg glycinate for a year.
fn bench_regimens() -> [Regimen; 2] {
    [
        Regimen {
            dose: Dose::VitaminD {
                iu: 2000.0,
                form: VitaminDForm::D3,
            },
            schedule: Schedule::daily(0.0, DAYS),
        },
        Regimen {
            dose: Dose::Magnesium {
                mg: 250.0,
                form: MagnesiumForm::Glycinate,
            },
            schedule: Schedule::daily(0.0, DAYS),
        },
    ]
}

/// One subject-year of the bench regimen from the reference steady state, sampled weekly.
fn subject_year(c: &mut Criterion) {
    let model = Model::reference();
    let intake = Intake::reference(&model.parameters);
    let mut workspace = Workspace::default();
    let start: State = steady_state(&model, &intake, &mut workspace)
        .expect("steady state")
        .state;
    let intakes = IntakeSchedule::constant(intake);
    let regimens = bench_regimens();
    let sample_days: Vec<f64> = (0..=52).map(|week| f64::from(week) * 7.0).collect();
    let plan = RunPlan {
        model: &model,
        intakes: &intakes,
        regimens: &regimens,
        sample_days: &sample_days,
        end_day: DAYS,
    };
    let mut trajectory = Trajectory::default();
    c.bench_function("subject-year of the bench regimen", |b| {
        b.iter(|| {
            workspace
                .run(black_box(&plan), black_box(&start), &mut trajectory)
                .expect("simulation");
            black_box(&trajectory);
        })
    });
}

/// Short measurements so that the whole suite runs in about a minute.
fn quick() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .sample_size(30)
}

criterion_group! {
    name = benches;
    config = quick();
    targets = rhs_evaluation, rhs_evaluation_after_a_year, rhs_evaluation_of_8_lanes, steady_state_solve, subject_year
}
criterion_main!(benches);
