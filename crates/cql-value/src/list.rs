//! List operators (Appendix B "List Operators"): Exists, In/Contains, Includes/IncludedIn
//! (proper), Union/Intersect/Except with CQL equality, Distinct, Flatten, First/Last,
//! Indexer, IndexOf, Skip/Take/Tail/Slice, SingletonFrom, Sort.

use crate::compare::{equal3, sort_cmp};
use crate::error::{EvalError, Result};
use crate::value::Value;

fn items<'a>(v: &'a Value, op: &str) -> Result<Option<&'a [Value]>> {
    match v {
        Value::Null => Ok(None),
        Value::List(l) => Ok(Some(l)),
        other => Err(EvalError::operands(op, &[other])),
    }
}

fn member(list: &[Value], x: &Value) -> bool {
    list.iter().any(|e| equal3(e, x) == Some(true))
}

/// Appendix B "Exists": true when the list has a non-null element.
pub fn exists(v: &Value) -> Result<Value> {
    Ok(Value::Boolean(
        items(v, "Exists")?.is_some_and(|l| l.iter().any(|x| !x.is_null())),
    ))
}

/// Appendix B "Contains" for lists (`L contains x`): false for a null list; a null
/// element is found when the list holds a null.
pub fn contains(list: &Value, x: &Value) -> Result<Value> {
    let Some(l) = items(list, "Contains")? else {
        return Ok(Value::Boolean(false));
    };
    Ok(Value::Boolean(member(l, x)))
}

/// `L ~contains x` / `x ~in L` (CQL 2.0 equivalence membership): whether an element is
/// equivalent (`~`) to x; false for a null list.
pub fn contains_equivalent(list: &Value, x: &Value) -> Result<Value> {
    let Some(l) = items(list, "ContainsEquivalent")? else {
        return Ok(Value::Boolean(false));
    };
    Ok(Value::Boolean(
        l.iter().any(|e| crate::compare::equiv(e, x)),
    ))
}

/// Appendix B "In" for lists (`x in L`).
pub fn in_list(x: &Value, list: &Value) -> Result<Value> {
    contains(list, x)
}

/// Appendix B "Includes" for lists: every element of B is in A (B may be an element).
pub fn includes(a: &Value, b: &Value) -> Result<Value> {
    let Some(x) = items(a, "Includes")? else {
        return Ok(Value::Null);
    };
    match b {
        Value::Null => Ok(Value::Null),
        Value::List(y) => Ok(Value::Boolean(y.iter().all(|e| member(x, e)))),
        e => Ok(Value::Boolean(member(x, e))),
    }
}

/// Appendix B "IncludedIn" for lists.
pub fn included_in(a: &Value, b: &Value) -> Result<Value> {
    if !matches!(a, Value::List(_)) && !a.is_null() {
        return contains(b, a);
    }
    includes(b, a)
}

/// `L properly includes x` for an element: x is in L and L has another element
/// (three-valued; a null x is found when L holds a null and something else).
pub fn proper_contains_element(list: &Value, x: &Value) -> Result<Value> {
    let Some(l) = items(list, "ProperContains")? else {
        return Ok(Value::Boolean(false));
    };
    if x.is_null() {
        return Ok(Value::Boolean(
            l.iter().any(Value::is_null) && l.iter().any(|e| !e.is_null()),
        ));
    }
    let mut found = Some(false);
    let mut other = Some(false);
    for e in l {
        match equal3_strict(e, x) {
            Some(true) => found = Some(true),
            None if found != Some(true) => found = None,
            _ => {}
        }
        match equal3_strict(e, x).map(|b| !b) {
            Some(true) => other = Some(true),
            None if other != Some(true) => other = None,
            _ => {}
        }
    }
    Ok(match (found, other) {
        (Some(false), _) | (_, Some(false)) => Value::Boolean(false),
        (Some(true), Some(true)) => Value::Boolean(true),
        _ => Value::Null,
    })
}

