//! Numbers as CSV text, fast: the large tables of a run (`timeseries.csv`, `dataset.csv`) hold
//! millions of values, and formatting them was most of the time a run spends writing.
//!
//! - [`push_number`]: the shortest text that reads back as exactly the same `f64` (Ryū), for the
//!   tables whose values identify something (`subjects.csv`: covariates, doses).
//! - [`push_significant`]: [`SIGNIFICANT_DIGITS`] significant digits, for the simulated values
//!   (and, in `dataset.csv`, the covariates) of the large tables. The solver holds each step to a relative tolerance of 1e-6 by default, so
//!   the digits after the seventh are solver noise; nine keep two more, and need about half the
//!   bytes and a third of the time of the shortest exact text.
//! - [`push_integer`] and [`push_plain`]: whole numbers, and numbers written as Rust's `Display`
//!   writes them (days, amounts), without going through `core::fmt` for the common whole values.

use std::sync::OnceLock;

/// Significant digits of [`push_significant`].
pub const SIGNIFICANT_DIGITS: u32 = 9;

/// `10^SIGNIFICANT_DIGITS`: the digits of a value are a whole number below this.
const DIGITS_LIMIT: u64 = 10_u64.pow(SIGNIFICANT_DIGITS);

/// Smallest and largest decimal exponents of [`powers_of_ten`].
const MIN_EXPONENT: i32 = -340;
const MAX_EXPONENT: i32 = 340;

/// Decimal exponents from which [`push_significant`] writes `1.5e-7` rather than `0.00000015`
/// (below the first) or `1.5e15` rather than `1500000000000000` (from the second on), as Ryū does.
const FIXED_EXPONENTS: std::ops::Range<i32> = -5..15;

/// `10^k` for `k` in `MIN_EXPONENT..=MAX_EXPONENT`, each the `f64` nearest to it (0 and infinity
/// beyond the range of `f64`), read once from decimal text.
fn powers_of_ten() -> &'static [f64] {
    static POWERS: OnceLock<Vec<f64>> = OnceLock::new();
    POWERS.get_or_init(|| {
        (MIN_EXPONENT..=MAX_EXPONENT)
            .map(|k| format!("1e{k}").parse().unwrap_or(f64::NAN))
            .collect()
    })
}

/// `10^k`, the nearest `f64` (for `k` within `MIN_EXPONENT..=MAX_EXPONENT`).
fn power_of_ten(k: i32) -> f64 {
    powers_of_ten()[(k - MIN_EXPONENT) as usize]
}

/// Appends `value` in the shortest form that reads back as exactly the same `f64` (Ryū):
/// `0.85`, `28.846965661178` or `1.5e-7`; whole numbers keep a `.0`, and non-finite values read
/// `NaN`, `inf` or `-inf`.
pub fn push_number(text: &mut Vec<u8>, value: f64) {
    let mut buffer = ryu::Buffer::new();
    text.extend_from_slice(buffer.format(value).as_bytes());
}

/// Appends a whole number.
pub fn push_integer(text: &mut Vec<u8>, value: u64) {
    let mut buffer = itoa::Buffer::new();
    text.extend_from_slice(buffer.format(value).as_bytes());
}

/// Appends `value` exactly as `format!("{value}")` writes it (`7`, `0.5`, `-0`), quickly for
/// whole numbers.
pub fn push_plain(text: &mut Vec<u8>, value: f64) {
    if value.fract() == 0.0 && value.abs() < 1e15 && !(value == 0.0 && value.is_sign_negative()) {
        if value < 0.0 {
            text.push(b'-');
        }
        push_integer(text, value.abs() as u64);
    } else {
        use std::io::Write;
        // Writing to a Vec cannot fail.
        let _ = write!(text, "{value}");
    }
}

/// Appends `value` rounded to [`SIGNIFICANT_DIGITS`] significant digits, without trailing
/// zeros: `38.995626` for 38.995626020664524, `0.85`, `7`, `1.5e-7`, `2.5e15`; `0` for zero (of
/// either sign), and `NaN`, `inf` or `-inf`. Digits are exact for values whose nine digits are
/// well away from a rounding tie; at a tie, the last digit may be one off (the value is scaled by
/// a rounded power of ten), which is far inside the rounding itself. Reads back within
/// `5e-9` relative of `value`.
pub fn push_significant(text: &mut Vec<u8>, value: f64) {
    if !value.is_finite() {
        text.extend_from_slice(if value.is_nan() {
            b"NaN"
        } else if value > 0.0 {
            b"inf"
        } else {
            b"-inf"
        });
        return;
    }
    if value == 0.0 {
        text.push(b'0');
        return;
    }
    if value < 0.0 {
        text.push(b'-');
    }
    let (digits, exponent) = significant_digits(value.abs());
    write_digits(text, digits, exponent);
}

