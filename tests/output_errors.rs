//! Output paths that cannot be written are refused before simulating, with a message naming the
//! path, exit code 2 (bad input, like an existing output folder), no panic and nothing written.

use std::path::{Path, PathBuf};
use std::process::Output;

fn scenario() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/cheung2022_combined.toml")
}

fn run_into(target: &Path) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_mgate"))
        .arg("run")
        .arg(scenario())
        .arg("--out")
        .arg(target)
        .output()
        .expect("mgate runs")
}

/// Asserts a refusal before simulating: exit code 2, no panic, and every fragment in stderr.
fn assert_refused(output: &Output, fragments: &[&str]) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    // The line printed just before simulating never appears.
    assert!(
        !stderr.contains("subject(s) x"),
        "simulated first: {stderr}"
    );
    for fragment in fragments {
        assert!(
            stderr.contains(fragment),
            "expected `{fragment}` in:\n{stderr}"
        );
    }
}

fn entries(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn an_output_path_through_a_file_is_refused_naming_the_file() {
    let root = tempfile::tempdir().unwrap();
    let file = root.path().join("notes.txt");
    std::fs::write(&file, "mine").unwrap();
    for target in [file.join("run"), file.join("deeper/still/run")] {
        let output = run_into(&target);
        assert_refused(
            &output,
            &[
                &format!("cannot write {}", target.display()),
                &format!("{} is a file, not a folder", file.display()),
                "--out",
            ],
        );
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
    assert_eq!(entries(root.path()), ["notes.txt"]);
}

#[cfg(target_os = "linux")]
#[test]
fn an_output_path_nobody_can_write_is_refused_naming_it() {
    // Nothing can be created in /proc, not even by root.
    let target = Path::new("/proc/mgate-test/out");
    let output = run_into(target);
    assert_refused(
        &output,
        &[
            "cannot write /proc/mgate-test/out",
            "nothing can be created in /proc",
            "--out",
        ],
    );
    assert!(!target.exists());
}

#[cfg(unix)]
#[test]
fn a_read_only_output_folder_is_refused_naming_it() {
    use std::os::unix::fs::PermissionsExt;
    let root = tempfile::tempdir().unwrap();
    let read_only = root.path().join("read_only");
    std::fs::create_dir(&read_only).unwrap();
    std::fs::set_permissions(&read_only, std::fs::Permissions::from_mode(0o555)).unwrap();
    let target = read_only.join("run");
    // Root ignores permissions: then this case cannot be shown here (the /proc test covers
    // an unwritable folder for every user).
    let permissions_apply = std::fs::write(read_only.join("probe"), "").is_err();
    if permissions_apply {
        let output = run_into(&target);
        assert_refused(
            &output,
            &[
                &format!("cannot write {}", target.display()),
                &format!("nothing can be created in {}", read_only.display()),
            ],
        );
        assert!(entries(&read_only).is_empty());
    } else {
        eprintln!("skipped: permissions do not apply to this user (root)");
    }
    std::fs::set_permissions(&read_only, std::fs::Permissions::from_mode(0o755)).unwrap();
}