/// Equality where a null operand is unknown (top-level `=` semantics).
fn equal3_strict(a: &Value, b: &Value) -> Option<bool> {
    if a.is_null() || b.is_null() {
        None
    } else {
        equal3(a, b)
    }
}

/// Appendix B "ProperIncludes" for lists: includes and has more distinct elements.
/// An element operand goes to [`proper_contains_element`].
pub fn proper_includes(a: &Value, b: &Value) -> Result<Value> {
    if !matches!(b, Value::List(_)) {
        return proper_contains_element(a, b);
    }
    let inc = includes(a, b)?;
    if inc.as_bool() != Some(true) {
        return Ok(inc);
    }
    let (Some(x), y) = (items(a, "ProperIncludes")?, b) else {
        return Ok(Value::Null);
    };
    let ylen = match y {
        Value::List(l) => dedup(l).len(),
        _ => 1,
    };
    Ok(Value::Boolean(dedup(x).len() > ylen))
}

/// Appendix B "ProperIncludedIn" for lists.
pub fn proper_included_in(a: &Value, b: &Value) -> Result<Value> {
    if !matches!(a, Value::List(_)) {
        return proper_contains_element(b, a);
    }
    proper_includes(b, a)
}

fn dedup(l: &[Value]) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    for x in l {
        if !member(&out, x) {
            out.push(x.clone());
        }
    }
    out
}

/// Appendix B "Distinct": first occurrences, by CQL equality (nulls are one value).
pub fn distinct(v: &Value) -> Result<Value> {
    Ok(items(v, "Distinct")?.map_or(Value::Null, |l| Value::list(dedup(l))))
}

/// Appendix B "Union" for lists: distinct elements of both (a null list is empty).
pub fn union(a: &Value, b: &Value) -> Result<Value> {
    let x = items(a, "Union")?.unwrap_or(&[]);
    let y = items(b, "Union")?.unwrap_or(&[]);
    let all: Vec<Value> = x.iter().chain(y.iter()).cloned().collect();
    Ok(Value::list(dedup(&all)))
}

/// Appendix B "Intersect" for lists: distinct elements of A that are in B.
pub fn intersect(a: &Value, b: &Value) -> Result<Value> {
    let (Some(x), Some(y)) = (items(a, "Intersect")?, items(b, "Intersect")?) else {
        return Ok(Value::Null);
    };
    let kept: Vec<Value> = x.iter().filter(|e| member(y, e)).cloned().collect();
    Ok(Value::list(dedup(&kept)))
}

/// Appendix B "Except" for lists: distinct elements of A not in B (null B removes
/// nothing).
pub fn except(a: &Value, b: &Value) -> Result<Value> {
    let Some(x) = items(a, "Except")? else {
        return Ok(Value::Null);
    };
    let y = items(b, "Except")?.unwrap_or(&[]);
    let kept: Vec<Value> = x.iter().filter(|e| !member(y, e)).cloned().collect();
    Ok(Value::list(dedup(&kept)))
}

/// Appendix B "Flatten": one level of nested lists.
pub fn flatten(v: &Value) -> Result<Value> {
    let Some(l) = items(v, "Flatten")? else {
        return Ok(Value::Null);
    };
    let mut out = Vec::new();
    for x in l {
        match x {
            Value::List(inner) => out.extend(inner.iter().cloned()),
            other => out.push(other.clone()),
        }
    }
    Ok(Value::list(out))
}

/// Appendix B "First".
pub fn first(v: &Value) -> Result<Value> {
    Ok(items(v, "First")?
        .and_then(|l| l.first().cloned())
        .unwrap_or(Value::Null))
}

/// Appendix B "Last".
pub fn last(v: &Value) -> Result<Value> {
    Ok(items(v, "Last")?
        .and_then(|l| l.last().cloned())
        .unwrap_or(Value::Null))
}

fn index_arg(i: &Value, op: &str) -> Result<Option<i64>> {
    match i {
        Value::Null => Ok(None),
        Value::Integer(n) => Ok(Some(*n as i64)),
        Value::Long(n) => Ok(Some(*n)),
        other => Err(EvalError::operands(op, &[other])),
    }
}

