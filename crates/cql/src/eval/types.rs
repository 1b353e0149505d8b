//! Type operators and selectors: `is`, `as`, `cast`, `convert` (Appendix B "Type
//! operators"), property access on tuples, System structured values and FHIR JSON,
//! and the Code/Concept/Quantity/Ratio/Interval instance selectors.

use super::{err, EvalResult};
use crate::compile::{code_system_value, value_set_value};
use crate::fhir::helpers;
use crate::ir::TypeSpec;
use std::sync::Arc;
use ww_cql_value::{convert, Code, Concept, Decimal, Quantity, Ratio, Value, ValueType};

/// True when a non-null value is of type `t` (FHIR values are converted to their
/// System equivalents for System types: a Period is an `Interval<DateTime>`).
pub fn matches(v: &Value, t: &TypeSpec, off: i32) -> bool {
    match t {
        TypeSpec::Any => true,
        TypeSpec::System(ValueType::Named(n))
            if matches!(n.as_str(), "Vocabulary" | "ValueSet" | "CodeSystem") =>
        {
            matches!(v, Value::Resource(r) if r.type_name == *n || (n == "Vocabulary" && matches!(r.type_name.as_str(), "ValueSet" | "CodeSystem")))
        }
        TypeSpec::System(vt) => {
            if let Value::Resource(_) = v {
                let s = helpers::to_system(v, off);
                return !matches!(s, Value::Resource(_)) && matches(&s, t, off);
            }
            match (v, vt) {
                (Value::Interval(_), ValueType::Interval(_))
                | (Value::List(_), ValueType::List(_)) => true,
                _ => v.is_type(vt),
            }
        }
        TypeSpec::Fhir(name) => helpers::is_fhir_type(v, name),
        TypeSpec::List(e) => match v {
            Value::List(items) => items.iter().all(|i| i.is_null() || matches(i, e, off)),
            _ => false,
        },
        TypeSpec::Interval(e) => match v {
            Value::Interval(i) => {
                let p = if i.low.is_null() { &i.high } else { &i.low };
                p.is_null() || matches(p, e, off)
            }
            Value::Resource(r) if matches!(r.type_name.as_str(), "Period" | "Range") => {
                matches(&helpers::to_system(v, off), t, off)
            }
            _ => false,
        },
        TypeSpec::Tuple(els) => match v {
            Value::Tuple(tu) => els
                .iter()
                .all(|(n, et)| tu.get(n).is_none_or(|x| x.is_null() || matches(x, et, off))),
            _ => false,
        },
        TypeSpec::Choice(ts) => ts.iter().any(|x| matches(v, x, off)),
    }
}

fn wants_system(t: &TypeSpec) -> bool {
    match t {
        TypeSpec::System(_) => true,
        TypeSpec::Interval(e) | TypeSpec::List(e) => wants_system(e),
        _ => false,
    }
}

/// `as` / `cast`: the value when it is of the type (converted FHIR -> System when a
/// System type is asked for), otherwise null (`as`) or an error (`cast`).
pub fn cast(v: Value, t: &TypeSpec, strict: bool, off: i32) -> EvalResult {
    if v.is_null() {
        return Ok(Value::Null);
    }
    if matches(&v, t, off) {
        return Ok(if wants_system(t) {
            helpers::to_system(&v, off)
        } else {
            v
        });
    }
    if strict {
        Err(err(format!(
            "cannot cast a {} value as {t:?}",
            v.type_name()
        )))
    } else {
        Ok(Value::Null)
    }
}

/// Converts a function argument to the operand's declared System type when it is a
/// FHIR value (the implicit FHIRHelpers conversion at a call boundary).
pub fn coerce_arg(v: Value, t: &TypeSpec, off: i32) -> Value {
    if wants_system(t) && matches!(v, Value::Resource(_) | Value::List(_)) {
        helpers::to_system(&v, off)
    } else {
        v
    }
}

