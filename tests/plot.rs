//! Plots from run folders: every kind renders from synthetic fixtures with varied subjects, the
//! footer carries the disclaimer, rendering is byte-for-byte deterministic, and missing input
//! gives an error naming the file. One test renders a real `mgate run` folder end to end.
//!
//! Set `MGATE_PLOT_KEEP=<folder>` to keep the fixture plots there for a look.

use mgate::DISCLAIMER;
use mgate::model::PARAMETER_TABLE;
use mgate::plot::{HEIGHT_PX, PlotError, PlotKind, WIDTH_PX, render, render_default_set};
use mgate::simulate::Observable;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// A small deterministic generator (64-bit LCG), so fixtures need no RNG crate.
struct Lcg(u64);

impl Lcg {
    fn uniform(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Roughly standard normal (sum of 12 uniforms).
    fn normal(&mut self) -> f64 {
        (0..12).map(|_| self.uniform()).sum::<f64>() - 6.0
    }
}

const ARMS: [(&str, &str); 3] = [
    ("placebo", "Placebo"),
    ("vitd", "D3 1,000 IU/day"),
    ("mag_vitd", "D3 1,000 IU/day + Mg glycinate 360 mg/day"),
];
const SUBJECTS_PER_ARM: usize = 40;
const DURATION_DAYS: f64 = 84.0;
const RECORDED: [Observable; 5] = [
    Observable::Ohd25,
    Observable::Calcitriol,
    Observable::SerumMg,
    Observable::TissueMg,
    Observable::BoneMg,
];

/// A fixture subject: arm, covariates and a course of every observable.
struct Subject {
    id: usize,
    arm: usize,
    vitamin_d_input_iu_per_day: f64,
    mg_intake_mg_per_day: f64,
    /// Per sampled day, one value per observable in `Observable::ALL` order.
    course: Vec<[f64; 14]>,
    ohd25_noise: (f64, f64),
}

fn days() -> Vec<f64> {
    (0..=12).map(|i| 7.0 * i as f64).collect()
}

/// A toy two-way effect, enough to give the plots shape: D raises 25(OH)D less at high status;
/// Mg adds at low status and takes away at high status.
fn fixture_subjects() -> Vec<Subject> {
    let mut rng = Lcg(2022);
    let mut subjects = Vec::new();
    for arm in 0..ARMS.len() {
        for k in 0..SUBJECTS_PER_ARM {
            let baseline_25 = 8.0 + 50.0 * rng.uniform();
            let serum = 0.85 + 0.04 * rng.normal();
            let tissue = 400.0 * (1.0 + 0.12 * rng.normal());
            let bone = 500.0 * (1.0 + 0.05 * rng.normal());
            let calcitriol = 40.0 + 6.0 * rng.normal();
            let response = 1.0 + 0.25 * rng.normal();
            let vitamin_d_input = 400.0 + 1600.0 * rng.uniform();
            let course = days()
                .iter()
                .map(|&day| {
                    let ramp = 1.0 - (-day / 25.0).exp();
                    let d_gain = if arm >= 1 {
                        12.0 * (1.0 - baseline_25 / 90.0)
                    } else {
                        0.0
                    };
                    let mg_gain = if arm == 2 {
                        4.0 - 8.0 * ((baseline_25 - 25.0) / 25.0).clamp(0.0, 1.0)
                    } else {
                        0.0
                    };
                    let mg_shift = match arm {
                        1 => -1.0,
                        2 => 1.0,
                        _ => 0.0,
                    };
                    let mut row = [0.0; 14];
                    row[Observable::Ohd25.index()] =
                        baseline_25 + ramp * response * (d_gain + mg_gain);
                    row[Observable::Calcitriol.index()] =
                        calcitriol * (1.0 + 0.05 * ramp * arm as f64);
                    row[Observable::SerumMg.index()] = serum * (1.0 + 0.015 * mg_shift * ramp);
                    row[Observable::TissueMg.index()] = tissue * (1.0 + 0.06 * mg_shift * ramp);
                    row[Observable::BoneMg.index()] = bone * (1.0 + 0.02 * mg_shift * ramp);
                    let m = row[Observable::TissueMg.index()] / 400.0;
                    for (observable, k) in [
                        (Observable::GateCyp2r1, 0.94),
                        (Observable::GateCyp27b1, 0.8),
                        (Observable::GateCyp24a1, 1.51),
                    ] {
                        row[observable.index()] = mgate::model::gate(m.powi(4), k, 4.0);
                    }
                    row[Observable::Pth.index()] = 40.0;
                    row[Observable::Ohd2425.index()] = 0.1 * row[Observable::Ohd25.index()];
                    row[Observable::D3Body.index()] = 40.0 + 10.0 * arm as f64 * ramp;
                    row[Observable::MgAbsorbedFraction.index()] = 0.35;
                    row[Observable::UrineMg.index()] = 3.6;
                    row[Observable::GutMg.index()] = 150.0;
                    row
                })
                .collect();
            subjects.push(Subject {
                id: arm * SUBJECTS_PER_ARM + k + 1,
                arm,
                vitamin_d_input_iu_per_day: vitamin_d_input,
                mg_intake_mg_per_day: 180.0 + 200.0 * rng.uniform(),
                course,
                ohd25_noise: (2.0 * rng.normal(), 2.0 * rng.normal()),
            });
        }
    }
    subjects
}

fn percentile(sorted: &[f64], q: f64) -> f64 {
    let position = q * (sorted.len() - 1) as f64;
    let below = position.floor() as usize;
    let above = (below + 1).min(sorted.len() - 1);
    sorted[below] + (position - below as f64) * (sorted[above] - sorted[below])
}

fn manifest_json() -> String {
    let parameters: Vec<String> = PARAMETER_TABLE
        .iter()
        .map(|p| format!("\"{}\": {:?}", p.name, p.default))
        .collect();
    let arms: Vec<String> = ARMS
        .iter()
        .map(|(name, label)| format!("{{\"name\": \"{name}\", \"label\": \"{label}\"}}"))
        .collect();
    format!(
        "{{\"disclaimer\": \"{DISCLAIMER}\", \"seed\": 7, \
         \"scenario\": {{\"name\": \"fixture\", \
         \"title\": \"Synthetic fixture: vitamin D with and without magnesium\", \
         \"duration_days\": {DURATION_DAYS:?}, \"arms\": [{}]}}, \"parameters\": {{{}}}}}\n",
        arms.join(", "),
        parameters.join(", ")
    )
}

fn timeseries_csv(subjects: &[Subject]) -> String {
    let mut csv = String::from("subject,arm,day");
    for o in RECORDED {
        write!(csv, ",{}", o.name()).unwrap();
    }
    csv.push('\n');
    for s in subjects {
        for (day, row) in days().iter().zip(&s.course) {
            write!(csv, "{},{},{day}", s.id, ARMS[s.arm].0).unwrap();
            for o in RECORDED {
                write!(csv, ",{}", row[o.index()]).unwrap();
            }
            csv.push('\n');
        }
    }
    csv
}

fn summary_csv(subjects: &[Subject]) -> String {
    let mut csv = String::from("arm,day,observable,n,mean,sd,p5,p25,p50,p75,p95\n");
    for (arm, (name, _)) in ARMS.iter().enumerate() {
        for (i, day) in days().iter().enumerate() {
            for o in RECORDED {
                let mut values: Vec<f64> = subjects
                    .iter()
                    .filter(|s| s.arm == arm)
                    .map(|s| s.course[i][o.index()])
                    .collect();
                values.sort_by(f64::total_cmp);
                let n = values.len() as f64;
                let mean = values.iter().sum::<f64>() / n;
                let sd =
                    (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
                write!(
                    csv,
                    "{name},{day},{},{},{mean},{sd}",
                    o.name(),
                    values.len()
                )
                .unwrap();
                for q in [0.05, 0.25, 0.5, 0.75, 0.95] {
                    write!(csv, ",{}", percentile(&values, q)).unwrap();
                }
                csv.push('\n');
            }
        }
    }
    csv
}

fn subjects_csv(subjects: &[Subject]) -> String {
    let mut csv = String::from(
        "subject,arm,vitamin_d_input_iu_per_day,mg_intake_mg_per_day,ca_intake_mg_per_day,\
         body_weight_kg,renal_mg_factor,baseline_found_by",
    );
    for o in Observable::ALL {
        write!(csv, ",{0}_baseline,{0}_end,{0}_change", o.name()).unwrap();
    }
    csv.push_str(
        ",ohd25_ng_ml_baseline_measured,ohd25_ng_ml_end_measured,ohd25_ng_ml_change_measured",
    );
    csv.push_str(
        ",mg_absorbed_total_mg,mg_urine_total_mmol,mg_supplement_to_gut_total_mg,vitamin_d_supplement_to_gut_total_ug\n",
    );
    for s in subjects {
        write!(
            csv,
            "{},{},{},{},900,70,1,solving",
            s.id, ARMS[s.arm].0, s.vitamin_d_input_iu_per_day, s.mg_intake_mg_per_day
        )
        .unwrap();
        let (first, last) = (&s.course[0], s.course.last().unwrap());
        for o in Observable::ALL {
            let (b, e) = (first[o.index()], last[o.index()]);
            write!(csv, ",{b},{e},{}", e - b).unwrap();
        }
        let (b, e) = (
            first[Observable::Ohd25.index()] + s.ohd25_noise.0,
            last[Observable::Ohd25.index()] + s.ohd25_noise.1,
        );
        write!(csv, ",{b},{e},{}", e - b).unwrap();
        let dosed_ug = if s.arm >= 1 {
            1000.0 * 0.025 * DURATION_DAYS
        } else {
            0.0
        };
        let mg_dosed = if s.arm == 2 {
            360.0 * DURATION_DAYS
        } else {
            0.0
        };
        writeln!(csv, ",7000,300,{mg_dosed},{dosed_ug}").unwrap();
    }
    csv
}

fn effects_csv(subjects: &[Subject]) -> String {
    let strata: [(&str, Option<f64>, Option<f64>); 5] = [
        ("all", None, None),
        ("<20", None, Some(20.0)),
        ("20-30", Some(20.0), Some(30.0)),
        ("30-50", Some(30.0), Some(50.0)),
        (">=50", Some(50.0), None),
    ];
    let change = |s: &Subject| {
        s.course.last().unwrap()[Observable::Ohd25.index()] - s.course[0][Observable::Ohd25.index()]
    };
    let in_stratum = |s: &Subject, low: Option<f64>, high: Option<f64>| {
        let b = s.course[0][Observable::Ohd25.index()];
        low.is_none_or(|l| b >= l) && high.is_none_or(|h| b < h)
    };
    let mean_var = |values: &[f64]| {
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
        (mean, var / n)
    };
    let mut csv = String::from(
        "endpoint,arm,reference_arm,stratum,stratum_low,stratum_high,n_arm,n_reference,effect,ci_low,ci_high\n",
    );
    for (arm, (arm_name, _)) in ARMS.iter().enumerate().skip(1) {
        for (label, low, high) in strata {
            let pick = |a: usize| -> Vec<f64> {
                subjects
                    .iter()
                    .filter(|s| s.arm == a && in_stratum(s, low, high))
                    .map(change)
                    .collect()
            };
            let (treated, reference) = (pick(arm), pick(0));
            let ((m1, v1), (m0, v0)) = (mean_var(&treated), mean_var(&reference));
            let half = 1.96 * (v1 + v0).sqrt();
            let bound = |b: Option<f64>| b.map_or(String::new(), |b| b.to_string());
            writeln!(
                csv,
                "ohd25_ng_ml,{arm_name},placebo,{label},{},{},{},{},{},{},{}",
                bound(low),
                bound(high),
                treated.len(),
                reference.len(),
                m1 - m0,
                m1 - m0 - half,
                m1 - m0 + half
            )
            .unwrap();
        }
    }
    csv
}

fn individual_effects_csv(subjects: &[Subject]) -> String {
    let mut rng = Lcg(99);
    let mut csv =
        String::from("subject,arm,reference_arm,endpoint,baseline_observable,baseline,effect\n");
    for s in subjects.iter().filter(|s| s.arm == 0) {
        let baseline = s.course[0][Observable::Ohd25.index()];
        let mg_effect = 4.0 - 8.0 * ((baseline - 25.0) / 25.0).clamp(0.0, 1.0);
        writeln!(
            csv,
            "{},mag_vitd,vitd,ohd25_ng_ml,ohd25_ng_ml,{baseline},{}",
            s.id,
            mg_effect + 0.5 * rng.normal()
        )
        .unwrap();
    }
    csv
}

/// Writes a complete fixture run folder.
/// `replicates.csv` of 40 trials: vitd and mag_vitd against placebo, overall and in two strata,
/// with estimates spread around a known effect and intervals of a fixed half-width.
fn replicates_csv() -> String {
    let mut rng = Lcg(17);
    let mut text = String::from(
        "trial,seed,endpoint,arm,reference_arm,stratum,n_arm,n_reference,effect,ci_low,ci_high,significant\n",
    );
    for trial in 1..=40 {
        for (arm, truth) in [("vitd", 5.0), ("mag_vitd", 7.5)] {
            for (stratum, n) in [("all", 30), ("<20", 12), ("20-30", 18)] {
                let effect = truth + 2.5 * rng.normal();
                let half = 3.0;
                let significant = effect - half > 0.0 || effect + half < 0.0;
                text.push_str(&format!(
                    "{trial},{},ohd25_ng_ml,{arm},placebo,{stratum},{n},{n},{effect},{},{},{significant}\n",
                    1000 + trial,
                    effect - half,
                    effect + half
                ));
            }
        }
    }
    text
}

fn write_fixture(dir: &Path) {
    let subjects = fixture_subjects();
    fs::create_dir_all(dir).unwrap();
    fs::write(dir.join("manifest.json"), manifest_json()).unwrap();
    fs::write(dir.join("timeseries.csv"), timeseries_csv(&subjects)).unwrap();
    fs::write(dir.join("summary.csv"), summary_csv(&subjects)).unwrap();
    fs::write(dir.join("subjects.csv"), subjects_csv(&subjects)).unwrap();
    fs::write(dir.join("effects.csv"), effects_csv(&subjects)).unwrap();
    fs::write(
        dir.join("individual_effects.csv"),
        individual_effects_csv(&subjects),
    )
    .unwrap();
    fs::write(dir.join("replicates.csv"), replicates_csv()).unwrap();
}

fn fixture() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let run = dir.path().join("run");
    write_fixture(&run);
    (dir, run)
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let be = |i: usize| u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap());
    (be(16), be(20))
}

