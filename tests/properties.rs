//! Property tests of the model and simulator: for random valid regimens, parameters and background
//! intakes, states stay physical, magnesium and vitamin D are conserved, a subject at its steady
//! state stays there, and identical inputs give identical results.
//!
//! Parameters are drawn around their defaults (a handful scaled by 0.5 to 2, clamped to their
//! documented ranges), where the model has a steady state; regimens cover the whole valid range of
//! doses and every schedule kind.
//!
//! The cases are drawn from a fixed seed, so that the suite is deterministic. To explore other
//! cases, set `PROPTEST_RNG_SEED` (and `PROPTEST_CASES`), e.g.
//! `PROPTEST_RNG_SEED=7 PROPTEST_CASES=5000 cargo test --release --test properties`.
//! About 1 case in 1,500 hits one of the two known failures at the end of this file.

use mgate::model::{Intake, MG_PER_MMOL, Model, PARAMETER_TABLE, Parameters};
use mgate::simulate::{
    Dose, IntakeSchedule, MagnesiumForm, Observable, Regimen, RunPlan, Schedule, SolverSettings,
    Trajectory, VitaminDForm, Workspace, steady_state,
};
use proptest::prelude::*;
use proptest::test_runner::RngSeed;

/// Seed of the case generator unless `PROPTEST_RNG_SEED` is set.
const SEED: u64 = 1;

/// `cases` cases from [`SEED`], unless the environment asks for others.
fn config(cases: u32) -> ProptestConfig {
    let mut config = ProptestConfig {
        // Failures are kept as named regression tests below, not in files written by test runs
        // (which would change what later runs and CI execute).
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = cases;
    }
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        config.rng_seed = RngSeed::Fixed(SEED);
    }
    config
}

/// Parameters scaled around their defaults by the property tests: absorption, hydroxylation,
/// catabolism, clearance, gates and magnesium exchange.
const VARIED: [&str; 14] = [
    "vmax_25",
    "k_d3_loss",
    "k_24",
    "emax_24",
    "k_cal",
    "k_2r1",
    "k_27b1",
    "k_24a1",
    "k_para",
    "vmax_tr",
    "k_tis",
    "k_bone",
    "a_urine",
    "a_bone",
];

/// A parameter set with each of [`VARIED`] multiplied by its factor and clamped to its range.
fn scaled_parameters(factors: &[f64]) -> Parameters {
    let mut parameters = Parameters::default();
    for (name, factor) in VARIED.iter().zip(factors) {
        let info = PARAMETER_TABLE
            .iter()
            .find(|info| info.name == *name)
            .unwrap_or_else(|| panic!("no parameter {name}"));
        info.set(
            &mut parameters,
            (info.default * factor).clamp(info.min, info.max),
        );
    }
    parameters
}

fn factors() -> impl Strategy<Value = Vec<f64>> {
    // Log-uniform between 0.5 and 2.
    prop::collection::vec((-1.0f64..=1.0).prop_map(f64::exp2), VARIED.len())
}

fn intake() -> impl Strategy<Value = Intake> {
    (100.0f64..=10_000.0, 60.0f64..=800.0).prop_map(
        |(vitamin_d_iu_per_day, magnesium_mg_per_day)| Intake {
            vitamin_d_iu_per_day,
            magnesium_mg_per_day,
        },
    )
}

/// Amounts spread over the whole valid range, with small everyday amounts as likely as large ones.
fn amount(max: f64) -> impl Strategy<Value = f64> {
    prop_oneof![Just(0.0), 0.0..=max / 100.0, 0.0..=max]
}

fn dose() -> impl Strategy<Value = Dose> {
    let vitamin_d = (
        amount(600_000.0),
        prop_oneof![Just(VitaminDForm::D3), Just(VitaminDForm::D2)],
    )
        .prop_map(|(iu, form)| Dose::VitaminD { iu, form });
    let magnesium = (
        amount(2000.0),
        prop::sample::select(MagnesiumForm::ALL.to_vec()),
    )
        .prop_map(|(mg, form)| Dose::Magnesium { mg, form });
    prop_oneof![vitamin_d, magnesium]
}

