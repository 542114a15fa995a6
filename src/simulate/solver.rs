//! The event-driven simulator: integrates one subject through its regimen with an adaptive
//! explicit Runge–Kutta method (Tsitouras 5(4), in `tsit5.rs`), stopping exactly at every
//! dose, sample and intake change, and applying doses by changing the solver's state in place.
//! Why its own integrator rather than diffsol's or ode_solvers': see `docs/solver.md`.
//!
//! At a time where several things happen, the order is: **sample first** (a sample on a dosing day
//! is a pre-dose trough), then intake changes, then every dose of that time.
//!
//! Besides the nine model states the integrator carries a small [`Ledger`] of cumulative fluxes
//! (absorbed, faecal and urinary Mg, absorbed, hydroxylated and lost vitamin D), so that mass
//! balance can be checked and reported without a second pass.
//!
//! The integrator's state and stages are fixed-size arrays on the stack; stepping and events
//! allocate nothing (measured by `examples/solver_comparison.rs`). The event list is kept in a
//! [`Workspace`] reused from subject to subject.

use super::observables::{ObservableRow, observe};
use super::regimen::{DoseEvent, DoseTarget, IntakeSchedule, Regimen, dose_events};
use super::tsit5::{StepFailure, Tsit5};
use crate::model::{Intake, MG_PER_MMOL, Model, N_STATES, PARAMETER_TABLE, State, UG_PER_IU};

/// Number of cumulative-flux entries integrated beside the states.
const N_LEDGER: usize = 6;
/// Longest first step after a dose or intake change, days (the integrator learns a shorter one
/// where a regular schedule of doses needs it: `Tsit5::restart`).
pub(super) const MAX_FIRST_STEP_AFTER_EVENT_DAYS: f64 = 0.1;
/// Index of `d3_gut` in the integrated vector.
pub(super) const D3_GUT: usize = 0;
/// Index of `mg_gut` in the integrated vector.
pub(super) const MG_GUT: usize = 5;

/// Error tolerances and limits of the integrator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SolverSettings {
    /// Relative tolerance of the local error estimate.
    pub rtol: f64,
    /// Absolute tolerance of the local error estimate (in each state's own unit).
    pub atol: f64,
    /// Most steps allowed between two events before the run is declared failed (in a batch,
    /// [`Workspace::run_batch`], most attempts, accepted or rejected, of a lane; a lane that
    /// exceeds it is simulated again alone).
    pub max_steps_per_segment: u32,
}

impl Default for SolverSettings {
    fn default() -> Self {
        Self {
            rtol: 1e-6,
            atol: 1e-9,
            max_steps_per_segment: 100_000,
        }
    }
}

impl SolverSettings {
    /// These settings with both tolerances multiplied by `factor`.
    pub fn scaled(self, factor: f64) -> Self {
        Self {
            rtol: self.rtol * factor,
            atol: self.atol * factor,
            ..self
        }
    }
}

/// Cumulative amounts since day 0, for mass balance and vitamin D bookkeeping.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Ledger {
    /// Dietary Mg that entered the gut, mg.
    pub mg_diet_mg: f64,
    /// Supplement Mg that entered the gut (after relative bioavailability), mg.
    pub mg_dosed_mg: f64,
    /// Mg absorbed from the gut into the extracellular pool, mg.
    pub mg_absorbed_mg: f64,
    /// Unabsorbed Mg lost in faeces, mg.
    pub mg_faecal_mg: f64,
    /// Urinary Mg, mmol.
    pub mg_urine_mmol: f64,
    /// Background vitamin D input into `d3_body`, µg.
    pub d3_background_ug: f64,
    /// Oral vitamin D that entered the gut (after `f_d` and form), µg.
    pub d3_dosed_ug: f64,
    /// Vitamin D absorbed from the gut, µg.
    pub d3_absorbed_ug: f64,
    /// Vitamin D 25-hydroxylated by CYP2R1, µg.
    pub d3_hydroxylated_ug: f64,
    /// Vitamin D3 lost to fat and other routes, µg.
    pub d3_lost_ug: f64,
}

