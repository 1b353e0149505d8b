//! Arithmetic operators (Appendix B "Arithmetic Operators"): Add, Subtract, Multiply,
//! Divide, TruncatedDivide, Modulo, Power, Negate, Abs, Ceiling, Floor, Truncate, Round,
//! Ln, Log, Exp, Successor, Predecessor, MinValue, MaxValue, Precision, LowBoundary,
//! HighBoundary. Integer/Long/Decimal overflow gives null (Appendix B: "If the result
//! cannot be represented, the result is null"); date/time overflow is an error.

use std::sync::Arc;

use crate::compare::{num_pair, to_dec, NumPair};
use crate::datetime::add_duration;
use crate::decimal::Decimal;
use crate::error::{EvalError, Result};
use crate::temporal::{Date, DateTime, Precision, Time};
use crate::value::{Quantity, Value, ValueType};
use crate::{quantity, units};

fn int_result(a: &Value, b: &Value, r: Option<i64>) -> Value {
    let long = matches!(a, Value::Long(_)) || matches!(b, Value::Long(_));
    match r {
        None => Value::Null,
        Some(x) if long => Value::Long(x),
        Some(x) => i32::try_from(x).map_or(Value::Null, Value::Integer),
    }
}

/// Brings two quantities to a common unit (the finer of the two when convertible).
fn common_units(a: &Quantity, b: &Quantity, op: &str) -> Result<(Decimal, Decimal, Arc<str>)> {
    if a.unit == b.unit {
        return Ok((a.value, b.value, a.unit.clone()));
    }
    let f = quantity::conversion_factor(&b.unit, &a.unit).ok_or_else(|| {
        EvalError::InvalidConversion(format!("{op}: units '{}' and '{}'", a.unit, b.unit))
    })?;
    let conv = |v: Decimal, from: &str, to: &str| {
        quantity::convert_value(v, from, to)
            .ok_or_else(|| EvalError::Overflow(format!("{op}: unit conversion")))
    };
    if f >= 1.0 {
        Ok((a.value, conv(b.value, &b.unit, &a.unit)?, a.unit.clone()))
    } else {
        Ok((conv(a.value, &a.unit, &b.unit)?, b.value, b.unit.clone()))
    }
}

fn uncertainty(v: &Value) -> Option<(Value, Value)> {
    match v {
        Value::Interval(i) if i.low_closed && i.high_closed => {
            Some((i.low.clone(), i.high.clone()))
        }
        Value::Integer(_) | Value::Long(_) | Value::Decimal(_) => Some((v.clone(), v.clone())),
        _ => None,
    }
}

/// Arithmetic on uncertainties (closed intervals produced by `between` on imprecise
/// values): applies `f` to the bound combinations and spans the results.
fn uncertain_op(a: &Value, b: &Value, f: fn(&Value, &Value) -> Result<Value>) -> Result<Value> {
    let (Some((al, ah)), Some((bl, bh))) = (uncertainty(a), uncertainty(b)) else {
        return Err(EvalError::operands("Arithmetic", &[a, b]));
    };
    let mut vals = [f(&al, &bl)?, f(&al, &bh)?, f(&ah, &bl)?, f(&ah, &bh)?];
    vals.sort_by(crate::compare::sort_cmp);
    Ok(Value::interval(
        vals[0].clone(),
        true,
        vals[3].clone(),
        true,
    ))
}

fn is_uncertain(a: &Value, b: &Value) -> bool {
    matches!(a, Value::Interval(_)) || matches!(b, Value::Interval(_))
}

/// Appendix B "Add" (`+`): numbers, quantities, date/time + quantity, and String
/// concatenation (`'a' + 'b'`).
pub fn add(a: &Value, b: &Value) -> Result<Value> {
    if a.is_null() || b.is_null() {
        return Ok(Value::Null);
    }
    if let Some(p) = num_pair(a, b) {
        return Ok(match p {
            NumPair::Int(x, y) => int_result(a, b, x.checked_add(y)),
            NumPair::Dec(x, y) => x.checked_add(y).map_or(Value::Null, Value::Decimal),
        });
    }
    match (a, b) {
        (Value::String(x), Value::String(y)) => Ok(Value::string(format!("{x}{y}"))),
        (Value::Quantity(x), Value::Quantity(y)) => {
            let (p, q, u) = common_units(x, y, "Add")?;
            Ok(p.checked_add(q).map_or(Value::Null, |v| {
                Value::Quantity(Quantity { value: v, unit: u })
            }))
        }
        (Value::Date(_) | Value::DateTime(_) | Value::Time(_), Value::Quantity(q)) => {
            add_duration(a, q, 1)
        }
        _ if is_uncertain(a, b) => uncertain_op(a, b, add),
        _ => Err(EvalError::operands("Add", &[a, b])),
    }
}

