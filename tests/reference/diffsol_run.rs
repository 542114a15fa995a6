//! An independent integration of mgate's system with diffsol's Tsit45, driven the way mgate's
//! simulator drives its own integrator: stop at each dosing day, add the doses to the state,
//! recompute the derivative, and start again with a step of at most 0.1 day. Shared by
//! `tests/model_core.rs` (agreement) and `examples/solver_comparison.rs` (speed).

use diffsol::{NalgebraMat, OdeBuilder, OdeSolverMethod, OdeSolverStopReason, Vector};
use mgate::model::{Intake, Model, State};
use mgate::simulate::{DoseTarget, N_INTEGRATED, Regimen, dose_events, rhs_with_ledger};
use std::cell::Cell;

/// The states and ledger at `end_day`, after that day's doses, from `start` under a constant
/// `intake`; `evaluations` counts right-hand-side evaluations.
pub fn integrate_with_diffsol(
    model: &Model,
    intake: Intake,
    start: &State,
    regimens: &[Regimen],
    end_day: f64,
    (rtol, atol): (f64, f64),
    evaluations: &Cell<u64>,
) -> [f64; N_INTEGRATED] {
    let mut events = Vec::new();
    dose_events(regimens, &model.parameters, end_day, &mut events);
    let mut y0 = [0.0; N_INTEGRATED];
    y0[..9].copy_from_slice(&start.to_array());
    let problem = OdeBuilder::<NalgebraMat<f64>>::new()
        .rtol(rtol)
        .atol([atol; N_INTEGRATED])
        .rhs(|y: &[f64], _p: &[f64], _t: f64, dy: &mut [f64]| {
            evaluations.set(evaluations.get() + 1);
            rhs_with_ledger(model, &intake, y, dy);
        })
        .init(
            |_p: &[f64], _t: f64, y: &mut [f64]| y.copy_from_slice(&y0),
            N_INTEGRATED,
        )
        .build()
        .expect("diffsol problem");
    let mut solver = problem.tsit45().expect("diffsol solver");
    let mut next = 0;
    let mut day = 0.0;
    loop {
        let state = solver.state_mut();
        let mut dosed = false;
        while next < events.len() && events[next].day <= day {
            let index = if events[next].target == DoseTarget::VitaminDGut {
                0
            } else {
                5
            };
            state
                .y
                .set_index(index, state.y.get_index(index) + events[next].amount);
            next += 1;
            dosed = true;
        }
        if dosed {
            rhs_with_ledger(
                model,
                &intake,
                state.y.batch_as_slice(0),
                state.dy.batch_as_mut_slice(0),
            );
            evaluations.set(evaluations.get() + 1);
            *state.h = state.h.min(0.1);
        }
        if day >= end_day {
            break;
        }
        let stop = events.get(next).map_or(end_day, |e| e.day.min(end_day));
        solver.set_stop_time(stop).expect("stop time");
        while !matches!(
            solver.step().expect("diffsol step"),
            OdeSolverStopReason::TstopReached
        ) {}
        day = stop;
    }
    let mut end = [0.0; N_INTEGRATED];
    end.copy_from_slice(solver.state().y.batch_as_slice(0));
    end
}
