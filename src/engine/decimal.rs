//! Decimal text (`0.25`, `-3`, `1.5e-3`) read into the nearest f64, ties to
//! even: the same bits as `str::parse::<f64>`, which the tests below and in
//! tests/properties.rs compare it with. (The one difference is beyond any
//! link: std stops reading an exponent past about 65,536, so a text with
//! tens of thousands of digits and such an exponent can read differently;
//! this reader still gives the nearest f64.)
//!
//! Why not `str::parse`: the standard library reads numbers with the
//! Eisel-Lemire algorithm, whose table of 651 powers of five (10 KB) and
//! code cost the page's wasm 12.4 KB gzipped, and the page reads only a
//! handful of numbers (a share link's values, a typed guess). This reader
//! takes the exact route instead: numbers of at most 15 digits with a small
//! exponent are one exact multiplication or division (Clinger's fast path,
//! "How to read floating point numbers accurately", PLDI 1990); any other
//! is the exact quotient of two big integers, rounded once. That is slower,
//! microseconds rather than nanoseconds, and pure integer arithmetic, so
//! every target gives the same bits.
//!
//! Accepted: an optional sign, digits with at most one decimal point (at
//! least one digit), and an optional exponent (`e` or `E`, optional sign,
//! digits). Refused (`None`): anything else, including spaces, `inf` and
//! `NaN`, which no field of the app takes.

/// Significant digits kept; any further non-zero digit only breaks a tie.
/// 768 digits decide the rounding of every f64 (the longest exact decimal
/// of a halfway point between two f64 has 767 significant digits).
const MAX_DIGITS: usize = 800;

/// Powers of ten that f64 holds exactly, for the fast path.
const EXACT_POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// The nearest f64 to `text`, or `None` if it is not a decimal number.
pub fn parse_f64(text: &str) -> Option<f64> {
    let number = Decimal::read(text)?;
    let magnitude = number.magnitude();
    Some(if number.negative {
        -magnitude
    } else {
        magnitude
    })
}

/// A number as written: `0.d₁d₂…dₙ × 10^point`, with d₁ ≠ 0 unless there are
/// no digits at all (zero).
struct Decimal {
    negative: bool,
    /// Significant digits (values 0 to 9), leading zeros dropped, at most
    /// [`MAX_DIGITS`].
    digits: Vec<u8>,
    /// Whether a non-zero digit was dropped beyond [`MAX_DIGITS`].
    truncated: bool,
    /// Where the decimal point sits relative to the first digit.
    point: i64,
}

impl Decimal {
    fn read(text: &str) -> Option<Decimal> {
        let (negative, rest) = split_sign(text.as_bytes());
        let mantissa_end = rest
            .iter()
            .position(|&b| b == b'e' || b == b'E')
            .unwrap_or(rest.len());
        let (mantissa, exponent) = rest.split_at(mantissa_end);
        let mut number = Decimal::mantissa(mantissa)?;
        number.negative = negative;
        if !exponent.is_empty() {
            number.point = number.point.saturating_add(read_exponent(&exponent[1..])?);
        }
        Some(number)
    }

    /// The digits and point of `123.45`, `.5`, `7.`.
    fn mantissa(text: &[u8]) -> Option<Decimal> {
        let mut number = Decimal {
            negative: false,
            digits: Vec::new(),
            truncated: false,
            point: 0,
        };
        let (mut seen_digit, mut seen_point) = (false, false);
        for &byte in text {
            match byte {
                b'.' if !seen_point => seen_point = true,
                b'0'..=b'9' => {
                    seen_digit = true;
                    number.push_digit(byte - b'0', seen_point);
                }
                _ => return None,
            }
        }
        seen_digit.then_some(number)
    }

    fn push_digit(&mut self, digit: u8, after_point: bool) {
        if self.digits.is_empty() && digit == 0 {
            // A leading zero: only moves the point if it follows it.
            self.point -= i64::from(after_point);
            return;
        }
        if !after_point {
            self.point += 1;
        }
        if self.digits.len() < MAX_DIGITS {
            self.digits.push(digit);
        } else if digit != 0 {
            self.truncated = true;
        }
    }

