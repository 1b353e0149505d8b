//! Interval operators (Appendix B "Interval Operators"): start/end, contains/in,
//! includes/included in (proper), before/after/meets/overlaps/starts/ends with optional
//! precision, union/intersect/except, width/size, point from, collapse, expand.
//!
//! Null bounds: a closed null bound of a known point type is the minimum/maximum of the
//! type; an open null bound, or a null bound of unknown type, is unknown.

use std::cmp::Ordering;
use std::sync::Arc;

use crate::arith;
use crate::compare::{self, sort_cmp};
use crate::error::{EvalError, Result};
use crate::temporal::Precision;
use crate::value::{Interval, Value, ValueType};

fn point_type(i: &Interval) -> ValueType {
    if !i.low.is_null() {
        i.low.value_type()
    } else if !i.high.is_null() {
        i.high.value_type()
    } else {
        i.point_type.clone()
    }
}

/// Appendix B "Start": the first point of the interval (Successor of an open low).
pub fn start_of(i: &Interval) -> Result<Value> {
    if i.low.is_null() {
        if i.low_closed {
            return Ok(arith::min_value(&point_type(i)).unwrap_or(Value::Null));
        }
        return Ok(Value::Null);
    }
    if i.low_closed {
        Ok(i.low.clone())
    } else {
        arith::successor(&i.low)
    }
}

/// Appendix B "End": the last point of the interval (Predecessor of an open high).
pub fn end_of(i: &Interval) -> Result<Value> {
    if i.high.is_null() {
        if i.high_closed {
            return Ok(arith::max_value(&point_type(i)).unwrap_or(Value::Null));
        }
        return Ok(Value::Null);
    }
    if i.high_closed {
        Ok(i.high.clone())
    } else {
        arith::predecessor(&i.high)
    }
}

fn as_interval<'a>(v: &'a Value, op: &str) -> Result<Option<&'a Arc<Interval>>> {
    match v {
        Value::Null => Ok(None),
        Value::Interval(i) => Ok(Some(i)),
        other => Err(EvalError::operands(op, &[other])),
    }
}

/// `start of X`.
pub fn start(v: &Value) -> Result<Value> {
    as_interval(v, "Start")?.map_or(Ok(Value::Null), |i| start_of(i))
}

/// `end of X`.
pub fn end(v: &Value) -> Result<Value> {
    as_interval(v, "End")?.map_or(Ok(Value::Null), |i| end_of(i))
}

/// Three-valued comparison of points to an optional precision.
fn cmp3(a: &Value, b: &Value, p: Option<Precision>) -> Result<Option<Ordering>> {
    if a.is_null() || b.is_null() {
        return Ok(None);
    }
    match p {
        Some(p) if matches!(a, Value::Date(_) | Value::DateTime(_) | Value::Time(_)) => {
            crate::datetime::cmp_to_precision(a, b, Some(p))
        }
        _ => compare::compare(a, b),
    }
}

fn lt(a: &Value, b: &Value, p: Option<Precision>) -> Result<Option<bool>> {
    Ok(cmp3(a, b, p)?.map(|o| o == Ordering::Less))
}
fn le(a: &Value, b: &Value, p: Option<Precision>) -> Result<Option<bool>> {
    Ok(cmp3(a, b, p)?.map(|o| o != Ordering::Greater))
}
fn eq(a: &Value, b: &Value, p: Option<Precision>) -> Result<Option<bool>> {
    Ok(cmp3(a, b, p)?.map(|o| o == Ordering::Equal))
}

fn and3(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(false), _) | (_, Some(false)) => Some(false),
        (Some(true), Some(true)) => Some(true),
        _ => None,
    }
}
fn or3(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    }
}
fn not3(a: Option<bool>) -> Option<bool> {
    a.map(|x| !x)
}
fn out(o: Option<bool>) -> Value {
    o.map_or(Value::Null, Value::Boolean)
}

/// The closed bounds (start, end) of an interval.
fn bounds(i: &Interval) -> Result<(Value, Value)> {
    Ok((start_of(i)?, end_of(i)?))
}

/// Whether a point lies in the interval, to an optional precision. An unknown start
/// still excludes points above a known end (and vice versa).
fn contains_point(i: &Interval, p: &Value, prec: Option<Precision>) -> Result<Option<bool>> {
    if p.is_null() {
        return Ok(None);
    }
    let (s, e) = bounds(i)?;
    Ok(and3(le(&s, p, prec)?, le(p, &e, prec)?))
}

