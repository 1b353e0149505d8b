//! Interval operators (Appendix B "Interval Operators"): start/end, contains/in,
//! includes/included in (proper), before/after/meets/overlaps/starts/ends with optional
//! precision, union/intersect/except, width/size, point from, collapse, expand.
//!
//! Null bounds: a closed null bound of a known point type is the minimum/maximum of the
//! type; an open null bound, or a null bound of unknown type, is unknown.

use std::cmp::Ordering;
use std::sync::Arc;

use crate::arith;
use crate::compare;
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

/// Interval selector (`Interval[low, high]`, CQL 1.5 §2.5): an error when the interval
/// would be empty or inverted (`Interval[5, 5)`, `Interval[5, 1]`).
pub fn selector(low: Value, low_closed: bool, high: Value, high_closed: bool) -> Result<Value> {
    let v = Value::interval(low, low_closed, high, high_closed);
    if let Value::Interval(i) = &v {
        if !i.low.is_null() && !i.high.is_null() {
            let invalid = match (start_of(i), end_of(i)) {
                (Ok(s), Ok(e)) => compare::compare(&s, &e)? == Some(Ordering::Greater),
                _ => true,
            };
            if invalid {
                return Err(EvalError::InvalidArgument(format!(
                    "invalid interval {}: its low bound is above its high bound",
                    v.to_cql_literal()
                )));
            }
        }
    }
    Ok(v)
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

fn vlt(a: &Value, b: &Value, p: Option<Precision>) -> Result<Option<bool>> {
    Ok(cmp3(a, b, p)?.map(|o| o == Ordering::Less))
}
fn vle(a: &Value, b: &Value, p: Option<Precision>) -> Result<Option<bool>> {
    Ok(cmp3(a, b, p)?.map(|o| o != Ordering::Greater))
}
fn veq(a: &Value, b: &Value, p: Option<Precision>) -> Result<Option<bool>> {
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

/// A bound as the relations see it: a known point, or an unknown point known only to lie
/// within a range (CQL 2.0: an open null start lies between the type's minimum and the
/// end; an open null end between the start and the maximum). `None` is unbounded.
#[derive(Clone, Debug)]
enum Pt {
    Known(Value),
    Range(Option<Value>, Option<Value>),
}

impl Pt {
    fn lo(&self) -> Option<&Value> {
        match self {
            Pt::Known(v) => Some(v),
            Pt::Range(lo, _) => lo.as_ref(),
        }
    }
    fn hi(&self) -> Option<&Value> {
        match self {
            Pt::Known(v) => Some(v),
            Pt::Range(_, hi) => hi.as_ref(),
        }
    }
}

fn pt(v: &Value) -> Pt {
    if v.is_null() {
        Pt::Range(None, None)
    } else {
        Pt::Known(v.clone())
    }
}

/// Start and end of an interval as [`Pt`]s.
fn rbounds(i: &Interval) -> Result<(Pt, Pt)> {
    let (s, e) = (start_of(i)?, end_of(i)?);
    let known = |v: &Value| (!v.is_null()).then(|| v.clone());
    let sp = if s.is_null() {
        Pt::Range(None, known(&e))
    } else {
        Pt::Known(s.clone())
    };
    let ep = if e.is_null() {
        Pt::Range(known(&s), None)
    } else {
        Pt::Known(e)
    };
    Ok((sp, ep))
}

fn lt(a: &Pt, b: &Pt, p: Option<Precision>) -> Result<Option<bool>> {
    if let (Pt::Known(x), Pt::Known(y)) = (a, b) {
        return vlt(x, y, p);
    }
    if let (Some(ahi), Some(blo)) = (a.hi(), b.lo()) {
        if vlt(ahi, blo, p)? == Some(true) {
            return Ok(Some(true));
        }
    }
    if let (Some(alo), Some(bhi)) = (a.lo(), b.hi()) {
        if vle(bhi, alo, p)? == Some(true) {
            return Ok(Some(false));
        }
    }
    Ok(None)
}

fn le(a: &Pt, b: &Pt, p: Option<Precision>) -> Result<Option<bool>> {
    if let (Pt::Known(x), Pt::Known(y)) = (a, b) {
        return vle(x, y, p);
    }
    if let (Some(ahi), Some(blo)) = (a.hi(), b.lo()) {
        if vle(ahi, blo, p)? == Some(true) {
            return Ok(Some(true));
        }
    }
    if let (Some(alo), Some(bhi)) = (a.lo(), b.hi()) {
        if vlt(bhi, alo, p)? == Some(true) {
            return Ok(Some(false));
        }
    }
    Ok(None)
}

fn eq(a: &Pt, b: &Pt, p: Option<Precision>) -> Result<Option<bool>> {
    if let (Pt::Known(x), Pt::Known(y)) = (a, b) {
        return veq(x, y, p);
    }
    if lt(a, b, p)? == Some(true) || lt(b, a, p)? == Some(true) {
        return Ok(Some(false));
    }
    Ok(None)
}

/// Whether a point lies in the interval, to an optional precision. An unknown start
/// still excludes points above a known end (and vice versa).
fn contains_point(i: &Interval, p: &Value, prec: Option<Precision>) -> Result<Option<bool>> {
    if p.is_null() {
        return Ok(None);
    }
    let (s, e) = rbounds(i)?;
    Ok(and3(le(&s, &pt(p), prec)?, le(&pt(p), &e, prec)?))
}

/// Appendix B "Contains" (`X contains point`), and "In" with the arguments swapped.
/// A null interval contains nothing (suite: `null as Interval<Integer> contains 5` is
/// false); a null point gives null.
pub fn contains(iv: &Value, point: &Value, prec: Option<Precision>) -> Result<Value> {
    let Some(i) = as_interval(iv, "Contains")? else {
        return Ok(Value::Boolean(false));
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

/// Both interval operands; an interval whose point type is unknown (`Interval[null,
/// null]`) takes the other's, so its closed null bounds mean the type's extremes.
fn pair(a: &Value, b: &Value, op: &str) -> Result<Option<(Interval, Interval)>> {
    match (as_interval(a, op)?, as_interval(b, op)?) {
        (Some(x), Some(y)) => {
            let (mut x, mut y) = ((**x).clone(), (**y).clone());
            let (tx, ty) = (point_type(&x), point_type(&y));
            if tx == ValueType::Any {
                x.point_type = ty;
            } else if ty == ValueType::Any {
                y.point_type = tx;
            }
            Ok(Some((x, y)))
        }
        _ => Ok(None),
    }
}

fn includes3(x: &Interval, y: &Interval, p: Option<Precision>) -> Result<Option<bool>> {
    let (xs, xe) = rbounds(x)?;
    let (ys, ye) = rbounds(y)?;
    Ok(and3(le(&xs, &ys, p)?, le(&ye, &xe, p)?))
}

/// Appendix B "Includes" (`A includes B`; B may be a point).
pub fn includes(a: &Value, b: &Value, p: Option<Precision>) -> Result<Value> {
    if a.is_null() {
        return Ok(Value::Null);
    }
    if !matches!(b, Value::Interval(_)) && !b.is_null() {
        return contains(a, b, p);
    }
    let Some((x, y)) = pair(a, b, "Includes")? else {
        return Ok(Value::Null);
    };
    let (x, y) = (&x, &y);
    Ok(out(includes3(x, y, p)?))
}

/// Appendix B "IncludedIn" (`A included in B`; A may be a point).
pub fn included_in(a: &Value, b: &Value, p: Option<Precision>) -> Result<Value> {
    if !matches!(a, Value::Interval(_)) && !a.is_null() {
        return contains(b, a, p);
    }
    includes(b, a, p)
}

fn equal_rbounds(x: &Interval, y: &Interval, p: Option<Precision>) -> Result<Option<bool>> {
    let (xs, xe) = rbounds(x)?;
    let (ys, ye) = rbounds(y)?;
    Ok(and3(eq(&xs, &ys, p)?, eq(&xe, &ye, p)?))
}

/// Appendix B "ProperIncludes" (`A properly includes B`; B may be a point).
pub fn proper_includes(a: &Value, b: &Value, p: Option<Precision>) -> Result<Value> {
    if !matches!(b, Value::Interval(_)) && !b.is_null() {
        let Some(x) = as_interval(a, "ProperIncludes")? else {
            return Ok(Value::Null);
        };
        // Strictly inside: the suite expects `Interval[@T12:00:00.000, @T21:59:59.999]
        // properly includes @T12:00:00.000` to be false.
        let (s, e) = rbounds(x)?;
        return Ok(out(and3(lt(&s, &pt(b), p)?, lt(&pt(b), &e, p)?)));
    }
    let Some((x, y)) = pair(a, b, "ProperIncludes")? else {
        return Ok(Value::Null);
    };
    let (x, y) = (&x, &y);
    Ok(out(and3(
        includes3(x, y, p)?,
        not3(equal_rbounds(x, y, p)?),
    )))
}

/// Appendix B "ProperIncludedIn".
pub fn proper_included_in(a: &Value, b: &Value, p: Option<Precision>) -> Result<Value> {
    proper_includes(b, a, p)
}

/// Bounds of an interval or a point (as a unit interval).
fn span(v: &Value) -> Result<Option<(Pt, Pt)>> {
    match v {
        Value::Null => Ok(None),
        Value::Interval(i) => Ok(Some(rbounds(i)?)),
        other => Ok(Some((pt(other), pt(other)))),
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
    let (_, xe) = rbounds(x)?;
    let (ys, _) = rbounds(y)?;
    // The point just after x's end (one unit of the precision when one is given).
    let next = |v: &Value| -> Result<Option<Value>> {
        match p {
            Some(prec) if matches!(v, Value::Date(_) | Value::DateTime(_)) => {
                Ok(Some(crate::datetime::add_to_datetime_value(v, prec)?))
            }
            _ => Ok(arith::successor(v).ok()),
        }
    };
    let after_end = match &xe {
        Pt::Known(v) => match next(v)? {
            Some(n) => Pt::Known(n),
            None => return Ok(Some(false)),
        },
        Pt::Range(lo, hi) => Pt::Range(
            match lo {
                Some(v) => next(v)?,
                None => None,
            },
            match hi {
                Some(v) => next(v)?,
                None => None,
            },
        ),
    };
    eq(&after_end, &ys, p)
}

/// Appendix B "MeetsBefore".
pub fn meets_before(a: &Value, b: &Value, p: Option<Precision>) -> Result<Value> {
    let Some((x, y)) = pair(a, b, "MeetsBefore")? else {
        return Ok(Value::Null);
    };
    let (x, y) = (&x, &y);
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
    let (x, y) = (&x, &y);
    Ok(out(or3(meets_before3(x, y, p)?, meets_before3(y, x, p)?)))
}

fn overlaps3(x: &Interval, y: &Interval, p: Option<Precision>) -> Result<Option<bool>> {
    let (xs, xe) = rbounds(x)?;
    let (ys, ye) = rbounds(y)?;
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
    let (x, y) = (&x, &y);
    let (xs, xe) = rbounds(x)?;
    let (ys, ye) = rbounds(y)?;
    Ok(out(and3(eq(&xs, &ys, p)?, le(&xe, &ye, p)?)))
}

/// Appendix B "Ends": same end, A starts within B.
pub fn ends(a: &Value, b: &Value, p: Option<Precision>) -> Result<Value> {
    let Some((x, y)) = pair(a, b, "Ends")? else {
        return Ok(Value::Null);
    };
    let (x, y) = (&x, &y);
    let (xs, xe) = rbounds(x)?;
    let (ys, ye) = rbounds(y)?;
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
    let (x, y) = (&x, &y);
    let joined = or3(
        overlaps3(x, y, None)?,
        or3(meets_before3(x, y, None)?, meets_before3(y, x, None)?),
    );
    if joined != Some(true) {
        return Ok(Value::Null);
    }
    let (xs, xe) = bounds(x)?;
    let (ys, ye) = bounds(y)?;
    let (low, high) = (min_max(&xs, &ys, true)?, min_max(&xe, &ye, false)?);
    // An unknown bound makes the union unknown (both reference engines:
    // `Interval[1, 5] union Interval[3, null)` is null).
    if low.is_null() || high.is_null() {
        return Ok(Value::Null);
    }
    Ok(make(low, true, high, true, &point_type(x)))
}

/// Appendix B "Intersect" of intervals: null when they do not overlap.
pub fn intersect(a: &Value, b: &Value) -> Result<Value> {
    let Some((x, y)) = pair(a, b, "Intersect")? else {
        return Ok(Value::Null);
    };
    let (x, y) = (&x, &y);
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
    let (x, y) = (&x, &y);
    let (xs, xe) = bounds(x)?;
    let (ys, ye) = bounds(y)?;
    if [&xs, &xe, &ys, &ye].iter().any(|v| v.is_null()) {
        return Ok(Value::Null);
    }
    if overlaps3(x, y, None)? == Some(false) {
        return Ok(a.clone());
    }
    let starts_inside = vlt(&xs, &ys, None)? == Some(true);
    let ends_inside = vlt(&ye, &xe, None)? == Some(true);
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

mod expand;

pub use expand::{collapse, collapse_default, expand};
