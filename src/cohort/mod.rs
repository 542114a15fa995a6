//! From a checked scenario to simulated subjects: draw candidates, enrol those who meet the
//! inclusion criteria, allocate them to arms, and simulate each subject under its arm(s).
//!
//! Reproducibility: candidate `k` is always drawn from its own random streams (seed, k), and
//! candidates are enrolled in order, so the first N subjects of a larger cohort are the same
//! people, and results are bit-identical whatever the number of threads (work is spread with
//! rayon; results are gathered in subject order).
//!
//! Speed: each arm's runs are integrated eight at a time, one subject per SIMD lane, each lane
//! with its own step sizes ([`crate::simulate::batch`]). A subject's results therefore do not
//! depend on which subjects share its batch: the first N subjects of a larger cohort get the same
//! results to the bit.

pub mod allocation;
pub mod draw;
pub mod estimate;
pub mod measurement;
pub mod variation;

pub use draw::{Covariates, Draw, Purpose, stream};

use crate::model::State;
use crate::model::{DerivationError, DerivedConstants, Model, Parameters};
use crate::scenario::{Covariate, Design, DoseBasis, Scenario, StratifyBy};
use crate::simulate::batch::BATCH_LANES;
use crate::simulate::{
    IntakeSchedule, Observable, ObservableRow, Regimen, RunPlan, SimulationError, SteadyStateError,
    SteadyStateMethod, Trajectory, Workspace, observe, steady_state,
};
use rayon::prelude::*;

/// Candidates drawn per enrolled subject before giving up on the inclusion criteria.
pub const MAX_CANDIDATES_PER_SUBJECT: usize = 20;
/// Most candidates evaluated at once during enrolment: enough to keep every thread busy, few
/// enough that rejected candidates of a huge cohort never fill the memory.
const MAX_CANDIDATES_PER_BATCH: usize = 8192;

/// An enrolled subject at baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct Subject {
    /// Subject number, from 1, in enrolment order.
    pub id: usize,
    /// Index of the candidate draw this subject came from.
    pub candidate: u64,
    /// Covariates.
    pub covariates: Covariates,
    /// Model parameters, with between-subject variability.
    pub parameters: Parameters,
    /// How the starting steady state was found.
    pub start_method: SteadyStateMethod,
    /// Observables at baseline (the steady state), true values.
    pub baseline: ObservableRow,
    /// Observables at baseline as measured (equal to `baseline` without assay noise).
    pub baseline_measured: ObservableRow,
    start: crate::model::State,
    /// The derived constants of the scenario's typical model. The subject's [`Model`] (with its
    /// precomputed powers, about 1.3 kB) is built when needed rather than kept: a cohort of
    /// 100,000 holds every subject at once.
    derived: DerivedConstants,
}

impl Subject {
    /// The subject's model: its parameters (with the kidney factor applied) and derived constants.
    pub fn model(&self) -> Model {
        Model::with_derived(
            kidney_adjusted(&self.parameters, &self.covariates),
            self.derived,
        )
    }

    /// The steady state the subject starts from.
    pub fn start(&self) -> &crate::model::State {
        &self.start
    }

    /// The value strata are formed on: a measured baseline observable or a covariate.
    pub fn value_of(&self, by: StratifyBy) -> f64 {
        match by {
            StratifyBy::Observable(o) => self.baseline_measured[o.index()],
            StratifyBy::Covariate(c) => self.covariates.get(c),
        }
    }
}

/// One subject under one arm.
#[derive(Debug, Clone, PartialEq)]
pub struct SubjectRun {
    /// Subject number (index into [`CohortResults::subjects`] plus one).
    pub subject: usize,
    /// Index of the arm in the scenario.
    pub arm: usize,
    /// The regimens as given to this subject (dose rules applied).
    pub regimens: Vec<Regimen>,
    /// Sampled observables, true values.
    pub trajectory: Trajectory,
    /// Sampled observables as measured (only when the scenario has assay noise).
    pub measured: Option<Vec<ObservableRow>>,
}

impl SubjectRun {
    /// Observables at sample `k` as measured (true values when there is no assay noise).
    pub fn measured_row(&self, k: usize) -> &ObservableRow {
        self.measured
            .as_ref()
            .map_or(&self.trajectory.rows[k], |rows| &rows[k])
    }
}