/// Appendix B "Contains" (`X contains point`), and "In" with the arguments swapped.
pub fn contains(iv: &Value, point: &Value, prec: Option<Precision>) -> Result<Value> {
    let Some(i) = as_interval(iv, "Contains")? else {
        return Ok(Value::Null);
    };
    if point.is_null() {
        return Ok(Value::Null);
    }
    Ok(out(contains_point(i, point, prec)?))
}

/// Appendix B "In" (`point in X`).
pub fn in_interval(point: &Value, iv: &Value, prec: Option<Precision>) -> Result<Value> {
    contains(iv, point, prec)
}

fn pair<'a>(a: &'a Value, b: &'a Value, op: &str) -> Result<Option<(&'a Interval, &'a Interval)>> {
    match (as_interval(a, op)?, as_interval(b, op)?) {
        (Some(x), Some(y)) => Ok(Some((x, y))),
        _ => Ok(None),
    }
}

fn includes3(x: &Interval, y: &Interval, p: Option<Precision>) -> Result<Option<bool>> {
    let (xs, xe) = bounds(x)?;
    let (ys, ye) = bounds(y)?;
    Ok(and3(le(&xs, &ys, p)?, le(&ye, &xe, p)?))
}

/// Appendix B "Includes" (`A includes B`; B may be a point).
pub fn includes(a: &Value, b: &Value, p: Option<Precision>) -> Result<Value> {
    if !matches!(b, Value::Interval(_)) && !b.is_null() {
        return contains(a, b, p);
    }
    let Some((x, y)) = pair(a, b, "Includes")? else {
        return Ok(Value::Null);
    };
    Ok(out(includes3(x, y, p)?))
}

/// Appendix B "IncludedIn" (`A included in B`; A may be a point).
pub fn included_in(a: &Value, b: &Value, p: Option<Precision>) -> Result<Value> {
    if !matches!(a, Value::Interval(_)) && !a.is_null() {
        return contains(b, a, p);
    }
    includes(b, a, p)
}

fn equal_bounds(x: &Interval, y: &Interval, p: Option<Precision>) -> Result<Option<bool>> {
    let (xs, xe) = bounds(x)?;
    let (ys, ye) = bounds(y)?;
    Ok(and3(eq(&xs, &ys, p)?, eq(&xe, &ye, p)?))
}

/// Appendix B "ProperIncludes" (`A properly includes B`; B may be a point).
pub fn proper_includes(a: &Value, b: &Value, p: Option<Precision>) -> Result<Value> {
    if !matches!(b, Value::Interval(_)) && !b.is_null() {
        let Some(x) = as_interval(a, "ProperIncludes")? else {
            return Ok(Value::Null);
        };
        let (s, e) = bounds(x)?;
        let inside = contains_point(x, b, p)?;
        let not_single = not3(and3(eq(&s, b, p)?, eq(&e, b, p)?));
        return Ok(out(and3(inside, not_single)));
    }
    let Some((x, y)) = pair(a, b, "ProperIncludes")? else {
        return Ok(Value::Null);
    };
    Ok(out(and3(includes3(x, y, p)?, not3(equal_bounds(x, y, p)?))))
}

/// Appendix B "ProperIncludedIn".
pub fn proper_included_in(a: &Value, b: &Value, p: Option<Precision>) -> Result<Value> {
    proper_includes(b, a, p)
}

/// Bounds of an interval or a point (as a unit interval).
fn span(v: &Value) -> Result<Option<(Value, Value)>> {
    match v {
        Value::Null => Ok(None),
        Value::Interval(i) => Ok(Some(bounds(i)?)),
        other => Ok(Some((other.clone(), other.clone()))),
    }
}

/// Appendix B "Before" for intervals and points (`A before B`).
pub fn before(a: &Value, b: &Value, p: Option<Precision>) -> Result<Value> {
    let (Some((_, ae)), Some((bs, _))) = (span(a)?, span(b)?) else {
        return Ok(Value::Null);
    };
    Ok(out(lt(&ae, &bs, p)?))
}

/// Appendix B "After" (`A after B`).
pub fn after(a: &Value, b: &Value, p: Option<Precision>) -> Result<Value> {
    before(b, a, p)
}

/// `A on or before B` / `A same or before B` for intervals (Appendix B "SameOrBefore").
pub fn on_or_before(a: &Value, b: &Value, p: Option<Precision>) -> Result<Value> {
    let (Some((_, ae)), Some((bs, _))) = (span(a)?, span(b)?) else {
        return Ok(Value::Null);
    };
    Ok(out(le(&ae, &bs, p)?))
}

