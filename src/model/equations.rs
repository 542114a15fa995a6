//! The equations of the magnesium-gated vitamin D model, written to read like `docs/model.md`.
//!
//! Nine states ([`State`]), the fluxes between them ([`Fluxes`]), the algebraic outputs (serum Mg,
//! PTH, the three gates, fractional Mg absorption, urinary Mg) and the right-hand side
//! ([`Model::derivatives`]). Time is in days. Nothing here knows about doses, schedules or files:
//! background intakes arrive as continuous rates ([`Intake`]); doses are added to the gut states by
//! the simulator.
//!
//! The Dai 2018 two-way effect is not coded anywhere: it emerges because magnesium gates both the
//! making of 25(OH)D (CYP2R1, nearly saturated at normal Mg) and its vitamin-D-induced catabolism
//! (CYP24A1, far from saturated), so the net effect of extra Mg depends on how strongly CYP24A1 is
//! induced at the subject's current status.
//!
//! The right-hand side is evaluated tens of thousands of times per subject-year, so it avoids
//! repeated work without changing what it computes: parameter-only powers (`K^n`, `EC50^h`, the
//! PTH half point) are computed once per [`Model`], whole-number Hill exponents use `powi`, and the
//! four power laws in the calcitriol ratio share one logarithm. A test checks the result against a
//! plain transcription of the formulas at random states and parameter sets.
//!
//! The right-hand side is written once, generic over the number type [`Lane`]: `f64` for one
//! subject ([`Model::derivatives`]) or `wide::f64x4` (`wide::f64x8`) for four (eight) subjects at
//! once ([`ModelLanes`]).
//! The states, intakes, fluxes and auxiliaries take the number type as a parameter that defaults
//! to `f64`.

pub use super::lane::Lane;
use super::parameters::Parameters;
use super::precomputed::{Cached, Precomputed};
use nalgebra::SVector;

/// Micrograms of vitamin D3 per international unit.
pub const UG_PER_IU: f64 = 0.025;
/// Milligrams of magnesium per millimole.
pub const MG_PER_MMOL: f64 = 24.305;
/// Number of model states.
pub const N_STATES: usize = 9;
/// Smallest calcitriol ratio `c` used in the power laws of PTH, Mg absorption, bone uptake and
/// urinary Mg. Without it PTH would become infinite and urinary Mg would vanish when calcitriol
/// goes to zero (zero vitamin D input), leaving no steady state. It only acts below 1% of the
/// reference calcitriol.
pub const CALCITRIOL_RATIO_FLOOR: f64 = 0.01;

/// The nine states of the model, each with its unit.
///
/// `L` is the number type: `f64` for one subject (the default), or a [`Lane`] type holding several
/// subjects, one per lane.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct State<L = f64> {
    /// Oral vitamin D3 not yet absorbed, µg.
    pub d3_gut_ug: L,
    /// Vitamin D3 in plasma and fat, lumped, µg.
    pub d3_body_ug: L,
    /// 25(OH)D, the status marker, ng/mL.
    pub ohd25_ng_ml: L,
    /// 1,25(OH)2D (calcitriol), the hormone, pg/mL.
    pub calcitriol_pg_ml: L,
    /// 24,25(OH)2D, the catabolite, ng/mL.
    pub ohd2425_ng_ml: L,
    /// Magnesium in the gut lumen, mg.
    pub mg_gut_mg: L,
    /// Extracellular magnesium, mmol (serum Mg = `mg_ecf_mmol / v_ecf`).
    pub mg_ecf_mmol: L,
    /// Exchangeable soft-tissue (intracellular) magnesium, mmol.
    pub mg_tissue_mmol: L,
    /// Exchangeable bone magnesium, mmol.
    pub mg_bone_mmol: L,
}

impl State {
    /// Names of the states in vector order, for messages and tables.
    pub const NAMES: [&'static str; N_STATES] = [
        "d3_gut_ug",
        "d3_body_ug",
        "ohd25_ng_ml",
        "calcitriol_pg_ml",
        "ohd2425_ng_ml",
        "mg_gut_mg",
        "mg_ecf_mmol",
        "mg_tissue_mmol",
        "mg_bone_mmol",
    ];

    /// The states as a fixed-size vector, in the order of [`State::NAMES`].
    pub fn to_vector(&self) -> SVector<f64, N_STATES> {
        SVector::from(self.to_array())
    }

    /// Whether every state is finite and non-negative.
    pub fn is_physical(&self) -> bool {
        self.to_array().iter().all(|v| v.is_finite() && *v >= 0.0)
    }
}

impl<L: Copy> State<L> {
    /// The states as an array, in the order of [`State::NAMES`].
    pub fn to_array(&self) -> [L; N_STATES] {
        [
            self.d3_gut_ug,
            self.d3_body_ug,
            self.ohd25_ng_ml,
            self.calcitriol_pg_ml,
            self.ohd2425_ng_ml,
            self.mg_gut_mg,
            self.mg_ecf_mmol,
            self.mg_tissue_mmol,
            self.mg_bone_mmol,
        ]
    }

    /// Builds a state from the first [`N_STATES`] entries of a slice in the order of [`State::NAMES`].
    ///
    /// # Panics
    /// If the slice is shorter than [`N_STATES`] (a programming error, not user input).
    pub fn from_slice(y: &[L]) -> Self {
        Self {
            d3_gut_ug: y[0],
            d3_body_ug: y[1],
            ohd25_ng_ml: y[2],
            calcitriol_pg_ml: y[3],
            ohd2425_ng_ml: y[4],
            mg_gut_mg: y[5],
            mg_ecf_mmol: y[6],
            mg_tissue_mmol: y[7],
            mg_bone_mmol: y[8],
        }
    }
}

/// Continuous background intakes: diet and skin vitamin D, and diet magnesium.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Intake<L = f64> {
    /// Vitamin D input from diet and skin, entering `d3_body` directly, IU/day.
    pub vitamin_d_iu_per_day: L,
    /// Dietary magnesium entering the gut lumen, mg/day.
    pub magnesium_mg_per_day: L,
}

impl Intake {
    /// The intake of the reference subject of a parameter set.
    pub fn reference(parameters: &Parameters) -> Self {
        Self {
            vitamin_d_iu_per_day: parameters.vitd_input_ref,
            magnesium_mg_per_day: parameters.mg_intake_ref,
        }
    }
}

