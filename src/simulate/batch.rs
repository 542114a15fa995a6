//! Up to [`BATCH_LANES`] subjects of one arm simulated side by side, one per lane of
//! [`BatchLane`]: one integrator ([`Tsit5`] over `[BatchLane; N_INTEGRATED]`) whose lanes each
//! keep their own clock (time, step size, error test, restarts: [`Tsit5::step_lanes`]), the
//! right-hand side of [`ModelLanes`], and the event walk of [`Workspace::run`] (samples, then
//! intake changes, then doses) at times shared by the lanes; dose amounts, intakes and ledgers
//! are per lane. At each event time the lanes that arrive first wait for the others.
//!
//! The cohort simulates every arm this way (`cohort::simulate_subjects`). A subject's results
//! depend on nothing but the subject: not on which subjects share its batch nor on its place in
//! it, so the first N subjects of a larger cohort are the same bits as a cohort of N. A batch of
//! one differs from [`Workspace::run`] in the last bits, since the lanes' `exp` and `ln` are not
//! libm's (and they multiply by reciprocals of constants where the scalar path divides); now and then such a difference tips a step-size decision, and the two then differ
//! within the tolerance.
//!
//! A lane fails when its step size collapses, it needs more attempts than a segment allows, or its
//! state leaves the physical range. It then takes no more steps, the other lanes carry on, and
//! the failed subject is run alone with [`Workspace::run`], whose retries at tighter tolerances
//! decide. Plans that do not share their event times are all run alone.
//!
//! In the [`SolverStats`](super::SolverStats) of a batched run the steps are the subject's own,
//! and `rhs_evaluations` counts the batch's evaluations, in which every lane takes part. The
//! per-lane dose lists are allocated per batch rather than kept in the workspace (a few hundred
//! bytes against thousands of steps).

use super::observables::observe;
use super::regimen::{DoseEvent, DoseTarget, dose_events};
use super::solver::{
    D3_GUT, Ledger, MAX_FIRST_STEP_AFTER_EVENT_DAYS, MG_GUT, N_INTEGRATED, RunPlan,
    SimulationError, SolverSettings, Trajectory, Workspace, check_plan, rhs_of_current, write_rhs,
};
use super::tsit5::{LaneClocks, Tsit5};
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

// The per-lane arrays of the integrator and the exponents are sized for at most this many.
const _: () = assert!(BATCH_LANES <= crate::model::lane::MAX_LANES);

impl Workspace {
    /// Simulates up to [`BATCH_LANES`] subjects of the same arm together, subject `i` from
    /// `starts[i]` through `plans[i]` into `outs[i]`; returns each subject's result.
    ///
    /// The plans must share their sample days, end day, intake-change days and dose days and
    /// targets (amounts, intakes and models may differ); when they do not, every subject is
    /// simulated alone with [`Workspace::run`]. A subject whose lane fails is simulated alone,
    /// and [`Workspace::run`]'s retries then decide; the others keep their results.
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
        let failed = if plans.iter().all(|plan| check_plan(plan).is_ok()) {
            self.side_by_side(plans, starts, outs, self.settings)
        } else {
            None
        };
        let failed = failed.unwrap_or([true; BATCH_LANES]);
        plans
            .iter()
            .zip(starts)
            .zip(outs.iter_mut())
            .zip(failed)
            .map(|(((plan, start), out), failed)| {
                if failed {
                    self.run(plan, start, out)
                } else {
                    Ok(())
                }
            })
            .collect()
    }

    /// The batch run, each lane on its own clock; `None` when the plans do not share their
    /// times, otherwise which lanes failed (their trajectories are not meaningful).
    fn side_by_side(
        &mut self,
        plans: &[RunPlan<'_>],
        starts: &[State],
        outs: &mut [Trajectory],
        settings: SolverSettings,
    ) -> Option<[bool; BATCH_LANES]> {
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

        // Each lane starts with its own first step and keeps its own clock.
        let mut y0 = [BatchLane::ZERO; N_INTEGRATED];
        for (k, value) in y0.iter_mut().enumerate().take(N_STATES) {
            *value = BatchLane::gather(|lane| starts[subject(lane)].to_array()[k]);
        }
        let mut clocks = LaneClocks::new(0.0, |lane| {
            let y: [f64; N_INTEGRATED] = std::array::from_fn(|k| y0[k].lane(lane));
            let mut dy = [0.0; N_INTEGRATED];
            rhs_of_current(&models[lane], &intakes[lane], &y, &mut dy);
            let mut scalar_rhs = |y: &[f64; N_INTEGRATED], dy: &mut [f64; N_INTEGRATED]| {
                rhs_of_current(&models[lane], &intakes[lane], y, dy);
            };
            Tsit5::initial_step(&y, &dy, rtol, atol, &mut scalar_rhs)
        });
        let mut dy0 = [BatchLane::ZERO; N_INTEGRATED];
        rhs(&intake, &y0, &mut dy0);
        let mut evaluations = 2_u64;
        let mut solver = Tsit5::new(0.0, y0, dy0, f64::NAN);

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
        let mut segments = 0_u64;
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
                    clocks.restart(MAX_FIRST_STEP_AFTER_EVENT_DAYS);
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
            let mut attempts: u32 = 0;
            while !solver.step_lanes(&mut clocks, next_day, rtol, atol, &mut counted_rhs) {
                attempts += 1;
                if attempts >= settings.max_steps_per_segment {
                    for lane in 0..BATCH_LANES {
                        if clocks.is_short_of(lane, next_day) {
                            clocks.fail(lane);
                        }
                    }
                    break;
                }
            }
            segments += 1;
            // Rounding-level negatives become zero, as in the scalar run; anything worse fails
            // the lane.
            for value in solver.y.iter_mut().take(N_STATES) {
                let mut lanes = value.to_array();
                for (lane, v) in lanes.iter_mut().enumerate() {
                    if clocks.failed[lane] {
                        continue;
                    }
                    if !v.is_finite() || *v < -1e3 * atol {
                        clocks.fail(lane);
                    } else if *v < 0.0 {
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
            out.stats.accepted_steps = clocks.clocks[i].accepted;
            out.stats.rejected_steps = clocks.clocks[i].rejected;
            out.stats.rhs_evaluations = evaluations;
        }
        let mut failed = [false; BATCH_LANES];
        failed.copy_from_slice(&clocks.failed[..BATCH_LANES]);
        Some(failed)
    }
}
