//! The model's description of itself: states, equations, derived constants, mechanisms and the
//! parameter table, rendered as plain text (for `mgate explain`) or Markdown (for `docs/model.md`
//! and the report).
//!
//! Parameter values, units, ranges and rationales always come from [`PARAMETER_TABLE`] or a
//! [`Parameters`] value, and the derived constants are computed, so the text cannot drift from the
//! code. The equations are written with the code's own parameter names; which equation a parameter
//! appears in is found by searching those formulas, and a test checks that every parameter appears
//! in at least one.
//!
//! An illustrative toy model for teaching, **not calibrated** and not medical advice.
//!
//! ```
//! use mgate::model::Parameters;
//! use mgate::model::explain::{explain_parameter, model_overview};
//!
//! let overview = model_overview(&Parameters::default());
//! assert!(overview.starts_with(mgate::DISCLAIMER));
//! let k_cal = explain_parameter("k_cal").expect("k_cal is a parameter");
//! assert!(k_cal.contains("clear_cal"));
//! assert!(explain_parameter("k_call").is_none());
//! ```

use super::equations::{CALCITRIOL_RATIO_FLOOR, MG_PER_MMOL, Model, N_STATES, UG_PER_IU};
use super::parameters::{PARAMETER_TABLE, ParameterInfo, Parameters};
use crate::DISCLAIMER;
use std::fmt::Write as _;

/// Width of the plain-text rendering, in characters.
const TEXT_WIDTH: usize = 100;

/// One state of the model, as documented.
struct StateDoc {
    /// Name of the state in [`State::NAMES`](crate::model::State::NAMES), unit included.
    name: &'static str,
    /// Unit.
    unit: &'static str,
    /// What the state is.
    meaning: &'static str,
}

/// The nine states in the order of [`State::NAMES`](crate::model::State::NAMES) (checked by a test).
const STATES: [StateDoc; N_STATES] = [
    StateDoc {
        name: "d3_gut_ug",
        unit: "ug",
        meaning: "oral vitamin D3 not yet absorbed",
    },
    StateDoc {
        name: "d3_body_ug",
        unit: "ug",
        meaning: "vitamin D3 in plasma and fat, lumped",
    },
    StateDoc {
        name: "ohd25_ng_ml",
        unit: "ng/mL",
        meaning: "25(OH)D, the status marker",
    },
    StateDoc {
        name: "calcitriol_pg_ml",
        unit: "pg/mL",
        meaning: "1,25(OH)2D (calcitriol), the hormone",
    },
    StateDoc {
        name: "ohd2425_ng_ml",
        unit: "ng/mL",
        meaning: "24,25(OH)2D, the catabolite",
    },
    StateDoc {
        name: "mg_gut_mg",
        unit: "mg",
        meaning: "magnesium in the gut lumen",
    },
    StateDoc {
        name: "mg_ecf_mmol",
        unit: "mmol",
        meaning: "extracellular magnesium; serum Mg = mg_ecf / v_ecf (mmol/L)",
    },
    StateDoc {
        name: "mg_tissue_mmol",
        unit: "mmol",
        meaning: "exchangeable soft-tissue (intracellular) magnesium",
    },
    StateDoc {
        name: "mg_bone_mmol",
        unit: "mmol",
        meaning: "exchangeable bone magnesium",
    },
];

/// One equation of the model, written with the code's parameter names.
struct Equation {
    /// The quantity the equation defines, as other formulas refer to it (e.g. `v_2R1`).
    name: &'static str,
    /// The whole equation, left-hand side included.
    formula: &'static str,
    /// Unit of the quantity.
    unit: &'static str,
}

/// A titled group of equations.
struct Section {
    title: &'static str,
    equations: &'static [Equation],
}

/// Shorthand for building the equation tables.
const fn eq(name: &'static str, formula: &'static str, unit: &'static str) -> Equation {
    Equation {
        name,
        formula,
        unit,
    }
}

