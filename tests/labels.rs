//! What a lecturer sees must be what was simulated: labels after `--set`, the overrides at the
//! top of the handout, a Reproduce command that can be typed again, and re-rendering that never
//! shortens the handout.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn mgate() -> Command {
    Command::cargo_bin("mgate").expect("mgate binary")
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A scratch folder holding a copy of the shipped Cheung scenario at `scenarios/`.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("scenarios")).unwrap();
    std::fs::copy(
        repo("scenarios/cheung2022_combined.toml"),
        dir.path().join("scenarios/cheung2022_combined.toml"),
    )
    .unwrap();
    dir
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The words of an SVG's texts (each drawn as glyph outlines, its words in an `aria-label`),
/// joined by single spaces (a legend wraps long labels).
fn svg_words(svg: &str) -> String {
    let mut words = Vec::new();
    for piece in svg.split("aria-label=\"").skip(1) {
        let text = piece.split('"').next().unwrap_or("");
        words.extend(text.split_whitespace().map(String::from));
    }
    words.join(" ")
}

#[test]
fn a_set_option_relabels_its_arm_and_heads_the_handout() {
    let dir = scratch();
    let output = mgate()
        .current_dir(dir.path())
        .args([
            "run",
            "scenarios/cheung2022_combined.toml",
            "--set",
            "arms.vitd.regimens.0.amount=4000",
            "--subjects",
            "12",
            "--out",
            "out_4000",
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("changed from the file: --set arms.vitd.regimens.0.amount=4000"),
        "{stderr}"
    );
    let run = dir.path().join("out_4000");
    let manifest: serde_json::Value =
        serde_json::from_str(&read(&run.join("manifest.json"))).unwrap();
    let arms = manifest["scenario"]["arms"].as_array().unwrap();
    assert_eq!(arms[1]["label"], "D3 1,000 IU/day (amount set to 4000)");
    assert_eq!(arms[1]["regimens"], "vitamin D3 4,000 IU daily");
    // Arms the option did not touch keep their labels.
    assert_eq!(arms[0]["label"], "Placebo");
    assert_eq!(
        arms[2]["label"],
        "D3 1,000 IU/day + Mg glycinate 360 mg/day"
    );
    assert_eq!(
        manifest["overrides"][0]["option"],
        "--set arms.vitd.regimens.0.amount=4000"
    );

    let report = read(&run.join("report.html"));
    let top = &report[..report.find("<h2>").unwrap()];
    assert!(
        top.contains("Changed from the scenario file")
            && top.contains("<code>--set arms.vitd.regimens.0.amount=4000</code>")
            && top.contains("<code>--subjects 12</code>"),
        "the overrides are not at the top of the handout:\n{top}"
    );
    assert!(report.contains("D3 1,000 IU/day (amount set to 4000)"));
    assert!(report.contains("vitamin D3 4,000 IU daily"));
    // The plots name the arm as simulated (the SVG keeps its text).
    let svg = read(&run.join("plots/time_course_ohd25_ng_ml.svg"));
    assert!(
        svg_words(&svg).contains("D3 1,000 IU/day (amount set to 4000)"),
        "stale label in the plot"
    );

    // A run of the file as written says nothing about overrides.
    let plain = mgate()
        .current_dir(dir.path())
        .args([
            "run",
            "scenarios/cheung2022_combined.toml",
            "--out",
            "plain",
        ])
        .output()
        .unwrap();
    assert!(plain.status.success());
    let report = read(&dir.path().join("plain/report.html"));
    assert!(!report.contains("Changed from the scenario file"));
    assert!(report.contains("<td class=\"l\">D3 1,000 IU/day</td>"));
}

#[test]
fn setting_the_label_itself_is_taken_as_written() {
    let dir = scratch();
    let output = mgate()
        .current_dir(dir.path())
        .args([
            "run",
            "scenarios/cheung2022_combined.toml",
            "--subjects",
            "6",
            "--set",
            "arms.1.regimens.0.amount=4000",
            "--set",
            "arms.1.label=D3 4,000 IU/day",
            "--out",
            "run",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let manifest: serde_json::Value =
        serde_json::from_str(&read(&dir.path().join("run/manifest.json"))).unwrap();
    assert_eq!(manifest["scenario"]["arms"][1]["label"], "D3 4,000 IU/day");
}

#[test]
fn the_reproduce_command_is_the_one_the_user_typed() {
    let dir = scratch();
    let output = mgate()
        .current_dir(dir.path())
        .args([
            "run",
            "scenarios/cheung2022_combined.toml",
            "--subjects",
            "6",
            "--set",
            "title=Twelve weeks, retold",
            "--out",
            "run",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let report = read(&dir.path().join("run/report.html"));
    let expected = "<pre>mgate run scenarios/cheung2022_combined.toml --subjects 6 --set &#x27;title=Twelve weeks, retold&#x27; --out run</pre>";
    let expected = expected.replace("&#x27;", "'");
    assert!(
        report.contains(&expected),
        "Reproduce section:\n{}",
        &report[report.find("<h2>Reproduce").unwrap()..]
    );
}

#[test]
fn drawing_one_plot_again_keeps_every_figure_of_the_handout() {
    let dir = scratch();
    let run = mgate()
        .current_dir(dir.path())
        .args([
            "run",
            "scenarios/cheung2022_combined.toml",
            "--subjects",
            "12",
            "--out",
            "run",
        ])
        .output()
        .unwrap();
    assert!(run.status.success());
    let folder = dir.path().join("run");
    let figures = |folder: &Path| {
        read(&folder.join("report.html"))
            .matches("<figure>")
            .count()
    };
    let plots = |folder: &Path| std::fs::read_dir(folder.join("plots")).unwrap().count();
    let captions = |folder: &Path| -> Vec<String> {
        read(&folder.join("report.html"))
            .split("<figcaption>")
            .skip(1)
            .map(|c| c.split("</figcaption>").next().unwrap_or("").to_string())
            .collect()
    };
    let captions_before = captions(&folder);
    let (before, files_before) = (figures(&folder), plots(&folder));
    assert!(before >= 10, "only {before} figures");
    let plot = mgate()
        .args(["plot"])
        .arg(&folder)
        .args(["--kind", "time_course", "--observable", "serum_mg_mmol_l"])
        .output()
        .unwrap();
    assert!(
        plot.status.success(),
        "{}",
        String::from_utf8_lossy(&plot.stderr)
    );
    assert_eq!(figures(&folder), before, "the handout lost figures");
    assert_eq!(plots(&folder), files_before, "plots were lost");
    // Kept plots keep the captions computed from their data (each SVG carries its own).
    assert_eq!(captions(&folder), captions_before);
}

#[test]
fn a_sweep_handout_lists_its_overrides_and_sampled_values_read_as_written() {
    let dir = scratch();
    let output = mgate()
        .current_dir(dir.path())
        .args([
            "sweep",
            "scenarios/cheung2022_combined.toml",
            "--subjects",
            "6",
            "--set",
            "arms.vitd.regimens.0.amount=2000",
            "--vary",
            "parameters.k_24a1=lin:1:4",
            "--lhs",
            "5",
            "--out",
            "sweep",
            "--quiet",
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = read(&dir.path().join("sweep/report.html"));
    let top = &report[..report.find("<h2>").unwrap()];
    assert!(
        top.contains("<code>--set arms.vitd.regimens.0.amount=2000</code>"),
        "{top}"
    );
    // Latin hypercube values have 4 significant digits, within the range.
    let sweep = read(&dir.path().join("sweep/sweep.csv"));
    let mut rows = csv::Reader::from_reader(sweep.as_bytes());
    let mut values = Vec::new();
    for row in rows.records() {
        let text = row.unwrap()[1].to_string();
        let value: f64 = text.parse().unwrap();
        assert!((1.0..=4.0).contains(&value), "{text}");
        let digits = text.chars().filter(char::is_ascii_digit).count();
        assert!(
            digits <= 4,
            "`{text}` is not rounded to 4 significant digits"
        );
        values.push(value);
    }
    assert_eq!(values.len(), 5);
}
