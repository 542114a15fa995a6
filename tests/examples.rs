//! Every example a reader is shown runs: the `mgate` lines of the code blocks of README.md and
//! docs/*.md, and the examples of `mgate --help` and of each command's `--help`.
//!
//! Each code block (and each help text) runs in order, through `sh`, in its own scratch folder
//! that holds a copy of `scenarios/`, with this build's `mgate` first on the PATH; so a block
//! may build on its own earlier lines (`mgate run` then `mgate plot`), and globs and line
//! continuations work as they do for the reader. `cargo run --release -- ARGS` and
//! `target/release/mgate ARGS` run as `mgate ARGS`; `parallel mgate … ::: a b` runs once per
//! value, as GNU parallel would. A transcript (`$ mgate …` followed by its output) must print
//! the lines it shows, except those that change from run to run (threads, seconds).
//! Examples that take minutes are listed in `SLOW` with the test that covers them instead.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Examples not run here, each with why: `mgate bench` without options measures 100,000-subject
/// cohorts at two thread counts (minutes); `tests/cli.rs` runs bench on small configurations.
const SLOW: [&str; 1] = ["mgate bench"];

/// One example: the command to run, and for a transcript the lines it shows.
#[derive(Debug)]
struct Example {
    /// Where it is, for messages.
    place: String,
    /// The shell command.
    command: String,
    /// The output a transcript shows (empty for a plain command).
    shown: Vec<String>,
    /// The exit code: 0, or the one its comment names (`… exit 1)`).
    exit: i32,
}

/// A command line as the reader would run it: the prefixes that stand for mgate become `mgate`,
/// and a trailing `# comment` goes.
fn as_mgate(line: &str) -> Option<String> {
    let line = line.trim();
    let line = line.split(" # ").next().unwrap_or(line).trim_end();
    for prefix in [
        "$ mgate ",
        "mgate ",
        "target/release/mgate ",
        "cargo run --release -- ",
        "parallel mgate ",
    ] {
        if let Some(rest) = line.strip_prefix(prefix) {
            let head = if prefix.starts_with("parallel") {
                "parallel mgate "
            } else {
                "mgate "
            };
            return Some(format!("{head}{rest}"));
        }
    }
    (line == "mgate" || line == "$ mgate").then(|| "mgate".to_string())
}

/// The code blocks of a Markdown file, each as its lines and the line number it starts at.
fn code_blocks(text: &str) -> Vec<(usize, Vec<String>)> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, Vec<String>)> = None;
    for (i, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            match current.take() {
                Some(block) => blocks.push(block),
                None => current = Some((i + 2, Vec::new())),
            }
        } else if let Some((_, lines)) = current.as_mut() {
            lines.push(line.to_string());
        }
    }
    blocks
}

/// Joins lines continued with a trailing backslash.
fn joined(lines: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut continuing = false;
    for line in lines {
        let piece = line.trim_end();
        if continuing {
            let last = out.last_mut().expect("a line to continue");
            last.push(' ');
            last.push_str(piece.trim_start().trim_end_matches('\\').trim_end());
        } else {
            out.push(piece.trim_end_matches('\\').trim_end().to_string());
        }
        continuing = piece.ends_with('\\');
    }
    out
}

/// The examples of one code block.
fn block_examples(place: &str, lines: &[String]) -> Vec<Example> {
    let lines = joined(lines);
    let mut examples: Vec<Example> = Vec::new();
    // In a block of transcripts, only the `$` lines are commands: the rest is their output.
    let transcripts = lines.iter().any(|l| l.trim_start().starts_with("$ "));
    for line in &lines {
        let command =
            as_mgate(line).filter(|_| !transcripts || line.trim_start().starts_with("$ "));
        if let Some(command) = command {
            examples.push(Example {
                place: place.to_string(),
                command,
                shown: Vec::new(),
                exit: 0,
            });
        } else if transcripts && let Some(example) = examples.last_mut() {
            example.shown.push(line.clone());
        }
    }
    examples
}

/// The examples of a help text: the lines of its `Examples:` section that start with `mgate`,
/// without the comment after two or more spaces.
fn help_examples(place: &str, help: &str) -> Vec<Example> {
    let section: Vec<String> = help
        .lines()
        .skip_while(|l| l.trim() != "Examples:")
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .map(String::from)
        .collect();
    joined(&section)
        .into_iter()
        .filter_map(|line| {
            let (command, comment) = line.trim().split_once("  ").unwrap_or((line.trim(), ""));
            let exit = comment
                .split_once("exit ")
                .and_then(|(_, code)| code.trim_end_matches(')').trim().parse().ok())
                .unwrap_or(0);
            command.starts_with("mgate").then(|| Example {
                place: place.to_string(),
                command: command.trim().to_string(),
                shown: Vec::new(),
                exit,
            })
        })
        .collect()
}

