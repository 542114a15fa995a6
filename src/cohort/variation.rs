//! A subject's intakes over time: its usual intakes times day-by-day factors for the season's
//! sun-made vitamin D, day-to-day variation and slow biological drift (`[season]` and
//! `[variation]` of the scenario; `docs/model.md`, "Within-subject variation over time").
//!
//! The factors are drawn per day and reach the simulator as ordinary intake changes, piecewise
//! constant over blocks of `resolution_days` (default 7) that carry the mean of their days, so
//! the right-hand side is untouched. Weekly blocks keep the integrator's steps long (daily ones
//! cost about 1.4 times as much); 25(OH)D, tissue Mg and the endpoints turn over in weeks and
//! barely tell them apart (`docs/model.md` gives the comparison).
//! Every factor comes from the subject's own stream (seed, [`Purpose::Variation`], candidate):
//! the same person has the same weather and the same days under every arm, and whatever the
//! number of threads.
//!
//! **The start.** A real participant enters a trial carrying the months before it: in autumn,
//! the summer's 25(OH)D. The factors are therefore drawn from [`HISTORY_DAYS`] before day 0, and
//! the subject starts at the steady state under its intake *as the body has averaged it*: the
//! daily inputs before day 0 weighted by `exp(−k·s)` at `s` days back, with `k` the subject's own
//! 25(OH)D turnover rate for vitamin D and the tissue exchange rate `k_tis` for Mg. For a
//! first-order pool this is exactly the state the history leads to; for the model it is a close
//! approximation (the test `season_start_matches_a_year_of_history` compares it with a simulated
//! year).

use super::draw::{Purpose, stream};
use crate::model::{Intake, Model, State};
use crate::scenario::{Arm, IntakeChange, Scenario};
use crate::simulate::IntakeSchedule;
use rand::RngExt;
use rand_distr::StandardNormal;

/// Days of history drawn before day 0 (the weight of older days is below 1% for any 25(OH)D
/// turnover faster than 0.026/day).
pub const HISTORY_DAYS: usize = 180;

/// Day-by-day factors on a subject's usual intakes, from `-HISTORY_DAYS` to the last study day.
#[derive(Debug, Clone, PartialEq)]
pub struct Exposure {
    /// Factor on the vitamin D input of each day (index `day + HISTORY_DAYS`).
    vitamin_d: Vec<f64>,
    /// Factor on the Mg intake of each day.
    magnesium: Vec<f64>,
    /// Days per block: the simulator sees each block's mean factor
    /// ([`crate::scenario::Variation::resolution_days`]).
    resolution_days: usize,
}

/// `exp(σz − σ²/2)` with `σ² = ln(1 + cv²)`: a log-normal factor of mean 1 and the given CV.
fn lognormal_factor(cv: f64, z: f64) -> f64 {
    let variance = (1.0 + cv * cv).ln();
    (variance.sqrt() * z - variance / 2.0).exp()
}

/// An Ornstein–Uhlenbeck process on the log scale, started from its stationary distribution:
/// `x' = a·x + √(1 − a²)·σ·z` with `a = exp(−1/τ)`, so that each day's factor
/// `exp(x − σ²/2)` has mean 1 and CV `cv`, and days `τ` apart correlate by `1/e`.
struct Drift {
    log_sd: f64,
    persistence: f64,
    x: f64,
}

impl Drift {
    fn new(cv: f64, correlation_days: f64, z: f64) -> Self {
        let log_sd = (1.0 + cv * cv).ln().sqrt();
        Self {
            log_sd,
            persistence: (-1.0 / correlation_days).exp(),
            x: log_sd * z,
        }
    }

    /// Today's factor, then a step to tomorrow.
    fn next(&mut self, z: f64) -> f64 {
        let factor = (self.x - self.log_sd * self.log_sd / 2.0).exp();
        let a = self.persistence;
        self.x = a * self.x + (1.0 - a * a).sqrt() * self.log_sd * z;
        factor
    }
}

