//! `collapse` and `expand` (Appendix B "Collapse", "Expand"; CQL 2.0 semantics).

use std::collections::HashSet;

use super::{bounds, make, point_type, vle, vlt};
use crate::arith;
use crate::compare::{self, sort_cmp};
use crate::error::{EvalError, Result};
use crate::temporal::{Date, DateTime, Precision, Time};
use crate::value::{Value, ValueType};

/// Appendix B "Collapse": merges overlapping and meeting intervals of a list (nulls
/// dropped), sorted by start. `per` (a quantity) widens what counts as meeting for
/// Decimal/Quantity points.
pub fn collapse(list: &Value, per: &Value) -> Result<Value> {
    let items = match list {
        Value::Null => return Ok(Value::Null),
        Value::List(l) => l,
        other => return Err(EvalError::operands("Collapse", &[other])),
    };
    let mut ivs: Vec<(Value, Value, ValueType)> = Vec::new();
    for v in items.iter() {
        if let Value::Interval(i) = v {
            let (s, e) = bounds(i)?;
            if i.low.is_null() && i.high.is_null() && !i.low_closed && !i.high_closed {
                continue;
            }
            ivs.push((s, e, point_type(i)));
        }
    }
    ivs.sort_by(|a, b| sort_cmp(&a.0, &b.0));
    let mut outv: Vec<(Value, Value, ValueType)> = Vec::new();
    for (s, e, t) in ivs {
        if let Some(last) = outv.last_mut() {
            let gap_ok = if last.1.is_null() {
                true
            } else {
                let next = match per {
                    Value::Quantity(q)
                        if !matches!(last.1, Value::Date(_) | Value::DateTime(_)) =>
                    {
                        arith::add(&last.1, &Value::Decimal(q.value))?
                    }
                    Value::Quantity(q) => arith::add(&last.1, &Value::Quantity(q.clone()))?,
                    _ => arith::successor(&last.1).unwrap_or(last.1.clone()),
                };
                vle(&s, &next, None)? != Some(false)
            };
            if gap_ok {
                if !last.1.is_null() && (e.is_null() || vlt(&last.1, &e, None)? == Some(true)) {
                    last.1 = e;
                }
                continue;
            }
        }
        outv.push((s, e, t));
    }
    Ok(Value::list(
        outv.into_iter()
            .map(|(s, e, t)| make(s, true, e, true, &t))
            .collect(),
    ))
}

/// Appendix B "Expand" (CQL 2.0): splits each interval into consecutive pieces of size
/// `per` (a Quantity, an Integer/Decimal, or null for one unit of the point's precision),
/// at the precision of `per`: bounds are truncated to it first (`Interval[@T10:00,
/// @T12:30] per hour` gives `@T10`, `@T11`, `@T12`), and a `per` finer than the points'
/// precision gives an empty list. A single interval argument yields the points, a list
/// yields unit intervals.
pub fn expand(arg: &Value, per: &Value) -> Result<Value> {
    let (items, single) = match arg {
        Value::Null => return Ok(Value::Null),
        Value::List(l) => (l.to_vec(), false),
        Value::Interval(_) => (vec![arg.clone()], true),
        other => return Err(EvalError::operands("Expand", &[other])),
    };
    let mut outv: Vec<Value> = Vec::new();
    let mut seen = HashSet::new();
    for v in items {
        let Value::Interval(i) = &v else { continue };
        let (s, e) = bounds(i)?;
        if s.is_null() || e.is_null() {
            continue;
        }
        let pieces = match &s {
            Value::Date(_) | Value::DateTime(_) | Value::Time(_) => expand_temporal(&s, &e, per)?,
            _ => expand_numeric(&s, &e, per)?,
        };
        for (lo, hi) in pieces {
            let item = if single {
                lo
            } else {
                make(lo, true, hi, true, &point_type(i))
            };
            // Overlapping intervals of the list give each piece once.
            if seen.insert(item.to_cql_literal()) {
                outv.push(item);
            }
            if outv.len() > MAX_PIECES {
                return Err(too_many_pieces());
            }
        }
    }
    Ok(Value::list(outv))
}

/// Most pieces `expand` builds before giving up with an error (a guard against
/// `expand Interval[@0001-01-01, @9999-12-31] per millisecond`).
const MAX_PIECES: usize = 100_000;

fn too_many_pieces() -> EvalError {
    EvalError::InvalidArgument(format!(
        "expand would produce more than {MAX_PIECES} pieces"
    ))
}

