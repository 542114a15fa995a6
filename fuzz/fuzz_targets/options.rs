//! Fuzz target `options`: arbitrary command-line options applied to a shipped scenario. Each line
//! is `set PATH=VALUE` (a `--set` option), `vary PATH=SPEC` (a `--vary` option) or `lhs N`
//! (`--lhs`). Parsing the options, applying them, building the sweep and checking its points
//! (when there are few) must give a scenario, a sweep or a located error, without panicking.

#![no_main]

use libfuzzer_sys::fuzz_target;
use mgate::scenario::sweep::from_options;
use mgate::scenario::{SetOption, VaryOption, parse};
use mgate::sweep::{Plan, validate_points};

/// The scenario the options apply to.
const BASE: &str = include_str!("../../scenarios/dai2018_bidirectional.toml");
/// Most points checked per input (each is a whole scenario check).
const MAX_CHECKED_POINTS: usize = 16;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (mut set, mut vary, mut lhs) = (Vec::new(), Vec::new(), None);
    for line in text.lines().take(16) {
        if let Some(option) = line.strip_prefix("set ") {
            if let Ok(option) = option.parse::<SetOption>() {
                set.push(option);
            }
        } else if let Some(option) = line.strip_prefix("vary ") {
            if let Ok(option) = option.parse::<VaryOption>() {
                vary.push(option);
            }
        } else if let Some(points) = line.strip_prefix("lhs ") {
            lhs = points.trim().parse::<usize>().ok().map(|n| (n, 7));
        }
    }
    let base = match parse(BASE, "base.toml", &set) {
        Ok(base) => base,
        Err(error) => {
            let _ = error.to_string();
            return;
        }
    };
    if vary.is_empty() {
        return;
    }
    let sweep = match from_options(&vary, lhs) {
        Ok(sweep) => sweep,
        Err(problems) => {
            let _ = problems.len();
            return;
        }
    };
    let plan = Plan::new(&sweep);
    let _ = plan.same_values(&base.resolved_toml, &set);
    if plan.len() <= MAX_CHECKED_POINTS {
        if let Err(error) = validate_points(&base.resolved_toml, "base.toml", &plan) {
            let _ = error.to_string();
        }
    }
});