/// Work counters of the integrator. For a run simulated in a batch ([`Workspace::run_batch`])
/// the steps are the subject's own, but `rhs_evaluations` counts the batch's evaluations, in
/// which every lane takes part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SolverStats {
    /// Integration segments (intervals between events).
    pub segments: u64,
    /// Accepted steps.
    pub accepted_steps: u64,
    /// Rejected steps.
    pub rejected_steps: u64,
    /// Right-hand-side evaluations.
    pub rhs_evaluations: u64,
}

/// Everything that defines one subject's run, apart from its starting state.
#[derive(Debug, Clone, Copy)]
pub struct RunPlan<'a> {
    /// The subject's model (parameters and derived constants).
    pub model: &'a Model,
    /// Background intakes over time.
    pub intakes: &'a IntakeSchedule,
    /// Dose regimens.
    pub regimens: &'a [Regimen],
    /// Days at which observables are sampled: sorted, within `0..=end_day`.
    pub sample_days: &'a [f64],
    /// Last day of the run.
    pub end_day: f64,
}

/// The sampled result of one run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Trajectory {
    /// Sampled days.
    pub days: Vec<f64>,
    /// Observables at each sampled day (pre-dose).
    pub rows: Vec<ObservableRow>,
    /// State at `end_day` (after any doses of that day).
    pub final_state: State,
    /// Cumulative amounts from day 0 to `end_day`.
    pub ledger: Ledger,
    /// Integrator work.
    pub stats: SolverStats,
}

impl Trajectory {
    /// The state at `end_day` followed by the six integrated ledger entries, in the integrator's
    /// order (see [`rhs_with_ledger`]): for comparing integrators entry by entry.
    pub fn end_values(&self) -> [f64; N_INTEGRATED] {
        let l = &self.ledger;
        let mut end = [0.0; N_INTEGRATED];
        end[..N_STATES].copy_from_slice(&self.final_state.to_array());
        end[N_STATES..].copy_from_slice(&[
            l.mg_absorbed_mg,
            l.mg_faecal_mg,
            l.mg_urine_mmol,
            l.d3_absorbed_ug,
            l.d3_hydroxylated_ug,
            l.d3_lost_ug,
        ]);
        end
    }
}

/// A numerical failure, with the time and the parameter values that produced it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SimulationError {
    /// The integrator could not continue.
    #[error(
        "the integrator failed at day {day:.4}: {reason}. Try tighter or looser tolerances, or check the parameters: {parameters}"
    )]
    Integration {
        /// Day at which the failure happened.
        day: f64,
        /// What the integrator reported.
        reason: String,
        /// `name=value` list of every parameter.
        parameters: String,
    },
    /// A state became non-finite or clearly negative.
    #[error(
        "state `{state}` became {value} at day {day:.4}; the model left its valid domain. Parameters: {parameters}"
    )]
    NonPhysicalState {
        /// Day at which it was detected.
        day: f64,
        /// State name.
        state: &'static str,
        /// Its value.
        value: f64,
        /// `name=value` list of every parameter.
        parameters: String,
    },
    /// The run plan itself is inconsistent (a programming or validation error upstream).
    #[error("invalid run plan: {0}")]
    InvalidPlan(&'static str),
}

/// Every parameter as `name=value`, for error messages.
fn describe_parameters(model: &Model) -> String {
    let mut text: Vec<String> = PARAMETER_TABLE
        .iter()
        .map(|info| format!("{}={}", info.name, info.get(&model.parameters)))
        .collect();
    text.push(format!(
        "urine_ref={:.6} (derived), k_1a={:.6} (derived)",
        model.derived.urine_ref_mmol_day, model.derived.k_1a_pg_ml_day_per_ng_ml
    ));
    text.join(", ")
}

