//! `--shard K/N`: a deterministic share of a sweep's points, so that N machines (a Slurm job
//! array, GNU parallel) can run one sweep together.
//!
//! Point `i` (counted from 0) belongs to shard `K` of `N` when `i % N == K - 1`: the shares are
//! interleaved, so that each shard gets points from the whole grid and shards take about equally
//! long even when the cost of a point grows along a dimension.

use std::fmt;
use std::str::FromStr;

/// Most shards a sweep may be cut into.
pub const MAX_SHARDS: usize = 10_000;

/// Shard `index` of `count` (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which shard, from 1 to `count`.
    pub index: usize,
    /// How many shards.
    pub count: usize,
}

impl Shard {
    /// The whole sweep as one shard.
    pub const WHOLE: Self = Self { index: 1, count: 1 };

    /// Whether point `point` (from 0) belongs to this shard.
    pub fn contains(self, point: usize) -> bool {
        point % self.count == self.index - 1
    }

    /// The points of this shard among `total`, in order.
    pub fn points(self, total: usize) -> impl Iterator<Item = usize> {
        (self.index - 1..total).step_by(self.count)
    }

    /// Whether this is the whole sweep.
    pub fn is_whole(self) -> bool {
        self.count == 1
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let usage = "write K/N, e.g. 3/10 for the third of ten shards";
        let (k, n) = text
            .split_once('/')
            .ok_or_else(|| format!("`{text}` is not a shard; {usage}"))?;
        let parse = |s: &str| s.trim().parse::<usize>().ok();
        match (parse(k), parse(n)) {
            (Some(index), Some(count))
                if (1..=MAX_SHARDS).contains(&count) && (1..=count).contains(&index) =>
            {
                Ok(Self { index, count })
            }
            (Some(_), Some(count)) if count == 0 || count > MAX_SHARDS => Err(format!(
                "`{text}`: the number of shards must be 1 to {MAX_SHARDS}"
            )),
            (Some(index), Some(count)) => Err(format!(
                "`{text}`: shard {index} does not exist; shards of {count} are numbered 1 to {count}"
            )),
            _ => Err(format!("`{text}` is not a shard; {usage}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_cover_every_point_exactly_once() {
        let total = 23;
        let mut seen = vec![0; total];
        for index in 1..=4 {
            let shard = Shard { index, count: 4 };
            for point in shard.points(total) {
                assert!(shard.contains(point));
                seen[point] += 1;
            }
        }
        assert!(seen.iter().all(|&n| n == 1));
    }

    #[test]
    fn shard_syntax() {
        assert_eq!(
            "2/5".parse::<Shard>().unwrap(),
            Shard { index: 2, count: 5 }
        );
        assert!(
            "0/5"
                .parse::<Shard>()
                .unwrap_err()
                .contains("numbered 1 to 5")
        );
        assert!("6/5".parse::<Shard>().is_err());
        assert!("1/0".parse::<Shard>().is_err());
        assert!("two".parse::<Shard>().is_err());
    }
}
