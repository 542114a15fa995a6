//! Up to [`BATCH_LANES`] subjects of one arm simulated in lockstep, one per lane of
//! [`BatchLane`]: one integrator ([`Tsit5`] over `[BatchLane; N_INTEGRATED]`) with one step size
//! for the batch, the right-hand side of [`ModelLanes`], and the event walk of [`Workspace::run`]
//! (samples, then intake changes, then doses) at times shared by the lanes; dose amounts, intakes
//! and ledgers are per lane.
//!
//! The cohort simulates every arm this way (`cohort::simulate_subjects`). Each lane's error is
//! held to the tolerance, so each subject is integrated at least as accurately as alone; but the
//! step sizes follow the most demanding lane, so a subject's values differ from its run alone, and
//! from its run beside other subjects, within the tolerance (about 1e-6 relative; up to a few
//! 1e-5 for urinary Mg, which goes as serum Mg to the 4th power). A batch of one also differs
//! from [`Workspace::run`] in the last bits, since the lanes' `exp` and `ln` are not libm's.
//!
//! When the lockstep run fails (a step size collapses, or a lane's state leaves the physical
//! range), every subject of the batch is rerun alone with [`Workspace::run`] and its retries at
//! tighter tolerances, not only the failing one: failures are rare, and this keeps the rule
//! simple and deterministic. A consequence worth knowing: a subject that would fail alone can
//! succeed in a batch whose other lanes force shorter steps.
//!
//! The [`SolverStats`](super::SolverStats) of a batched run are the batch's: every subject of a
//! batch reports the same segments and steps, and `rhs_evaluations` counts evaluations of all
//! lanes at once. The per-lane dose lists are allocated per batch rather than kept in the
//! workspace (a few hundred bytes against thousands of steps).

use super::observables::observe;
use super::regimen::{DoseEvent, DoseTarget, dose_events};
use super::solver::{
    D3_GUT, Ledger, MAX_FIRST_STEP_AFTER_EVENT_DAYS, MG_GUT, N_INTEGRATED, RunPlan,
    SimulationError, SolverSettings, Trajectory, Workspace, check_plan, rhs_of_current, write_rhs,
};
use super::tsit5::Tsit5;
use crate::model::{Intake, Lane, Model, ModelLanes, N_STATES, State, UG_PER_IU};

/// The number type of a batch, one subject per lane: `wide::f64x4` (four subjects) or
/// `wide::f64x8` (eight). Changing it here changes [`BATCH_LANES`] and everything batched with it.
///
/// Eight lanes took about 20% less simulation time than four for 10,000 subject-years of
/// `bench_year.toml` on the project's machine (AMD EPYC, Zen 4), with the same accepted steps to
/// 0.02%, and about as much without AVX-512 (`f64x8` as two 256-bit halves): the gain is mostly
/// two independent halves in flight and the integrator's per-step work shared by more subjects
/// (`docs/performance.md`).
pub type BatchLane = wide::f64x8;

/// Subjects per batch: the lanes of [`BatchLane`].
pub const BATCH_LANES: usize = <BatchLane as Lane>::LANES;

