//! Exact CQL `Decimal` (CQL 1.5 §2 "Types": 28 digits of precision, 8 decimal places).
//!
//! A value is an `i128` count of 10^-8 units plus the number of fractional digits that are
//! significant (the scale as written or computed, 0..=8), used by `Precision` and `ToString`.
//! Equality and ordering look at the value only.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

/// Units per one (10^8).
pub const SCALE_FACTOR: i128 = 100_000_000;
/// Largest Decimal: 10^28 - 1 units of 10^-8 (`99999999999999999999.99999999`), the
/// value of `maximum Decimal`.
pub const MAX_UNITS: i128 = 9_999_999_999_999_999_999_999_999_999;
/// Largest magnitude held (29 integer digits): intermediate results such as
/// `10 * 1000000000000000000000000000.0 - 0.00000001` of the conformance suite exceed
/// `maximum Decimal` and must still be exact. Beyond this, arithmetic overflows.
pub const RANGE_UNITS: i128 = 10i128.pow(37) - 1;

/// Exact decimal with 8 fractional digits; see the module docs.
#[derive(Clone, Copy, Debug)]
pub struct Decimal {
    units: i128,
    scale: u8,
}

impl PartialEq for Decimal {
    fn eq(&self, other: &Self) -> bool {
        self.units == other.units
    }
}
impl Eq for Decimal {}
impl Hash for Decimal {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.units.hash(state)
    }
}
impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        self.units.cmp(&other.units)
    }
}

fn pow10(n: u32) -> i128 {
    10i128.pow(n)
}

impl Decimal {
    /// Zero with scale 0.
    pub const ZERO: Decimal = Decimal { units: 0, scale: 0 };
    /// One with scale 0.
    pub const ONE: Decimal = Decimal {
        units: SCALE_FACTOR,
        scale: 0,
    };
    /// The CQL maximum Decimal (Appendix B "Maximum").
    pub const MAX: Decimal = Decimal {
        units: MAX_UNITS,
        scale: 8,
    };
    /// The CQL minimum Decimal.
    pub const MIN: Decimal = Decimal {
        units: -MAX_UNITS,
        scale: 8,
    };
    /// The smallest step (10^-8), used by Successor/Predecessor.
    pub const STEP: Decimal = Decimal { units: 1, scale: 8 };

    /// Builds a decimal from raw 10^-8 units; `None` when outside the CQL range.
    pub fn from_units(units: i128, scale: u8) -> Option<Decimal> {
        if units.abs() > RANGE_UNITS {
            None
        } else {
            Some(Decimal {
                units,
                scale: scale.min(8),
            })
        }
    }

    /// Builds from raw units and computes the smallest scale that shows the value exactly.
    pub fn from_units_min_scale(units: i128) -> Option<Decimal> {
        let mut scale = 8u8;
        let mut u = units;
        while scale > 0 && u % 10 == 0 {
            u /= 10;
            scale -= 1;
        }
        Decimal::from_units(units, scale)
    }

    /// Raw 10^-8 units.
    pub fn units(self) -> i128 {
        self.units
    }

    /// Significant fractional digits (0..=8).
    pub fn scale(self) -> u8 {
        self.scale
    }

    /// Returns the same value with another display scale.
    pub fn with_scale(self, scale: u8) -> Decimal {
        Decimal {
            units: self.units,
            scale: scale.min(8),
        }
    }

    /// Converts an integer (always in range for i64).
    pub fn from_i64(v: i64) -> Decimal {
        Decimal {
            units: v as i128 * SCALE_FACTOR,
            scale: 0,
        }
    }

    /// Parses decimal text such as `-12.50`, `3`, `1e3` is not CQL and is rejected.
    /// More than 8 fractional digits are rounded half away from zero.
    pub fn parse(text: &str) -> Option<Decimal> {
        let t = text.trim();
        let (neg, body) = match t.strip_prefix('-') {
            Some(b) => (true, b),
            None => (false, t.strip_prefix('+').unwrap_or(t)),
        };
        let (int, frac) = match body.split_once('.') {
            Some((i, f)) => (i, f),
            None => (body, ""),
        };
        // `.5` and `5.` are read as both reference engines read them (ToDecimal).
        if (int.is_empty() && frac.is_empty())
            || !int.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let int = int.trim_start_matches('0');
        if int.len() > 28 {
            return None;
        }
        let mut units: i128 = if int.is_empty() { 0 } else { int.parse().ok()? };
        units *= SCALE_FACTOR;
        let scale = frac.len().min(8) as u8;
        let kept = &frac[..frac.len().min(8)];
        if !kept.is_empty() {
            let f: i128 = kept.parse().ok()?;
            units += f * pow10(8 - kept.len() as u32);
        }
        if frac.len() > 8 && frac.as_bytes()[8] >= b'5' {
            units += 1;
        }
        if neg {
            units = -units;
        }
        Decimal::from_units(units, scale)
    }

    /// Plain text with exactly `scale` fractional digits (`ToString` form).
    pub fn to_plain_string(self) -> String {
        self.text_with(self.scale as usize)
    }