/// Every flux of the model at one instant, each with its unit.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Fluxes<L = f64> {
    /// Background vitamin D input into `d3_body`, µg/day.
    pub vitamin_d_input_ug_day: L,
    /// Absorption of oral vitamin D from the gut, µg/day.
    pub absorb_d_ug_day: L,
    /// Hepatic 25-hydroxylation (CYP2R1), µg/day.
    pub v_2r1_ug_day: L,
    /// Loss of vitamin D3 to fat and other routes, µg/day.
    pub loss_d3_ug_day: L,
    /// 24-hydroxylation of 25(OH)D (CYP24A1), ng/mL/day.
    pub v_24a1_ng_ml_day: L,
    /// Other clearance of 25(OH)D, ng/mL/day.
    pub other_25_ng_ml_day: L,
    /// Renal 1-alpha-hydroxylation (CYP27B1), pg/mL/day of calcitriol.
    pub v_27b1_pg_ml_day: L,
    /// Clearance of calcitriol, pg/mL/day.
    pub clear_cal_pg_ml_day: L,
    /// Clearance of 24,25(OH)2D, ng/mL/day.
    pub clear_2425_ng_ml_day: L,
    /// Dietary magnesium entering the gut, mg/day.
    pub mg_intake_mg_day: L,
    /// Magnesium absorbed from the gut (paracellular + transcellular), mg/day.
    pub abs_mg_mg_day: L,
    /// Unabsorbed magnesium leaving the gut in faeces, mg/day.
    pub transit_mg_mg_day: L,
    /// Uptake of Mg into soft tissue, mmol/day.
    pub tissue_in_mmol_day: L,
    /// Release of Mg from soft tissue, mmol/day.
    pub tissue_out_mmol_day: L,
    /// Deposition of Mg into bone, mmol/day.
    pub bone_in_mmol_day: L,
    /// Release of Mg from bone, mmol/day.
    pub bone_out_mmol_day: L,
    /// Urinary magnesium loss, mmol/day.
    pub urine_mmol_day: L,
}

/// The algebraic outputs that depend on the states at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Auxiliaries<L = f64> {
    /// Serum magnesium, mmol/L.
    pub serum_mg_mmol_l: L,
    /// Cellular Mg status `m = mg_tissue / mg_tissue_ref`, dimensionless.
    pub cellular_mg_ratio: L,
    /// Serum Mg ratio `s = serum_mg / serum_mg_ref`, dimensionless.
    pub serum_mg_ratio: L,
    /// Calcitriol ratio `c = calcitriol / calcitriol_ref` used in the power laws, dimensionless,
    /// floored at [`CALCITRIOL_RATIO_FLOOR`].
    pub calcitriol_ratio: L,
    /// Relative activity of CYP2R1 (1 at reference Mg).
    pub gate_cyp2r1: L,
    /// Relative activity of CYP27B1 (1 at reference Mg).
    pub gate_cyp27b1: L,
    /// Relative activity of CYP24A1 (1 at reference Mg).
    pub gate_cyp24a1: L,
    /// Induction of CYP24A1 by 25(OH)D (1 when 25(OH)D is 0).
    pub induction_cyp24a1: L,
    /// Parathyroid hormone (quasi-steady state), pg/mL.
    pub pth_pg_ml: L,
}

/// Constants derived from the reference subject so that it sits exactly at the reference state.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DerivedConstants {
    /// Urinary Mg loss at reference serum Mg and calcitriol, mmol/day: closes the Mg balance at
    /// the reference intake.
    pub urine_ref_mmol_day: f64,
    /// Rate constant of renal 1-alpha-hydroxylation, pg/mL/day per ng/mL: puts calcitriol at
    /// `calcitriol_ref` in the reference subject.
    pub k_1a_pg_ml_day_per_ng_ml: f64,
}

/// Why the derived constants could not be computed for a parameter set.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DerivationError {
    /// The reference vitamin D input exceeds what hepatic hydroxylation and losses can remove.
    #[error(
        "the reference vitamin D input ({input_ug_day:.1} ug/day) exceeds the 25-hydroxylation capacity vmax_25 ({vmax_ug_day} ug/day) while k_d3_loss is 0: raise vmax_25 or k_d3_loss"
    )]
    VitaminDInputTooHigh {
        /// Reference input, µg/day.
        input_ug_day: f64,
        /// Hydroxylation capacity, µg/day.
        vmax_ug_day: f64,
    },
    /// Calcitriol clearance alone would use up more 25(OH)D than the reference subject makes.
    #[error(
        "the reference subject makes too little 25(OH)D ({made_ng_ml_day:.4} ng/mL/day) to supply calcitriol at calcitriol_ref: raise vitd_input_ref or lower calcitriol_ref or k_cal"
    )]
    CalcitriolUnreachable {
        /// 25(OH)D production of the reference subject, ng/mL/day.
        made_ng_ml_day: f64,
    },
}

/// A parameter set together with its derived constants: everything the right-hand side needs.
///
/// Build it with [`Model::new`], [`Model::with_derived`] or [`Model::reference`]: they also
/// precompute the parameter-only powers of the right-hand side. To change a parameter, build a new
/// model; a model whose `parameters` were changed in place still evaluates correctly, but recomputes
/// those powers at every evaluation.
#[derive(Clone, Copy)]
pub struct Model {
    /// The parameters.
    pub parameters: Parameters,
    /// Constants derived from the reference subject of [`Model::reference`].
    pub derived: DerivedConstants,
    /// What the right-hand side reads, computed from `parameters` and `derived` at construction.
    precomputed: Cached,
}

impl PartialEq for Model {
    /// Models are equal when their parameters and derived constants are (the precomputed powers
    /// follow from the parameters).
    fn eq(&self, other: &Self) -> bool {
        self.parameters == other.parameters && self.derived == other.derived
    }
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("parameters", &self.parameters)
            .field("derived", &self.derived)
            .finish()
    }
}

/// The Mg gate of an enzyme: `gate(m) = (1 + K^n) m^n / (K^n + m^n)`, so `gate(1) = 1`.
///
/// `m_pow_n` is `m^n`, computed once for all three gates.
pub fn gate(m_pow_n: f64, half_activation: f64, hill: f64) -> f64 {
    gate_from_powers(m_pow_n, half_activation.powf(hill))
}

/// [`gate`] with `K^n` already computed.
#[inline]
fn gate_from_powers<L: Lane>(m_pow_n: L, k_pow_n: L) -> L {
    (L::splat(1.0) + k_pow_n) * m_pow_n / (k_pow_n + m_pow_n)
}

/// Induction of CYP24A1 by 25(OH)D: `1 + Emax · C^h / (EC50^h + C^h)`.
pub fn cyp24a1_induction(ohd25_ng_ml: f64, parameters: &Parameters) -> f64 {
    let c_pow_h = ohd25_ng_ml.max(0.0).powf(parameters.h_24);
    let ec50_pow_h = parameters.ec50_24.powf(parameters.h_24);
    induction_from_powers(c_pow_h, ec50_pow_h, parameters.emax_24)
}

/// [`cyp24a1_induction`] with `C^h` and `EC50^h` already computed.
#[inline]
fn induction_from_powers<L: Lane>(c_pow_h: L, ec50_pow_h: L, emax: L) -> L {
    L::splat(1.0) + emax * c_pow_h / (ec50_pow_h + c_pow_h)
}

/// The four power laws in the calcitriol ratio `c`, computed from one logarithm as
/// `c^a = exp(a · ln c)`, or as a product or square root where the exponent allows (`c` is floored
/// at [`CALCITRIOL_RATIO_FLOOR`], so `ln c` is finite).
#[derive(Debug, Clone, Copy)]
struct CalcitriolPowerLaws<L> {
    /// `c^(−a_pth)`: calcitriol suppresses PTH.
    pth_suppression: L,
    /// `c^a_abs`: calcitriol raises transcellular Mg absorption.
    absorption: L,
    /// `c^a_bone`: calcitriol drives Mg into bone.
    bone_uptake: L,
    /// `c^a_urine`: calcitriol raises urinary Mg loss.
    urine: L,
}