/// Appendix B "Subtract" (`-`).
pub fn subtract(a: &Value, b: &Value) -> Result<Value> {
    if a.is_null() || b.is_null() {
        return Ok(Value::Null);
    }
    if let Some(p) = num_pair(a, b) {
        return Ok(match p {
            NumPair::Int(x, y) => int_result(a, b, x.checked_sub(y)),
            NumPair::Dec(x, y) => x.checked_sub(y).map_or(Value::Null, Value::Decimal),
        });
    }
    match (a, b) {
        (Value::Quantity(x), Value::Quantity(y)) => {
            let (p, q, u) = common_units(x, y, "Subtract")?;
            Ok(p.checked_sub(q).map_or(Value::Null, |v| {
                Value::Quantity(Quantity { value: v, unit: u })
            }))
        }
        (Value::Date(_) | Value::DateTime(_) | Value::Time(_), Value::Quantity(q)) => {
            add_duration(a, q, -1)
        }
        _ if is_uncertain(a, b) => uncertain_op(a, b, subtract),
        _ => Err(EvalError::operands("Subtract", &[a, b])),
    }
}

fn as_quantity(v: &Value) -> Option<Quantity> {
    match v {
        Value::Quantity(q) => Some(q.clone()),
        other => to_dec(other).map(|d| Quantity::new(d, "1")),
    }
}

/// Appendix B "Multiply" (`*`): numbers and quantities (units multiply: `cm * cm` =
/// `cm2`).
pub fn multiply(a: &Value, b: &Value) -> Result<Value> {
    if a.is_null() || b.is_null() {
        return Ok(Value::Null);
    }
    if let Some(p) = num_pair(a, b) {
        return Ok(match p {
            NumPair::Int(x, y) => int_result(a, b, x.checked_mul(y)),
            NumPair::Dec(x, y) => x.checked_mul(y).map_or(Value::Null, Value::Decimal),
        });
    }
    if matches!(a, Value::Quantity(_)) || matches!(b, Value::Quantity(_)) {
        if let (Some(x), Some(y)) = (as_quantity(a), as_quantity(b)) {
            let unit = units::multiply(&x.unit, &y.unit);
            return Ok(x
                .value
                .checked_mul(y.value)
                .map_or(Value::Null, |v| Value::quantity(v, &unit)));
        }
    }
    if is_uncertain(a, b) {
        return uncertain_op(a, b, multiply);
    }
    Err(EvalError::operands("Multiply", &[a, b]))
}

/// Appendix B "Divide" (`/`): always Decimal (or Quantity); division by zero is null.
pub fn divide(a: &Value, b: &Value) -> Result<Value> {
    if a.is_null() || b.is_null() {
        return Ok(Value::Null);
    }
    if let (Some(x), Some(y)) = (to_dec(a), to_dec(b)) {
        return Ok(x.checked_div(y).map_or(Value::Null, Value::Decimal));
    }
    if let (Some(x), Some(y)) = (as_quantity(a), as_quantity(b)) {
        let (xv, yv, unit) =
            if x.unit != y.unit && quantity::conversion_factor(&y.unit, &x.unit).is_some() {
                let (p, q, _) = common_units(&x, &y, "Divide")?;
                (p, q, "1".to_string())
            } else {
                (x.value, y.value, units::divide(&x.unit, &y.unit))
            };
        return Ok(xv
            .checked_div(yv)
            .map_or(Value::Null, |v| Value::quantity(v, &unit)));
    }
    Err(EvalError::operands("Divide", &[a, b]))
}

