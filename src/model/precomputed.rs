//! Parameter-only quantities of the right-hand side, computed once per [`Model`] instead of at
//! every evaluation: the powers `K^n` of the three Mg gates, `EC50^h` of CYP24A1 induction, the
//! PTH half-point power, and the Hill and power-law exponents of serum Mg, cellular Mg, 25(OH)D
//! and calcitriol with a fast path for whole-number exponents (by default `pth_mg_hill` = 8 and
//! `a_bone` = 3 are whole; the others are not) and for ±1/2.
//!
//! The same quantities exist for one subject (`Precomputed<f64>`, cached in each [`Model`]) and
//! for several subjects evaluated together (`Precomputed<wide::f64x8>`, one subject per lane). In
//! the lanes each subject's exponent decides its own way of raising ([`Exponent`]), so a
//! subject's bits never depend on the other subjects of its batch.
//!
//! This is a speed detail only: results agree with the formulas of `MODEL.md` evaluated directly
//! to rounding (checked by the tests of `equations.rs` against a plain transcription of them).
//!
//! [`Model`]: super::Model

use super::equations::DerivedConstants;
use super::lane::{Lane, MAX_LANES};
use super::parameters::Parameters;

/// Largest whole-number exponent taken by repeated multiplication (`powi`); larger or
/// non-whole exponents use `powf`. Every documented exponent range lies below it.
const MAX_WHOLE_EXPONENT: f64 = 64.0;

/// An exponent of ±1/2, for which [`Exponent::raise_with_ln`] takes a square root.
#[derive(Debug, Clone, Copy, PartialEq)]
enum SquareRoot {
    /// `x^(1/2)`.
    Plain,
    /// `x^(−1/2)`.
    Reciprocal,
}

/// How one lane raises to its exponent: by products (a whole number of modest size), by a square
/// root (±1/2), or as `exp(value · ln base)`.
#[derive(Debug, Clone, Copy, PartialEq)]
enum LanePower {
    /// `powi` by repeated squaring.
    Whole(i32),
    /// A square root, or its reciprocal.
    Root(SquareRoot),
    /// `exp(value · ln base)`.
    General,
}

impl LanePower {
    fn of(value: f64) -> Self {
        if value.fract() == 0.0 && value.abs() <= MAX_WHOLE_EXPONENT {
            Self::Whole(value as i32)
        } else if value == 0.5 {
            Self::Root(SquareRoot::Plain)
        } else if value == -0.5 {
            Self::Root(SquareRoot::Reciprocal)
        } else {
            Self::General
        }
    }
}

/// A Hill or power-law exponent, one value per lane. Each lane is raised the way its own value
/// asks ([`LanePower`]): whole numbers by products, ±1/2 by a square root, others as
/// `exp(value · ln base)`, so a lane's result never depends on the exponents of the other lanes.
/// When every lane asks for the same special way, the vector takes it at once; when the lanes
/// differ (a parameter that varies between subjects), the vector computes the general power and
/// the special lanes are then computed one by one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Exponent<L = f64> {
    /// The exponent as given.
    value: L,
    /// The same exponent as an integer, when it is the same whole number of modest size in every
    /// lane.
    whole: Option<i32>,
    /// Whether the exponent is ±1/2 in every lane.
    square_root: Option<SquareRoot>,
    /// Each lane's way, when the lanes differ and some lane is special; `None` otherwise.
    mixed: Option<[LanePower; MAX_LANES]>,
}

#[cfg(test)]
impl Exponent<f64> {
    /// Wraps an exponent, noting whether it is a whole number.
    pub(crate) fn new(value: f64) -> Self {
        Self::gather(|_| value)
    }
}

impl<L: Lane> Exponent<L> {
    /// Wraps the exponents `value_of(i)` of the lanes.
    pub(crate) fn gather(value_of: impl Fn(usize) -> f64) -> Self {
        assert!(L::LANES <= MAX_LANES);
        let first = value_of(0);
        let same = (1..L::LANES).all(|i| value_of(i) == first);
        let (mut whole, mut square_root, mut mixed) = (None, None, None);
        if same {
            match LanePower::of(first) {
                LanePower::Whole(w) => whole = Some(w),
                LanePower::Root(root) => square_root = Some(root),
                LanePower::General => {}
            }
        } else {
            let ways: [LanePower; MAX_LANES] = std::array::from_fn(|i| {
                if i < L::LANES {
                    LanePower::of(value_of(i))
                } else {
                    LanePower::General
                }
            });
            if ways.iter().any(|&way| way != LanePower::General) {
                mixed = Some(ways);
            }
        }
        Self {
            value: L::gather(value_of),
            whole,
            square_root,
            mixed,
        }
    }

