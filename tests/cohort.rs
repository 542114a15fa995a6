//! Cohorts and trials: covariate distributions and correlations, allocation, reproducibility,
//! counterfactual effects, dose rules, inclusion and assay noise.

use assert_cmd::Command;
use mgate::cohort::{self, draw::draw};
use mgate::scenario::{self, Covariate, Scenario};
use mgate::simulate::Observable;
use std::path::Path;

fn parse(text: &str) -> Scenario {
    scenario::parse(text, "test.toml", &[]).unwrap_or_else(|e| panic!("{e}"))
}

fn mean_sd(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, var.sqrt())
}

fn correlation(a: &[f64], b: &[f64]) -> f64 {
    let (ma, sa) = mean_sd(a);
    let (mb, sb) = mean_sd(b);
    let n = a.len() as f64;
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - ma) * (y - mb))
        .sum::<f64>()
        / ((n - 1.0) * sa * sb)
}

const POPULATION: &str = r#"
name = "population_check"
[simulation]
duration_days = 28
[population]
subjects = 10
vitamin_d_input_iu_per_day = { distribution = "lognormal", median = 1200, cv = 0.6 }
mg_intake_mg_per_day = { distribution = "normal", mean = 300, sd = 60 }
ca_intake_mg_per_day = { distribution = "normal", mean = 900, sd = 200, lower = 800, upper = 1000 }
body_weight_kg = { distribution = "uniform", min = 50, max = 100 }
[population.correlation]
variables = ["mg_intake_mg_per_day", "body_weight_kg", "vmax_25"]
matrix = [[1, 0.5, -0.4], [0.5, 1, 0.0], [-0.4, 0.0, 1]]
[population.variability]
vmax_25 = 0.3
[[arms]]
name = "placebo"
"#;

#[test]
fn covariate_means_sds_and_correlations_of_a_large_cohort_match_their_specification() {
    let s = parse(POPULATION);
    let n = 20_000;
    let draws: Vec<_> = (0..n)
        .map(|i| draw(&s.population, &s.parameters, s.seed, i as u64))
        .collect();
    let column = |c: Covariate| -> Vec<f64> { draws.iter().map(|d| d.covariates.get(c)).collect() };
    let mg = column(Covariate::MgIntake);
    let (mean, sd) = mean_sd(&mg);
    // Within four standard errors of the specified mean; SD within 3%.
    assert!(
        (mean - 300.0).abs() < 4.0 * 60.0 / (n as f64).sqrt(),
        "mean {mean}"
    );
    assert!((sd / 60.0 - 1.0).abs() < 0.03, "sd {sd}");

    let mut vitamin_d = column(Covariate::VitaminDInput);
    vitamin_d.sort_by(f64::total_cmp);
    let median = vitamin_d[n / 2];
    assert!((median / 1200.0 - 1.0).abs() < 0.03, "median {median}");
    let (ln_mean, ln_sd) = mean_sd(&vitamin_d.iter().map(|v| v.ln()).collect::<Vec<_>>());
    let sigma = (1.0_f64 + 0.36).ln().sqrt();
    assert!(
        (ln_sd / sigma - 1.0).abs() < 0.03,
        "log sd {ln_sd} vs {sigma}"
    );
    assert!((ln_mean - 1200.0_f64.ln()).abs() < 4.0 * sigma / (n as f64).sqrt());

    let ca = column(Covariate::CaIntake);
    assert!(ca.iter().all(|v| (800.0..=1000.0).contains(v)));
    let weight = column(Covariate::BodyWeight);
    assert!(weight.iter().all(|v| (50.0..=100.0).contains(v)));
    let (weight_mean, weight_sd) = mean_sd(&weight);
    assert!((weight_mean - 75.0).abs() < 0.5);
    assert!((weight_sd - 50.0 / 12.0_f64.sqrt()).abs() < 0.3);
    assert!(column(Covariate::RenalMgFactor).iter().all(|v| *v == 1.0));

    // Correlations: normal with normal is preserved exactly by the copula; normal with uniform
    // is shrunk by the factor sqrt(3/pi) = 0.977; the log of a varying parameter is normal.
    let vmax: Vec<f64> = draws.iter().map(|d| d.parameters.vmax_25.ln()).collect();
    let r_mg_weight = correlation(&mg, &weight);
    let r_mg_vmax = correlation(&mg, &vmax);
    let r_weight_vmax = correlation(&weight, &vmax);
    assert!(
        (r_mg_weight - 0.5 * (3.0 / std::f64::consts::PI).sqrt()).abs() < 0.03,
        "{r_mg_weight}"
    );
    assert!((r_mg_vmax + 0.4).abs() < 0.03, "{r_mg_vmax}");
    assert!(r_weight_vmax.abs() < 0.03, "{r_weight_vmax}");
    let (_, vmax_sd) = mean_sd(&vmax);
    assert!((vmax_sd / (1.0_f64 + 0.09).ln().sqrt() - 1.0).abs() < 0.03);
}

