//! Data safety (issue 18): mgate never loses a user's files, never hangs and never runs out of
//! memory on a valid-looking file. Each test is one case of the issue, as a hostile user would
//! try it: it exits (with code 2 for bad input), it names what was wrong, and it leaves every
//! file that was there before as it was.

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

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
    let child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("mgate starts");
    wait_or_kill(child, &format!("{command:?}"))
}

/// Waits for a child, reading its output as it comes (so that a full pipe cannot stall it), or
/// kills it and fails the test if it runs longer than [`HUNG`].
fn wait_or_kill(child: Child, what: &str) -> Output {
    let id = child.id();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || sender.send(child.wait_with_output()));
    match receiver.recv_timeout(HUNG) {
        Ok(output) => output.expect("output"),
        Err(_) => {
            let _ = Command::new("kill")
                .arg("-KILL")
                .arg(id.to_string())
                .status();
            panic!("{what} hung");
        }
    }
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
        let Self(child) = self;
        signal(&child, "CONT");
        wait_or_kill(child, "the resumed run")
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
    // The command runs in root/work; `..` is root: nothing outside the temporary folder is at
    // stake even if the refusal failed.
    let root = tempfile::tempdir().unwrap();
    let work = root.path().join("work");
    std::fs::create_dir(&work).unwrap();
    std::fs::write(work.join("thesis.txt"), "mine").unwrap();
    for (target, expected) in [
        (".", "the folder mgate runs in"),
        ("..", "the folder mgate runs in"),
        ("/", "the root folder"),
    ] {
        let mut command = run_into(Path::new(target), &["--force"]);
        command.current_dir(&work);
        assert_refused(&finish(&mut command), &[expected]);
    }
    assert_eq!(entries(root.path()), ["work"]);
    assert_eq!(entries(&work), ["thesis.txt"]);
}

// 5. Special files are never read: devices, FIFOs, links out of a folder.

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(status.success());
}

#[test]
fn devices_and_fifos_given_as_scenarios_are_refused_without_hanging() {
    let root = tempfile::tempdir().unwrap();
    let fifo = root.path().join("scenario.toml");
    mkfifo(&fifo);
    let zero = Path::new("/dev/zero");
    for (file, kind) in [(zero, "a device"), (fifo.as_path(), "a FIFO")] {
        let mut validate = mgate();
        validate.arg("validate").arg(file);
        assert_refused(&finish(&mut validate), &[kind, "not a regular file"]);
        let mut run = mgate();
        run.arg("run")
            .arg(file)
            .arg("--out")
            .arg(root.path().join("out"));
        assert_refused(&finish(&mut run), &[kind]);
        let mut sweep = mgate();
        sweep
            .arg("sweep")
            .arg(file)
            .arg("--out")
            .arg(root.path().join("out"));
        assert_refused(&finish(&mut sweep), &[kind]);
    }
    assert_eq!(entries(root.path()), ["scenario.toml"]);
}

#[test]
fn fifos_and_links_in_run_and_shard_folders_are_refused_without_hanging() {
    let root = tempfile::tempdir().unwrap();
    let run = root.path().join("run");
    assert!(finish(&mut run_into(&run, &[])).status.success());
    let shard = root.path().join("shard");
    assert!(finish(&mut tiny_sweep(&shard, &[])).status.success());
    for (folder, file) in [
        (&run, "summary.csv"),
        (&run, "manifest.json"),
        (&shard, "sweep.csv"),
        (&shard, "manifest.json"),
    ] {
        let path = folder.join(file);
        let kept = std::fs::read(&path).unwrap();
        for replacement in ["fifo", "link to /dev/zero"] {
            std::fs::remove_file(&path).unwrap();
            if replacement == "fifo" {
                mkfifo(&path);
            } else {
                std::os::unix::fs::symlink("/dev/zero", &path).unwrap();
            }
            let mut command = mgate();
            if folder == &run {
                command.arg("plot").arg(folder);
            } else {
                command
                    .arg("merge")
                    .arg(folder)
                    .arg("--out")
                    .arg(root.path().join("merged"));
            }
            let output = finish(&mut command);
            let expected = if replacement == "fifo" {
                "a FIFO"
            } else {
                "is a symbolic link"
            };
            assert_refused(&output, &[file, expected]);
        }
        std::fs::remove_file(&path).unwrap();
        std::fs::write(&path, kept).unwrap();
    }
    assert_eq!(entries(root.path()), ["run", "shard"]);
}

