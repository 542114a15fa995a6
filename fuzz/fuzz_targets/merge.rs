//! Fuzz target `merge`: arbitrary shard folders (see `folders.rs` for the input format) merged
//! with `mgate::sweep::merge::merge`. Every input must merge or give an error, never panic, hang
//! or allocate without bound.

#![no_main]

mod folders;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let scratch = folders::Scratch::new();
    let dirs: Vec<_> = folders::folders(data)
        .iter()
        .take(4)
        .enumerate()
        .map(|(k, files)| scratch.folder(&format!("shard{k}"), files))
        .collect();
    if let Err(error) = mgate::sweep::merge::merge(&dirs) {
        let _ = error.to_string();
    }
});
