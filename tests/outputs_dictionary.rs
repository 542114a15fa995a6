//! The data dictionary (`docs/outputs.md`, `mgate explain FILE`) lists every column of every CSV
//! file mgate writes, and `docs/outputs.md` is exactly what `mgate explain outputs` prints.

use assert_cmd::Command;
use mgate::output::dictionary;
use std::path::{Path, PathBuf};

fn mgate() -> Command {
    Command::cargo_bin("mgate").expect("mgate binary")
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn run_ok(dir: &Path, args: &[&str]) {
    let output = mgate().current_dir(dir).args(args).output().unwrap();
    assert!(
        output.status.success(),
        "mgate {}:\n{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Every CSV file of `folder` is in the dictionary, and so is every column of its header.
fn assert_documented(folder: &Path) -> usize {
    let mut checked = 0;
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "csv") {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let file = dictionary::file(&name)
            .unwrap_or_else(|| panic!("{name} is not in the data dictionary"));
        let text = std::fs::read_to_string(&path).unwrap();
        let header = text.lines().next().unwrap();
        for column in csv::ReaderBuilder::new()
            .from_reader(header.as_bytes())
            .headers()
            .unwrap()
        {
            assert!(
                dictionary::documents(&file, column),
                "column `{column}` of {name} is not in the data dictionary"
            );
            checked += 1;
        }
    }
    checked
}

#[test]
fn docs_outputs_md_is_the_dictionary() {
    let output = mgate().args(["explain", "outputs"]).output().unwrap();
    assert!(output.status.success());
    let docs = std::fs::read_to_string(repo("docs/outputs.md")).unwrap();
    assert!(
        docs == String::from_utf8_lossy(&output.stdout),
        "docs/outputs.md is out of date: regenerate it with `mgate explain outputs > docs/outputs.md`"
    );
}

#[test]
fn every_column_of_every_file_written_is_documented() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = repo("scenarios/cheung2022_combined.toml");
    let scenario = scenario.to_str().unwrap();
    let dai = repo("scenarios/dai2018_bidirectional.toml");
    let dai = dai.to_str().unwrap();
    // A run with assay noise (the `_measured` columns), a stratified counterfactual run, a sweep
    // and a sensitivity analysis.
    run_ok(
        dir.path(),
        &[
            "run",
            scenario,
            "--subjects",
            "8",
            "--set",
            "measurement.ohd25_ng_ml.cv=0.08",
            "--out",
            "run",
        ],
    );
    run_ok(
        dir.path(),
        &["run", dai, "--subjects", "8", "--out", "dai", "-q"],
    );
    run_ok(
        dir.path(),
        &[
            "sweep",
            dai,
            "--subjects",
            "6",
            "--vary",
            "parameters.k_24a1=1,2",
            "--out",
            "sweep",
            "-q",
        ],
    );
    run_ok(
        dir.path(),
        &[
            "sensitivity",
            dai,
            "--endpoint",
            "ohd25_ng_ml",
            "--method",
            "local",
            "--subjects",
            "4",
            "--out",
            "sensitivity",
            "-q",
        ],
    );
    let run = dir.path().join("run");
    let subjects = std::fs::read_to_string(run.join("subjects.csv")).unwrap();
    assert!(
        subjects
            .lines()
            .next()
            .unwrap()
            .contains("ohd25_ng_ml_change_measured")
    );
    let mut columns = 0;
    for folder in ["run", "dai", "sweep", "sensitivity"] {
        columns += assert_documented(&dir.path().join(folder));
    }
    assert!(columns > 150, "only {columns} columns checked");
}

#[test]
fn explain_names_observables_and_files() {
    let observable = mgate()
        .args(["explain", "serum_mg_mmol_l"])
        .output()
        .unwrap();
    assert!(observable.status.success());
    let text = String::from_utf8_lossy(&observable.stdout);
    assert!(text.contains("mmol/L") && text.contains("DVID 5"), "{text}");
    let file = mgate().args(["explain", "sweep.csv"]).output().unwrap();
    assert!(file.status.success());
    assert!(String::from_utf8_lossy(&file.stdout).contains("<endpoint>.<arm>.<stratum>.n"));
    let typo = mgate().args(["explain", "subject.csv"]).output().unwrap();
    assert_eq!(typo.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&typo.stderr).contains("did you mean `subjects.csv`?"));
}