fn keep(files: &[PathBuf]) {
    keep_in(files, "fixture");
}

fn keep_in(files: &[PathBuf], subfolder: &str) {
    if let Some(folder) = std::env::var_os("MGATE_PLOT_KEEP") {
        let folder = PathBuf::from(folder).join(subfolder);
        fs::create_dir_all(&folder).unwrap();
        for file in files {
            fs::copy(file, folder.join(file.file_name().unwrap())).unwrap();
        }
    }
}

#[test]
fn every_kind_renders_png_and_svg_with_the_disclaimer() {
    let (dir, run) = fixture();
    let out = dir.path().join("plots");
    for kind in PlotKind::ALL {
        let files = render(&run, kind, None, &out)
            .unwrap_or_else(|e| panic!("{} failed: {e}", kind.name()));
        assert_eq!(files.len(), 2, "{}", kind.name());
        let stem = files[0].file_stem().unwrap().to_str().unwrap();
        assert!(stem.starts_with(kind.name()), "{stem}");
        let png = fs::read(&files[0]).unwrap();
        assert_eq!(png_size(&png), (WIDTH_PX, HEIGHT_PX), "{}", kind.name());
        let svg = fs::read_to_string(&files[1]).unwrap();
        assert!(svg.starts_with("<svg"), "{}", kind.name());
        assert!(
            svg.contains(DISCLAIMER),
            "{} SVG lacks the disclaimer",
            kind.name()
        );
        assert!(
            svg.contains("Synthetic fixture"),
            "{} SVG lacks the title",
            kind.name()
        );
        keep(&files);
    }
}

