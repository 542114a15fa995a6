//! Parameter-only quantities of the right-hand side, computed once per [`Model`] instead of at
//! every evaluation: the powers `K^n` of the three Mg gates, `EC50^h` of CYP24A1 induction, the
//! PTH half-point power, and the Hill and power-law exponents of serum Mg, cellular Mg and 25(OH)D
//! with a fast path for whole-number exponents (all of them are whole numbers by default).
//!
//! This is a speed detail only: results agree with the formulas of `MODEL.md` evaluated directly
//! to rounding (checked by the tests of `equations.rs` against a plain transcription of them).
//!
//! [`Model`]: super::Model

use super::parameters::Parameters;

/// Largest whole-number exponent taken by repeated multiplication (`powi`); larger or
/// non-whole exponents use `powf`. Every documented exponent range lies below it.
const MAX_WHOLE_EXPONENT: f64 = 64.0;

/// A Hill or power-law exponent: `powi` when it is a whole number, `powf` otherwise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Exponent {
    /// The exponent as given.
    value: f64,
    /// The same exponent as an integer, when it is a whole number of modest size.
    whole: Option<i32>,
}

impl Exponent {
    /// Wraps an exponent, noting whether it is a whole number.
    pub(crate) fn new(value: f64) -> Self {
        let whole =
            (value.fract() == 0.0 && value.abs() <= MAX_WHOLE_EXPONENT).then_some(value as i32);
        Self { value, whole }
    }

    /// `base` raised to this exponent. Small whole exponents are written out as products
    /// (`powi` with an exponent known only at run time is a library loop).
    #[inline]
    pub(crate) fn raise(self, base: f64) -> f64 {
        match self.whole {
            Some(0) => 1.0,
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
            None => base.powf(self.value),
        }
    }

    /// `base` raised to this exponent, given `ln(base)` for the general case: `exp(value ·
    /// ln_base)`; whole exponents and ±1/2 avoid the exponential. `base` must be positive.
    #[inline]
    pub(crate) fn raise_with_ln(self, base: f64, ln_base: f64) -> f64 {
        if self.whole.is_some() {
            self.raise(base)
        } else if self.value == 0.5 {
            base.sqrt()
        } else if self.value == -0.5 {
            1.0 / base.sqrt()
        } else {
            (self.value * ln_base).exp()
        }
    }

    /// Whether [`Exponent::raise_with_ln`] needs the logarithm of its base.
    #[inline]
    pub(crate) fn needs_ln(self) -> bool {
        self.whole.is_none() && self.value.abs() != 0.5
    }
}

/// The parameters the precomputed quantities are built from, kept so that a model whose public
/// `parameters` were changed after construction is noticed (and evaluated correctly, if slowly).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Sources {
    n_gate: f64,
    k_2r1: f64,
    k_27b1: f64,
    k_24a1: f64,
    pth_mg_half: f64,
    serum_mg_ref: f64,
    pth_mg_hill: f64,
    ec50_24: f64,
    h_24: f64,
    p_tis: f64,
    q_urine: f64,
    a_pth: f64,
    a_abs: f64,
    a_bone: f64,
    a_urine: f64,
}

impl Sources {
    fn of(p: &Parameters) -> Self {
        Self {
            n_gate: p.n_gate,
            k_2r1: p.k_2r1,
            k_27b1: p.k_27b1,
            k_24a1: p.k_24a1,
            pth_mg_half: p.pth_mg_half,
            serum_mg_ref: p.serum_mg_ref,
            pth_mg_hill: p.pth_mg_hill,
            ec50_24: p.ec50_24,
            h_24: p.h_24,
            p_tis: p.p_tis,
            q_urine: p.q_urine,
            a_pth: p.a_pth,
            a_abs: p.a_abs,
            a_bone: p.a_bone,
            a_urine: p.a_urine,
        }
    }
}

