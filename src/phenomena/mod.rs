//! The phenomena suite: P1 to P7 of the model specification, each a virtual experiment on one of
//! the shipped teaching scenarios, judged on its direction and on the size a class must be able
//! to see (the acceptance figures in `docs/model.md`), plus S1: no input range gives backwards
//! physiology.
//!
//! Every finding is measured on the cohort the scenario describes (its seed and size can be
//! changed), with a seeded bootstrap interval where it is an effect. Nothing here tunes or
//! decides anything: the effects come from the gated equations, and the checks only read them.

use crate::cohort::{self, CohortError, CohortResults, Purpose, Subject, SubjectRun, stream};
use crate::model::{Intake, Model};
use crate::scenario::{self, Covariate, Scenario, ScenarioError, SetOption};
use crate::simulate::{Observable, SteadyStateError, Workspace, observe, steady_state};
use crate::trial::effects::mean_difference;
use crate::trial::percentile;
use crate::trial::replicates;

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
    /// `P1` … `P7`, or `S1`.
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
    /// A steady state could not be found.
    #[error("{0}")]
    SteadyState(#[from] SteadyStateError),
    /// The scenario's parameters give no model.
    #[error("{0}")]
    Model(#[from] crate::model::DerivationError),
}

/// Findings with the source they are judged against.
type SourcedFindings = (String, Vec<Finding>);

/// How a phenomenon is measured.
enum Experiment {
    /// A cohort simulated from one shipped scenario, then judged.
    Cohort {
        /// The scenario file as shipped.
        text: &'static str,
        /// Reads the findings off the simulated cohort.
        judge: fn(&Scenario, &CohortResults) -> Vec<Finding>,
    },
    /// Anything else (steady states, the baselines of every shipped cohort).
    Custom(fn(&Settings) -> Result<SourcedFindings, CheckError>),
}

/// What a check was asked to change: seed, cohort size and overrides.
#[derive(Clone, Copy)]
struct Settings<'a> {
    seed: Option<u64>,
    subjects: Option<usize>,
    overrides: &'a [SetOption],
}

/// One phenomenon: its scenario and how to judge it.
pub struct Phenomenon {
    /// `P1` … `P7`, or `S1`.
    pub id: &'static str,
    /// The phenomenon in a few words.
    pub title: &'static str,
    /// The scenario file it runs (as shipped in `scenarios/`), or what else it reads.
    pub scenario_file: &'static str,
    /// Subjects it is judged on by default (`None`: the scenario's own): large enough that the
    /// interval of every finding is decisive, so a pass does not depend on a lucky seed.
    pub default_subjects: Option<usize>,
    experiment: Experiment,
}

/// Subjects P1 is judged on: about 100 in the 40-50 ng/mL stratum (Dai's 180 give about 20,
/// too few for its interval to be decisive on every seed).
pub const P1_SUBJECTS: usize = 1000;

/// Every shipped scenario, by file name and text: S1 checks the baseline of each cohort.
pub const SHIPPED_SCENARIOS: [(&str, &str); 9] = [
    (
        "scenarios/bench_year.toml",
        include_str!("../../scenarios/bench_year.toml"),
    ),
    (
        "scenarios/calcitriol_mg_absorption.toml",
        include_str!("../../scenarios/calcitriol_mg_absorption.toml"),
    ),
    (
        "scenarios/cheung2022_combined.toml",
        include_str!("../../scenarios/cheung2022_combined.toml"),
    ),
    (
        "scenarios/dai2018_bidirectional.toml",
        include_str!("../../scenarios/dai2018_bidirectional.toml"),
    ),
    (
        "scenarios/dai2018_sweep.toml",
        include_str!("../../scenarios/dai2018_sweep.toml"),
    ),
    (
        "scenarios/dose_response_washout.toml",
        include_str!("../../scenarios/dose_response_washout.toml"),
    ),
    (
        "scenarios/mg_deficiency_non_responder.toml",
        include_str!("../../scenarios/mg_deficiency_non_responder.toml"),
    ),
    (
        "scenarios/serum_vs_tissue_mg.toml",
        include_str!("../../scenarios/serum_vs_tissue_mg.toml"),
    ),
    (
        "scenarios/vitamin_d_depletes_mg.toml",
        include_str!("../../scenarios/vitamin_d_depletes_mg.toml"),
    ),
];