impl<L: Lane> CalcitriolPowerLaws<L> {
    /// The four powers of `c` (positive), sharing one logarithm where one is needed at all.
    #[inline]
    fn at(calcitriol_ratio: L, pre: &Precomputed<L>) -> Self {
        let c = calcitriol_ratio;
        let ln_c = if pre.calcitriol_needs_ln {
            c.ln()
        } else {
            L::splat(0.0)
        };
        Self {
            pth_suppression: pre.calcitriol_pth.raise_with_ln(c, ln_c),
            absorption: pre.calcitriol_absorption.raise_with_ln(c, ln_c),
            bone_uptake: pre.calcitriol_bone.raise_with_ln(c, ln_c),
            urine: pre.calcitriol_urine.raise_with_ln(c, ln_c),
        }
    }
}

/// Positive root of `a x² + b x + c = 0` with `a > 0` and `c <= 0`, computed without cancellation.
fn positive_quadratic_root(a: f64, b: f64, c: f64) -> f64 {
    let discriminant = (b * b - 4.0 * a * c).max(0.0);
    if b <= 0.0 {
        (-b + discriminant.sqrt()) / (2.0 * a)
    } else {
        (2.0 * -c) / (b + discriminant.sqrt())
    }
}

/// Transcellular Mg absorption capacity (mg/day) at calcitriol ratio `c`: a share
/// `1 - abs_calcitriol_share` of `vmax_tr` that works without calcitriol, plus the share
/// `abs_calcitriol_share` that follows `c^a_abs`.
pub fn transcellular_capacity(calcitriol_ratio: f64, p: &Parameters) -> f64 {
    let c = calcitriol_ratio.max(CALCITRIOL_RATIO_FLOOR);
    p.vmax_tr * (1.0 - p.abs_calcitriol_share + p.abs_calcitriol_share * c.powf(p.a_abs))
}

/// Urinary Mg (mmol/day) of a subject with serum ratio `s` and calcitriol ratio `c`, given the
/// reference urinary loss `urine_ref` of its derived constants.
pub fn urinary_mg(serum_ratio: f64, calcitriol_ratio: f64, urine_ref: f64, p: &Parameters) -> f64 {
    let s = serum_ratio.max(0.0);
    let c = calcitriol_ratio.max(CALCITRIOL_RATIO_FLOOR);
    let handling =
        p.urine_obligatory_share * s + (1.0 - p.urine_obligatory_share) * s.powf(p.q_urine);
    p.renal_mg_factor * urine_ref * handling * c.powf(p.a_urine)
}

/// Luminal Mg (mg) at which gut inflow `intake_mg_day` balances absorption and transit, with the
/// calcitriol ratio `c` fixed.
pub fn gut_mg_at_balance(intake_mg_day: f64, calcitriol_ratio: f64, p: &Parameters) -> f64 {
    // R = (k_para + k_transit) g + vmax' g / (km + g), with vmax' the transcellular capacity.
    let linear = p.k_para + p.k_transit;
    let vmax = transcellular_capacity(calcitriol_ratio, p);
    let r = intake_mg_day.max(0.0);
    positive_quadratic_root(linear, linear * p.km_tr + vmax - r, -r * p.km_tr)
}

/// Vitamin D3 in the body (µg) at which background input `input_ug_day` balances
/// 25-hydroxylation (with gate value `gate_2r1`) and losses.
pub fn d3_body_at_balance(
    input_ug_day: f64,
    gate_2r1: f64,
    p: &Parameters,
) -> Result<f64, DerivationError> {
    // R = vmax' x / (km + x) + k_loss x, with vmax' = gate · vmax_25.
    let vmax = gate_2r1 * p.vmax_25;
    let r = input_ug_day.max(0.0);
    if p.k_d3_loss > 0.0 {
        Ok(positive_quadratic_root(
            p.k_d3_loss,
            p.k_d3_loss * p.km_25 + vmax - r,
            -r * p.km_25,
        ))
    } else if r < vmax {
        Ok(r * p.km_25 / (vmax - r))
    } else {
        Err(DerivationError::VitaminDInputTooHigh {
            input_ug_day: r,
            vmax_ug_day: vmax,
        })
    }
}

/// Finds the root of an increasing function on `[0, ∞)` by doubling and bisection.
fn increasing_root(f: impl Fn(f64) -> f64) -> f64 {
    let mut hi = 1.0;
    while f(hi) < 0.0 && hi < 1.0e12 {
        hi *= 2.0;
    }
    let mut lo = 0.0;
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if f(mid) < 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo <= 1e-15 * hi {
            break;
        }
    }
    0.5 * (lo + hi)
}

/// Vitamin D3 in the body (µg) and 25(OH)D (ng/mL) of the reference subject: input balances
/// hydroxylation and losses, and 25(OH)D settles where production equals CYP24A1, other and
/// CYP27B1 use (the last at the calcitriol turnover that keeps calcitriol at its reference).
fn reference_vitamin_d(p: &Parameters) -> Result<(f64, f64), DerivationError> {
    let d3_body = d3_body_at_balance(p.vitd_input_ref * UG_PER_IU, 1.0, p)?;
    let made_ng_ml_day = p.vmax_25 * d3_body / (p.km_25 + d3_body) / p.v_ohd;
    if reference_calcitriol_turnover(0.0, p) / 1000.0 >= made_ng_ml_day {
        return Err(DerivationError::CalcitriolUnreachable { made_ng_ml_day });
    }
    let ohd25 = increasing_root(|c| {
        p.k_24 * cyp24a1_induction(c, p) * c
            + p.k_25_other * c
            + reference_calcitriol_turnover(c, p) / 1000.0
            - made_ng_ml_day
    });
    Ok((d3_body, ohd25))
}

/// Calcitriol clearance (pg/mL/day) at `calcitriol_ref` with all gates at 1, at 25(OH)D `ohd25`.
fn reference_calcitriol_turnover(ohd25_ng_ml: f64, p: &Parameters) -> f64 {
    p.k_cal * p.calcitriol_ref * (1.0 - p.phi_24 + p.phi_24 * cyp24a1_induction(ohd25_ng_ml, p))
}

/// The right-hand side over any [`Lane`] type: the derivatives of the nine states and the fluxes
/// they are made of, with everything that does not depend on the state read from `p`. The
/// scalar [`Model::derivatives`] is this with `L = f64`; `L = wide::f64x4` (`wide::f64x8`)
/// evaluates four (eight) subjects (one per lane) at once.
#[inline]
pub(crate) fn derivatives_with<L: Lane>(
    p: &Precomputed<L>,
    intake: &Intake<L>,
    y: &State<L>,
) -> (State<L>, Fluxes<L>) {
    let (auxiliaries, powers, logs) = auxiliaries_with(p, y);
    rates(p, fluxes_with(p, intake, y, &auxiliaries, &powers, &logs))
}

