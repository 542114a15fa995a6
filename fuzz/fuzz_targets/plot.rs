//! Fuzz target `plot`: an arbitrary run, sweep or sensitivity folder (see `folders.rs` for the
//! input format) drawn as `mgate plot` draws it. Every input must give plots or an error, never
//! a panic.

#![no_main]

mod folders;

use libfuzzer_sys::fuzz_target;
use mgate::plot::{PlotKind, render_selection, render_sensitivity, render_sweep};

fuzz_target!(|data: &[u8]| {
    let scratch = folders::Scratch::new();
    let Some(files) = folders::folders(data).into_iter().next() else {
        return;
    };
    let dir = scratch.folder("run", &files);
    let out = scratch.0.join("plots");
    if let Err(error) = render_selection(&dir, &PlotKind::ALL, &[], &out) {
        let _ = error.to_string();
    }
    if let Err(error) = render_sweep(&dir, &out) {
        let _ = error.to_string();
    }
    if let Err(error) = render_sensitivity(&dir, &out) {
        let _ = error.to_string();
    }
});
