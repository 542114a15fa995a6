//! End-to-end tests of `mgate sweep`, `mgate merge` and `mgate sensitivity`: the two-way effect
//! flips sign along a sweep, a sweep point is the scenario with `--set` overrides, shards merge
//! into the unsharded sweep byte for byte, mismatched shards are refused, bad specifications are
//! refused before anything is simulated, Latin hypercubes are stratified and seeded, and
//! sensitivities are deterministic and zero where a parameter cannot act.
//!
//! Cohorts are small and studies short, so that the whole file runs in seconds.

use assert_cmd::Command;
use mgate::DISCLAIMER;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn mgate() -> Command {
    Command::cargo_bin("mgate").expect("mgate binary")
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Runs mgate, asserting success; returns the output.
fn succeed(args: &[&str], paths: &[&Path]) -> std::process::Output {
    let mut command = mgate();
    command.args(args);
    for path in paths {
        command.arg(path);
    }
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "mgate {args:?} {paths:?}: {}",
        stderr_of(&output)
    );
    output
}

/// A CSV file as rows of column name → cell.
fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            header
                .iter()
                .cloned()
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect()
}

fn number(row: &BTreeMap<String, String>, column: &str) -> f64 {
    row.get(column)
        .unwrap_or_else(|| panic!("no column {column}"))
        .parse()
        .unwrap_or_else(|_| panic!("{column} = {} is not a number", row[column]))
}

/// Every file of a folder (recursively), relative path → bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut all = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                all.insert(
                    path.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&path).unwrap(),
                );
            }
        }
    }
    all
}

const EFFECT: &str = "ohd25_ng_ml.mag_vs_placebo.all.effect";