    /// The nearest f64 to the number's absolute value.
    fn magnitude(&self) -> f64 {
        // Trailing zeros are dropped, except before a truncated digit, which
        // must stay below every kept one.
        let significant = if self.truncated {
            self.digits.len()
        } else {
            self.digits
                .iter()
                .rposition(|&d| d != 0)
                .map_or(0, |i| i + 1)
        };
        if significant == 0 {
            return 0.0;
        }
        // Far outside f64's range: 0.1 × 10^311 is above its largest value,
        // and 10^-343 rounds to zero even from a digit string of 9s.
        if self.point > 310 {
            return f64::INFINITY;
        }
        if self.point < -343 {
            return 0.0;
        }
        let digits = &self.digits[..significant];
        let exponent = self.point - significant as i64;
        exact_fast_path(digits, exponent, self.truncated)
            .unwrap_or_else(|| exact_quotient(digits, exponent, self.truncated))
    }
}

/// Whether `text` starts with a minus sign, and the rest after any sign.
fn split_sign(text: &[u8]) -> (bool, &[u8]) {
    match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, text),
    }
}

/// The exponent after `e`: optional sign, at least one digit. Huge values
/// saturate, which still reads as zero or infinity.
fn read_exponent(text: &[u8]) -> Option<i64> {
    let (negative, digits) = split_sign(text);
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let value = digits.iter().fold(0i64, |value, &d| {
        value.saturating_mul(10).saturating_add(i64::from(d - b'0'))
    });
    Some(if negative { -value } else { value })
}

/// `digits × 10^exponent` when both factors are exact f64s, so one
/// correctly rounded operation gives the answer (Clinger 1990).
fn exact_fast_path(digits: &[u8], exponent: i64, truncated: bool) -> Option<f64> {
    if truncated || digits.len() > 15 || exponent.unsigned_abs() > 22 {
        return None;
    }
    let whole = digits.iter().fold(0u64, |w, &d| w * 10 + u64::from(d)) as f64;
    let power = EXACT_POWERS_OF_TEN[exponent.unsigned_abs() as usize];
    Some(if exponent < 0 {
        whole / power
    } else {
        whole * power
    })
}

/// `digits × 10^exponent` rounded once: the quotient of two big integers
/// `numerator / (denominator × 2^shift)` taken to 56 or 57 bits, then rounded
/// to f64's 53 (fewer below its normal range), ties to even.
fn exact_quotient(digits: &[u8], exponent: i64, truncated: bool) -> f64 {
    let mut numerator = Big::from_digits(digits);
    let mut ten_power = exponent;
    if truncated {
        // A digit 1 after the kept ones: above any tie, below the next digit.
        numerator.mul_add(10, 1);
        ten_power -= 1;
    }
    let mut denominator = Big::from_digits(&[1]);
    let scaled = if ten_power >= 0 {
        &mut numerator
    } else {
        &mut denominator
    };
    for _ in 0..ten_power.unsigned_abs() {
        scaled.mul_add(10, 0);
    }
    // Choose 2^shift so that the quotient has 56 or 57 bits.
    let shift = numerator.bits() as i64 - denominator.bits() as i64 - 56;
    if shift >= 0 {
        denominator.shift_left(shift as usize);
    } else {
        numerator.shift_left(shift.unsigned_abs() as usize);
    }
    let (quotient, remainder_is_zero) = numerator.divide(&denominator, 57);
    round_to_f64(quotient, shift, !remainder_is_zero)
}

/// The f64 nearest `(quotient + a fraction) × 2^shift`, where `inexact`
/// says the fraction is not zero.
fn round_to_f64(quotient: u64, shift: i64, inexact: bool) -> f64 {
    let width = i64::from(u64::BITS - quotient.leading_zeros());
    // Drop bits down to 53, and further below the normal range, where the
    // smallest step is 2^-1074.
    let mut dropped = (width - 53).max(-1074 - shift).min(60);
    let mut mantissa = quotient >> dropped;
    let rest = quotient & ((1u64 << dropped) - 1);
    let half = 1u64 << (dropped - 1);
    if rest > half || (rest == half && (inexact || mantissa & 1 == 1)) {
        mantissa += 1;
        if mantissa == 1 << 53 {
            mantissa >>= 1;
            dropped += 1;
        }
    }
    let binary_exponent = shift + dropped;
    if binary_exponent > 971 {
        return f64::INFINITY;
    }
    if mantissa < 1 << 52 {
        // Subnormal (or zero): the exponent field is 0.
        return f64::from_bits(mantissa);
    }
    let biased = (binary_exponent + 1075) as u64;
    f64::from_bits(biased << 52 | (mantissa & ((1 << 52) - 1)))
}

