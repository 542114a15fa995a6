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

use super::parameters::Parameters;
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
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct State {
    /// Oral vitamin D3 not yet absorbed, µg.
    pub d3_gut_ug: f64,
    /// Vitamin D3 in plasma and fat, lumped, µg.
    pub d3_body_ug: f64,
    /// 25(OH)D, the status marker, ng/mL.
    pub ohd25_ng_ml: f64,
    /// 1,25(OH)2D (calcitriol), the hormone, pg/mL.
    pub calcitriol_pg_ml: f64,
    /// 24,25(OH)2D, the catabolite, ng/mL.
    pub ohd2425_ng_ml: f64,
    /// Magnesium in the gut lumen, mg.
    pub mg_gut_mg: f64,
    /// Extracellular magnesium, mmol (serum Mg = `mg_ecf_mmol / v_ecf`).
    pub mg_ecf_mmol: f64,
    /// Exchangeable soft-tissue (intracellular) magnesium, mmol.
    pub mg_tissue_mmol: f64,
    /// Exchangeable bone magnesium, mmol.
    pub mg_bone_mmol: f64,
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

    /// The states as an array, in the order of [`State::NAMES`].
    pub fn to_array(&self) -> [f64; N_STATES] {
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
    pub fn from_slice(y: &[f64]) -> Self {
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

    /// Whether every state is finite and non-negative.
    pub fn is_physical(&self) -> bool {
        self.to_array().iter().all(|v| v.is_finite() && *v >= 0.0)
    }
}

/// Continuous background intakes: diet and skin vitamin D, and diet magnesium.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Intake {
    /// Vitamin D input from diet and skin, entering `d3_body` directly, IU/day.
    pub vitamin_d_iu_per_day: f64,
    /// Dietary magnesium entering the gut lumen, mg/day.
    pub magnesium_mg_per_day: f64,
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
pub struct Fluxes {
    /// Background vitamin D input into `d3_body`, µg/day.
    pub vitamin_d_input_ug_day: f64,
    /// Absorption of oral vitamin D from the gut, µg/day.
    pub absorb_d_ug_day: f64,
    /// Hepatic 25-hydroxylation (CYP2R1), µg/day.
    pub v_2r1_ug_day: f64,
    /// Loss of vitamin D3 to fat and other routes, µg/day.
    pub loss_d3_ug_day: f64,
    /// 24-hydroxylation of 25(OH)D (CYP24A1), ng/mL/day.
    pub v_24a1_ng_ml_day: f64,
    /// Other clearance of 25(OH)D, ng/mL/day.
    pub other_25_ng_ml_day: f64,
    /// Renal 1-alpha-hydroxylation (CYP27B1), pg/mL/day of calcitriol.
    pub v_27b1_pg_ml_day: f64,
    /// Clearance of calcitriol, pg/mL/day.
    pub clear_cal_pg_ml_day: f64,
    /// Clearance of 24,25(OH)2D, ng/mL/day.
    pub clear_2425_ng_ml_day: f64,
    /// Dietary magnesium entering the gut, mg/day.
    pub mg_intake_mg_day: f64,
    /// Magnesium absorbed from the gut (paracellular + transcellular), mg/day.
    pub abs_mg_mg_day: f64,
    /// Unabsorbed magnesium leaving the gut in faeces, mg/day.
    pub transit_mg_mg_day: f64,
    /// Uptake of Mg into soft tissue, mmol/day.
    pub tissue_in_mmol_day: f64,
    /// Release of Mg from soft tissue, mmol/day.
    pub tissue_out_mmol_day: f64,
    /// Deposition of Mg into bone, mmol/day.
    pub bone_in_mmol_day: f64,
    /// Release of Mg from bone, mmol/day.
    pub bone_out_mmol_day: f64,
    /// Urinary magnesium loss, mmol/day.
    pub urine_mmol_day: f64,
}

/// The algebraic outputs that depend on the states at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Auxiliaries {
    /// Serum magnesium, mmol/L.
    pub serum_mg_mmol_l: f64,
    /// Cellular Mg status `m = mg_tissue / mg_tissue_ref`, dimensionless.
    pub cellular_mg_ratio: f64,
    /// Serum Mg ratio `s = serum_mg / serum_mg_ref`, dimensionless.
    pub serum_mg_ratio: f64,
    /// Calcitriol ratio `c = calcitriol / calcitriol_ref` used in the power laws, dimensionless,
    /// floored at [`CALCITRIOL_RATIO_FLOOR`].
    pub calcitriol_ratio: f64,
    /// Relative activity of CYP2R1 (1 at reference Mg).
    pub gate_cyp2r1: f64,
    /// Relative activity of CYP27B1 (1 at reference Mg).
    pub gate_cyp27b1: f64,
    /// Relative activity of CYP24A1 (1 at reference Mg).
    pub gate_cyp24a1: f64,
    /// Induction of CYP24A1 by 25(OH)D (1 when 25(OH)D is 0).
    pub induction_cyp24a1: f64,
    /// Parathyroid hormone (quasi-steady state), pg/mL.
    pub pth_pg_ml: f64,
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
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Model {
    /// The parameters.
    pub parameters: Parameters,
    /// Constants derived from the reference subject of [`Model::reference`].
    pub derived: DerivedConstants,
}

/// The Mg gate of an enzyme: `gate(m) = (1 + K^n) m^n / (K^n + m^n)`, so `gate(1) = 1`.
///
/// `m_pow_n` is `m^n`, computed once for all three gates.
pub fn gate(m_pow_n: f64, half_activation: f64, hill: f64) -> f64 {
    let k_pow_n = half_activation.powf(hill);
    (1.0 + k_pow_n) * m_pow_n / (k_pow_n + m_pow_n)
}

/// Induction of CYP24A1 by 25(OH)D: `1 + Emax · C^h / (EC50^h + C^h)`.
pub fn cyp24a1_induction(ohd25_ng_ml: f64, parameters: &Parameters) -> f64 {
    let c_pow_h = ohd25_ng_ml.max(0.0).powf(parameters.h_24);
    let ec50_pow_h = parameters.ec50_24.powf(parameters.h_24);
    1.0 + parameters.emax_24 * c_pow_h / (ec50_pow_h + c_pow_h)
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

/// Luminal Mg (mg) at which gut inflow `intake_mg_day` balances absorption and transit, with the
/// calcitriol ratio `c` fixed.
pub fn gut_mg_at_balance(intake_mg_day: f64, calcitriol_ratio: f64, p: &Parameters) -> f64 {
    // R = (k_para + k_transit) g + vmax' g / (km + g), with vmax' = vmax_tr c^a_abs.
    let linear = p.k_para + p.k_transit;
    let vmax = p.vmax_tr * calcitriol_ratio.max(0.0).powf(p.a_abs);
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
        Ok(Self {
            parameters,
            derived,
        })
    }

    /// Builds a model whose derived constants were computed from another (typical) parameter set:
    /// used for subjects whose parameters vary around the population's, so that the variation
    /// moves them away from the reference state.
    pub fn with_derived(parameters: Parameters, derived: DerivedConstants) -> Self {
        Self {
            parameters,
            derived,
        }
    }

    /// The model with the default parameters of the parameter table.
    pub fn reference() -> Self {
        // The defaults are checked by the test `reference_subject_sits_at_reference_values`.
        Self::new(Parameters::default()).unwrap_or_else(|e| panic!("default parameters: {e}"))
    }

    /// The algebraic outputs at a state: serum Mg, ratios, gates, CYP24A1 induction and PTH.
    pub fn auxiliaries(&self, y: &State) -> Auxiliaries {
        let p = &self.parameters;
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

    /// Every flux at a state under a background intake.
    pub fn fluxes(&self, intake: &Intake, y: &State) -> Fluxes {
        self.fluxes_with(intake, y, &self.auxiliaries(y))
    }

    fn fluxes_with(&self, intake: &Intake, y: &State, a: &Auxiliaries) -> Fluxes {
        let p = &self.parameters;
        let d = &self.derived;
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
                + p.vmax_tr * c.powf(p.a_abs) * mg_gut / (p.km_tr + mg_gut),
            transit_mg_mg_day: p.k_transit * y.mg_gut_mg,
            tissue_in_mmol_day: p.k_tis * p.mg_tissue_ref * s.powf(p.p_tis),
            tissue_out_mmol_day: p.k_tis * y.mg_tissue_mmol,
            bone_in_mmol_day: p.k_bone * p.mg_bone_ref * s * c.powf(p.a_bone),
            bone_out_mmol_day: p.k_bone * y.mg_bone_mmol,
            urine_mmol_day: p.renal_mg_factor
                * d.urine_ref_mmol_day
                * s.powf(p.q_urine)
                * c.powf(p.a_urine),
        }
    }

    /// Time derivatives of the nine states (and the fluxes they were built from).
    pub fn derivatives(&self, intake: &Intake, y: &State) -> (State, Fluxes) {
        let f = self.fluxes(intake, y);
        let rates = State {
            d3_gut_ug: -f.absorb_d_ug_day,
            d3_body_ug: f.vitamin_d_input_ug_day + f.absorb_d_ug_day
                - f.v_2r1_ug_day
                - f.loss_d3_ug_day,
            ohd25_ng_ml: f.v_2r1_ug_day / self.parameters.v_ohd
                - f.v_24a1_ng_ml_day
                - f.other_25_ng_ml_day
                - f.v_27b1_pg_ml_day / 1000.0,
            calcitriol_pg_ml: f.v_27b1_pg_ml_day - f.clear_cal_pg_ml_day,
            ohd2425_ng_ml: f.v_24a1_ng_ml_day - f.clear_2425_ng_ml_day,
            mg_gut_mg: f.mg_intake_mg_day - f.abs_mg_mg_day - f.transit_mg_mg_day,
            mg_ecf_mmol: f.abs_mg_mg_day / MG_PER_MMOL - f.tissue_in_mmol_day
                + f.tissue_out_mmol_day
                - f.bone_in_mmol_day
                + f.bone_out_mmol_day
                - f.urine_mmol_day,
            mg_tissue_mmol: f.tissue_in_mmol_day - f.tissue_out_mmol_day,
            mg_bone_mmol: f.bone_in_mmol_day - f.bone_out_mmol_day,
        };
        (rates, f)
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
