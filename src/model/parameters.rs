//! The model's parameters: one table with every value, unit, valid range and rationale.
//!
//! The table is the single source of truth: the [`Parameters`] struct, its defaults,
//! [`PARAMETER_TABLE`] (printed by `mgate explain` and the report) and lookup by name are all
//! generated from the one `define_parameters!` invocation below, so they cannot drift apart.
//!
//! Values are the starting values of `MODEL.md` unless a rationale says otherwise. They are toy
//! values chosen so that the phenomena of the model emerge in direction; they are **not**
//! calibrated against patient data.

/// Description of one model parameter, as printed by `mgate explain`.
#[derive(Debug, Clone, Copy)]
pub struct ParameterInfo {
    /// Name used in scenario files, `--set` and every output (e.g. `k_cal`).
    pub name: &'static str,
    /// Default value.
    pub default: f64,
    /// Unit, or `1` for dimensionless quantities.
    pub unit: &'static str,
    /// Smallest valid value (inclusive).
    pub min: f64,
    /// Largest valid value (inclusive).
    pub max: f64,
    /// Which part of the model the parameter belongs to.
    pub group: &'static str,
    /// One line saying why the value is what it is.
    pub rationale: &'static str,
    get: fn(&Parameters) -> f64,
    set: fn(&mut Parameters, f64),
}

impl ParameterInfo {
    /// Reads this parameter from a parameter set.
    pub fn get(&self, parameters: &Parameters) -> f64 {
        (self.get)(parameters)
    }

    /// Writes this parameter into a parameter set (no range check; see [`Parameters::set`]).
    pub fn set(&self, parameters: &mut Parameters, value: f64) {
        (self.set)(parameters, value)
    }

    /// Whether `value` is finite and inside the documented range.
    pub fn accepts(&self, value: f64) -> bool {
        value.is_finite() && value >= self.min && value <= self.max
    }
}

macro_rules! define_parameters {
    ($(
        $group:literal {
            $( $name:ident = $value:expr, $unit:literal, [$min:expr, $max:expr], $rationale:literal; )*
        }
    )*) => {
        /// Every model parameter as a named field (units in [`PARAMETER_TABLE`] and below).
        #[derive(Debug, Clone, Copy, PartialEq)]
        pub struct Parameters {
            $($(
                #[doc = concat!("`", $unit, "`, ", $group, ": ", $rationale)]
                pub $name: f64,
            )*)*
        }

        impl Default for Parameters {
            fn default() -> Self {
                Self { $($( $name: $value, )*)* }
            }
        }

        impl Parameters {
            /// Whether every parameter has the same bits as in `other`: a branch-free check that a
            /// computation cached from `other` still holds (unlike `==`, a NaN equals itself).
            #[inline]
            pub(crate) fn same_bits(&self, other: &Self) -> bool {
                let mut difference = 0_u64;
                $($( difference |= self.$name.to_bits() ^ other.$name.to_bits(); )*)*
                difference == 0
            }
        }

        /// The parameter table: name, default, unit, range, group and rationale of every parameter.
        pub const PARAMETER_TABLE: &[ParameterInfo] = &[
            $($(
                ParameterInfo {
                    name: stringify!($name),
                    default: $value,
                    unit: $unit,
                    min: $min,
                    max: $max,
                    group: $group,
                    rationale: $rationale,
                    get: |p: &Parameters| p.$name,
                    set: |p: &mut Parameters, v: f64| p.$name = v,
                },
            )*)*
        ];
    };
}

