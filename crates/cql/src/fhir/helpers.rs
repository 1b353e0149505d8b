//! Our FHIRHelpers equivalent (FHIRHelpers 4.0.1, CQL 1.5 §5.? "implicit conversions"):
//! FHIR JSON elements become CQL values when they are read, and FHIR complex types
//! become System types when a System operator uses them.
//!
//! - Primitives are converted as they are read: `dateTime`/`instant` -> DateTime (with
//!   the precision written; without an offset the request's offset), `date` -> Date,
//!   `time` -> Time, `string`/`code`/`uri`/`id`/... -> String, `boolean`, `integer`,
//!   `decimal` (exact, from the JSON number text).
//! - Complex elements stay FHIR values ([`Value::Resource`] with their type name) so paths
//!   such as `performed.start` keep working; [`to_system`] converts them where a System
//!   operator needs them: Period -> Interval<DateTime>, Coding -> Code,
//!   CodeableConcept -> Concept, Quantity (and Age, Duration, ...) -> Quantity,
//!   Range -> Interval<Quantity>, Ratio -> Ratio.

use super::model;
use std::sync::Arc;
use ww_cql_value::{literal, Code, Concept, Decimal, Quantity, Ratio, Resource, Value};

/// Converts one FHIR JSON element of FHIR type `ty` (not an array) to a value.
pub fn element_value(json: &serde_json::Value, ty: &str, offset: i32) -> Value {
    if json.is_null() {
        return Value::Null;
    }
    match ty {
        "boolean" => json.as_bool().map_or(Value::Null, Value::Boolean),
        "integer" | "positiveInt" | "unsignedInt" => json
            .as_i64()
            .and_then(|i| i32::try_from(i).ok())
            .map_or(Value::Null, Value::Integer),
        "decimal" => number_value(json),
        "dateTime" | "instant" => json
            .as_str()
            .and_then(|s| literal::parse_iso_datetime(s, offset))
            .map_or(Value::Null, Value::DateTime),
        "date" => json
            .as_str()
            .and_then(literal::parse_iso_date)
            .map_or(Value::Null, Value::Date),
        "time" => json
            .as_str()
            .and_then(literal::parse_iso_time)
            .map_or(Value::Null, Value::Time),
        t if model::is_primitive(t) => json.as_str().map_or(Value::Null, Value::string),
        _ => resource_value(ty, json),
    }
}

/// Wraps JSON as a FHIR value of type `ty`.
pub fn resource_value(ty: &str, json: &serde_json::Value) -> Value {
    Value::Resource(Arc::new(Resource {
        type_name: ty.to_string(),
        json: Arc::new(json.clone()),
    }))
}

/// Wraps a shared resource JSON (its `resourceType` names the type).
pub fn resource_from_arc(json: Arc<serde_json::Value>) -> Value {
    let ty = json
        .get("resourceType")
        .and_then(|t| t.as_str())
        .unwrap_or("Resource")
        .to_string();
    Value::Resource(Arc::new(Resource {
        type_name: ty,
        json,
    }))
}

fn number_value(json: &serde_json::Value) -> Value {
    match json {
        serde_json::Value::Number(n) => {
            Decimal::parse(&n.to_string()).map_or(Value::Null, Value::Decimal)
        }
        serde_json::Value::String(s) => Decimal::parse(s).map_or(Value::Null, Value::Decimal),
        _ => Value::Null,
    }
}

/// Reads element `name` of a FHIR value: model-typed when the element is known
/// (choice elements pick the key that is present), otherwise by the JSON's shape.
/// Repeating elements give a List; an absent element gives null (or `{}` when it
/// repeats, as FHIRPath does).
pub fn member(res: &Resource, name: &str, offset: i32) -> Value {
    let json = &*res.json;
    if let Some(el) = model::element(&res.type_name, name) {
        let (key, ty) = if el.is_choice() {
            match el
                .types
                .iter()
                .map(|t| (model::choice_key(name, t), *t))
                .find(|(k, _)| json.get(k).is_some())
            {
                Some(found) => found,
                None => return Value::Null,
            }
        } else {
            (name.to_string(), el.types[0])
        };
        let Some(v) = json.get(&key) else {
            return if el.many {
                Value::list(Vec::new())
            } else {
                Value::Null
            };
        };
        return match v {
            serde_json::Value::Array(items) => {
                Value::list(items.iter().map(|i| element_value(i, ty, offset)).collect())
            }
            other => element_value(other, ty, offset),
        };
    }
    match json.get(name) {
        Some(v) => untyped_value(v),
        None => choice_by_prefix(json, name, offset),
    }
}