#[test]
fn the_two_way_effect_flips_sign_along_vitamin_d_input_and_a_point_is_a_set_run() {
    let out = tempfile::tempdir().unwrap();
    let sweep = out.path().join("sweep");
    let scenario = repo("scenarios/dai2018_bidirectional.toml");
    let vary = "population.vitamin_d_input_iu_per_day.median=1000,16000";
    // The two-way effect in 16 subjects: measured without assay noise (with it, 16 subjects
    // cannot tell; that is what the scenario's replicate trials show).
    let output = succeed(
        &[
            "sweep",
            "--subjects",
            "16",
            "--vary",
            vary,
            "--set",
            "measurement.ohd25_ng_ml.cv=0",
            "--set",
            "measurement.ohd25_ng_ml.sd=0",
            "--out",
        ],
        &[&sweep, &scenario],
    );
    assert!(stderr_of(&output).contains(DISCLAIMER));
    assert!(stdout_of(&output).contains(DISCLAIMER));
    let rows = read_csv(&sweep.join("sweep.csv"));
    assert_eq!(rows.len(), 2);
    let (low, high) = (&rows[0], &rows[1]);
    assert_eq!(low["point"], "0");
    assert_eq!(low["population.vitamin_d_input_iu_per_day.median"], "1000");
    assert_eq!(
        high["population.vitamin_d_input_iu_per_day.median"],
        "16000"
    );
    assert_eq!(low["ohd25_ng_ml.mag.all.n"], "16");
    // Extra magnesium raises 25(OH)D at low vitamin D status and lowers it at high status.
    assert!(number(low, EFFECT) > 0.0, "{}", low[EFFECT]);
    assert!(number(high, EFFECT) < 0.0, "{}", high[EFFECT]);
    assert!(
        number(high, "ohd25_ng_ml.placebo.all.baseline_mean")
            > number(low, "ohd25_ng_ml.placebo.all.baseline_mean")
    );
    // Strata columns exist for every stratum of the scenario's analysis.
    for stratum in ["<20", "20-30", "30-40", "40-50", ">=50"] {
        assert!(low.contains_key(&format!("ohd25_ng_ml.mag_vs_placebo.{stratum}.effect")));
    }
    for plot in ["sweep_line_ohd25_ng_ml", "sweep_effect_ohd25_ng_ml"] {
        for extension in ["png", "svg"] {
            assert!(sweep.join(format!("plots/{plot}.{extension}")).exists());
        }
        let svg = std::fs::read_to_string(sweep.join(format!("plots/{plot}.svg"))).unwrap();
        assert!(svg.contains(DISCLAIMER), "{plot}.svg lacks the disclaimer");
    }
    let report = std::fs::read_to_string(sweep.join("report.html")).unwrap();
    assert!(report.contains(DISCLAIMER));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(sweep.join("manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["disclaimer"], DISCLAIMER);
    assert_eq!(manifest["sweep"]["points"], 2);

    // The second point is `mgate run` with the same value set.
    let run = out.path().join("run");
    succeed(
        &[
            "run",
            "--subjects",
            "16",
            "--set",
            "population.vitamin_d_input_iu_per_day.median=16000",
            "--set",
            "measurement.ohd25_ng_ml.cv=0",
            "--set",
            "measurement.ohd25_ng_ml.sd=0",
            "--set",
            "replicates.trials=1",
            "--out",
        ],
        &[&run, &scenario],
    );
    let effects = read_csv(&run.join("effects.csv"));
    let overall = effects
        .iter()
        .find(|e| e["endpoint"] == "ohd25_ng_ml" && e["stratum"] == "all")
        .unwrap();
    assert_eq!(overall["effect"], high[EFFECT]);
    assert_eq!(
        overall["ci_low"],
        high["ohd25_ng_ml.mag_vs_placebo.all.effect_ci_low"]
    );
}

/// The shipped sweep scenario, made quick: 4 subjects, 28 days.
fn quick_sweep(args: &[&str], out: &Path) -> std::process::Output {
    let mut all = vec![
        "sweep",
        "--subjects",
        "4",
        "--set",
        "simulation.duration_days=28",
    ];
    all.extend_from_slice(args);
    all.push("--out");
    succeed(&all, &[out, &repo("scenarios/dai2018_sweep.toml")])
}

#[test]
fn shards_merge_into_the_unsharded_sweep_byte_for_byte() {
    let out = tempfile::tempdir().unwrap();
    let whole = out.path().join("whole");
    quick_sweep(&[], &whole);
    let shards: Vec<PathBuf> = (1..=3)
        .map(|k| out.path().join(format!("shard{k}")))
        .collect();
    for (k, shard) in shards.iter().enumerate() {
        // Thread counts differ between shards: results do not depend on them.
        let threads = if k == 0 { "1" } else { "2" };
        let spec = format!("{}/3", k + 1);
        quick_sweep(&["--shard", &spec, "--threads", threads], shard);
        assert!(!shard.join("plots").exists(), "a shard renders no plots");
    }
    let shard_rows: usize = shards
        .iter()
        .map(|s| read_csv(&s.join("sweep.csv")).len())
        .sum();
    assert_eq!(shard_rows, 25);
    let merged = out.path().join("merged");
    // Shards in any order.
    let output = succeed(
        &["merge", "--out"],
        &[&merged, &shards[2], &shards[0], &shards[1]],
    );
    assert!(stderr_of(&output).contains("merged 3 shard(s), 25 point(s)"));
    let (expected, actual) = (files(&whole), files(&merged));
    let compared: Vec<&PathBuf> = expected
        .keys()
        .filter(|p| p.to_string_lossy() != "manifest.json")
        .collect();
    assert!(compared.len() >= 5, "{compared:?}");
    for path in compared {
        assert!(
            actual.get(path) == expected.get(path),
            "{} differs between the merged and the unsharded sweep",
            path.display()
        );
    }
    assert!(
        expected.contains_key(Path::new("plots/sweep_heatmap_ohd25_ng_ml_mag.png")),
        "{:?}",
        expected.keys()
    );
}

/// A tiny sweep of two points for the refusal tests.
fn tiny_sweep(extra: &[&str], out: &Path) {
    let mut args = vec![
        "sweep",
        "--subjects",
        "2",
        "--set",
        "simulation.duration_days=14",
        "--vary",
        "parameters.k_24a1=1,2",
    ];
    args.extend_from_slice(extra);
    args.push("--out");
    succeed(&args, &[out, &repo("scenarios/dai2018_bidirectional.toml")]);
}

fn merge_fails(dirs: &[&Path], expected: &str) {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("merged");
    let mut command = mgate();
    command.arg("merge").args(dirs).arg("--out").arg(&target);
    let output = command.output().unwrap();
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(expected),
        "expected `{expected}` in:\n{stderr}"
    );
    assert!(!target.exists());
}

#[test]
fn merge_refuses_shards_of_different_sweeps_missing_or_repeated_shards() {
    let out = tempfile::tempdir().unwrap();
    let dir = |name: &str| out.path().join(name);
    tiny_sweep(&["--shard", "1/2"], &dir("a1"));
    tiny_sweep(&["--shard", "2/2"], &dir("a2"));
    tiny_sweep(&["--shard", "2/2", "--seed", "7"], &dir("seed7"));
    tiny_sweep(
        &["--shard", "2/2", "--set", "parameters.emax_24=10"],
        &dir("other"),
    );
    merge_fails(
        &[&dir("a1"), &dir("seed7")],
        "the seed differs (2018 against 7)",
    );
    merge_fails(
        &[&dir("a1"), &dir("other")],
        "the sweep (scenario text, options or points; fingerprint) differs",
    );
    merge_fails(&[&dir("a1")], "missing shard(s) 2 of 2");
    merge_fails(
        &[&dir("a1"), &dir("a2"), &dir("a2")],
        "shard 2/2 is given twice",
    );
    // A run folder is not a sweep folder.
    let run = dir("run");
    succeed(
        &[
            "run",
            "--subjects",
            "2",
            "--set",
            "simulation.duration_days=14",
            "--out",
        ],
        &[&run, &repo("scenarios/dai2018_bidirectional.toml")],
    );
    merge_fails(&[&dir("a1"), &run], "its manifest is not a sweep's");
    // A shard made by another version of mgate.
    let edited = dir("edited");
    std::fs::create_dir(&edited).unwrap();
    for file in ["sweep.csv", "manifest.json"] {
        std::fs::copy(dir("a2").join(file), edited.join(file)).unwrap();
    }
    let manifest = std::fs::read_to_string(edited.join("manifest.json")).unwrap();
    let version = format!("\"mgate_version\": \"{}\"", env!("CARGO_PKG_VERSION"));
    assert!(manifest.contains(&version));
    std::fs::write(
        edited.join("manifest.json"),
        manifest.replace(&version, "\"mgate_version\": \"0.0.1\""),
    )
    .unwrap();
    merge_fails(&[&dir("a1"), &edited], "the mgate version differs");
    // The complete set merges.
    succeed(
        &["merge", "--out"],
        &[&dir("merged"), &dir("a1"), &dir("a2")],
    );
}

fn sweep_fails(args: &[&str], expected: &[&str]) {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("sweep");
    let output = mgate()
        .arg("sweep")
        .arg(repo("scenarios/dai2018_bidirectional.toml"))
        .args(args)
        .arg("--out")
        .arg(&target)
        .output()
        .unwrap();
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    for fragment in expected {
        assert!(
            stderr.contains(fragment),
            "{args:?}: expected `{fragment}` in:\n{stderr}"
        );
    }
    assert_eq!(
        std::fs::read_dir(out.path()).unwrap().count(),
        0,
        "{args:?} wrote files"
    );
}

#[test]
fn bad_vary_options_are_refused_with_the_option_named_and_nothing_written() {
    let m = "--vary";
    sweep_fails(
        &[m, "arms.mag.regimens.0.cap=lin:0:400:0"],
        &[
            "step 0: the step must be a non-zero finite number",
            "--> command line: --vary arms.mag.regimens.0.cap=lin:0:400:0",
        ],
    );
    sweep_fails(
        &[m, "arms.mag.regimens.0.cap=lin:0:400:-100"],
        &["points away from stop"],
    );
    sweep_fails(
        &[m, "arms.mag.regimens.0.cap=lin:5:5:n3"],
        &["the range from 5 to 5 is empty"],
    );
    sweep_fails(
        &[
            m,
            "parameters.k_24a1=lin:1:2:0.001",
            m,
            "parameters.emax_24=lin:1:30:1",
        ],
        &["the grid has 30030 points (1001 x 30); at most 10000 are allowed"],
    );
    sweep_fails(&[m, "parameters.k_24aa=1,2"], &["did you mean `k_24a1`"]);
    sweep_fails(
        &[m, "parameters.k_24a1=1,2", "--lhs", "5"],
        &["--lhs samples ranges"],
    );
    sweep_fails(
        &[m, "parameters.k_24a1=cubic:1:2"],
        &["is not a kind of range"],
    );
    sweep_fails(&[m, "no_equals"], &["has no `=`"]);
    sweep_fails(&["--shard", "4/3"], &["shard 4 does not exist"]);
    // A scenario without [sweep] needs --vary.
    sweep_fails(&[], &["has no [sweep] section"]);
    // A point whose value the scenario refuses: located at the option, nothing simulated.
    sweep_fails(
        &[m, "arms.mag.regimens.0.cap=100,9000"],
        &[
            "at sweep point 1 (arms.mag.regimens.0.cap = 9000): 9000 is out of range; expected a number from 0 to 5000",
            "--> command line: --vary arms.mag.regimens.0.cap=100,9000",
        ],
    );
}

#[test]
fn a_bad_point_in_a_sweep_section_is_located_at_its_value() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad_point.toml");
    std::fs::write(
        &file,
        "name = \"bad_point\"\n[simulation]\nduration_days = 28\n[[arms]]\nname = \"placebo\"\n[[arms]]\nname = \"mag\"\n[[arms.regimens]]\nsubstance = \"magnesium\"\namount = 100\nschedule = \"daily\"\n[sweep]\nvary = [\n  { path = \"arms.mag.regimens.0.amount\", values = [0, 100] },\n  { path = \"arms.mag.regimens.0.start_day\", values = [0, 10, 40] },\n]\n",
    )
    .unwrap();
    for command in ["validate", "sweep"] {
        let output = mgate()
            .arg(command)
            .arg(&file)
            .current_dir(dir.path())
            .output()
            .unwrap();
        let stderr = stderr_of(&output);
        assert_eq!(output.status.code(), Some(2), "{command}: {stderr}");
        assert!(
            stderr.contains("at 2 sweep points (2, 5; point 2: arms.mag.regimens.0.amount = 0, arms.mag.regimens.0.start_day = 40): 40 is out of range"),
            "{command}: {stderr}"
        );
        assert!(
            stderr.contains("bad_point.toml:15:62"),
            "{command}: {stderr}"
        );
    }
    assert!(!dir.path().join("outputs").exists());
    // The shipped sweep scenario validates, points included.
    let output = succeed(&["validate"], &[&repo("scenarios/dai2018_sweep.toml")]);
    assert!(stdout_of(&output).contains("sweep of 25 point(s)"));
}

