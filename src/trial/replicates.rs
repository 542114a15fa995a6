//! Replicate trials: the scenario's trial run `K` times on new people, to see how often a trial
//! of this size sees the effect (its **power**).
//!
//! Trial `r` draws its own cohort from the population with the seed
//! `stream(seed, Purpose::Replicate, r)`, so its subjects (and their season, intakes and assay
//! noise) are new people, and the results are the same whatever the number of threads. Each trial
//! is analysed as a real one would be: the difference in mean **measured** change, arm minus
//! reference, overall and per stratum, with a t interval (Welch's for parallel groups, the paired
//! one for the counterfactual design) at the analysis's confidence level. An estimate is
//! *significant* when its interval excludes zero. Across trials, the **right sign** is the sign of
//! the average estimate over all `K` trials (the population effect, to the precision `K` trials
//! give), and the **power** is the share of trials whose interval excludes zero on that side.

use super::percentile;
use crate::cohort::{self, CohortError, CohortResults, Purpose, stream};
use crate::scenario::{Design, Scenario, Stratification};
use crate::simulate::Observable;
use rand::RngExt;
use rayon::prelude::*;
use statrs::distribution::{ContinuousCDF, StudentsT};

/// One trial's estimate of one effect: a row of `replicates.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct TrialEstimate {
    /// Trial number, from 1.
    pub trial: usize,
    /// The trial's seed.
    pub seed: u64,
    /// Endpoint.
    pub endpoint: Observable,
    /// Arm index.
    pub arm: usize,
    /// Reference arm index.
    pub reference_arm: usize,
    /// Stratum label (`all` for every subject).
    pub stratum: String,
    /// Subjects in the arm and stratum.
    pub n_arm: usize,
    /// Subjects in the reference arm and stratum.
    pub n_reference: usize,
    /// Difference in mean measured change (NaN when a group has fewer than two subjects).
    pub effect: f64,
    /// Lower end of the t interval.
    pub ci_low: f64,
    /// Upper end of the t interval.
    pub ci_high: f64,
}

impl TrialEstimate {
    /// Whether the interval excludes zero.
    pub fn significant(&self) -> bool {
        self.ci_low > 0.0 || self.ci_high < 0.0
    }
}

/// The distribution of one effect over the trials: a row of `power.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct PowerSummary {
    /// Endpoint.
    pub endpoint: Observable,
    /// Arm index.
    pub arm: usize,
    /// Reference arm index.
    pub reference_arm: usize,
    /// Stratum label.
    pub stratum: String,
    /// Trials with an estimate (both groups of at least two subjects).
    pub trials: usize,
    /// Mean subjects per trial in the arm and stratum.
    pub mean_n_arm: f64,
    /// Mean estimate: the population effect to this precision.
    pub mean_effect: f64,
    /// SD of the estimates over trials (the trial's real uncertainty).
    pub sd_effect: f64,
    /// 2.5th, 50th and 97.5th percentiles of the estimates.
    pub percentiles: [f64; 3],
    /// Share of trials whose interval excludes zero (either side).
    pub fraction_significant: f64,
    /// Share of trials whose estimate has the sign of the mean estimate.
    pub fraction_right_sign: f64,
    /// Share of trials whose interval excludes zero on the side of the mean estimate.
    pub power: f64,
}

/// The seed of replicate trial `trial` (from 1).
pub fn trial_seed(seed: u64, trial: usize) -> u64 {
    stream(seed, Purpose::Replicate, trial as u64).random()
}

/// The scenario of one replicate trial: new seed, the replicate size and design, sampling at
/// baseline and end only, and no replicates of its own.
pub fn trial_scenario(scenario: &Scenario, trial: usize) -> Scenario {
    let mut one = scenario.clone();
    one.seed = trial_seed(scenario.seed, trial);
    one.resolved_toml.clear();
    one.sweep = None;
    if let Some(replicates) = &scenario.replicates {
        one.population.subjects = replicates.subjects;
        one.design = replicates.design.clone();
    }
    one.replicates = None;
    if let [first, .., last] = scenario.sample_days[..] {
        one.sample_days = vec![first, last];
    }
    one
}