/// `parallel mgate ARGS ::: a b c` as the commands GNU parallel runs.
fn expand_parallel(command: &str) -> Vec<String> {
    let Some(rest) = command.strip_prefix("parallel ") else {
        return vec![command.to_string()];
    };
    let (template, values) = rest.split_once(" ::: ").expect("parallel needs :::");
    values
        .split_whitespace()
        .map(|v| template.replace("{}", v))
        .collect()
}

/// A scratch folder with a copy of the shipped scenarios and of the fixtures of the examples.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let scenarios = dir.path().join("scenarios");
    std::fs::create_dir(&scenarios).unwrap();
    for entry in std::fs::read_dir(repo("scenarios")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, scenarios.join(path.file_name().unwrap())).unwrap();
    }
    for entry in std::fs::read_dir(repo("tests/examples")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    dir
}

/// Whether a shown line changes from run to run (so is not compared).
fn varies(line: &str) -> bool {
    line.contains(" thread(s)") || line.contains(" s of simulation")
}

/// Runs a group of examples in order in one scratch folder; returns the failures.
fn run_in_order(examples: &[Example]) -> Vec<String> {
    let mgate = PathBuf::from(env!("CARGO_BIN_EXE_mgate"));
    let path = format!(
        "{}:{}",
        mgate.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let dir = scratch();
    let mut failures = Vec::new();
    for example in examples {
        if SLOW.contains(&example.command.as_str()) {
            continue;
        }
        for command in expand_parallel(&example.command) {
            let output = Command::new("sh")
                .arg("-c")
                .arg(&command)
                .current_dir(dir.path())
                .env("PATH", &path)
                .env("NO_COLOR", "1")
                .output()
                .unwrap();
            let printed = format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
            if example.shown.is_empty() {
                if output.status.code() != Some(example.exit) {
                    failures.push(format!(
                        "{}: `{command}` should exit {} ({}):\n{printed}",
                        example.place, example.exit, output.status
                    ));
                }
                continue;
            }
            let lines: Vec<&str> = printed.lines().map(str::trim_end).collect();
            for shown in &example.shown {
                let shown = shown.trim_end();
                if shown.is_empty() || shown == "..." || varies(shown) {
                    continue;
                }
                if !lines.contains(&shown) {
                    failures.push(format!(
                        "{}: `{command}` no longer prints the line\n  {shown}\nit prints:\n{printed}",
                        example.place
                    ));
                }
            }
        }
    }
    failures
}

fn help(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_mgate"))
        .args(args)
        .arg("--help")
        .output()
        .unwrap();
    assert!(output.status.success());
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn every_example_of_the_readme_and_the_docs_runs() {
    let mut files = vec![repo("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(repo("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    let mut failures = Vec::new();
    let mut count = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let name = file.strip_prefix(repo("")).unwrap().display().to_string();
        for (line, block) in code_blocks(&text) {
            let examples = block_examples(&format!("{name}:{line}"), &block);
            count += examples.len();
            failures.extend(run_in_order(&examples));
        }
    }
    assert!(count >= 12, "only {count} examples found");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_example_of_every_help_text_runs() {
    let top = help(&[]);
    let commands: Vec<String> = top
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(String::from))
        .filter(|c| c != "help")
        .collect();
    let mut failures = run_in_order(&help_examples("mgate --help", &top));
    let mut count = 0;
    for command in &commands {
        let examples = help_examples(&format!("mgate {command} --help"), &help(&[command]));
        assert!(
            !examples.is_empty(),
            "`mgate {command} --help` has no examples"
        );
        count += examples.len();
        failures.extend(run_in_order(&examples));
    }
    assert!(count >= 25, "only {count} examples found");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_slow_list_names_examples_that_exist() {
    let readme = std::fs::read_to_string(repo("docs/performance.md")).unwrap();
    let shown: Vec<String> = code_blocks(&readme)
        .iter()
        .flat_map(|(_, lines)| block_examples("", lines))
        .map(|e| e.command)
        .collect();
    for slow in SLOW {
        assert!(
            shown.iter().any(|c| c == slow),
            "`{slow}` is no longer an example"
        );
    }
}
