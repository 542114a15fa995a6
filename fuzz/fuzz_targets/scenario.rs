//! Fuzz target `scenario`: arbitrary bytes as a scenario file, and as a `--set` option (the first
//! line) applied to a scenario (the rest). Parsing and validation must return a scenario or an
//! error, and the error must render, without panicking.

#![no_main]

use libfuzzer_sys::fuzz_target;
use mgate::scenario::{SetOption, parse};

fuzz_target!(|data: &[u8]| {
    // `mgate` refuses non-UTF-8 files before parsing; lossy decoding still exercises the parser.
    let text = String::from_utf8_lossy(data);
    check(&text, &[]);
    if let Some((first, rest)) = text.split_once('\n')
        && let Ok(option) = first.parse::<SetOption>()
    {
        check(rest, &[option]);
    }
});

fn check(text: &str, set: &[SetOption]) {
    if let Err(error) = parse(text, "fuzz.toml", set) {
        // The message a user would see, with its located snippets.
        let _ = error.to_string();
    }
}