#[test]
fn a_different_seed_gives_a_different_cohort_and_the_same_seed_the_same() {
    let s = parse(POPULATION);
    let a = draw(&s.population, &s.parameters, 1, 5);
    let b = draw(&s.population, &s.parameters, 2, 5);
    let again = draw(&s.population, &s.parameters, 1, 5);
    assert_eq!(a, again);
    assert_ne!(a.covariates, b.covariates);
}

const TRIAL: &str = r#"
name = "trial_check"
[simulation]
duration_days = 56
sample_every_days = 28
seed = 3
[population]
subjects = 60
vitamin_d_input_iu_per_day = { distribution = "lognormal", median = 1200, cv = 0.8, lower = 100, upper = 10000 }
mg_intake_mg_per_day = { distribution = "normal", mean = 280, sd = 70, lower = 120, upper = 600 }
ca_intake_mg_per_day = { distribution = "normal", mean = 950, sd = 250, lower = 400, upper = 2000 }
body_weight_kg = { distribution = "normal", mean = 75, sd = 12, lower = 45, upper = 140 }
[population.variability]
vmax_25 = 0.2
[[population.inclusion]]
observable = "ohd25_ng_ml"
min = 10
max = 45
[measurement.ohd25_ng_ml]
cv = 0.08
sd = 1.0
[analysis]
reference_arm = "placebo"
stratify_by = "ohd25_ng_ml"
strata = [20, 30]
bootstrap = 200
[[arms]]
name = "placebo"
[[arms]]
name = "mag"
[[arms.regimens]]
substance = "magnesium"
rule = "ca_mg_ratio"
target_ratio = 2.3
cap = 350
schedule = "daily"
[[arms]]
name = "vitd"
[[arms.regimens]]
substance = "vitamin_d3"
rule = "per_kg"
amount_per_kg = 20
cap = 2000
schedule = "daily"
"#;

#[test]
fn counterfactual_effects_equal_the_difference_of_the_two_arms_subject_by_subject() {
    let s = parse(TRIAL);
    let results = cohort::simulate(&s, &|| {}).unwrap();
    assert_eq!(results.subjects.len(), 60);
    assert_eq!(results.runs.len(), 180);
    let individual = mgate::trial::effects::individual_effects(&s, &results);
    assert_eq!(individual.len(), 60 * 2);
    let ohd25 = Observable::Ohd25.index();
    let change = |run: &cohort::SubjectRun| {
        let rows = &run.trajectory.rows;
        rows[rows.len() - 1][ohd25] - rows[0][ohd25]
    };
    for ite in &individual {
        let runs: Vec<_> = results
            .runs
            .iter()
            .filter(|r| r.subject == ite.subject)
            .collect();
        let expected = change(runs[ite.arm]) - change(runs[ite.reference_arm]);
        assert_eq!(ite.effect, expected);
        assert_eq!(
            ite.baseline,
            results.subjects[ite.subject - 1].baseline[ohd25]
        );
    }
    // The overall effect is the mean of the paired differences of the measured changes.
    let effects = mgate::trial::effects::effects(&s, &results);
    let overall = effects
        .iter()
        .find(|e| e.arm == 1 && e.stratum == "all" && e.endpoint == Observable::Ohd25)
        .unwrap();
    let measured_change = |run: &cohort::SubjectRun| {
        run.measured_row(run.trajectory.rows.len() - 1)[ohd25] - run.measured_row(0)[ohd25]
    };
    let arm_changes: Vec<f64> = results.arm(1).map(measured_change).collect();
    let reference_changes: Vec<f64> = results.arm(0).map(measured_change).collect();
    let mean_difference = arm_changes
        .iter()
        .zip(&reference_changes)
        .map(|(a, r)| a - r)
        .sum::<f64>()
        / 60.0;
    assert!((overall.effect - mean_difference).abs() < 1e-12);
    assert!(overall.ci_low <= overall.effect && overall.effect <= overall.ci_high);
    let strata_n: usize = effects
        .iter()
        .filter(|e| e.arm == 1 && e.stratum != "all" && e.endpoint == Observable::Ohd25)
        .map(|e| e.n_arm)
        .sum();
    assert_eq!(strata_n, 60);
}