    /// `base` raised to this exponent. Small whole exponents are written out as products
    /// (`powi` with an exponent known only at run time is a library loop).
    #[inline(always)]
    pub(crate) fn raise(self, base: L) -> L {
        match self.whole {
            Some(0) => L::splat(1.0),
            Some(1) => base,
            Some(2) => base * base,
            Some(3) => base * base * base,
            Some(4) => {
                let square = base * base;
                square * square
            }
            Some(8) => {
                let square = base * base;
                let fourth = square * square;
                fourth * fourth
            }
            Some(whole) => base.powi(whole),
            None => self.special_lanes(base, base.powf(self.value), false),
        }
    }

    /// `general` (the powers as `exp(value · ln base)`), with the lanes whose exponent asks for
    /// products (or, `with_roots`, a square root) computed that way, one by one, when the lanes
    /// differ: the same bits each such lane gets when all lanes share its exponent (`f64::powi`
    /// is the repeated squaring of [`Lane::powi`], and a square root is correctly rounded either
    /// way). `with_roots` says whether the caller takes square roots when all lanes share ±1/2.
    #[inline]
    fn special_lanes(self, base: L, general: L, with_roots: bool) -> L {
        match self.mixed {
            None => general,
            Some(ways) => L::gather(|i| {
                let x = base.lane(i);
                match ways[i] {
                    LanePower::Whole(w) => match w {
                        0 => 1.0,
                        1 => x,
                        _ => x.powi(w),
                    },
                    LanePower::Root(SquareRoot::Plain) if with_roots => x.sqrt(),
                    LanePower::Root(SquareRoot::Reciprocal) if with_roots => 1.0 / x.sqrt(),
                    LanePower::Root(_) | LanePower::General => general.lane(i),
                }
            }),
        }
    }

    /// `base` raised to this exponent, given [`Lane::ln_for_powers`] of `base` (computed once
    /// for several exponents of the same base): the same bits as [`Exponent::raise`].
    #[inline]
    pub(crate) fn raise_sharing(self, base: L, ln_for_powers: L) -> L {
        match self.whole {
            Some(_) => self.raise(base),
            None => self.special_lanes(base, base.powf_given_ln(self.value, ln_for_powers), false),
        }
    }

    /// `base` raised to this exponent, given `ln(base)` for the general case: `exp(value ·
    /// ln_base)`; whole exponents and ±1/2 avoid the exponential. `base` must be positive.
    #[inline]
    pub(crate) fn raise_with_ln(self, base: L, ln_base: L) -> L {
        if self.whole.is_some() {
            self.raise(base)
        } else {
            match self.square_root {
                Some(SquareRoot::Plain) => base.sqrt(),
                Some(SquareRoot::Reciprocal) => L::splat(1.0) / base.sqrt(),
                None => self.special_lanes(base, (self.value * ln_base).exp(), true),
            }
        }
    }

    /// Whether [`Exponent::raise_with_ln`] needs the logarithm of its base.
    #[inline]
    pub(crate) fn needs_ln(self) -> bool {
        self.whole.is_none() && self.square_root.is_none()
    }
}

/// A parameter the right-hand side divides by, with its reciprocal: see
/// [`Lane::div_by_constant`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Divisor<L = f64> {
    /// The parameter.
    pub(crate) value: L,
    /// `1 / value`.
    reciprocal: L,
}

impl<L: Lane> Divisor<L> {
    /// The divisors `value_of(i)` of the lanes.
    pub(crate) fn gather(value_of: impl Fn(usize) -> f64) -> Self {
        Self {
            value: L::gather(&value_of),
            reciprocal: L::gather(|i| 1.0 / value_of(i)),
        }
    }

    /// `dividend / value`, lane by lane.
    #[inline(always)]
    pub(crate) fn divide(self, dividend: L) -> L {
        dividend.div_by_constant(self.value, self.reciprocal)
    }
}

