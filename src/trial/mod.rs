//! Trial analysis: descriptive summaries per arm and day, and endpoints per arm.

pub mod effects;
pub mod replicates;

use crate::cohort::CohortResults;
use crate::simulate::Observable;

/// Mean, SD and percentiles of one observable in one arm on one day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    /// Number of subjects.
    pub n: usize,
    /// Mean.
    pub mean: f64,
    /// Sample standard deviation (n - 1 denominator; 0 when n = 1).
    pub sd: f64,
    /// 5th percentile.
    pub p5: f64,
    /// 25th percentile.
    pub p25: f64,
    /// Median.
    pub p50: f64,
    /// 75th percentile.
    pub p75: f64,
    /// 95th percentile.
    pub p95: f64,
}

/// Percentile `q` (0 to 1) of sorted values, by linear interpolation between order statistics
/// (R's type 7, numpy's default).
pub fn percentile(sorted: &[f64], q: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let position = q.clamp(0.0, 1.0) * (n - 1) as f64;
            let below = position.floor() as usize;
            let above = (below + 1).min(n - 1);
            let weight = position - below as f64;
            sorted[below] + weight * (sorted[above] - sorted[below])
        }
    }
}

impl Summary {
    /// Summary of a set of values (sorted in place).
    pub fn of(values: &mut [f64]) -> Self {
        values.sort_by(f64::total_cmp);
        let n = values.len();
        let mean = values.iter().sum::<f64>() / n as f64;
        let sd = if n > 1 {
            (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt()
        } else {
            0.0
        };
        Self {
            n,
            mean,
            sd,
            p5: percentile(values, 0.05),
            p25: percentile(values, 0.25),
            p50: percentile(values, 0.5),
            p75: percentile(values, 0.75),
            p95: percentile(values, 0.95),
        }
    }
}

/// Summary of `observable` in `arm` at the sample with index `sample`.
pub fn summarize(
    results: &CohortResults,
    arm: usize,
    sample: usize,
    observable: Observable,
    scratch: &mut Vec<f64>,
) -> Summary {
    scratch.clear();
    scratch.extend(
        results
            .arm(arm)
            .map(|run| run.trajectory.rows[sample][observable.index()]),
    );
    Summary::of(scratch)
}

/// Mean change from baseline (first sample) to end (last sample) of `observable` in `arm`.
pub fn mean_change(results: &CohortResults, arm: usize, observable: Observable) -> Summary {
    let mut changes: Vec<f64> = results
        .arm(arm)
        .map(|run| {
            let rows = &run.trajectory.rows;
            rows[rows.len() - 1][observable.index()] - rows[0][observable.index()]
        })
        .collect();
    Summary::of(&mut changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_interpolate_like_r_type_7() {
        let sorted = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(percentile(&sorted, 0.5), 3.0);
        assert_eq!(percentile(&sorted, 0.05), 1.2);
        assert_eq!(percentile(&sorted, 0.95), 4.8);
        let summary = Summary::of(&mut [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]);
        assert_eq!(summary.mean, 5.0);
        assert!((summary.sd - 2.138_089_935_299_395).abs() < 1e-12);
    }
}