/// [`Lane::ln_for_powers`] of cellular and of serum Mg, computed once for their several powers.
struct MgLogs<L> {
    /// Of the cellular Mg ratio `m`.
    cellular: L,
    /// Of the serum Mg ratio `s`.
    serum: L,
}

/// The algebraic outputs, the calcitriol power laws and the Mg logarithms at a state.
#[inline]
fn auxiliaries_with<L: Lane>(
    p: &Precomputed<L>,
    y: &State<L>,
) -> (Auxiliaries<L>, CalcitriolPowerLaws<L>, MgLogs<L>) {
    let zero = L::splat(0.0);
    let serum_mg_mmol_l = p.v_ecf.divide(y.mg_ecf_mmol);
    let m = p.mg_tissue_ref.divide(y.mg_tissue_mmol).max(zero);
    let s = p.serum_mg_ref.divide(serum_mg_mmol_l).max(zero);
    let c = p
        .calcitriol_ref
        .divide(y.calcitriol_pg_ml)
        .max(L::splat(CALCITRIOL_RATIO_FLOOR));
    let powers = CalcitriolPowerLaws::at(c, p);
    // Powers of cellular and of serum Mg share one logarithm of each where they need one.
    let logs = MgLogs {
        cellular: if p.gate_hill.needs_ln() || p.tissue_release_exponent.needs_ln() {
            m.ln_for_powers()
        } else {
            zero
        },
        serum: if p.pth_mg_hill.needs_ln()
            || p.tissue_uptake_exponent.needs_ln()
            || p.urine_exponent.needs_ln()
        {
            s.ln_for_powers()
        } else {
            zero
        },
    };
    let m_pow_n = p.gate_hill.raise_sharing(m, logs.cellular);
    // PTH secretion: a normalised Hill function of s, half-maximal at pth_mg_half.
    let pth_secretion = gate_from_powers(
        p.pth_mg_hill.raise_sharing(s, logs.serum),
        p.pth_half_ratio_pow_hill,
    );
    let pth_pg_ml = p.pth_ref.value * pth_secretion * powers.pth_suppression;
    let c25_pow_h = p.induction_hill.raise(y.ohd25_ng_ml.max(zero));
    let auxiliaries = Auxiliaries {
        serum_mg_mmol_l,
        cellular_mg_ratio: m,
        serum_mg_ratio: s,
        calcitriol_ratio: c,
        gate_cyp2r1: gate_from_powers(m_pow_n, p.k_2r1_pow_n),
        gate_cyp27b1: gate_from_powers(m_pow_n, p.k_27b1_pow_n),
        gate_cyp24a1: gate_from_powers(m_pow_n, p.k_24a1_pow_n),
        induction_cyp24a1: induction_from_powers(c25_pow_h, p.ec50_pow_h, p.emax_24),
        pth_pg_ml,
    };
    (auxiliaries, powers, logs)
}

/// Every flux at a state under a background intake, given the auxiliaries and calcitriol power
/// laws at that state.
#[inline]
fn fluxes_with<L: Lane>(
    p: &Precomputed<L>,
    intake: &Intake<L>,
    y: &State<L>,
    a: &Auxiliaries<L>,
    c_pow: &CalcitriolPowerLaws<L>,
    logs: &MgLogs<L>,
) -> Fluxes<L> {
    let zero = L::splat(0.0);
    let one = L::splat(1.0);
    let d3_body = y.d3_body_ug.max(zero);
    let ohd25 = y.ohd25_ng_ml.max(zero);
    let mg_gut = y.mg_gut_mg.max(zero);
    let s = a.serum_mg_ratio;

    let v_27b1 =
        a.gate_cyp27b1 * p.k_1a_pg_ml_day_per_ng_ml * p.pth_ref.divide(a.pth_pg_ml) * ohd25
            / (one + p.km_1a.divide(ohd25));
    let cyp24a1_share = one - p.phi_24 + p.phi_24 * a.gate_cyp24a1 * a.induction_cyp24a1;
    // Transcellular capacity: a calcitriol-independent share plus a share that follows c^a_abs.
    let transcellular_vmax =
        p.vmax_tr * (one - p.abs_calcitriol_share + p.abs_calcitriol_share * c_pow.absorption);
    // Mineralisation: a calcitriol-independent share plus a share driven by c^a_bone, saturating
    // (normalised to 1 at c = 1) with half-saturation bone_calcitriol_half.
    let mineralisation = one - p.bone_calcitriol_share
        + p.bone_calcitriol_share * c_pow.bone_uptake * (one + p.bone_calcitriol_half)
            / (p.bone_calcitriol_half + c_pow.bone_uptake);
    // Urinary Mg: an obligatory share linear in s plus the steep, regulated share s^q_urine.
    let renal_handling = p.urine_obligatory_share * s
        + (one - p.urine_obligatory_share) * p.urine_exponent.raise_sharing(s, logs.serum);
    Fluxes {
        vitamin_d_input_ug_day: intake.vitamin_d_iu_per_day * L::splat(UG_PER_IU),
        absorb_d_ug_day: p.ka_d * y.d3_gut_ug,
        v_2r1_ug_day: a.gate_cyp2r1 * p.vmax_25 * d3_body / (p.km_25 + d3_body),
        loss_d3_ug_day: p.k_d3_loss * y.d3_body_ug,
        v_24a1_ng_ml_day: a.gate_cyp24a1 * p.k_24 * a.induction_cyp24a1 * y.ohd25_ng_ml,
        other_25_ng_ml_day: p.k_25_other * y.ohd25_ng_ml,
        v_27b1_pg_ml_day: v_27b1,
        clear_cal_pg_ml_day: p.k_cal * y.calcitriol_pg_ml * cyp24a1_share,
        clear_2425_ng_ml_day: p.k_2425 * y.ohd2425_ng_ml,
        mg_intake_mg_day: intake.magnesium_mg_per_day,
        abs_mg_mg_day: p.k_para * y.mg_gut_mg + transcellular_vmax * mg_gut / (p.km_tr + mg_gut),
        transit_mg_mg_day: p.k_transit * y.mg_gut_mg,
        tissue_in_mmol_day: p.k_tis
            * p.mg_tissue_ref.value
            * p.tissue_uptake_exponent.raise_sharing(s, logs.serum),
        tissue_out_mmol_day: p.k_tis
            * p.mg_tissue_ref.value
            * p.tissue_release_exponent
                .raise_sharing(a.cellular_mg_ratio, logs.cellular),
        bone_in_mmol_day: p.k_bone * p.mg_bone_ref * s * mineralisation,
        bone_out_mmol_day: p.k_bone * y.mg_bone_mmol,
        urine_mmol_day: p.renal_mg_factor * p.urine_ref_mmol_day * renal_handling * c_pow.urine,
    }
}

