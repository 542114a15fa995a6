//! Each subject's starting state: the steady state under its own background intake.
//!
//! Newton's method with continuation (see [`crate::model::solve_steady_state`]) is tried first. If it does not converge,
//! the subject is integrated under its constant intake (a burn-in) and Newton is tried again from
//! there; the result says which method produced it, so callers can report it.

use super::regimen::IntakeSchedule;
use super::solver::{RunPlan, SimulationError, Trajectory, Workspace};
use crate::model::{
    Intake, Model, NEWTON_TOLERANCE_PER_DAY, State, initial_guess, scaled_residual, solve_newton,
    solve_steady_state,
};

/// Length of one burn-in period, days.
pub const BURN_IN_DAYS: f64 = 3650.0;
/// Most burn-in periods before giving up.
pub const MAX_BURN_IN_PERIODS: usize = 10;
/// Residual accepted at the end of a burn-in when Newton still fails, 1/day.
pub const BURN_IN_TOLERANCE_PER_DAY: f64 = 1e-8;

/// How a steady state was found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SteadyStateMethod {
    /// Newton's method converged (directly or by continuation from the reference intake).
    Newton {
        /// Iterations used.
        iterations: usize,
    },
    /// Newton failed, directly and by continuation; the subject was integrated for `days` under
    /// its intake first (and Newton polished the result if it could).
    BurnIn {
        /// Days of burn-in.
        days: f64,
    },
}

/// A subject's starting state.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SteadyState {
    /// The state.
    pub state: State,
    /// Largest scaled residual `|dy/dt| / scale`, 1/day.
    pub residual_per_day: f64,
    /// How it was found.
    pub method: SteadyStateMethod,
}

/// No steady state could be found.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SteadyStateError {
    /// Neither Newton nor a burn-in reached a steady state.
    #[error(
        "no steady state found under vitamin D input {vitamin_d_iu_per_day} IU/day and Mg intake {magnesium_mg_per_day} mg/day: Newton failed and after {days} days of burn-in the scaled residual was still {residual_per_day:.3e}/day"
    )]
    NotFound {
        /// Vitamin D input of the intake, IU/day.
        vitamin_d_iu_per_day: f64,
        /// Mg intake, mg/day.
        magnesium_mg_per_day: f64,
        /// Burn-in days used.
        days: f64,
        /// Residual reached.
        residual_per_day: f64,
    },
    /// The burn-in integration itself failed.
    #[error("burn-in failed: {0}")]
    Simulation(#[from] SimulationError),
}

/// Finds the steady state of `model` under a constant `intake`.
pub fn steady_state(
    model: &Model,
    intake: &Intake,
    workspace: &mut Workspace,
) -> Result<SteadyState, SteadyStateError> {
    let guess = initial_guess(model, intake);
    let mut current = match solve_steady_state(model, intake) {
        Ok(solution) => {
            return Ok(SteadyState {
                state: solution.state,
                residual_per_day: solution.residual_per_day,
                method: SteadyStateMethod::Newton {
                    iterations: solution.iterations,
                },
            });
        }
        // Start the burn-in from Newton's best state only if it is closer to a steady state
        // than the guess: a diverged Newton can leave finite but absurd states (serum Mg of
        // 1e15 mmol/L) from which the integrator cannot take a step.
        Err(failure)
            if failure.best_state.is_physical()
                && scaled_residual(model, intake, &failure.best_state)
                    < scaled_residual(model, intake, &guess) =>
        {
            failure.best_state
        }
        Err(_) => guess,
    };

    let intakes = IntakeSchedule::constant(*intake);
    let mut trajectory = Trajectory::default();
    // The burn-in runs at tight tolerances: at a run's own (looser) tolerances an explicit
    // solver at its stability limit jitters around the steady state by more than the residual
    // the burn-in must reach.
    let mut burn_in = Workspace::new(workspace.settings.scaled(1e-2));
    // Stops every 50 days keep each integration segment well inside the step limit, even where
    // the steady state is stiff.
    let stops: Vec<f64> = (1..(BURN_IN_DAYS / 50.0) as usize)
        .map(|k| k as f64 * 50.0)
        .collect();
    let mut days = 0.0;
    let mut residual = f64::INFINITY;
    for _ in 0..MAX_BURN_IN_PERIODS {
        let plan = RunPlan {
            model,
            intakes: &intakes,
            regimens: &[],
            sample_days: &stops,
            end_day: BURN_IN_DAYS,
        };
        burn_in.run(&plan, &current, &mut trajectory)?;
        current = trajectory.final_state;
        days += BURN_IN_DAYS;
        if let Ok(solution) = solve_newton(model, intake, &current) {
            return Ok(SteadyState {
                state: solution.state,
                residual_per_day: solution.residual_per_day,
                method: SteadyStateMethod::BurnIn { days },
            });
        }
        residual = scaled_residual(model, intake, &current);
        if residual < BURN_IN_TOLERANCE_PER_DAY.max(NEWTON_TOLERANCE_PER_DAY) {
            return Ok(SteadyState {
                state: current,
                residual_per_day: residual,
                method: SteadyStateMethod::BurnIn { days },
            });
        }
    }
    Err(SteadyStateError::NotFound {
        vitamin_d_iu_per_day: intake.vitamin_d_iu_per_day,
        magnesium_mg_per_day: intake.magnesium_mg_per_day,
        days,
        residual_per_day: residual,
    })
}
