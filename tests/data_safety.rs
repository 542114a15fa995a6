//! Data safety (issue 18): mgate never loses a user's files, never hangs and never runs out of
//! memory on a valid-looking file. Each test is one case of the issue, as a hostile user would
//! try it: it exits (with code 2 for bad input), it names what was wrong, and it leaves every
//! file that was there before as it was.

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn scenario() -> PathBuf {
    repo("scenarios/cheung2022_combined.toml")
}

fn mgate() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mgate"));
    command.stdin(Stdio::null());
    command
}

/// Longest any command here may take before it counts as hung: far more than any of them needs,
/// so it is a guard against hanging forever, not a measure of speed.
const HUNG: Duration = Duration::from_secs(300);

/// Runs a command to its end, or kills it and fails the test if it hangs.
fn finish(command: &mut Command) -> Output {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("mgate starts");
    let clock = Instant::now();
    while child.try_wait().expect("status").is_none() {
        if clock.elapsed() > HUNG {
            let _ = child.kill();
            panic!("{command:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

fn stderr_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Asserts bad input: exit code 2, no panic, every fragment in stderr.
fn assert_refused(output: &Output, fragments: &[&str]) {
    let stderr = stderr_of(output);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    for fragment in fragments {
        assert!(
            stderr.contains(fragment),
            "expected `{fragment}` in:\n{stderr}"
        );
    }
}

/// Every name in a folder, sorted.
fn entries(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn run_into(target: &Path, extra: &[&str]) -> Command {
    let mut command = mgate();
    command
        .arg("run")
        .arg(scenario())
        .arg("--out")
        .arg(target)
        .arg("--quiet")
        .args(extra);
    if !extra.contains(&"--subjects") {
        command.args(["--subjects", "8"]);
    }
    command
}

/// A tiny sweep of two points into `target`.
fn tiny_sweep(target: &Path, extra: &[&str]) -> Command {
    let mut command = mgate();
    command
        .arg("sweep")
        .arg(repo("scenarios/dai2018_bidirectional.toml"))
        .args([
            "--quiet",
            "--subjects",
            "2",
            "--set",
            "simulation.duration_days=14",
            "--vary",
            "parameters.k_24a1=1,2",
            "--out",
        ])
        .arg(target)
        .args(extra);
    command
}

// 1. A failed final rename is reported, never a deadlock.

#[test]
fn a_dangling_link_at_out_is_refused_by_run_sweep_and_merge_without_hanging() {
    let root = tempfile::tempdir().unwrap();
    let shard = root.path().join("shard");
    let output = finish(&mut tiny_sweep(&shard, &["--shard", "1/1"]));
    assert!(output.status.success(), "{}", stderr_of(&output));
    let link = root.path().join("d");
    std::os::unix::fs::symlink("/nonexistent/mgate", &link).unwrap();
    let mut merge = mgate();
    merge.arg("merge").arg(&shard).arg("--out").arg(&link);
    for mut command in [run_into(&link, &[]), tiny_sweep(&link, &[]), merge] {
        let output = finish(&mut command);
        assert_refused(&output, &["is a symbolic link", "--out"]);
        assert_eq!(entries(root.path()), ["d", "shard"]);
    }
}

#[test]
fn a_link_that_appears_at_out_during_a_run_is_reported_without_hanging() {
    // The link appears after the checks, while the run writes: the final rename fails.
    let root = tempfile::tempdir().unwrap();
    let target = root.path().join("run");
    let child = run_into(&target, &["--subjects", "400"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let Some(paused) = pause_while_writing(root.path(), "run", child) else {
        return;
    };
    std::os::unix::fs::symlink("/nonexistent/mgate", &target).unwrap();
    let output = paused.resume();
    assert_refused(&output, &["is a symbolic link"]);
    assert_eq!(entries(root.path()), ["run"]);
}

// 2. Results are never replaced without --force, however the target came to exist.

/// A run stopped (SIGSTOP) once its temporary folder exists, i.e. after every check.
struct Paused(Child);

impl Paused {
    fn resume(self) -> Output {
        let Self(mut child) = self;
        signal(&child, "CONT");
        let clock = Instant::now();
        while child.try_wait().expect("status").is_none() {
            assert!(clock.elapsed() < HUNG, "the resumed run hung");
            std::thread::sleep(Duration::from_millis(20));
        }
        child.wait_with_output().expect("output")
    }
}

fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .arg(format!("-{name}"))
        .arg(child.id().to_string())
        .status()
        .expect("kill runs");
    assert!(status.success());
}

/// Waits for the run into `parent/name` to create its temporary folder and stops it there.
/// `None` (the case cannot be shown) if the run ended first.
fn pause_while_writing(parent: &Path, name: &str, mut child: Child) -> Option<Paused> {
    let prefix = format!(".{name}.partial-");
    loop {
        let writing = entries(parent)
            .iter()
            .any(|n| n.starts_with(&prefix) && !n.ends_with("-probe"));
        if writing {
            signal(&child, "STOP");
            if parent.join(name).exists() {
                // Committed before it stopped: too quick to show the case.
                signal(&child, "CONT");
                let _ = child.wait();
                eprintln!("skipped: the run finished before it could be paused");
                return None;
            }
            return Some(Paused(child));
        }
        if child.try_wait().expect("status").is_some() {
            eprintln!("skipped: the run finished before it could be paused");
            return None;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

#[test]
fn a_folder_created_at_out_during_a_run_is_kept_and_the_run_refused() {
    let root = tempfile::tempdir().unwrap();
    let target = root.path().join("run");
    let child = run_into(&target, &["--subjects", "400"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let Some(paused) = pause_while_writing(root.path(), "run", child) else {
        return;
    };
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("thesis.txt"), "mine").unwrap();
    let output = paused.resume();
    assert_refused(&output, &["already holds results", "--force"]);
    assert_eq!(entries(&target), ["thesis.txt"]);
    assert_eq!(entries(root.path()), ["run"]);
}

#[test]
fn of_two_runs_into_one_out_the_second_to_finish_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let target = root.path().join("run");
    let first = run_into(&target, &["--subjects", "400", "--seed", "1"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let Some(paused) = pause_while_writing(root.path(), "run", first) else {
        return;
    };
    let second = finish(&mut run_into(&target, &["--seed", "2"]));
    assert!(second.status.success(), "{}", stderr_of(&second));
    let written = std::fs::read(target.join("manifest.json")).unwrap();
    let output = paused.resume();
    assert_refused(&output, &["already holds results"]);
    // The results of the run that finished first are there, untouched.
    assert_eq!(
        std::fs::read(target.join("manifest.json")).unwrap(),
        written
    );
    assert_eq!(entries(root.path()), ["run"]);
}

// 3. --force replaces only a folder mgate wrote.

#[test]
fn force_never_replaces_a_folder_mgate_did_not_write() {
    let root = tempfile::tempdir().unwrap();
    let project = root.path().join("proj");
    std::fs::create_dir(&project).unwrap();
    std::fs::copy(scenario(), project.join("in.toml")).unwrap();
    std::fs::write(project.join("thesis.txt"), "four years").unwrap();
    // The scenario inside the target.
    let mut command = mgate();
    command
        .arg("run")
        .arg(project.join("in.toml"))
        .arg("--out")
        .arg(&project)
        .arg("--force");
    assert_refused(&finish(&mut command), &["holds the input", "--out"]);
    // A folder of the user's, without a manifest.
    let theirs = root.path().join("theirs");
    std::fs::create_dir(&theirs).unwrap();
    std::fs::write(theirs.join("thesis.txt"), "four years").unwrap();
    let output = finish(&mut run_into(&theirs, &["--force"]));
    assert_refused(&output, &["holds files mgate did not write", "--force"]);
    // A manifest that is not mgate's.
    std::fs::write(theirs.join("manifest.json"), "{\"mine\": true}").unwrap();
    let output = finish(&mut run_into(&theirs, &["--force"]));
    assert_refused(&output, &["holds files mgate did not write"]);
    assert_eq!(entries(&project), ["in.toml", "thesis.txt"]);
    assert_eq!(entries(&theirs), ["manifest.json", "thesis.txt"]);
    // A folder mgate wrote is replaced.
    let run = root.path().join("run");
    assert!(finish(&mut run_into(&run, &[])).status.success());
    let output = finish(&mut run_into(&run, &["--force", "--seed", "5"]));
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(
        std::fs::read_to_string(run.join("manifest.json"))
            .unwrap()
            .contains("\"seed\": 5")
    );
}

#[test]
fn the_current_folder_and_the_root_are_refused_as_out() {
    let root = tempfile::tempdir().unwrap();
    std::fs::write(root.path().join("thesis.txt"), "mine").unwrap();
    for (target, expected) in [
        (".", "the folder mgate runs in"),
        ("..", "the folder mgate runs in"),
        ("/", "the root folder"),
    ] {
        let mut command = run_into(Path::new(target), &["--force"]);
        command.current_dir(root.path());
        assert_refused(&finish(&mut command), &[expected]);
    }
    assert_eq!(entries(root.path()), ["thesis.txt"]);
}