/// Runs trials `1..=trials` of the scenario (its `[replicates]` size and design, or the
/// scenario's own without it) on the current rayon pool and returns every estimate, in trial
/// order. `progress` is called once per finished trial.
pub fn run(
    scenario: &Scenario,
    trials: usize,
    progress: &(dyn Fn() + Sync),
) -> Result<Vec<TrialEstimate>, CohortError> {
    let per_trial: Vec<Vec<TrialEstimate>> = (1..=trials)
        .into_par_iter()
        .map(|trial| {
            let one = trial_scenario(scenario, trial);
            let results = cohort::simulate(&one, &|| {})?;
            progress();
            Ok(estimates(&one, &results, trial))
        })
        .collect::<Result<_, CohortError>>()?;
    Ok(per_trial.into_iter().flatten().collect())
}

/// Measured change from baseline to the last sample of every run, indexed like `runs`.
fn measured_changes(results: &CohortResults, endpoint: Observable) -> Vec<f64> {
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

/// Mean and sample variance.
fn mean_and_variance(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, variance)
}

/// Difference in means of `treated` and `control` with a t interval: paired (the same subjects
/// in the same order) or Welch's. Returns `(effect, low, high)`, NaN when a group has fewer than
/// two values.
pub fn t_interval(treated: &[f64], control: &[f64], paired: bool, confidence: f64) -> [f64; 3] {
    if treated.len() < 2 || control.len() < 2 {
        return [f64::NAN; 3];
    }
    let (effect, standard_error, df) = if paired {
        let differences: Vec<f64> = treated.iter().zip(control).map(|(t, c)| t - c).collect();
        let (mean, variance) = mean_and_variance(&differences);
        let n = differences.len() as f64;
        (mean, (variance / n).sqrt(), n - 1.0)
    } else {
        let (mean_t, var_t) = mean_and_variance(treated);
        let (mean_c, var_c) = mean_and_variance(control);
        let (a, b) = (var_t / treated.len() as f64, var_c / control.len() as f64);
        let df = (a + b).powi(2)
            / (a * a / (treated.len() - 1) as f64 + b * b / (control.len() - 1) as f64);
        (mean_t - mean_c, (a + b).sqrt(), df)
    };
    let quantile = if standard_error > 0.0 && df.is_finite() {
        StudentsT::new(0.0, 1.0, df.max(1.0))
            .map_or(f64::NAN, |t| t.inverse_cdf(0.5 + confidence / 2.0))
    } else {
        0.0
    };
    [
        effect,
        effect - quantile * standard_error,
        effect + quantile * standard_error,
    ]
}

