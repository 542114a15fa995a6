//! The phenomena suite: P1 to P7 of the model specification, each a virtual experiment on one of
//! the shipped teaching scenarios, each judged on its direction.
//!
//! Every finding is measured on the cohort the scenario describes (its seed and size can be
//! changed), with a seeded bootstrap interval where it is an effect. Nothing here tunes or
//! decides anything: the effects come from the gated equations, and the checks only read them.

use crate::cohort::{self, CohortError, CohortResults, Purpose, Subject, SubjectRun, stream};
use crate::scenario::{self, Scenario, ScenarioError, SetOption};
use crate::simulate::Observable;
use crate::trial::effects::mean_difference;
use crate::trial::percentile;

/// One measured quantity and whether it points the expected way.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// What was measured, in words.
    pub what: String,
    /// What was expected, in words (direction, and the magnitude aimed for).
    pub expected: String,
    /// The measured value.
    pub value: f64,
    /// Its interval, if it is an estimate with one.
    pub interval: Option<(f64, f64)>,
    /// The unit of the value.
    pub unit: &'static str,
    /// Whether the direction holds.
    pub pass: bool,
}

/// The result of one phenomenon.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// `P1` … `P7`.
    pub id: &'static str,
    /// The phenomenon in a few words.
    pub title: &'static str,
    /// Where it comes from in the literature (the scenario's `reference`).
    pub source: String,
    /// The findings.
    pub findings: Vec<Finding>,
}

impl Report {
    /// Whether every finding holds.
    pub fn pass(&self) -> bool {
        self.findings.iter().all(|f| f.pass)
    }
}