/// Every equation, as implemented in `equations.rs` (state names without their unit suffix).
const SECTIONS: &[Section] = &[
    Section {
        title: "Auxiliary quantities",
        equations: &[
            eq("serum_mg", "serum_mg = mg_ecf / v_ecf", "mmol/L"),
            eq("m", "m = max(mg_tissue / mg_tissue_ref, 0)", "1"),
            eq("s", "s = max(serum_mg / serum_mg_ref, 0)", "1"),
            eq(
                "c",
                "c = max(calcitriol / calcitriol_ref, CALCITRIOL_RATIO_FLOOR)",
                "1",
            ),
            eq(
                "gate_2R1",
                "gate_2R1 = (1 + k_2r1^n_gate) · m^n_gate / (k_2r1^n_gate + m^n_gate)",
                "1",
            ),
            eq(
                "gate_27B1",
                "gate_27B1 = (1 + k_27b1^n_gate) · m^n_gate / (k_27b1^n_gate + m^n_gate)",
                "1",
            ),
            eq(
                "gate_24A1",
                "gate_24A1 = (1 + k_24a1^n_gate) · m^n_gate / (k_24a1^n_gate + m^n_gate)",
                "1",
            ),
            eq(
                "ind",
                "ind = 1 + emax_24 · C^h_24 / (ec50_24^h_24 + C^h_24), C = max(ohd25, 0)",
                "1",
            ),
            eq(
                "S",
                "S = (1 + K_s^pth_mg_hill) · s^pth_mg_hill / (K_s^pth_mg_hill + s^pth_mg_hill), \
                 K_s = pth_mg_half / serum_mg_ref",
                "1",
            ),
            eq("pth", "pth = pth_ref · S · c^(-a_pth)", "pg/mL"),
        ],
    },
    Section {
        title: "Fluxes",
        equations: &[
            eq(
                "R_d",
                "R_d = vitamin D input (diet + skin, IU/day) · UG_PER_IU",
                "ug/day",
            ),
            eq("absorb_d", "absorb_d = ka_d · d3_gut", "ug/day"),
            eq(
                "v_2R1",
                "v_2R1 = gate_2R1 · vmax_25 · D / (km_25 + D), D = max(d3_body, 0)",
                "ug/day",
            ),
            eq("loss_d3", "loss_d3 = k_d3_loss · d3_body", "ug/day"),
            eq(
                "v_24A1",
                "v_24A1 = gate_24A1 · k_24 · ind · ohd25",
                "ng/mL/day",
            ),
            eq("other_25", "other_25 = k_25_other · ohd25", "ng/mL/day"),
            eq(
                "v_27B1",
                "v_27B1 = gate_27B1 · k_1a · (pth / pth_ref) · C / (1 + C / km_1a), C = max(ohd25, 0)",
                "pg/mL/day",
            ),
            eq(
                "clear_cal",
                "clear_cal = k_cal · calcitriol · (1 - phi_24 + phi_24 · gate_24A1 · ind)",
                "pg/mL/day",
            ),
            eq("clear_2425", "clear_2425 = k_2425 · ohd2425", "ng/mL/day"),
            eq(
                "abs_mg",
                "abs_mg = k_para · mg_gut + vmax_tr · (1 - abs_calcitriol_share + abs_calcitriol_share · c^a_abs) · G / (km_tr + G), G = max(mg_gut, 0)",
                "mg/day",
            ),
            eq("transit", "transit = k_transit · mg_gut", "mg/day"),
            eq(
                "tissue_in",
                "tissue_in = k_tis · mg_tissue_ref · s^p_tis",
                "mmol/day",
            ),
            eq(
                "tissue_out",
                "tissue_out = k_tis · mg_tissue_ref · m^r_tis",
                "mmol/day",
            ),
            eq(
                "bone_in",
                "bone_in = k_bone · mg_bone_ref · s · (1 - bone_calcitriol_share + bone_calcitriol_share · (1 + bone_calcitriol_half) · c^a_bone / (bone_calcitriol_half + c^a_bone))",
                "mmol/day",
            ),
            eq("bone_out", "bone_out = k_bone · mg_bone", "mmol/day"),
            eq(
                "urine",
                "urine = renal_mg_factor · urine_ref · (urine_obligatory_share · s + (1 - urine_obligatory_share) · s^q_urine) · c^a_urine",
                "mmol/day",
            ),
        ],
    },
    Section {
        title: "Rates of change",
        equations: &[
            eq("d_d3_gut", "d d3_gut/dt = -absorb_d", "ug/day"),
            eq(
                "d_d3_body",
                "d d3_body/dt = R_d + absorb_d - v_2R1 - loss_d3",
                "ug/day",
            ),
            eq(
                "d_ohd25",
                "d ohd25/dt = v_2R1 / v_ohd - v_24A1 - other_25 - v_27B1 / 1000",
                "ng/mL/day",
            ),
            eq(
                "d_calcitriol",
                "d calcitriol/dt = v_27B1 - clear_cal",
                "pg/mL/day",
            ),
            eq(
                "d_ohd2425",
                "d ohd2425/dt = v_24A1 - clear_2425",
                "ng/mL/day",
            ),
            eq(
                "d_mg_gut",
                "d mg_gut/dt = dietary Mg intake (mg/day) - abs_mg - transit",
                "mg/day",
            ),
            eq(
                "d_mg_ecf",
                "d mg_ecf/dt = abs_mg / MG_PER_MMOL - tissue_in + tissue_out - bone_in + bone_out - urine",
                "mmol/day",
            ),
            eq(
                "d_mg_tissue",
                "d mg_tissue/dt = tissue_in - tissue_out",
                "mmol/day",
            ),
            eq("d_mg_bone", "d mg_bone/dt = bone_in - bone_out", "mmol/day"),
        ],
    },
    Section {
        title: "Doses (events that add to the gut states at their time)",
        equations: &[
            eq(
                "dose_d3",
                "vitamin D3 dose: d3_gut += IU · UG_PER_IU · f_d",
                "ug",
            ),
            eq(
                "dose_d2",
                "vitamin D2 dose: d3_gut += IU · UG_PER_IU · d2_potency · f_d",
                "ug",
            ),
            eq(
                "dose_mg",
                "Mg dose (mg elemental): mg_gut += mg · mg_bio_oxide | mg_bio_citrate | \
                 mg_bio_glycinate | mg_bio_chloride (by form)",
                "mg",
            ),
        ],
    },
    Section {
        title: "Derived constants (the reference subject at steady state, all gates 1, c = 1, s = 1)",
        equations: &[
            eq(
                "G_ref",
                "G_ref solves mg_intake_ref = (k_para + k_transit) · G_ref + vmax_tr · G_ref / (km_tr + G_ref)",
                "mg",
            ),
            eq(
                "urine_ref",
                "urine_ref = (k_para · G_ref + vmax_tr · G_ref / (km_tr + G_ref)) / MG_PER_MMOL",
                "mmol/day",
            ),
            eq(
                "D_ref",
                "D_ref solves vitd_input_ref · UG_PER_IU = vmax_25 · D_ref / (km_25 + D_ref) + k_d3_loss · D_ref",
                "ug",
            ),
            eq(
                "turnover_ref",
                "turnover_ref(C) = k_cal · calcitriol_ref · (1 - phi_24 + phi_24 · ind(C))",
                "pg/mL/day",
            ),
            eq(
                "C_ref",
                "C_ref solves vmax_25 · D_ref / (km_25 + D_ref) / v_ohd = \
                 k_24 · ind(C_ref) · C_ref + k_25_other · C_ref + turnover_ref(C_ref) / 1000",
                "ng/mL",
            ),
            eq(
                "k_1a",
                "k_1a = turnover_ref(C_ref) · (1 + C_ref / km_1a) / C_ref",
                "pg/mL/day per ng/mL",
            ),
        ],
    },
];