/// A schedule inside `0..=duration`: once, daily, weekly, every N days or listed days, with a
/// start/stop window.
fn schedule(duration: f64) -> impl Strategy<Value = Schedule> {
    let window = (0.0..duration, 0.0f64..=1.0).prop_map(move |(start, fraction)| {
        // stop lies after start, up to the duration.
        (start, start + (duration - start) * fraction.max(1e-3))
    });
    prop_oneof![
        (0.0..=duration).prop_map(|day| Schedule::Once { day }),
        window
            .clone()
            .prop_map(|(start, stop)| Schedule::daily(start, stop)),
        window
            .clone()
            .prop_map(|(start, stop)| Schedule::weekly(start, stop)),
        (0.01f64..=30.0, window).prop_map(|(interval_days, (start_day, stop_day))| {
            Schedule::Every {
                interval_days,
                start_day,
                stop_day,
            }
        }),
        prop::collection::vec(0.0..=duration, 1..6).prop_map(|days| Schedule::OnDays { days }),
    ]
}

/// One subject's run: parameters, intakes, regimens and sampling.
#[derive(Debug, Clone)]
struct Case {
    factors: Vec<f64>,
    intakes: IntakeSchedule,
    regimens: Vec<Regimen>,
    duration: f64,
    sample_days: Vec<f64>,
}

fn case() -> impl Strategy<Value = Case> {
    (1u32..=120, 1u32..=14).prop_flat_map(|(duration, sample_step)| {
        let duration = f64::from(duration);
        let regimen =
            (dose(), schedule(duration)).prop_map(|(dose, schedule)| Regimen { dose, schedule });
        let change = prop::option::of((0.0..=duration, intake()));
        (
            factors(),
            intake(),
            change,
            prop::collection::vec(regimen, 0..4),
        )
            .prop_map(move |(factors, initial, change, regimens)| {
                let mut sample_days: Vec<f64> = (0..)
                    .map(|i| f64::from(i * sample_step))
                    .take_while(|day| *day < duration)
                    .collect();
                sample_days.push(duration);
                Case {
                    factors,
                    intakes: IntakeSchedule {
                        initial,
                        changes: change.into_iter().collect(),
                    },
                    regimens,
                    duration,
                    sample_days,
                }
            })
    })
}

impl Case {
    fn model(&self) -> Model {
        let parameters = scaled_parameters(&self.factors);
        Model::new(parameters)
            .unwrap_or_else(|e| panic!("no model for parameters {parameters:?}: {e}"))
    }