/// Appendix B "TruncatedDivide" (`div`): quotient truncated toward zero; by zero null.
pub fn truncated_divide(a: &Value, b: &Value) -> Result<Value> {
    if a.is_null() || b.is_null() {
        return Ok(Value::Null);
    }
    if let Some(p) = num_pair(a, b) {
        return Ok(match p {
            NumPair::Int(_, 0) => Value::Null,
            NumPair::Int(x, y) => int_result(a, b, x.checked_div(y)),
            NumPair::Dec(x, y) => match x.checked_div(y) {
                Some(q) => Decimal::from_units(q.trunc_i128() * crate::decimal::SCALE_FACTOR, 1)
                    .map_or(Value::Null, Value::Decimal),
                None => Value::Null,
            },
        });
    }
    if let (Value::Quantity(x), Value::Quantity(y)) = (a, b) {
        let (p, q, u) = common_units(x, y, "TruncatedDivide")?;
        return Ok(match p.checked_div(q) {
            Some(r) => Decimal::from_units(r.trunc_i128() * crate::decimal::SCALE_FACTOR, 1)
                .map_or(Value::Null, |v| {
                    Value::Quantity(Quantity { value: v, unit: u })
                }),
            None => Value::Null,
        });
    }
    Err(EvalError::operands("TruncatedDivide", &[a, b]))
}

fn dec_mod(x: Decimal, y: Decimal) -> Option<Decimal> {
    if y.units() == 0 {
        return None;
    }
    Decimal::from_units(x.units() % y.units(), x.scale().max(y.scale()))
}

/// Appendix B "Modulo" (`mod`): remainder with the sign of the dividend; by zero null.
pub fn modulo(a: &Value, b: &Value) -> Result<Value> {
    if a.is_null() || b.is_null() {
        return Ok(Value::Null);
    }
    if let Some(p) = num_pair(a, b) {
        return Ok(match p {
            NumPair::Int(_, 0) => Value::Null,
            NumPair::Int(x, y) => int_result(a, b, x.checked_rem(y)),
            NumPair::Dec(x, y) => dec_mod(x, y).map_or(Value::Null, Value::Decimal),
        });
    }
    if let (Value::Quantity(x), Value::Quantity(y)) = (a, b) {
        let (p, q, u) = common_units(x, y, "Modulo")?;
        return Ok(dec_mod(p, q).map_or(Value::Null, |v| {
            Value::Quantity(Quantity { value: v, unit: u })
        }));
    }
    Err(EvalError::operands("Modulo", &[a, b]))
}

fn dec_powi(base: Decimal, exp: i64) -> Option<Decimal> {
    let mut r = Decimal::ONE;
    for _ in 0..exp.unsigned_abs().min(10_000) {
        r = r.checked_mul(base)?;
    }
    if exp < 0 {
        Decimal::ONE.checked_div(r)
    } else {
        Some(r)
    }
}

/// Appendix B "Power" (`^`): Integer^Integer is Integer unless the exponent is
/// negative (then Decimal); overflow null.
pub fn power(a: &Value, b: &Value) -> Result<Value> {
    if a.is_null() || b.is_null() {
        return Ok(Value::Null);
    }
    match num_pair(a, b) {
        Some(NumPair::Int(x, y)) if y >= 0 => {
            let r = u32::try_from(y).ok().and_then(|e| x.checked_pow(e));
            Ok(int_result(a, b, r))
        }
        Some(NumPair::Int(x, y)) => {
            Ok(dec_powi(Decimal::from_i64(x), y).map_or(Value::Null, Value::Decimal))
        }
        Some(NumPair::Dec(x, y)) => {
            if y.is_integer() {
                let e = i64::try_from(y.trunc_i128()).unwrap_or(i64::MAX);
                return Ok(dec_powi(x, e).map_or(Value::Null, Value::Decimal));
            }
            Ok(Decimal::from_f64(x.to_f64().powf(y.to_f64())).map_or(Value::Null, Value::Decimal))
        }
        None => Err(EvalError::operands("Power", &[a, b])),
    }
}

/// Appendix B "Negate" (unary `-`).
pub fn negate(a: &Value) -> Result<Value> {
    Ok(match a {
        Value::Null => Value::Null,
        Value::Integer(i) => i.checked_neg().map_or(Value::Null, Value::Integer),
        Value::Long(i) => i.checked_neg().map_or(Value::Null, Value::Long),
        Value::Decimal(d) => Value::Decimal(d.negate()),
        Value::Quantity(q) => Value::Quantity(Quantity {
            value: q.value.negate(),
            unit: q.unit.clone(),
        }),
        other => return Err(EvalError::operands("Negate", &[other])),
    })
}

