//! Allocation of enrolled subjects to arms in a parallel design: permuted blocks, optionally
//! within strata of a baseline observable; or, with arms given by count, one permuted block of
//! the whole cohort.

use super::draw::{Purpose, stream};
use crate::scenario::{Arm, ArmShare};
use rand::seq::SliceRandom;

/// One block's arm sequence before shuffling: each arm repeated `ratio · block_size / sum`.
fn block_template(arms: &[Arm], block_size: usize) -> Vec<usize> {
    let ratios: Vec<usize> = arms
        .iter()
        .map(|arm| match arm.share {
            ArmShare::Ratio(r) => r,
            ArmShare::Count(_) => 0,
        })
        .collect();
    let per_block = block_size / ratios.iter().sum::<usize>().max(1);
    ratios
        .iter()
        .enumerate()
        .flat_map(|(arm, ratio)| std::iter::repeat_n(arm, ratio * per_block))
        .collect()
}

/// Arm index of every subject, in enrolment order. `strata[i]` is subject i's stratum (all 0
/// when unstratified). Each stratum has its own stream of permuted blocks, seeded by
/// (seed, stratum).
pub fn allocate(arms: &[Arm], block_size: usize, strata: &[usize], seed: u64) -> Vec<usize> {
    if let Some(counts) = arms
        .iter()
        .map(|arm| match arm.share {
            ArmShare::Count(n) => Some(n),
            ArmShare::Ratio(_) => None,
        })
        .collect::<Option<Vec<usize>>>()
    {
        let mut sequence: Vec<usize> = counts
            .iter()
            .enumerate()
            .flat_map(|(arm, count)| std::iter::repeat_n(arm, *count))
            .collect();
        sequence.shuffle(&mut stream(seed, Purpose::Allocation, 0));
        sequence.resize(strata.len(), 0);
        return sequence;
    }
    let template = block_template(arms, block_size);
    let stratum_count = strata.iter().max().map_or(0, |m| m + 1);
    let mut sequences: Vec<(rand_chacha::ChaCha8Rng, Vec<usize>)> = (0..stratum_count)
        .map(|s| (stream(seed, Purpose::Allocation, s as u64), Vec::new()))
        .collect();
    strata
        .iter()
        .map(|&stratum| {
            let (rng, pending) = &mut sequences[stratum];
            if pending.is_empty() {
                let mut block = template.clone();
                block.shuffle(rng);
                block.reverse();
                *pending = block;
            }
            pending.pop().unwrap_or(0)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arm(name: &str, share: ArmShare) -> Arm {
        Arm {
            name: name.into(),
            label: name.into(),
            share,
            regimens: Vec::new(),
            intake_changes: Vec::new(),
        }
    }

    #[test]
    fn every_complete_block_is_balanced_within_each_stratum() {
        let arms = [arm("a", ArmShare::Ratio(1)), arm("b", ArmShare::Ratio(2))];
        let strata: Vec<usize> = (0..600).map(|i| (i * 7 % 3) % 2).collect();
        let allocation = allocate(&arms, 6, &strata, 42);
        for stratum in 0..2 {
            let arms_in: Vec<usize> = allocation
                .iter()
                .zip(&strata)
                .filter(|(_, s)| **s == stratum)
                .map(|(a, _)| *a)
                .collect();
            for block in arms_in.chunks_exact(6) {
                assert_eq!(block.iter().filter(|a| **a == 0).count(), 2);
                assert_eq!(block.iter().filter(|a| **a == 1).count(), 4);
            }
        }
        assert_eq!(allocation, allocate(&arms, 6, &strata, 42));
        assert_ne!(allocation, allocate(&arms, 6, &strata, 43));
    }

    #[test]
    fn counts_are_exact() {
        let arms = [arm("a", ArmShare::Count(3)), arm("b", ArmShare::Count(7))];
        let allocation = allocate(&arms, 0, &[0; 10], 1);
        assert_eq!(allocation.iter().filter(|a| **a == 0).count(), 3);
        assert_eq!(allocation.iter().filter(|a| **a == 1).count(), 7);
    }
}
