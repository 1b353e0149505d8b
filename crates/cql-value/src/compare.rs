//! Comparison and equivalence (Appendix B "Comparison Operators": Equal, NotEqual,
//! Equivalent, Less, Greater, LessOrEqual, GreaterOrEqual).
//!
//! Three-valued: comparisons return `Value::Boolean` or `Value::Null` (unknown), for
//! example when a DateTime lacks the precision to decide.

use std::cmp::Ordering;

use crate::decimal::Decimal;
use crate::error::{EvalError, Result};
use crate::quantity;
use crate::temporal::{DateTime, Precision};
use crate::value::{Code, Quantity, Value};

/// Two numbers brought to a common type (Integer < Long < Decimal).
pub(crate) enum NumPair {
    Int(i64, i64),
    Dec(Decimal, Decimal),
}

/// Promotes two numeric values to a common type, `None` when either is not a number.
pub(crate) fn num_pair(a: &Value, b: &Value) -> Option<NumPair> {
    match (a, b) {
        (Value::Integer(x), Value::Integer(y)) => Some(NumPair::Int(*x as i64, *y as i64)),
        (Value::Integer(x), Value::Long(y)) => Some(NumPair::Int(*x as i64, *y)),
        (Value::Long(x), Value::Integer(y)) => Some(NumPair::Int(*x, *y as i64)),
        (Value::Long(x), Value::Long(y)) => Some(NumPair::Int(*x, *y)),
        _ => Some(NumPair::Dec(to_dec(a)?, to_dec(b)?)),
    }
}

/// A numeric value as a Decimal.
pub(crate) fn to_dec(v: &Value) -> Option<Decimal> {
    match v {
        Value::Integer(i) => Some(Decimal::from_i64(*i as i64)),
        Value::Long(i) => Some(Decimal::from_i64(*i)),
        Value::Decimal(d) => Some(*d),
        _ => None,
    }
}

/// Compares DateTime fields from year down: `Some(ordering)` when decided, `None` when
/// one value runs out of precision first (uncertain). Milliseconds count as a precision
/// of their own, as the suite expects (`@T12:00:00` against `@T12:00:00.001` is
/// unknown; CQL 1.5 §5.6.4 "Comparing dates and times").
fn cmp_fields(a: &[Option<i32>], b: &[Option<i32>]) -> Option<Ordering> {
    for i in 0..a.len() {
        let (x, y) = match (a[i], b[i]) {
            (Some(x), Some(y)) => (x, y),
            (None, None) => return Some(Ordering::Equal),
            _ => return None,
        };
        match x.cmp(&y) {
            Ordering::Equal => continue,
            o => return Some(o),
        }
    }
    Some(Ordering::Equal)
}

/// Brings two DateTimes to one offset (when both carry a time) for comparison.
pub(crate) fn align(a: &DateTime, b: &DateTime) -> (DateTime, DateTime) {
    if a.offset == b.offset {
        return (*a, *b);
    }
    if a.precision >= Precision::Hour && b.precision >= Precision::Hour {
        (a.to_offset(0), b.to_offset(0))
    } else if a.precision >= Precision::Hour {
        (a.to_offset(b.offset), *b)
    } else if b.precision >= Precision::Hour {
        (*a, b.to_offset(a.offset))
    } else {
        (*a, *b)
    }
}

/// Compares two DateTimes, `None` when uncertain.
pub fn cmp_datetime(a: &DateTime, b: &DateTime) -> Option<Ordering> {
    let (a, b) = align(a, b);
    cmp_fields(&a.fields(), &b.fields())
}

/// Converts a Date into a DateTime at the given offset (precision kept).
pub(crate) fn date_to_datetime(d: &crate::Date, offset: i32) -> DateTime {
    DateTime {
        year: d.year,
        month: d.month,
        day: d.day,
        hour: 0,
        minute: 0,
        second: 0,
        millisecond: 0,
        precision: d.precision,
        offset,
    }
}