#[test]
fn observable_kinds_name_their_files_after_the_observable() {
    let (dir, run) = fixture();
    let out = dir.path().join("plots");
    let files = render(&run, PlotKind::TimeCourse, Some(Observable::SerumMg), &out).unwrap();
    assert_eq!(files[0], out.join("time_course_serum_mg_mmol_l.png"));
    assert_eq!(files[1], out.join("time_course_serum_mg_mmol_l.svg"));
    let svg = fs::read_to_string(&files[1]).unwrap();
    assert!(svg.contains("serum Mg (mmol/L)"), "axis label with unit");
    let files = render(&run, PlotKind::GateCurves, None, &out).unwrap();
    assert_eq!(files[0], out.join("gate_curves.png"));
    keep(&render(&run, PlotKind::Spaghetti, Some(Observable::TissueMg), &out).unwrap());
    keep(
        &render(
            &run,
            PlotKind::ChangeVsBaseline,
            Some(Observable::TissueMg),
            &out,
        )
        .unwrap(),
    );
}

#[test]
fn rendering_twice_gives_identical_bytes() {
    let (dir, run) = fixture();
    let first = render_default_set(&run, &dir.path().join("a")).unwrap();
    let second = render_default_set(&run, &dir.path().join("b")).unwrap();
    assert_eq!(first.files.len(), 2 * PlotKind::ALL.len());
    assert!(first.skipped.is_empty(), "{:?}", first.skipped);
    for (a, b) in first.files.iter().zip(&second.files) {
        assert_eq!(a.file_name(), b.file_name());
        assert!(
            fs::read(a).unwrap() == fs::read(b).unwrap(),
            "{} differs between two renders",
            a.display()
        );
    }
}