/// An element of an unknown type: look for `name<Type>` keys (choice elements).
fn choice_by_prefix(json: &serde_json::Value, name: &str, offset: i32) -> Value {
    let Some(obj) = json.as_object() else {
        return Value::Null;
    };
    for (k, v) in obj {
        if let Some(rest) = k.strip_prefix(name) {
            if rest.starts_with(|c: char| c.is_ascii_uppercase()) {
                let ty = if model::is_primitive(&lower_first(rest)) {
                    lower_first(rest)
                } else {
                    rest.to_string()
                };
                return element_value(v, &ty, offset);
            }
        }
    }
    Value::Null
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A JSON value of unknown FHIR type, converted by its shape (strings stay strings).
fn untyped_value(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Boolean(*b),
        serde_json::Value::Number(n) => match n.as_i64().and_then(|i| i32::try_from(i).ok()) {
            Some(i) if !n.to_string().contains('.') => Value::Integer(i),
            _ => number_value(v),
        },
        serde_json::Value::String(s) => Value::string(s),
        serde_json::Value::Array(items) => Value::list(items.iter().map(untyped_value).collect()),
        serde_json::Value::Object(_) => {
            let ty = guess_complex_type(v);
            resource_value(ty, v)
        }
    }
}

/// The most likely FHIR complex type of an object found under an unknown element.
fn guess_complex_type(v: &serde_json::Value) -> &'static str {
    if v.get("coding").is_some() {
        "CodeableConcept"
    } else if v.get("code").is_some() && v.get("system").is_some() && v.get("value").is_none() {
        "Coding"
    } else if v.get("value").is_some() && (v.get("unit").is_some() || v.get("code").is_some()) {
        "Quantity"
    } else if v.get("start").is_some() || v.get("end").is_some() {
        "Period"
    } else if v.get("reference").is_some() {
        "Reference"
    } else {
        "BackboneElement"
    }
}

/// Converts a FHIR complex value to its System equivalent (FHIRHelpers `ToInterval`,
/// `ToCode`, `ToConcept`, `ToQuantity`, `ToRatio`); anything else is returned unchanged.
/// Lists are converted element-wise.
pub fn to_system(v: &Value, offset: i32) -> Value {
    match v {
        Value::Resource(r) => convert_resource(r, offset).unwrap_or_else(|| v.clone()),
        Value::List(items) if items.iter().any(|i| matches!(i, Value::Resource(_))) => {
            Value::list(items.iter().map(|i| to_system(i, offset)).collect())
        }
        _ => v.clone(),
    }
}

fn convert_resource(r: &Resource, offset: i32) -> Option<Value> {
    let j = &*r.json;
    Some(match r.type_name.as_str() {
        "Coding" => Value::Code(Arc::new(coding(j))),
        "CodeableConcept" => Value::Concept(Arc::new(Concept {
            codes: j
                .get("coding")
                .and_then(|c| c.as_array())
                .map(|cs| cs.iter().map(coding).collect())
                .unwrap_or_default(),
            display: str_of(j, "text"),
        })),
        "Period" => {
            let start = j
                .get("start")
                .map_or(Value::Null, |s| element_value(s, "dateTime", offset));
            let end = j
                .get("end")
                .map_or(Value::Null, |s| element_value(s, "dateTime", offset));
            if start.is_null() && end.is_null() {
                return Some(Value::Null);
            }
            Value::interval(start, true, end, true)
        }
        "Quantity" | "Age" | "Duration" | "Distance" | "Count" | "SimpleQuantity"
        | "MoneyQuantity" => quantity(j).map_or(Value::Null, Value::Quantity),
        "Range" => {
            let low = j
                .get("low")
                .and_then(quantity)
                .map_or(Value::Null, Value::Quantity);
            let high = j
                .get("high")
                .and_then(quantity)
                .map_or(Value::Null, Value::Quantity);
            Value::interval(low, true, high, true)
        }
        "Ratio" => match (
            j.get("numerator").and_then(quantity),
            j.get("denominator").and_then(quantity),
        ) {
            (Some(numerator), Some(denominator)) => Value::Ratio(Arc::new(Ratio {
                numerator,
                denominator,
            })),
            _ => Value::Null,
        },
        _ => return None,
    })
}

