//! End-to-end tests of `mgate compare`: two small runs (a baseline and a `--set` what-if) are
//! compared; the folder holds the overlaid plots, a handout with the key-by-key differences and
//! the disclaimer, and a manifest; bad input exits 2 and writes nothing.

use assert_cmd::Command;
use mgate::DISCLAIMER;
use std::path::{Path, PathBuf};

fn mgate() -> Command {
    Command::cargo_bin("mgate").expect("mgate binary")
}

fn scenario() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/cheung2022_combined.toml")
}

/// Runs the scenario with 20 subjects into `dir/name`, with extra options.
fn run(dir: &Path, name: &str, extra: &[&str]) -> PathBuf {
    let out = dir.join(name);
    mgate()
        .arg("run")
        .arg(scenario())
        .args(["--subjects", "20", "--quiet", "--out"])
        .arg(&out)
        .args(extra)
        .assert()
        .success();
    out
}

/// A baseline run and a what-if run with the vitamin D arm's dose raised.
fn two_runs() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let base = run(dir.path(), "base", &[]);
    let high = run(
        dir.path(),
        "high",
        &["--set", "arms.vitd.regimens.0.amount=4000"],
    );
    (dir, base, high)
}

#[test]
fn two_runs_are_overlaid_with_a_key_by_key_handout() {
    let (dir, base, high) = two_runs();
    let out = dir.path().join("compared");
    let output = mgate()
        .arg("compare")
        .arg(&base)
        .arg(&high)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stdout.contains("arms.vitd.regimens.0.amount: 1000 → 4000"),
        "{stdout}"
    );
    assert!(stdout.contains(DISCLAIMER) && stderr.contains(DISCLAIMER));
    // Nothing else differs: the seed, the subjects and every other value are the same.
    let listed = stdout.lines().filter(|l| l.starts_with("  ")).count();
    assert_eq!(listed, 1, "{stdout}");

    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains(DISCLAIMER));
    assert!(html.contains("<td class=\"l\">arms.vitd.regimens.0.amount</td><td class=\"l\">1000</td><td class=\"l\">4000</td>"), "{html}");
    let figures = html.matches("<figure>").count();
    assert!(figures >= 4, "time courses and effects: {figures}");
    assert_eq!(html.matches("<figcaption>").count(), figures);
    assert!(!html.contains('`'), "no raw backticks in the handout");
    for stem in [
        "compare_time_course_ohd25_ng_ml",
        "compare_time_course_serum_mg_mmol_l",
        "compare_effects_ohd25_ng_ml",
    ] {
        for extension in ["png", "svg"] {
            let file = out.join("plots").join(format!("{stem}.{extension}"));
            assert!(file.is_file(), "{} missing", file.display());
        }
        let svg = std::fs::read_to_string(out.join("plots").join(format!("{stem}.svg"))).unwrap();
        assert!(svg.contains(DISCLAIMER), "{stem}: the disclaimer");
    }
    // The effect of the raised dose is in the caption, from the data: larger in B.
    let caption = html
        .split("<figcaption>")
        .find(|c| c.starts_with("Effect on 25(OH)D"))
        .expect("an effects caption");
    assert!(caption.contains("vitd vs placebo, all: +"), "{caption}");

    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["kind"], "compare");
    assert_eq!(manifest["disclaimer"], DISCLAIMER);
    assert_eq!(
        manifest["differences"][0]["key"],
        "arms.vitd.regimens.0.amount"
    );

    // A second compare into the same folder is refused without --force, allowed with it.
    mgate()
        .arg("compare")
        .arg(&base)
        .arg(&high)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2);
    mgate()
        .arg("compare")
        .arg(&base)
        .arg(&high)
        .arg("--out")
        .arg(&out)
        .args(["--force", "--quiet"])
        .assert()
        .success();
    // A compare folder is not a run: `mgate plot` says what to do instead.
    let output = mgate().arg("plot").arg(&out).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("mgate compare"));
}

#[test]
fn the_same_scenario_twice_has_no_differences() {
    let dir = tempfile::tempdir().unwrap();
    let a = run(dir.path(), "a", &[]);
    let b = run(dir.path(), "b", &[]);
    let out = dir.path().join("same");
    let output = mgate()
        .arg("compare")
        .arg(&a)
        .arg(&b)
        .arg("--out")
        .arg(&out)
        .args(["--quiet"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("the same, key by key"), "{stdout}");
    assert!(!stdout.contains(" → "), "{stdout}");
}

#[test]
fn bad_input_exits_2_with_a_located_message_and_writes_nothing() {
    let (dir, base, _) = two_runs();
    let not_a_run = dir.path().join("plain");
    std::fs::create_dir(&not_a_run).unwrap();
    let without_summary = dir.path().join("partial");
    std::fs::create_dir(&without_summary).unwrap();
    for file in ["manifest.json", "subjects.csv"] {
        std::fs::copy(base.join(file), without_summary.join(file)).unwrap();
    }
    let cases: [(&Path, &Path, &str); 4] = [
        (&base, &dir.path().join("missing"), "run B"),
        (&not_a_run, &base, "run A"),
        (&base, &not_a_run, "no manifest.json"),
        (&base, &without_summary, "summary.csv is missing"),
    ];
    for (index, (a, b, expected)) in cases.into_iter().enumerate() {
        let out = dir.path().join(format!("out{index}"));
        let output = mgate()
            .arg("compare")
            .arg(a)
            .arg(b)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(expected), "{expected}: {stderr}");
        assert!(!out.exists(), "{} was written", out.display());
    }
    // Nothing is left beside the targets either (no temporary folders).
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
