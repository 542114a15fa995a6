//! What simulating a scenario will need, estimated from the checked scenario alone before
//! anything is simulated: the memory its results and its working buffers take, and its work in
//! subject-days. A run (or a sweep, point by point) that would exceed the budget is refused with
//! these numbers, instead of aborting out of memory after hours or seeming to hang.
//!
//! The estimate counts what grows with the scenario: every sampled row of every run (twice with
//! assay noise), every subject, and each worker thread's dose events and buffers for a batch of
//! runs, with a margin for the allocator. It is meant to err on the high side, and does at one
//! thread (the 100,000-subject `--summary-only` benchmark is estimated at about 270 MB and peaks
//! at 254 MB), but not at two, where that benchmark peaks at 322 MB (`docs/data-safety.md`).

use super::{Subject, SubjectRun};
use crate::scenario::{Design, Scenario};
use crate::simulate::batch::BATCH_LANES;
use crate::simulate::regimen::DoseEvent;
use crate::simulate::{ObservableRow, Regimen, Schedule};

/// Memory a run takes whatever its size (the program, the thread pool, the plot fonts, output
/// buffers), bytes.
const BASE_BYTES: u64 = 96 << 20;
/// What the allocator and growing vectors add to the bytes counted, as a factor.
const OVERHEAD: f64 = 1.25;

/// The memory budget when none is given, gigabytes (`--max-memory-gb`).
pub const DEFAULT_MAX_MEMORY_GB: f64 = 4.0;
/// The work budget when none is given, subject-days (`--max-subject-days`): about two hours on
/// two cores.
pub const DEFAULT_MAX_SUBJECT_DAYS: f64 = 1e10;

/// What simulating a scenario needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Needs {
    /// Bytes held until the run ends: results and subjects.
    pub kept_bytes: u64,
    /// Bytes each worker thread needs while it simulates a batch.
    pub per_thread_bytes: u64,
    /// Simulated runs (subject-arm pairs).
    pub runs: u64,
    /// Work: simulated days over all runs, plus one day per dose (each dose restarts the
    /// integrator).
    pub subject_days: f64,
}

impl Needs {
    /// Peak memory with `threads` worker threads, bytes (a thread without a batch of its own
    /// needs no buffers).
    pub fn bytes(&self, threads: usize) -> u64 {
        let busy = (threads as u64)
            .min(self.runs.div_ceil(BATCH_LANES as u64))
            .max(1);
        BASE_BYTES
            .saturating_add(self.kept_bytes)
            .saturating_add(self.per_thread_bytes.saturating_mul(busy))
    }
}

/// Doses one regimen gives over `duration_days` (the count the simulation expands it into).
fn doses(schedule: &Schedule, duration_days: f64) -> f64 {
    match schedule {
        Schedule::Once { .. } => 1.0,
        Schedule::Every {
            interval_days,
            start_day,
            stop_day,
        } => {
            let span = stop_day.min(duration_days + 1.0) - start_day;
            if *interval_days > 0.0 && span > 0.0 {
                (span / interval_days).ceil()
            } else {
                0.0
            }
        }
        Schedule::OnDays { days } => days.len() as f64,
    }
}

/// Estimates what simulating `scenario` needs (see the module docs).
pub fn needs(scenario: &Scenario) -> Needs {
    let subjects = scenario.population.subjects as f64;
    let arms = scenario.arms.len() as f64;
    let runs = match scenario.design {
        Design::Counterfactual => subjects * arms,
        Design::Parallel { .. } => subjects,
    };
    let samples = scenario.sample_days.len() as f64;
    let row = std::mem::size_of::<ObservableRow>() as f64;
    let copies = if scenario.measurement.is_empty() {
        1.0
    } else {
        2.0
    };
    // The arm with the most doses sets a run's regimens and events.
    let (regimens, doses_per_run) = scenario
        .arms
        .iter()
        .map(|arm| {
            let doses: f64 = arm
                .regimens
                .iter()
                .map(|r| doses(&r.schedule, scenario.duration_days))
                .sum();
            let listed: f64 = arm
                .regimens
                .iter()
                .map(|r| match &r.schedule {
                    Schedule::OnDays { days } => days.len() as f64 * 8.0,
                    _ => 0.0,
                })
                .sum();
            let regimens =
                arm.regimens.len() as f64 * std::mem::size_of::<Regimen>() as f64 + listed;
            (regimens, doses)
        })
        .fold((0.0_f64, 0.0_f64), |(r, d), (ar, ad)| {
            (r.max(ar), d.max(ad))
        });
    let per_run = std::mem::size_of::<SubjectRun>() as f64 + samples * row * copies + regimens;
    let kept = runs * per_run + subjects * std::mem::size_of::<Subject>() as f64;
    // A batch of runs: their dose events (and the days they are expanded from), trajectories
    // and a copy of the regimens.
    let event = std::mem::size_of::<DoseEvent>() as f64 + 8.0;
    let per_thread = BATCH_LANES as f64 * (doses_per_run * event + samples * row + regimens);
    // Replicate trials are simulated one after another (a few at a time per thread) and each
    // is dropped once estimated: they add work, not memory kept.
    let replicate_runs = scenario.replicates.as_ref().map_or(0.0, |r| {
        let per_trial = match r.design {
            Design::Counterfactual => r.subjects as f64 * arms,
            Design::Parallel { .. } => r.subjects as f64,
        };
        r.trials as f64 * per_trial
    });
    Needs {
        kept_bytes: to_bytes(kept * OVERHEAD),
        per_thread_bytes: to_bytes(per_thread * OVERHEAD),
        runs: runs as u64,
        subject_days: (runs + replicate_runs) * (scenario.duration_days + doses_per_run),
    }
}

/// A byte count from a floating-point estimate (saturating: estimates can exceed `u64`).
fn to_bytes(value: f64) -> u64 {
    if value >= u64::MAX as f64 {
        u64::MAX
    } else {
        value.max(0.0) as u64
    }
}

/// Bytes in words: `2.9 GB`, `512 MB`.
pub fn describe_bytes(bytes: u64) -> String {
    let gb = bytes as f64 / 1e9;
    if gb >= 1.0 {
        format!("{} GB", crate::scenario::problem::format_number(round2(gb)))
    } else {
        format!("{:.0} MB", bytes as f64 / 1e6)
    }
}

/// Rounds to two significant decimals for messages.
fn round2(value: f64) -> f64 {
    if value >= 100.0 {
        value.round()
    } else {
        (value * 100.0).round() / 100.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doses_count_like_the_simulation() {
        let daily = Schedule::daily(0.0, 84.0);
        assert_eq!(doses(&daily, 84.0), 84.0);
        // Doses after the end are not simulated.
        assert_eq!(doses(&Schedule::daily(0.0, 1000.0), 84.0), 85.0);
        assert_eq!(doses(&Schedule::weekly(0.0, 84.0), 84.0), 12.0);
    }

    #[test]
    fn bytes_are_described_briefly() {
        assert_eq!(describe_bytes(2_900_000_000), "2.9 GB");
        assert_eq!(describe_bytes(512_000_000), "512 MB");
    }
}
