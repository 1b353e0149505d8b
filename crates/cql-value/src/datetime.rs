//! Date and time operators (Appendix B "Date and Time Operators", Appendix H):
//! arithmetic with calendar quantities, `duration in X between`, `difference in X
//! between`, component extraction, `same X as`, constructors and `Now`/`Today`.

use std::cmp::Ordering;

use crate::compare::{align, date_to_datetime};
use crate::decimal::Decimal;
use crate::error::{EvalError, Result};
use crate::temporal::{days_from_civil, days_in_month, Date, DateTime, Precision, Time};
use crate::value::{Quantity, Value};

const UNIT_MS: [i64; 4] = [3_600_000, 60_000, 1000, 1];

/// Calendar precision denoted by a quantity unit: calendar words and the definite UCUM
/// time units (`d`, `h`, `min`, `s`, `ms`, `wk`). `a` and `mo` are not calendar units.
pub fn duration_unit(unit: &str) -> Result<Precision> {
    let u = match unit {
        "d" => "day",
        "h" => "hour",
        "min" => "minute",
        "s" => "second",
        "ms" => "millisecond",
        "wk" => "week",
        other => other,
    };
    crate::quantity::normalize_unit(u)
        .parse::<String>()
        .ok()
        .and_then(|u| Precision::parse(&u))
        .ok_or_else(|| {
            EvalError::InvalidArgument(format!(
                "unit '{unit}' is not a calendar duration for date/time arithmetic"
            ))
        })
}

fn unit_ms(p: Precision) -> i64 {
    match p {
        Precision::Week => 7 * 86_400_000,
        Precision::Day => 86_400_000,
        Precision::Hour => UNIT_MS[0],
        Precision::Minute => UNIT_MS[1],
        Precision::Second => UNIT_MS[2],
        _ => UNIT_MS[3],
    }
}

/// Converts `n` units into whole units of the (coarser) value precision `to`,
/// truncating (Appendix B "Add": the quantity is converted to the value's precision).
fn convert_count(n: i64, unit: Precision, to: Precision) -> i64 {
    if unit <= to || (unit == Precision::Week && to == Precision::Day) {
        return n;
    }
    if unit == Precision::Month {
        // to == Year
        return n / 12;
    }
    let ms = n as i128 * unit_ms(unit) as i128;
    let r = match to {
        Precision::Year => ms / (365 * 86_400_000),
        Precision::Month => ms / (30 * 86_400_000),
        p => ms / unit_ms(p) as i128,
    };
    r as i64
}

fn out_of_range() -> EvalError {
    EvalError::Overflow("date/time arithmetic: year outside 1..9999".into())
}

/// Adds `n` units to a DateTime, keeping its precision and offset; months and years
/// clamp the day to the end of the month (2012-02-29 + 1 year = 2013-02-28).
pub fn add_to_datetime(dt: &DateTime, n: i64, unit: Precision) -> Result<DateTime> {
    let vp = if dt.precision == Precision::Week {
        Precision::Day
    } else {
        dt.precision
    };
    let target = if unit > vp && !(unit == Precision::Week && vp == Precision::Day) {
        vp
    } else {
        unit
    };
    let n = convert_count(n, unit, target);
    let mut r = *dt;
    match target {
        Precision::Year | Precision::Month => {
            let months = if target == Precision::Year { n * 12 } else { n };
            let total = r.year as i64 * 12 + (r.month as i64 - 1) + months;
            let y = total.div_euclid(12);
            if !(1..=9999).contains(&y) {
                return Err(out_of_range());
            }
            r.year = y as i32;
            r.month = (total.rem_euclid(12) + 1) as u8;
            r.day = r.day.min(days_in_month(r.year, r.month));
            Ok(r)
        }
        p => {
            let ms = r
                .local_ms()
                .checked_add(n.checked_mul(unit_ms(p)).ok_or_else(out_of_range)?)
                .ok_or_else(out_of_range)?;
            DateTime::from_local_ms(ms, dt.precision, dt.offset).ok_or_else(out_of_range)
        }
    }
}

fn quantity_count(q: &Quantity) -> Result<i64> {
    i64::try_from(q.value.trunc_i128())
        .map_err(|_| EvalError::Overflow("duration too large".into()))
}