define_parameters! {
    "vitamin D absorption and 25-hydroxylation (liver, CYP2R1)" {
        ka_d = 2.0, "1/day", [0.05, 50.0],
            "oral vitamin D is absorbed with chylomicrons within a day or two";
        f_d = 0.8, "1", [0.0, 1.0],
            "fraction of an oral vitamin D dose absorbed; fat-soluble, most of it";
        d2_potency = 0.7, "1", [0.0, 2.0],
            "toy assumption: D2 raises 25(OH)D somewhat less than D3 per IU, so a D2 dose counts as 0.7 of D3";
        vmax_25 = 120.0, "ug/day", [1.0, 10000.0],
            "capacity of hepatic 25-hydroxylation, high enough that status rises with intake for years";
        km_25 = 600.0, "ug", [1.0, 1.0e6],
            "CYP2R1 is low-affinity: nearly linear over usual intakes, saturating only with large stores";
        k_d3_loss = 0.25, "1/day", [0.0, 10.0],
            "uptake of vitamin D3 into fat and other losses; plasma half-life of about 3 days (Model 2: 0.26 -> 0.25)";
        v_ohd = 34.0, "L", [1.0, 200.0],
            "apparent volume that turns ug of 25(OH)D made into ng/mL; Model 2: 20 -> 34 L keeps cohort status where it was (median about 25 ng/mL) once the slower k_25_other raised it";
    }
    "25(OH)D clearance and CYP24A1 catabolism" {
        k_25_other = 0.0247, "1/day", [0.0, 1.0],
            "clearance of 25(OH)D by routes other than CYP24A1; Model 2: 0.030 -> 0.0247 /day for P7, so the excess after stopping 4,000 IU/day halves in about 25 days rather than 15";
        k_24 = 0.000444, "1/day", [0.0, 1.0],
            "basal CYP24A1 24-hydroxylation of 25(OH)D; Model 2: 0.0031 -> 0.000444 /day for P1, so CYP24A1 barely acts below 30 ng/mL and extra Mg there raises 25(OH)D";
        emax_24 = 48.4, "1", [0.0, 100.0],
            "maximal induction of CYP24A1 by 25(OH)D; Model 2: 14 -> 48.4 with the small k_24, so CYP24A1 dominates 25(OH)D clearance above 40 ng/mL (P1 at high status); MODEL.md started at 5.7";
        ec50_24 = 42.5, "ng/mL", [1.0, 500.0],
            "25(OH)D at half-maximal CYP24A1 induction (Model 2: 44 -> 42.5): with h_24, the sign of the Mg effect flips near 35 ng/mL";
        h_24 = 6.84, "1", [0.5, 10.0],
            "steepness of CYP24A1 induction; Model 2: 4 -> 6.84, a sharper thermostat: weak below 30 ng/mL, strong above 40";
        k_2425 = 0.15, "1/day", [0.001, 10.0],
            "clearance of 24,25(OH)2D (half-life of about 5 days)";
    }
    "calcitriol (kidney, CYP27B1) and PTH" {
        km_1a = 150.0, "ng/mL", [1.0, 1000.0],
            "calibrated for P2 and P5: renal 1-alpha-hydroxylation far from saturation, so calcitriol follows its substrate up under high-dose vitamin D (MODEL.md started at 55)";
        k_cal = 2.0, "1/day", [0.05, 50.0],
            "calcitriol clearance; half-life of hours";
        phi_24 = 0.0141, "1", [0.0, 1.0],
            "CYP24A1 share of calcitriol clearance; Model 2: 0.1 -> 0.0141 because the stronger induction (emax_24) would otherwise pull calcitriol down under high-dose vitamin D (MODEL.md started at 0.5)";
        calcitriol_ref = 40.0, "pg/mL", [1.0, 500.0],
            "reference calcitriol of the reference subject (mid normal range)";
        pth_ref = 40.0, "pg/mL", [1.0, 500.0],
            "reference PTH of the reference subject (mid normal range)";
        a_pth = 0.3, "1", [0.0, 3.0],
            "calcitriol suppresses PTH secretion (power-law exponent; Model 2: 0.5 -> 0.3, a weaker feedback, so calcitriol follows vitamin D up under high doses)";
        pth_mg_half = 0.42, "mmol/L", [0.05, 1.5],
            "serum Mg at which PTH secretion is half-maximal (Model 2: 0.45 -> 0.42 mmol/L): it falters in the hypomagnesaemia of P3 and fails only in severe hypomagnesaemia";
        pth_mg_hill = 8.0, "1", [1.0, 20.0],
            "steepness of the loss of PTH secretion in severe hypomagnesaemia";
    }
    "magnesium gates of the hydroxylases" {
        n_gate = 4.53, "1", [0.5, 10.0],
            "Hill coefficient of all three Mg gates (Model 2: 4 -> 4.53)";
        k_2r1 = 0.813, "1", [0.05, 10.0],
            "half-activation of CYP2R1 by cellular Mg (relative to reference); Model 2: 0.94 -> 0.813, nearly saturated at normal Mg but steep below it, where many low-status people are";
        k_27b1 = 0.6, "1", [0.05, 10.0],
            "half-activation of CYP27B1 by cellular Mg; Model 2: 0.8 -> 0.6, saturated at normal Mg and failing only in real depletion (P3), so ordinary diets keep calcitriol";
        k_24a1 = 2.32, "1", [0.05, 10.0],
            "half-activation of CYP24A1 by cellular Mg, far above normal Mg so CYP24A1 keeps gaining with extra Mg (must exceed k_2r1 for the two-way effect); Model 2: 2.0 -> 2.32; MODEL.md started at 1.51";
    }
    "magnesium absorption" {
        k_transit = 1.0, "1/day", [0.05, 20.0],
            "gut transit: unabsorbed Mg leaves in faeces within about a day";
        k_para = 0.241, "1/day", [0.0, 10.0],
            "passive paracellular absorption, proportional to luminal Mg; Model 2: 0.12 -> 0.241 /day with vmax_tr (Mg flows about twice textbook rates, see docs/model.md Limits)";
        vmax_tr = 173.0, "mg/day", [0.0, 2000.0],
            "capacity of saturable transcellular absorption (TRPM6/7); Model 2: 90 -> 173 mg/day, so a poor diet drains the body within months (P3)";
        km_tr = 8.14, "mg", [0.1, 10000.0],
            "luminal Mg at half-maximal transcellular absorption; Model 2: 40 -> 8.14 mg, so the transcellular route stays nearly saturated from poor to rich diets";
        a_abs = 0.405, "1", [0.0, 2.0],
            "calcitriol raises the calcitriol-dependent share of transcellular Mg absorption (power-law exponent); Model 2: 0.1 -> 0.405 for P5";
        abs_calcitriol_share = 0.4, "1", [0.0, 1.0],
            "share of transcellular Mg absorption that calcitriol controls (Model 2: 0.4); the rest works without it, so absorption stays finite in vitamin D deficiency while calcitriol still raises it (P5)";
        mg_bio_oxide = 0.5, "1", [0.0, 1.0],
            "toy assumption: Mg oxide is poorly soluble, half as available as food Mg";
        mg_bio_citrate = 1.0, "1", [0.0, 1.0],
            "toy assumption: Mg citrate is as available as food Mg";
        mg_bio_glycinate = 1.0, "1", [0.0, 1.0],
            "toy assumption: Mg glycinate is as available as food Mg";
        mg_bio_chloride = 0.95, "1", [0.0, 1.0],
            "toy assumption: Mg chloride is nearly as available as food Mg";
    }
    "magnesium distribution and excretion" {
        v_ecf = 14.0, "L", [1.0, 100.0],
            "extracellular fluid volume: serum Mg = mg_ecf / v_ecf";
        k_tis = 0.0475, "1/day", [0.0001, 10.0],
            "exchange of soft-tissue Mg; cells turn their Mg over in weeks (Model 2: 0.03 -> 0.0475 /day, so a 12-week Mg supplement moves cellular Mg)";
        p_tis = 4.83, "1", [0.0, 10.0],
            "tissue uptake rises steeply with serum Mg; with r_tis, cellular Mg at steady state follows s^(p_tis / r_tis) = s^2.2, so tissue Mg varies more than serum Mg (Model 2: 3 -> 4.83)";
        r_tis = 2.2, "1", [0.5, 10.0],
            "release of tissue Mg rises with the cells' own Mg (m^r_tis; Model 2: 2.2): cells hold on to their Mg as it falls, so on a poor diet serum Mg falls before the cells are drained";
        k_bone = 0.0268, "1/day", [0.0, 1.0],
            "exchange of bone Mg; Model 2: 0.004 -> 0.0268 /day, so hungry bone takes up Mg for months after high-dose vitamin D (P2)";
        a_bone = 3.0, "1", [0.0, 5.0],
            "calcitriol drives the calcitriol-dependent share of bone mineralisation (power-law exponent); Model 2: 0.38 -> 3, bone short of mineral in vitamin D deficiency fills when calcitriol rises (P2)";
        bone_calcitriol_share = 0.45, "1", [0.0, 1.0],
            "share of bone mineralisation that calcitriol drives (Model 2: 0.45); the rest goes on without it, so bone is under-mineralised in vitamin D deficiency but never emptied";
        bone_calcitriol_half = 1.0, "1", [0.01, 1000000.0],
            "value of c^a_bone at which the calcitriol drive of mineralisation is half-saturated (Model 2: 1): bone short of mineral fills when calcitriol rises, bone already replete takes up little more, which keeps high-status subjects stable";
        q_urine = 8.83, "1", [0.0, 20.0],
            "the regulated share of urinary loss rises steeply with serum Mg, so the kidney conserves Mg when it is scarce (Model 2: 4 -> 8.83)";
        a_urine = 0.0788, "1", [0.0, 3.0],
            "calcitriol raises urinary Mg loss (power-law exponent); Model 2: 0.53 -> 0.0788, smaller than calcitriol's effect on absorption, so vitamin D deficiency no longer raises serum Mg";
        urine_obligatory_share = 0.65, "1", [0.0, 1.0],
            "share of reference urinary Mg lost in proportion to serum Mg whatever the need (Model 2: 0.65): the part the kidney cannot withhold, so a poor diet lowers serum Mg (P3)";
        renal_mg_factor = 1.0, "1", [0.1, 10.0],
            "kidney function as a multiplier on urinary Mg handling (1 = typical, >1 = wasting)";
    }
    "reference subject (the state the derived constants put at steady state)" {
        serum_mg_ref = 0.85, "mmol/L", [0.2, 2.0],
            "reference serum Mg, middle of the 0.75-0.95 mmol/L range";
        mg_tissue_ref = 119.0, "mmol", [10.0, 5000.0],
            "reference exchangeable soft-tissue Mg (Model 2: 400 -> 119 mmol, the part that exchanges within months)";
        mg_bone_ref = 573.0, "mmol", [10.0, 5000.0],
            "reference exchangeable bone Mg (Model 2: 500 -> 573 mmol)";
        vitd_input_ref = 2500.0, "IU/day", [1.0, 100000.0],
            "total vitamin D input (diet + skin) of the reference subject";
        mg_intake_ref = 320.0, "mg/day", [10.0, 5000.0],
            "dietary Mg intake of the reference subject (near the RDA)";
    }
}