impl Exposure {
    /// The factors of candidate `candidate`, or `None` when the scenario has neither `[season]`
    /// nor `[variation]` (intakes are then constant).
    pub fn of(scenario: &Scenario, candidate: u64) -> Option<Self> {
        if scenario.season.is_none() && scenario.variation.is_none() {
            return None;
        }
        let mut rng = stream(scenario.seed, Purpose::Variation, candidate);
        let mut normal = || -> f64 { rng.sample(StandardNormal) };
        let sun_share = scenario.season.as_ref().map_or(0.0, |season| {
            (season.sun_share + season.sun_share_sd * normal()).clamp(0.0, 1.0)
        });
        let variation = scenario.variation.unwrap_or(crate::scenario::Variation {
            vitamin_d_day_cv: 0.0,
            mg_day_cv: 0.0,
            drift_cv: 0.0,
            drift_days: 30.0,
            resolution_days: crate::scenario::variation::DEFAULT_RESOLUTION_DAYS,
        });
        let mut drift_d = Drift::new(variation.drift_cv, variation.drift_days, normal());
        let mut drift_mg = Drift::new(variation.drift_cv, variation.drift_days, normal());
        let days = HISTORY_DAYS + scenario.duration_days.ceil() as usize + 1;
        let mut vitamin_d = Vec::with_capacity(days);
        let mut magnesium = Vec::with_capacity(days);
        for k in 0..days {
            let day = k as i64 - HISTORY_DAYS as i64;
            let sun = scenario.season.as_ref().map_or(1.0, |season| {
                1.0 - sun_share + sun_share * season.relative_sun(day)
            });
            let (z_drift_d, z_day_d, z_drift_mg, z_day_mg) =
                (normal(), normal(), normal(), normal());
            vitamin_d.push(
                sun * drift_d.next(z_drift_d)
                    * lognormal_factor(variation.vitamin_d_day_cv, z_day_d),
            );
            magnesium
                .push(drift_mg.next(z_drift_mg) * lognormal_factor(variation.mg_day_cv, z_day_mg));
        }
        Some(Self {
            vitamin_d,
            magnesium,
            resolution_days: variation.resolution_days,
        })
    }

    /// The factors `(vitamin D, Mg)` the simulator uses on study day `day`: the means over the
    /// block of `resolution_days` days holding it (blocks start on day 0; days after the study
    /// take the last day drawn).
    pub fn factors(&self, day: f64) -> (f64, f64) {
        let r = self.resolution_days as f64;
        let first = (day / r).floor() * r;
        let last = (self.vitamin_d.len() - 1) as f64;
        let (mut d, mut mg) = (0.0, 0.0);
        for k in 0..self.resolution_days {
            let index = (first + k as f64 + HISTORY_DAYS as f64).clamp(0.0, last) as usize;
            d += self.vitamin_d[index];
            mg += self.magnesium[index];
        }
        (d / r, mg / r)
    }

    /// `usual` times the factors of `day`.
    pub fn intake_on(&self, usual: Intake, day: f64) -> Intake {
        let (d, mg) = self.factors(day);
        Intake {
            vitamin_d_iu_per_day: usual.vitamin_d_iu_per_day * d,
            magnesium_mg_per_day: usual.magnesium_mg_per_day * mg,
        }
    }

    /// The days from which the simulator's intake changes (block starts after day 0, before
    /// `end_day`).
    fn change_days(&self, end_day: f64) -> impl Iterator<Item = f64> + '_ {
        (1..)
            .map(|k| (k * self.resolution_days) as f64)
            .take_while(move |day| *day < end_day)
    }

    /// The usual intake as the body has averaged it by day 0: the inputs of the days before,
    /// weighted by `exp(−k·s)` at `s` days back (normalised over [`HISTORY_DAYS`]), with `k` the
    /// turnover rate of 25(OH)D for vitamin D and of tissue Mg for Mg, per day.
    pub fn remembered_intake(
        &self,
        usual: Intake,
        vitamin_d_rate_per_day: f64,
        mg_rate_per_day: f64,
    ) -> Intake {
        let weighted = |factors: &[f64], rate: f64| {
            let rate = rate.max(1e-6);
            let (mut total, mut weights) = (0.0, 0.0);
            for back in 1..=HISTORY_DAYS {
                // Day −back covers [back − 1, back] days before day 0.
                let weight = (-rate * (back - 1) as f64).exp() - (-rate * back as f64).exp();
                total += weight * factors[HISTORY_DAYS - back];
                weights += weight;
            }
            total / weights
        };
        Intake {
            vitamin_d_iu_per_day: usual.vitamin_d_iu_per_day
                * weighted(&self.vitamin_d, vitamin_d_rate_per_day),
            magnesium_mg_per_day: usual.magnesium_mg_per_day
                * weighted(&self.magnesium, mg_rate_per_day),
        }
    }
}