/// Appendix B "Add"/"Subtract" for Date, DateTime and Time with a calendar quantity.
/// `sign` is 1 for Add and -1 for Subtract. Out-of-range results are errors.
pub fn add_duration(v: &Value, q: &Quantity, sign: i64) -> Result<Value> {
    let unit = duration_unit(&q.unit)?;
    let n = quantity_count(q)?
        .checked_mul(sign)
        .ok_or_else(out_of_range)?;
    match v {
        Value::Null => Ok(Value::Null),
        Value::DateTime(dt) => Ok(Value::DateTime(add_to_datetime(dt, n, unit)?)),
        Value::Date(d) => {
            let dt = date_to_datetime(d, 0);
            let r = add_to_datetime(&dt, n, unit)?;
            Ok(Value::Date(r.date()))
        }
        Value::Time(t) => {
            if unit < Precision::Hour {
                return Err(EvalError::InvalidArgument(format!(
                    "cannot add {} to a Time",
                    unit.name()
                )));
            }
            let n = convert_count(n, unit, t.precision);
            let target = unit.min(t.precision);
            let ms = t.ms_of_day() + (n % (86_400_000 / unit_ms(target)) * unit_ms(target));
            Ok(Value::Time(Time::from_ms(ms, t.precision)))
        }
        other => Err(EvalError::operands(
            "Add",
            &[other, &Value::Quantity(q.clone())],
        )),
    }
}

/// A date/time operand as a DateTime (Dates at offset 0, Times on 1970-01-01 UTC).
fn as_datetime(v: &Value) -> Option<DateTime> {
    match v {
        Value::DateTime(dt) => Some(*dt),
        Value::Date(d) => Some(date_to_datetime(d, 0)),
        Value::Time(t) => Some(DateTime {
            year: 1970,
            month: 1,
            day: 1,
            hour: t.hour,
            minute: t.minute,
            second: t.second,
            millisecond: t.millisecond,
            precision: t.precision,
            offset: 0,
        }),
        _ => None,
    }
}

/// Fills the missing fields that matter for `unit` with their lowest (`high == false`) or
/// highest possible values. Date fields (month, day) always matter; time fields matter
/// when they are not finer than `unit`.
fn fill(dt: &DateTime, unit: Precision, high: bool, date_fields_always: bool) -> DateTime {
    let mut r = *dt;
    let p = dt.precision;
    let needs = |f: Precision| p < f && (f <= unit || (date_fields_always && f <= Precision::Day));
    if needs(Precision::Month) && high {
        r.month = 12;
    }
    if needs(Precision::Day) && high {
        r.day = days_in_month(r.year, r.month);
    }
    if high {
        if needs(Precision::Hour) {
            r.hour = 23;
        }
        if needs(Precision::Minute) {
            r.minute = 59;
        }
        if needs(Precision::Second) {
            r.second = 59;
        }
        if needs(Precision::Millisecond) {
            r.millisecond = 999;
        }
    }
    r.precision = Precision::Millisecond;
    r
}

fn time_tuple(d: &DateTime) -> (u8, u8, u8, u8, u16) {
    (d.day, d.hour, d.minute, d.second, d.millisecond)
}

/// Whole calendar periods from `a` to `b` (both complete, same offset).
fn whole_periods(a: &DateTime, b: &DateTime, unit: Precision) -> i64 {
    if a.local_ms() > b.local_ms() {
        return -whole_periods(b, a, unit);
    }
    match unit {
        Precision::Year => {
            let mut y = (b.year - a.year) as i64;
            if (b.month, time_tuple(b)) < (a.month, time_tuple(a)) {
                y -= 1;
            }
            y
        }
        Precision::Month => {
            let mut m = (b.year - a.year) as i64 * 12 + b.month as i64 - a.month as i64;
            if time_tuple(b) < time_tuple(a) {
                m -= 1;
            }
            m
        }
        p => (b.local_ms() - a.local_ms()) / unit_ms(p),
    }
}

/// Calendar boundaries of `unit` crossed from `a` to `b` (both complete, same offset).
fn boundaries(a: &DateTime, b: &DateTime, unit: Precision) -> i64 {
    match unit {
        Precision::Year => (b.year - a.year) as i64,
        Precision::Month => (b.year - a.year) as i64 * 12 + b.month as i64 - a.month as i64,
        Precision::Week | Precision::Day => {
            let d =
                days_from_civil(b.year, b.month, b.day) - days_from_civil(a.year, a.month, a.day);
            if unit == Precision::Week {
                d / 7
            } else {
                d
            }
        }
        p => {
            let u = unit_ms(p);
            b.local_ms().div_euclid(u) - a.local_ms().div_euclid(u)
        }
    }
}

