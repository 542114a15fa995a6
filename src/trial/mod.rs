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
    /// Summary of a set of values (reordered in place: the percentiles are found by selection,
    /// not by sorting, which takes a third of the time on large cohorts; the mean and SD are
    /// summed in the order given).
    pub fn of(values: &mut [f64]) -> Self {
        let n = values.len();
        let mean = values.iter().sum::<f64>() / n as f64;
        let sd = if n > 1 {
            (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt()
        } else {
            0.0
        };
        let [p5, p25, p50, p75, p95] = percentiles(values, [0.05, 0.25, 0.5, 0.75, 0.95]);
        Self {
            n,
            mean,
            sd,
            p5,
            p25,
            p50,
            p75,
            p95,
        }
    }
}

/// [`percentile`] at each of `qs`, as if `values` were sorted: the order statistics they need are
/// selected (`select_nth_unstable`), which leaves `values` partly reordered.
pub fn percentiles<const K: usize>(values: &mut [f64], qs: [f64; K]) -> [f64; K] {
    let n = values.len();
    if n < 2 {
        return qs.map(|_| values.first().copied().unwrap_or(f64::NAN));
    }
    let positions = qs.map(|q| q.clamp(0.0, 1.0) * (n - 1) as f64);
    let mut ranks: Vec<usize> = positions
        .iter()
        .flat_map(|p| {
            let below = p.floor() as usize;
            [below, (below + 1).min(n - 1)]
        })
        .collect();
    ranks.sort_unstable();
    ranks.dedup();
    let mut statistics = vec![0.0; ranks.len()];
    select_ranks(values, 0, &ranks, &mut statistics);
    let at = |rank: usize| statistics[ranks.partition_point(|&r| r < rank)];
    positions.map(|position| {
        let below = position.floor() as usize;
        let above = (below + 1).min(n - 1);
        let weight = position - below as f64;
        at(below) + weight * (at(above) - at(below))
    })
}

/// Puts the values of ranks `ranks` (ascending, relative to the whole slice, which starts at rank
/// `offset`) into `out`: selects the middle rank, then the ranks left and right of it within the
/// two parts it splits `values` into.
fn select_ranks(values: &mut [f64], offset: usize, ranks: &[usize], out: &mut [f64]) {
    if ranks.is_empty() {
        return;
    }
    let middle = ranks.len() / 2;
    let local = ranks[middle] - offset;
    let (left, value, right) = values.select_nth_unstable_by(local, f64::total_cmp);
    out[middle] = *value;
    select_ranks(left, offset, &ranks[..middle], &mut out[..middle]);
    select_ranks(
        right,
        ranks[middle] + 1,
        &ranks[middle + 1..],
        &mut out[middle + 1..],
    );
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
    fn percentiles_by_selection_equal_those_of_the_sorted_values() {
        let mut state = 12345_u64;
        for n in [1_usize, 2, 3, 5, 20, 101, 1000] {
            let values: Vec<f64> = (0..n)
                .map(|_| {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    // Repeated values too: 16 distinct levels.
                    ((state >> 60) as f64) * 0.37 - 2.0
                })
                .collect();
            let mut sorted = values.clone();
            sorted.sort_by(f64::total_cmp);
            let qs = [0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0];
            let mut scratch = values.clone();
            let selected = percentiles(&mut scratch, qs);
            for (q, value) in qs.iter().zip(selected) {
                assert_eq!(
                    value.to_bits(),
                    percentile(&sorted, *q).to_bits(),
                    "n {n}, q {q}"
                );
            }
        }
    }

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
