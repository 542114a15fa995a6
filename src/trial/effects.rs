//! Effects of each arm against the reference arm: difference in mean change from baseline, per
//! stratum of a baseline observable and overall, with seeded percentile-bootstrap intervals.
//!
//! Changes and strata use **measured** values when the scenario has assay noise for the
//! observable (as a trial would), so regression to the mean shows in stratified analyses; the
//! true trajectories stay in `timeseries.csv`.
//!
//! In the counterfactual design the same subjects are in every arm, so the effect is the mean of
//! paired differences and the bootstrap resamples subjects; in a parallel design the two groups
//! are resampled independently.

use super::percentile;
use crate::cohort::{CohortResults, Purpose, stream};
use crate::scenario::{Design, Scenario};
use crate::simulate::Observable;
use rand::RngExt;

/// One row of `effects.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Effect {
    /// The endpoint whose change is compared.
    pub endpoint: Observable,
    /// Index of the arm.
    pub arm: usize,
    /// Index of the reference arm.
    pub reference_arm: usize,
    /// Stratum label (`all` for the overall effect).
    pub stratum: String,
    /// Lower edge of the stratum (`None`: open).
    pub stratum_low: Option<f64>,
    /// Upper edge of the stratum (`None`: open).
    pub stratum_high: Option<f64>,
    /// Subjects in the arm and stratum.
    pub n_arm: usize,
    /// Subjects in the reference arm and stratum.
    pub n_reference: usize,
    /// Mean change in the arm minus mean change in the reference arm (NaN if a group is empty).
    pub effect: f64,
    /// Lower end of the bootstrap interval.
    pub ci_low: f64,
    /// Upper end of the bootstrap interval.
    pub ci_high: f64,
}

/// One row of `individual_effects.csv` (counterfactual design): a subject's change under an arm
/// minus its change under the reference arm, in true values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IndividualEffect {
    /// Subject number.
    pub subject: usize,
    /// Arm index.
    pub arm: usize,
    /// Reference arm index.
    pub reference_arm: usize,
    /// Endpoint.
    pub endpoint: Observable,
    /// The baseline observable plotted against (the analysis strata's when they are an
    /// observable, else 25(OH)D).
    pub baseline_observable: Observable,
    /// Its true baseline value.
    pub baseline: f64,
    /// The individual effect.
    pub effect: f64,
}