// 6. and 9. merge refuses shards whose manifest or rows were edited, and never panics.

/// The two shards of the tiny sweep, in `root/shard1` and `root/shard2`.
fn two_shards(root: &Path) -> [PathBuf; 2] {
    [1, 2].map(|k| {
        let dir = root.join(format!("shard{k}"));
        let spec = format!("{k}/2");
        let output = finish(&mut tiny_sweep(&dir, &["--shard", &spec]));
        assert!(output.status.success(), "{}", stderr_of(&output));
        dir
    })
}

fn merge(root: &Path, shards: &[PathBuf]) -> Output {
    let mut command = mgate();
    command
        .arg("merge")
        .args(shards)
        .arg("--out")
        .arg(root.join("merged"));
    finish(&mut command)
}

/// Replaces the first occurrence of `from` in a file by `to`.
fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn merge_refuses_a_manifest_with_no_shards_instead_of_panicking() {
    let root = tempfile::tempdir().unwrap();
    let shards = two_shards(root.path());
    for (from, to) in [
        ("\"count\": 2", "\"count\": 0"),
        ("\"index\": 1", "\"index\": 0"),
        ("\"count\": 2", "\"count\": 100000"),
    ] {
        let manifest = shards[0].join("manifest.json");
        let kept = std::fs::read(&manifest).unwrap();
        edit(&manifest, from, to);
        assert_refused(&merge(root.path(), &shards), &["/shard/"]);
        std::fs::write(&manifest, kept).unwrap();
    }
    let manifest = shards[0].join("manifest.json");
    edit(
        &manifest,
        "\"points\": 2,\n    \"reference_arm\"",
        "\"points\": 100000000000,\n    \"reference_arm\"",
    );
    assert_refused(&merge(root.path(), &shards), &["/sweep/points"]);
    assert!(!root.path().join("merged").exists());
}

#[test]
fn merge_refuses_edited_rows() {
    let root = tempfile::tempdir().unwrap();
    let shards = two_shards(root.path());
    let table = shards[1].join("sweep.csv");
    let kept = std::fs::read_to_string(&table).unwrap();
    let (header, row) = kept.split_once('\n').unwrap();
    let cells: Vec<&str> = row.trim_end().split(',').collect();
    // Point 1 varies k_24a1 = 2 (of 1, 2); the last cell is a number.
    assert_eq!(cells[..2], ["1", "2"]);
    let with = |k: usize, value: &str| {
        let mut edited = cells.clone();
        edited[k] = value;
        format!("{header}\n{}\n", edited.join(","))
    };
    let last = cells.len() - 1;
    for (text, expected) in [
        (with(last, "123.5"), "checksum"),
        (with(1, "7"), "outside the sweep's range"),
        (with(last, "NaN"), "not a finite number"),
    ] {
        std::fs::write(&table, text).unwrap();
        assert_refused(&merge(root.path(), &shards), &["sweep.csv", expected]);
    }
    std::fs::write(&table, kept).unwrap();
    let output = merge(root.path(), &shards);
    assert!(output.status.success(), "{}", stderr_of(&output));
}

// 10. plot never writes through a link, and leaves a folder it cannot redraw as it was.