/// Everything simulated for a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct CohortResults {
    /// Enrolled subjects, in enrolment order.
    pub subjects: Vec<Subject>,
    /// One entry per subject and arm simulated, ordered by subject then arm.
    pub runs: Vec<SubjectRun>,
    /// Candidates drawn to fill the cohort.
    pub candidates_drawn: usize,
}

impl CohortResults {
    /// Runs of one arm, in subject order.
    pub fn arm(&self, arm: usize) -> impl Iterator<Item = &SubjectRun> {
        self.runs.iter().filter(move |run| run.arm == arm)
    }

    /// The subject of a run.
    pub fn subject(&self, run: &SubjectRun) -> &Subject {
        &self.subjects[run.subject - 1]
    }

    /// Number of subjects whose starting state needed a burn-in.
    pub fn burn_in_starts(&self) -> usize {
        self.subjects
            .iter()
            .filter(|s| matches!(s.start_method, SteadyStateMethod::BurnIn { .. }))
            .count()
    }
}

/// A cohort that could not be simulated.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CohortError {
    /// The scenario's parameters have no reference state.
    #[error("the scenario's parameters: {0}")]
    Model(DerivationError),
    /// No steady state for a candidate.
    #[error("candidate {candidate} (covariates {covariates}): {source}")]
    SteadyState {
        /// Candidate index.
        candidate: u64,
        /// Its covariates, `name=value`.
        covariates: String,
        /// Why.
        source: SteadyStateError,
    },
    /// Too few candidates met the inclusion criteria.
    #[error(
        "only {enrolled} of {drawn} candidates met the inclusion criteria ({criteria}), but {wanted} subjects are wanted; mgate stops after {MAX_CANDIDATES_PER_SUBJECT} candidates per subject. Widen the criteria, or move the population towards them (e.g. its vitamin D input)"
    )]
    TooFewEligible {
        /// Subjects enrolled.
        enrolled: usize,
        /// Candidates drawn.
        drawn: usize,
        /// Subjects wanted.
        wanted: usize,
        /// The criteria, in words.
        criteria: String,
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

fn describe_covariates(covariates: &Covariates) -> String {
    Covariate::ALL
        .iter()
        .map(|c| format!("{}={}", c.name(), covariates.get(*c)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Draws candidate `candidate`, finds its steady state and measures its baseline; `None` when it
/// does not meet the inclusion criteria.
fn evaluate_candidate(
    scenario: &Scenario,
    typical: &Model,
    candidate: u64,
    apply_inclusion: bool,
    workspace: &mut Workspace,
) -> Result<Option<Subject>, CohortError> {
    let drawn = draw::draw(
        &scenario.population,
        &scenario.parameters,
        scenario.seed,
        candidate,
    );
    let model = Model::with_derived(
        kidney_adjusted(&drawn.parameters, &drawn.covariates),
        typical.derived,
    );
    let usual = drawn.covariates.intake();
    let steady = |intake: &crate::model::Intake, workspace: &mut Workspace| {
        steady_state(&model, intake, workspace).map_err(|source| CohortError::SteadyState {
            candidate,
            covariates: describe_covariates(&drawn.covariates),
            source,
        })
    };
    let mut start = steady(&usual, workspace)?;
    let exposure = variation::Exposure::of(scenario, candidate);
    let intake = match &exposure {
        None => usual,
        Some(exposure) => {
            // Start where the months before day 0 have led (see `variation`).
            let turnover = variation::ohd25_turnover_per_day(&model, &usual, &start.state);
            let remembered = exposure.remembered_intake(usual, turnover, model.parameters.k_tis);
            start = match crate::model::solve_newton(&model, &remembered, &start.state) {
                Ok(solution) => crate::simulate::SteadyState {
                    state: solution.state,
                    residual_per_day: solution.residual_per_day,
                    method: start.method,
                },
                Err(_) => steady(&remembered, workspace)?,
            };
            exposure.intake_on(usual, 0.0)
        }
    };
    let baseline = observe(&model, &intake, &start.state);
    let mut rng = stream(scenario.seed, Purpose::BaselineNoise, candidate);
    let baseline_measured = measurement::measure(&baseline, &scenario.measurement, &mut rng);
    let eligible = !apply_inclusion
        || scenario.population.inclusion.iter().all(|criterion| {
            let value = baseline_measured[criterion.observable.index()];
            value >= criterion.min && value <= criterion.max
        });
    Ok(eligible.then_some(Subject {
        id: 0,
        candidate,
        covariates: drawn.covariates,
        parameters: drawn.parameters,
        start_method: start.method,
        baseline,
        baseline_measured,
        start: start.state,
        derived: typical.derived,
    }))
}

/// A subject's parameters with its kidney's Mg handling applied.
fn kidney_adjusted(parameters: &Parameters, covariates: &Covariates) -> Parameters {
    let mut parameters = *parameters;
    parameters.renal_mg_factor *= covariates.get(Covariate::RenalMgFactor);
    parameters
}

fn criteria_in_words(scenario: &Scenario) -> String {
    scenario
        .population
        .inclusion
        .iter()
        .map(|c| format!("{} from {} to {}", c.observable.name(), c.min, c.max))
        .collect::<Vec<_>>()
        .join(" and ")
}

/// Draws candidates in order until the cohort is full.
fn enrol(scenario: &Scenario, typical: &Model) -> Result<(Vec<Subject>, usize), CohortError> {
    let wanted = scenario.population.subjects;
    let limit = wanted * MAX_CANDIDATES_PER_SUBJECT;
    let mut subjects = Vec::with_capacity(wanted);
    let mut next = 0;
    while subjects.len() < wanted && next < limit {
        let missing = wanted - subjects.len();
        // Estimate from the acceptance so far how many candidates the rest needs.
        let acceptance = if next == 0 {
            1.0
        } else {
            (subjects.len().max(1) as f64 / next as f64).min(1.0)
        };
        let batch = ((missing as f64 / acceptance * 1.2) as usize)
            .clamp(64, MAX_CANDIDATES_PER_BATCH)
            .min(limit - next);
        let evaluated: Vec<Result<Option<Subject>, CohortError>> = (next..next + batch)
            .into_par_iter()
            .map_init(
                || Workspace::new(scenario.solver),
                |workspace, candidate| {
                    evaluate_candidate(scenario, typical, candidate as u64, true, workspace)
                },
            )
            .collect();
        for result in evaluated {
            if subjects.len() == wanted {
                break;
            }
            if let Some(mut subject) = result? {
                subject.id = subjects.len() + 1;
                subjects.push(subject);
            }
        }
        next += batch;
    }
    if subjects.len() < wanted {
        return Err(CohortError::TooFewEligible {
            enrolled: subjects.len(),
            drawn: next,
            wanted,
            criteria: criteria_in_words(scenario),
        });
    }
    let drawn = subjects.last().map_or(0, |s| s.candidate as usize + 1);
    Ok((subjects, drawn))
}

/// The arms each subject is simulated under.
fn arms_of_subjects(scenario: &Scenario, subjects: &[Subject]) -> Vec<Vec<usize>> {
    match &scenario.design {
        Design::Counterfactual => vec![(0..scenario.arms.len()).collect(); subjects.len()],
        Design::Parallel {
            block_size,
            stratify,
        } => {
            let strata: Vec<usize> = subjects
                .iter()
                .map(|s| stratify.as_ref().map_or(0, |st| st.bin(s.value_of(st.by))))
                .collect();
            allocation::allocate(&scenario.arms, *block_size, &strata, scenario.seed)
                .into_iter()
                .map(|arm| vec![arm])
                .collect()
        }
    }
}

/// Background intakes of a subject under an arm: its usual intake, changed on the arm's days,
/// and day by day with the scenario's season and variation ([`variation`]).
pub fn intake_schedule(scenario: &Scenario, subject: &Subject, arm: usize) -> IntakeSchedule {
    let exposure = variation::Exposure::of(scenario, subject.candidate);
    variation::intake_schedule(
        subject.covariates.intake(),
        &scenario.arms[arm],
        exposure.as_ref(),
        scenario.duration_days,
    )
}

/// What the dose rules see of a subject.
pub fn dose_basis(subject: &Subject) -> DoseBasis {
    DoseBasis {
        body_weight_kg: subject.covariates.get(Covariate::BodyWeight),
        ca_intake_mg_per_day: subject.covariates.get(Covariate::CaIntake),
        mg_intake_mg_per_day: subject.covariates.get(Covariate::MgIntake),
        baseline_ohd25_ng_ml: subject.baseline_measured[Observable::Ohd25.index()],
    }
}

/// One run of a subject under an arm, before it is simulated: the subject's doses and intakes.
struct PlannedRun<'a> {
    subject: &'a Subject,
    model: Model,
    arm: usize,
    regimens: Vec<Regimen>,
    intakes: IntakeSchedule,
}

impl<'a> PlannedRun<'a> {
    fn new(scenario: &Scenario, subject: &'a Subject, arm: usize) -> Self {
        let basis = dose_basis(subject);
        let arm_spec = &scenario.arms[arm];
        Self {
            subject,
            model: subject.model(),
            arm,
            regimens: arm_spec
                .regimens
                .iter()
                .map(|r| r.regimen(&basis))
                .collect(),
            intakes: intake_schedule(scenario, subject, arm),
        }
    }

    fn plan<'p>(&'p self, scenario: &'p Scenario) -> RunPlan<'p> {
        RunPlan {
            model: &self.model,
            intakes: &self.intakes,
            regimens: &self.regimens,
            sample_days: &scenario.sample_days,
            end_day: scenario.duration_days,
        }
    }

    /// The finished run: the simulated trajectory, with measurement noise drawn for follow-up.
    fn finish(
        self,
        scenario: &Scenario,
        trajectory: Trajectory,
        simulated: Result<(), SimulationError>,
    ) -> Result<SubjectRun, CohortError> {
        let subject = self.subject;
        simulated.map_err(|source| CohortError::Simulation {
            subject: subject.id,
            arm: scenario.arms[self.arm].name.clone(),
            source,
        })?;
        let measured = (!scenario.measurement.is_empty()).then(|| {
            let mut rng = stream(
                scenario.seed,
                Purpose::FollowUpNoise { arm: self.arm },
                subject.candidate,
            );
            trajectory
                .rows
                .iter()
                .zip(&trajectory.days)
                .enumerate()
                .map(|(k, (row, day))| {
                    if k == 0 {
                        subject.baseline_measured
                    } else {
                        // Each sampling day reads its own stretch of the stream, so a sample's
                        // noise does not depend on which other days are sampled (a
                        // --summary-only run measures the end as a full run does).
                        rng.set_word_pos(u128::from(day.to_bits()) << 20);
                        measurement::measure(row, &scenario.measurement, &mut rng)
                    }
                })
                .collect()
        });
        Ok(SubjectRun {
            subject: subject.id,
            arm: self.arm,
            regimens: self.regimens,
            trajectory,
            measured,
        })
    }
}

/// Simulates the runs `batch` (indices into `tasks`, all of one arm) together, in the lanes of
/// one [`Workspace::run_batch`]; returns each run with its index.
fn simulate_batch(
    scenario: &Scenario,
    tasks: &[(&Subject, usize, bool)],
    batch: &[usize],
    workspace: &mut Workspace,
) -> Result<Vec<(usize, SubjectRun)>, CohortError> {
    let planned: Vec<PlannedRun<'_>> = batch
        .iter()
        .map(|&k| PlannedRun::new(scenario, tasks[k].0, tasks[k].1))
        .collect();
    let plans: Vec<RunPlan<'_>> = planned.iter().map(|p| p.plan(scenario)).collect();
    let starts: Vec<State> = planned.iter().map(|p| p.subject.start).collect();
    // Exactly as long as the samples: a huge cohort keeps every run's buffers.
    let samples = scenario.sample_days.len();
    let mut trajectories: Vec<Trajectory> = batch
        .iter()
        .map(|_| Trajectory {
            days: Vec::with_capacity(samples),
            rows: Vec::with_capacity(samples),
            ..Trajectory::default()
        })
        .collect();
    let results = workspace.run_batch(&plans, &starts, &mut trajectories);
    drop(plans);
    batch
        .iter()
        .zip(planned)
        .zip(trajectories.into_iter().zip(results))
        .map(|((&k, planned), (trajectory, result))| {
            Ok((k, planned.finish(scenario, trajectory, result)?))
        })
        .collect()
}

/// Enrols, allocates and simulates the cohort of a scenario on the current rayon pool.
/// `progress` is called once per subject, after its last run (from worker threads).
pub fn simulate(
    scenario: &Scenario,
    progress: &(dyn Fn() + Sync),
) -> Result<CohortResults, CohortError> {
    let typical = Model::new(scenario.parameters).map_err(CohortError::Model)?;
    let (subjects, candidates_drawn) = enrol(scenario, &typical)?;
    simulate_subjects(scenario, subjects, candidates_drawn, None, progress)
}

/// Enrols the cohort of a scenario (each subject at its own steady state, inclusion criteria
/// applied) without simulating any arm: the baseline of every subject, on the current rayon pool.
pub fn enrol_only(scenario: &Scenario) -> Result<Vec<Subject>, CohortError> {
    let typical = Model::new(scenario.parameters).map_err(CohortError::Model)?;
    Ok(enrol(scenario, &typical)?.0)
}

/// The people of an earlier simulation of the same scenario (each subject's candidate draw and
/// arms), to be simulated again under other parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrolled {
    /// Each subject's candidate (draw index) and the arms it was simulated under.
    pub subjects: Vec<(u64, Vec<usize>)>,
}

impl Enrolled {
    /// Who `results` enrolled, and under which arms.
    pub fn of(results: &CohortResults) -> Self {
        let mut subjects: Vec<(u64, Vec<usize>)> = results
            .subjects
            .iter()
            .map(|s| (s.candidate, Vec::new()))
            .collect();
        for run in &results.runs {
            subjects[run.subject - 1].1.push(run.arm);
        }
        Self { subjects }
    }
}

/// Simulates the people of an earlier run (see [`Enrolled`]) without applying the inclusion
/// criteria or allocating again: the same people under the same arms with other parameters, as a
/// sensitivity analysis needs. A candidate's covariates and variability are its own draws; its
/// parameters are the scenario's typical values with that variability.
pub fn simulate_candidates(
    scenario: &Scenario,
    enrolled: &Enrolled,
    progress: &(dyn Fn() + Sync),
) -> Result<CohortResults, CohortError> {
    let typical = Model::new(scenario.parameters).map_err(CohortError::Model)?;
    let evaluated: Vec<Option<Subject>> = enrolled
        .subjects
        .par_iter()
        .map_init(
            || Workspace::new(scenario.solver),
            |workspace, (candidate, _)| {
                evaluate_candidate(scenario, &typical, *candidate, false, workspace)
            },
        )
        .collect::<Result<_, _>>()?;
    // Without inclusion criteria every candidate is a subject, in the same order.
    let subjects: Vec<Subject> = evaluated
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(k, mut subject)| {
            subject.id = k + 1;
            subject
        })
        .collect();
    let arms = enrolled
        .subjects
        .iter()
        .map(|(_, arms)| arms.clone())
        .collect();
    let drawn = enrolled
        .subjects
        .iter()
        .map(|(c, _)| *c as usize + 1)
        .max()
        .unwrap_or(0);
    simulate_subjects(scenario, subjects, drawn, Some(arms), progress)
}

/// The arms whose runs changed between two versions of a scenario that enrol and allocate the
/// same subjects: `None` when anything else that the simulation of a subject depends on changed
/// (seed, population, parameters, sampling, solver, measurement, design or the arms' names and
/// shares), so that only a whole new simulation will do. Texts, outputs and the analysis do not
/// count.
pub fn changed_arms(before: &Scenario, after: &Scenario) -> Option<Vec<usize>> {
    /// The scenario without what does not touch the subjects, and without the arms' doses.
    fn cohort_part(scenario: &Scenario) -> Scenario {
        let mut part = scenario.clone();
        part.name.clear();
        part.title.clear();
        part.description.clear();
        part.reference = None;
        part.look_for = None;
        part.resolved_toml.clear();
        part.overrides.clear();
        part.sweep = None;
        for arm in &mut part.arms {
            arm.label.clear();
            arm.regimens.clear();
            arm.intake_changes.clear();
        }
        part
    }
    let (a, mut b) = (cohort_part(before), cohort_part(after));
    b.output = a.output.clone();
    b.analysis = a.analysis.clone();
    if a != b {
        return None;
    }
    Some(
        before
            .arms
            .iter()
            .zip(&after.arms)
            .enumerate()
            .filter(|(_, (x, y))| x.regimens != y.regimens || x.intake_changes != y.intake_changes)
            .map(|(index, _)| index)
            .collect(),
    )
}

/// Simulates again, for the same subjects, only the runs of `arms` of an earlier simulation of
/// the scenario (see [`changed_arms`]); the runs of the other arms are kept. The result is the
/// one [`simulate`] gives: each arm's runs are batched by subject order alone, so the same
/// subjects under the same arm share the same batches.
pub fn resimulate_arms(
    scenario: &Scenario,
    previous: &CohortResults,
    arms: &[usize],
) -> Result<CohortResults, CohortError> {
    let mut assignment = vec![Vec::new(); previous.subjects.len()];
    for run in previous.runs.iter().filter(|r| arms.contains(&r.arm)) {
        assignment[run.subject - 1].push(run.arm);
    }
    let fresh = simulate_subjects(
        scenario,
        previous.subjects.clone(),
        previous.candidates_drawn,
        Some(assignment),
        &|| {},
    )?;
    // Both are ordered by subject, then arm: take each changed run from the fresh ones.
    let mut fresh_runs = fresh.runs.into_iter();
    let runs = previous
        .runs
        .iter()
        .map(|run| {
            if arms.contains(&run.arm) {
                fresh_runs.next().unwrap_or_else(|| run.clone())
            } else {
                run.clone()
            }
        })
        .collect();
    Ok(CohortResults {
        subjects: fresh.subjects,
        runs,
        candidates_drawn: previous.candidates_drawn,
    })
}

/// Allocates enrolled subjects to arms (unless `arms` gives them) and simulates every run.
fn simulate_subjects(
    scenario: &Scenario,
    subjects: Vec<Subject>,
    candidates_drawn: usize,
    arms: Option<Vec<Vec<usize>>>,
    progress: &(dyn Fn() + Sync),
) -> Result<CohortResults, CohortError> {
    let arms = arms.unwrap_or_else(|| arms_of_subjects(scenario, &subjects));
    // One entry per subject and arm, in that order (rayon's collect keeps the order).
    // Progress counts subjects: it ticks at each subject's last run.
    let tasks: Vec<(&Subject, usize, bool)> = subjects
        .iter()
        .zip(&arms)
        .flat_map(|(subject, arms)| {
            let last = arms.len().saturating_sub(1);
            arms.iter()
                .enumerate()
                .map(move |(k, &arm)| (subject, arm, k == last))
        })
        .collect();
    // The runs of each arm, in task order, in batches of up to BATCH_LANES (which runs share a
    // batch changes no result, but it keeps the work per batch even).
    let mut by_arm: Vec<Vec<usize>> = vec![Vec::new(); scenario.arms.len()];
    for (k, &(_, arm, _)) in tasks.iter().enumerate() {
        by_arm[arm].push(k);
    }
    let mut batches: Vec<&[usize]> = by_arm
        .iter()
        .flat_map(|runs| runs.chunks(BATCH_LANES))
        .collect();
    // In subject order rather than arm after arm, so that progress (which ticks at a subject's
    // last run) moves steadily; the batches themselves are unchanged.
    batches.sort_unstable_by_key(|batch| batch[0]);
    let batch_runs: Vec<Vec<(usize, SubjectRun)>> = batches
        .par_iter()
        .map_init(
            || Workspace::new(scenario.solver),
            |workspace, batch| {
                let runs = simulate_batch(scenario, &tasks, batch, workspace);
                for &k in batch.iter() {
                    if tasks[k].2 {
                        progress();
                    }
                }
                runs
            },
        )
        .collect::<Result<_, _>>()?;
    let mut indexed: Vec<(usize, SubjectRun)> = batch_runs.into_iter().flatten().collect();
    indexed.sort_unstable_by_key(|(k, _)| *k);
    let runs: Vec<SubjectRun> = indexed.into_iter().map(|(_, run)| run).collect();
    drop(tasks);
    Ok(CohortResults {
        subjects,
        runs,
        candidates_drawn,
    })
}