#[test]
fn missing_files_give_errors_naming_the_file() {
    let (dir, run) = fixture();
    let out = dir.path().join("plots");
    for (file, kind) in [
        ("summary.csv", PlotKind::TimeCourse),
        ("summary.csv", PlotKind::MgPools),
        ("timeseries.csv", PlotKind::Spaghetti),
        ("subjects.csv", PlotKind::ChangeVsBaseline),
        ("subjects.csv", PlotKind::GateCurves),
        ("subjects.csv", PlotKind::DoseResponse),
        ("effects.csv", PlotKind::EffectsForest),
        ("individual_effects.csv", PlotKind::IndividualEffects),
        ("replicates.csv", PlotKind::ReplicateEffects),
    ] {
        let moved = dir.path().join(file);
        fs::rename(run.join(file), &moved).unwrap();
        let error = render(&run, kind, None, &out).unwrap_err();
        assert!(
            matches!(error, PlotError::MissingFile { .. }),
            "{}: {error:?}",
            kind.name()
        );
        let message = error.to_string();
        assert!(message.contains(file), "{}: {message}", kind.name());
        assert!(message.contains("is missing"), "{message}");
        fs::rename(&moved, run.join(file)).unwrap();
    }
    fs::remove_file(run.join("manifest.json")).unwrap();
    let message = render(&run, PlotKind::TimeCourse, None, &out)
        .unwrap_err()
        .to_string();
    assert!(message.contains("manifest.json"), "{message}");
}