/// The seven phenomena and the sanity check S1.
pub const PHENOMENA: [Phenomenon; 8] = [
    Phenomenon {
        id: "P1",
        title: "Mg raises low 25(OH)D and lowers high 25(OH)D",
        scenario_file: "scenarios/dai2018_bidirectional.toml",
        default_subjects: Some(P1_SUBJECTS),
        experiment: Experiment::Cohort {
            text: include_str!("../../scenarios/dai2018_bidirectional.toml"),
            judge: p1_bidirectional,
        },
    },
    Phenomenon {
        id: "P2",
        title: "High-dose vitamin D lowers serum and tissue Mg, most at low intake",
        scenario_file: "scenarios/vitamin_d_depletes_mg.toml",
        default_subjects: None,
        experiment: Experiment::Cohort {
            text: include_str!("../../scenarios/vitamin_d_depletes_mg.toml"),
            judge: p2_depletion,
        },
    },
    Phenomenon {
        id: "P3",
        title: "Mg deficiency blunts the response to vitamin D; Mg restores it",
        scenario_file: "scenarios/mg_deficiency_non_responder.toml",
        default_subjects: None,
        experiment: Experiment::Cohort {
            text: include_str!("../../scenarios/mg_deficiency_non_responder.toml"),
            judge: p3_non_responder,
        },
    },
    Phenomenon {
        id: "P4",
        title: "D + Mg raises 25(OH)D more than D alone at low baseline",
        scenario_file: "scenarios/cheung2022_combined.toml",
        default_subjects: None,
        experiment: Experiment::Cohort {
            text: include_str!("../../scenarios/cheung2022_combined.toml"),
            judge: p4_combined,
        },
    },
    Phenomenon {
        id: "P5",
        title: "Calcitriol raises fractional Mg absorption",
        scenario_file: "scenarios/calcitriol_mg_absorption.toml",
        default_subjects: None,
        experiment: Experiment::Cohort {
            text: include_str!("../../scenarios/calcitriol_mg_absorption.toml"),
            judge: p5_absorption,
        },
    },
    Phenomenon {
        id: "P6",
        title: "Serum Mg stays in range while tissue Mg varies widely",
        scenario_file: "scenarios/serum_vs_tissue_mg.toml",
        default_subjects: None,
        experiment: Experiment::Cohort {
            text: include_str!("../../scenarios/serum_vs_tissue_mg.toml"),
            judge: p6_poor_marker,
        },
    },
    Phenomenon {
        id: "P7",
        title: "25(OH)D rises with dose with diminishing increments; half-life of weeks",
        scenario_file: "scenarios/dose_response_washout.toml",
        default_subjects: None,
        experiment: Experiment::Cohort {
            text: include_str!("../../scenarios/dose_response_washout.toml"),
            judge: p7_dose_response,
        },
    },
    Phenomenon {
        id: "S1",
        title: "No backwards physiology: vitamin D deficiency never raises Mg",
        scenario_file: "scenarios/*.toml (steady states, and the baseline of every shipped cohort)",
        default_subjects: None,
        experiment: Experiment::Custom(s1_no_backwards_physiology),
    },
];

impl Phenomenon {
    /// The scenario with an optional seed and cohort size, and further overrides (`--set`
    /// options, applied last). For S1, which reads every shipped scenario, the first of them.
    pub fn scenario(
        &self,
        seed: Option<u64>,
        subjects: Option<usize>,
        overrides: &[SetOption],
    ) -> Result<Scenario, ScenarioError> {
        let settings = Settings {
            seed,
            subjects,
            overrides,
        };
        match self.experiment {
            Experiment::Cohort { text, .. } => parse(text, self.scenario_file, &settings),
            Experiment::Custom(_) => {
                let (file, text) = SHIPPED_SCENARIOS[0];
                parse(text, file, &settings)
            }
        }
    }

    /// Runs the experiment and judges it (on the current rayon pool), after applying `overrides`
    /// (e.g. `parameters.k_24a1=1.5`) to its scenario.
    pub fn check(
        &self,
        seed: Option<u64>,
        subjects: Option<usize>,
        overrides: &[SetOption],
    ) -> Result<Report, CheckError> {
        let settings = Settings {
            seed,
            subjects: subjects.or(self.default_subjects),
            overrides,
        };
        let (source, findings) = match self.experiment {
            Experiment::Cohort { text, judge } => {
                let scenario = parse(text, self.scenario_file, &settings)?;
                let results = cohort::simulate(&scenario, &|| {})?;
                (
                    scenario.reference.clone().unwrap_or_default(),
                    judge(&scenario, &results),
                )
            }
            Experiment::Custom(run) => run(&settings)?,
        };
        Ok(Report {
            id: self.id,
            title: self.title,
            source,
            findings,
        })
    }
}

/// Replicate trials per phenomenon that `mgate check` runs by default to print power.
pub const DEFAULT_POWER_TRIALS: usize = 200;

