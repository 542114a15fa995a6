//! From a checked scenario to simulated subjects: covariates, each subject's model and steady
//! state, and one run per subject and arm, in parallel with results in a fixed order.
//!
//! Every subject is simulated under every arm (the counterfactual design): the same person, with
//! and without the intervention. Results never depend on the number of threads.

use crate::model::{DerivationError, Intake, Model};
use crate::scenario::{Arm, Scenario};
use crate::simulate::{
    IntakeSchedule, Ledger, RunPlan, SimulationError, SteadyStateError, SteadyStateMethod,
    Trajectory, Workspace, steady_state,
};
use rayon::prelude::*;

/// One subject's covariates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Covariates {
    /// Vitamin D input from diet and skin, IU/day.
    pub vitamin_d_input_iu_per_day: f64,
    /// Dietary magnesium, mg/day.
    pub mg_intake_mg_per_day: f64,
    /// Dietary calcium, mg/day.
    pub ca_intake_mg_per_day: f64,
    /// Body weight, kg.
    pub body_weight_kg: f64,
    /// Kidney function as a multiplier on urinary Mg handling.
    pub kidney_mg_factor: f64,
}

impl Covariates {
    /// Column names, in the order of [`Covariates::values`].
    pub const NAMES: [&'static str; 5] = [
        "vitamin_d_input_iu_per_day",
        "mg_intake_mg_per_day",
        "ca_intake_mg_per_day",
        "body_weight_kg",
        "kidney_mg_factor",
    ];

    /// Values in the order of [`Covariates::NAMES`].
    pub fn values(&self) -> [f64; 5] {
        [
            self.vitamin_d_input_iu_per_day,
            self.mg_intake_mg_per_day,
            self.ca_intake_mg_per_day,
            self.body_weight_kg,
            self.kidney_mg_factor,
        ]
    }

    /// The background intake these covariates imply.
    pub fn intake(&self) -> Intake {
        Intake {
            vitamin_d_iu_per_day: self.vitamin_d_input_iu_per_day,
            magnesium_mg_per_day: self.mg_intake_mg_per_day,
        }
    }
}

/// One subject under one arm.
#[derive(Debug, Clone, PartialEq)]
pub struct SubjectRun {
    /// Subject number, from 1.
    pub subject: usize,
    /// Index of the arm in the scenario.
    pub arm: usize,
    /// The subject's covariates.
    pub covariates: Covariates,
    /// How the starting steady state was found.
    pub start_method: SteadyStateMethod,
    /// Sampled observables.
    pub trajectory: Trajectory,
}

impl SubjectRun {
    /// Cumulative amounts over the run.
    pub fn ledger(&self) -> &Ledger {
        &self.trajectory.ledger
    }
}

/// Everything simulated for a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct CohortResults {
    /// One entry per subject and arm, ordered by subject then arm.
    pub runs: Vec<SubjectRun>,
    /// Number of subjects.
    pub subjects: usize,
}

impl CohortResults {
    /// Runs of one arm, in subject order.
    pub fn arm(&self, arm: usize) -> impl Iterator<Item = &SubjectRun> {
        self.runs.iter().filter(move |run| run.arm == arm)
    }

    /// Number of subjects whose starting state needed a burn-in.
    pub fn burn_in_starts(&self) -> usize {
        self.runs
            .iter()
            .filter(|run| {
                run.arm == 0 && matches!(run.start_method, SteadyStateMethod::BurnIn { .. })
            })
            .count()
    }
}

/// A subject that could not be simulated.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CohortError {
    /// The subject's parameters have no reference state.
    #[error("subject {subject}: {source}")]
    Model {
        /// Subject number.
        subject: usize,
        /// Why.
        source: DerivationError,
    },
    /// No steady state for the subject's intake.
    #[error("subject {subject}: {source}")]
    SteadyState {
        /// Subject number.
        subject: usize,
        /// Why.
        source: SteadyStateError,
    },
    /// The integrator failed.
    #[error("subject {subject}, arm `{arm}`: {source}")]
    Simulation {
        /// Subject number.
        subject: usize,
        /// Arm name.
        arm: String,
        /// Why.
        source: SimulationError,
    },
}

/// The covariates of subject `index` (0-based). Without variability every subject is alike.
pub fn covariates(scenario: &Scenario, _index: usize) -> Covariates {
    let p = &scenario.population;
    Covariates {
        vitamin_d_input_iu_per_day: p.vitamin_d_input_iu_per_day,
        mg_intake_mg_per_day: p.mg_intake_mg_per_day,
        ca_intake_mg_per_day: p.ca_intake_mg_per_day,
        body_weight_kg: p.body_weight_kg,
        kidney_mg_factor: p.kidney_mg_factor,
    }
}

/// Background intakes of an arm for a subject: the subject's intake, changed on the arm's days.
fn intake_schedule(covariates: &Covariates, arm: &Arm) -> IntakeSchedule {
    let mut current = covariates.intake();
    let changes = arm
        .intake_changes
        .iter()
        .map(|change| {
            if let Some(v) = change.vitamin_d_input_iu_per_day {
                current.vitamin_d_iu_per_day = v;
            }
            if let Some(m) = change.mg_intake_mg_per_day {
                current.magnesium_mg_per_day = m;
            }
            (change.day, current)
        })
        .collect();
    IntakeSchedule {
        initial: covariates.intake(),
        changes,
    }
}

/// Simulates one subject under every arm.
fn simulate_subject(
    scenario: &Scenario,
    index: usize,
    workspace: &mut Workspace,
) -> Result<Vec<SubjectRun>, CohortError> {
    let subject = index + 1;
    let covariates = covariates(scenario, index);
    let mut parameters = scenario.parameters;
    parameters.renal_mg_factor *= covariates.kidney_mg_factor;
    let typical =
        Model::new(scenario.parameters).map_err(|source| CohortError::Model { subject, source })?;
    let model = Model::with_derived(parameters, typical.derived);
    let start = steady_state(&model, &covariates.intake(), workspace)
        .map_err(|source| CohortError::SteadyState { subject, source })?;
    scenario
        .arms
        .iter()
        .enumerate()
        .map(|(arm_index, arm)| {
            let intakes = intake_schedule(&covariates, arm);
            let plan = RunPlan {
                model: &model,
                intakes: &intakes,
                regimens: &arm.regimens,
                sample_days: &scenario.sample_days,
                end_day: scenario.duration_days,
            };
            let mut trajectory = Trajectory::default();
            workspace
                .run(&plan, &start.state, &mut trajectory)
                .map_err(|source| CohortError::Simulation {
                    subject,
                    arm: arm.name.clone(),
                    source,
                })?;
            Ok(SubjectRun {
                subject,
                arm: arm_index,
                covariates,
                start_method: start.method,
                trajectory,
            })
        })
        .collect()
}

/// Simulates every subject of a scenario under every arm, in parallel on the current rayon pool.
/// `progress` is called after each subject (from worker threads).
pub fn simulate(
    scenario: &Scenario,
    progress: &(dyn Fn() + Sync),
) -> Result<CohortResults, CohortError> {
    let subjects = scenario.population.subjects;
    let per_subject: Vec<Vec<SubjectRun>> = (0..subjects)
        .into_par_iter()
        .map_init(
            || Workspace::new(scenario.solver),
            |workspace, index| {
                let runs = simulate_subject(scenario, index, workspace);
                progress();
                runs
            },
        )
        .collect::<Result<_, _>>()?;
    Ok(CohortResults {
        runs: per_subject.into_iter().flatten().collect(),
        subjects,
    })
}