fn expand_numeric(s: &Value, e: &Value, per: &Value) -> Result<Vec<(Value, Value)>> {
    use crate::decimal::Decimal;
    let step = match per {
        Value::Null => Decimal::ONE,
        Value::Quantity(q) => q.value,
        other => compare::to_dec(other).ok_or_else(|| EvalError::operands("Expand", &[s, per]))?,
    };
    if step.signum() <= 0 {
        return Ok(Vec::new());
    }
    let integer_points = matches!(s, Value::Integer(_) | Value::Long(_));
    let long = matches!(s, Value::Long(_));
    // The precision of `per` decides the precision of the pieces.
    let scale = Decimal::from_units_min_scale(step.units()).map_or(0, |d| d.scale());
    let unit = 10i128.pow(8 - scale as u32);
    let (Some(sd), Some(ed)) = (compare::to_dec(s), compare::to_dec(e)) else {
        return Err(EvalError::operands("Expand", &[s, e]));
    };
    let start = sd.units() - sd.units().rem_euclid(unit);
    // An end written less precisely than `per` covers its whole last unit.
    let own = if integer_points {
        10i128.pow(8)
    } else {
        10i128.pow(8 - sd.scale().max(ed.scale()) as u32)
    };
    let end = if own > unit {
        ed.units() + own - unit
    } else {
        ed.units() - ed.units().rem_euclid(unit)
    };
    let as_value = |u: i128| -> Value {
        if integer_points && scale == 0 {
            let n = u / 100_000_000;
            if long {
                Value::Long(n as i64)
            } else {
                Value::Integer(n as i32)
            }
        } else {
            Decimal::from_units(u, scale).map_or(Value::Null, Value::Decimal)
        }
    };
    let mut out = Vec::new();
    let mut x = start;
    if (end - start) / step.units() > MAX_PIECES as i128 {
        return Err(too_many_pieces());
    }
    while x + step.units() - unit <= end {
        out.push((as_value(x), as_value(x + step.units() - unit)));
        x += step.units();
    }
    Ok(out)
}

fn truncate_to(v: &Value, p: Precision) -> Value {
    match v {
        Value::Date(d) => {
            let f = d.fields();
            let keep = p.field_index();
            Date::new(
                d.year,
                f[1].filter(|_| keep >= 1).map(|m| m as u8),
                f[2].filter(|_| keep >= 2).map(|x| x as u8),
            )
            .map_or(Value::Null, Value::Date)
        }
        Value::DateTime(d) => {
            let mut f = d.fields();
            for (i, x) in f.iter_mut().enumerate() {
                if i > p.field_index() {
                    *x = None;
                }
            }
            DateTime::from_fields(f, d.offset).map_or(Value::Null, Value::DateTime)
        }
        Value::Time(t) => {
            let mut f = t.fields();
            for (i, x) in f.iter_mut().enumerate() {
                if i + 3 > p.field_index() {
                    *x = None;
                }
            }
            Time::from_fields(f).map_or(Value::Null, Value::Time)
        }
        other => other.clone(),
    }
}

fn value_precision(v: &Value) -> Precision {
    match v {
        Value::Date(d) => d.precision,
        Value::DateTime(d) => d.precision,
        Value::Time(t) => t.precision,
        _ => Precision::Millisecond,
    }
}

fn expand_temporal(s: &Value, e: &Value, per: &Value) -> Result<Vec<(Value, Value)>> {
    let vp = value_precision(s).min(value_precision(e));
    let q = match per {
        Value::Null => crate::Quantity::new(crate::Decimal::ONE, vp.name()),
        Value::Quantity(q) => q.clone(),
        other => return Err(EvalError::operands("Expand", &[s, other])),
    };
    let unit = crate::datetime::duration_unit(&q.unit)?;
    let piece_precision = if unit == Precision::Week {
        Precision::Day
    } else {
        unit
    };
    if piece_precision > vp {
        return Ok(Vec::new());
    }
    if q.value.trunc_i128() <= 0 {
        return Ok(Vec::new());
    }
    let (s, e) = (
        truncate_to(s, piece_precision),
        truncate_to(e, piece_precision),
    );
    if let Ok(Value::Integer(n)) = crate::datetime::duration_between(&s, &e, unit) {
        if n as i128 / q.value.trunc_i128() > MAX_PIECES as i128 {
            return Err(too_many_pieces());
        }
    }
    let one = Value::Quantity(crate::Quantity::new(
        crate::Decimal::ONE,
        piece_precision.name(),
    ));
    let mut out = Vec::new();
    let mut x = s;
    loop {
        if out.len() > MAX_PIECES {
            return Err(too_many_pieces());
        }
        let next = match arith::add(&x, &Value::Quantity(q.clone())) {
            Ok(n) => n,
            Err(_) => break,
        };
        if vle(&next, &x, None)? != Some(false) {
            break;
        }
        let last = arith::subtract(&next, &one)?;
        if vle(&last, &e, None)? != Some(true) {
            break;
        }
        out.push((x, last));
        x = next;
    }
    Ok(out)
}

/// `collapse X` without a `per` quantity.
pub fn collapse_default(list: &Value) -> Result<Value> {
    collapse(list, &Value::Null)
}
