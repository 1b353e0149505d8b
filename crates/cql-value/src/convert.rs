//! Conversion operators (Appendix B "Type Operators"): ToBoolean, ToInteger, ToLong,
//! ToDecimal, ToString, ToDate, ToDateTime, ToTime, ToQuantity, ToConcept, ToRatio,
//! ConvertsToX, ConvertQuantity. Invalid text converts to null, never an error.

use std::sync::Arc;

use crate::decimal::Decimal;
use crate::error::{EvalError, Result};
use crate::literal;
use crate::quantity;
use crate::render::{date_text, offset_text, quote_string, time_text};
use crate::temporal::Precision;
use crate::value::{Concept, Quantity, Ratio, Value, ValueType};

/// `ToBoolean`: 'true'/'t'/'yes'/'y'/'1' and 'false'/'f'/'no'/'n'/'0' (any case),
/// 1 and 0 numbers; otherwise null.
pub fn to_boolean(v: &Value) -> Result<Value> {
    Ok(match v {
        Value::Boolean(_) => v.clone(),
        Value::String(s) => match s.trim().to_lowercase().as_str() {
            "true" | "t" | "yes" | "y" | "1" => Value::Boolean(true),
            "false" | "f" | "no" | "n" | "0" => Value::Boolean(false),
            _ => Value::Null,
        },
        Value::Integer(1) | Value::Long(1) => Value::Boolean(true),
        Value::Integer(0) | Value::Long(0) => Value::Boolean(false),
        Value::Decimal(d) if *d == Decimal::ONE => Value::Boolean(true),
        Value::Decimal(d) if *d == Decimal::ZERO => Value::Boolean(false),
        _ => Value::Null,
    })
}

/// `ToInteger`: from String, Long (in range), Boolean.
pub fn to_integer(v: &Value) -> Result<Value> {
    Ok(match v {
        Value::Integer(_) => v.clone(),
        Value::Long(l) => i32::try_from(*l).map_or(Value::Null, Value::Integer),
        Value::Boolean(b) => Value::Integer(*b as i32),
        Value::String(s) => literal::parse_integer(s).unwrap_or(Value::Null),
        _ => Value::Null,
    })
}

/// `ToLong`: from String, Integer, Boolean.
pub fn to_long(v: &Value) -> Result<Value> {
    Ok(match v {
        Value::Long(_) => v.clone(),
        Value::Integer(i) => Value::Long(*i as i64),
        Value::Boolean(b) => Value::Long(*b as i64),
        Value::String(s) if !s.trim().ends_with('L') => {
            literal::parse_long(s).unwrap_or(Value::Null)
        }
        _ => Value::Null,
    })
}

/// `ToDecimal`: from String, Integer, Long, Boolean.
pub fn to_decimal(v: &Value) -> Result<Value> {
    Ok(match v {
        Value::Decimal(_) => v.clone(),
        Value::Integer(i) => Value::Decimal(Decimal::from_i64(*i as i64)),
        Value::Long(i) => Value::Decimal(Decimal::from_i64(*i)),
        Value::Boolean(b) => Value::Decimal(Decimal::from_i64(*b as i64).with_scale(1)),
        Value::String(s) => Decimal::parse(s).map_or(Value::Null, Value::Decimal),
        _ => Value::Null,
    })
}

fn quantity_string(q: &Quantity) -> String {
    format!("{} {}", q.value.to_plain_string(), quote_string(&q.unit))
}

/// `ToString` as the reference engines answer it: a DateTime whose offset is the
/// evaluation request's (`default_offset` minutes) is written without it
/// (`ToString(DateTime(2000, 1, 1))` = `'2000-01-01'`); other values as [`to_string`].
pub fn to_string_at(v: &Value, default_offset: i32) -> Result<Value> {
    match v {
        Value::DateTime(dt) if dt.offset == default_offset => {
            let mut s = date_text(&dt.date());
            if let Some(t) = dt.time() {
                s.push('T');
                s.push_str(&time_text(&t));
            }
            Ok(Value::string(s))
        }
        other => to_string(other),
    }
}

