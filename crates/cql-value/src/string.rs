//! String operators (Appendix B "String Operators"): Concatenate (`+`, `&`), Combine,
//! Split, SplitOnMatches, Length, Upper, Lower, Indexer, PositionOf, LastPositionOf,
//! Substring, StartsWith, EndsWith, Matches, ReplaceMatches. Positions are 0-based and
//! count characters (Unicode scalar values).

use regex::Regex;

use crate::error::{EvalError, Result};
use crate::value::Value;

fn s<'a>(v: &'a Value, op: &str) -> Result<Option<&'a str>> {
    match v {
        Value::Null => Ok(None),
        Value::String(x) => Ok(Some(x)),
        other => Err(EvalError::operands(op, &[other])),
    }
}

/// `Concatenate(a, b)` / `a + b` on strings: null if either is null.
pub fn concatenate(a: &Value, b: &Value) -> Result<Value> {
    match (s(a, "Concatenate")?, s(b, "Concatenate")?) {
        (Some(x), Some(y)) => Ok(Value::string(format!("{x}{y}"))),
        _ => Ok(Value::Null),
    }
}

/// `a & b`: concatenation treating null as the empty string.
pub fn concatenate_amp(a: &Value, b: &Value) -> Result<Value> {
    let x = s(a, "Concatenate")?.unwrap_or("");
    let y = s(b, "Concatenate")?.unwrap_or("");
    Ok(Value::string(format!("{x}{y}")))
}

/// `Combine(list[, separator])`: joins the non-null strings; null for a null list.
pub fn combine(list: &Value, sep: &Value) -> Result<Value> {
    let l = match list {
        Value::Null => return Ok(Value::Null),
        Value::List(l) => l,
        other => return Err(EvalError::operands("Combine", &[other])),
    };
    let sep = s(sep, "Combine")?.unwrap_or("");
    let parts: Vec<&str> = l.iter().filter_map(|v| v.as_str()).collect();
    if parts.is_empty() {
        return Ok(Value::Null);
    }
    Ok(Value::string(parts.join(sep)))
}

/// `Split(string, separator)`: null string gives null; a null separator gives the
/// whole string as one element.
pub fn split(v: &Value, sep: &Value) -> Result<Value> {
    let Some(x) = s(v, "Split")? else {
        return Ok(Value::Null);
    };
    let parts: Vec<Value> = match s(sep, "Split")? {
        None | Some("") => vec![Value::string(x)],
        Some(p) => x.split(p).map(Value::string).collect(),
    };
    Ok(Value::list(parts))
}

fn regex(pattern: &str, full: bool) -> Result<Regex> {
    let p = if full {
        format!("^(?s:{pattern})$")
    } else {
        pattern.to_string()
    };
    Regex::new(&p).map_err(|e| {
        EvalError::InvalidArgument(format!("invalid regular expression {pattern:?}: {e}"))
    })
}

/// `SplitOnMatches(string, regex)`.
pub fn split_on_matches(v: &Value, pattern: &Value) -> Result<Value> {
    let (Some(x), Some(p)) = (s(v, "SplitOnMatches")?, s(pattern, "SplitOnMatches")?) else {
        return Ok(Value::Null);
    };
    let r = regex(p, false)?;
    Ok(Value::list(r.split(x).map(Value::string).collect()))
}

/// `Length(string)`: characters; null for null.
pub fn length(v: &Value) -> Result<Value> {
    Ok(s(v, "Length")?.map_or(Value::Null, |x| Value::Integer(x.chars().count() as i32)))
}

/// `Upper(string)`.
pub fn upper(v: &Value) -> Result<Value> {
    Ok(s(v, "Upper")?.map_or(Value::Null, |x| Value::string(x.to_uppercase())))
}

/// `Lower(string)`.
pub fn lower(v: &Value) -> Result<Value> {
    Ok(s(v, "Lower")?.map_or(Value::Null, |x| Value::string(x.to_lowercase())))
}

/// `Indexer(string, i)` / `s[i]`: the character at i, null out of range.
pub fn indexer(v: &Value, i: &Value) -> Result<Value> {
    let Some(x) = s(v, "Indexer")? else {
        return Ok(Value::Null);
    };
    let Value::Integer(i) = i else {
        return Ok(Value::Null);
    };
    Ok(usize::try_from(*i)
        .ok()
        .and_then(|i| x.chars().nth(i))
        .map_or(Value::Null, |c| Value::string(c.to_string())))
}