    /// Canonical literal text as the conformance suite writes results: trailing zeros
    /// dropped, at least one fractional digit (`2.0`, `0.3`, `-1.25`).
    pub fn to_literal(self) -> String {
        let mut s = self.text_with(8);
        while s.ends_with('0') && !s.ends_with(".0") {
            s.pop();
        }
        s
    }

    fn text_with(self, digits: usize) -> String {
        let neg = self.units < 0;
        let a = self.units.unsigned_abs();
        let int = a / SCALE_FACTOR as u128;
        let frac = a % SCALE_FACTOR as u128;
        let frac_text = format!("{frac:08}");
        let mut s = String::new();
        if neg {
            s.push('-');
        }
        s.push_str(&int.to_string());
        if digits > 0 {
            s.push('.');
            s.push_str(&frac_text[..digits.min(8)]);
        }
        s
    }

    /// Integer part rounded toward zero, as i128.
    pub fn trunc_i128(self) -> i128 {
        self.units / SCALE_FACTOR
    }

    /// True when there is no fractional part.
    pub fn is_integer(self) -> bool {
        self.units % SCALE_FACTOR == 0
    }

    /// Checked addition (CQL Add); `None` on overflow.
    pub fn checked_add(self, o: Decimal) -> Option<Decimal> {
        Decimal::from_units(self.units.checked_add(o.units)?, self.scale.max(o.scale))
    }

    /// Checked subtraction.
    pub fn checked_sub(self, o: Decimal) -> Option<Decimal> {
        Decimal::from_units(self.units.checked_sub(o.units)?, self.scale.max(o.scale))
    }

    /// Checked multiplication, rounded half away from zero to 8 places.
    pub fn checked_mul(self, o: Decimal) -> Option<Decimal> {
        let scale = (self.scale + o.scale).min(8);
        let (a, b) = (self.units, o.units);
        let units = match a.checked_mul(b) {
            Some(p) => div_round(p, SCALE_FACTOR),
            None => {
                let hi = (a / SCALE_FACTOR).checked_mul(b)?;
                let lo = div_round((a % SCALE_FACTOR).checked_mul(b)?, SCALE_FACTOR);
                hi.checked_add(lo)?
            }
        };
        Decimal::from_units(units, scale)
    }

    /// Checked division rounded half away from zero to 8 places; `None` when dividing by
    /// zero or on overflow (the operator turns division by zero into null).
    pub fn checked_div(self, o: Decimal) -> Option<Decimal> {
        if o.units == 0 {
            return None;
        }
        // self.units * 10^8 / o.units, with long division to avoid overflow.
        let neg = (self.units < 0) != (o.units < 0);
        let a = self.units.unsigned_abs();
        let b = o.units.unsigned_abs();
        let mut q = a / b;
        let mut r = a % b;
        for _ in 0..8 {
            r *= 10;
            q = q.checked_mul(10)?.checked_add(r / b)?;
            r %= b;
        }
        if r * 2 >= b {
            q += 1;
        }
        let units = i128::try_from(q).ok()?;
        let d = Decimal::from_units_min_scale(if neg { -units } else { units })?;
        Some(d)
    }

    /// Negation.
    pub fn negate(self) -> Decimal {
        Decimal {
            units: -self.units,
            scale: self.scale,
        }
    }

    /// Absolute value.
    pub fn abs(self) -> Decimal {
        Decimal {
            units: self.units.abs(),
            scale: self.scale,
        }
    }

    /// Largest integer not greater than the value.
    pub fn floor(self) -> i128 {
        self.units.div_euclid(SCALE_FACTOR)
    }

    /// Smallest integer not less than the value.
    pub fn ceiling(self) -> i128 {
        -((-self.units).div_euclid(SCALE_FACTOR))
    }

    /// CQL Round to `places` digits, halves away from zero (as the conformance suite
    /// expects: `Round(-0.5)` is `-1.0`; Appendix B "Round").
    pub fn round(self, places: u32) -> Decimal {
        let places = places.min(8);
        let step = pow10(8 - places);
        let units = div_round(self.units, step) * step;
        Decimal {
            units,
            scale: places as u8,
        }
    }

    /// Approximate value as f64 (for Ln, Exp, Power with fractional exponents).
    pub fn to_f64(self) -> f64 {
        self.units as f64 / SCALE_FACTOR as f64
    }

    /// Rounds an f64 into a decimal; `None` for NaN, infinities or out-of-range values.
    pub fn from_f64(v: f64) -> Option<Decimal> {
        if !v.is_finite() {
            return None;
        }
        let u = (v * SCALE_FACTOR as f64).round();
        if u.abs() > RANGE_UNITS as f64 {
            return None;
        }
        Decimal::from_units_min_scale(u as i128)
    }

    /// Sign: -1, 0 or 1.
    pub fn signum(self) -> i32 {
        self.units.signum() as i32
    }
}

/// Division rounding half away from zero.
pub(crate) fn div_round(n: i128, d: i128) -> i128 {
    let q = n / d;
    let r = n % d;
    if r.abs() * 2 >= d.abs() {
        if (n < 0) != (d < 0) {
            q - 1
        } else {
            q + 1
        }
    } else {
        q
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_literal())
    }
}