/// `A on or after B` for intervals.
pub fn on_or_after(a: &Value, b: &Value, p: Option<Precision>) -> Result<Value> {
    on_or_before(b, a, p)
}

fn meets_before3(x: &Interval, y: &Interval, p: Option<Precision>) -> Result<Option<bool>> {
    let xe = end_of(x)?;
    let ys = start_of(y)?;
    if xe.is_null() || ys.is_null() {
        return Ok(None);
    }
    match p {
        Some(prec) if matches!(xe, Value::Date(_) | Value::DateTime(_)) => {
            let next = crate::datetime::add_to_datetime_value(&xe, prec)?;
            eq(&next, &ys, Some(prec))
        }
        _ => {
            let next = match arith::successor(&xe) {
                Ok(v) => v,
                Err(_) => return Ok(Some(false)),
            };
            eq(&next, &ys, None)
        }
    }
}

/// Appendix B "MeetsBefore".
pub fn meets_before(a: &Value, b: &Value, p: Option<Precision>) -> Result<Value> {
    let Some((x, y)) = pair(a, b, "MeetsBefore")? else {
        return Ok(Value::Null);
    };
    Ok(out(meets_before3(x, y, p)?))
}

/// Appendix B "MeetsAfter".
pub fn meets_after(a: &Value, b: &Value, p: Option<Precision>) -> Result<Value> {
    meets_before(b, a, p)
}

/// Appendix B "Meets" (either side).
pub fn meets(a: &Value, b: &Value, p: Option<Precision>) -> Result<Value> {
    let Some((x, y)) = pair(a, b, "Meets")? else {
        return Ok(Value::Null);
    };
    Ok(out(or3(meets_before3(x, y, p)?, meets_before3(y, x, p)?)))
}

fn overlaps3(x: &Interval, y: &Interval, p: Option<Precision>) -> Result<Option<bool>> {
    let (xs, xe) = bounds(x)?;
    let (ys, ye) = bounds(y)?;
    Ok(and3(le(&xs, &ye, p)?, le(&ys, &xe, p)?))
}

/// Appendix B "Overlaps" (B may be a point).
pub fn overlaps(a: &Value, b: &Value, p: Option<Precision>) -> Result<Value> {
    let (Some((xs, xe)), Some((ys, ye))) = (span(a)?, span(b)?) else {
        return Ok(Value::Null);
    };
    Ok(out(and3(le(&xs, &ye, p)?, le(&ys, &xe, p)?)))
}

/// Appendix B "OverlapsBefore": A overlaps B and starts before it.
pub fn overlaps_before(a: &Value, b: &Value, p: Option<Precision>) -> Result<Value> {
    let (Some((xs, xe)), Some((ys, _))) = (span(a)?, span(b)?) else {
        return Ok(Value::Null);
    };
    Ok(out(and3(lt(&xs, &ys, p)?, le(&ys, &xe, p)?)))
}

/// Appendix B "OverlapsAfter": A overlaps B and ends after it.
pub fn overlaps_after(a: &Value, b: &Value, p: Option<Precision>) -> Result<Value> {
    let (Some((xs, xe)), Some((_, ye))) = (span(a)?, span(b)?) else {
        return Ok(Value::Null);
    };
    Ok(out(and3(lt(&ye, &xe, p)?, le(&xs, &ye, p)?)))
}

/// Appendix B "Starts": same start, A ends within B.
pub fn starts(a: &Value, b: &Value, p: Option<Precision>) -> Result<Value> {
    let Some((x, y)) = pair(a, b, "Starts")? else {
        return Ok(Value::Null);
    };
    let (xs, xe) = bounds(x)?;
    let (ys, ye) = bounds(y)?;
    Ok(out(and3(eq(&xs, &ys, p)?, le(&xe, &ye, p)?)))
}

/// Appendix B "Ends": same end, A starts within B.
pub fn ends(a: &Value, b: &Value, p: Option<Precision>) -> Result<Value> {
    let Some((x, y)) = pair(a, b, "Ends")? else {
        return Ok(Value::Null);
    };
    let (xs, xe) = bounds(x)?;
    let (ys, ye) = bounds(y)?;
    Ok(out(and3(eq(&xe, &ye, p)?, le(&ys, &xs, p)?)))
}

fn make(low: Value, low_closed: bool, high: Value, high_closed: bool, t: &ValueType) -> Value {
    Value::Interval(Arc::new(Interval {
        low,
        low_closed,
        high,
        high_closed,
        point_type: t.clone(),
    }))
}

