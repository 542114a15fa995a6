//! End-to-end tests of the `mgate` command line: shipped scenarios, bad input, `--set`,
//! `new`, outputs that parse back, and refusal to overwrite.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn mgate() -> Command {
    Command::cargo_bin("mgate").expect("mgate binary")
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn files_in(folder: &str, extension: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo(folder))
        .expect("folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort();
    files
}

fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn every_shipped_scenario_runs_and_writes_parseable_outputs() {
    let scenarios = files_in("scenarios", "toml");
    assert!(!scenarios.is_empty());
    for scenario in scenarios {
        let out = tempfile::tempdir().unwrap();
        let target = out.path().join("run");
        let output = mgate()
            .arg("run")
            .arg(&scenario)
            .arg("--out")
            .arg(&target)
            .args(["--subjects", "3"])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}: {}",
            scenario.display(),
            stderr_of(&output)
        );
        assert!(stderr_of(&output).contains("not calibrated, not medical advice"));
        assert!(stdout_of(&output).contains("not calibrated, not medical advice"));
        for file in ["subjects.csv", "summary.csv", "manifest.json"] {
            assert!(
                target.join(file).exists(),
                "{}: no {file}",
                scenario.display()
            );
        }
        let manifest: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(target.join("manifest.json")).unwrap())
                .unwrap();
        assert!(
            manifest["disclaimer"]
                .as_str()
                .unwrap()
                .contains("not calibrated")
        );
        assert_eq!(manifest["scenario"]["subjects"], 3);
        let arms = manifest["scenario"]["arms"].as_array().unwrap().len();

        let mut subjects = csv::Reader::from_path(target.join("subjects.csv")).unwrap();
        let headers = subjects.headers().unwrap().clone();
        assert!(headers.iter().any(|h| h == "ohd25_ng_ml_change"));
        let rows: Vec<csv::StringRecord> = subjects.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), 3 * arms);
        for row in &rows {
            for (name, value) in headers.iter().zip(row.iter()) {
                if name != "arm" && name != "baseline_found_by" {
                    let number: f64 = value.parse().unwrap_or_else(|_| panic!("{name}={value}"));
                    assert!(number.is_finite(), "{name}={value}");
                }
            }
        }
        if target.join("timeseries.csv").exists() {
            let mut series = csv::Reader::from_path(target.join("timeseries.csv")).unwrap();
            let records: Vec<csv::StringRecord> = series.records().map(|r| r.unwrap()).collect();
            let count = records.len();
            let samples = manifest["scenario"]["sample_days"]
                .as_array()
                .unwrap()
                .len();
            assert_eq!(count, 3 * arms * samples);
        }
        check_plots_and_report(&target, arms);
        let mut summary = csv::Reader::from_path(target.join("summary.csv")).unwrap();
        assert_eq!(
            summary.headers().unwrap(),
            vec![
                "arm",
                "day",
                "observable",
                "n",
                "mean",
                "sd",
                "p5",
                "p25",
                "p50",
                "p75",
                "p95"
            ]
        );
        assert!(summary.records().all(|r| r.unwrap()[3] == *"3"));
    }
}

/// Every shipped scenario gets the always-applicable plot kinds (and the effect plots when it has
/// two arms or more), each SVG carries the disclaimer, the report exists, and `mgate plot`
/// re-renders the plots byte for byte from the CSVs.
fn check_plots_and_report(target: &Path, arms: usize) {
    let plots = target.join("plots");
    let names: Vec<String> = std::fs::read_dir(&plots)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut expected = vec![
        "time_course_",
        "spaghetti_",
        "change_vs_baseline_",
        "mg_pools",
        "gate_curves",
    ];
    if arms > 1 {
        expected.push("effects_forest_");
    }
    for prefix in expected {
        for extension in [".png", ".svg"] {
            assert!(
                names
                    .iter()
                    .any(|n| n.starts_with(prefix) && n.ends_with(extension)),
                "{}: no {prefix}*{extension} in {names:?}",
                target.display()
            );
        }
    }
    let before: Vec<(String, Vec<u8>)> = names
        .iter()
        .map(|n| (n.clone(), std::fs::read(plots.join(n)).unwrap()))
        .collect();
    for (name, bytes) in &before {
        if name.ends_with(".svg") {
            let text = String::from_utf8_lossy(bytes);
            assert!(
                text.contains("Illustrative toy model: not calibrated, not medical advice"),
                "{name}"
            );
        }
    }
    let report = std::fs::read_to_string(target.join("report.html")).unwrap();
    assert!(report.contains("not calibrated, not medical advice"));
    assert!(report.contains("<svg"));
    // Self-contained: no scripts, stylesheets, images or fonts fetched from anywhere.
    for external in [
        "<script",
        "<link",
        "<img",
        "src=\"http",
        "url(http",
        "@import",
    ] {
        assert!(
            !report.contains(external),
            "report.html contains {external}"
        );
    }
    let output = mgate().arg("plot").arg(target).output().unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    for (name, bytes) in &before {
        let again = std::fs::read(plots.join(name)).unwrap();
        assert!(
            &again == bytes,
            "{name} differs when re-rendered from the CSVs"
        );
    }
}