fn uncertain(lo: i64, hi: i64) -> Result<Value> {
    let to_i = |x: i64| {
        i32::try_from(x).map_err(|_| EvalError::Overflow("duration outside Integer range".into()))
    };
    let (lo, hi) = (lo.min(hi), lo.max(hi));
    if lo == hi {
        Ok(Value::Integer(to_i(lo)?))
    } else {
        Ok(Value::interval(
            Value::Integer(to_i(lo)?),
            true,
            Value::Integer(to_i(hi)?),
            true,
        ))
    }
}

fn between_impl(
    a: &Value,
    b: &Value,
    unit: Precision,
    f: fn(&DateTime, &DateTime, Precision) -> i64,
    date_fields_always: bool,
    op: &str,
) -> Result<Value> {
    if a.is_null() || b.is_null() {
        return Ok(Value::Null);
    }
    let (x, y) = match (as_datetime(a), as_datetime(b)) {
        (Some(x), Some(y)) => (x, y),
        _ => return Err(EvalError::operands(op, &[a, b])),
    };
    if matches!(a, Value::Time(_)) && unit < Precision::Hour {
        return Err(EvalError::InvalidArgument(format!(
            "{op}: {} is not a Time unit",
            unit.name()
        )));
    }
    // Whole periods are counted between instants (both in UTC). Calendar boundaries of a
    // day or coarser are counted on the dates as written, as both reference engines do
    // (`difference in days between @2017-03-12T00:00-07:00 and @2017-03-13T00:00-06:00`
    // is 1, `days between` the same is 0); finer boundaries between instants.
    let normalize = date_fields_always || unit > Precision::Day;
    let (x, y) = if !normalize {
        (x, y)
    } else if x.precision >= Precision::Hour && y.precision >= Precision::Hour {
        (x.to_offset(0), y.to_offset(0))
    } else {
        align(&x, &y)
    };
    let lo = f(
        &fill(&x, unit, true, date_fields_always),
        &fill(&y, unit, false, date_fields_always),
        unit,
    );
    let hi = f(
        &fill(&x, unit, false, date_fields_always),
        &fill(&y, unit, true, date_fields_always),
        unit,
    );
    uncertain(lo, hi)
}

/// Appendix B "Duration": whole calendar periods of `unit` between two Dates, DateTimes
/// or Times (`years between`, `days between`). Values too imprecise for the answer give
/// an uncertainty, returned as a closed Integer interval (`Interval[4, 5]`).
pub fn duration_between(a: &Value, b: &Value, unit: Precision) -> Result<Value> {
    between_impl(a, b, unit, whole_periods, true, "DurationBetween")
}

/// Appendix B "Difference": calendar boundaries of `unit` crossed between two values
/// (`difference in days between`). Uncertainty as in [`duration_between`].
pub fn difference_between(a: &Value, b: &Value, unit: Precision) -> Result<Value> {
    between_impl(a, b, unit, boundaries, false, "DifferenceBetween")
}

/// Appendix B "DateTimeComponentFrom" (`year from X`, ..., `millisecond from X`):
/// null when the value's precision does not reach the component.
pub fn component(v: &Value, p: Precision) -> Result<Value> {
    let i = p.field_index();
    let f = match v {
        Value::Null => return Ok(Value::Null),
        Value::DateTime(d) => d.fields()[i],
        Value::Date(d) if i <= 2 => d.fields()[i],
        Value::Time(t) if i >= 3 => t.fields()[i - 3],
        other => return Err(EvalError::operands("DateTimeComponentFrom", &[other])),
    };
    Ok(f.map_or(Value::Null, Value::Integer))
}

/// `date from X` (Appendix B "DateFrom").
pub fn date_from(v: &Value) -> Result<Value> {
    match v {
        Value::Null => Ok(Value::Null),
        Value::DateTime(d) => Ok(Value::Date(d.date())),
        Value::Date(d) => Ok(Value::Date(*d)),
        other => Err(EvalError::operands("DateFrom", &[other])),
    }
}

