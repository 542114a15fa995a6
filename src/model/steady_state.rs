//! Steady state of the model under a constant background intake, by damped Newton iteration.
//!
//! Every subject starts at its own steady state. Newton's method runs on the right-hand side with
//! a forward-difference Jacobian and nalgebra's LU decomposition; steps are halved until the
//! scaled residual falls and every state stays non-negative. [`solve_steady_state`] first tries
//! Newton from a guess, then follows the steady state by continuation from the reference subject
//! (whose steady state is known exactly) to the subject's own intake. When both fail, the simulator
//! falls back to a burn-in (see `simulate::steady_state`) and says so.

use super::equations::{Intake, MG_PER_MMOL, Model, N_STATES, State, UG_PER_IU, gut_mg_at_balance};
use nalgebra::{SMatrix, SVector};

/// Scaled residual below which Newton stops: the largest `|dy/dt| / scale` in 1/day.
pub const NEWTON_TOLERANCE_PER_DAY: f64 = 1e-12;
/// Most Newton iterations before giving up.
pub const NEWTON_MAX_ITERATIONS: usize = 60;

/// Outcome of a Newton solve that converged.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NewtonSolution {
    /// The steady state.
    pub state: State,
    /// Largest scaled residual `|dy/dt| / scale` at the solution, 1/day.
    pub residual_per_day: f64,
    /// Newton iterations used.
    pub iterations: usize,
}

/// Why Newton did not converge.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
#[error(
    "Newton iteration for the steady state stopped after {iterations} iterations with scaled residual {residual_per_day:.3e}/day"
)]
pub struct NewtonFailure {
    /// Iterations done.
    pub iterations: usize,
    /// Best scaled residual reached, 1/day.
    pub residual_per_day: f64,
    /// Best state reached (a starting point for a burn-in).
    pub best_state: State,
}

/// Typical magnitude of each state, used to scale residuals and finite-difference steps so that
/// states near zero (gut contents between doses) are judged on an absolute scale.
fn state_scales(model: &Model) -> SVector<f64, N_STATES> {
    let p = &model.parameters;
    SVector::from([
        1.0,                             // d3_gut_ug
        10.0,                            // d3_body_ug
        1.0,                             // ohd25_ng_ml
        p.calcitriol_ref * 0.01,         // calcitriol_pg_ml
        0.1,                             // ohd2425_ng_ml
        1.0,                             // mg_gut_mg
        p.serum_mg_ref * p.v_ecf * 0.01, // mg_ecf_mmol
        p.mg_tissue_ref * 0.01,          // mg_tissue_mmol
        p.mg_bone_ref * 0.01,            // mg_bone_mmol
    ])
}

/// A starting guess near the steady state for `intake`: Mg pools scaled by how far absorbed Mg
/// is from the reference, vitamin D from the reference state scaled by input.
pub fn initial_guess(model: &Model, intake: &Intake) -> State {
    let p = &model.parameters;
    let reference = model.reference_state().unwrap_or_default();
    let gut = gut_mg_at_balance(intake.magnesium_mg_per_day, 1.0, p);
    let absorbed_mmol = (p.k_para * gut + p.vmax_tr * gut / (p.km_tr + gut)) / MG_PER_MMOL;
    let urine_at_ref = p.renal_mg_factor * model.derived.urine_ref_mmol_day;
    // The serum ratio at which urinary loss (at reference calcitriol) removes what is absorbed.
    let s = if urine_at_ref > 0.0 {
        let target = absorbed_mmol / urine_at_ref;
        let handling = |s: f64| {
            p.urine_obligatory_share * s + (1.0 - p.urine_obligatory_share) * s.powf(p.q_urine)
        };
        let (mut low, mut high) = (0.0, 1.0);
        while handling(high) < target && high < 1e6 {
            high *= 2.0;
        }
        for _ in 0..60 {
            let mid = 0.5 * (low + high);
            if handling(mid) < target {
                low = mid;
            } else {
                high = mid;
            }
        }
        0.5 * (low + high)
    } else {
        1.0
    };
    let d_scale =
        (intake.vitamin_d_iu_per_day * UG_PER_IU + 1.0) / (p.vitd_input_ref * UG_PER_IU + 1.0);
    State {
        d3_gut_ug: 0.0,
        d3_body_ug: reference.d3_body_ug * d_scale,
        ohd25_ng_ml: reference.ohd25_ng_ml * d_scale.sqrt(),
        calcitriol_pg_ml: reference.calcitriol_pg_ml,
        ohd2425_ng_ml: reference.ohd2425_ng_ml * d_scale,
        mg_gut_mg: gut,
        mg_ecf_mmol: p.serum_mg_ref * p.v_ecf * s,
        mg_tissue_mmol: p.mg_tissue_ref * s.powf(p.p_tis),
        mg_bone_mmol: p.mg_bone_ref * s,
    }
}

/// Largest scaled residual `|dy/dt| / max(|y|, scale)` of a state, 1/day.
pub fn scaled_residual(model: &Model, intake: &Intake, state: &State) -> f64 {
    let scales = state_scales(model);
    let (rates, _) = model.derivatives(intake, state);
    let y = state.to_vector();
    let r = rates.to_vector();
    (0..N_STATES)
        .map(|i| r[i].abs() / y[i].abs().max(scales[i]))
        .fold(0.0, f64::max)
}