    /// Steady state under the initial intake, then the regimen, in a fresh workspace.
    fn run(&self) -> (mgate::model::State, Trajectory) {
        let model = self.model();
        let mut workspace = Workspace::new(SolverSettings::default());
        let start = steady_state(&model, &self.intakes.initial, &mut workspace)
            .unwrap_or_else(|e| panic!("no steady state: {e}"))
            .state;
        let plan = RunPlan {
            model: &model,
            intakes: &self.intakes,
            regimens: &self.regimens,
            sample_days: &self.sample_days,
            end_day: self.duration,
        };
        let mut trajectory = Trajectory::default();
        workspace
            .run(&plan, &start, &mut trajectory)
            .unwrap_or_else(|e| panic!("simulation failed: {e}"));
        (start, trajectory)
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn states_stay_physical_and_mass_is_conserved(case in case()) {
        let (start, trajectory) = case.run();
        prop_assert!(start.is_physical(), "start {start:?}");
        let end = trajectory.final_state;
        prop_assert!(end.is_physical(), "final state {end:?}");
        prop_assert_eq!(trajectory.days.len(), case.sample_days.len());
        for (day, row) in trajectory.days.iter().zip(&trajectory.rows) {
            for observable in Observable::ALL {
                let value = row[observable.index()];
                prop_assert!(
                    value.is_finite() && value >= 0.0,
                    "{} = {} at day {}", observable.name(), value, day
                );
            }
        }

        // Magnesium: what entered the gut is absorbed, lost in faeces or still there; what was
        // absorbed is in the body pools or in urine. Measured against the amounts moved.
        let ledger = trajectory.ledger;
        let mg_in = ledger.mg_diet_mg + ledger.mg_dosed_mg;
        let gut = ledger.gut_mg_imbalance(&start, &end);
        prop_assert!(gut.abs() < 1e-6 * mg_in, "gut Mg imbalance {} mg of {} mg", gut, mg_in);
        let absorbed_mmol = ledger.mg_absorbed_mg / MG_PER_MMOL;
        let body = ledger.body_mg_imbalance_mmol(&start, &end);
        prop_assert!(
            body.abs() < 1e-6 * absorbed_mmol,
            "body Mg imbalance {} mmol of {} mmol absorbed", body, absorbed_mmol
        );
        // Vitamin D: background and doses are hydroxylated, lost, or still in gut and body.
        let d_in = ledger.d3_background_ug + ledger.d3_dosed_ug;
        let vitamin_d = ledger.vitamin_d_imbalance_ug(&start, &end);
        prop_assert!(
            vitamin_d.abs() < 1e-6 * d_in,
            "vitamin D imbalance {} ug of {} ug", vitamin_d, d_in
        );
    }

    #[test]
    fn identical_inputs_give_identical_results(case in case()) {
        let (start_a, a) = case.run();
        let (start_b, b) = case.run();
        prop_assert_eq!(start_a, start_b);
        prop_assert_eq!(&a, &b);
        // A workspace reused from another subject gives the same result as a fresh one.
        let model = case.model();
        let mut workspace = Workspace::default();
        let other = [Regimen {
            dose: Dose::VitaminD { iu: 50_000.0, form: VitaminDForm::D3 },
            schedule: Schedule::weekly(0.0, case.duration),
        }];
        let plan = RunPlan {
            model: &model,
            intakes: &case.intakes,
            regimens: &other,
            sample_days: &case.sample_days,
            end_day: case.duration,
        };
        let mut reused = Trajectory::default();
        workspace.run(&plan, &start_a, &mut reused).unwrap_or_else(|e| panic!("{e}"));
        let plan = RunPlan { regimens: &case.regimens, ..plan };
        workspace.run(&plan, &start_a, &mut reused).unwrap_or_else(|e| panic!("{e}"));
        prop_assert_eq!(&a, &reused);
    }
}

/// Largest relative change of any observable from its day-0 value.
fn drift(trajectory: &Trajectory) -> f64 {
    let first = trajectory.rows[0];
    let mut drift: f64 = 0.0;
    for row in &trajectory.rows {
        for observable in Observable::ALL {
            let i = observable.index();
            drift = drift.max((row[i] - first[i]).abs() / first[i].abs().max(1e-3));
        }
    }
    drift
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn subject_at_steady_state_without_doses_stays_there(
        factors in factors(),
        intake in intake(),
    ) {
        let model = Model::new(scaled_parameters(&factors))
            .unwrap_or_else(|e| panic!("no model: {e}"));
        let mut workspace = Workspace::default();
        let start = steady_state(&model, &intake, &mut workspace)
            .unwrap_or_else(|e| panic!("no steady state: {e}"));
        let days: Vec<f64> = (0..=180).map(f64::from).collect();
        let plan = RunPlan {
            model: &model,
            intakes: &IntakeSchedule::constant(intake),
            regimens: &[],
            sample_days: &days,
            end_day: 180.0,
        };
        let mut trajectory = Trajectory::default();
        workspace.run(&plan, &start.state, &mut trajectory).unwrap_or_else(|e| panic!("{e}"));
        // The explicit solver drifts by less than 1e-4 over a year at default tolerances for the
        // reference model (tests/model_core.rs); the same bound holds around it.
        let drift = drift(&trajectory);
        prop_assert!(
            drift < 1e-4,
            "drift {} over 180 days (start by {:?}, residual {:.3e}/day)",
            drift, start.method, start.residual_per_day
        );
    }
}

// Failures found by these properties, kept as regression tests with the inputs that showed them. They were model or
// solver bugs, not test bugs: every input is valid (parameters within 0.5 to 2 times their
// defaults and inside their documented ranges, intakes and doses inside their valid ranges), and
// a stable steady state or a smooth solution exists (checked by integrating with more steps or
// tighter tolerances). They were fixed: the burn-in starts from the better of Newton's best
// state and the guess, runs in 50-day segments, and a run whose state becomes non-finite is
// repeated at tighter tolerances.

/// Finds the steady state of the varied model, or panics with the reason.
fn assert_steady_state_found(factors: &[f64], intake: Intake) {
    let model = Model::new(scaled_parameters(factors)).unwrap_or_else(|e| panic!("no model: {e}"));
    let mut workspace = Workspace::default();
    let start = steady_state(&model, &intake, &mut workspace)
        .unwrap_or_else(|e| panic!("no steady state: {e}"));
    assert!(start.state.is_physical(), "{:?}", start.state);
}

#[test]
fn regression_burn_in_does_not_start_from_a_diverged_newton_state() {
    // Newton and continuation fail; `simulate::steady_state` then starts the burn-in from
    // `NewtonFailure::best_state` because it is finite and non-negative, although it is absurd
    // (mg_ecf 5.8e16 mmol, mg_bone 1.2e19 mmol). Burned in from `initial_guess` instead, the
    // subject settles (serum Mg 1.28 mmol/L, tissue Mg 1372 mmol).
    assert_steady_state_found(
        &[
            0.7407341563516999,
            1.2075099676920484,
            0.5693426958615976,
            0.7806404286495061,
            1.2947654843471719,
            1.1867786274368253,
            0.5287367677299051,
            1.291069340232885,
            0.7014354440896251,
            0.9746099508702892,
            1.0,
            1.0,
            1.805701724761789,
            0.9171336021310631,
        ],
        Intake {
            vitamin_d_iu_per_day: 2736.25394485704,
            magnesium_mg_per_day: 790.3900964608464,
        },
    );
}

#[test]
fn regression_burn_in_stays_within_the_step_limit_at_a_stiff_steady_state() {
    // Newton and continuation fail; the burn-in converges (serum Mg 1.249 mmol/L, tissue Mg
    // 1269 mmol, gate_cyp24a1 24.4, so calcitriol clearance is fast and the explicit solver's
    // steps short): about 158,000 steps per 3650 days, over `max_steps_per_segment`.
    assert_steady_state_found(
        &[
            1.121821396862448,
            0.5507082259129665,
            0.526597123714661,
            0.822259902434873,
            1.7277033867924463,
            1.0,
            0.5560949535834616,
            1.559615745397989,
            1.506041983011079,
            0.850795265142326,
            1.0,
            1.0,
            1.633961331074922,
            1.0,
        ],
        Intake {
            vitamin_d_iu_per_day: 6722.696306900738,
            magnesium_mg_per_day: 344.720985391238,
        },
    );
}

#[test]
fn regression_no_nan_after_a_large_magnesium_dose() {
    // A single 1914 mg dose of Mg glycinate on day 3.19. With samples every 0.1 day the run is
    // smooth; with samples on days 0 and 7 only, the integrator takes a step whose stages
    // overflow, accepts it (the NaN error norm compares as 0), and the run fails with "state
    // `d3_body_ug` became NaN at day 7". At 1e-4 times the default tolerances it succeeds.
    let case = Case {
        factors: vec![
            0.9682714392506295,
            0.5364553704229834,
            1.0043637847665885,
            1.048632346979193,
            1.8553145958649724,
            0.886609304192863,
            1.8692557548895012,
            1.0734703485369648,
            1.7673755398731126,
            1.6202612092263744,
            1.625380710535075,
            1.1286029350369036,
            0.6489351380372255,
            0.7947126809821364,
        ],
        intakes: IntakeSchedule::constant(Intake {
            vitamin_d_iu_per_day: 754.2898869795333,
            magnesium_mg_per_day: 562.7926803442657,
        }),
        regimens: vec![Regimen {
            dose: Dose::Magnesium {
                mg: 1913.990732501017,
                form: MagnesiumForm::Glycinate,
            },
            schedule: Schedule::OnDays {
                days: vec![3.1931265689889714],
            },
        }],
        duration: 7.0,
        sample_days: vec![0.0, 7.0],
    };
    let (_, trajectory) = case.run();
    assert!(trajectory.final_state.is_physical());
}

#[test]
fn regression_no_blow_up_after_a_huge_magnesium_dose_at_very_low_intake() {
    // Mg intake 60 mg/day, then one 1,820 mg dose of Mg citrate on day 5.91, sampled on days 0,
    // 14 and 15: the first step after the dose started at the long pre-dose step size and blew
    // up (serum Mg to -1e148), at every tolerance. Fixed by starting short after each event.
    let case = Case {
        factors: vec![
            0.9780244043767731,
            0.7137924495577465,
            1.0842671967362751,
            1.194383675410424,
            0.5414209335826018,
            0.8596223217947203,
            1.8705514990629868,
            0.9933141853626001,
            1.4243652373199212,
            1.052224021188817,
            0.5096294701314162,
            1.15663820838778,
            0.5514335465288304,
            1.3521375140946708,
        ],
        intakes: IntakeSchedule::constant(Intake {
            vitamin_d_iu_per_day: 6059.583783037936,
            magnesium_mg_per_day: 60.0,
        }),
        regimens: vec![
            Regimen {
                dose: Dose::Magnesium {
                    mg: 1820.3840527464251,
                    form: MagnesiumForm::Citrate,
                },
                schedule: Schedule::Every {
                    interval_days: 22.07529444245437,
                    start_day: 5.912984948270827,
                    stop_day: 5.922071963322556,
                },
            },
            Regimen {
                dose: Dose::Magnesium {
                    mg: 0.0,
                    form: MagnesiumForm::Oxide,
                },
                schedule: Schedule::OnDays {
                    days: vec![0.42230812484768326],
                },
            },
        ],
        duration: 15.0,
        sample_days: vec![0.0, 14.0, 15.0],
    };
    let (_, trajectory) = case.run();
    assert!(trajectory.final_state.is_physical());
}