fn char_pos(hay: &str, byte: usize) -> i32 {
    hay[..byte].chars().count() as i32
}

/// `PositionOf(pattern, string)`: 0-based first position, -1 when absent.
pub fn position_of(pattern: &Value, v: &Value) -> Result<Value> {
    let (Some(p), Some(x)) = (s(pattern, "PositionOf")?, s(v, "PositionOf")?) else {
        return Ok(Value::Null);
    };
    Ok(Value::Integer(x.find(p).map_or(-1, |b| char_pos(x, b))))
}

/// `LastPositionOf(pattern, string)`.
pub fn last_position_of(pattern: &Value, v: &Value) -> Result<Value> {
    let (Some(p), Some(x)) = (s(pattern, "LastPositionOf")?, s(v, "LastPositionOf")?) else {
        return Ok(Value::Null);
    };
    Ok(Value::Integer(x.rfind(p).map_or(-1, |b| char_pos(x, b))))
}

/// `Substring(string, start[, length])`: null when start is outside the string.
pub fn substring(v: &Value, start: &Value, len: &Value) -> Result<Value> {
    let Some(x) = s(v, "Substring")? else {
        return Ok(Value::Null);
    };
    let Value::Integer(st) = start else {
        return Ok(Value::Null);
    };
    let chars: Vec<char> = x.chars().collect();
    if *st < 0 || *st as usize > chars.len() || (*st as usize == chars.len() && !chars.is_empty()) {
        return Ok(Value::Null);
    }
    let st = *st as usize;
    let end = match len {
        Value::Integer(l) if *l < 0 => return Ok(Value::Null),
        Value::Integer(l) => (st + *l as usize).min(chars.len()),
        _ => chars.len(),
    };
    Ok(Value::string(chars[st..end].iter().collect::<String>()))
}

/// `StartsWith(string, prefix)`.
pub fn starts_with(v: &Value, p: &Value) -> Result<Value> {
    match (s(v, "StartsWith")?, s(p, "StartsWith")?) {
        (Some(x), Some(p)) => Ok(Value::Boolean(x.starts_with(p))),
        _ => Ok(Value::Null),
    }
}

/// `EndsWith(string, suffix)`.
pub fn ends_with(v: &Value, p: &Value) -> Result<Value> {
    match (s(v, "EndsWith")?, s(p, "EndsWith")?) {
        (Some(x), Some(p)) => Ok(Value::Boolean(x.ends_with(p))),
        _ => Ok(Value::Null),
    }
}

/// `Matches(string, regex)`: whether the whole string matches.
pub fn matches(v: &Value, pattern: &Value) -> Result<Value> {
    match (s(v, "Matches")?, s(pattern, "Matches")?) {
        (Some(x), Some(p)) => Ok(Value::Boolean(regex(p, true)?.is_match(x))),
        _ => Ok(Value::Null),
    }
}

/// Translates a Java-style replacement (`\$` literal dollar, `$1` group) into the
/// `regex` crate's syntax (`$$`, `${1}`).
fn java_replacement(r: &str) -> String {
    let mut out = String::new();
    let mut chars = r.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('$') => out.push_str("$$"),
                Some(other) => out.push(other),
                None => out.push('\\'),
            },
            '$' => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                if digits.is_empty() {
                    out.push_str("$$");
                } else {
                    out.push_str(&format!("${{{digits}}}"));
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// `ReplaceMatches(string, regex, substitution)`: every match replaced (`$1` refers to a
/// group).
pub fn replace_matches(v: &Value, pattern: &Value, sub: &Value) -> Result<Value> {
    match (
        s(v, "ReplaceMatches")?,
        s(pattern, "ReplaceMatches")?,
        s(sub, "ReplaceMatches")?,
    ) {
        (Some(x), Some(p), Some(r)) => Ok(Value::string(
            regex(p, false)?.replace_all(x, java_replacement(r).as_str()),
        )),
        _ => Ok(Value::Null),
    }
}