impl Parameters {
    /// The table entry for a parameter name, if there is one.
    pub fn info(name: &str) -> Option<&'static ParameterInfo> {
        PARAMETER_TABLE.iter().find(|info| info.name == name)
    }

    /// Value of a parameter by name.
    pub fn get(&self, name: &str) -> Option<f64> {
        Self::info(name).map(|info| info.get(self))
    }

    /// Sets a parameter by name, checking the name and the documented range.
    pub fn set(&mut self, name: &str, value: f64) -> Result<(), ParameterError> {
        let info = Self::info(name).ok_or_else(|| ParameterError::Unknown {
            name: name.to_string(),
        })?;
        if !info.accepts(value) {
            return Err(ParameterError::OutOfRange {
                name: info.name,
                value,
                min: info.min,
                max: info.max,
                unit: info.unit,
            });
        }
        info.set(self, value);
        Ok(())
    }

    /// Checks every parameter against its documented range.
    pub fn validate(&self) -> Result<(), ParameterError> {
        for info in PARAMETER_TABLE {
            let value = info.get(self);
            if !info.accepts(value) {
                return Err(ParameterError::OutOfRange {
                    name: info.name,
                    value,
                    min: info.min,
                    max: info.max,
                    unit: info.unit,
                });
            }
        }
        Ok(())
    }

    /// All parameter names, in table order.
    pub fn names() -> impl Iterator<Item = &'static str> {
        PARAMETER_TABLE.iter().map(|info| info.name)
    }
}

