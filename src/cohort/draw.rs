//! Drawing one candidate subject: covariates from their (truncated, optionally correlated)
//! distributions and log-normal between-subject variability of parameters.
//!
//! Every draw comes from the candidate's own random stream, derived from (seed, candidate index,
//! purpose), so a subject is the same person whatever the cohort size or thread count.
//! Correlations use a Gaussian copula: independent standard normals `z` are correlated with the
//! Cholesky factor of the correlation matrix, then each variable is mapped through its own
//! distribution by the inverse-CDF method, which also truncates exactly.

use crate::model::{PARAMETER_TABLE, Parameters};
use crate::scenario::{Covariate, CovariateSpec, Distribution, N_COVARIATES, Population, Variable};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution as _, StandardNormal};
use statrs::distribution::{ContinuousCDF, Normal};

/// What a random stream is used for; each purpose has its own streams.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Covariates and parameter variability of a candidate.
    Subject,
    /// Assay noise of a candidate's baseline.
    BaselineNoise,
    /// Assay noise of a candidate's follow-up samples under one arm.
    FollowUpNoise {
        /// Arm index.
        arm: usize,
    },
    /// Allocation to arms (one stream per stratum).
    Allocation,
    /// Bootstrap resampling (one stream per effect).
    Bootstrap,
    /// A candidate's intakes over time: sun share, day-to-day variation and drift.
    Variation,
    /// The seed of each replicate trial (one stream per trial).
    Replicate,
}

impl Purpose {
    fn key(self) -> u64 {
        match self {
            Self::Subject => 1,
            Self::BaselineNoise => 2,
            Self::Allocation => 3,
            Self::Bootstrap => 4,
            Self::Variation => 5,
            Self::Replicate => 6,
            Self::FollowUpNoise { arm } => 1000 + arm as u64,
        }
    }
}