/// Appendix B "Abs".
pub fn abs(a: &Value) -> Result<Value> {
    Ok(match a {
        Value::Null => Value::Null,
        Value::Integer(i) => i.checked_abs().map_or(Value::Null, Value::Integer),
        Value::Long(i) => i.checked_abs().map_or(Value::Null, Value::Long),
        Value::Decimal(d) => Value::Decimal(d.abs()),
        Value::Quantity(q) => Value::Quantity(Quantity {
            value: q.value.abs(),
            unit: q.unit.clone(),
        }),
        other => return Err(EvalError::operands("Abs", &[other])),
    })
}

fn to_integer_value(x: i128) -> Value {
    i32::try_from(x).map_or(Value::Null, Value::Integer)
}

fn rounding(a: &Value, op: &str, f: fn(Decimal) -> i128) -> Result<Value> {
    match a {
        Value::Null => Ok(Value::Null),
        Value::Integer(_) => Ok(a.clone()),
        Value::Long(l) => Ok(to_integer_value(*l as i128)),
        Value::Decimal(d) => Ok(to_integer_value(f(*d))),
        other => Err(EvalError::operands(op, &[other])),
    }
}

/// Appendix B "Ceiling": smallest Integer not less than the argument (null if it does
/// not fit an Integer).
pub fn ceiling(a: &Value) -> Result<Value> {
    rounding(a, "Ceiling", Decimal::ceiling)
}

/// Appendix B "Floor".
pub fn floor(a: &Value) -> Result<Value> {
    rounding(a, "Floor", Decimal::floor)
}

/// Appendix B "Truncate": integer part as an Integer.
pub fn truncate(a: &Value) -> Result<Value> {
    rounding(a, "Truncate", Decimal::trunc_i128)
}

/// Appendix B "Round(x[, precision])": Decimal rounded half away from zero.
pub fn round(a: &Value, precision: &Value) -> Result<Value> {
    let places = match precision {
        Value::Null => 0,
        Value::Integer(p) if *p >= 0 => *p as u32,
        other => return Err(EvalError::operands("Round", &[a, other])),
    };
    match a {
        Value::Null => Ok(Value::Null),
        Value::Quantity(q) => Ok(Value::Quantity(Quantity {
            value: q.value.round(places),
            unit: q.unit.clone(),
        })),
        other => match to_dec(other) {
            Some(d) => Ok(Value::Decimal(d.round(places))),
            None => Err(EvalError::operands("Round", &[other])),
        },
    }
}

/// Appendix B "Ln": natural logarithm; `Ln(0)` is an error (negative infinity), a
/// negative argument gives null.
pub fn ln(a: &Value) -> Result<Value> {
    let Some(d) = to_dec(a) else {
        return if a.is_null() {
            Ok(Value::Null)
        } else {
            Err(EvalError::operands("Ln", &[a]))
        };
    };
    match d.signum() {
        0 => Err(EvalError::Overflow("Ln(0) is negative infinity".into())),
        -1 => Ok(Value::Null),
        _ => Ok(Decimal::from_f64(d.to_f64().ln()).map_or(Value::Null, Value::Decimal)),
    }
}

/// Appendix B "Log(x, base)": null when undefined (base 1, non-positive operands).
pub fn log(a: &Value, base: &Value) -> Result<Value> {
    if a.is_null() || base.is_null() {
        return Ok(Value::Null);
    }
    let (Some(x), Some(b)) = (to_dec(a), to_dec(base)) else {
        return Err(EvalError::operands("Log", &[a, base]));
    };
    if x.signum() <= 0 || b.signum() <= 0 || b == Decimal::ONE {
        return Ok(Value::Null);
    }
    let r = x.to_f64().ln() / b.to_f64().ln();
    Ok(Decimal::from_f64(r).map_or(Value::Null, |d| Value::Decimal(d.round(8))))
}

/// Appendix B "Exp": e^x; a result beyond the Decimal range is an error.
pub fn exp(a: &Value) -> Result<Value> {
    let Some(d) = to_dec(a) else {
        return if a.is_null() {
            Ok(Value::Null)
        } else {
            Err(EvalError::operands("Exp", &[a]))
        };
    };
    Decimal::from_f64(d.to_f64().exp())
        .map(Value::Decimal)
        .ok_or_else(|| EvalError::Overflow("Exp".into()))
}