/// Everything the right-hand side reads that does not change with the state, one value per lane:
/// the parameters it uses (named as in [`Parameters`]), the two derived constants, and the
/// parameter-only powers (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Precomputed<L = f64> {
    // Parameters, as in `Parameters`.
    pub(crate) v_ecf: Divisor<L>,
    pub(crate) mg_tissue_ref: Divisor<L>,
    pub(crate) serum_mg_ref: Divisor<L>,
    pub(crate) calcitriol_ref: Divisor<L>,
    pub(crate) pth_ref: Divisor<L>,
    pub(crate) emax_24: L,
    pub(crate) km_1a: Divisor<L>,
    pub(crate) phi_24: L,
    pub(crate) ka_d: L,
    pub(crate) vmax_25: L,
    pub(crate) km_25: L,
    pub(crate) k_d3_loss: L,
    pub(crate) k_24: L,
    pub(crate) k_25_other: L,
    pub(crate) k_cal: L,
    pub(crate) k_2425: L,
    pub(crate) k_para: L,
    pub(crate) vmax_tr: L,
    pub(crate) km_tr: L,
    pub(crate) k_transit: L,
    pub(crate) k_tis: L,
    pub(crate) k_bone: L,
    pub(crate) mg_bone_ref: L,
    pub(crate) renal_mg_factor: L,
    pub(crate) v_ohd: Divisor<L>,
    pub(crate) abs_calcitriol_share: L,
    pub(crate) urine_obligatory_share: L,
    pub(crate) bone_calcitriol_share: L,
    pub(crate) bone_calcitriol_half: L,
    /// Exponent `r_tis` of tissue Mg release in the cellular Mg ratio.
    pub(crate) tissue_release_exponent: Exponent<L>,
    // Derived constants, as in `DerivedConstants`.
    pub(crate) urine_ref_mmol_day: L,
    pub(crate) k_1a_pg_ml_day_per_ng_ml: L,
    /// Hill coefficient `n` of the three Mg gates.
    pub(crate) gate_hill: Exponent<L>,
    /// `K_2R1^n`.
    pub(crate) k_2r1_pow_n: L,
    /// `K_27B1^n`.
    pub(crate) k_27b1_pow_n: L,
    /// `K_24A1^n`.
    pub(crate) k_24a1_pow_n: L,
    /// Hill coefficient of PTH secretion in serum Mg.
    pub(crate) pth_mg_hill: Exponent<L>,
    /// `(pth_mg_half / serum_mg_ref)^pth_mg_hill`: the half point of PTH secretion, as a serum
    /// ratio, raised to its Hill coefficient.
    pub(crate) pth_half_ratio_pow_hill: L,
    /// Hill coefficient `h` of CYP24A1 induction.
    pub(crate) induction_hill: Exponent<L>,
    /// `EC50^h`, (ng/mL)^h.
    pub(crate) ec50_pow_h: L,
    /// Exponent `p` of tissue Mg uptake in the serum ratio.
    pub(crate) tissue_uptake_exponent: Exponent<L>,
    /// Exponent `q` of urinary Mg in the serum ratio.
    pub(crate) urine_exponent: Exponent<L>,
    /// `−a_pth`: calcitriol suppresses PTH.
    pub(crate) calcitriol_pth: Exponent<L>,
    /// `a_abs`: calcitriol raises transcellular Mg absorption.
    pub(crate) calcitriol_absorption: Exponent<L>,
    /// `a_bone`: calcitriol drives Mg into bone.
    pub(crate) calcitriol_bone: Exponent<L>,
    /// `a_urine`: calcitriol raises urinary Mg loss.
    pub(crate) calcitriol_urine: Exponent<L>,
    /// Whether any of the four calcitriol exponents needs `ln c` (in any lane).
    pub(crate) calcitriol_needs_ln: bool,
}