/// Length of the vector the integrator carries: the nine states, then six cumulative fluxes
/// (absorbed, faecal and urinary Mg; absorbed, hydroxylated and lost vitamin D).
pub const N_INTEGRATED: usize = N_STATES + N_LEDGER;

/// The right-hand side the integrator sees: state derivatives followed by the ledger's fluxes.
/// Public so that other solvers can be compared on exactly the same system
/// (`examples/solver_comparison.rs`).
///
/// # Panics
/// If `y` or `dy` is shorter than [`N_INTEGRATED`].
pub fn rhs_with_ledger(model: &Model, intake: &Intake, y: &[f64], dy: &mut [f64]) {
    let (rates, f) = model.derivatives(intake, &State::from_slice(y));
    write_rhs(rates, f, dy);
}

/// [`rhs_with_ledger`] for a model known to be current ([`Model::is_current`]).
#[inline]
pub(super) fn rhs_of_current(model: &Model, intake: &Intake, y: &[f64], dy: &mut [f64]) {
    let (rates, f) = model.derivatives_of_current(intake, &State::from_slice(y));
    write_rhs(rates, f, dy);
}

#[inline]
pub(super) fn write_rhs<L: Copy>(rates: State<L>, f: crate::model::Fluxes<L>, dy: &mut [L]) {
    dy[..N_STATES].copy_from_slice(&rates.to_array());
    dy[N_STATES] = f.abs_mg_mg_day;
    dy[N_STATES + 1] = f.transit_mg_mg_day;
    dy[N_STATES + 2] = f.urine_mmol_day;
    dy[N_STATES + 3] = f.absorb_d_ug_day;
    dy[N_STATES + 4] = f.v_2r1_ug_day;
    dy[N_STATES + 5] = f.loss_d3_ug_day;
}

/// Reusable buffers for simulating many subjects one after another.
#[derive(Debug, Default)]
pub struct Workspace {
    events: Vec<DoseEvent>,
    /// Solver settings used by [`Workspace::run`].
    pub settings: SolverSettings,
}

impl Workspace {
    /// A workspace with the given solver settings.
    pub fn new(settings: SolverSettings) -> Self {
        Self {
            events: Vec::new(),
            settings,
        }
    }

    /// Simulates one subject from `start` through `plan`, writing samples into `out` (whose
    /// buffers are reused).
    ///
    /// If a state becomes non-finite or clearly negative at the end of a segment (steps with a
    /// non-finite error estimate are rejected, but an accepted step can still overshoot below
    /// zero), the run is repeated at 100 and then 10,000 times tighter tolerances before the
    /// failure is reported. The retry depends only on the input, so results stay deterministic.
    pub fn run(
        &mut self,
        plan: &RunPlan<'_>,
        start: &State,
        out: &mut Trajectory,
    ) -> Result<(), SimulationError> {
        let mut settings = self.settings;
        let mut retries = 0;
        loop {
            match self.run_with(plan, start, out, settings) {
                Err(SimulationError::NonPhysicalState { .. }) if retries < 2 => {
                    settings = settings.scaled(1e-2);
                    retries += 1;
                }
                result => return result,
            }
        }
    }

