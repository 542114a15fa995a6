//! Sensitivity of an endpoint to every model parameter: normalised local coefficients by central
//! differences, and Morris elementary effects (μ*, μ, σ) over a range around each value.
//!
//! **Illustrative toy model: not calibrated, not medical advice.** Sensitivities describe the toy
//! model, not physiology.
//!
//! The response `Y` is a cohort mean (the scenario's population, usually a small cohort), in the
//! true values (no assay noise), with the same subjects at every evaluation: the cohort is
//! enrolled and allocated once at the scenario's parameters, and every evaluation simulates those
//! people under the same arms (their covariates and variability draws, with the changed typical
//! values) without applying the inclusion criteria or a stratified allocation again. Re-enrolling would let the criteria pick other people as a parameter
//! moves baselines, and a coefficient would measure who gets enrolled rather than what the
//! parameter does. Common random numbers also give a parameter that cannot act on the endpoint a
//! coefficient of exactly 0:
//!
//! - [`Quantity::Level`]: the mean of the endpoint at the end of the study in one arm. Its local
//!   coefficient is normalised, `S = (θ/Y)·∂Y/∂θ = ∂lnY/∂lnθ`: the % change of `Y` per 1% change
//!   of `θ`.
//! - [`Quantity::Change`]: the mean change from baseline to the end in one arm, and
//!   [`Quantity::Effect`]: that change minus the reference arm's. Both can be 0 or change sign, so
//!   their coefficient is semi-normalised, `θ·∂Y/∂θ`, in the endpoint's unit: the change of `Y`
//!   per 100% change of `θ` (to first order).
//!
//! Local derivatives use `θ·(1 ± h)` (central differences); where one side leaves the
//! parameter's documented range, a one-sided difference on the other side; parameters whose value
//! is 0 are not perturbed (a relative step cannot move them).
//!
//! Morris's method (Morris 1991) moves one parameter at a time along `r` random trajectories on a
//! `p`-level grid over `[θ·(1 − f), θ·(1 + f)]` (clipped to the documented range), with the step
//! `Δ = p / (2(p − 1))` of the range. An elementary effect is the change of `Y` per unit of the
//! normalised range (so in `Y`'s unit, per full range); μ* (the mean of their absolute values)
//! ranks influence, σ (their standard deviation) shows interactions or non-linearity.

use crate::cohort::{self, CohortError, CohortResults};
use crate::model::{PARAMETER_TABLE, ParameterInfo, Parameters};
use crate::scenario::Scenario;
use crate::scenario::sweep::tidy;
use crate::simulate::Observable;
use rand::RngExt;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

/// What is analysed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    /// Mean of the endpoint at the end, in the arm.
    Level,
    /// Mean change from baseline to the end, in the arm.
    Change,
    /// Mean change in the arm minus mean change in the reference arm.
    Effect,
}

impl Quantity {
    /// Every quantity.
    pub const ALL: [Self; 3] = [Self::Level, Self::Change, Self::Effect];

    /// The name on the command line and in outputs.
    pub fn name(self) -> &'static str {
        match self {
            Self::Level => "level",
            Self::Change => "change",
            Self::Effect => "effect",
        }
    }

    /// The quantity with this name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|q| q.name() == name)
    }

    /// Whether the local coefficient is normalised (`∂lnY/∂lnθ`) rather than semi-normalised
    /// (`θ·∂Y/∂θ`).
    pub fn normalised(self) -> bool {
        self == Self::Level
    }
}

/// Settings of an analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The endpoint.
    pub endpoint: Observable,
    /// Index of the arm whose response is analysed.
    pub arm: usize,
    /// What of the endpoint.
    pub quantity: Quantity,
    /// Relative step `h` of the local differences.
    pub relative_step: f64,
    /// Compute local coefficients.
    pub local: bool,
    /// Morris trajectories `r` (0: no Morris analysis).
    pub trajectories: usize,
    /// Morris grid levels `p` (even, at least 2).
    pub levels: usize,
    /// Morris range: `θ·(1 ± f)`.
    pub range: f64,
    /// Seed of the Morris trajectories.
    pub seed: u64,
}

/// How a local derivative was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Difference {
    /// `θ(1 − h)` and `θ(1 + h)`.
    Central,
    /// `θ` and `θ(1 + h)` (the lower side leaves the range).
    Forward,
    /// `θ(1 − h)` and `θ` (the upper side leaves the range).
    Backward,
}

