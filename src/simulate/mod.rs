//! Simulating subjects: regimens as events, the integrator workspace, observables and the
//! steady-state start. Knows nothing of files, cohorts or the command line.

pub mod batch;
pub mod observables;
pub mod regimen;
pub mod solver;
pub mod steady_state;
mod tsit5;

pub use observables::{N_OBSERVABLES, Observable, ObservableRow, observe};
pub use regimen::{
    Dose, DoseEvent, DoseTarget, IntakeSchedule, MagnesiumForm, Regimen, Schedule, VitaminDForm,
    dose_events,
};
pub use solver::{
    Ledger, N_INTEGRATED, RunPlan, SimulationError, SolverSettings, SolverStats, Trajectory,
    Workspace, rhs_with_ledger,
};
pub use steady_state::{SteadyState, SteadyStateError, SteadyStateMethod, steady_state};
