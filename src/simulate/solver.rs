//! The event-driven simulator: integrates one subject through its regimen with an adaptive
//! Dormand–Prince 5(4) method (the `ode_solvers` crate), stopping exactly at every dose, sample
//! and intake change.
//!
//! At a time where several things happen, the order is: **sample first** (a sample on a dosing day
//! is a pre-dose trough), then intake changes, then every dose of that time.
//!
//! Besides the nine model states the integrator carries a small [`Ledger`] of cumulative fluxes
//! (absorbed, faecal and urinary Mg, absorbed and hydroxylated vitamin D), so that mass balance
//! can be checked and reported without a second pass.
//!
//! All buffers live in a [`Workspace`] that is reused from subject to subject: the per-subject
//! cost is the integration itself.

use super::observables::{ObservableRow, observe};
use super::regimen::{DoseEvent, DoseTarget, IntakeSchedule, Regimen, dose_events};
use crate::model::{Intake, MG_PER_MMOL, Model, N_STATES, PARAMETER_TABLE, State, UG_PER_IU};
use nalgebra::SVector;
use ode_solvers::dop_shared::{IntegrationError, OutputType};
use ode_solvers::{Dopri5, System};

/// Number of cumulative-flux entries integrated beside the states.
const N_LEDGER: usize = 6;
/// Length of the integrated vector: the states, then the ledger.
const N_INTEGRATED: usize = N_STATES + N_LEDGER;
type Integrated = SVector<f64, N_INTEGRATED>;

/// Error tolerances and limits of the integrator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SolverSettings {
    /// Relative tolerance of the local error estimate.
    pub rtol: f64,
    /// Absolute tolerance of the local error estimate (in each state's own unit).
    pub atol: f64,
    /// Most steps allowed between two events before the run is declared failed.
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

/// Work counters of the integrator.
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

/// The right-hand side seen by the integrator: the model under a constant intake, plus the ledger.
struct Segment<'a> {
    model: &'a Model,
    intake: Intake,
}

impl System<f64, Integrated> for Segment<'_> {
    fn system(&self, _day: f64, y: &Integrated, dy: &mut Integrated) {
        let state = State::from_slice(y.as_slice());
        let (rates, f) = self.model.derivatives(&self.intake, &state);
        dy.fixed_rows_mut::<N_STATES>(0)
            .copy_from(&rates.to_vector());
        dy[N_STATES] = f.abs_mg_mg_day;
        dy[N_STATES + 1] = f.transit_mg_mg_day;
        dy[N_STATES + 2] = f.urine_mmol_day;
        dy[N_STATES + 3] = f.absorb_d_ug_day;
        dy[N_STATES + 4] = f.v_2r1_ug_day;
        dy[N_STATES + 5] = f.loss_d3_ug_day;
    }
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
    pub fn run(
        &mut self,
        plan: &RunPlan<'_>,
        start: &State,
        out: &mut Trajectory,
    ) -> Result<(), SimulationError> {
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
        let model = plan.model;
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

        let mut y = Integrated::zeros();
        y.fixed_rows_mut::<N_STATES>(0)
            .copy_from(&start.to_vector());
        let changes = &plan.intakes.changes;
        let mut intake = plan.intakes.initial;
        let (mut next_event, mut next_sample, mut next_change) = (0, 0, 0);
        let mut day = 0.0;
        loop {
            // Everything that happens at `day`, in order: samples, intake changes, doses.
            while next_sample < plan.sample_days.len() && plan.sample_days[next_sample] <= day {
                let state = State::from_slice(y.as_slice());
                out.days.push(plan.sample_days[next_sample]);
                out.rows.push(observe(model, &intake, &state));
                next_sample += 1;
            }
            while next_change < changes.len() && changes[next_change].0 <= day {
                intake = changes[next_change].1;
                next_change += 1;
            }
            while next_event < self.events.len() && self.events[next_event].day <= day {
                let event = self.events[next_event];
                match event.target {
                    DoseTarget::VitaminDGut => {
                        y[0] += event.amount;
                        out.ledger.d3_dosed_ug += event.amount;
                    }
                    DoseTarget::MagnesiumGut => {
                        y[5] += event.amount;
                        out.ledger.mg_dosed_mg += event.amount;
                    }
                }
                next_event += 1;
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

            y = self.integrate(model, intake, day, next_day, y, &mut out.stats)?;
            out.ledger.mg_diet_mg += intake.magnesium_mg_per_day * (next_day - day);
            out.ledger.d3_background_ug +=
                intake.vitamin_d_iu_per_day * UG_PER_IU * (next_day - day);
            day = next_day;
        }

        out.final_state = State::from_slice(y.as_slice());
        out.ledger.mg_absorbed_mg = y[N_STATES];
        out.ledger.mg_faecal_mg = y[N_STATES + 1];
        out.ledger.mg_urine_mmol = y[N_STATES + 2];
        out.ledger.d3_absorbed_ug = y[N_STATES + 3];
        out.ledger.d3_hydroxylated_ug = y[N_STATES + 4];
        out.ledger.d3_lost_ug = y[N_STATES + 5];
        Ok(())
    }

    /// Integrates from `from` to `to` under a constant intake.
    fn integrate(
        &self,
        model: &Model,
        intake: Intake,
        from: f64,
        to: f64,
        y: Integrated,
        stats: &mut SolverStats,
    ) -> Result<Integrated, SimulationError> {
        let settings = self.settings;
        let mut stepper = Dopri5::from_param(
            Segment { model, intake },
            from,
            to,
            to - from,
            y,
            settings.rtol,
            settings.atol,
            0.9,
            0.04,
            0.2,
            10.0,
            to - from,
            0.0,
            settings.max_steps_per_segment,
            u32::MAX,
            // Sparse output keeps the exact end of every accepted step. (Dense output with one
            // output interval per segment returns an extrapolated end point in ode_solvers 0.6.2.)
            OutputType::Sparse,
        );
        let result = stepper.integrate().map_err(|error| {
            let (day, reason) = match error {
                IntegrationError::MaxNumStepReached { x, n_step } => {
                    (x, format!("more than {n_step} steps between two events"))
                }
                IntegrationError::StepSizeUnderflow { x } => (x, "step size underflow".into()),
                IntegrationError::StiffnessDetected { x } => (x, "the problem became stiff".into()),
            };
            SimulationError::Integration {
                day,
                reason,
                parameters: describe_parameters(model),
            }
        })?;
        stats.segments += 1;
        stats.accepted_steps += u64::from(result.accepted_steps);
        stats.rejected_steps += u64::from(result.rejected_steps);
        stats.rhs_evaluations += u64::from(result.num_eval);
        let end = *stepper.y_out().last().ok_or(SimulationError::InvalidPlan(
            "integrator produced no output",
        ))?;
        for (i, name) in State::NAMES.iter().enumerate() {
            let value = end[i];
            // Tiny negative values are rounding in a state decaying to zero; anything larger is
            // a numerical failure.
            let tolerance = 1e3 * settings.atol;
            if !value.is_finite() || value < -tolerance {
                return Err(SimulationError::NonPhysicalState {
                    day: to,
                    state: name,
                    value,
                    parameters: describe_parameters(model),
                });
            }
        }
        Ok(end)
    }
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
