//! The number type the right-hand side is written over: one subject (`f64`) or several subjects
//! evaluated together (`wide::f64x4` or `wide::f64x8`, one subject per lane).
//!
//! The equations in `equations.rs` are written once, generic over [`Lane`]. For `f64` every
//! operation is the standard library's, so the scalar results are exactly those of a plain `f64`
//! transcription; for `f64x4` and `f64x8` the operations act lane by lane (`ln` is `wide`'s and
//! `exp` this module's `VectorExp`; both agree with the standard library's to about one unit in
//! the last place).

use std::ops::{Add, Div, Mul, Neg, Sub};
use wide::{f64x4, f64x8, u64x4, u64x8};

/// Most lanes of any [`Lane`] type (those of `wide::f64x8`): the size of the per-lane arrays kept
/// beside a lane value (exponent ways, step-size clocks).
pub const MAX_LANES: usize = 8;

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
    /// `self / divisor`, given `reciprocal = 1 / divisor` computed once for many divisions: the
    /// division itself for `f64` (whose bits `tests/frozen_rhs.rs` freezes), a multiplication by
    /// the reciprocal for the vector lanes (a division costs several multiplications there; the
    /// two differ by about one unit in the last place).
    fn div_by_constant(self, divisor: Self, reciprocal: Self) -> Self;
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

    #[inline(always)]
    fn div_by_constant(self, divisor: Self, _: Self) -> Self {
        self / divisor
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
                VectorExp::vector_exp(self)
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
                let general = Lane::exp(exponent * ln_self);
                exponent.simd_eq($wide::ZERO).select($wide::ONE, general)
            }

            #[inline(always)]
            fn div_by_constant(self, _: Self, reciprocal: Self) -> Self {
                self * reciprocal
            }
        }
    };
}

impl_lane_for_wide!(f64x4, 4);
impl_lane_for_wide!(f64x8, 8);

/// The exponential of the vector lanes ([`Lane::exp`] of `f64x4` and `f64x8`): within one unit in
/// the last place of `f64::exp` (the tests check 2 ulp over the whole domain), with the same
/// results as `f64::exp` for NaN, infinities and arguments whose exponential overflows (`inf`)
/// or underflows (`0`), and without branches.
///
/// Why not `wide`'s own `exp`: it evaluates a degree-13 Taylor polynomial in Horner form and
/// treats the special cases with several masks and two data-dependent branches; with 8
/// exponentials per right-hand-side evaluation it was the largest single cost of a cohort run.
trait VectorExp {
    /// `e^self`, lane by lane.
    fn vector_exp(self) -> Self;
}

/// `log2(e)`, for the reduction `x = n ln 2 + r`.
const LOG2_E: f64 = std::f64::consts::LOG2_E;
/// `ln 2` as the nearest double and the remainder (Cody–Waite): `n · LN_2_HI` is exact in the
/// fused multiply-add, so `x − n · LN_2_HI` is exact too (it is a multiple of 2^−54 below 1/2).
const LN_2_HI: f64 = std::f64::consts::LN_2;
const LN_2_LO: f64 = 2.319_046_813_846_299_6e-17;
/// 1.5 · 2^52: adding it rounds to an integer (ties to even) and leaves that integer in the low
/// bits of the sum, so `n` needs no float-to-integer conversion (AVX2 has none for 64 bits).
const ROUNDING_SHIFT: f64 = 6_755_399_441_055_744.0;
/// The arguments are clamped to this range first: below it `e^x` rounds to 0 and above it to
/// infinity, and inside it `n` stays where the exponent arithmetic below is exact. Clamping keeps
/// NaN (`wide`'s `clamp` returns a NaN argument unchanged), which then propagates to the result.
const EXP_MIN_ARGUMENT: f64 = -746.0;
const EXP_MAX_ARGUMENT: f64 = 710.0;
/// `c_2` to `c_11` of `e^r ≈ 1 + r + r^2 (c_2 + c_3 r + … + c_11 r^9)` on `|r| ≤ ln(2)/2`: a
/// minimax fit (Remez, in 50-digit arithmetic) of `(e^r − 1 − r) / r^2`, with relative error of
/// the whole polynomial below 1.3e-17 (about 0.1 ulp), rounded to the nearest doubles.
const EXP_COEFFICIENTS: [f64; 10] = [
    0.500_000_000_000_000_1,
    0.166_666_666_666_665_85,
    0.041_666_666_666_625_62,
    0.008_333_333_333_423_275,
    0.001_388_888_891_659_054,
    0.000_198_412_695_826_139_35,
    2.480_152_212_724_769_6e-5,
    2.755_758_059_113_747_6e-6,
    2.761_974_207_068_830_4e-7,
    2.498_466_685_971_749_2e-8,
];