impl Workspace {
    /// Simulates up to [`BATCH_LANES`] subjects of the same arm together, subject `i` from
    /// `starts[i]` through `plans[i]` into `outs[i]`; returns each subject's result.
    ///
    /// The plans must share their sample days, end day, intake-change days and dose days and
    /// targets (amounts, intakes and models may differ). When they do not, or when the lockstep
    /// run fails (a step size collapses, or a lane's state leaves the physical range), every
    /// subject is simulated alone with [`Workspace::run`], whose retries then decide.
    ///
    /// # Panics
    /// If `plans` is empty or longer than [`BATCH_LANES`], or `starts` or `outs` differ from it in
    /// length (programming errors).
    pub fn run_batch(
        &mut self,
        plans: &[RunPlan<'_>],
        starts: &[State],
        outs: &mut [Trajectory],
    ) -> Vec<Result<(), SimulationError>> {
        assert!((1..=BATCH_LANES).contains(&plans.len()));
        assert!(starts.len() == plans.len() && outs.len() == plans.len());
        if plans.iter().all(|plan| check_plan(plan).is_ok())
            && self.lockstep(plans, starts, outs, self.settings).is_some()
        {
            return plans.iter().map(|_| Ok(())).collect();
        }
        plans
            .iter()
            .zip(starts)
            .zip(outs.iter_mut())
            .map(|((plan, start), out)| self.run(plan, start, out))
            .collect()
    }

    /// The lockstep run; `None` when the plans do not share their times or the run fails.
    fn lockstep(
        &mut self,
        plans: &[RunPlan<'_>],
        starts: &[State],
        outs: &mut [Trajectory],
        settings: SolverSettings,
    ) -> Option<()> {
        let n = plans.len();
        // Unused lanes repeat the last subject; their results are dropped.
        let subject = |lane: usize| lane.min(n - 1);
        let models: [Model; BATCH_LANES] = std::array::from_fn(|lane| {
            let model = plans[subject(lane)].model;
            Model::with_derived(model.parameters, model.derived)
        });
        let model_lanes = ModelLanes::<BatchLane>::gather(&models);
        let plan = &plans[0];
        let events: [Vec<DoseEvent>; BATCH_LANES] = std::array::from_fn(|lane| {
            let mut events = Vec::new();
            let plan = &plans[subject(lane)];
            dose_events(
                plan.regimens,
                &models[lane].parameters,
                plan.end_day,
                &mut events,
            );
            events
        });
        let same_times = plans.iter().all(|other| {
            other.end_day == plan.end_day
                && other.sample_days == plan.sample_days
                && other.intakes.changes.len() == plan.intakes.changes.len()
                && other
                    .intakes
                    .changes
                    .iter()
                    .zip(&plan.intakes.changes)
                    .all(|(a, b)| a.0 == b.0)
        });
        let same_events = events.iter().all(|lane| {
            lane.len() == events[0].len()
                && lane
                    .iter()
                    .zip(&events[0])
                    .all(|(a, b)| a.day == b.day && a.target == b.target)
        });
        if !(same_times && same_events) {
            return None;
        }

        let mut intakes: [Intake; BATCH_LANES] =
            std::array::from_fn(|lane| plans[subject(lane)].intakes.initial);
        let lanes_of = |intakes: &[Intake; BATCH_LANES]| Intake {
            vitamin_d_iu_per_day: BatchLane::gather(|lane| intakes[lane].vitamin_d_iu_per_day),
            magnesium_mg_per_day: BatchLane::gather(|lane| intakes[lane].magnesium_mg_per_day),
        };
        let mut intake = lanes_of(&intakes);
        let rhs = |intake: &Intake<BatchLane>,
                   y: &[BatchLane; N_INTEGRATED],
                   dy: &mut [BatchLane; N_INTEGRATED]| {
            let (rates, fluxes) =
                model_lanes.derivatives(intake, &State::from_slice(&y[..N_STATES]));
            write_rhs(rates, fluxes, dy);
        };
        let (rtol, atol) = (settings.rtol, settings.atol);

        // The first step: the shortest of the lanes' own first steps.
        let mut y0 = [BatchLane::ZERO; N_INTEGRATED];
        for (k, value) in y0.iter_mut().enumerate().take(N_STATES) {
            *value = BatchLane::gather(|lane| starts[subject(lane)].to_array()[k]);
        }
        let h0 = (0..BATCH_LANES)
            .map(|lane| {
                let y: [f64; N_INTEGRATED] = std::array::from_fn(|k| y0[k].lane(lane));
                let mut dy = [0.0; N_INTEGRATED];
                rhs_of_current(&models[lane], &intakes[lane], &y, &mut dy);
                let mut scalar_rhs = |y: &[f64; N_INTEGRATED], dy: &mut [f64; N_INTEGRATED]| {
                    rhs_of_current(&models[lane], &intakes[lane], y, dy);
                };
                Tsit5::initial_step(&y, &dy, rtol, atol, &mut scalar_rhs)
            })
            .fold(f64::INFINITY, f64::min);
        let mut dy0 = [BatchLane::ZERO; N_INTEGRATED];
        rhs(&intake, &y0, &mut dy0);
        let mut evaluations = 2_u64;
        let mut solver = Tsit5::new(0.0, y0, dy0, h0);

        for out in outs.iter_mut() {
            out.days.clear();
            out.rows.clear();
            out.stats = Default::default();
            out.ledger = Ledger::default();
        }
        let mut ledgers = [Ledger::default(); BATCH_LANES];
        let changes = &plan.intakes.changes;
        let (mut next_event, mut next_sample, mut next_change) = (0, 0, 0);
        let mut day = 0.0;
        let mut derivative_stale = false;
        let (mut segments, mut accepted) = (0_u64, 0_u64);
        loop {
            while next_sample < plan.sample_days.len() && plan.sample_days[next_sample] <= day {
                for (i, out) in outs.iter_mut().enumerate() {
                    let y: [f64; N_STATES] = std::array::from_fn(|k| solver.y[k].lane(i));
                    out.days.push(plan.sample_days[next_sample]);
                    out.rows
                        .push(observe(&models[i], &intakes[i], &State::from_slice(&y)));
                }
                next_sample += 1;
            }
            let mut mutated = std::mem::take(&mut derivative_stale);
            let mut dosed = false;
            while next_change < changes.len() && changes[next_change].0 <= day {
                intakes =
                    std::array::from_fn(|lane| plans[subject(lane)].intakes.changes[next_change].1);
                intake = lanes_of(&intakes);
                next_change += 1;
                mutated = true;
            }
            while next_event < events[0].len() && events[0][next_event].day <= day {
                let index = match events[0][next_event].target {
                    DoseTarget::VitaminDGut => D3_GUT,
                    DoseTarget::MagnesiumGut => MG_GUT,
                };
                let mut values = solver.y[index].to_array();
                for (lane, value) in values.iter_mut().enumerate() {
                    let amount = events[lane][next_event].amount;
                    *value += amount;
                    let ledger = &mut ledgers[lane];
                    match index {
                        D3_GUT => ledger.d3_dosed_ug += amount,
                        _ => ledger.mg_dosed_mg += amount,
                    }
                }
                solver.y[index] = BatchLane::new(values);
                next_event += 1;
                mutated = true;
                dosed = true;
            }
            if mutated {
                rhs(&intake, &solver.y, &mut solver.dy);
                evaluations += 1;
                // Only a dose starts a fast transient (see `Workspace::run_with`).
                if dosed {
                    solver.restart(MAX_FIRST_STEP_AFTER_EVENT_DAYS);
                }
            }
            if day >= plan.end_day {
                break;
            }
            let next_day = [
                events[0].get(next_event).map(|e| e.day),
                plan.sample_days.get(next_sample).copied(),
                changes.get(next_change).map(|c| c.0),
                Some(plan.end_day),
            ]
            .into_iter()
            .flatten()
            .fold(f64::INFINITY, f64::min);

            let mut counted_rhs =
                |y: &[BatchLane; N_INTEGRATED], dy: &mut [BatchLane; N_INTEGRATED]| {
                    evaluations += 1;
                    rhs(&intake, y, dy);
                };
            let mut steps: u32 = 0;
            while !solver.step(next_day, rtol, atol, &mut counted_rhs).ok()? {
                steps += 1;
                if steps >= settings.max_steps_per_segment {
                    return None;
                }
            }
            segments += 1;
            accepted += u64::from(steps) + 1;
            // Rounding-level negatives become zero, as in the scalar run; anything worse fails.
            for value in solver.y.iter_mut().take(N_STATES) {
                let mut lanes = value.to_array();
                for v in lanes.iter_mut() {
                    if !v.is_finite() || *v < -1e3 * atol {
                        return None;
                    }
                    if *v < 0.0 {
                        *v = 0.0;
                        derivative_stale = true;
                    }
                }
                *value = BatchLane::new(lanes);
            }
            for (ledger, intake) in ledgers.iter_mut().zip(&intakes) {
                ledger.mg_diet_mg += intake.magnesium_mg_per_day * (next_day - day);
                ledger.d3_background_ug +=
                    intake.vitamin_d_iu_per_day * UG_PER_IU * (next_day - day);
            }
            day = next_day;
        }

        for (i, out) in outs.iter_mut().enumerate() {
            let y: [f64; N_INTEGRATED] = std::array::from_fn(|k| solver.y[k].lane(i));
            out.final_state = State::from_slice(&y);
            out.ledger = Ledger {
                mg_absorbed_mg: y[N_STATES],
                mg_faecal_mg: y[N_STATES + 1],
                mg_urine_mmol: y[N_STATES + 2],
                d3_absorbed_ug: y[N_STATES + 3],
                d3_hydroxylated_ug: y[N_STATES + 4],
                d3_lost_ug: y[N_STATES + 5],
                ..ledgers[i]
            };
            out.stats.segments = segments;
            out.stats.accepted_steps = accepted;
            out.stats.rejected_steps = solver.rejected;
            out.stats.rhs_evaluations = evaluations;
        }
        Some(())
    }
}