/// `convert X to T`.
pub fn convert(v: &Value, t: &TypeSpec, off: i32) -> EvalResult {
    let v = helpers::to_system(v, off);
    match t {
        TypeSpec::System(vt) => convert::convert_to(&v, vt, off),
        TypeSpec::Any => Ok(v),
        other => Err(err(format!("cannot convert to {other:?}"))),
    }
}

/// Property access `X.name` (CQL 1.5 §2.8 "Properties"; on lists, the flattened
/// properties of the elements, as for FHIR paths).
pub fn member(v: &Value, name: &str, off: i32) -> EvalResult {
    Ok(match v {
        Value::Null => Value::Null,
        Value::Tuple(t) => t.get(name).cloned().unwrap_or(Value::Null),
        Value::Resource(r) => helpers::member(r, name, off),
        Value::List(items) => {
            let mut out = Vec::new();
            for i in items.iter() {
                match member(i, name, off)? {
                    Value::Null => {}
                    Value::List(inner) => out.extend(inner.iter().cloned()),
                    x => out.push(x),
                }
            }
            Value::list(out)
        }
        Value::Interval(i) => match name {
            "low" => i.low.clone(),
            "high" => i.high.clone(),
            "lowClosed" => Value::Boolean(i.low_closed),
            "highClosed" => Value::Boolean(i.high_closed),
            _ => return Err(no_member(v, name)),
        },
        Value::Code(c) => match name {
            "code" => opt(&c.code),
            "system" => opt(&c.system),
            "version" => opt(&c.version),
            "display" => opt(&c.display),
            _ => return Err(no_member(v, name)),
        },
        Value::Concept(c) => match name {
            "codes" => Value::list(
                c.codes
                    .iter()
                    .map(|k| Value::Code(Arc::new(k.clone())))
                    .collect(),
            ),
            "display" => opt(&c.display),
            _ => return Err(no_member(v, name)),
        },
        Value::Quantity(q) => match name {
            "value" => Value::Decimal(q.value),
            "unit" => Value::string(&*q.unit),
            _ => return Err(no_member(v, name)),
        },
        Value::Ratio(r) => match name {
            "numerator" => Value::Quantity(r.numerator.clone()),
            "denominator" => Value::Quantity(r.denominator.clone()),
            _ => return Err(no_member(v, name)),
        },
        _ if name == "value" => v.clone(),
        _ => return Err(no_member(v, name)),
    })
}

fn opt(s: &Option<String>) -> Value {
    s.as_deref().map_or(Value::Null, Value::string)
}

fn no_member(v: &Value, name: &str) -> ww_cql_value::EvalError {
    err(format!(
        "a {} value has no property '{name}'",
        v.type_name()
    ))
}

fn str_el(vals: &[(&str, Value)], name: &str) -> Option<String> {
    vals.iter()
        .find(|(n, _)| *n == name)
        .and_then(|(_, v)| v.as_str().map(str::to_string))
}

fn el<'v>(vals: &'v [(&str, Value)], name: &str) -> Option<&'v Value> {
    vals.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
}

fn code_of(v: &Value) -> Option<Code> {
    match v {
        Value::Code(c) => Some((**c).clone()),
        _ => None,
    }
}