/// Solves `dy/dt = 0` under a constant intake by damped Newton iteration from `start`.
pub fn solve_newton(
    model: &Model,
    intake: &Intake,
    start: &State,
) -> Result<NewtonSolution, NewtonFailure> {
    let scales = state_scales(model);
    let rhs = |y: &SVector<f64, N_STATES>| -> SVector<f64, N_STATES> {
        model
            .derivatives(intake, &State::from_slice(y.as_slice()))
            .0
            .to_vector()
    };
    let norm = |y: &SVector<f64, N_STATES>, r: &SVector<f64, N_STATES>| {
        (0..N_STATES)
            .map(|i| r[i].abs() / y[i].abs().max(scales[i]))
            .fold(0.0, f64::max)
    };

    let mut y = start.to_vector();
    let mut r = rhs(&y);
    let mut residual = norm(&y, &r);
    let mut iterations = 0;
    for iteration in 0..NEWTON_MAX_ITERATIONS {
        iterations = iteration;
        if residual.is_finite() && residual < NEWTON_TOLERANCE_PER_DAY {
            return Ok(NewtonSolution {
                state: State::from_slice(y.as_slice()),
                residual_per_day: residual,
                iterations: iteration,
            });
        }
        let mut jacobian = SMatrix::<f64, N_STATES, N_STATES>::zeros();
        for j in 0..N_STATES {
            let h = 1e-7 * y[j].abs().max(scales[j]);
            let mut shifted = y;
            shifted[j] += h;
            jacobian.set_column(j, &((rhs(&shifted) - r) / h));
        }
        let Some(step) = jacobian.lu().solve(&(-r)) else {
            break;
        };
        // Damping: take the full Newton step when the residual stays finite (Newton may pass
        // through a larger residual on its way); otherwise halve the step until the residual
        // falls. Candidates are projected onto non-negative states: a state that is exactly zero
        // at the solution (the gut with no doses) must not block every step by rounding.
        let mut lambda = 1.0;
        let mut accepted = false;
        for _ in 0..40 {
            let candidate = (y + step * lambda).map(|v| v.max(0.0));
            if candidate.iter().all(|v| v.is_finite()) {
                let r_candidate = rhs(&candidate);
                let candidate_residual = norm(&candidate, &r_candidate);
                let full_step = lambda == 1.0 && candidate_residual.is_finite();
                if full_step || candidate_residual < residual {
                    y = candidate;
                    r = r_candidate;
                    residual = candidate_residual;
                    accepted = true;
                    break;
                }
            }
            lambda *= 0.5;
        }
        if !accepted {
            break;
        }
    }
    if residual.is_finite() && residual < NEWTON_TOLERANCE_PER_DAY {
        return Ok(NewtonSolution {
            state: State::from_slice(y.as_slice()),
            residual_per_day: residual,
            iterations: iterations + 1,
        });
    }
    Err(NewtonFailure {
        iterations: iterations + 1,
        residual_per_day: residual,
        best_state: State::from_slice(y.as_slice()),
    })
}

/// Smallest continuation step (fraction of the way from reference to target intake).
const MIN_CONTINUATION_STEP: f64 = 1.0 / 4096.0;

/// Steady state under `intake`: Newton from [`initial_guess`], and if that fails, Newton along a
/// continuation path from the reference intake (where the reference state is the steady state)
/// to `intake`, halving the step where Newton fails.
pub fn solve_steady_state(model: &Model, intake: &Intake) -> Result<NewtonSolution, NewtonFailure> {
    let direct = solve_newton(model, intake, &initial_guess(model, intake));
    let Err(direct_failure) = direct else {
        return direct;
    };
    let Ok(reference_state) = model.reference_state() else {
        return Err(direct_failure);
    };
    let reference = Intake::reference(&model.parameters);
    let along = |fraction: f64| Intake {
        vitamin_d_iu_per_day: reference.vitamin_d_iu_per_day
            + fraction * (intake.vitamin_d_iu_per_day - reference.vitamin_d_iu_per_day),
        magnesium_mg_per_day: reference.magnesium_mg_per_day
            + fraction * (intake.magnesium_mg_per_day - reference.magnesium_mg_per_day),
    };
    let mut current =
        solve_newton(model, &reference, &reference_state).map_err(|_| direct_failure)?;
    let mut iterations = current.iterations;
    let mut fraction: f64 = 0.0;
    let mut step: f64 = 0.25;
    while fraction < 1.0 {
        let next = (fraction + step).min(1.0);
        match solve_newton(model, &along(next), &current.state) {
            Ok(solution) => {
                iterations += solution.iterations;
                current = solution;
                fraction = next;
                step = (step * 2.0).min(1.0);
            }
            Err(_) if step > MIN_CONTINUATION_STEP => step *= 0.5,
            Err(failure) => {
                return Err(NewtonFailure {
                    iterations: iterations + failure.iterations,
                    ..failure
                });
            }
        }
    }
    Ok(NewtonSolution {
        iterations,
        ..current
    })
}
