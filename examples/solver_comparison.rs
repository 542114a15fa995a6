//! Compares mgate's integrator with two maintained ODE crates on mgate's model:
//!
//! - `mgate`: mgate's own `Workspace` (Tsitouras 5(4) on fixed-size arrays, `src/simulate/tsit5.rs`);
//! - `diffsol`: diffsol's Tsit45 (the same method on nalgebra dynamic vectors), stepped with stop
//!   times and state mutation at each dose, as mgate used it until it got its own integrator;
//! - `ode_solvers`: Dopri5 on nalgebra static vectors, one integration per interval between doses.
//!
//! All integrate exactly the same system (`mgate::simulate::rhs_with_ledger`: the nine states and
//! the six ledger entries) through one year of the `bench_year` regimen (daily 2,000 IU D3 and
//! 250 mg Mg glycinate) from the reference subject's steady state. Reported per subject-year:
//! wall time, right-hand-side evaluations, heap allocations, and the largest relative error of the
//! day-365 states against diffsol at rtol 1e-12 (an independent implementation of the method).
//!
//! Run: `cargo run --release --example solver_comparison`

use mgate::model::{Intake, MG_PER_MMOL, Model, State, UG_PER_IU};
use mgate::simulate::{
    Dose, IntakeSchedule, MagnesiumForm, N_INTEGRATED, Regimen, RunPlan, Schedule, SolverSettings,
    Trajectory, VitaminDForm, Workspace, rhs_with_ledger, steady_state,
};
use ode_solvers::SVector;
use ode_solvers::dop_shared::OutputType;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// Counts heap allocations so that "no allocation per step" is a measurement.
struct CountingAllocator;
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: CountingAllocator = CountingAllocator;

const DAYS: usize = 365;
const VITAMIN_D_IU: f64 = 2000.0;
const MAGNESIUM_MG: f64 = 250.0;

struct Measurement {
    seconds_per_subject_year: f64,
    rhs_evaluations: u64,
    allocations: u64,
    end: [f64; N_INTEGRATED],
}

fn regimens() -> Vec<Regimen> {
    vec![
        Regimen {
            dose: Dose::VitaminD {
                iu: VITAMIN_D_IU,
                form: VitaminDForm::D3,
            },
            schedule: Schedule::daily(0.0, DAYS as f64),
        },
        Regimen {
            dose: Dose::Magnesium {
                mg: MAGNESIUM_MG,
                form: MagnesiumForm::Glycinate,
            },
            schedule: Schedule::daily(0.0, DAYS as f64),
        },
    ]
}

fn run_mgate(model: &Model, start: &State, settings: SolverSettings, reps: u32) -> Measurement {
    let intakes = IntakeSchedule::constant(Intake::reference(&model.parameters));
    let regimens = regimens();
    let plan = RunPlan {
        model,
        intakes: &intakes,
        regimens: &regimens,
        sample_days: &[],
        end_day: DAYS as f64,
    };
    let mut workspace = Workspace::new(settings);
    let mut trajectory = Trajectory::default();
    workspace
        .run(&plan, start, &mut trajectory)
        .expect("mgate run");
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let clock = Instant::now();
    for _ in 0..reps {
        workspace
            .run(&plan, start, &mut trajectory)
            .expect("mgate run");
    }
    let seconds = clock.elapsed().as_secs_f64() / f64::from(reps);
    let allocations = (ALLOCATIONS.load(Ordering::Relaxed) - before) / u64::from(reps);
    let end = trajectory.end_values();
    Measurement {
        seconds_per_subject_year: seconds,
        rhs_evaluations: trajectory.stats.rhs_evaluations,
        allocations,
        end,
    }
}

#[path = "../tests/reference/diffsol_run.rs"]
mod diffsol_run;

/// diffsol's Tsit45 through the regimen (`tests/reference/diffsol_run.rs`).
fn run_diffsol(model: &Model, start: &State, settings: SolverSettings, reps: u32) -> Measurement {
    let intake = Intake::reference(&model.parameters);
    let tolerances = (settings.rtol, settings.atol);
    let once = |evaluations: &Cell<u64>| {
        diffsol_run::integrate_with_diffsol(
            model,
            intake,
            start,
            &regimens(),
            DAYS as f64,
            tolerances,
            evaluations,
        )
    };
    let evaluations = Cell::new(0);
    let end = once(&evaluations);
    let rhs_evaluations = evaluations.get();
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let clock = Instant::now();
    for _ in 0..reps {
        once(&evaluations);
    }
    let seconds = clock.elapsed().as_secs_f64() / f64::from(reps);
    let allocations = (ALLOCATIONS.load(Ordering::Relaxed) - before) / u64::from(reps);
    Measurement {
        seconds_per_subject_year: seconds,
        rhs_evaluations,
        allocations,
        end,
    }
}

