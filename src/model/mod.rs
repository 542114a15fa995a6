//! The magnesium-gated vitamin D model: parameters, equations and steady state.
//!
//! An illustrative toy model for teaching, **not calibrated** against patient data and not
//! medical advice. See `docs/model.md` for the equations and the reasoning behind them.

pub mod equations;
pub mod explain;
pub mod lane;
pub mod parameters;
mod precomputed;
pub mod steady_state;

pub use equations::{
    Auxiliaries, CALCITRIOL_RATIO_FLOOR, DerivationError, DerivedConstants, Fluxes, Intake,
    MG_PER_MMOL, Model, ModelLanes, N_STATES, State, UG_PER_IU, cyp24a1_induction, gate,
};
pub use lane::Lane;
pub use parameters::{PARAMETER_TABLE, ParameterError, ParameterInfo, Parameters};
pub use steady_state::{
    NEWTON_TOLERANCE_PER_DAY, NewtonFailure, NewtonSolution, initial_guess, scaled_residual,
    solve_newton, solve_steady_state,
};