/// A parameter name or value that the model cannot accept.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ParameterError {
    /// No parameter has this name.
    #[error("unknown model parameter `{name}` (`mgate explain` lists them all)")]
    Unknown {
        /// The name that was asked for.
        name: String,
    },
    /// The value is not finite or outside the documented range.
    #[error("parameter `{name}` = {value} is outside its valid range {min} to {max} {unit}")]
    OutOfRange {
        /// Parameter name.
        name: &'static str,
        /// Rejected value.
        value: f64,
        /// Smallest valid value.
        min: f64,
        /// Largest valid value.
        max: f64,
        /// Unit of the value.
        unit: &'static str,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_lies_inside_its_documented_range() {
        let defaults = Parameters::default();
        for info in PARAMETER_TABLE {
            assert_eq!(info.get(&defaults), info.default, "{}", info.name);
            assert!(
                info.accepts(info.default),
                "{} default out of range",
                info.name
            );
            assert!(!info.rationale.is_empty() && !info.unit.is_empty());
        }
        assert!(defaults.validate().is_ok());
    }

    #[test]
    fn names_are_unique() {
        let mut names: Vec<_> = Parameters::names().collect();
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count);
    }

    #[test]
    fn set_by_name_checks_name_and_range() {
        let mut p = Parameters::default();
        p.set("k_cal", 3.0).unwrap();
        assert_eq!(p.k_cal, 3.0);
        assert!(matches!(
            p.set("k_call", 1.0),
            Err(ParameterError::Unknown { .. })
        ));
        assert!(matches!(
            p.set("k_cal", -1.0),
            Err(ParameterError::OutOfRange { .. })
        ));
        assert!(p.set("k_cal", f64::NAN).is_err());
    }
}