/// [`VectorExp`] for a `wide` vector of `f64`s and the unsigned integer vector of its bits.
macro_rules! impl_vector_exp {
    ($wide:ident, $bits:ident) => {
        impl VectorExp for $wide {
            #[inline(always)]
            fn vector_exp(self) -> Self {
                use wide::bytemuck::cast;
                let c = $wide::splat;
                let x = self.clamp(c(EXP_MIN_ARGUMENT), c(EXP_MAX_ARGUMENT));
                // x = n ln 2 + r with n whole and |r| <= ln(2)/2.
                let shifted = x.mul_add(c(LOG2_E), c(ROUNDING_SHIFT));
                let n = shifted - c(ROUNDING_SHIFT);
                let r = n.mul_neg_add(c(LN_2_HI), x);
                let r = n.mul_neg_add(c(LN_2_LO), r);
                // The polynomial by Estrin's scheme: independent pairs, then powers of r^2,
                // a shorter dependency chain than Horner's for the same operations.
                // (Indexing, not `EXP_COEFFICIENTS.map(c)`: the `map` of ten `f64x8` was not
                // inlined, and cost more than the polynomial.)
                let k = |i: usize| c(EXP_COEFFICIENTS[i]);
                let (c2, c3, c4, c5, c6) = (k(0), k(1), k(2), k(3), k(4));
                let (c7, c8, c9, c10, c11) = (k(5), k(6), k(7), k(8), k(9));
                let r2 = r * r;
                let r4 = r2 * r2;
                let p23 = r.mul_add(c3, c2);
                let p45 = r.mul_add(c5, c4);
                let p67 = r.mul_add(c7, c6);
                let p89 = r.mul_add(c9, c8);
                let p1011 = r.mul_add(c11, c10);
                let p2to5 = r2.mul_add(p45, p23);
                let p6to9 = r2.mul_add(p89, p67);
                let p6to11 = r4.mul_add(p1011, p6to9);
                let q = r4.mul_add(p6to11, p2to5);
                let e_r = c(1.0) + r2.mul_add(q, r);
                // 2^n as two factors 2^floor(n/2) and 2^ceil(n/2), each a normal number for
                // every n of the clamped range, so that overflow gives infinity and underflow
                // rounds once into the subnormals. The low 12 bits of `shifted + 2046` are
                // n + 2046 (n is at least −1077); shifting them into the exponent field gives
                // 2^(n + 1023) and, halved first, 2^(floor(n/2) + 1023).
                let biased: $bits = cast::<$wide, $bits>(shifted) + $bits::splat(2046);
                let low: $bits = biased.unbounded_shr_scalar(1).unbounded_shl_scalar(52);
                let high: $bits = biased.unbounded_shl_scalar(52) - low;
                e_r * cast::<$bits, $wide>(low) * cast::<$bits, $wide>(high)
            }
        }
    };
}

