//! The number type the right-hand side is written over: one subject (`f64`) or several subjects
//! evaluated together (`wide::f64x4` or `wide::f64x8`, one subject per lane).
//!
//! The equations in `equations.rs` are written once, generic over [`Lane`]. For `f64` every
//! operation is the standard library's, so the scalar results are exactly those of a plain `f64`
//! transcription; for `f64x4` and `f64x8` the operations act lane by lane (`exp` and `ln` are
//! `wide`'s, which agree with the standard library's to about one unit in the last place).

use std::ops::{Add, Div, Mul, Neg, Sub};
use wide::{f64x4, f64x8};

/// A number of one or several lanes, each lane an independent subject.
pub trait Lane:
    Copy
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
{
    /// Number of lanes.
    const LANES: usize;
    /// The same value in every lane.
    fn splat(value: f64) -> Self;
    /// Lane `i` set to `value_of(i)`.
    fn gather(value_of: impl Fn(usize) -> f64) -> Self;
    /// Lane `i` as an `f64`.
    fn lane(self, i: usize) -> f64;
    /// The larger of two values, lane by lane (the non-NaN one if one is NaN).
    fn max(self, other: Self) -> Self;
    /// Lane by lane, `if_positive` where `self` is greater than zero and `otherwise` elsewhere
    /// (each lane's value exactly as it is in the chosen operand).
    fn choose(self, if_positive: Self, otherwise: Self) -> Self;
    /// Absolute value.
    fn abs(self) -> Self;
    /// Square root.
    fn sqrt(self) -> Self;
    /// Exponential.
    fn exp(self) -> Self;
    /// Natural logarithm.
    fn ln(self) -> Self;
    /// Whole power with a run-time exponent.
    fn powi(self, exponent: i32) -> Self;
    /// `self^exponent` for `self >= 0`, with `x^0 = 1` also at `x = 0`.
    fn powf(self, exponent: Self) -> Self;
    /// What [`Lane::powf_given_ln`] needs of the base: its logarithm where `powf` is computed as
    /// `exp(exponent · ln(base))` (the vector lanes), so that several powers of one base share
    /// one logarithm; nothing (the base itself) for `f64`, whose `powf` is the library's.
    fn ln_for_powers(self) -> Self;
    /// [`Lane::powf`], given [`Lane::ln_for_powers`] of `self`: the same bits as `powf`.
    fn powf_given_ln(self, exponent: Self, ln_for_powers: Self) -> Self;
}

impl Lane for f64 {
    const LANES: usize = 1;

    #[inline(always)]
    fn splat(value: f64) -> Self {
        value
    }

    #[inline(always)]
    fn gather(value_of: impl Fn(usize) -> f64) -> Self {
        value_of(0)
    }

    #[inline(always)]
    fn lane(self, i: usize) -> f64 {
        debug_assert_eq!(i, 0);
        self
    }

    #[inline(always)]
    fn max(self, other: Self) -> Self {
        f64::max(self, other)
    }

    #[inline(always)]
    fn choose(self, if_positive: Self, otherwise: Self) -> Self {
        if self > 0.0 { if_positive } else { otherwise }
    }

    #[inline(always)]
    fn abs(self) -> Self {
        f64::abs(self)
    }

    #[inline(always)]
    fn sqrt(self) -> Self {
        f64::sqrt(self)
    }

    #[inline(always)]
    fn exp(self) -> Self {
        f64::exp(self)
    }

    #[inline(always)]
    fn ln(self) -> Self {
        f64::ln(self)
    }

    #[inline(always)]
    fn powi(self, exponent: i32) -> Self {
        f64::powi(self, exponent)
    }

    #[inline(always)]
    fn powf(self, exponent: Self) -> Self {
        f64::powf(self, exponent)
    }

    #[inline(always)]
    fn ln_for_powers(self) -> Self {
        self
    }

    #[inline(always)]
    fn powf_given_ln(self, exponent: Self, _: Self) -> Self {
        f64::powf(self, exponent)
    }
}