/// An instance selector `Name { element: value, ... }`.
pub fn instance(name: &str, vals: Vec<(&str, Value)>) -> EvalResult {
    Ok(match name {
        "Code" => {
            let system = match el(&vals, "system") {
                Some(Value::Resource(r)) => r
                    .json
                    .get("url")
                    .and_then(|u| u.as_str())
                    .map(str::to_string),
                Some(v) => v.as_str().map(str::to_string),
                None => None,
            };
            let version = match el(&vals, "system") {
                Some(Value::Resource(r)) => r
                    .json
                    .get("version")
                    .and_then(|u| u.as_str())
                    .map(str::to_string),
                _ => None,
            }
            .or_else(|| str_el(&vals, "version"));
            Value::Code(Arc::new(Code {
                code: str_el(&vals, "code"),
                system,
                version,
                display: str_el(&vals, "display"),
            }))
        }
        "Concept" => {
            let codes = match el(&vals, "codes") {
                Some(Value::List(l)) => l.iter().filter_map(code_of).collect(),
                Some(v) => code_of(v).into_iter().collect(),
                None => Vec::new(),
            };
            Value::Concept(Arc::new(Concept {
                codes,
                display: str_el(&vals, "display"),
            }))
        }
        "Quantity" => {
            let value = match el(&vals, "value") {
                Some(Value::Decimal(d)) => *d,
                Some(Value::Integer(i)) => Decimal::from_i64(i64::from(*i)),
                Some(Value::Long(i)) => Decimal::from_i64(*i),
                Some(Value::Null) | None => return Ok(Value::Null),
                Some(other) => {
                    return Err(err(format!(
                        "Quantity value must be a number, not {}",
                        other.type_name()
                    )))
                }
            };
            let unit = str_el(&vals, "unit").unwrap_or_else(|| "1".into());
            Value::Quantity(Quantity::new(value, &unit))
        }
        "Ratio" => match (el(&vals, "numerator"), el(&vals, "denominator")) {
            (Some(Value::Quantity(n)), Some(Value::Quantity(d))) => Value::Ratio(Arc::new(Ratio {
                numerator: n.clone(),
                denominator: d.clone(),
            })),
            _ => Value::Null,
        },
        "Interval" => {
            let b = |n: &str, d: bool| el(&vals, n).and_then(Value::as_bool).unwrap_or(d);
            interval(
                el(&vals, "low").cloned().unwrap_or(Value::Null),
                b("lowClosed", true),
                el(&vals, "high").cloned().unwrap_or(Value::Null),
                b("highClosed", true),
            )?
        }
        "ValueSet" => value_set_value(
            &str_el(&vals, "id").unwrap_or_default(),
            str_el(&vals, "version").as_deref(),
        ),
        "CodeSystem" => code_system_value(
            &str_el(&vals, "id").unwrap_or_default(),
            str_el(&vals, "version").as_deref(),
        ),
        _ => Value::tuple(vals.into_iter().map(|(n, v)| (n.to_string(), v)).collect()),
    })
}

/// An interval selector: bounds must be of one point type (Integer bounds with a
/// Decimal bound are promoted), and the low bound may not exceed the high bound.
pub fn interval(low: Value, lc: bool, high: Value, hc: bool) -> EvalResult {
    let (low, high) = match (&low, &high) {
        (Value::Integer(a), Value::Decimal(_)) => {
            (Value::Decimal(Decimal::from_i64(i64::from(*a))), high)
        }
        (Value::Decimal(_), Value::Integer(b)) => (
            low.clone(),
            Value::Decimal(Decimal::from_i64(i64::from(*b))),
        ),
        _ => (low, high),
    };
    if !low.is_null() && !high.is_null() {
        if std::mem::discriminant(&low) != std::mem::discriminant(&high) {
            return Err(err(format!(
                "interval bounds have different types ({} and {})",
                low.type_name(),
                high.type_name()
            )));
        }
        let order = ww_cql_value::compare::compare(&low, &high);
        if matches!(order, Ok(Some(std::cmp::Ordering::Equal))) && !(lc && hc) {
            return Err(err(format!(
                "invalid interval: bounds {} are equal but not both closed, so it holds no point",
                low.to_cql_literal()
            )));
        }
        if let Ok(Some(std::cmp::Ordering::Greater)) = order {
            return Err(err(format!(
                "invalid interval: low bound {} is greater than high bound {}",
                low.to_cql_literal(),
                high.to_cql_literal()
            )));
        }
    }
    Ok(Value::interval(low, lc, high, hc))
}