/// The [`SIGNIFICANT_DIGITS`] leading digits of a positive finite `value` as a whole number in
/// `10^(SIGNIFICANT_DIGITS-1)..10^SIGNIFICANT_DIGITS`, and the decimal exponent of the first.
fn significant_digits(value: f64) -> (u64, i32) {
    // floor(log10(value)), from the binary exponent (off by at most one, corrected below).
    let binary_exponent = ((value.to_bits() >> 52) & 0x7ff) as i32 - 1023;
    let binary_exponent = if binary_exponent == -1023 {
        // Subnormal: the leading bit is further down.
        -1023 - (value.to_bits() & ((1 << 52) - 1)).leading_zeros() as i32 + 12
    } else {
        binary_exponent
    };
    let mut exponent = (binary_exponent * 78_913) >> 18; // floor(e2 · log10(2))
    if value >= power_of_ten(exponent + 1) {
        exponent += 1;
    } else if value < power_of_ten(exponent) {
        exponent -= 1;
    }
    let scale = SIGNIFICANT_DIGITS as i32 - 1 - exponent;
    let scaled = if scale > 300 {
        // 10^scale would overflow: scale in two steps (values below 1e-292).
        value * power_of_ten(300) * power_of_ten(scale - 300)
    } else {
        value * power_of_ten(scale)
    };
    let mut digits = scaled.round() as u64;
    if digits >= DIGITS_LIMIT {
        // Rounded up to the next power of ten (9.999999999 → 10.0000000).
        digits /= 10;
        exponent += 1;
    }
    (digits.max(DIGITS_LIMIT / 10), exponent)
}

/// Appends `digits × 10^(exponent − SIGNIFICANT_DIGITS + 1)` without trailing zeros, in fixed
/// notation for exponents in [`FIXED_EXPONENTS`] and as `d.ddde±x` otherwise.
fn write_digits(text: &mut Vec<u8>, mut digits: u64, exponent: i32) {
    let mut count = SIGNIFICANT_DIGITS as i32;
    while digits.is_multiple_of(10) && count > 1 {
        digits /= 10;
        count -= 1;
    }
    let mut buffer = itoa::Buffer::new();
    let d = buffer.format(digits).as_bytes();
    if !FIXED_EXPONENTS.contains(&exponent) {
        text.push(d[0]);
        if d.len() > 1 {
            text.push(b'.');
            text.extend_from_slice(&d[1..]);
        }
        text.push(b'e');
        let mut exponent_buffer = itoa::Buffer::new();
        text.extend_from_slice(exponent_buffer.format(exponent).as_bytes());
    } else if exponent < 0 {
        text.extend_from_slice(b"0.");
        text.extend(std::iter::repeat_n(b'0', (-exponent - 1) as usize));
        text.extend_from_slice(d);
    } else {
        let whole = exponent as usize + 1;
        if d.len() <= whole {
            text.extend_from_slice(d);
            text.extend(std::iter::repeat_n(b'0', whole - d.len()));
        } else {
            text.extend_from_slice(&d[..whole]);
            text.push(b'.');
            text.extend_from_slice(&d[whole..]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn significant(value: f64) -> String {
        let mut text = Vec::new();
        push_significant(&mut text, value);
        String::from_utf8(text).unwrap()
    }

    #[test]
    fn significant_digits_read_as_a_person_writes_them() {
        for (value, text) in [
            (38.995626020664524, "38.995626"),
            (0.85, "0.85"),
            (7.0, "7"),
            (-7.0, "-7"),
            (0.0, "0"),
            (-0.0, "0"),
            (1.5e-7, "1.5e-7"),
            (2.5e15, "2.5e15"),
            (123_456_789_012.0, "123456789000"),
            (1e-5, "0.00001"),
            (9.999_999_999_9, "10"),
            (0.999_999_999_6, "1"),
            (5.900393087635276e-17, "5.90039309e-17"),
            (f64::MAX, "1.79769313e308"),
            (f64::MIN_POSITIVE, "2.22507386e-308"),
            (5e-324, "4.94065646e-324"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
        ] {
            assert_eq!(significant(value), text, "{value:e}");
        }
    }

    /// Random values over the whole range: the text reads back within half a unit of the ninth
    /// digit, and agrees with the standard library's correctly rounded `{:.8e}` except, at most,
    /// in the last digit at a near-tie.
    #[test]
    fn significant_digits_agree_with_correct_rounding() {
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut last_digit_ties = 0;
        for _ in 0..200_000 {
            let value = f64::from_bits(next() >> 1);
            if !value.is_finite() || value == 0.0 {
                continue;
            }
            let text = significant(value);
            let back: f64 = text.parse().unwrap();
            assert!(
                ((back - value) / value).abs() <= 5.0000001e-9,
                "{value:e} → {text}"
            );
            let reference: f64 = format!("{value:.8e}").parse().unwrap();
            if back != reference {
                last_digit_ties += 1;
                assert!(
                    ((back - reference) / reference).abs() < 1.1e-8,
                    "{value:e} → {text}"
                );
            }
        }
        assert!(last_digit_ties < 20, "{last_digit_ties} near-ties");
    }

    #[test]
    fn plain_numbers_are_what_display_writes() {
        for value in [
            0.0,
            -0.0,
            7.0,
            -7.0,
            0.5,
            1e-7,
            364.0,
            1e15,
            1e16,
            2.5,
            1e300,
            f64::NAN,
        ] {
            let mut text = Vec::new();
            push_plain(&mut text, value);
            assert_eq!(String::from_utf8(text).unwrap(), format!("{value}"));
        }
    }
}
