//! What the page draws from a simulated cohort, kept small: per arm and sampling day the
//! quartiles of 25(OH)D, serum Mg and calcitriol (not every subject); the effect on 25(OH)D by
//! 5 ng/mL bin of baseline 25(OH)D (P1); and the Mg gates with the cohort's cellular Mg status.

use crate::cohort::CohortResults;
use crate::scenario::Scenario;
use crate::simulate::Observable;
use crate::trial::percentile;
use serde::Serialize;

/// Width of the baseline 25(OH)D bins of the effect, ng/mL.
pub const BIN_WIDTH_NG_ML: f64 = 5.0;

/// The observables drawn as time courses, with their labels and units.
pub const TIME_COURSES: [(Observable, &str, &str); 3] = [
    (Observable::Ohd25, "25(OH)D", "ng/mL"),
    (Observable::SerumMg, "serum Mg", "mmol/L"),
    (Observable::Calcitriol, "calcitriol", "pg/mL"),
];

/// Everything the page draws for one simulation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageResults {
    /// Sampling days.
    pub days: Vec<f64>,
    /// The time-course observables: `[name, label, unit]`.
    pub observables: Vec<[&'static str; 3]>,
    /// One entry per arm, in scenario order.
    pub arms: Vec<ArmCourse>,
    /// The reference arm's name.
    pub reference_arm: String,
    /// Effect on 25(OH)D by baseline bin, per arm other than the reference.
    pub effects: Vec<ArmEffects>,
    /// Width of the bins, ng/mL.
    pub bin_width: f64,
    /// The Mg gates and where the cohort is on them.
    pub gates: Gates,
    /// Subjects simulated.
    pub subjects: usize,
    /// Wall-clock time of the simulation, ms.
    pub simulation_ms: f64,
}

/// One arm's time courses.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArmCourse {
    /// Name of the arm.
    pub name: String,
    /// Label of the arm.
    pub label: String,
    /// Per observable (in the order of `observables`), per sampling day: 25th percentile,
    /// median and 75th percentile.
    pub quartiles: Vec<Vec<[f64; 3]>>,
    /// Mean change of 25(OH)D from day 0 to the last day, ng/mL.
    pub mean_change_ohd25: f64,
}

/// One arm's effect on 25(OH)D by baseline bin.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArmEffects {
    /// Name of the arm.
    pub name: String,
    /// Label of the arm.
    pub label: String,
    /// Bins holding subjects of both the arm and the reference arm, in increasing order.
    pub bins: Vec<Bin>,
}

/// The effect in one bin of baseline 25(OH)D.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Bin {
    /// Lower edge of the bin (the upper is `low + bin_width`), ng/mL.
    pub low: f64,
    /// Subjects of the arm in the bin.
    pub n: usize,
    /// Subjects of the reference arm in the bin.
    pub n_reference: usize,
    /// Mean change in the arm minus mean change in the reference arm, ng/mL.
    pub effect: f64,
}

/// The gate curves' parameters and the cohort's cellular Mg status `m`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gates {
    /// Hill coefficient of the three gates.
    pub n_gate: f64,
    /// Half-activations of CYP2R1, CYP27B1 and CYP24A1.
    pub k: [f64; 3],
    /// 5th percentile, median and 95th percentile of `m` at baseline, over subjects.
    pub baseline_m: [f64; 3],
    /// The same at the last day, per arm.
    pub end_m: Vec<[f64; 3]>,
}

/// Rounds to 4 significant digits: what the page shows, in a fraction of the bytes.
fn round4(value: f64) -> f64 {
    if value == 0.0 || !value.is_finite() {
        return if value.is_finite() { 0.0 } else { f64::NAN };
    }
    let scale = 10f64.powi(3 - value.abs().log10().floor() as i32);
    (value * scale).round() / scale
}