impl Difference {
    /// The name in outputs.
    pub fn name(self) -> &'static str {
        match self {
            Self::Central => "central",
            Self::Forward => "forward",
            Self::Backward => "backward",
        }
    }
}

/// A local coefficient.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Local {
    /// How the derivative was taken.
    pub difference: Difference,
    /// Lower parameter value used.
    pub low: f64,
    /// Upper parameter value used.
    pub high: f64,
    /// The coefficient (normalised or semi-normalised, see [`Quantity::normalised`]).
    pub coefficient: f64,
}

/// Morris statistics of one parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MorrisStatistics {
    /// Lower end of the range.
    pub low: f64,
    /// Upper end of the range.
    pub high: f64,
    /// Mean of the absolute elementary effects.
    pub mu_star: f64,
    /// Mean of the elementary effects.
    pub mu: f64,
    /// Standard deviation of the elementary effects (n − 1).
    pub sigma: f64,
}

/// The sensitivity of the response to one parameter.
#[derive(Debug, Clone)]
pub struct ParameterSensitivity {
    /// The parameter.
    pub info: &'static ParameterInfo,
    /// Its value in the scenario.
    pub value: f64,
    /// The local coefficient, if computed.
    pub local: Option<Local>,
    /// Morris statistics, if computed.
    pub morris: Option<MorrisStatistics>,
    /// Why something was not computed, if so.
    pub note: Option<String>,
}

/// The result of an analysis.
#[derive(Debug, Clone)]
pub struct Report {
    /// The response at the scenario's parameters.
    pub response: f64,
    /// One entry per parameter of [`PARAMETER_TABLE`], in its order.
    pub parameters: Vec<ParameterSensitivity>,
    /// Cohort simulations run.
    pub evaluations: usize,
}

/// The response of a simulated cohort.
pub fn response(scenario: &Scenario, results: &CohortResults, settings: &Settings) -> f64 {
    let i = settings.endpoint.index();
    let mean = |arm: usize, change: bool| {
        let (mut sum, mut n) = (0.0, 0);
        for run in results.arm(arm) {
            let rows = &run.trajectory.rows;
            let end = rows[rows.len() - 1][i];
            sum += if change { end - rows[0][i] } else { end };
            n += 1;
        }
        sum / n as f64
    };
    match settings.quantity {
        Quantity::Level => mean(settings.arm, false),
        Quantity::Change => mean(settings.arm, true),
        Quantity::Effect => mean(settings.arm, true) - mean(scenario.analysis.reference_arm, true),
    }
}

/// Number of cohort simulations an analysis needs (for progress bars).
pub fn evaluations(scenario: &Scenario, settings: &Settings) -> usize {
    let local = if settings.local {
        1 + PARAMETER_TABLE
            .iter()
            .filter_map(|info| {
                local_plan(info, info.get(&scenario.parameters), settings.relative_step).ok()
            })
            .map(|(difference, _, _)| {
                if difference == Difference::Central {
                    2
                } else {
                    1
                }
            })
            .sum::<usize>()
    } else {
        0
    };
    let factors = morris_factors(scenario, settings).len();
    local + settings.trajectories * (factors + 1)
}

/// How a local difference is taken: the kind, and the lower and upper parameter values.
type LocalPlan = (Difference, f64, f64);

/// The values a local difference uses, or why the parameter is not perturbed.
fn local_plan(info: &ParameterInfo, value: f64, h: f64) -> Result<LocalPlan, String> {
    if value == 0.0 {
        return Err("value 0: a relative step cannot move it".into());
    }
    let (down, up) = (tidy(value * (1.0 - h)), tidy(value * (1.0 + h)));
    let (low, high) = (down.min(up), down.max(up));
    match (info.accepts(low), info.accepts(high)) {
        (true, true) => Ok((Difference::Central, low, high)),
        (false, true) => Ok((Difference::Forward, value, high)),
        (true, false) => Ok((Difference::Backward, low, value)),
        (false, false) => Err(format!(
            "a step of {h} leaves the documented range [{}, {}] on both sides",
            info.min, info.max
        )),
    }
}