/// The turnover rate of 25(OH)D at `state`, per day: minus the derivative of its rate of change
/// with respect to itself (central difference), the `k` of [`Exposure::remembered_intake`].
pub fn ohd25_turnover_per_day(model: &Model, intake: &Intake, state: &State) -> f64 {
    let step = 1e-4 * state.ohd25_ng_ml.max(1e-2);
    let rate = |ohd25_ng_ml: f64| {
        let shifted = State {
            ohd25_ng_ml,
            ..*state
        };
        model.derivatives(intake, &shifted).0.ohd25_ng_ml
    };
    -(rate(state.ohd25_ng_ml + step) - rate(state.ohd25_ng_ml - step)) / (2.0 * step)
}

/// Background intakes of an arm for a subject: its usual intake, changed on the arm's days, and
/// with an exposure multiplied by the factors of each block of days (one change per block).
pub fn intake_schedule(
    usual: Intake,
    arm: &Arm,
    exposure: Option<&Exposure>,
    end_day: f64,
) -> IntakeSchedule {
    let mut current = usual;
    let arm_changes: Vec<(f64, Intake)> = arm
        .intake_changes
        .iter()
        .map(|change: &IntakeChange| {
            if let Some(v) = change.vitamin_d_input_iu_per_day {
                current.vitamin_d_iu_per_day = v;
            }
            if let Some(m) = change.mg_intake_mg_per_day {
                current.magnesium_mg_per_day = m;
            }
            (change.day, current)
        })
        .collect();
    let Some(exposure) = exposure else {
        return IntakeSchedule {
            initial: usual,
            changes: arm_changes,
        };
    };
    // The arm's change days and the start of every block of days, in order, each once.
    let mut days: Vec<f64> = arm_changes.iter().map(|(day, _)| *day).collect();
    days.extend(exposure.change_days(end_day));
    days.sort_by(f64::total_cmp);
    days.dedup();
    let base_on = |day: f64| {
        arm_changes
            .iter()
            .take_while(|(change_day, _)| *change_day <= day)
            .last()
            .map_or(usual, |(_, intake)| *intake)
    };
    IntakeSchedule {
        initial: exposure.intake_on(usual, 0.0),
        changes: days
            .into_iter()
            .map(|day| (day, exposure.intake_on(base_on(day), day)))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lognormal_factors_and_drift_have_mean_one_and_the_asked_cv() {
        let mut rng = stream(7, Purpose::Variation, 0);
        let n = 200_000;
        let factors: Vec<f64> = (0..n)
            .map(|_| lognormal_factor(0.3, rng.sample(StandardNormal)))
            .collect();
        let mean = factors.iter().sum::<f64>() / n as f64;
        let sd = (factors.iter().map(|f| (f - mean).powi(2)).sum::<f64>() / n as f64).sqrt();
        assert!(
            (mean - 1.0).abs() < 0.005 && (sd - 0.3).abs() < 0.01,
            "{mean} {sd}"
        );
        let mut drift = Drift::new(0.2, 30.0, rng.sample(StandardNormal));
        let series: Vec<f64> = (0..n)
            .map(|_| drift.next(rng.sample(StandardNormal)))
            .collect();
        let mean = series.iter().sum::<f64>() / n as f64;
        assert!((mean - 1.0).abs() < 0.02, "{mean}");
        // Lag-30 autocorrelation of the log about 1/e.
        let logs: Vec<f64> = series.iter().map(|f| f.ln()).collect();
        let m = logs.iter().sum::<f64>() / n as f64;
        let var = logs.iter().map(|l| (l - m).powi(2)).sum::<f64>() / n as f64;
        let lag = (0..n - 30)
            .map(|i| (logs[i] - m) * (logs[i + 30] - m))
            .sum::<f64>()
            / (n - 30) as f64;
        assert!((lag / var - (-1.0_f64).exp()).abs() < 0.05, "{}", lag / var);
    }
}