fn min_max(a: &Value, b: &Value, want_min: bool) -> Result<Value> {
    if a.is_null() || b.is_null() {
        return Ok(Value::Null);
    }
    Ok(match compare::compare(a, b)? {
        Some(Ordering::Greater) => {
            if want_min {
                b.clone()
            } else {
                a.clone()
            }
        }
        Some(_) => {
            if want_min {
                a.clone()
            } else {
                b.clone()
            }
        }
        None => Value::Null,
    })
}

/// Appendix B "Union" of intervals: null when they neither overlap nor meet.
pub fn union(a: &Value, b: &Value) -> Result<Value> {
    let Some((x, y)) = pair(a, b, "Union")? else {
        return Ok(Value::Null);
    };
    let joined = or3(
        overlaps3(x, y, None)?,
        or3(meets_before3(x, y, None)?, meets_before3(y, x, None)?),
    );
    if joined != Some(true) {
        return Ok(Value::Null);
    }
    let (xs, xe) = bounds(x)?;
    let (ys, ye) = bounds(y)?;
    Ok(make(
        min_max(&xs, &ys, true)?,
        true,
        min_max(&xe, &ye, false)?,
        true,
        &point_type(x),
    ))
}

/// Appendix B "Intersect" of intervals: null when they do not overlap.
pub fn intersect(a: &Value, b: &Value) -> Result<Value> {
    let Some((x, y)) = pair(a, b, "Intersect")? else {
        return Ok(Value::Null);
    };
    if overlaps3(x, y, None)? == Some(false) {
        return Ok(Value::Null);
    }
    // Keep the written bounds: the later low and the earlier high (null if unknown).
    let (low, lc) = pick_bound(&x.low, x.low_closed, &y.low, y.low_closed, false)?;
    let (high, hc) = pick_bound(&x.high, x.high_closed, &y.high, y.high_closed, true)?;
    Ok(make(low, lc, high, hc, &point_type(x)))
}

fn pick_bound(a: &Value, ac: bool, b: &Value, bc: bool, want_min: bool) -> Result<(Value, bool)> {
    if a.is_null() {
        return Ok(if ac {
            (b.clone(), bc)
        } else {
            (Value::Null, false)
        });
    }
    if b.is_null() {
        return Ok(if bc {
            (a.clone(), ac)
        } else {
            (Value::Null, false)
        });
    }
    Ok(match compare::compare(a, b)? {
        Some(Ordering::Equal) => (a.clone(), ac && bc),
        Some(Ordering::Less) => {
            if want_min {
                (a.clone(), ac)
            } else {
                (b.clone(), bc)
            }
        }
        Some(Ordering::Greater) => {
            if want_min {
                (b.clone(), bc)
            } else {
                (a.clone(), ac)
            }
        }
        None => (Value::Null, false),
    })
}

/// Appendix B "Except" for intervals: A minus B; null when the result would not be a
/// single interval or is unknown.
pub fn except(a: &Value, b: &Value) -> Result<Value> {
    let Some((x, y)) = pair(a, b, "Except")? else {
        return Ok(Value::Null);
    };
    let (xs, xe) = bounds(x)?;
    let (ys, ye) = bounds(y)?;
    if [&xs, &xe, &ys, &ye].iter().any(|v| v.is_null()) {
        return Ok(Value::Null);
    }
    if overlaps3(x, y, None)? == Some(false) {
        return Ok(a.clone());
    }
    let starts_inside = lt(&xs, &ys, None)? == Some(true);
    let ends_inside = lt(&ye, &xe, None)? == Some(true);
    let t = point_type(x);
    match (starts_inside, ends_inside) {
        (true, true) => Ok(Value::Null),
        (true, false) => Ok(make(xs, true, arith::predecessor(&ys)?, true, &t)),
        (false, true) => Ok(make(arith::successor(&ye)?, true, xe, true, &t)),
        (false, false) => Ok(Value::Null),
    }
}

/// Appendix B "Width": end - start.
pub fn width(v: &Value) -> Result<Value> {
    let Some(i) = as_interval(v, "Width")? else {
        return Ok(Value::Null);
    };
    let (s, e) = bounds(i)?;
    if matches!(s, Value::Date(_) | Value::DateTime(_) | Value::Time(_)) {
        return Err(EvalError::operands("Width", &[v]));
    }
    arith::subtract(&e, &s)
}