/// `ToString`: the value's text (`'125 \'cm\''` for quantities, ISO text for dates;
/// DateTimes always with their offset, see [`to_string_at`]).
pub fn to_string(v: &Value) -> Result<Value> {
    Ok(match v {
        Value::Null => Value::Null,
        Value::String(_) => v.clone(),
        Value::Boolean(b) => Value::string(b.to_string()),
        Value::Integer(i) => Value::string(i.to_string()),
        Value::Long(i) => Value::string(i.to_string()),
        Value::Decimal(d) => Value::string(d.to_plain_string()),
        Value::Quantity(q) => Value::string(quantity_string(q)),
        Value::Ratio(r) => Value::string(format!(
            "{}:{}",
            quantity_string(&r.numerator),
            quantity_string(&r.denominator)
        )),
        Value::Date(d) => Value::string(date_text(d)),
        Value::DateTime(dt) => {
            let mut s = date_text(&dt.date());
            if dt.precision >= Precision::Hour {
                s.push('T');
                s.push_str(&time_text(
                    &dt.time()
                        .unwrap_or_else(|| crate::Time::from_ms(0, Precision::Hour)),
                ));
            }
            s.push_str(&offset_text(dt.offset));
            Value::string(s)
        }
        Value::Time(t) => Value::string(time_text(t)),
        other => Value::string(other.to_cql_literal()),
    })
}

/// `ToDate`: from an ISO string or a DateTime (CQL 2.0: the calendar date as written,
/// whatever the offset).
pub fn to_date(v: &Value) -> Result<Value> {
    Ok(match v {
        Value::Date(_) => v.clone(),
        Value::DateTime(dt) => Value::Date(dt.date()),
        // Only date text converts (both reference engines give null for
        // `ToDate('2024-01-01T10:00:00Z')`).
        Value::String(s) => literal::parse_iso_date(s.trim()).map_or(Value::Null, Value::Date),
        _ => Value::Null,
    })
}

/// `ToDateTime`: from an ISO string or a Date; without an offset the value takes
/// `default_offset` minutes (the evaluation request's offset).
pub fn to_datetime(v: &Value, default_offset: i32) -> Result<Value> {
    Ok(match v {
        Value::DateTime(_) => v.clone(),
        Value::Date(d) => Value::DateTime(crate::compare::date_to_datetime(d, default_offset)),
        Value::String(s) => literal::parse_iso_datetime(s.trim(), default_offset)
            .map_or(Value::Null, Value::DateTime),
        _ => Value::Null,
    })
}

/// `ToTime`: from an ISO time string (an optional leading `T` and a trailing offset are
/// accepted; the offset is ignored).
pub fn to_time(v: &Value) -> Result<Value> {
    Ok(match v {
        Value::Time(_) => v.clone(),
        Value::String(s) => {
            let t = s.trim();
            let t = t.strip_prefix('T').unwrap_or(t);
            let b = t.as_bytes();
            let n = b.len();
            let end = if t.ends_with('Z') {
                n - 1
            } else if n > 6 && matches!(b[n - 6], b'+' | b'-') && b[n - 3] == b':' {
                n - 6
            } else {
                n
            };
            literal::parse_iso_time(&t[..end]).map_or(Value::Null, Value::Time)
        }
        _ => Value::Null,
    })
}

/// Parses quantity text such as `5.5 'cm'`, `5.5 cm`, `3 days`, `5`.
fn parse_quantity_text(s: &str) -> Option<Quantity> {
    let t = s.trim();
    let (num, unit) = match t.find([' ', '\'']) {
        Some(i) => (&t[..i], t[i..].trim()),
        None => (t, ""),
    };
    let value = Decimal::parse(num)?;
    let unit = unit.trim_matches('\'');
    if !unit.is_empty()
        && !quantity::is_known_unit(&quantity::normalize_unit(unit))
        && unit.contains(' ')
    {
        return None;
    }
    Some(Quantity::new(value, unit))
}