/// Appendix B "Indexer" (`L[i]`, 0-based): null when out of range.
pub fn indexer(v: &Value, i: &Value) -> Result<Value> {
    let (Some(l), Some(i)) = (items(v, "Indexer")?, index_arg(i, "Indexer")?) else {
        return Ok(Value::Null);
    };
    Ok(usize::try_from(i)
        .ok()
        .and_then(|i| l.get(i).cloned())
        .unwrap_or(Value::Null))
}

/// Appendix B "IndexOf": 0-based position by CQL equality, -1 when absent, null for a
/// null list or element.
pub fn index_of(v: &Value, x: &Value) -> Result<Value> {
    let Some(l) = items(v, "IndexOf")? else {
        return Ok(Value::Null);
    };
    if x.is_null() {
        return Ok(Value::Null);
    }
    Ok(Value::Integer(
        l.iter()
            .position(|e| equal3(e, x) == Some(true))
            .map_or(-1, |p| p as i32),
    ))
}

/// Appendix B "Slice(list, start, end)": elements from `start` (0-based) up to, not
/// including, `end`; null start is 0, null end is the length.
pub fn slice(v: &Value, start: &Value, end: &Value) -> Result<Value> {
    let Some(l) = items(v, "Slice")? else {
        return Ok(Value::Null);
    };
    // Negative positions count from the end (`Slice({1, 2, 3, 4, 5}, -2)` = `{4, 5}`).
    let n = l.len() as i64;
    let pos = |i: i64| if i < 0 { (n + i).max(0) } else { i.min(n) } as usize;
    let s = pos(index_arg(start, "Slice")?.unwrap_or(0));
    let e = pos(index_arg(end, "Slice")?.unwrap_or(n));
    if s >= e {
        return Ok(Value::list(Vec::new()));
    }
    Ok(Value::list(l[s..e].to_vec()))
}

/// Appendix B "Skip(list, n)".
pub fn skip(v: &Value, n: &Value) -> Result<Value> {
    if n.is_null() {
        return Ok(v.clone());
    }
    slice(v, n, &Value::Null)
}

/// Appendix B "Take(list, n)": null n gives an empty list.
pub fn take(v: &Value, n: &Value) -> Result<Value> {
    if n.is_null() {
        return Ok(if v.is_null() {
            Value::Null
        } else {
            Value::list(Vec::new())
        });
    }
    slice(v, &Value::Integer(0), n)
}

/// Appendix B "Tail(list)": all but the first.
pub fn tail(v: &Value) -> Result<Value> {
    slice(v, &Value::Integer(1), &Value::Null)
}

/// Appendix B "SingletonFrom": the only element, null for an empty list, an error for
/// more than one.
pub fn singleton_from(v: &Value) -> Result<Value> {
    let Some(l) = items(v, "SingletonFrom")? else {
        return Ok(Value::Null);
    };
    match l.len() {
        0 => Ok(Value::Null),
        1 => Ok(l[0].clone()),
        n => Err(EvalError::InvalidArgument(format!(
            "singleton from: list has {n} elements"
        ))),
    }
}

/// Sorts a list (stable; nulls first ascending, last descending) for `sort asc|desc`.
pub fn sort(v: &Value, descending: bool) -> Result<Value> {
    let Some(l) = items(v, "Sort")? else {
        return Ok(Value::Null);
    };
    let mut out = l.to_vec();
    out.sort_by(|a, b| {
        let o = sort_cmp(a, b);
        if descending {
            o.reverse()
        } else {
            o
        }
    });
    Ok(Value::list(out))
}

/// `Length(list)` (Appendix B "Length" for lists): 0 for null.
pub fn length(v: &Value) -> Result<Value> {
    Ok(Value::Integer(
        items(v, "Length")?.map_or(0, |l| l.len() as i32),
    ))
}