/// Orders two values of an ordered type: `Ok(None)` when the answer is unknown
/// (null operand or insufficient precision), an error for unordered types.
pub fn compare(a: &Value, b: &Value) -> Result<Option<Ordering>> {
    if a.is_null() || b.is_null() {
        return Ok(None);
    }
    if let Some(p) = num_pair(a, b) {
        return Ok(Some(match p {
            NumPair::Int(x, y) => x.cmp(&y),
            NumPair::Dec(x, y) => x.cmp(&y),
        }));
    }
    Ok(match (a, b) {
        (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
        (Value::Boolean(x), Value::Boolean(y)) => Some(x.cmp(y)),
        (Value::Date(x), Value::Date(y)) => cmp_fields(&x.fields(), &y.fields()),
        (Value::DateTime(x), Value::DateTime(y)) => cmp_datetime(x, y),
        (Value::Date(x), Value::DateTime(y)) => cmp_datetime(&date_to_datetime(x, y.offset), y),
        (Value::DateTime(x), Value::Date(y)) => cmp_datetime(x, &date_to_datetime(y, x.offset)),
        (Value::Time(x), Value::Time(y)) => cmp_fields(&x.fields(), &y.fields()),
        (Value::Quantity(x), Value::Quantity(y)) => cmp_quantity(x, y),
        (Value::Interval(u), _) if is_uncertainty(u) && to_dec(b).is_some() => {
            let lo = compare(&u.low, b)?;
            let hi = compare(&u.high, b)?;
            if lo == hi {
                lo
            } else {
                None
            }
        }
        (_, Value::Interval(_)) if to_dec(a).is_some() => compare(b, a)?.map(Ordering::reverse),
        _ => return Err(EvalError::operands("Compare", &[a, b])),
    })
}

/// An uncertainty: the closed Integer interval that `duration`/`difference` between
/// imprecise values returns (Appendix B "Uncertainty").
pub fn is_uncertainty(i: &crate::value::Interval) -> bool {
    i.low_closed
        && i.high_closed
        && matches!(i.low, Value::Integer(_) | Value::Long(_))
        && matches!(i.high, Value::Integer(_) | Value::Long(_))
}

/// Compares quantities after unit conversion; `None` when the units are not comparable.
pub fn cmp_quantity(a: &Quantity, b: &Quantity) -> Option<Ordering> {
    if a.unit == b.unit {
        return Some(a.value.cmp(&b.value));
    }
    let bv = quantity::convert_value(b.value, &b.unit, &a.unit)?;
    Some(a.value.cmp(&bv))
}

fn bool_or_null(o: Option<bool>) -> Value {
    o.map_or(Value::Null, Value::Boolean)
}

/// Appendix B "Less" (`<`).
pub fn less(a: &Value, b: &Value) -> Result<Value> {
    Ok(bool_or_null(compare(a, b)?.map(|o| o == Ordering::Less)))
}

/// Appendix B "LessOrEqual" (`<=`).
pub fn less_or_equal(a: &Value, b: &Value) -> Result<Value> {
    Ok(bool_or_null(compare(a, b)?.map(|o| o != Ordering::Greater)))
}

/// Appendix B "Greater" (`>`).
pub fn greater(a: &Value, b: &Value) -> Result<Value> {
    Ok(bool_or_null(compare(a, b)?.map(|o| o == Ordering::Greater)))
}

/// Appendix B "GreaterOrEqual" (`>=`).
pub fn greater_or_equal(a: &Value, b: &Value) -> Result<Value> {
    Ok(bool_or_null(compare(a, b)?.map(|o| o != Ordering::Less)))
}

/// Appendix B "Equal" (`=`): null when either operand is null or the answer is unknown.
pub fn equal(a: &Value, b: &Value) -> Result<Value> {
    if a.is_null() || b.is_null() {
        return Ok(Value::Null);
    }
    Ok(bool_or_null(equal3(a, b)))
}

/// Appendix B "NotEqual" (`!=`).
pub fn not_equal(a: &Value, b: &Value) -> Result<Value> {
    if a.is_null() || b.is_null() {
        return Ok(Value::Null);
    }
    Ok(bool_or_null(equal3(a, b).map(|x| !x)))
}

/// Appendix B "Equivalent" (`~`): never null.
pub fn equivalent(a: &Value, b: &Value) -> Result<Value> {
    if let (Value::Tuple(x), Value::Tuple(y)) = (a, b) {
        fn names(t: &crate::value::Tuple) -> Vec<&str> {
            let mut n: Vec<&str> = t.elements.iter().map(|(k, _)| k.as_str()).collect();
            n.sort_unstable();
            n
        }
        if names(x) != names(y) {
            return Err(EvalError::operands("Equivalent", &[a, b]));
        }
    }
    Ok(Value::Boolean(equiv(a, b)))
}

/// Three-valued equality used inside structures: two nulls are equal there
/// (`{null} = {null}` is true), one null gives unknown.
pub fn equal3(a: &Value, b: &Value) -> Option<bool> {
    match (a, b) {
        (Value::Null, Value::Null) => return Some(true),
        (Value::Null, _) | (_, Value::Null) => return None,
        _ => {}
    }
    if let Some(p) = num_pair(a, b) {
        return Some(match p {
            NumPair::Int(x, y) => x == y,
            NumPair::Dec(x, y) => x == y,
        });
    }
    match (a, b) {
        (Value::Boolean(x), Value::Boolean(y)) => Some(x == y),
        (Value::String(x), Value::String(y)) => Some(x == y),
        (Value::Date(_) | Value::DateTime(_), Value::Date(_) | Value::DateTime(_))
        | (Value::Time(_), Value::Time(_)) => compare(a, b).ok()?.map(|o| o == Ordering::Equal),
        (Value::Quantity(x), Value::Quantity(y)) => quantity_equal(x, y),
        (Value::Ratio(x), Value::Ratio(y)) => Some(
            quantity_equal(&x.numerator, &y.numerator)?
                && quantity_equal(&x.denominator, &y.denominator)?,
        ),
        (Value::Code(x), Value::Code(y)) => Some(x == y),
        (Value::Concept(x), Value::Concept(y)) => Some(x == y),
        (Value::List(x), Value::List(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            all3(x.iter().zip(y.iter()).map(|(p, q)| equal3(p, q)))
        }
        (Value::Tuple(x), Value::Tuple(y)) => {
            if x.elements.len() != y.elements.len() {
                return Some(false);
            }
            // Element by element, in order: the first false or unknown element decides
            // (the suite: `Tuple { Id: null, Name: 'John' } = Tuple { Id: 1, Name:
            // 'James' }` is null, `Tuple { Id: 1, Name: 'John' } = Tuple { Id: 2, Name:
            // null }` is false).
            for (n, v) in &x.elements {
                match y.get(n).map(|w| equal3(v, w)) {
                    Some(Some(true)) => {}
                    Some(other) => return other,
                    None => return Some(false),
                }
            }
            Some(true)
        }
        (Value::Interval(x), Value::Interval(y)) => {
            let (xs, xe) = (crate::interval::start_of(x), crate::interval::end_of(x));
            let (ys, ye) = (crate::interval::start_of(y), crate::interval::end_of(y));
            match (xs, xe, ys, ye) {
                (Ok(xs), Ok(xe), Ok(ys), Ok(ye)) => {
                    all3([equal3(&xs, &ys), equal3(&xe, &ye)].into_iter())
                }
                _ => all3(
                    [
                        equal3(&x.low, &y.low),
                        equal3(&x.high, &y.high),
                        Some(x.low_closed == y.low_closed && x.high_closed == y.high_closed),
                    ]
                    .into_iter(),
                ),
            }
        }
        (Value::Resource(x), Value::Resource(y)) => {
            Some(x.type_name == y.type_name && x.json == y.json)
        }
        (Value::Interval(u), _) | (_, Value::Interval(u)) if is_uncertainty(u) => {
            compare(a, b).ok()?.map(|o| o == Ordering::Equal)
        }
        _ => Some(false),
    }
}

/// And over three-valued results: any false gives false, else any unknown gives unknown.
fn all3(it: impl Iterator<Item = Option<bool>>) -> Option<bool> {
    let mut unknown = false;
    for r in it {
        match r {
            Some(false) => return Some(false),
            None => unknown = true,
            Some(true) => {}
        }
    }
    if unknown {
        None
    } else {
        Some(true)
    }
}

/// Quantity equality: `1 year = 1 'a'` is unknown (calendar vs UCUM years), weeks and
/// shorter calendar units equal their UCUM counterparts.
fn quantity_equal(a: &Quantity, b: &Quantity) -> Option<bool> {
    cmp_quantity(a, b).map(|o| o == Ordering::Equal)
}

/// Days in a calendar year/month used for equivalence (`1 year ~ 365 days`,
/// `1 month ~ 30 days`, `1 year ~ 1 'a'`).
fn approx_days(q: &Quantity) -> Option<Decimal> {
    let per_day = match &*q.unit {
        "year" | "a" => Decimal::from_i64(365),
        "month" | "mo" => Decimal::from_i64(30),
        _ => return None,
    };
    q.value.checked_mul(per_day)
}

fn quantity_equiv(a: &Quantity, b: &Quantity) -> bool {
    if let Some(o) = cmp_quantity(a, b) {
        return o == Ordering::Equal;
    }
    let days =
        |q: &Quantity| approx_days(q).or_else(|| quantity::convert_value(q.value, &q.unit, "day"));
    match (days(a), days(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// Normalises a string for equivalence: lower case, whitespace runs as one space, trimmed.
fn norm_str(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Code equivalence compares system and code only (CQL.md, Appendix B "Equivalent").
pub fn code_equiv(a: &Code, b: &Code) -> bool {
    a.code == b.code && a.system == b.system
}

/// Two-valued equivalence (`~`) of any two values.
pub fn equiv(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => return true,
        (Value::Null, _) | (_, Value::Null) => return false,
        _ => {}
    }
    if let Some(p) = num_pair(a, b) {
        return match p {
            NumPair::Int(x, y) => x == y,
            NumPair::Dec(x, y) => {
                // Compared at the precision of the less precise operand, trailing zeros
                // not counting (the suite: `1.001 ~ 1.000` is true).
                let sig =
                    |d: Decimal| Decimal::from_units_min_scale(d.units()).map_or(8, |m| m.scale());
                let s = sig(x).min(sig(y)) as u32;
                x.round(s) == y.round(s)
            }
        };
    }
    match (a, b) {
        (Value::String(x), Value::String(y)) => norm_str(x) == norm_str(y),
        (Value::Quantity(x), Value::Quantity(y)) => quantity_equiv(x, y),
        (Value::Ratio(x), Value::Ratio(y)) => {
            // Ratios are equivalent when they denote the same proportion.
            match (
                x.numerator.value.checked_mul(y.denominator.value),
                y.numerator.value.checked_mul(x.denominator.value),
            ) {
                (Some(p), Some(q)) => {
                    p == q
                        && x.numerator.unit == y.numerator.unit
                        && x.denominator.unit == y.denominator.unit
                }
                _ => false,
            }
        }
        (Value::Code(x), Value::Code(y)) => code_equiv(x, y),
        (Value::Concept(x), Value::Concept(y)) => x
            .codes
            .iter()
            .any(|c| y.codes.iter().any(|d| code_equiv(c, d))),
        (Value::Code(x), Value::Concept(y)) | (Value::Concept(y), Value::Code(x)) => {
            y.codes.iter().any(|d| code_equiv(x, d))
        }
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| equiv(p, q))
        }
        (Value::Tuple(x), Value::Tuple(y)) => {
            x.elements.len() == y.elements.len()
                && x.elements
                    .iter()
                    .all(|(n, v)| y.get(n).is_some_and(|w| equiv(v, w)))
        }
        (Value::Interval(x), Value::Interval(y)) => {
            let s = (crate::interval::start_of(x), crate::interval::start_of(y));
            let e = (crate::interval::end_of(x), crate::interval::end_of(y));
            match (s, e) {
                ((Ok(a1), Ok(b1)), (Ok(a2), Ok(b2))) => equiv(&a1, &b1) && equiv(&a2, &b2),
                _ => false,
            }
        }
        _ => equal3(a, b) == Some(true),
    }
}

/// Total order for sorting and distinct: nulls first, then by value; values of different
/// or unordered types are ordered by their literal text so the order is deterministic.
pub fn sort_cmp(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Null, Value::Null) => Ordering::Equal,
        (Value::Null, _) => Ordering::Less,
        (_, Value::Null) => Ordering::Greater,
        _ => match compare(a, b) {
            Ok(Some(o)) => o,
            Ok(None) => {
                // Uncertain DateTimes: the less precise value sorts first on ties.
                a.to_cql_literal().len().cmp(&b.to_cql_literal().len())
            }
            Err(_) => a.to_cql_literal().cmp(&b.to_cql_literal()),
        },
    }
}