/// The state derivatives made of the fluxes.
#[inline]
fn rates<L: Lane>(p: &Precomputed<L>, f: Fluxes<L>) -> (State<L>, Fluxes<L>) {
    let rates = State {
        d3_gut_ug: -f.absorb_d_ug_day,
        d3_body_ug: f.vitamin_d_input_ug_day + f.absorb_d_ug_day
            - f.v_2r1_ug_day
            - f.loss_d3_ug_day,
        ohd25_ng_ml: p.v_ohd.divide(f.v_2r1_ug_day)
            - f.v_24a1_ng_ml_day
            - f.other_25_ng_ml_day
            - f.v_27b1_pg_ml_day
                .div_by_constant(L::splat(1000.0), L::splat(1e-3)),
        calcitriol_pg_ml: f.v_27b1_pg_ml_day - f.clear_cal_pg_ml_day,
        ohd2425_ng_ml: f.v_24a1_ng_ml_day - f.clear_2425_ng_ml_day,
        mg_gut_mg: f.mg_intake_mg_day - f.abs_mg_mg_day - f.transit_mg_mg_day,
        mg_ecf_mmol: f
            .abs_mg_mg_day
            .div_by_constant(L::splat(MG_PER_MMOL), L::splat(1.0 / MG_PER_MMOL))
            - f.tissue_in_mmol_day
            + f.tissue_out_mmol_day
            - f.bone_in_mmol_day
            + f.bone_out_mmol_day
            - f.urine_mmol_day,
        mg_tissue_mmol: f.tissue_in_mmol_day - f.tissue_out_mmol_day,
        mg_bone_mmol: f.bone_in_mmol_day - f.bone_out_mmol_day,
    };
    (rates, f)
}

impl DerivedConstants {
    /// Derives `urine_ref` and `k_1a` from the reference subject of `p`: reference intakes, serum
    /// Mg, tissue and bone Mg, calcitriol and PTH at their reference values, all gates at 1.
    pub fn from_parameters(p: &Parameters) -> Result<Self, DerivationError> {
        // Magnesium: at reference serum Mg and calcitriol, urine closes the balance.
        let gut_mg = gut_mg_at_balance(p.mg_intake_ref, 1.0, p);
        let absorbed_mg_day = p.k_para * gut_mg + p.vmax_tr * gut_mg / (p.km_tr + gut_mg);
        // Vitamin D: at steady state v_27B1 = clear_cal, with PTH and the gate at 1.
        let (_, ohd25) = reference_vitamin_d(p)?;
        let k_1a = reference_calcitriol_turnover(ohd25, p) * (1.0 + ohd25 / p.km_1a) / ohd25;
        Ok(Self {
            urine_ref_mmol_day: absorbed_mg_day / MG_PER_MMOL,
            k_1a_pg_ml_day_per_ng_ml: k_1a,
        })
    }
}

impl Model {
    /// Builds a model, deriving `urine_ref` and `k_1a` from the reference subject of `parameters`.
    pub fn new(parameters: Parameters) -> Result<Self, DerivationError> {
        let derived = DerivedConstants::from_parameters(&parameters)?;
        Ok(Self::with_derived(parameters, derived))
    }

    /// Builds a model whose derived constants were computed from another (typical) parameter set:
    /// used for subjects whose parameters vary around the population's, so that the variation
    /// moves them away from the reference state.
    pub fn with_derived(parameters: Parameters, derived: DerivedConstants) -> Self {
        Self {
            parameters,
            derived,
            precomputed: Cached::new(&parameters, &derived),
        }
    }

    /// The model with the default parameters of the parameter table.
    pub fn reference() -> Self {
        // The defaults are checked by the test `reference_subject_sits_at_reference_values`.
        Self::new(Parameters::default()).unwrap_or_else(|e| panic!("default parameters: {e}"))
    }

    /// The precomputed quantities, or fresh ones (kept in `fresh`) if `parameters` or `derived`
    /// changed since construction.
    #[inline]
    fn precomputed<'a>(&'a self, fresh: &'a mut Option<Precomputed>) -> &'a Precomputed {
        if self.is_current() {
            &self.precomputed.quantities
        } else {
            fresh.insert(Cached::new(&self.parameters, &self.derived).quantities)
        }
    }

    /// The algebraic outputs at a state: serum Mg, ratios, gates, CYP24A1 induction and PTH.
    pub fn auxiliaries(&self, y: &State) -> Auxiliaries {
        auxiliaries_with(self.precomputed(&mut None), y).0
    }

    /// Every flux at a state under a background intake.
    #[inline]
    pub fn fluxes(&self, intake: &Intake, y: &State) -> Fluxes {
        let mut fresh = None;
        let pre = self.precomputed(&mut fresh);
        let (auxiliaries, powers, logs) = auxiliaries_with(pre, y);
        fluxes_with(pre, intake, y, &auxiliaries, &powers, &logs)
    }

    /// Whether the precomputed quantities match `parameters` and `derived` (they do unless one
    /// of them was changed in place after construction).
    #[inline]
    pub fn is_current(&self) -> bool {
        self.precomputed.is_for(&self.parameters, &self.derived)
    }

    /// Time derivatives of the nine states (and the fluxes they were built from).
    pub fn derivatives(&self, intake: &Intake, y: &State) -> (State, Fluxes) {
        let mut fresh = None;
        derivatives_with(self.precomputed(&mut fresh), intake, y)
    }

    /// [`Model::derivatives`] without checking that the precomputed powers are current: for the
    /// integrator's inner loop, whose caller has checked [`Model::is_current`] once.
    #[inline]
    pub(crate) fn derivatives_of_current(&self, intake: &Intake, y: &State) -> (State, Fluxes) {
        debug_assert!(self.is_current());
        derivatives_with(&self.precomputed.quantities, intake, y)
    }

    /// The reference state of `MODEL.md`: serum, tissue and bone Mg, calcitriol and PTH at their
    /// reference values under the reference intake. It is a steady state by construction of the
    /// derived constants.
    pub fn reference_state(&self) -> Result<State, DerivationError> {
        let p = &self.parameters;
        let (d3_body, ohd25) = reference_vitamin_d(p)?;
        Ok(State {
            d3_gut_ug: 0.0,
            d3_body_ug: d3_body,
            ohd25_ng_ml: ohd25,
            calcitriol_pg_ml: p.calcitriol_ref,
            ohd2425_ng_ml: p.k_24 * cyp24a1_induction(ohd25, p) * ohd25 / p.k_2425,
            mg_gut_mg: gut_mg_at_balance(p.mg_intake_ref, 1.0, p),
            mg_ecf_mmol: p.serum_mg_ref * p.v_ecf,
            mg_tissue_mmol: p.mg_tissue_ref,
            mg_bone_mmol: p.mg_bone_ref,
        })
    }
}

/// Several models evaluated together, one per lane of `L` (four for the default [`wide::f64x4`],
/// eight for [`wide::f64x8`]): the same right-hand side as [`Model::derivatives`], for
/// `L::LANES` subjects at once.
#[derive(Debug, Clone, Copy)]
pub struct ModelLanes<L = wide::f64x4> {
    precomputed: Precomputed<L>,
}

impl<L: Lane> ModelLanes<L> {
    /// Gathers `L::LANES` models (their current `parameters` and `derived`), one per lane. A
    /// number of models other than `L::LANES` does not compile.
    pub fn gather<const MODELS: usize>(models: &[Model; MODELS]) -> Self {
        const { assert!(MODELS == L::LANES, "one model per lane") };
        Self {
            precomputed: Precomputed::gather(|i| &models[i].parameters, |i| &models[i].derived),
        }
    }