/// Largest relative difference between two runs' sampled observables (floor 1e-6 for values near
/// zero, such as a change or a gate at rest).
fn largest_relative_difference(
    a: &[mgate::simulate::ObservableRow],
    b: &[mgate::simulate::ObservableRow],
) -> f64 {
    assert_eq!(a.len(), b.len());
    a.iter()
        .zip(b)
        .flat_map(|(x, y)| x.iter().zip(y.iter()))
        .map(|(x, y)| (x - y).abs() / x.abs().max(y.abs()).max(1e-6))
        .fold(0.0, f64::max)
}

#[test]
fn runs_in_lockstep_batches_agree_with_each_run_alone_and_with_a_larger_cohort() {
    // Three arms with personalised doses: every batch of four has four different dose amounts.
    let s = parse(TRIAL);
    let results = cohort::simulate(&s, &|| {}).unwrap();
    let mut workspace = mgate::simulate::Workspace::new(s.solver);
    let mut largest: f64 = 0.0;
    for run in &results.runs {
        let subject = results.subject(run);
        let intakes = cohort::intake_schedule(&s, subject, run.arm);
        let plan = mgate::simulate::RunPlan {
            model: &subject.model(),
            intakes: &intakes,
            regimens: &run.regimens,
            sample_days: &s.sample_days,
            end_day: s.duration_days,
        };
        let mut alone = mgate::simulate::Trajectory::default();
        workspace.run(&plan, subject.start(), &mut alone).unwrap();
        assert_eq!(alone.days, run.trajectory.days);
        assert_eq!(
            alone.rows[0], run.trajectory.rows[0],
            "baselines are the same"
        );
        largest = largest.max(largest_relative_difference(
            &alone.rows,
            &run.trajectory.rows,
        ));
    }
    eprintln!("batched vs alone: largest relative difference {largest:e}");
    // The lanes' exp and ln differ from libm's by about an ulp, which can tip a step-size decision
    // of the run alone; then the two differ within the tolerance (rtol is 1e-6; urinary Mg,
    // serum Mg to a high power, amplifies it the most).
    assert!(largest > 0.0, "the batches did run in lanes");
    assert!(largest < 1e-4, "batched vs alone: {largest:e}");

    // A smaller cohort: the same people, doses and baselines, and the same bits, although the
    // last batch of the smaller cohort has other batch-mates (each lane keeps its own clock).
    let small = parse(&TRIAL.replace("subjects = 60", "subjects = 21"));
    let small_results = cohort::simulate(&small, &|| {}).unwrap();
    for (a, b) in small_results.runs.iter().zip(&results.runs) {
        assert_eq!((a.subject, a.arm), (b.subject, b.arm));
        assert_eq!(a.regimens, b.regimens);
        assert_eq!(a.trajectory.days, b.trajectory.days);
        assert_eq!(
            a.trajectory.rows, b.trajectory.rows,
            "subject {}",
            a.subject
        );
        assert_eq!(a.trajectory.final_state, b.trajectory.final_state);
    }
}