/// A phenomenon could not be measured.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// The shipped scenario did not validate (with the overrides).
    #[error("{0}")]
    Scenario(#[from] ScenarioError),
    /// The cohort could not be simulated.
    #[error("{0}")]
    Cohort(#[from] CohortError),
}

/// One phenomenon: its scenario and how to judge it.
pub struct Phenomenon {
    /// `P1` … `P7`.
    pub id: &'static str,
    /// The phenomenon in a few words.
    pub title: &'static str,
    /// The scenario file it runs (as shipped in `scenarios/`).
    pub scenario_file: &'static str,
    scenario_text: &'static str,
    judge: fn(&Scenario, &CohortResults) -> Vec<Finding>,
}

/// The seven phenomena.
pub const PHENOMENA: [Phenomenon; 7] = [
    Phenomenon {
        id: "P1",
        title: "Mg raises low 25(OH)D and lowers high 25(OH)D",
        scenario_file: "scenarios/dai2018_bidirectional.toml",
        scenario_text: include_str!("../../scenarios/dai2018_bidirectional.toml"),
        judge: p1_bidirectional,
    },
    Phenomenon {
        id: "P2",
        title: "High-dose vitamin D lowers serum and tissue Mg, most at low intake",
        scenario_file: "scenarios/vitamin_d_depletes_mg.toml",
        scenario_text: include_str!("../../scenarios/vitamin_d_depletes_mg.toml"),
        judge: p2_depletion,
    },
    Phenomenon {
        id: "P3",
        title: "Mg deficiency blunts the 25(OH)D response to vitamin D",
        scenario_file: "scenarios/mg_deficiency_non_responder.toml",
        scenario_text: include_str!("../../scenarios/mg_deficiency_non_responder.toml"),
        judge: p3_non_responder,
    },
    Phenomenon {
        id: "P4",
        title: "D + Mg raises 25(OH)D more than D alone at low baseline",
        scenario_file: "scenarios/cheung2022_combined.toml",
        scenario_text: include_str!("../../scenarios/cheung2022_combined.toml"),
        judge: p4_combined,
    },
    Phenomenon {
        id: "P5",
        title: "Calcitriol raises fractional Mg absorption",
        scenario_file: "scenarios/calcitriol_mg_absorption.toml",
        scenario_text: include_str!("../../scenarios/calcitriol_mg_absorption.toml"),
        judge: p5_absorption,
    },
    Phenomenon {
        id: "P6",
        title: "Serum Mg stays in range while tissue Mg varies widely",
        scenario_file: "scenarios/serum_vs_tissue_mg.toml",
        scenario_text: include_str!("../../scenarios/serum_vs_tissue_mg.toml"),
        judge: p6_poor_marker,
    },
    Phenomenon {
        id: "P7",
        title: "25(OH)D rises with dose with diminishing increments; half-life of weeks",
        scenario_file: "scenarios/dose_response_washout.toml",
        scenario_text: include_str!("../../scenarios/dose_response_washout.toml"),
        judge: p7_dose_response,
    },
];

impl Phenomenon {
    /// The scenario with an optional seed and cohort size.
    pub fn scenario(
        &self,
        seed: Option<u64>,
        subjects: Option<usize>,
    ) -> Result<Scenario, ScenarioError> {
        let mut set = Vec::new();
        if let Some(seed) = seed {
            set.push(SetOption::from_flag("simulation.seed", seed, "--seed"));
        }
        if let Some(subjects) = subjects {
            set.push(SetOption::from_flag(
                "population.subjects",
                subjects,
                "--subjects",
            ));
        }
        scenario::parse(self.scenario_text, self.scenario_file, &set)
    }

    /// Runs the experiment and judges it (on the current rayon pool).
    pub fn check(&self, seed: Option<u64>, subjects: Option<usize>) -> Result<Report, CheckError> {
        let scenario = self.scenario(seed, subjects)?;
        let results = cohort::simulate(&scenario, &|| {})?;
        Ok(Report {
            id: self.id,
            title: self.title,
            source: scenario.reference.clone().unwrap_or_default(),
            findings: (self.judge)(&scenario, &results),
        })
    }
}

fn arm_index(scenario: &Scenario, name: &str) -> usize {
    scenario
        .arms
        .iter()
        .position(|a| a.name == name)
        .unwrap_or(0)
}

fn change(run: &SubjectRun, observable: Observable) -> f64 {
    let rows = &run.trajectory.rows;
    rows[rows.len() - 1][observable.index()] - rows[0][observable.index()]
}

/// Paired (counterfactual) effect of `arm` against `reference` on the change of `observable`,
/// among subjects passing `keep`, with a seeded bootstrap interval.
fn paired_effect(
    scenario: &Scenario,
    results: &CohortResults,
    (arm, reference): (usize, usize),
    observable: Observable,
    keep: impl Fn(&Subject) -> bool,
) -> (f64, (f64, f64), usize) {
    let mut treated = Vec::new();
    let mut control = Vec::new();
    let arms = scenario.arms.len();
    for runs in results.runs.chunks_exact(arms) {
        if keep(results.subject(&runs[0])) {
            treated.push(change(&runs[arm], observable));
            control.push(change(&runs[reference], observable));
        }
    }
    let mut rng = stream(scenario.seed, Purpose::Bootstrap, 1_000_000 + arm as u64);
    let (effect, low, high) = mean_difference(&treated, &control, true, 1000, 0.95, &mut rng);
    (effect, (low, high), treated.len())
}

fn finding(
    what: String,
    expected: &str,
    (value, interval, n): (f64, (f64, f64), usize),
    unit: &'static str,
    pass: impl Fn(f64) -> bool,
) -> Finding {
    Finding {
        what: format!("{what} (n = {n})"),
        expected: expected.to_string(),
        value,
        interval: Some(interval),
        unit,
        pass: n > 0 && pass(value),
    }
}

fn baseline(subject: &Subject, observable: Observable) -> f64 {
    subject.baseline[observable.index()]
}

fn p1_bidirectional(s: &Scenario, r: &CohortResults) -> Vec<Finding> {
    let arms = (arm_index(s, "mag"), arm_index(s, "placebo"));
    let ohd25 = |subject: &Subject| baseline(subject, Observable::Ohd25);
    let low = paired_effect(s, r, arms, Observable::Ohd25, |x| ohd25(x) < 30.0);
    let high = paired_effect(s, r, arms, Observable::Ohd25, |x| {
        (40.0..50.0).contains(&ohd25(x))
    });
    let catabolite_low = paired_effect(s, r, arms, Observable::Ohd2425, |x| ohd25(x) < 30.0);
    let catabolite_high = paired_effect(s, r, arms, Observable::Ohd2425, |x| ohd25(x) >= 30.0);
    vec![
        finding(
            "25(OH)D change, Mg - placebo, baseline < 30 ng/mL".into(),
            "> 0 (aim >= +0.5)",
            low,
            "ng/mL",
            |v| v > 0.0,
        ),
        finding(
            "25(OH)D change, Mg - placebo, baseline 40-50 ng/mL".into(),
            "< 0 (aim <= -0.5)",
            high,
            "ng/mL",
            |v| v < 0.0,
        ),
        Finding {
            what: "24,25(OH)2D change, Mg - placebo: baseline >= 30 minus < 30".into(),
            expected: "> 0 (rises more at high status)".into(),
            value: catabolite_high.0 - catabolite_low.0,
            interval: None,
            unit: "ng/mL",
            pass: catabolite_low.2 > 0
                && catabolite_high.2 > 0
                && catabolite_high.0 > catabolite_low.0,
        },
    ]
}

fn p2_depletion(s: &Scenario, r: &CohortResults) -> Vec<Finding> {
    let arms = (arm_index(s, "vitd_50000_weekly"), arm_index(s, "control"));
    let intake = |x: &Subject| x.covariates.get(scenario::Covariate::MgIntake);
    let serum_low = paired_effect(s, r, arms, Observable::SerumMg, |x| intake(x) < 220.0);
    let serum_high = paired_effect(s, r, arms, Observable::SerumMg, |x| intake(x) >= 350.0);
    let serum_all = paired_effect(s, r, arms, Observable::SerumMg, |_| true);
    let tissue_all = paired_effect(s, r, arms, Observable::TissueMg, |_| true);
    let start = r
        .subjects
        .iter()
        .map(|x| x.baseline[Observable::SerumMg.index()])
        .sum::<f64>()
        / r.subjects.len() as f64;
    vec![
        finding(
            "serum Mg change, D - control, all".into(),
            "< 0 (a few percent)",
            serum_all,
            "mmol/L",
            |v| v < 0.0,
        ),
        finding(
            "tissue Mg change, D - control, all".into(),
            "< 0",
            tissue_all,
            "mmol",
            |v| v < 0.0,
        ),
        Finding {
            what: format!(
                "serum Mg change, D - control, intake < 220 mg/day, in % of baseline (n = {})",
                serum_low.2
            ),
            expected: "< 0, more than at intake >= 350".into(),
            value: 100.0 * serum_low.0 / start,
            interval: Some((100.0 * serum_low.1.0 / start, 100.0 * serum_low.1.1 / start)),
            unit: "%",
            pass: serum_low.0 < 0.0 && serum_low.0 < serum_high.0,
        },
    ]
}

fn p3_non_responder(s: &Scenario, r: &CohortResults) -> Vec<Finding> {
    let arms = (arm_index(s, "vitd"), arm_index(s, "control"));
    let intake = |x: &Subject| x.covariates.get(scenario::Covariate::MgIntake);
    let deficient = paired_effect(s, r, arms, Observable::Ohd25, |x| intake(x) < 150.0);
    let replete = paired_effect(s, r, arms, Observable::Ohd25, |x| intake(x) >= 250.0);
    vec![
        finding(
            "25(OH)D rise with vitamin D, Mg intake >= 250 mg/day".into(),
            "> 0",
            replete,
            "ng/mL",
            |v| v > 0.0,
        ),
        Finding {
            what: format!(
                "25(OH)D rise at Mg intake < 150 as a share of the rise at >= 250 (n = {})",
                deficient.2
            ),
            expected: "< 1 (blunted)".into(),
            value: deficient.0 / replete.0,
            interval: None,
            unit: "ratio",
            pass: deficient.2 > 0 && replete.0 > 0.0 && deficient.0 < replete.0,
        },
    ]
}

fn p4_combined(s: &Scenario, r: &CohortResults) -> Vec<Finding> {
    let placebo = arm_index(s, "placebo");
    let vitd = arm_index(s, "vitd");
    let combined = arm_index(s, "mag_vitd");
    let all = |_: &Subject| true;
    let d_alone = paired_effect(s, r, (vitd, placebo), Observable::Ohd25, all);
    let extra = paired_effect(s, r, (combined, vitd), Observable::Ohd25, all);
    let combined_effect = paired_effect(s, r, (combined, placebo), Observable::Ohd25, all);
    vec![
        finding(
            "25(OH)D change, D - placebo".into(),
            "> 0",
            d_alone,
            "ng/mL",
            |v| v > 0.0,
        ),
        finding(
            "25(OH)D change, D+Mg - placebo".into(),
            "> 0 (literature +6.3 for the combined arm)",
            combined_effect,
            "ng/mL",
            |v| v > 0.0,
        ),
        finding(
            "25(OH)D change, D+Mg - D".into(),
            "> 0",
            extra,
            "ng/mL",
            |v| v > 0.0,
        ),
    ]
}

fn p5_absorption(s: &Scenario, r: &CohortResults) -> Vec<Finding> {
    let arms = (arm_index(s, "vitd"), arm_index(s, "control"));
    let all = |_: &Subject| true;
    vec![
        finding(
            "calcitriol change, D - control".into(),
            "> 0",
            paired_effect(s, r, arms, Observable::Calcitriol, all),
            "pg/mL",
            |v| v > 0.0,
        ),
        finding(
            "fractional Mg absorption change, D - control".into(),
            "> 0",
            paired_effect(s, r, arms, Observable::MgAbsorbedFraction, all),
            "fraction",
            |v| v > 0.0,
        ),
    ]
}

fn spread(values: &mut [f64]) -> (f64, f64) {
    values.sort_by(f64::total_cmp);
    (percentile(values, 0.05), percentile(values, 0.95))
}

fn p6_poor_marker(_s: &Scenario, r: &CohortResults) -> Vec<Finding> {
    let mut serum: Vec<f64> = r
        .subjects
        .iter()
        .map(|x| baseline(x, Observable::SerumMg))
        .collect();
    let mut tissue: Vec<f64> = r
        .subjects
        .iter()
        .map(|x| baseline(x, Observable::TissueMg))
        .collect();
    let (serum_low, serum_high) = spread(&mut serum);
    let (tissue_low, tissue_high) = spread(&mut tissue);
    let serum_spread = serum_high / serum_low - 1.0;
    let tissue_spread = tissue_high / tissue_low - 1.0;
    vec![
        Finding {
            what: "baseline serum Mg, 5th to 95th percentile".into(),
            expected: "within 0.75 to 0.95 mmol/L".into(),
            value: percentile(&serum, 0.5),
            interval: Some((serum_low, serum_high)),
            unit: "mmol/L",
            pass: serum_low >= 0.75 && serum_high <= 0.95,
        },
        Finding {
            what: "relative spread (p95/p5 - 1) of tissue Mg over that of serum Mg".into(),
            expected: "> 2 (tissue varies far more)".into(),
            value: tissue_spread / serum_spread,
            interval: None,
            unit: "ratio",
            pass: tissue_spread > 2.0 * serum_spread,
        },
    ]
}

/// Mean of an observable over the subjects of an arm at sample `k`.
fn arm_mean(r: &CohortResults, arm: usize, k: usize, observable: Observable) -> f64 {
    let values: Vec<f64> = r
        .arm(arm)
        .map(|run| run.trajectory.rows[k][observable.index()])
        .collect();
    values.iter().sum::<f64>() / values.len() as f64
}

fn p7_dose_response(s: &Scenario, r: &CohortResults) -> Vec<Finding> {
    let stop = s
        .sample_days
        .iter()
        .position(|d| *d >= 182.0)
        .unwrap_or(s.sample_days.len() - 1);
    let doses = [
        ("none", 0.0),
        ("d1000", 1000.0),
        ("d2000", 2000.0),
        ("d4000", 4000.0),
        ("d10000", 10000.0),
    ];
    let levels: Vec<f64> = doses
        .iter()
        .map(|(name, _)| arm_mean(r, arm_index(s, name), stop, Observable::Ohd25))
        .collect();
    let rising = levels.windows(2).all(|w| w[1] > w[0]);
    let gains: Vec<f64> = levels
        .windows(2)
        .zip(doses.windows(2))
        .map(|(l, d)| (l[1] - l[0]) / (d[1].1 - d[0].1) * 1000.0)
        .collect();
    let diminishing = gains.windows(2).all(|w| w[1] < w[0]);
    // Washout of the 4,000 IU arm: days after stopping until its excess over no supplement halves.
    let high = arm_index(s, "d4000");
    let none = arm_index(s, "none");
    let excess = |k: usize| {
        arm_mean(r, high, k, Observable::Ohd25) - arm_mean(r, none, k, Observable::Ohd25)
    };
    let at_stop = excess(stop);
    let mut half_life = f64::NAN;
    for k in stop + 1..s.sample_days.len() {
        let (before, after) = (excess(k - 1), excess(k));
        if after <= at_stop / 2.0 {
            let fraction = (before - at_stop / 2.0) / (before - after);
            half_life = s.sample_days[k - 1] + fraction * (s.sample_days[k] - s.sample_days[k - 1])
                - s.sample_days[stop];
            break;
        }
    }
    vec![
        Finding {
            what: format!(
                "mean 25(OH)D at day {} for 0/1k/2k/4k/10k IU/day: {:.1}/{:.1}/{:.1}/{:.1}/{:.1}",
                s.sample_days[stop], levels[0], levels[1], levels[2], levels[3], levels[4]
            ),
            expected: "rising with dose".into(),
            value: levels[4] - levels[0],
            interval: None,
            unit: "ng/mL",
            pass: rising,
        },
        Finding {
            what: format!(
                "gain per 1,000 IU between doses: {}",
                gains
                    .iter()
                    .map(|g| format!("{g:.2}"))
                    .collect::<Vec<_>>()
                    .join(" > ")
            ),
            expected: "diminishing".into(),
            value: gains[gains.len() - 1] / gains[0],
            interval: None,
            unit: "ratio last/first",
            pass: diminishing,
        },
        Finding {
            what: "half-life of the 25(OH)D excess after stopping 4,000 IU/day".into(),
            expected: "weeks (14 to 120 days)".into(),
            value: half_life,
            interval: None,
            unit: "days",
            pass: (14.0..=120.0).contains(&half_life),
        },
    ]
}