impl Phenomenon {
    /// How often a trial of the published size sees the phenomenon: `trials` replicate trials
    /// of the shipped scenario at its own size, in parallel groups, on new people each time, as
    /// lines of text. `None` for the phenomena that are not trials (all but P1 and P4).
    pub fn power(
        &self,
        seed: Option<u64>,
        trials: usize,
        overrides: &[SetOption],
    ) -> Result<Option<Vec<String>>, CheckError> {
        if !matches!(self.id, "P1" | "P4") || trials == 0 {
            return Ok(None);
        }
        let mut scenario = self.scenario(seed, None, overrides)?;
        let published = scenario.population.subjects;
        let arms = scenario.arms.len();
        scenario.replicates = Some(scenario::Replicates {
            trials,
            subjects: published,
            design: scenario::Design::Parallel {
                block_size: 2 * arms,
                stratify: None,
            },
        });
        scenario.analysis.endpoints = vec![Observable::Ohd25];
        let header = format!(
            "power: {trials} trials of {published} subjects in parallel groups (the published size), new people each time"
        );
        let share = |count: usize| 100.0 * count as f64 / trials as f64;
        let lines = if self.id == "P1" {
            scenario.analysis.strata = Some(scenario::Stratification {
                by: scenario::StratifyBy::Observable(Observable::Ohd25),
                edges: vec![30.0, 40.0, 50.0],
            });
            let estimates = replicates::run(&scenario, trials, &|| {})?;
            let of = |stratum: &str| -> Vec<&replicates::TrialEstimate> {
                estimates.iter().filter(|e| e.stratum == stratum).collect()
            };
            let (low, high) = (of("<30"), of("40-50"));
            let pairs = || low.iter().zip(&high);
            vec![
                header,
                format!(
                    "Mg - placebo below 30 ng/mL: interval above 0 in {:.0}% of trials; 40-50 ng/mL: interval below 0 in {:.0}%",
                    share(low.iter().filter(|e| e.ci_low > 0.0).count()),
                    share(high.iter().filter(|e| e.ci_high < 0.0).count())
                ),
                format!(
                    "both signs seen (estimate > 0 below 30 and < 0 at 40-50) in {:.0}% of trials; both significant in {:.0}%",
                    share(
                        pairs()
                            .filter(|(l, h)| l.effect > 0.0 && h.effect < 0.0)
                            .count()
                    ),
                    share(
                        pairs()
                            .filter(|(l, h)| l.ci_low > 0.0 && h.ci_high < 0.0)
                            .count()
                    )
                ),
            ]
        } else {
            scenario.analysis.strata = None;
            scenario.analysis.reference_arm = arm_index(&scenario, "vitd");
            let combined = arm_index(&scenario, "mag_vitd");
            let estimates = replicates::run(&scenario, trials, &|| {})?;
            let extra: Vec<_> = estimates.iter().filter(|e| e.arm == combined).collect();
            vec![
                header,
                format!(
                    "D+Mg - D: estimate > 0 in {:.0}% of trials, interval above 0 in {:.0}%",
                    share(extra.iter().filter(|e| e.effect > 0.0).count()),
                    share(extra.iter().filter(|e| e.ci_low > 0.0).count())
                ),
            ]
        };
        Ok(Some(lines))
    }
}

/// A shipped scenario with the seed, size and overrides of a check.
fn parse(text: &str, file: &str, settings: &Settings) -> Result<Scenario, ScenarioError> {
    // The check's overrides come last, after --seed and --subjects.
    let mut set = scenario::overrides::with_seed_and_subjects(
        &[],
        settings.seed,
        settings.subjects.map(|n| n as u64),
    );
    set.extend_from_slice(settings.overrides);
    scenario::parse(text, file, &set)
}

fn arm_index(scenario: &Scenario, name: &str) -> usize {
    scenario
        .arms
        .iter()
        .position(|a| a.name == name)
        .unwrap_or(0)
}

/// Index of the first sample at or after `day` (the last sample if there is none).
fn sample_at(scenario: &Scenario, day: f64) -> usize {
    scenario
        .sample_days
        .iter()
        .position(|d| *d >= day)
        .unwrap_or(scenario.sample_days.len() - 1)
}

fn change(run: &SubjectRun, observable: Observable) -> f64 {
    let rows = &run.trajectory.rows;
    rows[rows.len() - 1][observable.index()] - rows[0][observable.index()]
}

/// Change of `observable` between samples `from` and `to`.
fn change_between(run: &SubjectRun, observable: Observable, (from, to): (usize, usize)) -> f64 {
    let rows = &run.trajectory.rows;
    rows[to][observable.index()] - rows[from][observable.index()]
}