#[test]
fn dose_rules_give_the_hand_computed_doses() {
    let s = parse(TRIAL);
    let results = cohort::simulate(&s, &|| {}).unwrap();
    for run in results.arm(1) {
        let subject = results.subject(run);
        let ca = subject.covariates.get(Covariate::CaIntake);
        let mg = subject.covariates.get(Covariate::MgIntake);
        let expected = (ca / 2.3 - mg).clamp(0.0, 350.0);
        let mgate::simulate::Dose::Magnesium { mg: dose, .. } = run.regimens[0].dose else {
            panic!("not a magnesium dose");
        };
        assert!((dose - expected).abs() < 1e-9, "{dose} vs {expected}");
    }
    // A hand-computed case: Ca 900 mg, Mg 250 mg, target 2.3 -> 900/2.3 - 250 = 141.304... mg.
    let rule = mgate::scenario::Amount::CaMgRatio {
        target_ratio: 2.3,
        cap: None,
    };
    let basis = mgate::scenario::DoseBasis {
        body_weight_kg: 70.0,
        ca_intake_mg_per_day: 900.0,
        mg_intake_mg_per_day: 250.0,
        baseline_ohd25_ng_ml: 20.0,
    };
    assert!((rule.for_subject(&basis) - 141.304_347_826_086_96).abs() < 1e-9);
    let rich = mgate::scenario::DoseBasis {
        mg_intake_mg_per_day: 500.0,
        ..basis
    };
    assert_eq!(rule.for_subject(&rich), 0.0);
    for run in results.arm(2) {
        let weight = results.subject(run).covariates.get(Covariate::BodyWeight);
        let mgate::simulate::Dose::VitaminD { iu, .. } = run.regimens[0].dose else {
            panic!("not a vitamin D dose");
        };
        assert!((iu - (20.0 * weight).min(2000.0)).abs() < 1e-9);
    }
    let bands = mgate::scenario::Amount::Ohd25Bands {
        bands: vec![(20.0, 4000.0), (30.0, 2000.0)],
        otherwise: 1000.0,
    };
    let at = |ohd25: f64| {
        bands.for_subject(&mgate::scenario::DoseBasis {
            baseline_ohd25_ng_ml: ohd25,
            ..basis
        })
    };
    assert_eq!(
        (at(12.0), at(20.0), at(29.9), at(45.0)),
        (4000.0, 2000.0, 2000.0, 1000.0)
    );
}

#[test]
fn inclusion_uses_the_measured_baseline_and_noise_stays_out_of_the_truth() {
    let s = parse(TRIAL);
    let results = cohort::simulate(&s, &|| {}).unwrap();
    let ohd25 = Observable::Ohd25.index();
    let mut differs = 0;
    for subject in &results.subjects {
        let measured = subject.baseline_measured[ohd25];
        assert!((10.0..=45.0).contains(&measured), "{measured}");
        if measured != subject.baseline[ohd25] {
            differs += 1;
        }
        // Observables without an assay are reported as they are.
        let serum = Observable::SerumMg.index();
        assert_eq!(subject.baseline_measured[serum], subject.baseline[serum]);
    }
    assert_eq!(differs, results.subjects.len());
    for run in &results.runs {
        let truth = &run.trajectory.rows;
        assert_eq!(truth[0][ohd25], results.subject(run).baseline[ohd25]);
        assert_ne!(run.measured_row(1)[ohd25], truth[1][ohd25]);
    }
    assert!(results.candidates_drawn >= 60);
}

#[test]
fn too_strict_inclusion_is_a_clear_input_error() {
    let strict = TRIAL.replace("min = 10\nmax = 45", "min = 80\nmax = 81");
    let s = parse(&strict);
    let error = cohort::simulate(&s, &|| {}).unwrap_err().to_string();
    assert!(
        error.contains("only 0 of 1200 candidates met the inclusion criteria"),
        "{error}"
    );
    assert!(error.contains("ohd25_ng_ml from 80 to 81"), "{error}");
}

#[test]
fn parallel_blocks_are_balanced_and_strata_respected() {
    let parallel = TRIAL.replace(
        "[analysis]",
        "[allocation]\ndesign = \"parallel\"\nblock_size = 6\nstratify_by = \"ohd25_ng_ml\"\nstrata = [25]\n\n[analysis]",
    );
    let s = parse(&parallel);
    let results = cohort::simulate(&s, &|| {}).unwrap();
    assert_eq!(results.runs.len(), 60);
    let ohd25 = Observable::Ohd25.index();
    for stratum in [false, true] {
        let arms: Vec<usize> = results
            .runs
            .iter()
            .filter(|r| (results.subject(r).baseline_measured[ohd25] >= 25.0) == stratum)
            .map(|r| r.arm)
            .collect();
        for block in arms.chunks_exact(6) {
            for arm in 0..3 {
                assert_eq!(block.iter().filter(|a| **a == arm).count(), 2, "{arms:?}");
            }
        }
        // Any incomplete last block is off by at most its length.
        for arm in 0..3 {
            let count = arms.iter().filter(|a| **a == arm).count() as f64;
            assert!((count - arms.len() as f64 / 3.0).abs() <= 4.0);
        }
    }
}