/// Appendix B "Size" (CQL 2.0): width plus one step of the point type.
pub fn size(v: &Value) -> Result<Value> {
    let Some(i) = as_interval(v, "Size")? else {
        return Ok(Value::Null);
    };
    let (s, e) = bounds(i)?;
    let w = arith::subtract(&e, &s)?;
    match &w {
        Value::Integer(_) => arith::add(&w, &Value::Integer(1)),
        Value::Long(_) => arith::add(&w, &Value::Long(1)),
        Value::Null => Ok(Value::Null),
        _ => arith::successor(&w),
    }
}

/// Appendix B "PointFrom": the single point of a unit interval; an error otherwise.
pub fn point_from(v: &Value) -> Result<Value> {
    let Some(i) = as_interval(v, "PointFrom")? else {
        return Ok(Value::Null);
    };
    let (s, e) = bounds(i)?;
    if s.is_null() && e.is_null() {
        return Ok(Value::Null);
    }
    match compare::compare(&s, &e)? {
        Some(Ordering::Equal) => Ok(s),
        _ => Err(EvalError::InvalidArgument(format!(
            "point from requires a unit interval, got {}",
            v.to_cql_literal()
        ))),
    }
}

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
                le(&s, &next, None)? != Some(false)
            };
            if gap_ok {
                if !last.1.is_null() && (e.is_null() || lt(&last.1, &e, None)? == Some(true)) {
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

/// Appendix B "Expand": the unit intervals (or points when `points` is true, for a
/// single interval argument) of `per` size covering each interval of the list.
pub fn expand(arg: &Value, per: &Value) -> Result<Value> {
    let (items, single) = match arg {
        Value::Null => return Ok(Value::Null),
        Value::List(l) => (l.to_vec(), false),
        Value::Interval(_) => (vec![arg.clone()], true),
        other => return Err(EvalError::operands("Expand", &[other])),
    };
    let mut outv: Vec<Value> = Vec::new();
    let mut seen: Vec<Value> = Vec::new();
    for v in items {
        let Value::Interval(i) = &v else { continue };
        let (s, e) = bounds(i)?;
        if s.is_null() || e.is_null() {
            continue;
        }
        let step = step_for(&s, per)?;
        let Some(step) = step else {
            return Ok(Value::Null);
        };
        let mut cur = s.clone();
        let mut guard = 0;
        while le(&cur, &e, None)? == Some(true) && guard < 100_000 {
            let next = arith::add(&cur, &step)?;
            let last = match arith::predecessor(&next) {
                Ok(p) => p,
                Err(_) => break,
            };
            if lt(&e, &last, None)? == Some(true) {
                break;
            }
            let item = if single {
                cur.clone()
            } else {
                make(cur.clone(), true, last, true, &point_type(i))
            };
            if !seen.iter().any(|x| compare::equal3(x, &item) == Some(true)) {
                seen.push(item.clone());
                outv.push(item);
            }
            cur = next;
            guard += 1;
        }
    }
    Ok(Value::list(outv))
}

fn step_for(start: &Value, per: &Value) -> Result<Option<Value>> {
    Ok(match (start, per) {
        (Value::Integer(_), Value::Null) => Some(Value::Integer(1)),
        (Value::Long(_), Value::Null) => Some(Value::Long(1)),
        (Value::Decimal(_), Value::Null) => Some(Value::Decimal(crate::Decimal::ONE)),
        (Value::Integer(_), Value::Quantity(q)) => {
            if !q.value.is_integer() {
                return Ok(None);
            }
            Some(Value::Integer(q.value.trunc_i128() as i32))
        }
        (Value::Long(_), Value::Quantity(q)) => Some(Value::Long(q.value.trunc_i128() as i64)),
        (Value::Decimal(_), Value::Quantity(q)) => Some(Value::Decimal(q.value)),
        (Value::Date(d), Value::Null) => {
            Some(Value::quantity(crate::Decimal::ONE, d.precision.name()))
        }
        (Value::DateTime(d), Value::Null) => {
            Some(Value::quantity(crate::Decimal::ONE, d.precision.name()))
        }
        (Value::Date(_) | Value::DateTime(_) | Value::Time(_), Value::Quantity(q)) => {
            Some(Value::Quantity(q.clone()))
        }
        (Value::Quantity(q), Value::Null) => Some(Value::quantity(crate::Decimal::ONE, &q.unit)),
        (Value::Quantity(_), Value::Quantity(q)) => Some(Value::Quantity(q.clone())),
        _ => return Err(EvalError::operands("Expand", &[start, per])),
    })
}

/// `collapse X` without a `per` quantity.
pub fn collapse_default(list: &Value) -> Result<Value> {
    collapse(list, &Value::Null)
}
