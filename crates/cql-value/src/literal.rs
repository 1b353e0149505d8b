//! Parsing CQL literal text into values (CQL 1.5 §3 "Literals", grammar rules
//! `NUMBER`, `LONGNUMBER`, `DATE`, `DATETIME`, `TIME`, `quantity`). The parser hands over
//! the literal's source text; these functions also serve ToDate/ToDateTime/ToTime on
//! ISO strings (without the `@`).

use crate::decimal::Decimal;
use crate::error::{EvalError, Result};
use crate::temporal::{Date, DateTime, Time};
use crate::value::{Quantity, Value};

fn bad(text: &str, reason: &str) -> EvalError {
    EvalError::InvalidLiteral {
        text: text.to_string(),
        reason: reason.to_string(),
    }
}

/// An Integer literal (`42`, `-7`): an error outside the 32-bit range.
pub fn parse_integer(text: &str) -> Result<Value> {
    let t = text.trim();
    if t.is_empty()
        || !t
            .trim_start_matches(['-', '+'])
            .bytes()
            .all(|b| b.is_ascii_digit())
    {
        return Err(bad(text, "not an Integer"));
    }
    t.parse::<i32>()
        .map(Value::Integer)
        .map_err(|_| bad(text, "outside the Integer range -2147483648..2147483647"))
}

/// A Long literal (`42L`; the `L` is optional here).
pub fn parse_long(text: &str) -> Result<Value> {
    let t = text.trim();
    let t = t.strip_suffix('L').unwrap_or(t);
    if t.is_empty()
        || !t
            .trim_start_matches(['-', '+'])
            .bytes()
            .all(|b| b.is_ascii_digit())
    {
        return Err(bad(text, "not a Long"));
    }
    t.parse::<i64>()
        .map(Value::Long)
        .map_err(|_| bad(text, "outside the Long range"))
}

/// A Decimal literal (`1.50`): an error beyond 28 digits.
pub fn parse_decimal(text: &str) -> Result<Value> {
    if text
        .split_once('.')
        .is_some_and(|(_, f)| f.trim().len() > 8)
    {
        return Err(bad(text, "more than 8 decimal places"));
    }
    Decimal::parse(text)
        .map(Value::Decimal)
        .ok_or_else(|| bad(text, "not a Decimal within 28 digits and 8 decimal places"))
}

/// A number literal of any kind: `1L` Long, `1.5` Decimal, otherwise Integer.
pub fn parse_number(text: &str) -> Result<Value> {
    let t = text.trim();
    if t.ends_with('L') {
        parse_long(t)
    } else if t.contains('.') {
        parse_decimal(t)
    } else {
        parse_integer(t)
    }
}

/// A quantity literal from its number text and unit text (`5`, `'mg'` or `days`; the
/// quotes are optional).
pub fn parse_quantity(number: &str, unit: &str) -> Result<Value> {
    let v = Decimal::parse(number).ok_or_else(|| bad(number, "not a quantity value"))?;
    let u = unit.trim().trim_matches('\'');
    Ok(Value::Quantity(Quantity::new(v, u)))
}

/// Reads `n` digits at `pos`.
fn digits(s: &[u8], pos: &mut usize, n: usize) -> Option<i32> {
    if *pos + n > s.len() || !s[*pos..*pos + n].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let v = std::str::from_utf8(&s[*pos..*pos + n]).ok()?.parse().ok()?;
    *pos += n;
    Some(v)
}

fn eat(s: &[u8], pos: &mut usize, c: u8) -> bool {
    if s.get(*pos) == Some(&c) {
        *pos += 1;
        true
    } else {
        false
    }
}

fn date_fields(s: &[u8], pos: &mut usize) -> Option<[Option<i32>; 3]> {
    let y = digits(s, pos, 4)?;
    let mut out = [Some(y), None, None];
    if eat(s, pos, b'-') {
        out[1] = Some(digits(s, pos, 2)?);
        if eat(s, pos, b'-') {
            out[2] = Some(digits(s, pos, 2)?);
        }
    }
    Some(out)
}