impl_vector_exp!(f64x4, u64x4);
impl_vector_exp!(f64x8, u64x8);

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

    /// Distance in units in the last place between two finite or infinite doubles of the same
    /// sign (the exponential is never negative).
    fn ulps_apart(a: f64, b: f64) -> u64 {
        a.to_bits().abs_diff(b.to_bits())
    }

    /// Checks [`VectorExp`] of `L` against `f64::exp` at `arguments`, `L::LANES` at a time;
    /// returns the largest difference in ulps.
    fn vector_exp_agrees_with_f64_exp<L: Lane + VectorExp>(arguments: &[f64]) -> u64 {
        let mut worst = 0;
        for chunk in arguments.chunks(L::LANES) {
            let x = L::gather(|i| chunk[i % chunk.len()]);
            let fast = x.vector_exp();
            for (i, &argument) in chunk.iter().enumerate() {
                let (fast, slow) = (fast.lane(i), argument.exp());
                if slow.is_nan() {
                    assert!(fast.is_nan(), "exp({argument}) = {fast}, not NaN");
                    continue;
                }
                let apart = ulps_apart(fast, slow);
                assert!(
                    apart <= 2,
                    "exp({argument:e}): {fast:e} vs {slow:e}, {apart} ulps apart"
                );
                worst = worst.max(apart);
            }
        }
        worst
    }

    /// Special values, the edges of the range where `e^x` is finite and normal, arguments at
    /// and around multiples of ln(2)/2 (where the reduction switches `n`), and many arguments
    /// spread over the whole domain, densely near 0.
    fn exp_test_arguments() -> Vec<f64> {
        let mut arguments = vec![
            0.0,
            -0.0,
            f64::NAN,
            -f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            -f64::MIN_POSITIVE,
            5e-324,
            -5e-324,
            1e-300,
            1e300,
            -1e300,
            709.782_712_893_384,
            709.782_712_893_384_1,
            709.79,
            710.0,
            710.5,
            -708.396_418_532_264_1,
            -708.4,
            -744.4,
            -745.133_219_101_941_1,
            -745.133_219_101_941_2,
            -745.2,
            -746.0,
            -800.0,
        ];
        let mut push_around = |x: f64| {
            let mut below = x;
            let mut above = x;
            for _ in 0..4 {
                below = below.next_down();
                above = above.next_up();
                arguments.extend([below, above]);
            }
            arguments.push(x);
        };
        for k in -2100..=2100 {
            push_around(f64::from(k) * std::f64::consts::LN_2 / 2.0);
        }
        // A deterministic spread: every 2^-6 of [-750, 712], and log-spaced magnitudes
        // 1e-320 to 1e3 of both signs.
        let mut x = -750.0;
        while x <= 712.0 {
            arguments.push(x);
            x += 1.0 / 64.0 + 1e-7;
        }
        for k in 0..=20_000 {
            let magnitude = 10f64.powf(-320.0 + 323.0 * f64::from(k) / 20_000.0);
            arguments.extend([magnitude, -magnitude]);
        }
        arguments
    }

    #[test]
    fn vector_exp_is_within_two_ulps_of_f64_exp() {
        let arguments = exp_test_arguments();
        let worst4 = vector_exp_agrees_with_f64_exp::<f64x4>(&arguments);
        let worst8 = vector_exp_agrees_with_f64_exp::<f64x8>(&arguments);
        eprintln!(
            "vector exp vs f64::exp at {} arguments: worst {worst4} ulp (4 lanes), {worst8} ulp (8 lanes)",
            arguments.len()
        );
        // Both widths compute the same operations lane by lane.
        for chunk in arguments.chunks(8) {
            let eight = f64x8::gather(|i| chunk[i % chunk.len()]).vector_exp();
            let four = f64x4::gather(|i| chunk[i % chunk.len()]).vector_exp();
            for (i, argument) in chunk.iter().enumerate().take(4) {
                assert_eq!(
                    eight.lane(i).to_bits(),
                    four.lane(i).to_bits(),
                    "{argument}"
                );
            }
        }
    }

    #[test]
    fn vector_exp_gives_the_special_values_of_f64_exp() {
        let x = f64x4::new([f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -0.0]).vector_exp();
        assert!(x.lane(0).is_nan());
        assert_eq!(x.lane(1), f64::INFINITY);
        assert_eq!(x.lane(2).to_bits(), 0.0_f64.to_bits());
        assert_eq!(x.lane(3), 1.0);
        let x = f64x4::new([1e308, -1e308, 709.79, -745.2]).vector_exp();
        assert_eq!(x.lane(0), f64::INFINITY);
        assert_eq!(x.lane(1).to_bits(), 0.0_f64.to_bits());
        assert_eq!(x.lane(2), f64::INFINITY);
        assert_eq!(x.lane(3).to_bits(), 0.0_f64.to_bits());
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