/// `time from X` (Appendix B "TimeFrom"): null when the DateTime has no hour.
pub fn time_from(v: &Value) -> Result<Value> {
    match v {
        Value::Null => Ok(Value::Null),
        Value::DateTime(d) => Ok(d.time().map_or(Value::Null, Value::Time)),
        other => Err(EvalError::operands("TimeFrom", &[other])),
    }
}

/// `timezoneoffset from X` (Appendix B "TimezoneOffsetFrom"): hours as a Decimal.
pub fn timezone_offset_from(v: &Value) -> Result<Value> {
    match v {
        Value::Null => Ok(Value::Null),
        Value::DateTime(d) => Ok(Value::Decimal(
            Decimal::from_i64(d.offset as i64)
                .checked_div(Decimal::from_i64(60))
                .unwrap_or(Decimal::ZERO),
        )),
        other => Err(EvalError::operands("TimezoneOffsetFrom", &[other])),
    }
}

/// Compares two date/time values field by field down to `precision` (all fields when
/// `None`): `Some(ordering)`, or `None` when a needed field is missing and the fields
/// before it are equal.
pub fn cmp_to_precision(
    a: &Value,
    b: &Value,
    precision: Option<Precision>,
) -> Result<Option<Ordering>> {
    let (fa, fb): (Vec<Option<i32>>, Vec<Option<i32>>) = match (a, b) {
        (Value::Time(x), Value::Time(y)) => (x.fields().to_vec(), y.fields().to_vec()),
        _ => {
            let (x, y) = match (as_datetime(a), as_datetime(b)) {
                (Some(x), Some(y))
                    if !matches!(a, Value::Time(_)) && !matches!(b, Value::Time(_)) =>
                {
                    (x, y)
                }
                _ => return Err(EvalError::operands("SameAs", &[a, b])),
            };
            // At day precision or coarser the dates are compared as written; finer
            // precisions compare instants (both reference engines: `@2025-01-01T23:00-05:00
            // same day as @2025-01-02T04:00Z` is false, `same hour as` is true).
            let (x, y) = match precision {
                Some(p) if p <= Precision::Day => (x, y),
                _ => align(&x, &y),
            };
            (x.fields().to_vec(), y.fields().to_vec())
        }
    };
    let offset = if matches!(a, Value::Time(_)) { 3 } else { 0 };
    let last = precision.map_or(6, |p| p.field_index()).checked_sub(offset);
    let last = match last {
        Some(l) => l.min(fa.len() - 1),
        None => {
            return Err(EvalError::InvalidArgument(
                "precision coarser than hour for Time".into(),
            ))
        }
    };
    for i in 0..=last {
        match (fa[i], fb[i]) {
            (Some(x), Some(y)) => match x.cmp(&y) {
                Ordering::Equal => continue,
                o => return Ok(Some(o)),
            },
            (None, None) if precision.is_none() => return Ok(Some(Ordering::Equal)),
            _ => return Ok(None),
        }
    }
    Ok(Some(Ordering::Equal))
}

fn with_precision(
    a: &Value,
    b: &Value,
    p: Option<Precision>,
    test: fn(Ordering) -> bool,
) -> Result<Value> {
    if a.is_null() || b.is_null() {
        return Ok(Value::Null);
    }
    Ok(cmp_to_precision(a, b, p)?.map_or(Value::Null, |o| Value::Boolean(test(o))))
}

/// `same [precision] as` (Appendix B "SameAs").
pub fn same_as(a: &Value, b: &Value, p: Option<Precision>) -> Result<Value> {
    with_precision(a, b, p, |o| o == Ordering::Equal)
}

/// `same [precision] or before` (Appendix B "SameOrBefore").
pub fn same_or_before(a: &Value, b: &Value, p: Option<Precision>) -> Result<Value> {
    with_precision(a, b, p, |o| o != Ordering::Greater)
}

/// `same [precision] or after` (Appendix B "SameOrAfter").
pub fn same_or_after(a: &Value, b: &Value, p: Option<Precision>) -> Result<Value> {
    with_precision(a, b, p, |o| o != Ordering::Less)
}

/// `before [precision of]` for points (Appendix B "Before").
pub fn before(a: &Value, b: &Value, p: Option<Precision>) -> Result<Value> {
    with_precision(a, b, p, |o| o == Ordering::Less)
}

