//! Parameter sweeps and sensitivity analysis: grids, Latin hypercubes, shards and merging,
//! local and Morris sensitivity.
//!
//! **Illustrative toy model: not calibrated, not medical advice.** A sweep shows how the toy
//! model's mechanisms respond to an input, not what any person would experience.
//!
//! A sweep point is the scenario with one `--set PATH=VALUE` override per varied dimension
//! ([`Plan::set_options`]), so every point is checked like a scenario file, with located messages,
//! before anything is simulated ([`validate_points`]). Every point uses the scenario's seed: the
//! same virtual people are simulated at every point (common random numbers), so differences
//! between points come from the varied input alone and a sweep's curves are smooth.
//!
//! Points are simulated one at a time, each summarised into one row of `sweep.csv`
//! ([`summary`]) and dropped before the next, so a sweep holds one point's cohort at a time.
//! `--shard K/N` runs the points `i` with `i % N == K - 1` ([`Shard`]); [`merge`] puts shards
//! back together into exactly the rows the unsharded sweep writes.

pub mod lhs;
pub mod merge;
pub mod points;
pub mod sensitivity;
pub mod shard;
pub mod summary;

pub use points::{Plan, PointCheck, validate_points};
pub use shard::Shard;

/// FNV-1a, 64 bits: a stable fingerprint of text (not a cryptographic hash), used to tell
/// whether shards come from the same sweep.
pub fn fingerprint(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_is_fnv1a() {
        // Published FNV-1a 64 test vectors.
        assert_eq!(fingerprint(""), "cbf29ce484222325");
        assert_eq!(fingerprint("a"), "af63dc4c8601ec8c");
    }
}