fn mgate() -> Command {
    Command::cargo_bin("mgate").expect("mgate binary")
}

fn run_to(file: &Path, out: &Path, extra: &[&str]) {
    let output = mgate()
        .arg("run")
        .arg(file)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .args(extra)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn same_seed_is_byte_identical_at_one_and_two_threads_and_smaller_cohorts_are_prefixes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("trial.toml");
    let parallel = TRIAL.replace(
        "[analysis]",
        "[allocation]\ndesign = \"parallel\"\n\n[analysis]",
    );
    std::fs::write(&file, parallel).unwrap();
    run_to(&file, &dir.path().join("t1"), &["--threads", "1"]);
    run_to(&file, &dir.path().join("t2"), &["--threads", "2"]);
    for name in [
        "timeseries.csv",
        "subjects.csv",
        "summary.csv",
        "effects.csv",
        "dataset.csv",
    ] {
        let one = std::fs::read(dir.path().join("t1").join(name)).unwrap();
        let two = std::fs::read(dir.path().join("t2").join(name)).unwrap();
        assert!(one == two, "{name} differs between 1 and 2 threads");
    }
    run_to(&file, &dir.path().join("seed9"), &["--seed", "9"]);
    let a = std::fs::read(dir.path().join("t1/subjects.csv")).unwrap();
    let b = std::fs::read(dir.path().join("seed9/subjects.csv")).unwrap();
    assert_ne!(a, b);

    // The first 20 subjects of a 60-subject cohort are the 20 subjects of a 20-subject cohort.
    let counterfactual = dir.path().join("cf.toml");
    std::fs::write(&counterfactual, TRIAL).unwrap();
    run_to(&counterfactual, &dir.path().join("n60"), &[]);
    run_to(
        &counterfactual,
        &dir.path().join("n20"),
        &["--subjects", "20"],
    );
    let rows = |folder: &str| -> Vec<Vec<String>> {
        csv::Reader::from_path(dir.path().join(folder).join("subjects.csv"))
            .unwrap()
            .records()
            .map(|r| r.unwrap().iter().take(8).map(String::from).collect())
            .collect()
    };
    let (small, large) = (rows("n20"), rows("n60"));
    assert_eq!(small.len(), 60);
    assert_eq!(small[..], large[..60]);
    // Their simulated values too, to the last digit: timeseries.csv of 20 subjects is the start
    // of that of 60 (a subject's results do not depend on who shares its batch).
    let small = std::fs::read(dir.path().join("n20/timeseries.csv")).unwrap();
    let large = std::fs::read(dir.path().join("n60/timeseries.csv")).unwrap();
    assert!(small.len() < large.len());
    assert!(
        large.starts_with(&small),
        "timeseries.csv of 20 subjects is not a prefix of 60"
    );
}