/// `after [precision of]` for points (Appendix B "After").
pub fn after(a: &Value, b: &Value, p: Option<Precision>) -> Result<Value> {
    with_precision(a, b, p, |o| o == Ordering::Greater)
}

fn int_args(args: &[Value], op: &str) -> Result<Vec<Option<i32>>> {
    args.iter()
        .map(|a| match a {
            Value::Null => Ok(None),
            Value::Integer(i) => Ok(Some(*i)),
            other => Err(EvalError::operands(op, &[other])),
        })
        .collect()
}

fn ctor_error(op: &str, args: &[Value]) -> EvalError {
    let text: Vec<String> = args.iter().map(Value::to_cql_literal).collect();
    EvalError::InvalidArgument(format!("{op}({}) is not a valid value", text.join(", ")))
}

/// `Date(year[, month[, day]])` (Appendix B "Date"): null year gives null; a null
/// component cuts the precision there.
pub fn date_ctor(args: &[Value]) -> Result<Value> {
    let f = int_args(args, "Date")?;
    let Some(Some(y)) = f.first().copied() else {
        return Ok(Value::Null);
    };
    let m = f.get(1).copied().flatten();
    let d = if m.is_some() {
        f.get(2).copied().flatten()
    } else {
        None
    };
    Date::new(y, m.map(|x| x as u8), d.map(|x| x as u8))
        .filter(|_| {
            m.is_none_or(|m| (1..=12).contains(&m)) && d.is_none_or(|d| (1..=31).contains(&d))
        })
        .map(Value::Date)
        .ok_or_else(|| ctor_error("Date", args))
}

/// `DateTime(year[, month, ..., millisecond[, offset hours]])` (Appendix B "DateTime").
/// The offset argument is a Decimal number of hours; without it `default_offset`
/// (minutes, the evaluation request's offset) is used.
pub fn datetime_ctor(args: &[Value], default_offset: i32) -> Result<Value> {
    let (parts, off) = if args.len() > 7 {
        (&args[..7], Some(&args[7]))
    } else {
        (args, None)
    };
    let f = int_args(parts, "DateTime")?;
    let Some(Some(_)) = f.first().copied() else {
        return Ok(Value::Null);
    };
    let mut fields = [None; 7];
    for (i, v) in f.iter().enumerate() {
        if v.is_none() {
            break;
        }
        fields[i] = *v;
    }
    let offset = match off {
        None | Some(Value::Null) => default_offset,
        Some(v) => {
            let d = crate::compare::to_dec(v).ok_or_else(|| ctor_error("DateTime", args))?;
            let mins = d
                .checked_mul(Decimal::from_i64(60))
                .ok_or_else(|| ctor_error("DateTime", args))?;
            mins.round(0).trunc_i128() as i32
        }
    };
    DateTime::from_fields(fields, offset)
        .map(Value::DateTime)
        .ok_or_else(|| ctor_error("DateTime", args))
}

/// `Time(hour[, minute[, second[, millisecond]]])` (Appendix B "Time").
pub fn time_ctor(args: &[Value]) -> Result<Value> {
    let f = int_args(args, "Time")?;
    let Some(Some(_)) = f.first().copied() else {
        return Ok(Value::Null);
    };
    let mut fields = [None; 4];
    for (i, v) in f.iter().take(4).enumerate() {
        if v.is_none() {
            break;
        }
        fields[i] = *v;
    }
    Time::from_fields(fields)
        .map(Value::Time)
        .ok_or_else(|| ctor_error("Time", args))
}

/// `Now()`: the evaluation request's timestamp (fixed per run).
pub fn now(request: &DateTime) -> Value {
    Value::DateTime(*request)
}

/// `Today()`: the date of the evaluation timestamp (in its own offset).
pub fn today(request: &DateTime) -> Value {
    Value::Date(request.date())
}

/// `TimeOfDay()`: the time of the evaluation timestamp.
pub fn time_of_day(request: &DateTime) -> Value {
    request.time().map_or(Value::Null, Value::Time)
}

/// Adds one unit of `p` to a Date or DateTime value (used by precision-qualified
/// `meets`).
pub(crate) fn add_to_datetime_value(v: &Value, p: Precision) -> Result<Value> {
    add_duration(v, &Quantity::new(Decimal::ONE, p.name()), 1)
}