/// Paired (counterfactual) effect of `arm` against `reference` on a per-run quantity `value`,
/// among subjects passing `keep`, with a seeded bootstrap interval: (effect, interval, n).
fn paired_effect_of(
    scenario: &Scenario,
    results: &CohortResults,
    (arm, reference): (usize, usize),
    value: impl Fn(&SubjectRun) -> f64,
    keep: impl Fn(&Subject) -> bool,
) -> (f64, (f64, f64), usize) {
    let mut treated = Vec::new();
    let mut control = Vec::new();
    let arms = scenario.arms.len();
    for runs in results.runs.chunks_exact(arms) {
        if keep(results.subject(&runs[0])) {
            treated.push(value(&runs[arm]));
            control.push(value(&runs[reference]));
        }
    }
    let mut rng = stream(scenario.seed, Purpose::Bootstrap, 1_000_000 + arm as u64);
    let (effect, low, high) = mean_difference(&treated, &control, true, 1000, 0.95, &mut rng);
    (effect, (low, high), treated.len())
}

/// Paired effect of `arm` against `reference` on the change of `observable` over the run.
fn paired_effect(
    scenario: &Scenario,
    results: &CohortResults,
    arms: (usize, usize),
    observable: Observable,
    keep: impl Fn(&Subject) -> bool,
) -> (f64, (f64, f64), usize) {
    paired_effect_of(scenario, results, arms, |run| change(run, observable), keep)
}

/// The side of zero an effect is expected on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    /// Above zero.
    Positive,
    /// Below zero.
    Negative,
}