/// Whether `text` contains `word` as a whole identifier (not as part of a longer name).
fn mentions(text: &str, word: &str) -> bool {
    let is_identifier = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(word).any(|(start, _)| {
        let before = text[..start].chars().next_back();
        let after = text[start + word.len()..].chars().next();
        !before.is_some_and(is_identifier) && !after.is_some_and(is_identifier)
    })
}

/// Every equation, in order.
fn all_equations() -> impl Iterator<Item = &'static Equation> {
    SECTIONS.iter().flat_map(|section| section.equations)
}

/// The equations whose formula names `parameter`.
fn equations_using(parameter: &str) -> Vec<&'static Equation> {
    all_equations()
        .filter(|equation| mentions(equation.formula, parameter))
        .collect()
}

/// How a quantity is named in text: rates of change as `d x/dt`, everything else by its name.
fn display_name(name: &str) -> String {
    match name.strip_prefix("d_") {
        Some(state) => format!("d {state}/dt"),
        None => name.to_string(),
    }
}

/// The quantities that depend, through other equations, on the equations in `direct`.
fn downstream_of(direct: &[&'static Equation]) -> Vec<&'static str> {
    let mut reached: Vec<&'static str> = direct.iter().map(|e| e.name).collect();
    let mut downstream = Vec::new();
    let mut next = 0;
    while next < reached.len() {
        let name = reached[next];
        next += 1;
        for equation in all_equations() {
            if !reached.contains(&equation.name) && mentions(equation.formula, name) {
                reached.push(equation.name);
                downstream.push(equation.name);
            }
        }
    }
    downstream
}

/// Appends `prefix` and then `text` to `out`, wrapped at [`TEXT_WIDTH`]; continuation lines
/// start with `indent` spaces.
fn push_wrapped(out: &mut String, prefix: &str, text: &str, indent: usize) {
    let mut line = prefix.to_string();
    let mut line_has_words = false;
    for word in text.split_whitespace() {
        let fits = line.chars().count() + 1 + word.chars().count() <= TEXT_WIDTH;
        if line_has_words && !fits {
            let _ = writeln!(out, "{line}");
            line = " ".repeat(indent);
            line_has_words = false;
        }
        if line_has_words {
            line.push(' ');
        }
        line.push_str(word);
        line_has_words = true;
    }
    let _ = writeln!(out, "{line}");
}

/// Appends a paragraph indented by `indent` spaces.
fn push_paragraph(out: &mut String, text: &str, indent: usize) {
    push_wrapped(out, &" ".repeat(indent), text, indent);
}

/// Appends an equation with its unit, continuation lines indented four more spaces.
fn push_equation(out: &mut String, equation: &Equation, indent: usize) {
    let text = format!("{}   [{}]", equation.formula, equation.unit);
    push_wrapped(out, &" ".repeat(indent), &text, indent + 4);
}

/// A heading, underlined.
fn push_heading(out: &mut String, title: &str) {
    let _ = writeln!(out, "\n{title}\n{}", "-".repeat(title.chars().count()));
}

/// A value with its unit, leaving out the unit `1` of dimensionless quantities.
fn with_unit(value: f64, unit: &str) -> String {
    if unit == "1" {
        value.to_string()
    } else {
        format!("{value} {unit}")
    }
}

/// The groups of [`PARAMETER_TABLE`] in table order, each with its parameters.
fn parameter_groups() -> Vec<(&'static str, Vec<&'static ParameterInfo>)> {
    let mut groups: Vec<(&'static str, Vec<&'static ParameterInfo>)> = Vec::new();
    for info in PARAMETER_TABLE {
        match groups.iter_mut().find(|(group, _)| *group == info.group) {
            Some((_, members)) => members.push(info),
            None => groups.push((info.group, vec![info])),
        }
    }
    groups
}

/// The valid range of a parameter, e.g. `0.05 to 50 1/day`.
fn range_text(info: &ParameterInfo) -> String {
    format!("{} to {}", info.min, with_unit(info.max, info.unit))
}

/// The teaching story of the model in plain words, with the values that decide it.
fn mechanisms(p: &Parameters) -> Vec<String> {
    let thermostat = if p.k_24a1 > p.k_2r1 {
        format!(
            "It emerges because k_24a1 = {} > k_2r1 = {}: CYP2R1 is nearly saturated at normal Mg \
             and gains little from more (though much when cells are short of Mg, as they often are \
             in people whose diets are poor in both nutrients), while CYP24A1 keeps gaining, and \
             CYP24A1 matters only where high 25(OH)D induces it (steeply: h_24 = {}). No rule \
             looks at the baseline.",
            p.k_24a1, p.k_2r1, p.h_24
        )
    } else {
        format!(
            "With these values k_24a1 = {} is not above k_2r1 = {}: CYP24A1 gains no more from \
             extra Mg than CYP2R1 does, so the two-way effect is not expected to emerge.",
            p.k_24a1, p.k_2r1
        )
    };
    vec![
        "Mg gates activation: CYP2R1 (liver) and CYP27B1 (kidney) slow down when cellular Mg \
         (m) is low, so vitamin D supplements work less well in Mg deficiency (the \
         \"non-responder\")."
            .to_string(),
        format!(
            "Mg gates catabolism too: CYP24A1 is also Mg-dependent and is induced when 25(OH)D is \
             high (half-maximal at ec50_24 = {} ng/mL). Extra Mg therefore raises 25(OH)D where \
             induction is weak (low status) and lowers it where induction is strong (high status): \
             a two-way \"thermostat\". {thermostat}",
            p.ec50_24
        ),
        format!(
            "Vitamin D drains Mg: calcitriol drives Mg into bone with mineralisation (c^a_bone, \
             a_bone = {}; bone exchanges at k_bone = {} /day) and raises urinary Mg loss \
             (c^a_urine, a_urine = {}). When high-dose vitamin D lifts calcitriol, bone that was \
             short of mineral takes up Mg for months, so serum and tissue Mg fall, most in people \
             who were deficient and whose Mg intake cannot replace the loss. At steady state bone \
             neither takes nor gives, so this is a transient of weeks to months.",
            p.a_bone, p.k_bone, p.a_urine
        ),
        format!(
            "Vitamin D helps Mg absorption: calcitriol raises transcellular Mg absorption \
             (a share abs_calcitriol_share = {} of its capacity follows c^a_abs, a_abs = {}), \
             which closes the loop. Because absorption rises with calcitriol more than urinary \
             loss does, vitamin D deficiency lowers body Mg a little at steady state, never \
             raises it.",
            p.abs_calcitriol_share, p.a_abs
        ),
        format!(
            "The kidney conserves Mg when it is scarce: the regulated part of urinary Mg rises \
             steeply with serum Mg (s^q_urine, q_urine = {}), so it nearly stops when serum Mg \
             falls, but a share urine_obligatory_share = {} is lost in proportion to serum Mg \
             whatever the body's need. On a very poor diet that obligatory loss drains serum and \
             cells for months: the depleted state of Mg-dependent vitamin D-resistant rickets. \
             PTH secretion falters when serum Mg falls towards pth_mg_half = {} mmol/L.",
            p.q_urine, p.urine_obligatory_share, p.pth_mg_half
        ),
        format!(
            "Serum Mg is a poor marker: tissue uptake rises steeply with serum Mg (s^p_tis, \
             p_tis = {}) and cells release their Mg as m^r_tis (r_tis = {}), holding on to it as \
             it falls, so at steady state cellular Mg follows s^(p_tis / r_tis); the kidney holds \
             serum Mg in a narrow range, so tissue Mg varies far more than serum Mg.",
            p.p_tis, p.r_tis
        ),
    ]
}

/// The whole model described in plain text for a terminal (about 100 columns): the disclaimer
/// first, then the nine states with units, every equation as implemented (auxiliaries, fluxes,
/// rates, doses and the derived constants `urine_ref` and `k_1a` with how they are derived, and
/// the calcitriol ratio floor), the mechanisms in plain words, and the parameter table grouped by
/// group with value, unit, valid range and rationale.
///
/// Values are read from `parameters`, so overridden values are shown as such (with their
/// default); the derived constants are computed from them, or the reason they cannot be is shown.
pub fn model_overview(parameters: &Parameters) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{DISCLAIMER}.\n");
    push_paragraph(
        &mut out,
        "mgate: a small compartment model in which magnesium gates the three vitamin D \
         hydroxylases (CYP2R1 in the liver, CYP27B1 in the kidney, CYP24A1 for catabolism). It \
         illustrates, for teaching, the qualitative two-way relation between vitamin D and \
         magnesium. It is not calibrated against patient data. Time is in days.",
        0,
    );

    push_heading(&mut out, "States (9)");
    for state in &STATES {
        let _ = writeln!(
            out,
            "  {:<18} {:<7} {}",
            state.name, state.unit, state.meaning
        );
    }

    push_heading(&mut out, "Constants");
    let _ = writeln!(
        out,
        "  UG_PER_IU              = {UG_PER_IU} ug per IU of vitamin D"
    );
    let _ = writeln!(
        out,
        "  MG_PER_MMOL            = {MG_PER_MMOL} mg per mmol of Mg"
    );
    let _ = writeln!(
        out,
        "  CALCITRIOL_RATIO_FLOOR = {CALCITRIOL_RATIO_FLOOR} (smallest c in the power laws)"
    );
    push_paragraph(
        &mut out,
        "The floor on c applies wherever c enters a power law (PTH, transcellular Mg absorption, \
         bone uptake, urinary Mg). Without it PTH would become infinite and urinary Mg would \
         vanish when calcitriol goes to zero (zero vitamin D input), leaving no steady state.",
        2,
    );
    push_paragraph(
        &mut out,
        "In the equations below states are named without their unit suffix (d3_gut is \
         d3_gut_ug). The max(..., 0) guards keep rounding-level negative values from flipping the \
         sign of a saturable term.",
        2,
    );

    for section in SECTIONS {
        push_heading(&mut out, section.title);
        for equation in section.equations {
            push_equation(&mut out, equation, 2);
        }
    }

    push_heading(&mut out, "Derived constants: values");
    push_paragraph(
        &mut out,
        "urine_ref closes the Mg balance and k_1a puts calcitriol at calcitriol_ref in the \
         reference subject (intakes vitd_input_ref and mg_intake_ref; serum, tissue and bone Mg \
         at their references). Changing any other parameter then moves the model away from the \
         reference in an understandable way. Subjects who vary around a population keep the \
         population's derived constants.",
        2,
    );
    match Model::new(*parameters) {
        Ok(model) => {
            let d = model.derived;
            let _ = writeln!(
                out,
                "  urine_ref = {:.6} mmol/day\n  k_1a      = {:.6} pg/mL/day per ng/mL",
                d.urine_ref_mmol_day, d.k_1a_pg_ml_day_per_ng_ml
            );
            if let Ok(reference) = model.reference_state() {
                let text = format!(
                    "reference subject: 25(OH)D {:.2} ng/mL, d3_body {:.1} ug, 24,25(OH)2D \
                     {:.3} ng/mL, gut Mg {:.1} mg",
                    reference.ohd25_ng_ml,
                    reference.d3_body_ug,
                    reference.ohd2425_ng_ml,
                    reference.mg_gut_mg
                );
                push_paragraph(&mut out, &text, 2);
            }
        }
        Err(error) => {
            let text = format!("cannot be derived for these parameters: {error}");
            push_paragraph(&mut out, &text, 2);
        }
    }

    push_heading(&mut out, "Mechanisms (the teaching story)");
    for mechanism in mechanisms(parameters) {
        push_wrapped(&mut out, "  - ", &mechanism, 4);
    }

    push_heading(
        &mut out,
        "Calibration (against the phenomena, not against data)",
    );
    push_paragraph(
        &mut out,
        "These parameters were tuned so that the seven phenomena P1 to P7 hold on every seed with \
         the sizes a class can see, and no input range gives backwards physiology (S1; `mgate \
         check`); docs/model.md gives the figures and the limits. No parameter was estimated \
         from patient data.",
        2,
    );
    for info in PARAMETER_TABLE.iter().filter(|info| {
        info.rationale.starts_with("calibrated") || info.rationale.contains("Model 2")
    }) {
        push_wrapped(
            &mut out,
            &format!("  {:<10} ", info.name),
            info.rationale,
            13,
        );
    }

    push_heading(&mut out, "Parameters");
    for (group, members) in parameter_groups() {
        let _ = writeln!(out, "\n  [{group}]");
        for info in members {
            let value = info.get(parameters);
            let changed = if value == info.default {
                String::new()
            } else {
                format!(" (default {})", info.default)
            };
            let _ = writeln!(
                out,
                "  {:<18} {}{}   valid {}",
                info.name,
                with_unit(value, info.unit),
                changed,
                range_text(info)
            );
            push_paragraph(&mut out, info.rationale, 6);
        }
    }
    let _ = writeln!(out, "\n{DISCLAIMER}.");
    out
}

/// One parameter in detail, with its default value: see [`explain_parameter_with`].
///
/// Returns `None` for a name that is not in [`PARAMETER_TABLE`].
pub fn explain_parameter(name: &str) -> Option<String> {
    explain_parameter_with(name, &Parameters::default())
}

/// One parameter in detail, with its value in `parameters`: value (and default if different),
/// unit, valid range, group, rationale, the equations it appears in and the quantities that
/// depend on those equations. Plain text, about 100 columns, ending with the disclaimer.
///
/// Returns `None` for a name that is not in [`PARAMETER_TABLE`].
pub fn explain_parameter_with(name: &str, parameters: &Parameters) -> Option<String> {
    let info = Parameters::info(name)?;
    let mut out = String::new();
    let value = info.get(parameters);
    let _ = writeln!(out, "{}", info.name);
    let _ = writeln!(out, "  value:     {}", with_unit(value, info.unit));
    if value != info.default {
        let _ = writeln!(out, "  default:   {}", with_unit(info.default, info.unit));
    }
    let unit = if info.unit == "1" {
        "1 (dimensionless)"
    } else {
        info.unit
    };
    let _ = writeln!(out, "  unit:      {unit}");
    let _ = writeln!(out, "  valid:     {}", range_text(info));
    let _ = writeln!(out, "  group:     {}", info.group);
    push_wrapped(&mut out, "  rationale: ", info.rationale, 13);

    let direct = equations_using(info.name);
    let _ = writeln!(out, "  appears in:");
    for equation in &direct {
        push_equation(&mut out, equation, 4);
    }
    let downstream = downstream_of(&direct);
    if !downstream.is_empty() {
        let _ = writeln!(out, "  and through them affects:");
        let names: Vec<String> = downstream.iter().map(|name| display_name(name)).collect();
        push_paragraph(&mut out, &names.join(", "), 4);
    }
    let _ = writeln!(out, "{DISCLAIMER}.");
    Some(out)
}

/// Marker comment that opens the generated parameter table in a Markdown document.
pub const PARAMETERS_BEGIN: &str = "<!-- parameters:begin -->";
/// Marker comment that closes the generated parameter table in a Markdown document.
pub const PARAMETERS_END: &str = "<!-- parameters:end -->";

/// The generated text between [`PARAMETERS_BEGIN`] and [`PARAMETERS_END`] for a parameter set:
/// a blank line, [`parameters_markdown`], and a blank line (so the table ends before the marker).
pub fn parameters_section(parameters: &Parameters) -> String {
    format!("\n\n{}\n", parameters_markdown(parameters))
}

/// The text between [`PARAMETERS_BEGIN`] and [`PARAMETERS_END`] in `document`, or `None` when
/// either marker is missing or they are out of order.
pub fn find_parameters_section(document: &str) -> Option<&str> {
    let start = document.find(PARAMETERS_BEGIN)? + PARAMETERS_BEGIN.len();
    let end = start + document[start..].find(PARAMETERS_END)?;
    Some(&document[start..end])
}

/// `document` with the text between the markers replaced by `section`, or `None` when the
/// markers are missing or out of order.
pub fn replace_parameters_section(document: &str, section: &str) -> Option<String> {
    let current = find_parameters_section(document)?;
    let start = current.as_ptr() as usize - document.as_ptr() as usize;
    let end = start + current.len();
    Some(format!(
        "{}{section}{}",
        &document[..start],
        &document[end..]
    ))
}

/// Escapes the characters that would break a Markdown table cell.
fn markdown_cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// The parameter table as Markdown: one `###` heading and one table per group (in table order),
/// with name, value, unit, valid range and rationale. Values are read from `parameters`.
///
/// `docs/model.md` contains this output for the default parameters between the markers
/// [`PARAMETERS_BEGIN`] and [`PARAMETERS_END`] (see [`parameters_section`]); `tests/docs.rs`
/// checks it and `cargo run --example write_model_doc` rewrites it.
pub fn parameters_markdown(parameters: &Parameters) -> String {
    let mut out = String::new();
    for (index, (group, members)) in parameter_groups().into_iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "### {}\n", markdown_cell(group));
        let _ = writeln!(
            out,
            "| parameter | value | unit | valid range | rationale |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|");
        for info in members {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} to {} | {} |",
                info.name,
                info.get(parameters),
                markdown_cell(info.unit),
                info.min,
                info.max,
                markdown_cell(info.rationale)
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::State;

    #[test]
    fn every_parameter_appears_in_overview_and_markdown() {
        let defaults = Parameters::default();
        let overview = model_overview(&defaults);
        let markdown = parameters_markdown(&defaults);
        for info in PARAMETER_TABLE {
            assert!(
                mentions(&overview, info.name),
                "{} not in overview",
                info.name
            );
            assert!(
                markdown.contains(&format!("| `{}` |", info.name)),
                "{} not in markdown",
                info.name
            );
            assert!(markdown.contains(info.rationale), "{}", info.name);
        }
        for group in parameter_groups().iter().map(|(group, _)| group) {
            assert!(markdown.contains(&format!("### {group}")));
            assert!(overview.contains(&format!("[{group}]")));
        }
    }

    #[test]
    fn disclaimer_comes_first_and_is_in_every_text() {
        let overview = model_overview(&Parameters::default());
        assert!(overview.starts_with(DISCLAIMER));
        assert!(explain_parameter("k_24a1").unwrap().contains(DISCLAIMER));
    }

    #[test]
    fn unknown_parameter_gives_none() {
        assert!(explain_parameter("k_call").is_none());
        assert!(explain_parameter("").is_none());
        assert!(
            explain_parameter("urine_ref").is_none(),
            "derived, not a parameter"
        );
    }

    #[test]
    fn every_parameter_appears_in_some_equation() {
        for info in PARAMETER_TABLE {
            let text = single_spaced(&explain_parameter(info.name).unwrap());
            assert!(
                !equations_using(info.name).is_empty(),
                "{} appears in no equation",
                info.name
            );
            assert!(text.contains(info.rationale) && text.contains(info.group));
        }
    }

    /// The text with every run of whitespace (line breaks of the wrapping) as one space.
    fn single_spaced(text: &str) -> String {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn documented_states_match_the_code() {
        let names: Vec<&str> = STATES.iter().map(|s| s.name).collect();
        assert_eq!(names, State::NAMES);
        for state in &STATES {
            assert!(
                state.name.ends_with(&unit_suffix(state.unit)),
                "{}",
                state.name
            );
        }
    }

    /// The suffix a state name carries for a unit (`ng/mL` -> `_ng_ml`).
    fn unit_suffix(unit: &str) -> String {
        format!("_{}", unit.to_lowercase().replace('/', "_"))
    }

    #[test]
    fn equation_names_are_unique() {
        let mut names: Vec<&str> = all_equations().map(|e| e.name).collect();
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count);
    }

    #[test]
    fn explanation_follows_the_chain_of_equations() {
        // pth_mg_half enters S, which enters pth, then v_27B1 and calcitriol's rate.
        let text = explain_parameter("pth_mg_half").unwrap();
        let affected = text.split("affects:").nth(1).expect("downstream list");
        for downstream in ["pth", "v_27B1", "d calcitriol/dt"] {
            assert!(
                affected.contains(downstream),
                "{downstream} missing:\n{text}"
            );
        }
        // k_24 must not be matched inside k_24a1.
        assert!(
            equations_using("k_24")
                .iter()
                .all(|e| e.name != "gate_24A1")
        );
    }

    #[test]
    fn overridden_values_are_shown_with_their_default() {
        let default = Parameters::default().k_24a1;
        let mut p = Parameters::default();
        p.set("k_24a1", 0.5).unwrap();
        let overview = model_overview(&p);
        assert!(overview.contains(&format!("0.5 (default {default})")));
        assert!(mechanisms(&p).concat().contains("not expected to emerge"));
        let text = explain_parameter_with("k_24a1", &p).unwrap();
        assert!(
            text.contains("value:     0.5\n") && text.contains(&format!("default:   {default}\n"))
        );
        assert!(parameters_markdown(&p).contains("| `k_24a1` | 0.5 |"));
    }

    #[test]
    fn parameter_section_is_found_and_replaced_between_the_markers() {
        let document = format!("# Title\n{PARAMETERS_BEGIN}\nold\n{PARAMETERS_END}\nafter\n");
        assert_eq!(find_parameters_section(&document), Some("\nold\n"));
        let replaced = replace_parameters_section(&document, "\nnew\n").unwrap();
        assert_eq!(
            replaced,
            format!("# Title\n{PARAMETERS_BEGIN}\nnew\n{PARAMETERS_END}\nafter\n")
        );
        assert!(find_parameters_section("no markers").is_none());
        let reversed = format!("{PARAMETERS_END} {PARAMETERS_BEGIN}");
        assert!(find_parameters_section(&reversed).is_none());
    }

    #[test]
    fn text_fits_the_terminal() {
        let overview = model_overview(&Parameters::default());
        for line in overview.lines() {
            assert!(line.chars().count() <= TEXT_WIDTH, "too long: {line}");
        }
    }
}