fn step_value(a: &Value, dir: i64, op: &str) -> Result<Value> {
    let overflow = || EvalError::Overflow(format!("{op} of {}", a.to_cql_literal()));
    Ok(match a {
        Value::Null => Value::Null,
        Value::Integer(i) => Value::Integer(i.checked_add(dir as i32).ok_or_else(overflow)?),
        Value::Long(i) => Value::Long(i.checked_add(dir).ok_or_else(overflow)?),
        Value::Decimal(d) => {
            Value::Decimal(Decimal::from_units(d.units() + dir as i128, 8).ok_or_else(overflow)?)
        }
        Value::Quantity(q) => Value::Quantity(Quantity {
            value: Decimal::from_units(q.value.units() + dir as i128, 8).ok_or_else(overflow)?,
            unit: q.unit.clone(),
        }),
        Value::Date(d) => {
            let dt = crate::compare::date_to_datetime(d, 0);
            Value::Date(
                crate::datetime::add_to_datetime(&dt, dir, d.precision)
                    .map_err(|_| overflow())?
                    .date(),
            )
        }
        Value::DateTime(dt) => Value::DateTime(
            crate::datetime::add_to_datetime(dt, dir, dt.precision).map_err(|_| overflow())?,
        ),
        Value::Time(t) => {
            let unit = match t.precision {
                Precision::Hour => 3_600_000,
                Precision::Minute => 60_000,
                Precision::Second => 1000,
                _ => 1,
            };
            let ms = t.ms_of_day() + dir * unit;
            if !(0..86_400_000).contains(&ms) {
                return Err(overflow());
            }
            Value::Time(Time::from_ms(ms, t.precision))
        }
        other => return Err(EvalError::operands(op, &[other])),
    })
}

/// Appendix B "Successor": the next value at the value's precision; past the maximum is
/// an error.
pub fn successor(a: &Value) -> Result<Value> {
    step_value(a, 1, "Successor")
}

/// Appendix B "Predecessor".
pub fn predecessor(a: &Value) -> Result<Value> {
    step_value(a, -1, "Predecessor")
}

fn extreme(t: &ValueType, max: bool) -> Result<Value> {
    Ok(match t {
        ValueType::Integer => Value::Integer(if max { i32::MAX } else { i32::MIN }),
        ValueType::Long => Value::Long(if max { i64::MAX } else { i64::MIN }),
        ValueType::Decimal => Value::Decimal(if max { Decimal::MAX } else { Decimal::MIN }),
        ValueType::Date => Value::Date(if max {
            Date {
                year: 9999,
                month: 12,
                day: 31,
                precision: Precision::Day,
            }
        } else {
            Date {
                year: 1,
                month: 1,
                day: 1,
                precision: Precision::Day,
            }
        }),
        ValueType::DateTime => Value::DateTime(
            DateTime::from_fields(
                if max {
                    [
                        Some(9999),
                        Some(12),
                        Some(31),
                        Some(23),
                        Some(59),
                        Some(59),
                        Some(999),
                    ]
                } else {
                    [
                        Some(1),
                        Some(1),
                        Some(1),
                        Some(0),
                        Some(0),
                        Some(0),
                        Some(0),
                    ]
                },
                0,
            )
            .ok_or_else(|| EvalError::InvalidArgument("DateTime extreme".into()))?,
        ),
        ValueType::Time => Value::Time(if max {
            Time::from_ms(86_399_999, Precision::Millisecond)
        } else {
            Time::from_ms(0, Precision::Millisecond)
        }),
        ValueType::Quantity => Value::quantity(if max { Decimal::MAX } else { Decimal::MIN }, "1"),
        other => {
            return Err(EvalError::InvalidArgument(format!(
                "{} is not defined for type {other}",
                if max { "MaxValue" } else { "MinValue" }
            )))
        }
    })
}

/// Appendix B "MinValue" (`minimum T`). DateTime extremes use offset +00:00.
pub fn min_value(t: &ValueType) -> Result<Value> {
    extreme(t, false)
}

/// Appendix B "MaxValue" (`maximum T`).
pub fn max_value(t: &ValueType) -> Result<Value> {
    extreme(t, true)
}

/// Appendix B "Precision": digits of a Decimal's scale, or digits of a Date/DateTime/Time
/// representation (`@2014` = 4, `@2014-01-05T10:30:00.000` = 17, `@T10:30` = 4).
pub fn precision(a: &Value) -> Result<Value> {
    const DT_DIGITS: [i32; 7] = [4, 6, 8, 10, 12, 14, 17];
    Ok(match a {
        Value::Null => Value::Null,
        Value::Decimal(d) => Value::Integer(d.scale() as i32),
        Value::Integer(_) | Value::Long(_) => Value::Integer(0),
        Value::Date(d) => Value::Integer(DT_DIGITS[d.precision.field_index()]),
        Value::DateTime(d) => Value::Integer(DT_DIGITS[d.precision.field_index()]),
        Value::Time(t) => Value::Integer(DT_DIGITS[t.precision.field_index()] - 8),
        other => return Err(EvalError::operands("Precision", &[other])),
    })
}