/// `ToQuantity`: from a number (unit `'1'`), a String (`'5.5 \'cm\''`) or a Ratio-free
/// value; invalid text gives null.
pub fn to_quantity(v: &Value) -> Result<Value> {
    Ok(match v {
        Value::Quantity(_) => v.clone(),
        Value::Integer(_) | Value::Long(_) | Value::Decimal(_) => Value::Quantity(Quantity::new(
            crate::compare::to_dec(v).unwrap_or(Decimal::ZERO),
            "1",
        )),
        Value::String(s) => parse_quantity_text(s).map_or(Value::Null, Value::Quantity),
        _ => Value::Null,
    })
}

/// `ToRatio`: from text `'1.0 \'mg\':2.0 \'mL\''`.
pub fn to_ratio(v: &Value) -> Result<Value> {
    Ok(match v {
        Value::Ratio(_) => v.clone(),
        Value::String(s) => {
            let mut parts = s.splitn(2, ':');
            match (
                parts.next().and_then(parse_quantity_text),
                parts.next().and_then(parse_quantity_text),
            ) {
                (Some(n), Some(d)) => Value::Ratio(Arc::new(Ratio {
                    numerator: n,
                    denominator: d,
                })),
                _ => Value::Null,
            }
        }
        _ => Value::Null,
    })
}

/// `ToConcept`: a Code or a list of Codes as a Concept.
pub fn to_concept(v: &Value) -> Result<Value> {
    Ok(match v {
        Value::Concept(_) => v.clone(),
        Value::Code(c) => Value::Concept(Arc::new(Concept {
            codes: vec![(**c).clone()],
            display: None,
        })),
        Value::List(l) => Value::Concept(Arc::new(Concept {
            codes: l
                .iter()
                .filter_map(|x| match x {
                    Value::Code(c) => Some((**c).clone()),
                    _ => None,
                })
                .collect(),
            display: None,
        })),
        _ => Value::Null,
    })
}

/// `ToX` by target type (the evaluator's `convert x to T` and implicit conversions).
pub fn convert_to(v: &Value, t: &ValueType, default_offset: i32) -> Result<Value> {
    if v.is_null() {
        return Ok(Value::Null);
    }
    match t {
        ValueType::Boolean => to_boolean(v),
        ValueType::Integer => to_integer(v),
        ValueType::Long => to_long(v),
        ValueType::Decimal => to_decimal(v),
        ValueType::String => to_string_at(v, default_offset),
        ValueType::Date => to_date(v),
        ValueType::DateTime => to_datetime(v, default_offset),
        ValueType::Time => to_time(v),
        ValueType::Quantity => to_quantity(v),
        ValueType::Ratio => to_ratio(v),
        ValueType::Concept => to_concept(v),
        ValueType::Any => Ok(v.clone()),
        other => Err(EvalError::InvalidConversion(format!(
            "cannot convert {} to {other}",
            v.type_name()
        ))),
    }
}

/// `ConvertsToX`: null for null input, otherwise whether `convert_to` gives a value.
pub fn converts_to(v: &Value, t: &ValueType, default_offset: i32) -> Result<Value> {
    if v.is_null() {
        return Ok(Value::Null);
    }
    Ok(Value::Boolean(
        convert_to(v, t, default_offset).is_ok_and(|r| !r.is_null()),
    ))
}

/// `ConvertQuantity(q, unit)` / `convert q to 'unit'`: an error when the units are not
/// convertible.
pub fn convert_quantity(v: &Value, unit: &Value) -> Result<Value> {
    let (Value::Quantity(q), Value::String(u)) = (v, unit) else {
        if v.is_null() || unit.is_null() {
            return Ok(Value::Null);
        }
        return Err(EvalError::operands("ConvertQuantity", &[v, unit]));
    };
    let target = quantity::normalize_unit(u);
    quantity::convert_value(q.value, &q.unit, &target)
        .map(|d| Value::Quantity(Quantity::new(d, &target)))
        .ok_or_else(|| {
            EvalError::InvalidConversion(format!("cannot convert '{}' to '{u}'", q.unit))
        })
}