#[test]
fn the_default_set_skips_kinds_whose_input_is_absent() {
    let (dir, run) = fixture();
    fs::remove_file(run.join("effects.csv")).unwrap();
    fs::remove_file(run.join("individual_effects.csv")).unwrap();
    fs::remove_file(run.join("replicates.csv")).unwrap();
    let set = render_default_set(&run, &dir.path().join("plots")).unwrap();
    let skipped: Vec<PlotKind> = set.skipped.iter().map(|(k, _)| *k).collect();
    assert_eq!(
        skipped,
        [
            PlotKind::EffectsForest,
            PlotKind::IndividualEffects,
            PlotKind::ReplicateEffects
        ]
    );
    assert!(set.skipped[0].1.to_string().contains("effects.csv"));
    assert_eq!(set.files.len(), 2 * (PlotKind::ALL.len() - 3));
}

#[test]
fn absent_observables_and_misused_arguments_are_explained() {
    let (dir, run) = fixture();
    let out = dir.path().join("plots");
    let message = render(&run, PlotKind::TimeCourse, Some(Observable::Pth), &out)
        .unwrap_err()
        .to_string();
    assert!(message.contains("summary.csv"), "{message}");
    assert!(message.contains("pth_pg_ml"), "{message}");
    assert!(
        message.contains("ohd25_ng_ml"),
        "lists what is there: {message}"
    );
    let message = render(
        &run,
        PlotKind::EffectsForest,
        Some(Observable::SerumMg),
        &out,
    )
    .unwrap_err()
    .to_string();
    assert!(
        message.contains("effects.csv") && message.contains("serum_mg_mmol_l"),
        "{message}"
    );
    let error = render(&run, PlotKind::MgPools, Some(Observable::Ohd25), &out).unwrap_err();
    assert!(
        matches!(error, PlotError::ObservableNotUsed { .. }),
        "{error:?}"
    );
}

