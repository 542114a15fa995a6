//! A fixed amount of right-hand-side work, for counting instructions with callgrind:
//!
//! ```text
//! valgrind --tool=callgrind --toggle-collect='*work_*' target/release/examples/rhs_instructions MODE
//! ```
//!
//! Modes: `scalar` (100,000 calls of `rhs_with_ledger` over 16 states of the reference model),
//! `lanes` (25,000 calls of [`ModelLanes::derivatives`] over the same 16 states, 4 per call: the
//! same 100,000 subject-evaluations), `lanes8` (the same on `wide::f64x8`, 8 per call: the lanes
//! of a cohort's batches), `run` (one reference subject, 2000 IU D3 daily for a year,
//! default solver settings; prints a checksum of the final state bits) and `batch` (four such
//! subjects in one `Workspace::run_batch`; prints the accepted steps). Only public API, so the
//! same file builds on `main` (without `lanes`, `lanes8` and `batch`).

use mgate::model::{Intake, Model, N_STATES, State};
use mgate::simulate::{N_INTEGRATED, rhs_with_ledger};
use std::hint::black_box;

/// 16 states around the reference state: each state scaled by 0.5–1.5.
fn states(model: &Model) -> Vec<[f64; N_STATES]> {
    let base = model.reference_state().unwrap().to_array();
    (0..16)
        .map(|k| {
            let mut y = base;
            for (j, v) in y.iter_mut().enumerate() {
                *v *= 0.5 + ((k * 7 + j * 3) % 11) as f64 / 10.0;
            }
            y[0] = 10.0 + k as f64;
            y
        })
        .collect()
}

#[inline(never)]
fn work_scalar(model: &Model, intake: &Intake, ys: &[[f64; N_STATES]]) -> f64 {
    let mut dy = [0.0; N_INTEGRATED];
    let mut sum = 0.0;
    for _ in 0..100_000 / ys.len() {
        for y in ys {
            rhs_with_ledger(black_box(model), intake, black_box(y), &mut dy);
            sum += dy[6];
        }
    }
    sum
}

#[inline(never)]
fn work_lanes(model: &Model, intake: &Intake, ys: &[[f64; N_STATES]]) -> f64 {
    use mgate::model::ModelLanes;
    use wide::f64x4;
    let lanes = ModelLanes::gather(&[*model; 4]);
    let intake = Intake {
        vitamin_d_iu_per_day: f64x4::splat(intake.vitamin_d_iu_per_day),
        magnesium_mg_per_day: f64x4::splat(intake.magnesium_mg_per_day),
    };
    let batches: Vec<State<f64x4>> = ys
        .chunks(4)
        .map(|four| {
            let y: [f64x4; N_STATES] =
                std::array::from_fn(|k| f64x4::new(std::array::from_fn(|i| four[i][k])));
            State::from_slice(&y)
        })
        .collect();
    let mut sum = f64x4::ZERO;
    for _ in 0..100_000 / ys.len() {
        for y in &batches {
            let (rates, _) = black_box(&lanes).derivatives(&intake, black_box(y));
            sum += rates.mg_ecf_mmol;
        }
    }
    sum.reduce_add()
}

/// `lanes` on `wide::f64x8`, 8 states per call (12,500 calls): the lanes of a cohort's batches.
#[inline(never)]
fn work_lanes8(model: &Model, intake: &Intake, ys: &[[f64; N_STATES]]) -> f64 {
    use mgate::model::ModelLanes;
    use wide::f64x8;
    let lanes = ModelLanes::gather(&[*model; 8]);
    let intake = Intake {
        vitamin_d_iu_per_day: f64x8::splat(intake.vitamin_d_iu_per_day),
        magnesium_mg_per_day: f64x8::splat(intake.magnesium_mg_per_day),
    };
    let batches: Vec<State<f64x8>> = ys
        .chunks(8)
        .map(|eight| {
            let y: [f64x8; N_STATES] =
                std::array::from_fn(|k| f64x8::new(std::array::from_fn(|i| eight[i][k])));
            State::from_slice(&y)
        })
        .collect();
    let mut sum = f64x8::ZERO;
    for _ in 0..100_000 / ys.len() {
        for y in &batches {
            let (rates, _) = black_box(&lanes).derivatives(&intake, black_box(y));
            sum += rates.mg_ecf_mmol;
        }
    }
    sum.reduce_add()
}

/// Calls `work` with the reference subject's plan: 2000 IU D3 daily for a year, sampled daily.
fn with_year_plan<T>(model: &Model, work: impl FnOnce(mgate::simulate::RunPlan<'_>) -> T) -> T {
    use mgate::simulate::{Dose, IntakeSchedule, Regimen, RunPlan, Schedule, VitaminDForm};
    let intakes = IntakeSchedule::constant(Intake::reference(&model.parameters));
    let regimens = [Regimen {
        dose: Dose::VitaminD {
            iu: 2000.0,
            form: VitaminDForm::D3,
        },
        schedule: Schedule::Every {
            interval_days: 1.0,
            start_day: 0.0,
            stop_day: 365.0,
        },
    }];
    let sample_days: Vec<f64> = (0..=365).map(f64::from).collect();
    work(RunPlan {
        model,
        intakes: &intakes,
        regimens: &regimens,
        sample_days: &sample_days,
        end_day: 365.0,
    })
}

#[inline(never)]
fn work_run(model: &Model) -> u64 {
    use mgate::simulate::{Trajectory, Workspace};
    let mut trajectory = Trajectory::default();
    with_year_plan(model, |plan| {
        Workspace::default()
            .run(&plan, &model.reference_state().unwrap(), &mut trajectory)
            .unwrap();
    });
    // A checksum of the final state's bits, to compare builds.
    trajectory
        .final_state
        .to_array()
        .iter()
        .fold(0, |sum: u64, v| sum.rotate_left(7) ^ v.to_bits())
}

/// Four reference subjects through the plan of `work_run`, in one lockstep batch.
#[inline(never)]
fn work_batch(model: &Model) -> u64 {
    use mgate::simulate::{Trajectory, Workspace};
    let start = model.reference_state().unwrap();
    let mut outs = vec![Trajectory::default(); 4];
    with_year_plan(model, |plan| {
        let results = Workspace::default().run_batch(&[plan; 4], &[start; 4], &mut outs);
        assert!(results.iter().all(Result::is_ok));
    });
    outs[0].stats.accepted_steps
}

fn main() {
    let model = Model::reference();
    let intake = Intake::reference(&model.parameters);
    let ys = states(&model);
    match std::env::args().nth(1).as_deref() {
        Some("scalar") => println!("{}", work_scalar(&model, &intake, &ys)),
        Some("lanes") => println!("{}", work_lanes(&model, &intake, &ys)),
        Some("lanes8") => println!("{}", work_lanes8(&model, &intake, &ys)),
        Some("run") => println!("{}", work_run(&model)),
        Some("batch") => println!("{}", work_batch(&model)),
        _ => eprintln!("usage: rhs_instructions scalar | lanes | lanes8 | run | batch"),
    }
}