/// A finding on an estimate with an interval: it holds when the value meets `pass` (the size a
/// class must see) **and** the interval excludes zero on the expected side (the cohort is large
/// enough to tell).
fn finding(
    what: String,
    expected: &str,
    (value, interval, n): (f64, (f64, f64), usize),
    (unit, side): (&'static str, Side),
    pass: impl Fn(f64) -> bool,
) -> Finding {
    let decisive = match side {
        Side::Positive => interval.0 > 0.0,
        Side::Negative => interval.1 < 0.0,
    };
    let zero = match side {
        Side::Positive => "interval above 0",
        Side::Negative => "interval below 0",
    };
    Finding {
        what: format!("{what} (n = {n})"),
        expected: format!("{expected}, {zero}"),
        value,
        interval: Some(interval),
        unit,
        pass: n > 0 && pass(value) && decisive,
    }
}

fn baseline(subject: &Subject, observable: Observable) -> f64 {
    subject.baseline[observable.index()]
}

/// Where a per-subject effect changes sign along baseline 25(OH)D: the mean effect in bins
/// 5 ng/mL wide, and the first fall from positive to negative, interpolated between bin centres.
fn sign_flip(baselines: &[f64], effects: &[f64]) -> f64 {
    let width = 5.0;
    let bins: Vec<(f64, f64)> = (0..20)
        .filter_map(|k| {
            let low = k as f64 * width;
            let inside: Vec<f64> = baselines
                .iter()
                .zip(effects)
                .filter(|(b, _)| (low..low + width).contains(*b))
                .map(|(_, e)| *e)
                .collect();
            (inside.len() >= 3).then(|| {
                (
                    low + width / 2.0,
                    inside.iter().sum::<f64>() / inside.len() as f64,
                )
            })
        })
        .collect();
    bins.windows(2)
        .find(|w| w[0].1 > 0.0 && w[1].1 <= 0.0)
        .map_or(f64::NAN, |w| {
            let ((x0, y0), (x1, y1)) = (w[0], w[1]);
            x0 + (x1 - x0) * y0 / (y0 - y1)
        })
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
    let n_arms = s.arms.len();
    let (baselines, effects): (Vec<f64>, Vec<f64>) = r
        .runs
        .chunks_exact(n_arms)
        .map(|runs| {
            (
                ohd25(r.subject(&runs[0])),
                change(&runs[arms.0], Observable::Ohd25) - change(&runs[arms.1], Observable::Ohd25),
            )
        })
        .unzip();
    let flip = sign_flip(&baselines, &effects);
    vec![
        finding(
            "25(OH)D change, Mg - placebo, baseline < 30 ng/mL".into(),
            ">= +1.0 (aim +2)",
            low,
            ("ng/mL", Side::Positive),
            |v| v >= 1.0,
        ),
        finding(
            "25(OH)D change, Mg - placebo, baseline 40-50 ng/mL".into(),
            "<= -1.0 (aim -2)",
            high,
            ("ng/mL", Side::Negative),
            |v| v <= -1.0,
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
        Finding {
            what: "baseline 25(OH)D where Mg - placebo changes sign (means in 5 ng/mL bins)".into(),
            expected: "between 25 and 40 ng/mL".into(),
            value: flip,
            interval: None,
            unit: "ng/mL",
            pass: (25.0..=40.0).contains(&flip),
        },
    ]
}

fn p2_depletion(s: &Scenario, r: &CohortResults) -> Vec<Finding> {
    let arms = (arm_index(s, "vitd_50000_weekly"), arm_index(s, "control"));
    let intake = |x: &Subject| x.covariates.get(Covariate::MgIntake);
    let ohd25 = |x: &Subject| baseline(x, Observable::Ohd25);
    // Each subject's change in serum Mg in % of their own baseline.
    let percent = |run: &SubjectRun| {
        let rows = &run.trajectory.rows;
        let start = rows[0][Observable::SerumMg.index()];
        100.0 * change(run, Observable::SerumMg) / start
    };
    let severe_low = paired_effect_of(s, r, arms, percent, |x| {
        ohd25(x) < 12.0 && intake(x) < 200.0
    });
    let high_intake = paired_effect_of(s, r, arms, percent, |x| intake(x) >= 350.0);
    let tissue_all = paired_effect(s, r, arms, Observable::TissueMg, |_| true);
    let largest_fall = r
        .arm(arms.0)
        .map(|run| -percent(run))
        .fold(f64::NEG_INFINITY, f64::max);
    vec![
        finding(
            "serum Mg change, D - control, baseline 25(OH)D < 12 ng/mL and Mg intake < 200 mg/day, in % of baseline".into(),
            "<= -4 % (Mazokopakis 2018: up to -9.5 %)",
            severe_low,
            ("%", Side::Negative),
            |v| v <= -4.0,
        ),
        finding(
            "serum Mg change, D - control, Mg intake >= 350 mg/day, in % of baseline".into(),
            "< 0 and a smaller fall than at low intake and severe deficiency",
            high_intake,
            ("%", Side::Negative),
            |v| v < 0.0 && v > severe_low.0,
        ),
        Finding {
            what: format!(
                "largest fall of serum Mg in any subject under vitamin D, in % of baseline (n = {})",
                r.subjects.len()
            ),
            expected: "<= 12 %".into(),
            value: largest_fall,
            interval: None,
            unit: "%",
            pass: largest_fall <= 12.0,
        },
        finding(
            "tissue Mg change, D - control, all".into(),
            "< 0",
            tissue_all,
            ("mmol", Side::Negative),
            |v| v < 0.0,
        ),
    ]
}

/// Day on which the P3 scenario's depleted subjects start vitamin D, after six months on a
/// magnesium-poor diet and eight weeks in which some of them are repleted.
const P3_VITAMIN_D_START_DAY: f64 = 238.0;
/// Day on which the P3 scenario's magnesium-poor diet has lasted six months.
const P3_DEPLETED_DAY: f64 = 182.0;

fn p3_non_responder(s: &Scenario, r: &CohortResults) -> Vec<Finding> {
    let window = (
        sample_at(s, P3_VITAMIN_D_START_DAY),
        s.sample_days.len() - 1,
    );
    let depleted_at = sample_at(s, P3_DEPLETED_DAY);
    let all = |_: &Subject| true;
    // Response of `condition` to vitamin D: change over the vitamin D window, D arm - no-D arm.
    let response = |condition: &str, observable: Observable| {
        let arms = (
            arm_index(s, &format!("{condition}_vitd")),
            arm_index(s, condition),
        );
        paired_effect_of(
            s,
            r,
            arms,
            |run| change_between(run, observable, window),
            all,
        )
    };
    let serum_depleted: Vec<f64> = r
        .arm(arm_index(s, "depleted"))
        .map(|run| run.trajectory.rows[depleted_at][Observable::SerumMg.index()])
        .collect();
    let serum_mean = serum_depleted.iter().sum::<f64>() / serum_depleted.len().max(1) as f64;
    let mut findings = vec![Finding {
        what: format!(
            "mean serum Mg after {} days on 80 mg/day Mg (n = {})",
            s.sample_days[depleted_at],
            serum_depleted.len()
        ),
        expected: "< 0.65 mmol/L (hypomagnesaemia)".into(),
        value: serum_mean,
        interval: None,
        unit: "mmol/L",
        pass: !serum_depleted.is_empty() && serum_mean < 0.65,
    }];
    for (observable, name) in [
        (Observable::Ohd25, "25(OH)D"),
        (Observable::Calcitriol, "calcitriol"),
    ] {
        let replete = response("replete", observable);
        let depleted = response("depleted", observable);
        let repleted = response("repleted", observable);
        findings.push(finding(
            format!("{name} response to vitamin D, Mg-replete"),
            "> 0",
            replete,
            (observable.unit(), Side::Positive),
            |v| v > 0.0,
        ));
        let blunted = depleted.0 / replete.0;
        findings.push(Finding {
            what: format!(
                "{name} response when Mg-depleted, as a share of the Mg-replete response"
            ),
            expected: "<= 0.50 (blunted)".into(),
            value: blunted,
            interval: None,
            unit: "ratio",
            pass: replete.0 > 0.0 && blunted <= 0.5,
        });
        let restored = repleted.0 / replete.0;
        findings.push(Finding {
            what: format!(
                "{name} response after Mg repletion, as a share of the Mg-replete response"
            ),
            expected: ">= 0.85 (restored)".into(),
            value: restored,
            interval: None,
            unit: "ratio",
            pass: replete.0 > 0.0 && restored >= 0.85,
        });
    }
    findings
}

fn p4_combined(s: &Scenario, r: &CohortResults) -> Vec<Finding> {
    let placebo = arm_index(s, "placebo");
    let vitd = arm_index(s, "vitd");
    let combined = arm_index(s, "mag_vitd");
    let all = |_: &Subject| true;
    let d_alone = paired_effect(s, r, (vitd, placebo), Observable::Ohd25, all);
    let extra = paired_effect(s, r, (combined, vitd), Observable::Ohd25, all);
    let combined_change = mean_change_with_interval(s, r, combined, Observable::Ohd25);
    vec![
        finding(
            "25(OH)D change, D - placebo".into(),
            "> 0",
            d_alone,
            ("ng/mL", Side::Positive),
            |v| v > 0.0,
        ),
        finding(
            "25(OH)D change in the D+Mg arm".into(),
            "4 to 9 ng/mL (Cheung 2022: +6.3 +/- 8.4)",
            combined_change,
            ("ng/mL", Side::Positive),
            |v| (4.0..=9.0).contains(&v),
        ),
        finding(
            "25(OH)D change, D+Mg - D".into(),
            ">= +1.0",
            extra,
            ("ng/mL", Side::Positive),
            |v| v >= 1.0,
        ),
    ]
}

/// Mean change of `observable` in one arm, with a seeded bootstrap interval: (mean, interval, n).
fn mean_change_with_interval(
    s: &Scenario,
    r: &CohortResults,
    arm: usize,
    observable: Observable,
) -> (f64, (f64, f64), usize) {
    let changes: Vec<f64> = r.arm(arm).map(|run| change(run, observable)).collect();
    let zeros = vec![0.0; changes.len()];
    let mut rng = stream(s.seed, Purpose::Bootstrap, 2_000_000 + arm as u64);
    let (mean, low, high) = mean_difference(&changes, &zeros, true, 1000, 0.95, &mut rng);
    (mean, (low, high), changes.len())
}

fn p5_absorption(s: &Scenario, r: &CohortResults) -> Vec<Finding> {
    let arms = (arm_index(s, "vitd"), arm_index(s, "control"));
    let all = |_: &Subject| true;
    vec![
        finding(
            "calcitriol change, D - control".into(),
            "> 0",
            paired_effect(s, r, arms, Observable::Calcitriol, all),
            ("pg/mL", Side::Positive),
            |v| v > 0.0,
        ),
        finding(
            "fractional Mg absorption change, D - control".into(),
            ">= +0.03",
            paired_effect(s, r, arms, Observable::MgAbsorbedFraction, all),
            ("fraction", Side::Positive),
            |v| v >= 0.03,
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
    let stop = sample_at(s, 182.0);
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
            expected: "weeks: 15 to 40 days, with margin from both ends (aim 20 to 30)".into(),
            value: half_life,
            interval: None,
            unit: "days",
            pass: (17.0..=35.0).contains(&half_life),
        },
    ]
}

/// Vitamin D inputs (IU/day) of the S1 steady-state ladder.
const S1_VITAMIN_D_INPUTS: [f64; 10] = [
    0.0, 100.0, 200.0, 400.0, 700.0, 1000.0, 2000.0, 4000.0, 7000.0, 10000.0,
];
/// Smallest cohort on which S1 measures the correlation of baseline 25(OH)D with serum Mg.
const S1_CORRELATION_SUBJECTS: usize = 1000;
/// Vitamin D inputs (IU/day) at which S1 compares a poor Mg intake with the reference intake.
const S1_COLLAPSE_VITAMIN_D_INPUTS: [f64; 4] = [200.0, 400.0, 1000.0, 2500.0];
/// A poor but common Mg intake, mg/day (about the 5th percentile of adult intakes).
const S1_LOW_MG_INTAKE: f64 = 150.0;
/// Normal Mg intakes (mg/day) of the S1 ladder: the range of the adult RDA, and the reference.
const S1_MG_INTAKES: [f64; 3] = [310.0, 320.0, 420.0];

fn s1_no_backwards_physiology(settings: &Settings) -> Result<SourcedFindings, CheckError> {
    // The parameters (with any overrides) of the first shipped scenario; no shipped scenario
    // changes a model parameter.
    let (file, text) = SHIPPED_SCENARIOS[0];
    let scenario = parse(text, file, settings)?;
    let model = Model::new(scenario.parameters)?;
    let p = &model.parameters;
    let mut workspace = Workspace::new(scenario.solver);
    let (mut serum_low, mut serum_high) = (f64::INFINITY, f64::NEG_INFINITY);
    let (mut tissue_low, mut tissue_high) = (f64::INFINITY, f64::NEG_INFINITY);
    let (mut bone_low, mut bone_high) = (f64::INFINITY, f64::NEG_INFINITY);
    let mut slowest_decay = f64::NEG_INFINITY;
    for magnesium_mg_per_day in S1_MG_INTAKES {
        for vitamin_d_iu_per_day in S1_VITAMIN_D_INPUTS {
            let intake = Intake {
                vitamin_d_iu_per_day,
                magnesium_mg_per_day,
            };
            let start = steady_state(&model, &intake, &mut workspace)?;
            let row = observe(&model, &intake, &start.state);
            let serum = row[Observable::SerumMg.index()];
            let tissue = 100.0 * (row[Observable::TissueMg.index()] / p.mg_tissue_ref - 1.0);
            (serum_low, serum_high) = (serum_low.min(serum), serum_high.max(serum));
            (tissue_low, tissue_high) = (tissue_low.min(tissue), tissue_high.max(tissue));
            slowest_decay = slowest_decay.max(largest_growth_rate(&model, &intake, &start.state));
            let bone = 100.0 * (row[Observable::BoneMg.index()] / p.mg_bone_ref - 1.0);
            (bone_low, bone_high) = (bone_low.min(bone), bone_high.max(bone));
        }
    }
    // No collapse: low Mg intake lowers vitamin D status, but the loop from Mg through the gates,
    // 25(OH)D and calcitriol back to Mg absorption must not run away.
    let mut least_ratio = f64::INFINITY;
    for vitamin_d_iu_per_day in S1_COLLAPSE_VITAMIN_D_INPUTS {
        let mut ohd25_at = |magnesium_mg_per_day| -> Result<f64, CheckError> {
            let intake = Intake {
                vitamin_d_iu_per_day,
                magnesium_mg_per_day,
            };
            let start = steady_state(&model, &intake, &mut workspace)?;
            Ok(observe(&model, &intake, &start.state)[Observable::Ohd25.index()])
        };
        let ratio = ohd25_at(S1_LOW_MG_INTAKE)? / ohd25_at(p.mg_intake_ref)?;
        least_ratio = least_ratio.min(ratio);
    }
    // The correlation is a property of the population each cohort is drawn from: it is measured
    // on at least S1_CORRELATION_SUBJECTS subjects (enrolment only), so that a small default
    // cohort (30 subjects in a sweep) does not decide it by chance.
    let mut correlations = Vec::new();
    for (file, text) in SHIPPED_SCENARIOS {
        let size = parse(text, file, settings)?.population.subjects;
        let larger = Settings {
            subjects: Some(size.max(S1_CORRELATION_SUBJECTS)),
            ..*settings
        };
        let scenario = parse(text, file, &larger)?;
        let subjects = cohort::enrol_only(&scenario)?;
        let (ohd25, serum): (Vec<f64>, Vec<f64>) = subjects
            .iter()
            .map(|x| {
                (
                    baseline(x, Observable::Ohd25),
                    baseline(x, Observable::SerumMg),
                )
            })
            .unzip();
        correlations.push((scenario.name, pearson(&ohd25, &serum)));
    }
    let lowest = correlations
        .iter()
        .map(|(_, r)| *r)
        .fold(f64::INFINITY, f64::min);
    let ladder = format!(
        "vitamin D input {} to {} IU/day at Mg intake {} to {} mg/day",
        S1_VITAMIN_D_INPUTS[0],
        S1_VITAMIN_D_INPUTS[S1_VITAMIN_D_INPUTS.len() - 1],
        S1_MG_INTAKES[0],
        S1_MG_INTAKES[S1_MG_INTAKES.len() - 1]
    );
    let findings = vec![
        Finding {
            what: format!("steady-state serum Mg, lowest and highest, {ladder}"),
            expected: "within 0.70 to 0.98 mmol/L".into(),
            value: serum_low,
            interval: Some((serum_low, serum_high)),
            unit: "mmol/L",
            pass: serum_low >= 0.70 && serum_high <= 0.98,
        },
        Finding {
            what: format!(
                "steady-state tissue Mg against its reference, lowest and highest, {ladder}"
            ),
            expected: "within -30 % to +30 %".into(),
            value: tissue_low,
            interval: Some((tissue_low, tissue_high)),
            unit: "%",
            pass: tissue_low >= -30.0 && tissue_high <= 30.0,
        },
        Finding {
            what: format!(
                "largest real part of the Jacobian's eigenvalues at those steady states, {ladder}"
            ),
            expected: "< 0 (every steady state is stable: a subject left alone stays there)".into(),
            value: slowest_decay,
            interval: None,
            unit: "1/day",
            pass: slowest_decay < 0.0,
        },
        Finding {
            what: format!(
                "steady-state bone Mg against its reference, lowest and highest, {ladder}"
            ),
            expected: "within -50 % to +100 % (undermineralised, never emptied)".into(),
            value: bone_low,
            interval: Some((bone_low, bone_high)),
            unit: "%",
            pass: bone_low >= -50.0 && bone_high <= 100.0,
        },
        Finding {
            what: format!(
                "steady-state 25(OH)D at {S1_LOW_MG_INTAKE} mg/day Mg as a share of that at {} mg/day, lowest at vitamin D input {} to {} IU/day",
                p.mg_intake_ref,
                S1_COLLAPSE_VITAMIN_D_INPUTS[0],
                S1_COLLAPSE_VITAMIN_D_INPUTS[S1_COLLAPSE_VITAMIN_D_INPUTS.len() - 1]
            ),
            expected: ">= 0.5 (lower status on a poor diet, no collapse)".into(),
            value: least_ratio,
            interval: None,
            unit: "ratio",
            pass: least_ratio >= 0.5,
        },
        Finding {
            what: format!(
                "correlation of baseline 25(OH)D with serum Mg, lowest over the shipped cohorts (at least {S1_CORRELATION_SUBJECTS} subjects each: {})",
                correlations
                    .iter()
                    .map(|(name, r)| format!("{name} {r:+.2}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            expected: ">= 0 (surveys: positive)".into(),
            value: lowest,
            interval: None,
            unit: "r",
            pass: lowest >= 0.0,
        },
    ];
    Ok((
        "steady states of the model; nutrition surveys (positive association of vitamin D status with Mg)".into(),
        findings,
    ))
}

/// Largest real part of the eigenvalues of the right-hand side's Jacobian at `state` (central
/// differences), 1/day: negative when the steady state is stable.
fn largest_growth_rate(model: &Model, intake: &Intake, state: &crate::model::State) -> f64 {
    use crate::model::{N_STATES, State};
    let y0 = state.to_vector();
    let rates = |y: &nalgebra::SVector<f64, N_STATES>| {
        model
            .derivatives(intake, &State::from_slice(y.as_slice()))
            .0
            .to_vector()
    };
    let mut jacobian = nalgebra::SMatrix::<f64, N_STATES, N_STATES>::zeros();
    for k in 0..N_STATES {
        let step = 1e-6 * y0[k].abs().max(1e-3);
        let (mut up, mut down) = (y0, y0);
        up[k] += step;
        down[k] -= step;
        jacobian.set_column(k, &((rates(&up) - rates(&down)) / (2.0 * step)));
    }
    jacobian
        .complex_eigenvalues()
        .iter()
        .map(|c| c.re)
        .fold(f64::NEG_INFINITY, f64::max)
}

/// Pearson correlation of two equally long series (NaN when either has no spread).
fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len().min(y.len()) as f64;
    let mean_x = x.iter().sum::<f64>() / n;
    let mean_y = y.iter().sum::<f64>() / n;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mean_x) * (b - mean_y);
        sxx += (a - mean_x) * (a - mean_x);
        syy += (b - mean_y) * (b - mean_y);
    }
    sxy / (sxx * syy).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_scenario_is_listed() {
        let mut on_disk: Vec<String> =
            std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios"))
                .unwrap()
                .map(|entry| format!("scenarios/{}", entry.unwrap().file_name().to_string_lossy()))
                .filter(|name| name.ends_with(".toml"))
                .collect();
        on_disk.sort();
        let listed: Vec<String> = SHIPPED_SCENARIOS
            .iter()
            .map(|(name, _)| name.to_string())
            .collect();
        assert_eq!(on_disk, listed);
        for (name, text) in SHIPPED_SCENARIOS {
            let on_disk = std::fs::read_to_string(
                concat!(env!("CARGO_MANIFEST_DIR"), "/").to_string() + name,
            )
            .unwrap();
            assert_eq!(on_disk, text, "{name}");
        }
    }

    #[test]
    fn the_sign_flip_is_interpolated_between_bin_centres() {
        // Effects +2 in the bin 20-25 (centre 22.5) and -2 in 25-30 (centre 27.5): flip at 25.
        let baselines = [21.0, 22.0, 23.0, 26.0, 27.0, 28.0];
        let effects = [2.0, 2.0, 2.0, -2.0, -2.0, -2.0];
        assert!((sign_flip(&baselines, &effects) - 25.0).abs() < 1e-12);
        // No negative bin: no flip.
        assert!(sign_flip(&baselines[..3], &effects[..3]).is_nan());
    }

    #[test]
    fn pearson_of_a_line_is_one_and_of_its_mirror_minus_one() {
        let x = [1.0, 2.0, 3.0, 4.0];
        assert!((pearson(&x, &[2.0, 4.0, 6.0, 8.0]) - 1.0).abs() < 1e-12);
        assert!((pearson(&x, &[8.0, 6.0, 4.0, 2.0]) + 1.0).abs() < 1e-12);
    }
}
