//! Logical operators with three-valued logic (Appendix B "Logical Operators") and the
//! nullological operators (Appendix B "Nullological Operators").

use crate::error::{EvalError, Result};
use crate::value::Value;

fn tri(v: &Value, op: &str) -> Result<Option<bool>> {
    match v {
        Value::Null => Ok(None),
        Value::Boolean(b) => Ok(Some(*b)),
        other => Err(EvalError::operands(op, &[other])),
    }
}

fn out(o: Option<bool>) -> Value {
    o.map_or(Value::Null, Value::Boolean)
}

/// `and`: false if either is false, else null if either is null.
pub fn and(a: &Value, b: &Value) -> Result<Value> {
    Ok(out(match (tri(a, "And")?, tri(b, "And")?) {
        (Some(false), _) | (_, Some(false)) => Some(false),
        (Some(true), Some(true)) => Some(true),
        _ => None,
    }))
}

/// `or`: true if either is true, else null if either is null.
pub fn or(a: &Value, b: &Value) -> Result<Value> {
    Ok(out(match (tri(a, "Or")?, tri(b, "Or")?) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    }))
}

/// `xor`: null if either is null.
pub fn xor(a: &Value, b: &Value) -> Result<Value> {
    Ok(out(match (tri(a, "Xor")?, tri(b, "Xor")?) {
        (Some(x), Some(y)) => Some(x != y),
        _ => None,
    }))
}

/// `implies`: true if a is false or b is true.
pub fn implies(a: &Value, b: &Value) -> Result<Value> {
    Ok(out(match (tri(a, "Implies")?, tri(b, "Implies")?) {
        (Some(false), _) | (_, Some(true)) => Some(true),
        (Some(true), Some(false)) => Some(false),
        _ => None,
    }))
}

/// `not`.
pub fn not(a: &Value) -> Result<Value> {
    Ok(out(tri(a, "Not")?.map(|b| !b)))
}

/// `IsNull(x)` / `x is null`.
pub fn is_null(a: &Value) -> Value {
    Value::Boolean(a.is_null())
}

/// `IsTrue(x)` / `x is true`.
pub fn is_true(a: &Value) -> Value {
    Value::Boolean(matches!(a, Value::Boolean(true)))
}

/// `IsFalse(x)` / `x is false`.
pub fn is_false(a: &Value) -> Value {
    Value::Boolean(matches!(a, Value::Boolean(false)))
}

/// `Coalesce(a, b, ...)`: the first non-null argument; a single List argument is
/// searched element-wise.
pub fn coalesce(args: &[Value]) -> Value {
    if let [Value::List(l)] = args {
        return l
            .iter()
            .find(|v| !v.is_null())
            .cloned()
            .unwrap_or(Value::Null);
    }
    args.iter()
        .find(|v| !v.is_null())
        .cloned()
        .unwrap_or(Value::Null)
}

/// `Message(source, condition, code, severity, message)` (Appendix B "Message"): returns
/// `source`; with condition true and severity `Error` it raises an error carrying the
/// code and message (other severities are for the host to log, see [`message_text`]).
pub fn message(
    source: &Value,
    condition: &Value,
    code: &Value,
    severity: &Value,
    text: &Value,
) -> Result<Value> {
    if condition.as_bool() == Some(true)
        && severity
            .as_str()
            .is_some_and(|s| s.eq_ignore_ascii_case("error"))
    {
        return Err(EvalError::Message {
            source_text: source.to_cql_literal(),
            code: code.as_str().unwrap_or("").to_string(),
            message: text.as_str().unwrap_or("").to_string(),
        });
    }
    Ok(source.clone())
}

/// The log line for a non-error `Message` whose condition holds, `None` otherwise.
pub fn message_text(
    condition: &Value,
    code: &Value,
    severity: &Value,
    text: &Value,
) -> Option<String> {
    (condition.as_bool() == Some(true)).then(|| {
        format!(
            "{}: {}: {}",
            severity.as_str().unwrap_or("Message"),
            code.as_str().unwrap_or(""),
            text.as_str().unwrap_or("")
        )
    })
}