/// `Lane` for a `wide` vector of `$lanes` `f64`s, lane by lane.
macro_rules! impl_lane_for_wide {
    ($wide:ident, $lanes:literal) => {
        impl Lane for $wide {
            const LANES: usize = $lanes;

            #[inline(always)]
            fn splat(value: f64) -> Self {
                $wide::splat(value)
            }

            #[inline(always)]
            fn gather(value_of: impl Fn(usize) -> f64) -> Self {
                $wide::new(std::array::from_fn(value_of))
            }

            #[inline(always)]
            fn lane(self, i: usize) -> f64 {
                self.to_array()[i]
            }

            #[inline(always)]
            fn max(self, other: Self) -> Self {
                $wide::max(self, other)
            }

            #[inline(always)]
            fn choose(self, if_positive: Self, otherwise: Self) -> Self {
                self.simd_gt($wide::ZERO).select(if_positive, otherwise)
            }

            #[inline(always)]
            fn abs(self) -> Self {
                $wide::abs(self)
            }

            #[inline(always)]
            fn sqrt(self) -> Self {
                $wide::sqrt(self)
            }

            #[inline(always)]
            fn exp(self) -> Self {
                $wide::exp(self)
            }

            #[inline(always)]
            fn ln(self) -> Self {
                $wide::ln(self)
            }

            /// Repeated squaring, the algorithm of compiler-rt's `__powidf2` (what `f64::powi`
            /// calls).
            #[inline(always)]
            fn powi(self, exponent: i32) -> Self {
                let mut remaining = exponent;
                let mut base = self;
                let mut result = $wide::ONE;
                loop {
                    if remaining & 1 != 0 {
                        result *= base;
                    }
                    remaining /= 2;
                    if remaining == 0 {
                        break;
                    }
                    base *= base;
                }
                if exponent < 0 {
                    $wide::ONE / result
                } else {
                    result
                }
            }

            #[inline(always)]
            fn powf(self, exponent: Self) -> Self {
                self.powf_given_ln(exponent, $wide::ln(self))
            }

            #[inline(always)]
            fn ln_for_powers(self) -> Self {
                $wide::ln(self)
            }

            #[inline(always)]
            fn powf_given_ln(self, exponent: Self, ln_self: Self) -> Self {
                let general = (exponent * ln_self).exp();
                exponent.simd_eq($wide::ZERO).select($wide::ONE, general)
            }
        }
    };
}

impl_lane_for_wide!(f64x4, 4);
impl_lane_for_wide!(f64x8, 8);

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks `powi` and `powf` of `L` lane by lane against the standard library's, at
    /// `L::LANES` bases and exponents taken in turn from fixed lists.
    fn lanes_agree_with_the_scalar_operations<L: Lane>() {
        let bases: Vec<f64> = (0..L::LANES)
            .map(|i| [0.0, 1e-3, 0.7, 42.0, 3.5, 12.0, 0.999, 2.0][i % 8])
            .collect();
        let x = L::gather(|i| bases[i]);
        for exponent in [-3, 0, 1, 2, 5, 7] {
            let fast = Lane::powi(x, exponent);
            for (i, &base) in bases.iter().enumerate() {
                let slow = base.powi(exponent);
                assert!(
                    fast.lane(i) == slow || (fast.lane(i) - slow).abs() <= 1e-15 * slow.abs(),
                    "{base}^{exponent}: {} vs {slow}",
                    fast.lane(i)
                );
            }
        }
        let exponents = L::gather(|i| [0.0, 0.38, 2.5, 1.0, 0.0, 1.7, 3.0, 0.5][i % 8]);
        let fast = Lane::powf(x, exponents);
        for (i, &base) in bases.iter().enumerate() {
            let slow = base.powf(exponents.lane(i));
            assert!(
                (fast.lane(i) - slow).abs() <= 1e-15 * slow.abs(),
                "{base}^{}: {} vs {slow}",
                exponents.lane(i),
                fast.lane(i)
            );
        }
    }

    #[test]
    fn four_lanes_agree_with_the_scalar_operations() {
        lanes_agree_with_the_scalar_operations::<f64x4>();
    }

    #[test]
    fn eight_lanes_agree_with_the_scalar_operations() {
        lanes_agree_with_the_scalar_operations::<f64x8>();
    }
}