/// Expected message fragments of a corpus file: `# expect:` lines, or a sidecar `.expect` file.
fn expectations(path: &Path) -> Vec<String> {
    let sidecar = path.with_extension("expect");
    let text = if sidecar.exists() {
        std::fs::read_to_string(&sidecar).unwrap()
    } else {
        String::from_utf8_lossy(&std::fs::read(path).unwrap())
            .lines()
            .filter_map(|l| l.strip_prefix("# expect: "))
            .collect::<Vec<_>>()
            .join("\n")
    };
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

#[test]
fn every_bad_scenario_gives_its_message_exit_2_and_writes_nothing() {
    let corpus = files_in("tests/bad_scenarios", "toml");
    assert!(corpus.len() >= 20, "corpus has {} files", corpus.len());
    for file in corpus {
        let expected = expectations(&file);
        assert!(
            !expected.is_empty(),
            "{} states no expectation",
            file.display()
        );
        let out = tempfile::tempdir().unwrap();
        let target = out.path().join("run");
        for args in [vec!["validate"], vec!["run", "--out"]] {
            let mut command = mgate();
            command.args(&args);
            if args[0] == "run" {
                command.arg(&target);
            }
            let output = command.arg(&file).output().unwrap();
            let stderr = stderr_of(&output);
            assert_eq!(
                output.status.code(),
                Some(2),
                "{}: {stderr}",
                file.display()
            );
            assert!(!stderr.contains("panicked"), "{}: {stderr}", file.display());
            // Nothing from the file reaches the terminal as a control sequence.
            assert!(
                !stderr
                    .chars()
                    .any(|c| c.is_control() && c != '\n' && c != '\t'),
                "{}: control characters in {stderr:?}",
                file.display()
            );
            for fragment in &expected {
                assert!(
                    stderr.contains(fragment.as_str()),
                    "{}: expected `{fragment}` in:\n{stderr}",
                    file.display()
                );
            }
        }
        assert_eq!(
            std::fs::read_dir(out.path()).unwrap().count(),
            0,
            "{} wrote files",
            file.display()
        );
    }
}

#[test]
fn missing_file_and_folder_are_input_errors() {
    let output = mgate().args(["run", "no/such/file.toml"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr_of(&output).contains("cannot read the scenario file"));
    let output = mgate()
        .args(["validate", "scenarios"])
        .current_dir(repo(""))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr_of(&output).contains("this is a folder"));
}

#[test]
fn set_overrides_change_the_run_and_bad_values_point_at_the_option() {
    let scenario = repo("scenarios/cheung2022_combined.toml");
    let out = tempfile::tempdir().unwrap();
    let run = |target: &Path, sets: &[&str]| {
        let mut command = mgate();
        command
            .arg("run")
            .arg(&scenario)
            .arg("--out")
            .arg(target)
            .arg("--quiet");
        for set in sets {
            command.args(["--set", set]);
        }
        command.output().unwrap()
    };
    let base = run(&out.path().join("base"), &[]);
    assert!(base.status.success(), "{}", stderr_of(&base));
    assert!(
        stderr_of(&base).is_empty(),
        "--quiet printed: {}",
        stderr_of(&base)
    );
    let changed = run(
        &out.path().join("changed"),
        &[
            "arms.vitd.regimens.0.amount=4000",
            "simulation.duration_days=56",
        ],
    );
    assert!(changed.status.success(), "{}", stderr_of(&changed));
    let manifest = std::fs::read_to_string(out.path().join("changed/manifest.json")).unwrap();
    assert!(manifest.contains("amount = 4000"));
    let value: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    assert_eq!(value["scenario"]["duration_days"], 56.0);
    assert_ne!(stdout_of(&base), stdout_of(&changed));

    let bad = run(&out.path().join("bad"), &["arms.vitd.regimens.0.amount=-3"]);
    assert_eq!(bad.status.code(), Some(2));
    let stderr = stderr_of(&bad);
    assert!(
        stderr.contains("command line: --set arms.vitd.regimens.0.amount=-3"),
        "{stderr}"
    );
    assert!(stderr.contains("-3 is out of range"), "{stderr}");
    let unknown = run(&out.path().join("bad"), &["arms.vitdd.regimens.0.amount=1"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr_of(&unknown).contains("placebo (or 0), vitd (or 1), mag_vitd (or 2)"));
    assert!(!out.path().join("bad").exists());
}

#[test]
fn existing_results_are_kept_unless_forced() {
    let scenario = repo("scenarios/cheung2022_combined.toml");
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("run");
    let first = mgate()
        .arg("run")
        .arg(&scenario)
        .arg("--out")
        .arg(&target)
        .output()
        .unwrap();
    assert!(first.status.success());
    std::fs::write(target.join("notes.txt"), "mine").unwrap();
    let second = mgate()
        .arg("run")
        .arg(&scenario)
        .arg("--out")
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(second.status.code(), Some(2));
    assert!(stderr_of(&second).contains("--force"));
    assert!(target.join("notes.txt").exists());
    let forced = mgate()
        .arg("run")
        .arg(&scenario)
        .arg("--out")
        .arg(&target)
        .arg("--force")
        .output()
        .unwrap();
    assert!(forced.status.success());
    assert!(!target.join("notes.txt").exists());
    assert!(target.join("subjects.csv").exists());
    // Only the output folder itself remains beside it.
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 1);
}

#[test]
fn same_seed_gives_identical_outputs_at_one_and_two_threads() {
    let scenario = repo("scenarios/cheung2022_combined.toml");
    let out = tempfile::tempdir().unwrap();
    for threads in ["1", "2"] {
        let status = mgate()
            .arg("run")
            .arg(&scenario)
            .arg("--out")
            .arg(out.path().join(threads))
            .args(["--threads", threads, "--subjects", "7", "--quiet"])
            .output()
            .unwrap()
            .status;
        assert!(status.success());
    }
    for file in ["timeseries.csv", "subjects.csv", "summary.csv"] {
        let one = std::fs::read(out.path().join("1").join(file)).unwrap();
        let two = std::fs::read(out.path().join("2").join(file)).unwrap();
        assert!(one == two, "{file} differs between 1 and 2 threads");
    }
}

#[test]
fn new_writes_a_starter_that_validates_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let output = mgate()
        .args(["new", "my_first"])
        .arg("--dir")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let file = dir.path().join("my_first.toml");
    mgate().arg("validate").arg(&file).assert().success();
    let again = mgate()
        .args(["new", "my_first"])
        .arg("--dir")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr_of(&again).contains("already exists"));
    let bad = mgate()
        .args(["new", "Bad Name"])
        .arg("--dir")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn help_version_explain_and_completions_carry_the_disclaimer_or_work() {
    let help = mgate().arg("--help").output().unwrap();
    assert!(help.status.success());
    assert!(stdout_of(&help).contains("NOT CALIBRATED, NOT MEDICAL ADVICE"));
    assert!(stdout_of(&help).contains("Examples:"));
    let version = mgate().arg("--version").output().unwrap();
    assert!(stdout_of(&version).contains(env!("CARGO_PKG_VERSION")));
    let explain = mgate().arg("explain").output().unwrap();
    assert!(explain.status.success());
    assert!(stdout_of(&explain).contains("not calibrated"));
    assert!(stdout_of(&explain).contains("k_24a1"));
    let unknown = mgate().args(["explain", "k_call"]).output().unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr_of(&unknown).contains("did you mean `k_cal`"));
    let completions = mgate().args(["completions", "bash"]).output().unwrap();
    assert!(completions.status.success());
    assert!(stdout_of(&completions).contains("mgate"));
}