impl<L: Lane> Precomputed<L> {
    /// Gathers lane `i` from the parameters `parameters(i)` and derived constants `derived(i)`.
    pub(crate) fn gather<'a>(
        parameters: impl Fn(usize) -> &'a Parameters,
        derived: impl Fn(usize) -> &'a DerivedConstants,
    ) -> Self {
        let of = |value: fn(&Parameters) -> f64| L::gather(|i| value(parameters(i)));
        let exponent = |value: fn(&Parameters) -> f64| Exponent::gather(|i| value(parameters(i)));
        let divisor = |value: fn(&Parameters) -> f64| Divisor::gather(|i| value(parameters(i)));
        let calcitriol_pth = exponent(|p| -p.a_pth);
        let calcitriol_absorption = exponent(|p| p.a_abs);
        let calcitriol_bone = exponent(|p| p.a_bone);
        let calcitriol_urine = exponent(|p| p.a_urine);
        Self {
            v_ecf: divisor(|p| p.v_ecf),
            mg_tissue_ref: divisor(|p| p.mg_tissue_ref),
            serum_mg_ref: divisor(|p| p.serum_mg_ref),
            calcitriol_ref: divisor(|p| p.calcitriol_ref),
            pth_ref: divisor(|p| p.pth_ref),
            emax_24: of(|p| p.emax_24),
            km_1a: divisor(|p| p.km_1a),
            phi_24: of(|p| p.phi_24),
            ka_d: of(|p| p.ka_d),
            vmax_25: of(|p| p.vmax_25),
            km_25: of(|p| p.km_25),
            k_d3_loss: of(|p| p.k_d3_loss),
            k_24: of(|p| p.k_24),
            k_25_other: of(|p| p.k_25_other),
            k_cal: of(|p| p.k_cal),
            k_2425: of(|p| p.k_2425),
            k_para: of(|p| p.k_para),
            vmax_tr: of(|p| p.vmax_tr),
            km_tr: of(|p| p.km_tr),
            k_transit: of(|p| p.k_transit),
            k_tis: of(|p| p.k_tis),
            k_bone: of(|p| p.k_bone),
            mg_bone_ref: of(|p| p.mg_bone_ref),
            renal_mg_factor: of(|p| p.renal_mg_factor),
            v_ohd: divisor(|p| p.v_ohd),
            abs_calcitriol_share: of(|p| p.abs_calcitriol_share),
            urine_obligatory_share: of(|p| p.urine_obligatory_share),
            bone_calcitriol_share: of(|p| p.bone_calcitriol_share),
            bone_calcitriol_half: of(|p| p.bone_calcitriol_half),
            tissue_release_exponent: exponent(|p| p.r_tis),
            urine_ref_mmol_day: L::gather(|i| derived(i).urine_ref_mmol_day),
            k_1a_pg_ml_day_per_ng_ml: L::gather(|i| derived(i).k_1a_pg_ml_day_per_ng_ml),
            gate_hill: exponent(|p| p.n_gate),
            k_2r1_pow_n: of(|p| p.k_2r1.powf(p.n_gate)),
            k_27b1_pow_n: of(|p| p.k_27b1.powf(p.n_gate)),
            k_24a1_pow_n: of(|p| p.k_24a1.powf(p.n_gate)),
            pth_mg_hill: exponent(|p| p.pth_mg_hill),
            pth_half_ratio_pow_hill: of(|p| (p.pth_mg_half / p.serum_mg_ref).powf(p.pth_mg_hill)),
            induction_hill: exponent(|p| p.h_24),
            ec50_pow_h: of(|p| p.ec50_24.powf(p.h_24)),
            tissue_uptake_exponent: exponent(|p| p.p_tis),
            urine_exponent: exponent(|p| p.q_urine),
            calcitriol_pth,
            calcitriol_absorption,
            calcitriol_bone,
            calcitriol_urine,
            calcitriol_needs_ln: [
                calcitriol_pth,
                calcitriol_absorption,
                calcitriol_bone,
                calcitriol_urine,
            ]
            .into_iter()
            .any(Exponent::needs_ln),
        }
    }
}

/// The quantities for one model, with the parameters and derived constants they were built from,
/// kept so that a model whose public fields were changed after construction is noticed (and
/// evaluated correctly, if slowly).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Cached {
    /// The quantities.
    pub(crate) quantities: Precomputed<f64>,
    parameters: Parameters,
    derived: DerivedConstants,
}

impl Cached {
    /// Computes the quantities for a parameter set and its derived constants.
    pub(crate) fn new(parameters: &Parameters, derived: &DerivedConstants) -> Self {
        Self {
            quantities: Precomputed::gather(|_| parameters, |_| derived),
            parameters: *parameters,
            derived: *derived,
        }
    }