fn time_fields(s: &[u8], pos: &mut usize) -> Option<[Option<i32>; 4]> {
    let h = digits(s, pos, 2)?;
    let mut out = [Some(h), None, None, None];
    if eat(s, pos, b':') {
        out[1] = Some(digits(s, pos, 2)?);
        if eat(s, pos, b':') {
            out[2] = Some(digits(s, pos, 2)?);
            if eat(s, pos, b'.') {
                let start = *pos;
                while *pos < s.len() && s[*pos].is_ascii_digit() {
                    *pos += 1;
                }
                let frac = std::str::from_utf8(&s[start..*pos]).ok()?;
                if frac.is_empty() {
                    return None;
                }
                let ms: String = frac.chars().chain("000".chars()).take(3).collect();
                out[3] = Some(ms.parse().ok()?);
            }
        }
    }
    Some(out)
}

fn offset(s: &[u8], pos: &mut usize) -> Option<Option<i32>> {
    if eat(s, pos, b'Z') {
        return Some(Some(0));
    }
    let sign = if eat(s, pos, b'+') {
        1
    } else if eat(s, pos, b'-') {
        -1
    } else {
        return Some(None);
    };
    let h = digits(s, pos, 2)?;
    let m = if eat(s, pos, b':') {
        digits(s, pos, 2)?
    } else {
        0
    };
    Some(Some(sign * (h * 60 + m)))
}

/// An ISO date `YYYY[-MM[-DD]]` (no `@`).
pub fn parse_iso_date(text: &str) -> Option<Date> {
    let s = text.as_bytes();
    let mut pos = 0;
    let f = date_fields(s, &mut pos)?;
    if pos != s.len() {
        return None;
    }
    Date::new(f[0]?, f[1].map(|m| m as u8), f[2].map(|d| d as u8)).filter(|_| {
        f[1].is_none_or(|m| (1..=12).contains(&m)) && f[2].is_none_or(|d| (1..=31).contains(&d))
    })
}

/// An ISO time `hh[:mm[:ss[.fff]]]` (no `@T`).
pub fn parse_iso_time(text: &str) -> Option<Time> {
    let s = text.as_bytes();
    let mut pos = 0;
    let f = time_fields(s, &mut pos)?;
    if pos != s.len() {
        return None;
    }
    Time::from_fields(f)
}

/// An ISO DateTime `YYYY[-MM[-DD]][T[hh[:mm[:ss[.fff]]]][(Z|+hh:mm|-hh:mm)]]` (no `@`);
/// without an offset the value takes `default_offset` (minutes).
pub fn parse_iso_datetime(text: &str, default_offset: i32) -> Option<DateTime> {
    let s = text.as_bytes();
    let mut pos = 0;
    let d = date_fields(s, &mut pos)?;
    let mut f = [d[0], d[1], d[2], None, None, None, None];
    let mut off = None;
    if eat(s, &mut pos, b'T') {
        if pos < s.len() && s[pos].is_ascii_digit() {
            d[2]?;
            let t = time_fields(s, &mut pos)?;
            f[3..7].copy_from_slice(&t);
        }
        off = offset(s, &mut pos)?;
    }
    if pos != s.len() {
        return None;
    }
    if f[1].is_some_and(|m| !(1..=12).contains(&m)) {
        return None;
    }
    DateTime::from_fields(f, off.unwrap_or(default_offset))
}

/// A date/time literal as written in CQL: `@2014-01-25` (Date), `@2014-01-25T14:30`,
/// `@2014T` (DateTime), `@T12:00` (Time). DateTimes without an offset take
/// `default_offset` minutes (the evaluation request's offset).
pub fn parse_temporal_literal(text: &str, default_offset: i32) -> Result<Value> {
    let t = text.trim();
    let body = t
        .strip_prefix('@')
        .ok_or_else(|| bad(text, "expected '@'"))?;
    let v = if let Some(time) = body.strip_prefix('T') {
        parse_iso_time(time).map(Value::Time)
    } else if body.contains('T') {
        parse_iso_datetime(body, default_offset).map(Value::DateTime)
    } else {
        parse_iso_date(body).map(Value::Date)
    };
    v.ok_or_else(|| bad(text, "not a valid date/time"))
}