/// Change from baseline to the last sample of every run, as measured, indexed like `runs`.
fn changes(results: &CohortResults, endpoint: Observable) -> Vec<f64> {
    let i = endpoint.index();
    results
        .runs
        .iter()
        .map(|run| {
            let last = run.trajectory.rows.len() - 1;
            run.measured_row(last)[i] - run.measured_row(0)[i]
        })
        .collect()
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

/// Percentile-bootstrap interval of `statistic` over resamples drawn by `resample`.
fn bootstrap(
    resamples: usize,
    confidence: f64,
    mut resample_statistic: impl FnMut() -> f64,
) -> (f64, f64) {
    let mut statistics: Vec<f64> = (0..resamples).map(|_| resample_statistic()).collect();
    statistics.sort_by(f64::total_cmp);
    let tail = (1.0 - confidence) / 2.0;
    (
        percentile(&statistics, tail),
        percentile(&statistics, 1.0 - tail),
    )
}

fn resampled_mean(values: &[f64], rng: &mut impl rand::Rng) -> f64 {
    let n = values.len();
    (0..n).map(|_| values[rng.random_range(0..n)]).sum::<f64>() / n as f64
}

/// Difference in means of `treated` and `control` with a percentile-bootstrap interval.
/// `paired`: the two slices hold the same subjects in the same order (the counterfactual design),
/// so subjects are resampled together; otherwise the groups are resampled independently.
/// Returns `(effect, low, high)`, all NaN when a group is empty.
pub fn mean_difference(
    treated: &[f64],
    control: &[f64],
    paired: bool,
    resamples: usize,
    confidence: f64,
    rng: &mut impl rand::Rng,
) -> (f64, f64, f64) {
    if treated.is_empty() || control.is_empty() {
        return (f64::NAN, f64::NAN, f64::NAN);
    }
    if paired {
        let differences: Vec<f64> = treated.iter().zip(control).map(|(t, c)| t - c).collect();
        let (low, high) = bootstrap(resamples, confidence, || resampled_mean(&differences, rng));
        (mean(&differences), low, high)
    } else {
        let (low, high) = bootstrap(resamples, confidence, || {
            resampled_mean(treated, rng) - resampled_mean(control, rng)
        });
        (mean(treated) - mean(control), low, high)
    }
}

/// Every effect of the scenario's analysis.
pub fn effects(scenario: &Scenario, results: &CohortResults) -> Vec<Effect> {
    let analysis = &scenario.analysis;
    let reference = analysis.reference_arm;
    let bins = analysis.strata.as_ref().map_or(0, |s| s.bins());
    let stratum_of = |run: &crate::cohort::SubjectRun| {
        analysis.strata.as_ref().map(|s| {
            let subject = results.subject(run);
            s.bin(subject.value_of(s.by))
        })
    };
    let mut rows = Vec::new();
    let mut effect_index = 0_u64;
    for &endpoint in &analysis.endpoints {
        let change = changes(results, endpoint);
        for arm in (0..scenario.arms.len()).filter(|a| *a != reference) {
            // `None` is the overall effect; `Some(b)` stratum b.
            for stratum in std::iter::once(None).chain((0..bins).map(Some)) {
                let in_group = |run_arm: usize| {
                    results.runs.iter().zip(&change).filter(move |(run, _)| {
                        run.arm == run_arm && (stratum.is_none() || stratum_of(run) == stratum)
                    })
                };
                let mut rng = stream(scenario.seed, Purpose::Bootstrap, effect_index);
                effect_index += 1;
                let treated: Vec<f64> = in_group(arm).map(|(_, c)| *c).collect();
                let control: Vec<f64> = in_group(reference).map(|(_, c)| *c).collect();
                let paired = scenario.design == Design::Counterfactual;
                let (effect, ci_low, ci_high) = mean_difference(
                    &treated,
                    &control,
                    paired,
                    analysis.bootstrap,
                    analysis.confidence,
                    &mut rng,
                );
                let (label, low, high) = match (stratum, &analysis.strata) {
                    (Some(b), Some(s)) => {
                        let (low, high) = s.bounds(b);
                        (s.label(b), low, high)
                    }
                    _ => ("all".to_string(), None, None),
                };
                rows.push(Effect {
                    endpoint,
                    arm,
                    reference_arm: reference,
                    stratum: label,
                    stratum_low: low,
                    stratum_high: high,
                    n_arm: treated.len(),
                    n_reference: control.len(),
                    effect,
                    ci_low,
                    ci_high,
                });
            }
        }
    }
    rows
}

/// Individual treatment effects (counterfactual design only; empty otherwise).
pub fn individual_effects(scenario: &Scenario, results: &CohortResults) -> Vec<IndividualEffect> {
    if scenario.design != Design::Counterfactual {
        return Vec::new();
    }
    let analysis = &scenario.analysis;
    let reference = analysis.reference_arm;
    let baseline_observable = match analysis.strata.as_ref().map(|s| s.by) {
        Some(crate::scenario::StratifyBy::Observable(o)) => o,
        _ => Observable::Ohd25,
    };
    let arms = scenario.arms.len();
    let mut rows = Vec::new();
    for &endpoint in &analysis.endpoints {
        let i = endpoint.index();
        for runs in results.runs.chunks_exact(arms) {
            let change = |arm: usize| {
                let rows = &runs[arm].trajectory.rows;
                rows[rows.len() - 1][i] - rows[0][i]
            };
            let subject = results.subject(&runs[0]);
            for arm in (0..arms).filter(|a| *a != reference) {
                rows.push(IndividualEffect {
                    subject: subject.id,
                    arm,
                    reference_arm: reference,
                    endpoint,
                    baseline_observable,
                    baseline: subject.baseline[baseline_observable.index()],
                    effect: change(arm) - change(reference),
                });
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_distr::{Distribution, Normal};

    #[test]
    fn bootstrap_intervals_cover_a_known_effect_about_as_often_as_promised() {
        let truth = 1.0;
        let noise = Normal::new(0.0, 2.0).unwrap();
        let mut data_rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        let mut boot_rng = rand_chacha::ChaCha8Rng::seed_from_u64(12);
        let trials = 400;
        let mut covered = [0, 0];
        for _ in 0..trials {
            for (k, paired) in [false, true].into_iter().enumerate() {
                let control: Vec<f64> = (0..60).map(|_| noise.sample(&mut data_rng)).collect();
                let treated: Vec<f64> = control
                    .iter()
                    .map(|c| {
                        let own = if paired {
                            *c
                        } else {
                            noise.sample(&mut data_rng)
                        };
                        own + truth
                            + if paired {
                                noise.sample(&mut data_rng) * 0.5
                            } else {
                                0.0
                            }
                    })
                    .collect();
                let (_, low, high) =
                    mean_difference(&treated, &control, paired, 500, 0.95, &mut boot_rng);
                if low <= truth && truth <= high {
                    covered[k] += 1;
                }
            }
        }
        for (count, design) in covered.iter().zip(["parallel", "paired"]) {
            let rate = *count as f64 / trials as f64;
            // 95% nominal; percentile intervals run slightly narrow at n = 60.
            assert!((0.90..=0.985).contains(&rate), "{design}: coverage {rate}");
        }
    }

    #[test]
    fn empty_groups_give_nan() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let (effect, low, high) = mean_difference(&[], &[1.0], false, 100, 0.95, &mut rng);
        assert!(effect.is_nan() && low.is_nan() && high.is_nan());
    }
}