/// The points a dry run lists: one row of values per point.
fn dry_run(args: &[&str]) -> Vec<Vec<f64>> {
    let mut all = vec!["sweep", "--dry-run"];
    all.extend_from_slice(args);
    let output = succeed(&all, &[&repo("scenarios/dai2018_bidirectional.toml")]);
    stdout_of(&output)
        .lines()
        .skip(1)
        .filter(|l| l.contains('\t'))
        .map(|l| {
            let cells: Vec<&str> = l.split('\t').collect();
            cells[1..cells.len() - 1]
                .iter()
                .map(|c| c.parse().unwrap())
                .collect()
        })
        .collect()
}

#[test]
fn ranges_are_computed_from_the_index_and_hypercubes_are_stratified_and_seeded() {
    let points = dry_run(&["--vary", "parameters.k_24a1=lin:0.1:1:0.1"]);
    let values: Vec<f64> = points.iter().map(|p| p[0]).collect();
    assert_eq!(
        values,
        vec![0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]
    );

    let lhs = |seed: &str| {
        dry_run(&[
            "--vary",
            "parameters.k_24a1=lin:1:3",
            "--vary",
            "parameters.emax_24=log:5:40",
            "--lhs",
            "8",
            "--lhs-seed",
            seed,
        ])
    };
    let design = lhs("3");
    assert_eq!(design.len(), 8);
    // Each of the 8 strata of each range (linear, and logarithmic for the log range) holds one
    // point.
    let strata = |fraction: &dyn Fn(f64) -> f64, d: usize| {
        let mut hits = [0; 8];
        for point in &design {
            let f = fraction(point[d]);
            assert!((0.0..=1.0).contains(&f), "{f}");
            hits[((f * 8.0).floor() as usize).min(7)] += 1;
        }
        hits
    };
    assert_eq!(strata(&|v| (v - 1.0) / 2.0, 0), [1; 8]);
    assert_eq!(strata(&|v| (v / 5.0).ln() / 8.0_f64.ln(), 1), [1; 8]);
    assert_eq!(lhs("3"), design);
    assert_ne!(lhs("4"), design);
}