/// An unsigned big integer, 32-bit limbs, least significant first.
struct Big(Vec<u32>);

impl Big {
    fn from_digits(digits: &[u8]) -> Big {
        let mut big = Big(Vec::with_capacity(digits.len() / 9 + 2));
        for &digit in digits {
            big.mul_add(10, u32::from(digit));
        }
        big
    }

    /// `self = self × factor + carry`.
    fn mul_add(&mut self, factor: u32, mut carry: u32) {
        for limb in &mut self.0 {
            let wide = u64::from(*limb) * u64::from(factor) + u64::from(carry);
            *limb = wide as u32;
            carry = (wide >> 32) as u32;
        }
        if carry > 0 {
            self.0.push(carry);
        }
    }

    fn bits(&self) -> u32 {
        self.0
            .iter()
            .rposition(|&limb| limb != 0)
            .map_or(0, |top| top as u32 * 32 + 32 - self.0[top].leading_zeros())
    }

    fn shift_left(&mut self, bits: usize) {
        let (limbs, within) = (bits / 32, bits % 32);
        if within > 0 {
            let mut carry = 0;
            for limb in &mut self.0 {
                let next = *limb >> (32 - within);
                *limb = *limb << within | carry;
                carry = next;
            }
            if carry > 0 {
                self.0.push(carry);
            }
        }
        self.0.splice(0..0, std::iter::repeat_n(0, limbs));
    }

    fn at_least(&self, other: &Big) -> bool {
        let len = self.0.len().max(other.0.len());
        for i in (0..len).rev() {
            let mine = self.0.get(i).copied().unwrap_or(0);
            let theirs = other.0.get(i).copied().unwrap_or(0);
            if mine != theirs {
                return mine > theirs;
            }
        }
        true
    }

    /// `self -= other`, given `self` ≥ `other`.
    fn subtract(&mut self, other: &Big) {
        let mut borrow = false;
        for (i, limb) in self.0.iter_mut().enumerate() {
            let theirs = other.0.get(i).copied().unwrap_or(0);
            let (value, under) = limb.overflowing_sub(theirs);
            let (value, under_again) = value.overflowing_sub(u32::from(borrow));
            *limb = value;
            borrow = under || under_again;
        }
    }