fn digits_to_precision(digits: i32, time: bool) -> Option<Precision> {
    let table: &[(i32, Precision)] = if time {
        &[
            (2, Precision::Hour),
            (4, Precision::Minute),
            (6, Precision::Second),
            (9, Precision::Millisecond),
        ]
    } else {
        &[
            (4, Precision::Year),
            (6, Precision::Month),
            (8, Precision::Day),
            (10, Precision::Hour),
            (12, Precision::Minute),
            (14, Precision::Second),
            (17, Precision::Millisecond),
        ]
    };
    table.iter().find(|(d, _)| *d == digits).map(|(_, p)| *p)
}

fn boundary(a: &Value, p: &Value, high: bool, op: &str) -> Result<Value> {
    let digits = match p {
        Value::Null => None,
        Value::Integer(i) => Some(*i),
        other => return Err(EvalError::operands(op, &[a, other])),
    };
    match a {
        Value::Null => Ok(Value::Null),
        Value::Decimal(d) => {
            let places = digits.unwrap_or(8);
            if !(0..=8).contains(&places) {
                return Ok(Value::Null);
            }
            // Digits past the value's own scale are unknown: 0s for the low boundary,
            // 9s for the high one, up to `places` digits.
            let step = 10i128.pow(8 - places as u32);
            let own = 10i128.pow(8 - (d.scale() as u32).min(places as u32));
            let base = d.units() - d.units() % step;
            let fill = if high { own - step } else { 0 };
            let v = if d.units() < 0 {
                base - fill
            } else {
                base + fill
            };
            Ok(Decimal::from_units(v, places as u8).map_or(Value::Null, Value::Decimal))
        }
        Value::Date(d) => {
            let Some(prec) =
                digits_to_precision(digits.unwrap_or(8), false).filter(|p| *p <= Precision::Day)
            else {
                return Ok(Value::Null);
            };
            let dt = fill_datetime(&crate::compare::date_to_datetime(d, 0), high);
            Ok(Value::Date(Date {
                precision: prec,
                ..dt.date()
            }))
        }
        Value::DateTime(d) => {
            let Some(prec) = digits_to_precision(digits.unwrap_or(17), false) else {
                return Ok(Value::Null);
            };
            Ok(Value::DateTime(DateTime {
                precision: prec,
                ..fill_datetime(d, high)
            }))
        }
        Value::Time(t) => {
            let Some(prec) = digits_to_precision(digits.unwrap_or(9), true) else {
                return Ok(Value::Null);
            };
            let mut f = *t;
            if high {
                if t.precision < Precision::Minute {
                    f.minute = 59;
                }
                if t.precision < Precision::Second {
                    f.second = 59;
                }
                if t.precision < Precision::Millisecond {
                    f.millisecond = 999;
                }
            }
            f.precision = prec;
            Ok(Value::Time(f))
        }
        other => Err(EvalError::operands(op, &[other])),
    }
}

fn fill_datetime(d: &DateTime, high: bool) -> DateTime {
    let mut r = *d;
    if high {
        if d.precision < Precision::Month {
            r.month = 12;
        }
        if d.precision < Precision::Day {
            r.day = crate::temporal::days_in_month(r.year, r.month);
        }
        if d.precision < Precision::Hour {
            r.hour = 23;
        }
        if d.precision < Precision::Minute {
            r.minute = 59;
        }
        if d.precision < Precision::Second {
            r.second = 59;
        }
        if d.precision < Precision::Millisecond {
            r.millisecond = 999;
        }
    }
    r
}

/// Appendix B "LowBoundary(x, precision)": least value within the given precision
/// (decimal places for Decimal, digits for Date/DateTime/Time).
pub fn low_boundary(a: &Value, p: &Value) -> Result<Value> {
    boundary(a, p, false, "LowBoundary")
}

/// Appendix B "HighBoundary(x, precision)": greatest value within the given precision.
pub fn high_boundary(a: &Value, p: &Value) -> Result<Value> {
    boundary(a, p, true, "HighBoundary")
}