type Integrated = SVector<f64, N_INTEGRATED>;

struct OdeSolversSystem<'a> {
    model: &'a Model,
    intake: Intake,
    evaluations: &'a Cell<u64>,
}

impl ode_solvers::System<f64, Integrated> for OdeSolversSystem<'_> {
    fn system(&self, _t: f64, y: &Integrated, dy: &mut Integrated) {
        self.evaluations.set(self.evaluations.get() + 1);
        rhs_with_ledger(self.model, &self.intake, y.as_slice(), dy.as_mut_slice());
    }
}

fn run_ode_solvers(
    model: &Model,
    start: &State,
    settings: SolverSettings,
    reps: u32,
) -> Measurement {
    let intake = Intake::reference(&model.parameters);
    let p = model.parameters;
    let evaluations = Cell::new(0_u64);
    let d_dose_ug = VITAMIN_D_IU * UG_PER_IU * p.f_d;
    let mg_dose = MAGNESIUM_MG * p.mg_bio_glycinate;
    let one_year = || -> Integrated {
        let mut y = Integrated::zeros();
        y.as_mut_slice()[..9].copy_from_slice(&start.to_array());
        for day in 0..DAYS {
            y[0] += d_dose_ug;
            y[5] += mg_dose;
            let system = OdeSolversSystem {
                model,
                intake,
                evaluations: &evaluations,
            };
            let (from, to) = (day as f64, day as f64 + 1.0);
            // Sparse output: the exact end of every step. (Dense output with one interval per
            // segment returns an extrapolated end point in ode_solvers 0.6.2.)
            let mut stepper = ode_solvers::Dopri5::from_param(
                system,
                from,
                to,
                1.0,
                y,
                settings.rtol,
                settings.atol,
                0.9,
                0.04,
                0.2,
                10.0,
                1.0,
                0.0,
                100_000,
                u32::MAX,
                OutputType::Sparse,
            );
            stepper.integrate().expect("ode_solvers integration");
            y = *stepper.y_out().last().expect("ode_solvers output");
        }
        y
    };
    one_year();
    evaluations.set(0);
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let clock = Instant::now();
    let mut end = Integrated::zeros();
    for _ in 0..reps {
        end = one_year();
    }
    let seconds = clock.elapsed().as_secs_f64() / f64::from(reps);
    let mut values = [0.0; N_INTEGRATED];
    values.copy_from_slice(end.as_slice());
    Measurement {
        seconds_per_subject_year: seconds,
        rhs_evaluations: evaluations.get() / u64::from(reps),
        allocations: (ALLOCATIONS.load(Ordering::Relaxed) - before) / u64::from(reps),
        end: values,
    }
}

fn max_relative_error(a: &[f64; N_INTEGRATED], truth: &[f64; N_INTEGRATED]) -> f64 {
    a.iter()
        .zip(truth)
        .map(|(x, t)| (x - t).abs() / t.abs().max(1e-6))
        .fold(0.0, f64::max)
}

fn main() {
    println!("mgate solver comparison: {}", mgate::DISCLAIMER);
    let model = Model::reference();
    let intake = Intake::reference(&model.parameters);
    let start = steady_state(&model, &intake, &mut Workspace::default())
        .expect("steady state")
        .state;
    let reference_settings = SolverSettings {
        rtol: 1e-12,
        atol: 1e-14,
        ..SolverSettings::default()
    };
    let truth = run_diffsol(&model, &start, reference_settings, 1).end;
    println!(
        "reference day-365 values: 25(OH)D {:.3} ng/mL, serum Mg {:.4} mmol/L, urine total {:.1} mmol ({:.0} mg)",
        truth[2],
        truth[6] / model.parameters.v_ecf,
        truth[11],
        truth[11] * MG_PER_MMOL
    );
    println!(
        "{:<12} {:>8} {:>14} {:>12} {:>14} {:>16}",
        "solver", "rtol", "ms/subj-year", "rhs evals", "allocations", "max rel. error"
    );
    for rtol in [1e-4, 1e-6, 1e-8] {
        let settings = SolverSettings {
            rtol,
            atol: rtol * 1e-3,
            ..SolverSettings::default()
        };
        for (name, measurement) in [
            ("mgate", run_mgate(&model, &start, settings, 20)),
            ("diffsol", run_diffsol(&model, &start, settings, 20)),
            ("ode_solvers", run_ode_solvers(&model, &start, settings, 20)),
        ] {
            println!(
                "{:<12} {:>8.0e} {:>14.3} {:>12} {:>14} {:>16.2e}",
                name,
                rtol,
                measurement.seconds_per_subject_year * 1e3,
                measurement.rhs_evaluations,
                measurement.allocations,
                max_relative_error(&measurement.end, &truth)
            );
        }
    }
}