    /// The quotient `self / divisor` (known to be below 2^`width`), by
    /// binary long division, and whether the division was exact.
    fn divide(mut self, divisor: &Big, width: u32) -> (u64, bool) {
        let mut quotient = 0u64;
        for bit in (0..width).rev() {
            let mut shifted = Big(divisor.0.clone());
            shifted.shift_left(bit as usize);
            if self.at_least(&shifted) {
                self.subtract(&shifted);
                quotient |= 1 << bit;
            }
        }
        (quotient, self.bits() == 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    fn same_as_std(text: &str) {
        let expected = text.parse::<f64>().ok().filter(|v| !v.is_nan());
        let expected = expected.filter(|_| !text.to_ascii_lowercase().contains("inf"));
        let got = parse_f64(text);
        assert_eq!(
            got.map(f64::to_bits),
            expected.map(f64::to_bits),
            "{text}: {got:?}, std reads {expected:?}"
        );
    }

    #[test]
    fn reads_what_std_reads_and_refuses_the_rest() {
        for text in [
            "0",
            "-0",
            "+0",
            "1",
            "-1",
            "1.",
            ".5",
            "0.25",
            "007.50",
            "1e3",
            "1E3",
            "1e+3",
            "1e-3",
            "2.5e-1",
            "0.30000000000000004",
            "1e22",
            "1e23",
            "9007199254740993",
            "2.2250738585072011e-308",
            "2.2250738585072014e-308",
            "4.9e-324",
            "2.4e-324",
            "2.5e-324",
            "1e-400",
            "1.7976931348623157e308",
            "1.7976931348623159e308",
            "1e309",
            "1e999999999999999999999",
            "1e-999999999999999999999",
            "0e999999",
            "",
            ".",
            "-",
            "+",
            "e5",
            "1e",
            "1e+",
            "1.2.3",
            "1_000",
            " 1",
            "1 ",
            "0x10",
            "inf",
            "NaN",
            "infinity",
            "--1",
            "1e5e5",
        ] {
            same_as_std(text);
        }
    }

    #[test]
    fn every_f64_reads_back_from_its_shortest_text() {
        let mut rng = Rng::new(11);
        for _ in 0..20_000 {
            let value = f64::from_bits(rng.next_u64());
            if value.is_finite() {
                assert_eq!(parse_f64(&format!("{value}")), Some(value));
                assert_eq!(parse_f64(&format!("{value:e}")), Some(value));
            }
        }
    }

    #[test]
    fn halfway_points_round_to_even_and_a_hair_off_them_does_not() {
        let mut rng = Rng::new(5);
        for _ in 0..300 {
            // Any finite value, subnormals included, and the exact decimal
            // halfway to the next f64 above it.
            let value = f64::from_bits(rng.next_u64() % f64::INFINITY.to_bits());
            let halfway = exact_halfway_above(value);
            same_as_std(&halfway);
            same_as_std(&format!("{halfway}1"));
            same_as_std(&halfway[..halfway.len() - 1]);
        }
    }

    #[test]
    fn the_range_s_edges_and_digits_past_the_cut_round_as_std_does() {
        let largest_subnormal = f64::from_bits(f64::MIN_POSITIVE.to_bits() - 1);
        let zeros = "0".repeat(900);
        for value in [
            0.0,
            f64::from_bits(1),
            largest_subnormal,
            f64::MIN_POSITIVE,
            1.0,
            f64::MAX,
        ] {
            let halfway = exact_halfway_above(value);
            same_as_std(&halfway);
            // Beyond the digits kept, a 1 still breaks the tie upward, and
            // zeros leave it a tie.
            same_as_std(&format!("{halfway}{zeros}1"));
            same_as_std(&format!("{halfway}{zeros}"));
        }
    }

    /// The exact decimal of the midpoint between `value` (finite, not
    /// negative) and the next f64 above it; above `f64::MAX`, the point from
    /// which reading gives infinity.
    fn exact_halfway_above(value: f64) -> String {
        let ulp = if value == f64::MAX {
            value - f64::from_bits(value.to_bits() - 1)
        } else {
            f64::from_bits(value.to_bits() + 1) - value
        };
        // Half an ulp can be below the smallest f64, so its decimal is halved.
        add_decimals(&format!("{value:.1101}"), &half_of(&format!("{ulp:.1100}")))
    }

    /// Half of a non-negative decimal, one place longer.
    fn half_of(decimal: &str) -> String {
        let mut remainder = 0;
        let mut half: String = decimal
            .chars()
            .map(|c| match c.to_digit(10) {
                Some(digit) => {
                    let value = remainder * 10 + digit;
                    remainder = value % 2;
                    char::from_digit(value / 2, 10).unwrap()
                }
                None => c,
            })
            .collect();
        half.push(if remainder == 1 { '5' } else { '0' });
        half
    }

    /// Sum of two non-negative decimals written with the same number of places.
    fn add_decimals(a: &str, b: &str) -> String {
        let (a_int, a_frac) = a.split_once('.').unwrap();
        let (b_int, b_frac) = b.split_once('.').unwrap();
        let width = a_int.len().max(b_int.len());
        let a_all = format!("{a_int:0>width$}{a_frac}");
        let b_all = format!("{b_int:0>width$}{b_frac}");
        let mut carry = 0;
        let mut sum: Vec<u8> = a_all
            .bytes()
            .rev()
            .zip(b_all.bytes().rev())
            .map(|(x, y)| {
                let digit = (x - b'0') + (y - b'0') + carry;
                carry = digit / 10;
                b'0' + digit % 10
            })
            .collect();
        sum.push(b'0' + carry);
        sum.reverse();
        let (int, frac) = sum.split_at(width + 1);
        let text = format!(
            "{}.{}",
            String::from_utf8_lossy(int),
            String::from_utf8_lossy(frac)
        );
        text.trim_end_matches('0').to_string()
    }

    #[test]
    fn long_and_random_texts_read_as_std_reads_them() {
        let mut rng = Rng::new(3);
        for _ in 0..5_000 {
            let length = 1 + (rng.next_u64() % 40) as usize;
            let mut text: String = (0..length)
                .map(|_| char::from(b'0' + (rng.next_u64() % 10) as u8))
                .collect();
            let point = (rng.next_u64() % (length as u64 + 1)) as usize;
            text.insert(point, '.');
            let exponent = (rng.next_u64() % 700) as i64 - 350;
            same_as_std(&format!("{text}e{exponent}"));
        }
    }
}