/// The Morris factors: parameters with a range of positive width, with their ranges.
fn morris_factors(scenario: &Scenario, settings: &Settings) -> Vec<(usize, f64, f64)> {
    if settings.trajectories == 0 {
        return Vec::new();
    }
    PARAMETER_TABLE
        .iter()
        .enumerate()
        .filter_map(|(k, info)| {
            let value = info.get(&scenario.parameters);
            let (a, b) = (
                tidy(value * (1.0 - settings.range)),
                tidy(value * (1.0 + settings.range)),
            );
            let low = a.min(b).max(info.min);
            let high = a.max(b).min(info.max);
            (value != 0.0 && high > low).then_some((k, low, high))
        })
        .collect()
}

/// The scenario and the people it enrolled (and their arms) at its own parameters.
struct Subjects<'a> {
    scenario: &'a Scenario,
    enrolled: cohort::Enrolled,
}

/// Simulates the cohort's subjects with other parameters and returns the response.
fn evaluate(
    subjects: &Subjects<'_>,
    parameters: Parameters,
    settings: &Settings,
    progress: &(dyn Fn() + Sync),
) -> Result<f64, CohortError> {
    let mut changed = subjects.scenario.clone();
    changed.parameters = parameters;
    let results = cohort::simulate_candidates(&changed, &subjects.enrolled, progress)?;
    Ok(response(&changed, &results, settings))
}

/// Parameters of the scenario with one changed.
fn with(scenario: &Scenario, info: &ParameterInfo, value: f64) -> Parameters {
    let mut parameters = scenario.parameters;
    info.set(&mut parameters, value);
    parameters
}

/// Runs the analysis on the current rayon pool. `progress` is called after each subject of each
/// evaluation.
pub fn analyse(
    scenario: &Scenario,
    settings: &Settings,
    progress: &(dyn Fn() + Sync),
) -> Result<Report, CohortError> {
    // Enrol once, at the scenario's parameters; every evaluation simulates these same people.
    // Re-enrolling would let inclusion criteria pick other people as a parameter moves their
    // baseline, and the coefficients would measure who is enrolled, not what the parameter does.
    let enrolled = cohort::simulate(scenario, progress)?;
    let subjects = Subjects {
        scenario,
        enrolled: cohort::Enrolled::of(&enrolled),
    };
    let base = response(scenario, &enrolled, settings);
    let mut report = Report {
        response: base,
        parameters: PARAMETER_TABLE
            .iter()
            .map(|info| ParameterSensitivity {
                info,
                value: info.get(&scenario.parameters),
                local: None,
                morris: None,
                note: None,
            })
            .collect(),
        evaluations: 1,
    };
    if settings.local {
        local_coefficients(&subjects, settings, base, progress, &mut report);
    }
    if settings.trajectories > 0 {
        morris(&subjects, settings, progress, &mut report)?;
    }
    Ok(report)
}

fn local_coefficients(
    subjects: &Subjects<'_>,
    settings: &Settings,
    base: f64,
    progress: &(dyn Fn() + Sync),
    report: &mut Report,
) {
    let scenario = subjects.scenario;
    let plans: Vec<(usize, Result<LocalPlan, String>)> = PARAMETER_TABLE
        .iter()
        .enumerate()
        .map(|(k, info)| {
            (
                k,
                local_plan(info, info.get(&scenario.parameters), settings.relative_step),
            )
        })
        .collect();
    // Every value to simulate, as (parameter, value); the scenario's own value is `base`.
    let mut jobs: Vec<(usize, f64)> = Vec::new();
    for (k, plan) in &plans {
        if let Ok((_, low, high)) = plan {
            let value = report.parameters[*k].value;
            for v in [*low, *high] {
                if v != value {
                    jobs.push((*k, v));
                }
            }
        }
    }
    let responses: Vec<Result<f64, CohortError>> = jobs
        .par_iter()
        .map(|&(k, v)| {
            evaluate(
                subjects,
                with(scenario, &PARAMETER_TABLE[k], v),
                settings,
                progress,
            )
        })
        .collect();
    report.evaluations += jobs.len();
    for (k, plan) in plans {
        let entry = &mut report.parameters[k];
        let (difference, low, high) = match plan {
            Ok(p) => p,
            Err(note) => {
                entry.note = Some(note);
                continue;
            }
        };
        let at = |v: f64| -> Result<f64, String> {
            if v == entry.value {
                return Ok(base);
            }
            let position = jobs
                .iter()
                .position(|&(j, w)| j == k && w == v)
                .ok_or_else(|| "internal: missing evaluation".to_string())?;
            responses[position].as_ref().map(|y| *y).map_err(|e| {
                format!(
                    "the cohort could not be simulated with {} = {v}: {e}",
                    entry.info.name
                )
            })
        };
        match (at(low), at(high)) {
            (Ok(y_low), Ok(y_high)) => {
                let slope = (y_high - y_low) / (high - low);
                let coefficient = if settings.quantity.normalised() {
                    slope * entry.value / base
                } else {
                    slope * entry.value
                };
                entry.local = Some(Local {
                    difference,
                    low,
                    high,
                    coefficient,
                });
                if settings.quantity.normalised() && base == 0.0 {
                    entry.note = Some("the response is 0: no normalised coefficient".into());
                }
            }
            (Err(note), _) | (_, Err(note)) => entry.note = Some(note),
        }
    }
}