#[test]
fn malformed_cells_are_located() {
    let (dir, run) = fixture();
    let path = run.join("summary.csv");
    let text = fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    // Line 2 (after the header) is placebo's 25(OH)D on day 0, which the time course reads.
    lines[1] = {
        let mut fields: Vec<&str> = lines[1].split(',').collect();
        assert_eq!(fields[2], "ohd25_ng_ml");
        fields[1] = "seven";
        fields.join(",")
    };
    fs::write(&path, lines.join("\n") + "\n").unwrap();
    let message = render(&run, PlotKind::TimeCourse, None, &dir.path().join("plots"))
        .unwrap_err()
        .to_string();
    assert!(message.contains("summary.csv line 2"), "{message}");
    assert!(
        message.contains("`day`") && message.contains("seven"),
        "{message}"
    );
}

#[test]
fn a_real_run_folder_renders() {
    let dir = tempfile::tempdir().unwrap();
    let run = dir.path().join("run");
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/cheung2022_combined.toml");
    assert_cmd::Command::cargo_bin("mgate")
        .unwrap()
        .args(["run"])
        .arg(&scenario)
        .arg("--out")
        .arg(&run)
        .args(["--subjects", "5"])
        .assert()
        .success();
    let set = render_default_set(&run, &dir.path().join("plots")).unwrap();
    for (kind, why) in &set.skipped {
        assert!(why.is_missing_input(), "{}: {why}", kind.name());
    }
    for kind in [
        PlotKind::TimeCourse,
        PlotKind::MgPools,
        PlotKind::GateCurves,
    ] {
        assert!(
            set.files.iter().any(|f| f
                .file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .starts_with(kind.name())),
            "{} missing from {:?}",
            kind.name(),
            set.files
        );
    }
    keep_in(&set.files, "real");
}

#[test]
fn svgs_carry_their_font_as_glyph_outlines() {
    let (dir, run) = fixture();
    let set = render_default_set(&run, &dir.path().join("plots")).unwrap();
    for (svg, _) in &set.figures {
        let text = fs::read_to_string(svg).unwrap();
        let name = svg.display();
        // No text left for a viewer to set in a font of its own.
        assert!(!text.contains("<text"), "{name} has <text> elements");
        assert!(!text.contains("font-family"), "{name} names a font");
        // The glyphs are defined once, and every text is a group of them labelled with its words.
        assert!(text.contains("<defs>") && text.contains("<path id=\"mgate-glyph-"));
        assert!(text.contains("<use href=\"#mgate-glyph-"), "{name}");
        assert!(
            text.contains(&format!("aria-label=\"{DISCLAIMER}\"")),
            "{name} lacks the disclaimer"
        );
    }
}

#[test]
fn captions_are_computed_from_the_data_and_read_as_prose() {
    let (dir, run) = fixture();
    let set = render_default_set(&run, &dir.path().join("plots")).unwrap();
    assert_eq!(set.figures.len(), PlotKind::ALL.len());
    let days_with_decimal = |c: &str| {
        c.split("day ").skip(1).any(|rest| {
            rest.split(|ch: char| !ch.is_ascii_digit() && ch != '.')
                .next()
                .is_some_and(|n| n.ends_with(".0"))
        })
    };
    for (svg, caption) in &set.figures {
        let name = svg.file_stem().unwrap().to_string_lossy();
        assert!(!caption.is_empty(), "{name}");
        assert!(!caption.contains('`'), "{name}: raw backticks in {caption}");
        assert!(!days_with_decimal(caption), "{name}: {caption}");
        // The old fixed sentences claimed what the data may not show.
        assert!(!caption.contains("More vitamin D gives more"), "{name}");
        assert!(!caption.contains("saturate, CYP24A1 keeps"), "{name}");
    }
    let caption_of = |stem: &str| {
        set.figures
            .iter()
            .find(|(svg, _)| svg.file_stem().unwrap().to_string_lossy().starts_with(stem))
            .map(|(_, c)| c.clone())
            .unwrap()
    };
    // Numbers of the fixture appear in the captions: the last day and the arms' labels.
    let time_course = caption_of("time_course");
    assert!(time_course.contains("On day 84,"), "{time_course}");
    let effects = caption_of("effects_forest");
    assert!(effects.contains("intervals"), "{effects}");
}