    fn run_with(
        &mut self,
        plan: &RunPlan<'_>,
        start: &State,
        out: &mut Trajectory,
        settings: SolverSettings,
    ) -> Result<(), SimulationError> {
        check_plan(plan)?;
        // The inner loop trusts the model's precomputed powers: refresh them once if its
        // parameters were changed in place.
        let refreshed;
        let model = if plan.model.is_current() {
            plan.model
        } else {
            refreshed = Model::with_derived(plan.model.parameters, plan.model.derived);
            &refreshed
        };
        dose_events(
            plan.regimens,
            &model.parameters,
            plan.end_day,
            &mut self.events,
        );
        out.days.clear();
        out.rows.clear();
        out.stats = SolverStats::default();
        out.ledger = Ledger::default();

        let mut intake = plan.intakes.initial;
        let mut evaluations = 0_u64;
        let mut y0 = [0.0; N_INTEGRATED];
        y0[..N_STATES].copy_from_slice(&start.to_array());
        let failure = |day: f64, reason: String| SimulationError::Integration {
            day,
            reason,
            parameters: describe_parameters(model),
        };
        let (rtol, atol) = (settings.rtol, settings.atol);
        let mut dy0 = [0.0; N_INTEGRATED];
        rhs_of_current(model, &intake, &y0, &mut dy0);
        let h0 = {
            let mut rhs = |y: &[f64; N_INTEGRATED], dy: &mut [f64; N_INTEGRATED]| {
                rhs_of_current(model, &intake, y, dy);
            };
            Tsit5::initial_step(&y0, &dy0, rtol, atol, &mut rhs)
        };
        evaluations += 2;
        let mut solver = Tsit5::new(0.0, y0, dy0, h0);

        let changes = &plan.intakes.changes;
        let (mut next_event, mut next_sample, mut next_change) = (0, 0, 0);
        let mut day = 0.0;
        let mut derivative_stale = false;
        loop {
            // Everything that happens at `day`, in order: samples, intake changes, doses.
            let state = State::from_slice(&solver.y);
            while next_sample < plan.sample_days.len() && plan.sample_days[next_sample] <= day {
                out.days.push(plan.sample_days[next_sample]);
                out.rows.push(observe(model, &intake, &state));
                next_sample += 1;
            }
            let mut mutated = std::mem::take(&mut derivative_stale);
            let mut dosed = false;
            while next_change < changes.len() && changes[next_change].0 <= day {
                intake = changes[next_change].1;
                next_change += 1;
                mutated = true;
            }
            while next_event < self.events.len() && self.events[next_event].day <= day {
                let event = self.events[next_event];
                let (index, total) = match event.target {
                    DoseTarget::VitaminDGut => (D3_GUT, &mut out.ledger.d3_dosed_ug),
                    DoseTarget::MagnesiumGut => (MG_GUT, &mut out.ledger.mg_dosed_mg),
                };
                solver.y[index] += event.amount;
                *total += event.amount;
                next_event += 1;
                mutated = true;
                dosed = true;
            }
            if mutated {
                // The first stage of a step is the derivative at its start: after a dose or an
                // intake change it must be recomputed.
                rhs_of_current(model, &intake, &solver.y, &mut solver.dy);
                evaluations += 1;
                // A dose starts a fast transient: begin with a short step rather than the long
                // one the solver had reached. An intake change moves no state, so the step size
                // is left to the error control (daily intakes would otherwise cost a short step
                // every day).
                if dosed {
                    solver.restart(MAX_FIRST_STEP_AFTER_EVENT_DAYS);
                }
            }
            if day >= plan.end_day {
                break;
            }
            let next_day = [
                self.events.get(next_event).map(|e| e.day),
                plan.sample_days.get(next_sample).copied(),
                changes.get(next_change).map(|c| c.0),
                Some(plan.end_day),
            ]
            .into_iter()
            .flatten()
            .fold(f64::INFINITY, f64::min);

            let mut rhs = |y: &[f64; N_INTEGRATED], dy: &mut [f64; N_INTEGRATED]| {
                evaluations += 1;
                rhs_of_current(model, &intake, y, dy);
            };
            let mut steps: u32 = 0;
            loop {
                let reached = solver.step(next_day, rtol, atol, &mut rhs).map_err(
                    |StepFailure::StepTooSmall { step }| {
                        failure(solver.t(), format!("the step size fell to {step:.3e} days"))
                    },
                )?;
                steps += 1;
                if reached {
                    break;
                }
                if steps >= settings.max_steps_per_segment {
                    return Err(failure(
                        solver.t(),
                        format!("{steps} steps between two events without reaching the next one"),
                    ));
                }
            }
            out.stats.segments += 1;
            out.stats.accepted_steps += u64::from(steps);
            let ends_physical = solver.y[..N_STATES]
                .iter()
                .all(|value| *value >= 0.0 && value.is_finite());
            if !ends_physical {
                derivative_stale = project_non_negative(model, next_day, &mut solver.y, settings)?;
            }
            out.ledger.mg_diet_mg += intake.magnesium_mg_per_day * (next_day - day);
            out.ledger.d3_background_ug +=
                intake.vitamin_d_iu_per_day * UG_PER_IU * (next_day - day);
            day = next_day;
        }

        let y = &solver.y;
        out.final_state = State::from_slice(y);
        out.ledger.mg_absorbed_mg = y[N_STATES];
        out.ledger.mg_faecal_mg = y[N_STATES + 1];
        out.ledger.mg_urine_mmol = y[N_STATES + 2];
        out.ledger.d3_absorbed_ug = y[N_STATES + 3];
        out.ledger.d3_hydroxylated_ug = y[N_STATES + 4];
        out.ledger.d3_lost_ug = y[N_STATES + 5];
        out.stats.rejected_steps = solver.rejected();
        out.stats.rhs_evaluations = evaluations;
        Ok(())
    }
}

