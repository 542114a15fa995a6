//! Latin hypercube designs: `n` points in the unit cube such that, in every dimension, each of
//! the `n` equal strata `[j/n, (j+1)/n)` holds exactly one point.
//!
//! Each dimension has its own random stream derived from the seed, so a design is the same on
//! every machine and adding a dimension does not change the others.

use rand::RngExt;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// `points` points in `[0, 1)^dimensions`, as `design[point][dimension]`.
pub fn latin_hypercube(dimensions: usize, points: usize, seed: u64) -> Vec<Vec<f64>> {
    let columns: Vec<Vec<f64>> = (0..dimensions)
        .map(|dimension| {
            let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x4C48_535F_5357_4545); // "LHS_SWEE"
            rng.set_stream(dimension as u64);
            // A random permutation of the strata (Fisher–Yates), then a uniform place in each.
            let mut strata: Vec<usize> = (0..points).collect();
            for i in (1..points).rev() {
                let j = rng.random_range(0..=i);
                strata.swap(i, j);
            }
            strata
                .into_iter()
                .map(|stratum| {
                    let within: f64 = rng.random();
                    (stratum as f64 + within) / points as f64
                })
                .collect()
        })
        .collect();
    (0..points)
        .map(|point| columns.iter().map(|column| column[point]).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stratum_of_every_dimension_is_hit_once() {
        let n = 37;
        let design = latin_hypercube(3, n, 11);
        for d in 0..3 {
            let mut hits = vec![0; n];
            for point in &design {
                let x = point[d];
                assert!((0.0..1.0).contains(&x));
                hits[(x * n as f64).floor() as usize] += 1;
            }
            assert!(hits.iter().all(|&h| h == 1), "dimension {d}: {hits:?}");
        }
    }

    #[test]
    fn the_seed_decides_the_design() {
        assert_eq!(latin_hypercube(2, 10, 5), latin_hypercube(2, 10, 5));
        assert_ne!(latin_hypercube(2, 10, 5), latin_hypercube(2, 10, 6));
        // A second dimension leaves the first as it was.
        let one = latin_hypercube(1, 10, 5);
        let two = latin_hypercube(2, 10, 5);
        assert!(one.iter().zip(&two).all(|(a, b)| a[0] == b[0]));
    }
}