fn quantiles(values: &mut [f64], qs: [f64; 3]) -> [f64; 3] {
    values.sort_by(f64::total_cmp);
    qs.map(|q| round4(percentile(values, q)))
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

/// What the page draws from `results` of `scenario`.
pub fn summarize(scenario: &Scenario, results: &CohortResults, simulation_ms: f64) -> PageResults {
    let ohd25 = Observable::Ohd25.index();
    let mut scratch = Vec::new();
    let arms = scenario
        .arms
        .iter()
        .enumerate()
        .map(|(a, arm)| {
            let quartiles = TIME_COURSES
                .iter()
                .map(|(observable, _, _)| {
                    (0..scenario.sample_days.len())
                        .map(|k| {
                            scratch.clear();
                            scratch.extend(
                                results
                                    .arm(a)
                                    .map(|run| run.trajectory.rows[k][observable.index()]),
                            );
                            quantiles(&mut scratch, [0.25, 0.5, 0.75])
                        })
                        .collect()
                })
                .collect();
            let changes: Vec<f64> = results.arm(a).map(|run| change(run, ohd25)).collect();
            ArmCourse {
                name: arm.name.clone(),
                label: arm.label.clone(),
                quartiles,
                mean_change_ohd25: round4(mean(&changes)),
            }
        })
        .collect();
    let reference = scenario.analysis.reference_arm;
    let effects = (0..scenario.arms.len())
        .filter(|&a| a != reference)
        .map(|a| ArmEffects {
            name: scenario.arms[a].name.clone(),
            label: scenario.arms[a].label.clone(),
            bins: effect_bins(results, a, reference),
        })
        .collect();
    PageResults {
        days: scenario.sample_days.clone(),
        observables: TIME_COURSES
            .iter()
            .map(|(o, label, unit)| [o.name(), *label, *unit])
            .collect(),
        arms,
        reference_arm: scenario.arms[reference].name.clone(),
        effects,
        bin_width: BIN_WIDTH_NG_ML,
        gates: gates(scenario, results),
        subjects: results.subjects.len(),
        simulation_ms: round4(simulation_ms),
    }
}

/// Change of observable `index` from the first to the last sample, as measured (as the
/// effects of `mgate run` are).
fn change(run: &crate::cohort::SubjectRun, index: usize) -> f64 {
    let last = run.trajectory.rows.len() - 1;
    run.measured_row(last)[index] - run.measured_row(0)[index]
}

/// The bin of a baseline value.
fn bin_of(baseline: f64) -> i64 {
    (baseline / BIN_WIDTH_NG_ML).floor() as i64
}

/// Mean change of 25(OH)D in arm `a` minus that in the reference arm, per bin of measured
/// baseline 25(OH)D (the same subjects in a counterfactual design, the two groups otherwise).
fn effect_bins(results: &CohortResults, a: usize, reference: usize) -> Vec<Bin> {
    use std::collections::BTreeMap;
    let ohd25 = Observable::Ohd25.index();
    // bin -> (changes in the arm, changes in the reference arm)
    let mut bins: BTreeMap<i64, (Vec<f64>, Vec<f64>)> = BTreeMap::new();
    for run in results
        .runs
        .iter()
        .filter(|r| r.arm == a || r.arm == reference)
    {
        let baseline = results.subject(run).baseline_measured[ohd25];
        if !baseline.is_finite() {
            continue;
        }
        let entry = bins.entry(bin_of(baseline)).or_default();
        if run.arm == a {
            entry.0.push(change(run, ohd25));
        } else {
            entry.1.push(change(run, ohd25));
        }
    }
    bins.into_iter()
        .filter(|(_, (arm, reference))| !arm.is_empty() && !reference.is_empty())
        .map(|(bin, (arm, reference))| Bin {
            low: bin as f64 * BIN_WIDTH_NG_ML,
            n: arm.len(),
            n_reference: reference.len(),
            effect: round4(mean(&arm) - mean(&reference)),
        })
        .collect()
}

fn gates(scenario: &Scenario, results: &CohortResults) -> Gates {
    let tissue = Observable::TissueMg.index();
    let qs = [0.05, 0.5, 0.95];
    let m = |value: f64, subject: &crate::cohort::Subject| value / subject.parameters.mg_tissue_ref;
    let mut baseline: Vec<f64> = results
        .subjects
        .iter()
        .map(|s| m(s.baseline[tissue], s))
        .collect();
    let end_m = (0..scenario.arms.len())
        .map(|a| {
            let mut values: Vec<f64> = results
                .arm(a)
                .map(|run| {
                    let last = run.trajectory.rows.len() - 1;
                    m(run.trajectory.rows[last][tissue], results.subject(run))
                })
                .collect();
            quantiles(&mut values, qs)
        })
        .collect();
    let p = &scenario.parameters;
    Gates {
        n_gate: p.n_gate,
        k: [p.k_2r1, p.k_27b1, p.k_24a1],
        baseline_m: quantiles(&mut baseline, qs),
        end_m,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_four_significant_digits() {
        assert_eq!(round4(23.456789), 23.46);
        assert_eq!(round4(0.84567), 0.8457);
        assert_eq!(round4(-1234.5), -1235.0);
        assert_eq!(round4(0.0), 0.0);
    }

    #[test]
    fn bins_are_five_wide_from_zero() {
        assert_eq!(bin_of(0.0), 0);
        assert_eq!(bin_of(24.99), 4);
        assert_eq!(bin_of(25.0), 5);
    }

    #[test]
    fn a_dose_of_nothing_has_no_effect_in_any_bin() {
        let text = r#"
name = "t"
[simulation]
duration_days = 14
[population]
subjects = 12
vitamin_d_input_iu_per_day = { distribution = "lognormal", median = 2500, cv = 0.6 }
[[arms]]
name = "placebo"
[[arms]]
name = "mag"
[[arms.regimens]]
substance = "magnesium"
amount = 0
schedule = "daily"
"#;
        let scenario = crate::scenario::parse(text, "t.toml", &[]).unwrap();
        let results = crate::cohort::simulate(&scenario, &|| {}).unwrap();
        let page = summarize(&scenario, &results, 1.0);
        assert_eq!(page.arms.len(), 2);
        assert_eq!(page.arms[0].quartiles[0].len(), scenario.sample_days.len());
        let bins = &page.effects[0].bins;
        assert!(!bins.is_empty());
        assert_eq!(bins.iter().map(|b| b.n).sum::<usize>(), 12);
        // Zero doses still stop the integrator on dosing days: equal to the solver's tolerance.
        assert!(bins.iter().all(|b| b.effect.abs() < 1e-6), "{bins:?}");
        assert!(page.gates.baseline_m[0] <= page.gates.baseline_m[2]);
    }
}