#[test]
fn sensitivity_is_deterministic_and_zero_where_a_parameter_cannot_act() {
    let out = tempfile::tempdir().unwrap();
    let run = |name: &str| {
        let target = out.path().join(name);
        let output = succeed(
            &[
                "sensitivity",
                "--endpoint",
                "ohd25_ng_ml",
                "--subjects",
                "2",
                "--set",
                "simulation.duration_days=14",
                "--trajectories",
                "2",
                "--out",
            ],
            &[&target, &repo("scenarios/dai2018_bidirectional.toml")],
        );
        assert!(stdout_of(&output).contains(DISCLAIMER));
        target
    };
    let (first, second) = (run("a"), run("b"));
    let table = std::fs::read(first.join("sensitivity.csv")).unwrap();
    assert_eq!(
        table,
        std::fs::read(second.join("sensitivity.csv")).unwrap()
    );
    let rows = read_csv(&first.join("sensitivity.csv"));
    assert_eq!(rows.len(), mgate::model::PARAMETER_TABLE.len());
    let row = |name: &str| rows.iter().find(|r| r["parameter"] == name).unwrap();
    // No vitamin D2 and no Mg oxide in this scenario: their parameters cannot act.
    for name in ["d2_potency", "mg_bio_oxide"] {
        assert_eq!(number(row(name), "local_coefficient"), 0.0, "{name}");
        assert_eq!(number(row(name), "morris_mu_star"), 0.0, "{name}");
    }
    // More hydroxylation capacity gives more 25(OH)D; a larger volume dilutes it.
    assert!(number(row("vmax_25"), "local_coefficient") > 0.0);
    assert!(number(row("v_ohd"), "local_coefficient") < 0.0);
    // At its upper bound, Mg citrate's bioavailability is perturbed downwards only.
    assert_eq!(row("mg_bio_citrate")["local_difference"], "backward");
    for plot in ["tornado_local_ohd25_ng_ml", "tornado_morris_ohd25_ng_ml"] {
        let svg = std::fs::read_to_string(first.join(format!("plots/{plot}.svg"))).unwrap();
        assert!(svg.contains(DISCLAIMER));
        assert!(first.join(format!("plots/{plot}.png")).exists());
    }
    let bad = mgate()
        .arg("sensitivity")
        .arg(repo("scenarios/dai2018_bidirectional.toml"))
        .args(["--endpoint", "ohd25_ng_mll"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr_of(&bad).contains("a similar value exists: 'ohd25_ng_ml'"));
}

#[test]
fn every_sweep_in_the_format_doc_and_the_shipped_scenarios_checks_out() {
    let doc = std::fs::read_to_string(repo("docs/scenario-format.md")).unwrap();
    let mut texts: Vec<(String, String)> = doc
        .split("```toml\n")
        .skip(1)
        .map(|block| {
            (
                "docs/scenario-format.md".to_string(),
                block.split("```").next().unwrap().to_string(),
            )
        })
        .collect();
    for entry in std::fs::read_dir(repo("scenarios")).unwrap() {
        let path = entry.unwrap().path();
        texts.push((
            path.display().to_string(),
            std::fs::read_to_string(&path).unwrap(),
        ));
    }
    let mut sweeps = 0;
    for (label, text) in texts {
        let scenario = mgate::scenario::parse(&text, &label, &[]).unwrap_or_else(|e| panic!("{e}"));
        if let Some(sweep) = &scenario.sweep {
            let plan = mgate::sweep::Plan::new(sweep);
            mgate::sweep::validate_points(&scenario.resolved_toml, &label, &plan)
                .unwrap_or_else(|e| panic!("{e}"));
            sweeps += 1;
        }
    }
    assert!(
        sweeps >= 2,
        "the format doc and the scenarios show {sweeps} sweeps"
    );
}

#[test]
fn sensitivity_keeps_the_enrolled_subjects_when_a_parameter_moves_baselines() {
    // Cheung's cohort is enrolled on baseline 25(OH)D <= 30 ng/mL. If every evaluation enrolled
    // anew, more hydroxylation would push people out of the criteria and pull in people with less
    // vitamin D, and the coefficients would come out with the wrong sign.
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("sens");
    succeed(
        &[
            "sensitivity",
            "--endpoint",
            "ohd25_ng_ml",
            "--subjects",
            "12",
            "--method",
            "local",
            "--out",
        ],
        &[&target, &repo("scenarios/cheung2022_combined.toml")],
    );
    let rows = read_csv(&target.join("sensitivity.csv"));
    let row = |name: &str| rows.iter().find(|r| r["parameter"] == name).unwrap();
    assert!(number(row("vmax_25"), "local_coefficient") > 0.0);
    assert!(number(row("k_25_other"), "local_coefficient") < 0.0);
    assert!(number(row("v_ohd"), "local_coefficient") < 0.0);
}