/// Every file under a folder with its bytes (links read as their target's name).
fn snapshot(folder: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![folder.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                files.push((path, target.to_string_lossy().as_bytes().to_vec()));
            } else if meta.is_dir() {
                stack.push(path);
            } else {
                files.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn plot_refuses_links_and_never_writes_through_them() {
    let root = tempfile::tempdir().unwrap();
    let run = root.path().join("run");
    assert!(finish(&mut run_into(&run, &[])).status.success());
    let victim = root.path().join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    for entry in ["report.html", "plots"] {
        let path = run.join(entry);
        let aside = root.path().join("aside");
        std::fs::rename(&path, &aside).unwrap();
        std::os::unix::fs::symlink(&victim, &path).unwrap();
        let before = snapshot(&run);
        let mut command = mgate();
        command.arg("plot").arg(&run);
        assert_refused(&finish(&mut command), &[entry, "is a symbolic link"]);
        assert_eq!(snapshot(&run), before);
        std::fs::remove_file(&path).unwrap();
        std::fs::rename(&aside, &path).unwrap();
    }
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
}

#[test]
fn plot_of_a_corrupted_folder_is_bad_input_and_changes_nothing() {
    let root = tempfile::tempdir().unwrap();
    let run = root.path().join("run");
    assert!(finish(&mut run_into(&run, &[])).status.success());
    // Break the 25(OH)D of the last row of timeseries.csv, which every time plot reads.
    let table = run.join("timeseries.csv");
    let text = std::fs::read_to_string(&table).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let column = lines[0]
        .split(',')
        .position(|c| c == "ohd25_ng_ml")
        .unwrap();
    let last = lines.len() - 1;
    let mut cells: Vec<&str> = lines[last].split(',').collect();
    cells[column] = "garbage";
    lines[last] = cells.join(",");
    std::fs::write(&table, lines.join("\n") + "\n").unwrap();
    let before = snapshot(&run);
    let mut command = mgate();
    command.arg("plot").arg(&run);
    assert_refused(&finish(&mut command), &["timeseries.csv", "garbage"]);
    assert_eq!(snapshot(&run), before, "plot changed the folder");
    // A folder without an mgate manifest.
    std::fs::write(run.join("manifest.json"), "{}").unwrap();
    let mut command = mgate();
    command.arg("plot").arg(&run);
    assert_refused(&finish(&mut command), &["not an mgate output folder"]);
}

// 14. Smaller cases.

#[test]
fn sigterm_while_writing_removes_the_temporary_folder_like_ctrl_c() {
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
    // Delivered as the run resumes, while it writes.
    signal(&paused.0, "TERM");
    let output = paused.resume();
    assert_eq!(output.status.code(), Some(130), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("interrupted"));
    assert!(
        entries(root.path()).is_empty(),
        "{:?}",
        entries(root.path())
    );
}

#[test]
fn new_into_a_missing_folder_is_bad_input() {
    let root = tempfile::tempdir().unwrap();
    let mut command = mgate();
    command
        .args(["new", "mine", "--dir"])
        .arg(root.path().join("missing"));
    assert_refused(&finish(&mut command), &["missing", "--dir"]);
    assert!(entries(root.path()).is_empty());
}

#[test]
fn huge_and_tiny_numbers_are_printed_short() {
    let mut command = run_into(
        Path::new("never"),
        &["--set", "simulation.duration_days=1e308"],
    );
    let output = finish(&mut command);
    assert_refused(&output, &["1e308 is out of range"]);
    assert!(!stderr_of(&output).contains("100000000000000000000"));
}

#[test]
fn ranges_whose_values_repeat_after_rounding_and_vanishing_steps_are_refused() {
    for vary in [
        "parameters.k_24a1=lin:1:1.000000000001:1e-13",
        "parameters.k_24a1=log:1:1.0000000000001:n5",
    ] {
        let mut command = mgate();
        command
            .arg("sweep")
            .arg(scenario())
            .args(["--dry-run", "--vary", vary]);
        assert_refused(&finish(&mut command), &["values repeat", vary]);
    }
    for step in ["5e-324", "1e-12"] {
        let mut command = mgate();
        command.arg("sensitivity").arg(scenario()).args([
            "--endpoint",
            "ohd25_ng_ml",
            "--relative-step",
            step,
            "--out",
            "never",
        ]);
        assert_refused(&finish(&mut command), &["--relative-step", step]);
    }
}

// 8. Two paths to one value.

#[test]
fn two_paths_to_one_varied_value_are_refused() {
    for args in [
        [
            "--vary",
            "arms.vitd.regimens.0.amount=1000,2000",
            "--vary",
            "arms.1.regimens.0.amount=3000,4000",
        ],
        [
            "--vary",
            "arms.vitd.regimens.0.amount=1000,2000",
            "--set",
            "arms.1.regimens.0.amount=3000",
        ],
    ] {
        let mut command = mgate();
        command
            .arg("sweep")
            .arg(scenario())
            .arg("--dry-run")
            .args(args);
        assert_refused(
            &finish(&mut command),
            &["arms.vitd.regimens.0.amount", "arms.1.regimens.0.amount"],
        );
    }
}

// 11. Validation is linear in the number of problems, and prints a bounded number of them.

#[test]
fn a_file_with_110000_problems_gets_a_hundred_and_a_count() {
    let root = tempfile::tempdir().unwrap();
    let file = root.path().join("many.toml");
    let mut text = std::fs::read_to_string(scenario()).unwrap();
    let keys: String = (0..110_000).map(|i| format!("z{i}=1\n")).collect();
    text = text.replacen(
        "[simulation]",
        &format!("[parameters]\n{keys}\n[simulation]"),
        1,
    );
    std::fs::write(&file, text).unwrap();
    let mut command = mgate();
    command.arg("validate").arg(&file);
    let output = finish(&mut command);
    assert_refused(&output, &["110000 problems found", "and 109,900 more"]);
    assert!(
        output.stderr.len() < 100_000,
        "{} bytes",
        output.stderr.len()
    );
}

// 12. Problems of the command line are located on the command line.

#[test]
fn unknown_set_paths_and_lhs_are_located_on_the_command_line() {
    for set in ["a.b.c.d.e=", "simulation.zzz=1", "population.bogus.x=2"] {
        let output = finish(&mut run_into(Path::new("never"), &["--set", set]));
        let expected = format!("--> command line: --set {set}");
        assert_refused(&output, &[&expected]);
        assert!(
            !stderr_of(&output).contains(&format!("--> {}", scenario().display())),
            "{}",
            stderr_of(&output)
        );
    }
    let mut command = mgate();
    command.arg("sweep").arg(scenario()).args([
        "--dry-run",
        "--vary",
        "parameters.k_24a1=lin:1:4",
        "--lhs",
        "0",
    ]);
    assert_refused(&finish(&mut command), &["--> command line: --lhs 0"]);
}

#[test]
fn problems_after_an_added_key_keep_their_line_in_the_file() {
    let root = tempfile::tempdir().unwrap();
    let file = root.path().join("s.toml");
    std::fs::write(
        &file,
        "name = \"s\"\n[simulation]\nduration_days = 84\n\n[[arms]]\nname = \"a\"\nbogus = 1\n",
    )
    .unwrap();
    let mut command = mgate();
    command
        .arg("run")
        .arg(&file)
        .args(["--set", "simulation.extra=1", "--out", "never"]);
    let output = finish(&mut command);
    assert_refused(
        &output,
        &[
            "s.toml:7:1",
            "7 | bogus = 1",
            "command line: --set simulation.extra=1",
        ],
    );
}

// 4. Runs that would exhaust the memory or run for days are refused before simulating.

#[test]
fn runs_and_sweeps_beyond_the_budget_are_refused_with_the_estimate() {
    let root = tempfile::tempdir().unwrap();
    let regimen = "[[arms.regimens]]\nsubstance = \"magnesium\"\namount = 1\nform = \"glycinate\"\nschedule = \"every\"\ninterval_days = 1\n";
    let regimens = root.path().join("regimens.toml");
    std::fs::write(
        &regimens,
        format!(
            "name = \"many_regimens\"\n[simulation]\nduration_days = 36500\nsample_every_days = 365\n[population]\nsubjects = 1\n[[arms]]\nname = \"a\"\n{}",
            regimen.repeat(300)
        ),
    )
    .unwrap();
    let samples = root.path().join("samples.toml");
    std::fs::write(
        &samples,
        "name = \"many_samples\"\n[simulation]\nduration_days = 20000\nsample_every_days = 1\n[population]\nsubjects = 20000\n[[arms]]\nname = \"a\"\n",
    )
    .unwrap();
    let out = root.path().join("out");
    for file in [&regimens, &samples] {
        let mut command = mgate();
        command.arg("run").arg(file).arg("--out").arg(&out);
        assert_refused(
            &finish(&mut command),
            &[
                "this run would need about",
                "GB of memory",
                "--max-memory-gb",
            ],
        );
    }
    // A sweep of points that are each small but together take years.
    let mut command = mgate();
    command
        .arg("sweep")
        .arg(&samples)
        .args([
            "--set",
            "simulation.sample_every_days=5000",
            "--vary",
            "parameters.k_24a1=lin:1:4:n1000",
            "--out",
        ])
        .arg(&out);
    assert_refused(
        &finish(&mut command),
        &["this sweep would simulate about", "--max-subject-days"],
    );
    // The budget is an option: a small one refuses what the default allows.
    let small = ["--max-memory-gb", "0.01"];
    assert_refused(
        &finish(&mut run_into(&out, &small)),
        &["more than the budget of 0.01 GB"],
    );
    assert!(entries(root.path()).iter().all(|n| n != "out"));
    assert!(finish(&mut run_into(&out, &[])).status.success());
}