    /// Time derivatives of the nine states of each lane (and the fluxes they were built from).
    #[inline]
    pub fn derivatives(&self, intake: &Intake<L>, y: &State<L>) -> (State<L>, Fluxes<L>) {
        derivatives_with(&self.precomputed, intake, y)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parameters::PARAMETER_TABLE;

    /// The right-hand side exactly as first written from `MODEL.md`: every power by `powf`, every
    /// parameter-only power recomputed at each call. The fast implementation must agree with it.
    mod reference {
        use super::super::*;

        fn gate(m_pow_n: f64, half_activation: f64, hill: f64) -> f64 {
            let k_pow_n = half_activation.powf(hill);
            (1.0 + k_pow_n) * m_pow_n / (k_pow_n + m_pow_n)
        }

        fn cyp24a1_induction(ohd25_ng_ml: f64, parameters: &Parameters) -> f64 {
            let c_pow_h = ohd25_ng_ml.max(0.0).powf(parameters.h_24);
            let ec50_pow_h = parameters.ec50_24.powf(parameters.h_24);
            1.0 + parameters.emax_24 * c_pow_h / (ec50_pow_h + c_pow_h)
        }

        pub fn auxiliaries(model: &Model, y: &State) -> Auxiliaries {
            let p = &model.parameters;
            let serum_mg_mmol_l = y.mg_ecf_mmol / p.v_ecf;
            let m = (y.mg_tissue_mmol / p.mg_tissue_ref).max(0.0);
            let s = (serum_mg_mmol_l / p.serum_mg_ref).max(0.0);
            let c = (y.calcitriol_pg_ml / p.calcitriol_ref).max(CALCITRIOL_RATIO_FLOOR);
            let m_pow_n = m.powf(p.n_gate);
            let s_half = p.pth_mg_half / p.serum_mg_ref;
            let pth_secretion = gate(s.powf(p.pth_mg_hill), s_half, p.pth_mg_hill);
            let pth_pg_ml = p.pth_ref * pth_secretion * c.powf(-p.a_pth);
            Auxiliaries {
                serum_mg_mmol_l,
                cellular_mg_ratio: m,
                serum_mg_ratio: s,
                calcitriol_ratio: c,
                gate_cyp2r1: gate(m_pow_n, p.k_2r1, p.n_gate),
                gate_cyp27b1: gate(m_pow_n, p.k_27b1, p.n_gate),
                gate_cyp24a1: gate(m_pow_n, p.k_24a1, p.n_gate),
                induction_cyp24a1: cyp24a1_induction(y.ohd25_ng_ml, p),
                pth_pg_ml,
            }
        }

        pub fn fluxes(model: &Model, intake: &Intake, y: &State) -> Fluxes {
            let a = auxiliaries(model, y);
            let p = &model.parameters;
            let d = &model.derived;
            let d3_body = y.d3_body_ug.max(0.0);
            let ohd25 = y.ohd25_ng_ml.max(0.0);
            let mg_gut = y.mg_gut_mg.max(0.0);
            let (s, c) = (a.serum_mg_ratio, a.calcitriol_ratio);

            let v_27b1 =
                a.gate_cyp27b1 * d.k_1a_pg_ml_day_per_ng_ml * (a.pth_pg_ml / p.pth_ref) * ohd25
                    / (1.0 + ohd25 / p.km_1a);
            let cyp24a1_share = 1.0 - p.phi_24 + p.phi_24 * a.gate_cyp24a1 * a.induction_cyp24a1;
            Fluxes {
                vitamin_d_input_ug_day: intake.vitamin_d_iu_per_day * UG_PER_IU,
                absorb_d_ug_day: p.ka_d * y.d3_gut_ug,
                v_2r1_ug_day: a.gate_cyp2r1 * p.vmax_25 * d3_body / (p.km_25 + d3_body),
                loss_d3_ug_day: p.k_d3_loss * y.d3_body_ug,
                v_24a1_ng_ml_day: a.gate_cyp24a1 * p.k_24 * a.induction_cyp24a1 * y.ohd25_ng_ml,
                other_25_ng_ml_day: p.k_25_other * y.ohd25_ng_ml,
                v_27b1_pg_ml_day: v_27b1,
                clear_cal_pg_ml_day: p.k_cal * y.calcitriol_pg_ml * cyp24a1_share,
                clear_2425_ng_ml_day: p.k_2425 * y.ohd2425_ng_ml,
                mg_intake_mg_day: intake.magnesium_mg_per_day,
                abs_mg_mg_day: p.k_para * y.mg_gut_mg
                    + p.vmax_tr
                        * (1.0 - p.abs_calcitriol_share + p.abs_calcitriol_share * c.powf(p.a_abs))
                        * mg_gut
                        / (p.km_tr + mg_gut),
                transit_mg_mg_day: p.k_transit * y.mg_gut_mg,
                tissue_in_mmol_day: p.k_tis * p.mg_tissue_ref * s.powf(p.p_tis),
                tissue_out_mmol_day: p.k_tis * p.mg_tissue_ref * a.cellular_mg_ratio.powf(p.r_tis),
                bone_in_mmol_day: p.k_bone
                    * p.mg_bone_ref
                    * s
                    * (1.0 - p.bone_calcitriol_share
                        + p.bone_calcitriol_share
                            * c.powf(p.a_bone)
                            * (1.0 + p.bone_calcitriol_half)
                            / (p.bone_calcitriol_half + c.powf(p.a_bone))),
                bone_out_mmol_day: p.k_bone * y.mg_bone_mmol,
                urine_mmol_day: p.renal_mg_factor
                    * d.urine_ref_mmol_day
                    * (p.urine_obligatory_share * s
                        + (1.0 - p.urine_obligatory_share) * s.powf(p.q_urine))
                    * c.powf(p.a_urine),
            }
        }

        /// The derivatives, each with its gross turnover (the sum of the magnitudes of the terms
        /// it is made of), the scale against which cancellation is judged.
        pub fn derivatives(model: &Model, intake: &Intake, y: &State) -> [(f64, f64); N_STATES] {
            let f = fluxes(model, intake, y);
            let v_ohd = model.parameters.v_ohd;
            let rate = |terms: &[f64]| (terms.iter().sum(), terms.iter().map(|t| t.abs()).sum());
            [
                rate(&[-f.absorb_d_ug_day]),
                rate(&[
                    f.vitamin_d_input_ug_day,
                    f.absorb_d_ug_day,
                    -f.v_2r1_ug_day,
                    -f.loss_d3_ug_day,
                ]),
                rate(&[
                    f.v_2r1_ug_day / v_ohd,
                    -f.v_24a1_ng_ml_day,
                    -f.other_25_ng_ml_day,
                    -f.v_27b1_pg_ml_day / 1000.0,
                ]),
                rate(&[f.v_27b1_pg_ml_day, -f.clear_cal_pg_ml_day]),
                rate(&[f.v_24a1_ng_ml_day, -f.clear_2425_ng_ml_day]),
                rate(&[f.mg_intake_mg_day, -f.abs_mg_mg_day, -f.transit_mg_mg_day]),
                rate(&[
                    f.abs_mg_mg_day / MG_PER_MMOL,
                    -f.tissue_in_mmol_day,
                    f.tissue_out_mmol_day,
                    -f.bone_in_mmol_day,
                    f.bone_out_mmol_day,
                    -f.urine_mmol_day,
                ]),
                rate(&[f.tissue_in_mmol_day, -f.tissue_out_mmol_day]),
                rate(&[f.bone_in_mmol_day, -f.bone_out_mmol_day]),
            ]
        }
    }

    /// SplitMix64: a tiny seeded generator, enough for test inputs.
    struct SplitMix64(u64);

    impl SplitMix64 {
        fn next_u64(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        /// Uniform in `[0, 1)`.
        fn unit(&mut self) -> f64 {
            (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
        }

        /// Uniform in `[lo, hi]`, or log-uniform when the range spans more than a decade.
        fn within(&mut self, lo: f64, hi: f64) -> f64 {
            if lo > 0.0 && hi / lo > 10.0 {
                (lo.ln() + self.unit() * (hi.ln() - lo.ln())).exp()
            } else {
                lo + self.unit() * (hi - lo)
            }
        }
    }

    /// A parameter set drawn inside every documented range. In `whole` sets the Hill and serum
    /// exponents are rounded to whole numbers (the fast path); otherwise they are almost surely not.
    fn random_parameters(rng: &mut SplitMix64, whole: bool) -> Parameters {
        let mut p = Parameters::default();
        for info in PARAMETER_TABLE {
            info.set(&mut p, rng.within(info.min, info.max));
        }
        if whole {
            for exponent in ["n_gate", "h_24", "pth_mg_hill", "p_tis", "q_urine"] {
                let info = Parameters::info(exponent).unwrap();
                let rounded = info.get(&p).round().clamp(info.min.ceil(), info.max);
                info.set(&mut p, rounded);
            }
        }
        p
    }

    /// A state around the reference subject's scale, spanning several decades, with some states
    /// exactly zero and some calcitriol values below the floor of the calcitriol ratio.
    fn random_state(rng: &mut SplitMix64, p: &Parameters) -> State {
        let scales = [
            50.0,
            500.0,
            40.0,
            p.calcitriol_ref,
            5.0,
            100.0,
            p.serum_mg_ref * p.v_ecf,
            p.mg_tissue_ref,
            p.mg_bone_ref,
        ];
        let mut values = [0.0; N_STATES];
        for (value, scale) in values.iter_mut().zip(scales) {
            *value = if rng.unit() < 0.05 {
                0.0
            } else {
                scale * rng.within(1e-3, 1e2)
            };
        }
        State::from_slice(&values)
    }

    fn assert_close(what: &str, fast: f64, slow: f64, scale: f64) {
        let tolerance = 1e-12 * scale.abs().max(slow.abs()).max(f64::MIN_POSITIVE);
        assert!(
            (fast - slow).abs() <= tolerance,
            "{what}: fast {fast:e} vs reference {slow:e} (difference {:e}, scale {scale:e})",
            (fast - slow).abs()
        );
    }

    #[test]
    fn fast_right_hand_side_agrees_with_the_plain_formulas_at_random_states_and_parameters() {
        let mut rng = SplitMix64(20_240_611);
        let mut compared = 0;
        for set in 0..300 {
            let p = if set == 0 {
                Parameters::default()
            } else {
                random_parameters(&mut rng, set % 3 == 0)
            };
            let derived = DerivedConstants {
                urine_ref_mmol_day: rng.within(0.5, 20.0),
                k_1a_pg_ml_day_per_ng_ml: rng.within(0.1, 20.0),
            };
            let model = Model::with_derived(p, derived);
            let intake = Intake {
                vitamin_d_iu_per_day: rng.within(0.0, 20_000.0),
                magnesium_mg_per_day: rng.within(0.0, 2_000.0),
            };
            for _ in 0..4 {
                let y = random_state(&mut rng, &p);
                let context = format!("parameter set {set}, state {y:?}");

                let fast = model.auxiliaries(&y);
                let slow = reference::auxiliaries(&model, &y);
                let pairs = [
                    (fast.serum_mg_mmol_l, slow.serum_mg_mmol_l),
                    (fast.cellular_mg_ratio, slow.cellular_mg_ratio),
                    (fast.serum_mg_ratio, slow.serum_mg_ratio),
                    (fast.calcitriol_ratio, slow.calcitriol_ratio),
                    (fast.gate_cyp2r1, slow.gate_cyp2r1),
                    (fast.gate_cyp27b1, slow.gate_cyp27b1),
                    (fast.gate_cyp24a1, slow.gate_cyp24a1),
                    (fast.induction_cyp24a1, slow.induction_cyp24a1),
                    (fast.pth_pg_ml, slow.pth_pg_ml),
                ];
                for (i, (a, b)) in pairs.into_iter().enumerate() {
                    assert_close(&format!("auxiliary {i}, {context}"), a, b, 0.0);
                }

                let (rates, fluxes) = model.derivatives(&intake, &y);
                assert_eq!(fluxes, model.fluxes(&intake, &y));
                let slow_fluxes = reference::fluxes(&model, &intake, &y);
                assert_close(
                    &format!("urine, {context}"),
                    fluxes.urine_mmol_day,
                    slow_fluxes.urine_mmol_day,
                    0.0,
                );
                assert_close(
                    &format!("abs_mg, {context}"),
                    fluxes.abs_mg_mg_day,
                    slow_fluxes.abs_mg_mg_day,
                    0.0,
                );
                assert_close(
                    &format!("v_27b1, {context}"),
                    fluxes.v_27b1_pg_ml_day,
                    slow_fluxes.v_27b1_pg_ml_day,
                    0.0,
                );
                let slow_rates = reference::derivatives(&model, &intake, &y);
                for (i, (fast, (slow, gross))) in
                    rates.to_array().into_iter().zip(slow_rates).enumerate()
                {
                    let name = State::NAMES[i];
                    assert_close(&format!("d{name}/dt, {context}"), fast, slow, gross);
                }
                compared += 1;
            }
        }
        assert_eq!(compared, 1200);
    }

    /// The fluxes as an array, in declaration order.
    fn flux_array<L: Copy>(f: &Fluxes<L>) -> [L; 17] {
        [
            f.vitamin_d_input_ug_day,
            f.absorb_d_ug_day,
            f.v_2r1_ug_day,
            f.loss_d3_ug_day,
            f.v_24a1_ng_ml_day,
            f.other_25_ng_ml_day,
            f.v_27b1_pg_ml_day,
            f.clear_cal_pg_ml_day,
            f.clear_2425_ng_ml_day,
            f.mg_intake_mg_day,
            f.abs_mg_mg_day,
            f.transit_mg_mg_day,
            f.tissue_in_mmol_day,
            f.tissue_out_mmol_day,
            f.bone_in_mmol_day,
            f.bone_out_mmol_day,
            f.urine_mmol_day,
        ]
    }

    /// A state between 0.2 and 5 times the reference subject's scale, with some states exactly zero.
    fn moderate_state(rng: &mut SplitMix64, p: &Parameters) -> State {
        let mut values = random_state(rng, p).to_array();
        let scales = [
            50.0,
            500.0,
            40.0,
            p.calcitriol_ref,
            5.0,
            100.0,
            p.serum_mg_ref * p.v_ecf,
            p.mg_tissue_ref,
            p.mg_bone_ref,
        ];
        for (value, scale) in values.iter_mut().zip(scales) {
            if *value != 0.0 {
                *value = scale * rng.within(0.2, 5.0);
            }
        }
        State::from_slice(&values)
    }

    #[test]
    fn four_lanes_agree_with_the_scalar_right_hand_side_lane_by_lane() {
        // Within 0.2–5 times the reference scale, every derivative agrees to 1e-14 of its gross
        // turnover and every flux to 1e-14 of itself.
        lanes_against_scalar::<wide::f64x4>(moderate_state, 1e-14);
        // Far from it (states spanning 1e-3 to 1e2 times the reference scale), powers `x^a` with
        // non-whole `a` are `exp(a ln x)` on four lanes and `powf` on one; their relative
        // difference grows with `|a ln x|` (the condition number of `exp`). Seen: 1.1e-14.
        lanes_against_scalar::<wide::f64x4>(random_state, 1e-13);
    }

    #[test]
    fn eight_lanes_agree_with_the_scalar_right_hand_side_lane_by_lane() {
        // The same bounds as for four lanes: the operations are the same, lane by lane.
        lanes_against_scalar::<wide::f64x8>(moderate_state, 1e-14);
        lanes_against_scalar::<wide::f64x8>(random_state, 1e-13);
    }

    /// Compares the right-hand side on the lanes of `L` with the scalar one, lane by lane, for
    /// 200 batches of `L::LANES` parameter sets, intakes and states (from `state`), up to
    /// `tolerance`.
    fn lanes_against_scalar<L: Lane>(
        state: fn(&mut SplitMix64, &Parameters) -> State,
        tolerance: f64,
    ) {
        let mut rng = SplitMix64(20_261_124);
        let mut worst: f64 = 0.0;
        for batch in 0..200 {
            // Different parameter sets; in some batches the exponents are whole (and then differ
            // between lanes or not), in others they are not.
            let shared = random_parameters(&mut rng, true);
            let models: Vec<Model> = (0..L::LANES)
                .map(|_| {
                    let p = match batch % 3 {
                        0 => random_parameters(&mut rng, false),
                        1 => random_parameters(&mut rng, true),
                        _ => {
                            let mut p = random_parameters(&mut rng, false);
                            for name in ["n_gate", "h_24", "pth_mg_hill", "p_tis", "q_urine"] {
                                p.set(name, shared.get(name).unwrap()).unwrap();
                            }
                            for name in ["a_pth", "a_abs", "a_bone", "a_urine"] {
                                p.set(name, 0.5).unwrap();
                            }
                            p
                        }
                    };
                    let derived = DerivedConstants {
                        urine_ref_mmol_day: rng.within(0.5, 20.0),
                        k_1a_pg_ml_day_per_ng_ml: rng.within(0.1, 20.0),
                    };
                    Model::with_derived(p, derived)
                })
                .collect();
            let intakes: Vec<Intake> = (0..L::LANES)
                .map(|_| Intake {
                    vitamin_d_iu_per_day: rng.within(0.0, 20_000.0),
                    magnesium_mg_per_day: rng.within(0.0, 2_000.0),
                })
                .collect();
            let states: Vec<State> = models
                .iter()
                .map(|model| state(&mut rng, &model.parameters))
                .collect();

            let lanes = Precomputed::<L>::gather(|i| &models[i].parameters, |i| &models[i].derived);
            let intake = Intake {
                vitamin_d_iu_per_day: L::gather(|i| intakes[i].vitamin_d_iu_per_day),
                magnesium_mg_per_day: L::gather(|i| intakes[i].magnesium_mg_per_day),
            };
            let arrays: Vec<[f64; N_STATES]> = states.iter().map(State::to_array).collect();
            let y: [L; N_STATES] = std::array::from_fn(|k| L::gather(|i| arrays[i][k]));
            let (rates, fluxes) = derivatives_with(&lanes, &intake, &State::from_slice(&y));

            for i in 0..L::LANES {
                let context = format!("batch {batch}, lane {i}, state {:?}", states[i]);
                let (scalar_rates, scalar_fluxes) = models[i].derivatives(&intakes[i], &states[i]);
                let gross = reference::derivatives(&models[i], &intakes[i], &states[i]);
                for (k, (lane, (scalar, (_, gross)))) in rates
                    .to_array()
                    .into_iter()
                    .zip(scalar_rates.to_array().into_iter().zip(gross))
                    .enumerate()
                {
                    let error = (lane.lane(i) - scalar).abs() / gross.max(f64::MIN_POSITIVE);
                    worst = worst.max(error);
                    assert!(
                        error <= tolerance,
                        "d{}/dt: {} vs scalar {scalar} (gross {gross}), {context}",
                        State::NAMES[k],
                        lane.lane(i)
                    );
                }
                for (k, (lane, scalar)) in flux_array(&fluxes)
                    .into_iter()
                    .zip(flux_array(&scalar_fluxes))
                    .enumerate()
                {
                    let error = (lane.lane(i) - scalar).abs() / scalar.abs().max(f64::MIN_POSITIVE);
                    worst = worst.max(error);
                    assert!(
                        error <= tolerance,
                        "flux {k}: {} vs scalar {scalar}, {context}",
                        lane.lane(i)
                    );
                }
            }
        }
        eprintln!(
            "worst relative difference, {} lanes vs scalar: {worst:e} (tolerance {tolerance:e})",
            L::LANES
        );
    }

    #[test]
    fn changing_parameters_in_place_still_gives_the_plain_formulas() {
        let mut model = Model::reference();
        model.parameters.n_gate = 2.5;
        model.parameters.h_24 = 3.3;
        model.parameters.ec50_24 = 30.0;
        model.parameters.k_24a1 = 2.0;
        model.parameters.q_urine = 5.0;
        let intake = Intake::reference(&model.parameters);
        let mut y = model.reference_state().unwrap();
        y.mg_tissue_mmol *= 0.7;
        y.ohd25_ng_ml *= 1.4;
        y.mg_ecf_mmol *= 0.9;
        let (rates, _) = model.derivatives(&intake, &y);
        for (fast, (slow, gross)) in rates
            .to_array()
            .into_iter()
            .zip(reference::derivatives(&model, &intake, &y))
        {
            assert_close("derivative after in-place change", fast, slow, gross);
        }
    }

    #[test]
    fn model_equality_and_debug_ignore_the_precomputed_powers() {
        let model = Model::reference();
        let rebuilt = Model::with_derived(model.parameters, model.derived);
        assert_eq!(model, rebuilt);
        let text = format!("{model:?}");
        assert!(text.starts_with("Model { parameters: Parameters {"));
        assert!(!text.contains("precomputed"));
    }
}