fn str_of(j: &serde_json::Value, key: &str) -> Option<String> {
    j.get(key).and_then(|v| v.as_str()).map(str::to_string)
}

fn coding(j: &serde_json::Value) -> Code {
    Code {
        code: str_of(j, "code"),
        system: str_of(j, "system"),
        version: str_of(j, "version"),
        display: str_of(j, "display"),
    }
}

fn quantity(j: &serde_json::Value) -> Option<Quantity> {
    let value = match number_value(j.get("value")?) {
        Value::Decimal(d) => d,
        _ => return None,
    };
    let unit = str_of(j, "code")
        .or_else(|| str_of(j, "unit"))
        .unwrap_or_else(|| "1".to_string());
    Some(Quantity::new(value, &unit))
}

/// The codes a retrieve's code path holds, for filtering: Coding, CodeableConcept, code
/// strings and lists of them, as `(system, code)` pairs.
pub fn codes_of(v: &Value) -> Vec<(Option<String>, String)> {
    let mut out = Vec::new();
    collect_codes(v, &mut out);
    out
}

fn collect_codes(v: &Value, out: &mut Vec<(Option<String>, String)>) {
    match v {
        Value::List(items) => items.iter().for_each(|i| collect_codes(i, out)),
        Value::String(s) => out.push((None, s.to_string())),
        Value::Code(c) => out.extend(c.code.clone().map(|k| (c.system.clone(), k))),
        Value::Concept(c) => out.extend(
            c.codes
                .iter()
                .filter_map(|k| k.code.clone().map(|code| (k.system.clone(), code))),
        ),
        Value::Resource(_) => collect_codes(&to_system(v, 0), out),
        _ => {}
    }
}

/// True when a value is of FHIR type `name` (`is FHIR.dateTime`, `is Period`): FHIR
/// values by their type name, converted primitives by their System type.
pub fn is_fhir_type(v: &Value, name: &str) -> bool {
    match v {
        Value::Resource(r) => {
            r.type_name == name
                || (name == "Quantity"
                    && matches!(
                        r.type_name.as_str(),
                        "Age" | "Duration" | "Distance" | "Count" | "SimpleQuantity"
                    ))
                || (matches!(name, "Resource" | "DomainResource")
                    && model::is_resource(&r.type_name))
        }
        Value::Boolean(_) => name == "boolean",
        Value::Integer(_) => matches!(name, "integer" | "positiveInt" | "unsignedInt"),
        Value::Decimal(_) => name == "decimal",
        Value::String(_) => matches!(
            name,
            "string"
                | "code"
                | "uri"
                | "url"
                | "canonical"
                | "id"
                | "markdown"
                | "oid"
                | "uuid"
                | "base64Binary"
        ),
        Value::DateTime(_) => matches!(name, "dateTime" | "instant"),
        Value::Date(_) => name == "date",
        Value::Time(_) => name == "time",
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn res(ty: &str, j: serde_json::Value) -> Resource {
        Resource {
            type_name: ty.into(),
            json: Arc::new(j),
        }
    }

    #[test]
    fn choice_element_and_primitive_conversion() {
        let p = res(
            "Procedure",
            json!({"resourceType": "Procedure", "performedDateTime": "2024-03-01T10:00:00Z"}),
        );
        let v = member(&p, "performed", 0);
        assert_eq!(v.to_cql_literal(), "@2024-03-01T10:00:00+00:00");
        let p2 = res(
            "Procedure",
            json!({"performedPeriod": {"start": "2024-03-01", "end": "2024-03-02"}}),
        );
        let per = member(&p2, "performed", 0);
        assert!(is_fhir_type(&per, "Period"));
        assert_eq!(
            to_system(&per, 0).to_cql_literal(),
            "Interval[@2024-03-01T+00:00, @2024-03-02T+00:00]"
        );
    }

    #[test]
    fn codeable_concept_to_concept_and_codes() {
        let o = res(
            "Observation",
            json!({"code": {"coding": [{"system": "http://loinc.org", "code": "1-8"}]}}),
        );
        let c = member(&o, "code", 0);
        assert_eq!(
            codes_of(&c),
            vec![(Some("http://loinc.org".to_string()), "1-8".to_string())]
        );
        let absent = member(&o, "category", 0);
        assert_eq!(absent.to_cql_literal(), "{}");
    }
}