/// The random stream for (seed, purpose, stream index): ChaCha8, portable across platforms and
/// versions of this program's dependencies that keep ChaCha8.
pub fn stream(seed: u64, purpose: Purpose, index: u64) -> ChaCha8Rng {
    // Mix seed and purpose into the key (splitmix64 finaliser); the index selects the stream.
    let mut key = seed ^ purpose.key().wrapping_mul(0x9E37_79B9_7F4A_7C15);
    key = (key ^ (key >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    key = (key ^ (key >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    key ^= key >> 31;
    let mut rng = ChaCha8Rng::seed_from_u64(key);
    rng.set_stream(index);
    rng
}

/// One subject's covariates, indexed by [`Covariate::index`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Covariates(pub [f64; N_COVARIATES]);

impl Covariates {
    /// The value of one covariate.
    pub fn get(&self, covariate: Covariate) -> f64 {
        self.0[covariate.index()]
    }

    /// The background intake these covariates imply.
    pub fn intake(&self) -> crate::model::Intake {
        crate::model::Intake {
            vitamin_d_iu_per_day: self.get(Covariate::VitaminDInput),
            magnesium_mg_per_day: self.get(Covariate::MgIntake),
        }
    }
}

fn standard_normal() -> Normal {
    // Normal::new(0, 1) cannot fail.
    Normal::standard()
}

/// Maps a standard normal `z` to a value of `spec`, truncated to `[lower, upper]`, by the
/// inverse-CDF method: `u = Φ(z)` is placed between the CDF values of the bounds.
pub fn covariate_value(spec: &CovariateSpec, z: f64) -> f64 {
    let phi = standard_normal();
    let u = phi.cdf(z);
    let through = |to_standard: &dyn Fn(f64) -> f64, from_standard: &dyn Fn(f64) -> f64| {
        let low = phi.cdf(to_standard(spec.lower));
        let high = phi.cdf(to_standard(spec.upper));
        let p = (low + u * (high - low)).clamp(1e-15, 1.0 - 1e-15);
        from_standard(phi.inverse_cdf(p)).clamp(spec.lower, spec.upper)
    };
    match spec.distribution {
        Distribution::Fixed(value) => value,
        Distribution::Uniform { min, max } => min + u * (max - min),
        Distribution::Normal { mean, sd } => through(&|x| (x - mean) / sd, &|s| mean + sd * s),
        Distribution::LogNormal { median, cv } => {
            let sigma = (1.0 + cv * cv).ln().sqrt();
            let mu = median.ln();
            through(
                &|x| {
                    if x > 0.0 {
                        (x.ln() - mu) / sigma
                    } else {
                        f64::NEG_INFINITY
                    }
                },
                &|s| (mu + sigma * s).exp(),
            )
        }
    }
}

/// A drawn candidate: covariates and parameters with between-subject variability.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Draw {
    /// Covariates.
    pub covariates: Covariates,
    /// Parameters (the scenario's, with variability applied and kept inside their ranges).
    pub parameters: Parameters,
}

/// Draws candidate `index` of a population.
pub fn draw(population: &Population, typical: &Parameters, seed: u64, index: u64) -> Draw {
    let mut rng = stream(seed, Purpose::Subject, index);
    // One independent standard normal per covariate, then one per varying parameter.
    let n = N_COVARIATES + population.variability.len();
    let mut z: Vec<f64> = (0..n).map(|_| StandardNormal.sample(&mut rng)).collect();
    if let Some(correlation) = &population.correlation {
        let position = |variable: &Variable| match variable {
            Variable::Covariate(c) => c.index(),
            Variable::Parameter(p) => {
                N_COVARIATES
                    + population
                        .variability
                        .iter()
                        .position(|v| v.parameter == *p)
                        .unwrap_or(0)
            }
        };
        let positions: Vec<usize> = correlation.variables.iter().map(position).collect();
        let independent: Vec<f64> = positions.iter().map(|&i| z[i]).collect();
        for (row, &target) in positions.iter().enumerate() {
            z[target] = (0..=row)
                .map(|col| correlation.cholesky_lower[(row, col)] * independent[col])
                .sum();
        }
    }
    let mut covariates = [0.0; N_COVARIATES];
    for covariate in Covariate::ALL {
        covariates[covariate.index()] =
            covariate_value(population.covariate(covariate), z[covariate.index()]);
    }
    let mut parameters = *typical;
    for (k, variability) in population.variability.iter().enumerate() {
        let info = &PARAMETER_TABLE[variability.parameter];
        let sigma = (1.0 + variability.cv * variability.cv).ln().sqrt();
        let value = info.get(typical) * (sigma * z[N_COVARIATES + k]).exp();
        info.set(&mut parameters, value.clamp(info.min, info.max));
    }
    Draw {
        covariates: Covariates(covariates),
        parameters,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverse_cdf_truncation_stays_in_bounds_and_keeps_the_median() {
        let spec = CovariateSpec {
            distribution: Distribution::Normal {
                mean: 300.0,
                sd: 80.0,
            },
            lower: 100.0,
            upper: 500.0,
        };
        assert!((covariate_value(&spec, 0.0) - 300.0).abs() < 1e-9);
        assert!(covariate_value(&spec, -40.0) >= 100.0);
        assert!(covariate_value(&spec, 40.0) <= 500.0);
        let lognormal = CovariateSpec {
            distribution: Distribution::LogNormal {
                median: 1000.0,
                cv: 0.5,
            },
            lower: 0.0,
            upper: 100_000.0,
        };
        assert!((covariate_value(&lognormal, 0.0) - 1000.0).abs() < 1e-6);
    }

    #[test]
    fn streams_differ_by_index_and_purpose_and_repeat_by_seed() {
        use rand::RngExt;
        let a: u64 = stream(1, Purpose::Subject, 0).random();
        let b: u64 = stream(1, Purpose::Subject, 1).random();
        let c: u64 = stream(1, Purpose::BaselineNoise, 0).random();
        let d: u64 = stream(2, Purpose::Subject, 0).random();
        let again: u64 = stream(1, Purpose::Subject, 0).random();
        assert_eq!(a, again);
        assert!(a != b && a != c && a != d);
    }
}