#[test]
fn toml_examples_in_the_format_doc_validate() {
    let doc = std::fs::read_to_string(repo("docs/scenario-format.md")).unwrap();
    let examples: Vec<&str> = doc
        .split("```toml\n")
        .skip(1)
        .map(|block| block.split("```").next().unwrap())
        .collect();
    assert!(!examples.is_empty());
    for example in examples {
        let scenario = mgate::scenario::parse(example, "docs/scenario-format.md", &[])
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(!scenario.arms.is_empty());
    }
}

#[test]
fn a_cohort_nobody_qualifies_for_is_an_input_error_at_run_time() {
    let file = repo("tests/scenarios/too_strict_inclusion.toml");
    mgate().arg("validate").arg(&file).assert().success();
    let out = tempfile::tempdir().unwrap();
    let output = mgate()
        .arg("run")
        .arg(&file)
        .arg("--out")
        .arg(out.path().join("run"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains(
            "only 0 of 60 candidates met the inclusion criteria (ohd25_ng_ml from 200 to 300)"
        ),
        "{stderr}"
    );
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

#[test]
fn summary_only_keeps_baseline_and_end_with_the_same_values() {
    let out = tempfile::tempdir().unwrap();
    let run = |name: &str, extra: &[&str]| {
        let target = out.path().join(name);
        let output = mgate()
            .arg("run")
            .arg(repo("scenarios/dai2018_bidirectional.toml"))
            .arg("--out")
            .arg(&target)
            .args(["--subjects", "6"])
            .args(extra)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr_of(&output));
        target
    };
    let full = run("full", &[]);
    let small = run("small", &["--summary-only"]);
    for file in [
        "timeseries.csv",
        "dataset.csv",
        "plots/time_course_ohd25_ng_ml.png",
    ] {
        assert!(full.join(file).exists(), "full run lacks {file}");
        assert!(!small.join(file).exists(), "summary-only run wrote {file}");
    }
    assert!(
        small
            .join("plots/change_vs_baseline_ohd25_ng_ml.png")
            .exists()
    );
    assert!(small.join("report.html").exists());
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(small.join("manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["summary_only"], true);
    // A time course cannot be drawn from two days: refused, not drawn as a straight line.
    let output = mgate()
        .arg("plot")
        .arg(&small)
        .args(["--kind", "time_course"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr_of(&output).contains("--summary-only"),
        "{}",
        stderr_of(&output)
    );

    let days = |dir: &Path| -> std::collections::BTreeSet<String> {
        let mut reader = csv::Reader::from_path(dir.join("summary.csv")).unwrap();
        reader
            .records()
            .map(|r| r.unwrap()[1].to_string())
            .collect()
    };
    let (all_days, kept) = (days(&full), days(&small));
    assert!(all_days.len() > 2);
    assert_eq!(kept.len(), 2);
    assert!(kept.is_subset(&all_days));

    // The same subjects end in the same place (fewer sampling stops move the integrator's steps,
    // so values agree to a small multiple of the solver's tolerance, not to the bit; urinary Mg
    // goes as serum Mg to the 4th power and amplifies it).
    let table = |dir: &Path| -> Vec<csv::StringRecord> {
        csv::Reader::from_path(dir.join("subjects.csv"))
            .unwrap()
            .records()
            .map(|r| r.unwrap())
            .collect()
    };
    let headers = csv::Reader::from_path(full.join("subjects.csv"))
        .unwrap()
        .headers()
        .unwrap()
        .clone();
    let (a, b) = (table(&full), table(&small));
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        for (k, name) in headers.iter().enumerate() {
            // Changes are differences of these and carry their absolute error.
            if name.contains("_change") {
                continue;
            }
            if let (Ok(u), Ok(v)) = (x[k].parse::<f64>(), y[k].parse::<f64>()) {
                assert!(
                    (u - v).abs() <= 1e-4 * u.abs().max(1e-3),
                    "{name}: {u} vs {v}"
                );
            }
        }
    }
}

#[test]
fn bench_measures_each_configuration_in_its_own_run() {
    let output = mgate()
        .current_dir(repo("."))
        .args([
            "bench",
            "--subjects",
            "12,24",
            "--days",
            "30",
            "--threads",
            "1",
            "--summary-only-from",
            "24",
            "--peer-subjects",
            "0",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let text = stdout_of(&output);
    assert!(
        text.contains("not calibrated, not medical advice"),
        "{text}"
    );
    assert!(text.contains("subject-days/s"), "{text}");
    // One row per configuration: subjects, days, threads, outputs, then five positive numbers.
    for (subjects, outputs) in [("12", "all"), ("24", "summary-only")] {
        let row = text
            .lines()
            .find(|line| line.split_whitespace().next() == Some(subjects))
            .unwrap_or_else(|| panic!("no row for {subjects} subjects: {text}"));
        let fields: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(fields[1..4], ["30", "1", outputs], "{row}");
        let numbers: Vec<f64> = fields[4..].iter().map(|f| f.parse().unwrap()).collect();
        // wall s, sim s (may round to 0.00 for so small a run), subject-days/s, ms, peak MB.
        assert_eq!(numbers.len(), 5, "{row}");
        assert!(numbers[1] >= 0.0 && numbers[1] <= numbers[0], "{row}");
        for k in [0, 2, 3, 4] {
            assert!(numbers[k] > 0.0, "{row}");
        }
    }
}

#[test]
fn huge_and_unreadable_files_are_refused_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    // A valid scenario padded with 2 MB of comments: refused before it is parsed.
    let huge = dir.path().join("huge.toml");
    let mut text = std::fs::read_to_string(repo("scenarios/cheung2022_combined.toml")).unwrap();
    text.push_str(
        &"# padding padding padding padding padding padding padding padding\n".repeat(32_000),
    );
    std::fs::write(&huge, text).unwrap();
    let output = mgate()
        .arg("run")
        .arg(&huge)
        .arg("--out")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr_of(&output).contains("limited to"),
        "{}",
        stderr_of(&output)
    );
    assert!(!dir.path().join("out").exists());

    // A file nobody may read (root reads it anyway: then there is nothing to show).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let locked = dir.path().join("locked.toml");
        std::fs::copy(repo("scenarios/cheung2022_combined.toml"), &locked).unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
        if std::fs::read(&locked).is_err() {
            let output = mgate().arg("validate").arg(&locked).output().unwrap();
            assert_eq!(output.status.code(), Some(2));
            assert!(stderr_of(&output).contains("cannot read the scenario file"));
        } else {
            eprintln!("skipped the unreadable file: permissions do not apply to this user (root)");
        }
    }
}

#[test]
fn every_command_takes_quiet_and_shows_its_own_examples() {
    let help = mgate().arg("--help").output().unwrap();
    let commands: Vec<String> = stdout_of(&help)
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        // A wrapped description continues with more indentation.
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(String::from))
        .filter(|c| c != "help")
        .collect();
    assert!(commands.len() >= 11, "{commands:?}");
    for command in &commands {
        let output = mgate().args([command.as_str(), "--help"]).output().unwrap();
        let text = stdout_of(&output);
        assert!(text.contains("-q, --quiet"), "`{command}` has no --quiet");
        assert!(
            text.lines()
                .any(|l| l.starts_with(&format!("  mgate {command} "))
                    || l.trim() == format!("mgate {command}")),
            "`mgate {command} --help` shows no example of itself:\n{text}"
        );
        assert!(text.contains("not a calibrated model"), "{command}");
    }
    // Quiet commands print their results and no banner.
    let dir = tempfile::tempdir().unwrap();
    let validate = mgate()
        .args(["validate", "-q"])
        .arg(repo("scenarios/cheung2022_combined.toml"))
        .output()
        .unwrap();
    assert!(validate.status.success());
    assert_eq!(stdout_of(&validate), "");
    assert_eq!(stderr_of(&validate), "");
    let new = mgate()
        .current_dir(dir.path())
        .args(["new", "lecture_3.toml", "--quiet"])
        .output()
        .unwrap();
    assert!(new.status.success(), "{}", stderr_of(&new));
    assert!(dir.path().join("lecture_3.toml").is_file());
    assert!(!dir.path().join("lecture_3.toml.toml").exists());
    assert_eq!(stdout_of(&new), "");
}

#[test]
fn check_only_takes_ids_in_any_case_and_refuses_others_with_the_valid_ones() {
    let output = mgate()
        .args(["check", "--only", "p7", "--subjects", "40", "--quiet"])
        .output()
        .unwrap();
    let text = stdout_of(&output);
    assert!(text.starts_with("P7 "), "{text}");
    assert!(text.contains("1 phenomena checked"), "{text}");
    assert_eq!(stderr_of(&output), "", "quiet: no banner");
    let unknown = mgate().args(["check", "--only", "P8"]).output().unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    let message = stderr_of(&unknown);
    assert!(
        message.contains("P1, P2, P3, P4, P5, P6, P7, S1"),
        "{message}"
    );
    let kind = mgate()
        .args(["plot", "x", "--kind", "time_cours"])
        .output()
        .unwrap();
    assert_eq!(kind.status.code(), Some(2));
    assert!(stderr_of(&kind).contains("a similar value exists: 'time_course'"));
}

#[test]
fn completions_offer_plot_kinds_and_observables() {
    let output = mgate().args(["completions", "bash"]).output().unwrap();
    assert!(output.status.success());
    let script = stdout_of(&output);
    for value in ["time_course", "gate_curves", "serum_mg_mmol_l", "P1"] {
        assert!(script.contains(value), "completions lack `{value}`");
    }
}