fn morris(
    subjects: &Subjects<'_>,
    settings: &Settings,
    progress: &(dyn Fn() + Sync),
    report: &mut Report,
) -> Result<(), CohortError> {
    let scenario = subjects.scenario;
    let factors = morris_factors(scenario, settings);
    let p = settings.levels.max(2);
    let delta = p as f64 / (2.0 * (p - 1) as f64);
    // Each trajectory: the grid positions of its k + 1 points, and which factor each step moves.
    let mut points: Vec<Parameters> = Vec::new();
    let mut steps: Vec<Vec<(usize, f64)>> = Vec::new(); // per trajectory: (factor, signed Δ)
    for t in 0..settings.trajectories {
        let mut rng = ChaCha8Rng::seed_from_u64(settings.seed ^ 0x4D4F_5252_4953_5F45); // "MORRIS_E"
        rng.set_stream(t as u64);
        let mut x: Vec<f64> = factors
            .iter()
            .map(|_| rng.random_range(0..p) as f64 / (p - 1) as f64)
            .collect();
        let mut order: Vec<usize> = (0..factors.len()).collect();
        for i in (1..order.len()).rev() {
            let j = rng.random_range(0..=i);
            order.swap(i, j);
        }
        let to_parameters = |x: &[f64]| {
            let mut parameters = scenario.parameters;
            for ((k, low, high), x) in factors.iter().zip(x) {
                PARAMETER_TABLE[*k].set(&mut parameters, low + x * (high - low));
            }
            parameters
        };
        points.push(to_parameters(&x));
        let mut moves = Vec::new();
        for &f in &order {
            let signed = if x[f] + delta <= 1.0 + 1e-12 {
                delta
            } else {
                -delta
            };
            x[f] += signed;
            moves.push((f, signed));
            points.push(to_parameters(&x));
        }
        steps.push(moves);
    }
    let responses: Vec<f64> = points
        .par_iter()
        .map(|parameters| evaluate(subjects, *parameters, settings, progress))
        .collect::<Result<_, _>>()?;
    report.evaluations += points.len();
    let mut effects: Vec<Vec<f64>> = vec![Vec::new(); factors.len()];
    for (t, moves) in steps.iter().enumerate() {
        let first = t * (factors.len() + 1);
        for (s, &(f, signed)) in moves.iter().enumerate() {
            let (before, after) = (responses[first + s], responses[first + s + 1]);
            effects[f].push((after - before) / signed);
        }
    }
    for ((k, low, high), ee) in factors.iter().zip(effects) {
        let n = ee.len() as f64;
        let mu = ee.iter().sum::<f64>() / n;
        let mu_star = ee.iter().map(|e| e.abs()).sum::<f64>() / n;
        let sigma = if ee.len() > 1 {
            (ee.iter().map(|e| (e - mu).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
        } else {
            0.0
        };
        report.parameters[*k].morris = Some(MorrisStatistics {
            low: *low,
            high: *high,
            mu_star,
            mu,
            sigma,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_differences_stay_inside_the_documented_range() {
        let f_d = Parameters::info("f_d").unwrap();
        assert_eq!(local_plan(f_d, 0.8, 0.01).unwrap().0, Difference::Central);
        let (difference, low, high) = local_plan(f_d, 1.0, 0.01).unwrap();
        assert_eq!(difference, Difference::Backward);
        assert!((low - 0.99).abs() < 1e-12 && high == 1.0);
        assert!(local_plan(f_d, 0.0, 0.01).is_err());
    }
}