/// Checks the parts of a plan that the simulator relies on.
pub(super) fn check_plan(plan: &RunPlan<'_>) -> Result<(), SimulationError> {
    if !(plan.end_day.is_finite() && plan.end_day >= 0.0) {
        return Err(SimulationError::InvalidPlan(
            "end_day must be finite and >= 0",
        ));
    }
    if plan.sample_days.windows(2).any(|w| w[0] > w[1])
        || plan
            .sample_days
            .iter()
            .any(|d| !(0.0..=plan.end_day).contains(d))
    {
        return Err(SimulationError::InvalidPlan(
            "sample days must be sorted and within 0..=end_day",
        ));
    }
    Ok(())
}

/// Errors if a state is non-finite or clearly negative, and sets rounding-level negative values
/// (a state decaying towards zero, within a thousand times the absolute tolerance) to exactly
/// zero. Returns whether it changed the state, so that the caller recomputes the derivative.
fn project_non_negative(
    model: &Model,
    day: f64,
    y: &mut [f64; N_INTEGRATED],
    settings: SolverSettings,
) -> Result<bool, SimulationError> {
    let mut projected = false;
    for (i, name) in State::NAMES.iter().enumerate() {
        let value = y[i];
        if !value.is_finite() || value < -1e3 * settings.atol {
            return Err(SimulationError::NonPhysicalState {
                day,
                state: name,
                value,
                parameters: describe_parameters(model),
            });
        }
        if value < 0.0 {
            y[i] = 0.0;
            projected = true;
        }
    }
    Ok(projected)
}

impl Ledger {
    /// Mg that entered the gut minus Mg that left it and Mg in it now, mg (zero when balanced).
    pub fn gut_mg_imbalance(&self, start: &State, end: &State) -> f64 {
        self.mg_diet_mg + self.mg_dosed_mg
            - self.mg_absorbed_mg
            - self.mg_faecal_mg
            - (end.mg_gut_mg - start.mg_gut_mg)
    }

    /// Absorbed Mg minus the change in the three body pools and urinary loss, mmol.
    pub fn body_mg_imbalance_mmol(&self, start: &State, end: &State) -> f64 {
        let pools = |s: &State| s.mg_ecf_mmol + s.mg_tissue_mmol + s.mg_bone_mmol;
        self.mg_absorbed_mg / MG_PER_MMOL - (pools(end) - pools(start)) - self.mg_urine_mmol
    }

    /// Vitamin D in (background + doses) minus hydroxylated, lost and change in gut and body, µg.
    pub fn vitamin_d_imbalance_ug(&self, start: &State, end: &State) -> f64 {
        let pools = |s: &State| s.d3_gut_ug + s.d3_body_ug;
        self.d3_background_ug + self.d3_dosed_ug
            - self.d3_hydroxylated_ug
            - self.d3_lost_ug
            - (pools(end) - pools(start))
    }
}