/// Parameter-only quantities of the right-hand side (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Precomputed {
    /// Hill coefficient `n` of the three Mg gates.
    pub(crate) gate_hill: Exponent,
    /// `K_2R1^n`.
    pub(crate) k_2r1_pow_n: f64,
    /// `K_27B1^n`.
    pub(crate) k_27b1_pow_n: f64,
    /// `K_24A1^n`.
    pub(crate) k_24a1_pow_n: f64,
    /// Hill coefficient of PTH secretion in serum Mg.
    pub(crate) pth_mg_hill: Exponent,
    /// `(pth_mg_half / serum_mg_ref)^pth_mg_hill`: the half point of PTH secretion, as a serum
    /// ratio, raised to its Hill coefficient.
    pub(crate) pth_half_ratio_pow_hill: f64,
    /// Hill coefficient `h` of CYP24A1 induction.
    pub(crate) induction_hill: Exponent,
    /// `EC50^h`, (ng/mL)^h.
    pub(crate) ec50_pow_h: f64,
    /// Exponent `p` of tissue Mg uptake in the serum ratio.
    pub(crate) tissue_uptake_exponent: Exponent,
    /// Exponent `q` of urinary Mg in the serum ratio.
    pub(crate) urine_exponent: Exponent,
    /// `−a_pth`: calcitriol suppresses PTH.
    pub(crate) calcitriol_pth: Exponent,
    /// `a_abs`: calcitriol raises transcellular Mg absorption.
    pub(crate) calcitriol_absorption: Exponent,
    /// `a_bone`: calcitriol drives Mg into bone.
    pub(crate) calcitriol_bone: Exponent,
    /// `a_urine`: calcitriol raises urinary Mg loss.
    pub(crate) calcitriol_urine: Exponent,
    /// Whether any of the four calcitriol exponents needs `ln c`.
    pub(crate) calcitriol_needs_ln: bool,
    sources: Sources,
}

impl Precomputed {
    /// Computes the quantities for a parameter set.
    pub(crate) fn new(p: &Parameters) -> Self {
        let pth_half_ratio = p.pth_mg_half / p.serum_mg_ref;
        Self {
            gate_hill: Exponent::new(p.n_gate),
            k_2r1_pow_n: p.k_2r1.powf(p.n_gate),
            k_27b1_pow_n: p.k_27b1.powf(p.n_gate),
            k_24a1_pow_n: p.k_24a1.powf(p.n_gate),
            pth_mg_hill: Exponent::new(p.pth_mg_hill),
            pth_half_ratio_pow_hill: pth_half_ratio.powf(p.pth_mg_hill),
            induction_hill: Exponent::new(p.h_24),
            ec50_pow_h: p.ec50_24.powf(p.h_24),
            tissue_uptake_exponent: Exponent::new(p.p_tis),
            urine_exponent: Exponent::new(p.q_urine),
            calcitriol_pth: Exponent::new(-p.a_pth),
            calcitriol_absorption: Exponent::new(p.a_abs),
            calcitriol_bone: Exponent::new(p.a_bone),
            calcitriol_urine: Exponent::new(p.a_urine),
            calcitriol_needs_ln: [-p.a_pth, p.a_abs, p.a_bone, p.a_urine]
                .into_iter()
                .any(|a| Exponent::new(a).needs_ln()),
            sources: Sources::of(p),
        }
    }

    /// Whether these quantities were computed from the current values of `p`.
    #[inline]
    pub(crate) fn is_for(&self, p: &Parameters) -> bool {
        self.sources == Sources::of(p)
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

    #[test]
    fn staleness_is_noticed() {
        let mut p = Parameters::default();
        let precomputed = Precomputed::new(&p);
        assert!(precomputed.is_for(&p));
        p.k_cal *= 2.0; // not used by the precomputed quantities
        assert!(precomputed.is_for(&p));
        p.n_gate = 2.5;
        assert!(!precomputed.is_for(&p));
    }
}
