//! Interrupted runs: a run killed (SIGKILL) at any moment leaves either no output folder or a
//! complete one (the earlier results, when `--force` was replacing them), never a half-written
//! folder; its temporary folder, `.<name>.partial-*` beside the target, is not taken for output
//! and is removed by the next run. Ctrl-C (SIGINT) removes the temporary folder at once, exits
//! with code 130 and leaves earlier results untouched.
//!
//! The kill moments are spread over the two phases of an uninterrupted run measured in the test:
//! simulating (timed from the start) and writing into the temporary folder (timed from the
//! moment the folder appears). The assertions hold wherever a kill lands. The heavy tests run one
//! at a time, so that the measured phases stay representative.

#![cfg(unix)]

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// Held by each heavy test, so that they do not compete for the processor.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn one_at_a_time() -> MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Subjects of the heavy run: about two seconds of simulating and writing in release mode.
const SUBJECTS: &str = "1000";

fn scenario() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/cheung2022_combined.toml")
}

/// `mgate run` of the shipped scenario into `target`.
fn run(target: &Path, subjects: &str, force: bool) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mgate"));
    command
        .arg("run")
        .arg(scenario())
        .arg("--out")
        .arg(target)
        .args(["--subjects", subjects, "--quiet"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if force {
        command.arg("--force");
    }
    command
}

fn run_to_completion(target: &Path, subjects: &str, force: bool) {
    let output = run(target, subjects, force).output().expect("mgate runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Every file of a folder (and of its subfolders, as `sub/name`) with its contents.
fn snapshot(folder: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(folder).unwrap_or_else(|e| panic!("{}: {e}", folder.display())) {
        let entry = entry.expect("entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_dir() {
            for (inner, bytes) in snapshot(&entry.path()) {
                files.insert(format!("{name}/{inner}"), bytes);
            }
        } else {
            files.insert(name, std::fs::read(entry.path()).expect("readable file"));
        }
    }
    files
}

/// Whether `folder` is a complete output of the same run as `reference`: the same files, each
/// byte for byte, except the manifest, whose timestamps and command line differ and which must
/// parse and list every file.
fn is_complete_like(
    folder: &BTreeMap<String, Vec<u8>>,
    reference: &BTreeMap<String, Vec<u8>>,
) -> bool {
    if folder.keys().ne(reference.keys()) {
        return false;
    }
    let Some(manifest) = folder.get("manifest.json") else {
        return false;
    };
    let Ok(manifest) = serde_json::from_slice::<serde_json::Value>(manifest) else {
        return false;
    };
    let listed: Option<Vec<&str>> = manifest["files"]
        .as_array()
        .map(|files| files.iter().filter_map(|f| f.as_str()).collect());
    let mut listed = listed.unwrap_or_default();
    listed.sort_unstable();
    // The manifest lists top-level files and `plots/` for the plot folder.
    let mut top_level: Vec<String> = folder
        .keys()
        .map(|k| {
            k.split_once('/')
                .map_or(k.clone(), |(dir, _)| format!("{dir}/"))
        })
        .collect();
    top_level.dedup();
    top_level.sort();
    // The manifest and the report record the command line, which differs between runs.
    listed
        .iter()
        .copied()
        .eq(top_level.iter().map(String::as_str))
        && folder
            .iter()
            .filter(|(name, _)| *name != "manifest.json" && *name != "report.html")
            .all(|(name, bytes)| reference.get(name) == Some(bytes))
}

/// Names in `parent` other than `target_name`, asserting each is a temporary folder of a run.
fn leftovers(parent: &Path, target_name: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(parent)
        .expect("readable folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name != target_name)
        .collect();
    names.sort();
    for name in &names {
        assert!(
            name.starts_with(&format!(".{target_name}.partial-")),
            "unexpected entry {name} beside {target_name}"
        );
    }
    names
}

/// When to kill a run.
#[derive(Debug, Clone, Copy)]
enum Moment {
    /// This long after the start.
    AfterStart(Duration),
    /// This long after the temporary folder appeared.
    IntoWriting(Duration),
}

/// Waits until the run writing into `parent` has created its temporary folder; returns `false`
/// if the run ended first.
fn wait_for_writing(parent: &Path, child: &mut Child) -> bool {
    loop {
        // Before simulating, a run probes the folder with an empty `….partial-…-probe`.
        if leftovers(parent, "run")
            .iter()
            .any(|n| !n.ends_with("-probe"))
        {
            return true;
        }
        if child.try_wait().expect("status").is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// An uninterrupted heavy run: how long it simulated and wrote, and its files.
struct Reference {
    simulating: Duration,
    writing: Duration,
    files: BTreeMap<String, Vec<u8>>,
}

impl Reference {
    /// Runs the heavy run uninterrupted into `parent/run` (a fresh folder).
    fn measure(parent: &Path) -> Self {
        std::fs::create_dir(parent).unwrap();
        let target = parent.join("run");
        let clock = Instant::now();
        let mut child = run(&target, SUBJECTS, false).spawn().expect("mgate starts");
        let wrote = wait_for_writing(parent, &mut child);
        let simulating = clock.elapsed();
        let output = child.wait_with_output().expect("mgate ends");
        assert!(
            wrote && output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        Self {
            simulating,
            writing: clock.elapsed() - simulating,
            files: snapshot(&target),
        }
    }

    /// Five kill moments: two while simulating, three while writing.
    fn kill_moments(&self) -> [Moment; 5] {
        let (s, w) = (self.simulating, self.writing);
        [
            Moment::AfterStart(s / 3),
            Moment::AfterStart(s * 2 / 3),
            Moment::IntoWriting(w / 4),
            Moment::IntoWriting(w / 2),
            Moment::IntoWriting(w * 3 / 4),
        ]
    }
}

/// Starts the heavy run into `parent/run` and kills it with SIGKILL at `moment`.
fn kill_at(parent: &Path, force: bool, moment: Moment) {
    let mut child = run(&parent.join("run"), SUBJECTS, force)
        .spawn()
        .expect("mgate starts");
    match moment {
        Moment::AfterStart(delay) => std::thread::sleep(delay),
        Moment::IntoWriting(delay) => {
            if wait_for_writing(parent, &mut child) {
                std::thread::sleep(delay);
            }
        }
    }
    // The run may have finished already: then there is nothing to kill, which is fine.
    let _ = child.kill();
    child.wait().expect("mgate ends");
}

#[test]
fn a_killed_first_run_leaves_no_folder_or_a_complete_one_and_the_next_run_cleans_up() {
    let _alone = one_at_a_time();
    let root = tempfile::tempdir().unwrap();
    let measured = Reference::measure(&root.path().join("reference"));
    let reference = &measured.files;
    let mut seen = (0, 0, 0); // (nothing, leftover only, complete output)
    for (k, moment) in measured.kill_moments().into_iter().enumerate() {
        let parent = root.path().join(format!("kill{k}"));
        std::fs::create_dir(&parent).unwrap();
        let target = parent.join("run");
        kill_at(&parent, false, moment);

        let left = leftovers(&parent, "run");
        if target.exists() {
            assert!(
                is_complete_like(&snapshot(&target), reference),
                "kill {k}: {} is not a complete output",
                target.display()
            );
            seen.2 += 1;
        } else if left.is_empty() {
            seen.0 += 1;
        } else {
            seen.1 += 1;
        }
        // A leftover is not taken for output: a run without --force may write the target.
        let force = target.exists();
        run_to_completion(&target, "2", force);
        assert!(
            leftovers(&parent, "run").is_empty(),
            "kill {k}: leftovers {left:?} were not removed by the next run"
        );
        std::fs::remove_dir_all(&parent).unwrap();
    }
    eprintln!(
        "run simulating {:?}, writing {:?}; kills left nothing {}, a temporary folder {}, a complete output {}",
        measured.simulating, measured.writing, seen.0, seen.1, seen.2
    );
}

#[test]
fn a_killed_forced_run_leaves_the_earlier_results_or_complete_new_ones() {
    let _alone = one_at_a_time();
    let root = tempfile::tempdir().unwrap();
    let measured = Reference::measure(&root.path().join("reference"));
    let mut seen = (0, 0, 0); // (earlier results, with a leftover, complete new output)
    for (k, moment) in measured.kill_moments().into_iter().enumerate() {
        let parent = root.path().join(format!("kill{k}"));
        std::fs::create_dir(&parent).unwrap();
        let target = parent.join("run");
        run_to_completion(&target, "2", false);
        let earlier = snapshot(&target);

        kill_at(&parent, true, moment);

        let left = leftovers(&parent, "run");
        assert!(target.is_dir(), "kill {k}: the earlier results are gone");
        let now = snapshot(&target);
        assert!(
            now == earlier || is_complete_like(&now, &measured.files),
            "kill {k}: {} holds neither the earlier results nor complete new ones: {:?}",
            target.display(),
            now.keys().collect::<Vec<_>>()
        );
        match (now == earlier, left.is_empty()) {
            (true, true) => seen.0 += 1,
            (true, false) => seen.1 += 1,
            (false, _) => seen.2 += 1,
        }
        run_to_completion(&target, "2", true);
        assert!(
            leftovers(&parent, "run").is_empty(),
            "kill {k}: leftovers {left:?} were not removed by the next run"
        );
        std::fs::remove_dir_all(&parent).unwrap();
    }
    eprintln!(
        "run simulating {:?}, writing {:?}; kills left the earlier results {}, the earlier results and a temporary folder {}, complete new results {}",
        measured.simulating, measured.writing, seen.0, seen.1, seen.2
    );
}

fn interrupt(child: &Child) {
    let pid = Pid::from_raw(i32::try_from(child.id()).expect("pid fits in i32"));
    kill(pid, Signal::SIGINT).expect("SIGINT sent");
}

#[test]
fn ctrl_c_while_simulating_exits_130_and_leaves_earlier_results_untouched() {
    let _alone = one_at_a_time();
    let root = tempfile::tempdir().unwrap();
    let target = root.path().join("run");
    run_to_completion(&target, "2", false);
    let earlier = snapshot(&target);

    // A million subjects take minutes: the interrupt arrives while they are being simulated.
    // (`--summary-only` keeps the run within the default memory budget; the measured copy of
    // every sample that assay noise adds takes it just above, hence the larger budget. The run
    // is stopped long before it holds that much.)
    let mut command = Command::new(env!("CARGO_BIN_EXE_mgate"));
    command
        .arg("run")
        .arg(scenario())
        .arg("--out")
        .arg(&target)
        .args(["--subjects", "1000000", "--summary-only", "--force"])
        .args(["--max-memory-gb", "6"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("mgate starts");
    let mut stderr = BufReader::new(child.stderr.take().expect("piped stderr"));
    let mut seen = String::new();
    loop {
        let mut line = String::new();
        let read = stderr.read_line(&mut line).expect("stderr readable");
        assert!(read > 0, "mgate ended before simulating: {seen}");
        seen.push_str(&line);
        // Printed just before the simulation starts.
        if line.contains("subject(s) x") {
            break;
        }
    }
    interrupt(&child);
    let status = child.wait().expect("mgate ends");
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    assert_eq!(status.code(), Some(130), "{seen}{rest}");
    assert!(
        rest.contains("interrupted: no results were written"),
        "{rest}"
    );
    assert!(!rest.contains("panicked"), "{rest}");
    assert!(snapshot(&target) == earlier, "earlier results changed");
    assert!(leftovers(root.path(), "run").is_empty());
}

#[test]
fn ctrl_c_while_writing_removes_the_temporary_folder_and_exits_130() {
    let _alone = one_at_a_time();
    let root = tempfile::tempdir().unwrap();
    let reference = Reference::measure(&root.path().join("reference")).files;
    let parent = root.path().join("interrupted");
    std::fs::create_dir(&parent).unwrap();
    let target = parent.join("run");
    run_to_completion(&target, "2", false);
    let earlier = snapshot(&target);

    let mut child = run(&target, SUBJECTS, true).spawn().expect("mgate starts");
    // Interrupt as soon as the temporary folder exists: the outputs are being written.
    assert!(
        wait_for_writing(&parent, &mut child),
        "mgate ended before writing its outputs"
    );
    interrupt(&child);
    let output = child.wait_with_output().expect("mgate ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        leftovers(&parent, "run").is_empty(),
        "the temporary folder was not removed: {stderr}"
    );
    let now = snapshot(&target);
    if now == earlier {
        assert_eq!(output.status.code(), Some(130), "{stderr}");
        assert!(
            stderr.contains("interrupted: no results were written"),
            "{stderr}"
        );
    } else {
        // The interrupt came after the new results were complete and in place.
        assert!(is_complete_like(&now, &reference), "{stderr}");
    }
}
