//! One sweep point summarised into one row of `sweep.csv`: per endpoint, arm and stratum, the
//! number of subjects, the mean baseline and the change from baseline to the end (mean, SD and
//! percentiles); and per endpoint, compared arm and stratum, the effect against the reference arm
//! with its bootstrap interval (as in `effects.csv`).
//!
//! Values are as measured when the scenario has assay noise (the truth otherwise), and strata are
//! formed on measured baseline values, exactly as `effects.csv` does.

use crate::cohort::CohortResults;
use crate::output::effects::number_or_na;
use crate::output::sweep::{arm_column, effect_column};
use crate::scenario::Scenario;
use crate::trial::Summary;
use crate::trial::effects::effects;

/// The statistics of an endpoint's change per arm and stratum, in column order.
pub const ARM_STATISTICS: [&str; 9] = [
    "n",
    "baseline_mean",
    "change_mean",
    "change_sd",
    "change_p5",
    "change_p25",
    "change_p50",
    "change_p75",
    "change_p95",
];

/// The statistics of an effect, in column order.
pub const EFFECT_STATISTICS: [&str; 3] = ["effect", "effect_ci_low", "effect_ci_high"];

/// Stratum labels: `all`, then the analysis strata's labels.
pub fn strata(scenario: &Scenario) -> Vec<String> {
    let mut labels = vec!["all".to_string()];
    if let Some(s) = &scenario.analysis.strata {
        labels.extend((0..s.bins()).map(|b| s.label(b)));
    }
    labels
}

/// The summary columns of a scenario's points (after `point` and the varied values).
pub fn columns(scenario: &Scenario) -> Vec<String> {
    let strata = strata(scenario);
    let reference = &scenario.arms[scenario.analysis.reference_arm].name;
    let mut columns = Vec::new();
    for endpoint in &scenario.analysis.endpoints {
        for arm in &scenario.arms {
            for stratum in &strata {
                for statistic in ARM_STATISTICS {
                    columns.push(arm_column(endpoint.name(), &arm.name, stratum, statistic));
                }
            }
        }
        for arm in scenario.arms.iter().filter(|a| &a.name != reference) {
            for stratum in &strata {
                for statistic in EFFECT_STATISTICS {
                    columns.push(effect_column(
                        endpoint.name(),
                        &arm.name,
                        reference,
                        stratum,
                        statistic,
                    ));
                }
            }
        }
    }
    columns
}

/// The summary cells of one simulated point, in the order of [`columns`].
pub fn cells(scenario: &Scenario, results: &CohortResults) -> Vec<String> {
    let analysis = &scenario.analysis;
    let bins = analysis.strata.as_ref().map_or(0, |s| s.bins());
    let stratum_of = |run: &crate::cohort::SubjectRun| {
        analysis
            .strata
            .as_ref()
            .map(|s| s.bin(results.subject(run).value_of(s.by)))
    };
    let all_effects = effects(scenario, results);
    let mut cells = Vec::new();
    let mut baseline = Vec::new();
    let mut change = Vec::new();
    for &endpoint in &analysis.endpoints {
        let i = endpoint.index();
        for arm in 0..scenario.arms.len() {
            for stratum in std::iter::once(None).chain((0..bins).map(Some)) {
                baseline.clear();
                change.clear();
                for run in results
                    .arm(arm)
                    .filter(|run| stratum.is_none() || stratum_of(run) == stratum)
                {
                    let last = run.trajectory.rows.len() - 1;
                    let start = run.measured_row(0)[i];
                    baseline.push(start);
                    change.push(run.measured_row(last)[i] - start);
                }
                if change.is_empty() {
                    cells.push("0".to_string());
                    cells.extend((1..ARM_STATISTICS.len()).map(|_| "NA".to_string()));
                    continue;
                }
                let mean_baseline = baseline.iter().sum::<f64>() / baseline.len() as f64;
                let s = Summary::of(&mut change);
                cells.push(s.n.to_string());
                for value in [
                    mean_baseline,
                    s.mean,
                    s.sd,
                    s.p5,
                    s.p25,
                    s.p50,
                    s.p75,
                    s.p95,
                ] {
                    cells.push(number_or_na(Some(value)));
                }
            }
        }
        for effect in all_effects.iter().filter(|e| e.endpoint == endpoint) {
            for value in [effect.effect, effect.ci_low, effect.ci_high] {
                cells.push(number_or_na(Some(value)));
            }
        }
    }
    cells
}