#[test]
fn dataset_follows_nonmem_conventions() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("trial.toml");
    std::fs::write(&file, TRIAL.replace("subjects = 60", "subjects = 4")).unwrap();
    run_to(&file, &dir.path().join("out"), &[]);
    let mut reader = csv::Reader::from_path(dir.path().join("out/dataset.csv")).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header[..12],
        [
            "ID", "TIME", "AMT", "DV", "MDV", "EVID", "CMT", "DVID", "ADDL", "II", "SUBJ", "ARM"
        ]
    );
    let rows: Vec<Vec<f64>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(|v| v.parse().unwrap()).collect())
        .collect();
    // 4 subjects x 3 arms; per ID: 3 observations of 25(OH)D; daily doses for 56 days in the
    // dosed arms (a zero Ca:Mg dose still counts as a dose record).
    let ids: std::collections::BTreeSet<u64> = rows.iter().map(|r| r[0] as u64).collect();
    assert_eq!(ids.len(), 12);
    for id in ids {
        let records: Vec<&Vec<f64>> = rows.iter().filter(|r| r[0] as u64 == id).collect();
        assert!(
            records.windows(2).all(|w| w[0][1] <= w[1][1]),
            "TIME not sorted"
        );
        let observations = records.iter().filter(|r| r[5] == 0.0).count();
        assert_eq!(observations, 3);
        for r in &records {
            let (amt, mdv, evid, cmt, dvid, addl, ii) = (r[2], r[4], r[5], r[6], r[7], r[8], r[9]);
            if evid == 1.0 {
                assert_eq!((mdv, dvid), (1.0, 0.0));
                assert!(cmt == 1.0 || cmt == 6.0);
                // Daily doses: one record per regimen, with 55 implied doses a day apart.
                assert_eq!((addl, ii), (55.0, 1.0));
            } else {
                assert_eq!(
                    (amt, mdv, cmt, dvid, addl, ii),
                    (0.0, 0.0, 3.0, 1.0, 0.0, 0.0)
                );
            }
        }
        let arm = records[0][11];
        let doses: f64 = records
            .iter()
            .filter(|r| r[5] == 1.0)
            .map(|r| r[8] + 1.0)
            .sum();
        assert_eq!(doses, if arm == 1.0 { 0.0 } else { 56.0 });
    }
}

#[test]
fn the_same_people_keep_their_arms_under_other_parameters() {
    // A parallel design stratified on baseline 25(OH)D: a parameter that moves baselines would
    // re-randomise people if the cohort were enrolled and allocated again (what a sensitivity
    // analysis must not do).
    let s = parse(&TRIAL.replace(
        "[analysis]",
        "[allocation]\ndesign = \"parallel\"\nblock_size = 6\nstratify_by = \"ohd25_ng_ml\"\nstrata = [25]\n\n[analysis]",
    ));
    let base = cohort::simulate(&s, &|| {}).unwrap();
    let enrolled = cohort::Enrolled::of(&base);
    let mut changed = s.clone();
    changed.parameters.vmax_25 *= 1.6;
    let again = cohort::simulate_candidates(&changed, &enrolled, &|| {}).unwrap();
    assert_eq!(cohort::Enrolled::of(&again), enrolled);
    // The same people, with higher 25(OH)D at baseline.
    let ohd25 = Observable::Ohd25.index();
    for (a, b) in base.subjects.iter().zip(&again.subjects) {
        assert_eq!(a.candidate, b.candidate);
        assert!(b.baseline[ohd25] > a.baseline[ohd25]);
    }
    // Enrolling and allocating anew would have changed who is in the cohort or in which arm.
    let fresh = cohort::simulate(&changed, &|| {}).unwrap();
    assert_ne!(cohort::Enrolled::of(&fresh), enrolled);
}

#[test]
fn simulating_again_only_the_arms_whose_doses_changed_gives_the_whole_simulation() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/cheung2022_combined.toml");
    let set = |options: &[&str]| -> Scenario {
        let options: Vec<scenario::SetOption> =
            options.iter().map(|o| o.parse().unwrap()).collect();
        scenario::load(&path, &options).unwrap()
    };
    let before = set(&["population.subjects=24"]);
    let after = set(&[
        "population.subjects=24",
        "arms.mag_vitd.regimens.1.amount=120",
        "arms.vitd.label=\"renamed\"",
    ]);
    assert_eq!(cohort::changed_arms(&before, &after), Some(vec![2]));
    assert_eq!(cohort::changed_arms(&before, &before), Some(vec![]));
    for other in [
        set(&["population.subjects=25"]),
        set(&["population.subjects=24", "parameters.k_24a1=2"]),
        set(&["population.subjects=24", "simulation.seed=3"]),
    ] {
        assert_eq!(cohort::changed_arms(&before, &other), None);
    }
    let previous = cohort::simulate(&before, &|| {}).unwrap();
    let again = cohort::resimulate_arms(&after, &previous, &[2]).unwrap();
    let whole = cohort::simulate(&after, &|| {}).unwrap();
    // Bit for bit: each arm's runs share batches by subject order alone.
    assert_eq!(again, whole);
    assert_ne!(again.runs, previous.runs);
}
