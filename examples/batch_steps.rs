//! What lockstep batches cost in integrator work and accuracy: the cohort of
//! `scenarios/bench_year.toml` (sampled at baseline and end, as `mgate run --summary-only` does)
//! simulated one subject at a time ([`Workspace::run`]) and in lockstep batches of 4 and of 8
//! ([`Workspace::run_batch`], the runs of each arm in order, as the cohort groups them); prints the
//! accepted and rejected steps and right-hand-side evaluations per subject-year, and the largest
//! relative difference of the final states from the runs alone.
//!
//! ```text
//! cargo run --release --example batch_steps [SUBJECTS]      # default 2000
//! ```
//!
//! Batches larger than [`BATCH_LANES`] (the build's lanes) are skipped. A batch of 4 on an 8-lane
//! build fills its other lanes with copies of its last subject, which changes nothing: the
//! integrator's error is the largest over the lanes.

use mgate::cohort::{self, intake_schedule};
use mgate::scenario::{self, SetOption};
use mgate::simulate::batch::BATCH_LANES;
use mgate::simulate::{IntakeSchedule, RunPlan, SolverStats, Trajectory, Workspace};
use std::path::Path;

fn main() -> anyhow::Result<()> {
    let subjects: usize = match std::env::args().nth(1) {
        Some(text) => text.parse()?,
        None => 2000,
    };
    let set = [SetOption::from_flag(
        "population.subjects",
        subjects,
        "SUBJECTS",
    )];
    let mut scenario = scenario::load(Path::new("scenarios/bench_year.toml"), &set)?;
    if let [first, .., last] = scenario.sample_days[..] {
        scenario.sample_days = vec![first, last];
    }
    let results = cohort::simulate(&scenario, &|| ())?;
    let intakes: Vec<IntakeSchedule> = results
        .runs
        .iter()
        .map(|run| intake_schedule(&scenario, results.subject(run), run.arm))
        .collect();
    let models: Vec<_> = results
        .runs
        .iter()
        .map(|run| results.subject(run).model())
        .collect();
    let plans: Vec<RunPlan<'_>> = results
        .runs
        .iter()
        .zip(&intakes)
        .zip(&models)
        .map(|((run, intakes), model)| RunPlan {
            model,
            intakes,
            regimens: &run.regimens,
            sample_days: &scenario.sample_days,
            end_day: scenario.duration_days,
        })
        .collect();
    let starts: Vec<_> = results
        .runs
        .iter()
        .map(|run| *results.subject(run).start())
        .collect();
    let years = plans.len() as f64 * scenario.duration_days / 365.0;
    println!(
        "{} runs, {:.0} subject-years, build lanes {BATCH_LANES}",
        plans.len(),
        years
    );

    let mut workspace = Workspace::new(scenario.solver);
    let mut alone = vec![Trajectory::default(); plans.len()];
    for ((plan, start), out) in plans.iter().zip(&starts).zip(alone.iter_mut()) {
        workspace.run(plan, start, out)?;
    }
    let per_year = |stats: &mut dyn Iterator<Item = SolverStats>| {
        let (mut accepted, mut rejected, mut evaluations) = (0, 0, 0);
        for s in stats {
            accepted += s.accepted_steps;
            rejected += s.rejected_steps;
            evaluations += s.rhs_evaluations;
        }
        [accepted, rejected, evaluations].map(|n| n as f64 / years)
    };
    let [a, r, e] = per_year(&mut alone.iter().map(|t| t.stats));
    println!(
        "alone    : {a:8.1} accepted, {r:6.1} rejected, {e:8.1} RHS evaluations per subject-year"
    );

    for lanes in [4, 8] {
        if lanes > BATCH_LANES {
            println!("batch {lanes}  : skipped (the build has {BATCH_LANES} lanes)");
            continue;
        }
        let mut outs = vec![Trajectory::default(); plans.len()];
        let mut failed = 0;
        // The runs of each arm, in order, in batches of `lanes`, as `cohort::simulate` groups them.
        for arm in 0..scenario.arms.len() {
            let runs: Vec<usize> = (0..plans.len())
                .filter(|&k| results.runs[k].arm == arm)
                .collect();
            for batch in runs.chunks(lanes) {
                let batch_plans: Vec<RunPlan<'_>> = batch.iter().map(|&k| plans[k]).collect();
                let batch_starts: Vec<_> = batch.iter().map(|&k| starts[k]).collect();
                let mut batch_outs = vec![Trajectory::default(); batch.len()];
                let results = workspace.run_batch(&batch_plans, &batch_starts, &mut batch_outs);
                failed += results.iter().filter(|r| r.is_err()).count();
                for (&k, out) in batch.iter().zip(batch_outs) {
                    outs[k] = out;
                }
            }
        }
        // A batch's counters are the batch's: every lane did all of its steps.
        let [a, r, e] = per_year(&mut outs.iter().map(|t| t.stats));
        let worst = outs
            .iter()
            .zip(&alone)
            .flat_map(|(batch, alone)| {
                let (b, s) = (batch.final_state.to_array(), alone.final_state.to_array());
                (0..b.len()).map(move |i| (b[i] - s[i]).abs() / s[i].abs().max(1e-3))
            })
            .fold(0.0, f64::max);
        println!(
            "batch {lanes}  : {a:8.1} accepted, {r:6.1} rejected, {e:8.1} RHS evaluations per subject-year \
             (per lane); worst final-state difference from alone {worst:.2e}; {failed} failed"
        );
    }
    Ok(())
}