    /// Whether these quantities were computed from the current values of `parameters` and
    /// `derived`.
    #[inline]
    pub(crate) fn is_for(&self, parameters: &Parameters, derived: &DerivedConstants) -> bool {
        let same_derived = (self.derived.urine_ref_mmol_day.to_bits()
            ^ derived.urine_ref_mmol_day.to_bits())
            | (self.derived.k_1a_pg_ml_day_per_ng_ml.to_bits()
                ^ derived.k_1a_pg_ml_day_per_ng_ml.to_bits())
            == 0;
        self.parameters.same_bits(parameters) & same_derived
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_exponents_take_the_fast_path_and_agree_with_powf() {
        for value in [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 8.0, 20.0] {
            let exponent = Exponent::new(value);
            assert_eq!(exponent.whole, Some(value as i32));
            for base in [0.0, 0.01, 0.5, 1.0, 1.7, 30.0] {
                let fast = exponent.raise(base);
                let slow = f64::powf(base, value);
                assert!(
                    (fast - slow).abs() <= 1e-14 * slow.abs(),
                    "{base}^{value}: {fast} vs {slow}"
                );
            }
        }
        for value in [0.5, 2.7, 3.999_999, 65.0, f64::NAN] {
            assert_eq!(Exponent::new(value).whole, None, "{value}");
        }
    }

    #[test]
    fn powers_from_the_logarithm_agree_with_powf() {
        for value in [-0.5, 0.5, 0.1, 0.38, 0.53, -1.7, 2.0, 0.0] {
            let exponent = Exponent::new(value);
            for base in [1e-3, 0.2, 0.9, 1.0, 1.3, 40.0] {
                let fast = exponent.raise_with_ln(base, base.ln());
                let slow = f64::powf(base, value);
                assert!(
                    (fast - slow).abs() <= 1e-14 * slow.abs(),
                    "{base}^{value}: {fast} vs {slow}"
                );
            }
        }
    }

    /// Lanes with different exponents, some whole or ±1/2: each lane gets the bits it gets when
    /// every lane shares its exponent, through each of the three ways to raise.
    #[test]
    fn each_lane_is_raised_as_its_own_exponent_asks_whatever_the_other_lanes() {
        use wide::f64x8;
        let values = [2.0, 7.3, 0.5, 3.0, -0.5, 8.0, 4.53, 0.0];
        let mixed = Exponent::<f64x8>::gather(|i| values[i]);
        assert!(mixed.mixed.is_some());
        let base = f64x8::new([0.7, 1.3, 0.2, 2.5, 0.9, 1.01, 0.0, 3.0]);
        let ln_base = Lane::ln(base);
        let ln_for_powers = base.ln_for_powers();
        for (i, &value) in values.iter().enumerate() {
            let uniform = Exponent::<f64x8>::gather(|_| value);
            assert!(uniform.mixed.is_none());
            let pairs = [
                (mixed.raise(base), uniform.raise(base)),
                (
                    mixed.raise_sharing(base, ln_for_powers),
                    uniform.raise_sharing(base, ln_for_powers),
                ),
            ];
            for (k, (in_mixed, alone)) in pairs.into_iter().enumerate() {
                assert_eq!(
                    in_mixed.lane(i).to_bits(),
                    alone.lane(i).to_bits(),
                    "way {k}, lane {i}, exponent {value}"
                );
            }
            if base.lane(i) > 0.0 {
                assert_eq!(
                    mixed.raise_with_ln(base, ln_base).lane(i).to_bits(),
                    uniform.raise_with_ln(base, ln_base).lane(i).to_bits(),
                    "lane {i}, exponent {value}"
                );
            }
        }
    }

    #[test]
    fn staleness_is_noticed() {
        let mut p = Parameters::default();
        let mut d = DerivedConstants::from_parameters(&p).unwrap();
        let cached = Cached::new(&p, &d);
        assert!(cached.is_for(&p, &d));
        p.k_cal *= 2.0;
        assert!(!cached.is_for(&p, &d));
        p.k_cal /= 2.0;
        assert!(cached.is_for(&p, &d));
        d.urine_ref_mmol_day *= 2.0;
        assert!(!cached.is_for(&p, &d));
    }
}