/// Every estimate of one simulated trial.
pub fn estimates(scenario: &Scenario, results: &CohortResults, trial: usize) -> Vec<TrialEstimate> {
    let analysis = &scenario.analysis;
    let reference = analysis.reference_arm;
    let paired = scenario.design == Design::Counterfactual;
    let strata = analysis.strata.as_ref();
    let stratum_of = |run: &cohort::SubjectRun| {
        strata.map(|s: &Stratification| s.bin(results.subject(run).value_of(s.by)))
    };
    let bins = strata.map_or(0, Stratification::bins);
    let run_strata: Vec<Option<usize>> = results.runs.iter().map(stratum_of).collect();
    let mut rows = Vec::new();
    for &endpoint in &analysis.endpoints {
        let change = measured_changes(results, endpoint);
        for arm in (0..scenario.arms.len()).filter(|a| *a != reference) {
            for stratum in std::iter::once(None).chain((0..bins).map(Some)) {
                let group = |wanted: usize| -> Vec<f64> {
                    results
                        .runs
                        .iter()
                        .zip(&change)
                        .zip(&run_strata)
                        .filter(|((run, _), s)| {
                            run.arm == wanted && (stratum.is_none() || **s == stratum)
                        })
                        .map(|((_, c), _)| *c)
                        .collect()
                };
                let (treated, control) = (group(arm), group(reference));
                let [effect, ci_low, ci_high] =
                    t_interval(&treated, &control, paired, analysis.confidence);
                rows.push(TrialEstimate {
                    trial,
                    seed: scenario.seed,
                    endpoint,
                    arm,
                    reference_arm: reference,
                    stratum: match (stratum, strata) {
                        (Some(b), Some(s)) => s.label(b),
                        _ => "all".to_string(),
                    },
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

/// The distribution of every effect over the trials, in the order the estimates first appear.
pub fn summarize(estimates: &[TrialEstimate]) -> Vec<PowerSummary> {
    let mut keys: Vec<(Observable, usize, usize, &str)> = Vec::new();
    for e in estimates {
        let key = (e.endpoint, e.arm, e.reference_arm, e.stratum.as_str());
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys.into_iter()
        .map(|(endpoint, arm, reference_arm, stratum)| {
            let of_key: Vec<&TrialEstimate> = estimates
                .iter()
                .filter(|e| {
                    e.endpoint == endpoint
                        && e.arm == arm
                        && e.reference_arm == reference_arm
                        && e.stratum == stratum
                })
                .collect();
            let valid: Vec<&TrialEstimate> = of_key
                .iter()
                .copied()
                .filter(|e| e.effect.is_finite())
                .collect();
            let n = valid.len();
            let mut effects: Vec<f64> = valid.iter().map(|e| e.effect).collect();
            let share = |count: usize| {
                if n == 0 {
                    f64::NAN
                } else {
                    count as f64 / n as f64
                }
            };
            let (mean, sd) = if n >= 2 {
                let (mean, variance) = mean_and_variance(&effects);
                (mean, variance.sqrt())
            } else {
                (effects.first().copied().unwrap_or(f64::NAN), f64::NAN)
            };
            effects.sort_by(f64::total_cmp);
            let right = |e: &&TrialEstimate| (e.effect > 0.0) == (mean > 0.0) && e.effect != 0.0;
            let powered = |e: &&TrialEstimate| {
                if mean > 0.0 {
                    e.ci_low > 0.0
                } else {
                    e.ci_high < 0.0
                }
            };
            PowerSummary {
                endpoint,
                arm,
                reference_arm,
                stratum: stratum.to_string(),
                trials: n,
                mean_n_arm: of_key.iter().map(|e| e.n_arm as f64).sum::<f64>()
                    / of_key.len().max(1) as f64,
                mean_effect: mean,
                sd_effect: sd,
                percentiles: [
                    percentile(&effects, 0.025),
                    percentile(&effects, 0.5),
                    percentile(&effects, 0.975),
                ],
                fraction_significant: share(valid.iter().filter(|e| e.significant()).count()),
                fraction_right_sign: share(valid.iter().filter(|e| right(e)).count()),
                power: share(valid.iter().filter(|e| powered(e)).count()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_intervals_match_hand_computed_values() {
        // Paired: differences 1, 2, 3: mean 2, SE 1/sqrt(3), t(2, 0.975) = 4.302653.
        let [effect, low, high] = t_interval(&[2.0, 4.0, 6.0], &[1.0, 2.0, 3.0], true, 0.95);
        let half = 4.302_652_729_911_275 / 3.0_f64.sqrt();
        assert!((effect - 2.0).abs() < 1e-12);
        assert!((low - (2.0 - half)).abs() < 1e-9 && (high - (2.0 + half)).abs() < 1e-9);
        // Welch with equal variances and sizes: df = 2(n - 1).
        let [effect, low, _] = t_interval(&[1.0, 2.0, 3.0], &[0.0, 1.0, 2.0], false, 0.95);
        let half = 2.776_445_105_197_793 * (2.0_f64 / 3.0).sqrt();
        assert!((effect - 1.0).abs() < 1e-12 && (low - (1.0 - half)).abs() < 1e-9);
        assert!(t_interval(&[1.0], &[1.0, 2.0], false, 0.95)[0].is_nan());
    }

    #[test]
    fn power_counts_significant_trials_on_the_side_of_the_mean() {
        let estimate = |trial, effect: f64, half: f64| TrialEstimate {
            trial,
            seed: 0,
            endpoint: Observable::Ohd25,
            arm: 1,
            reference_arm: 0,
            stratum: "all".into(),
            n_arm: 10,
            n_reference: 10,
            effect,
            ci_low: effect - half,
            ci_high: effect + half,
        };
        let rows = [
            estimate(1, 2.0, 1.0),
            estimate(2, 1.0, 2.0),
            estimate(3, -0.5, 1.0),
            estimate(4, 3.0, 1.0),
        ];
        let summary = &summarize(&rows)[0];
        assert_eq!(summary.trials, 4);
        assert!((summary.mean_effect - 1.375).abs() < 1e-12);
        assert_eq!(summary.fraction_significant, 0.5);
        assert_eq!(summary.fraction_right_sign, 0.75);
        assert_eq!(summary.power, 0.5);
    }
}
