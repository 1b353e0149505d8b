//! The CQL type lattice the checker works with (CQL 1.5 §1.4 "Types", §2.1 "Type
//! specifiers", §3.1 "Type system" and §5.6 / §9.? "Type conversions"): System types,
//! `List<T>`, `Interval<T>`, tuples, choices, FHIR R4 types (resources, complex types
//! and primitives) and `Any`, with the implicit conversions the translator applies when
//! it resolves an operator call.
//!
//! Implicit conversions (CQL 1.5 §3.9 "Implicit Conversions" table): Integer -> Long ->
//! Decimal, Integer / Decimal -> Quantity, Date -> DateTime, Code -> Concept, FHIR
//! primitives and the FHIR complex types FHIRHelpers maps (Coding, CodeableConcept,
//! Quantity and its profiles, Period, Range, Ratio) to their System types; these apply
//! element-wise inside `List<T>` and `Interval<T>`. List promotion and demotion are off.

use std::fmt;

/// A static CQL type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Type {
    /// Unknown: anything may be there; never an error (unsupported constructs and
    /// unresolved names are typed `Any`).
    Any,
    /// The type of the `null` literal: converts to every type, and unifies with any.
    Null,
    /// `System.Boolean`.
    Boolean,
    /// `System.Integer` (32-bit).
    Integer,
    /// `System.Long` (64-bit).
    Long,
    /// `System.Decimal`.
    Decimal,
    /// `System.String`.
    String,
    /// `System.Date`.
    Date,
    /// `System.DateTime`.
    DateTime,
    /// `System.Time`.
    Time,
    /// `System.Quantity`.
    Quantity,
    /// `System.Ratio`.
    Ratio,
    /// `System.Code`.
    Code,
    /// `System.Concept`.
    Concept,
    /// `System.ValueSet` (a `valueset` declaration).
    ValueSet,
    /// `System.CodeSystem` (a `codesystem` declaration).
    CodeSystem,
    /// `List<T>`.
    List(Box<Type>),
    /// `Interval<T>`.
    Interval(Box<Type>),
    /// `Tuple { name T, ... }` in declaration order.
    Tuple(Vec<(String, Type)>),
    /// `Choice<A, B, ...>` (e.g. a FHIR choice element such as `Procedure.performed`).
    Choice(Vec<Type>),
    /// A FHIR R4 type by its FHIR name: primitives in lower case (`dateTime`, `code`),
    /// complex types and resources capitalised (`Period`, `Procedure`).
    Fhir(String),
}

impl Type {
    /// `List<t>`.
    pub fn list(t: Type) -> Type {
        Type::List(Box::new(t))
    }

    /// `Interval<t>`.
    pub fn interval(t: Type) -> Type {
        Type::Interval(Box::new(t))
    }

    /// True when the type says nothing (`Any` or the type of `null`).
    pub fn is_unknown(&self) -> bool {
        matches!(self, Type::Any | Type::Null)
    }

    /// True when `Any` occurs anywhere inside the type (the result of an operator over
    /// such a type is not trusted for further errors).
    pub fn has_any(&self) -> bool {
        match self {
            Type::Any | Type::Null => true,
            Type::List(t) | Type::Interval(t) => t.has_any(),
            Type::Tuple(els) => els.iter().any(|(_, t)| t.has_any()),
            Type::Choice(ts) => ts.iter().any(Type::has_any),
            _ => false,
        }
    }

    /// The element type of a list, if this is one.
    pub fn list_element(&self) -> Option<&Type> {
        match self {
            Type::List(t) => Some(t),
            _ => None,
        }
    }

    /// The System type a System type name denotes (`Integer`, `System.Integer`).
    pub fn system(name: &str) -> Option<Type> {
        Some(match name {
            "Any" => Type::Any,
            "Boolean" => Type::Boolean,
            "Integer" => Type::Integer,
            "Long" => Type::Long,
            "Decimal" => Type::Decimal,
            "String" => Type::String,
            "Date" => Type::Date,
            "DateTime" => Type::DateTime,
            "Time" => Type::Time,
            "Quantity" => Type::Quantity,
            "Ratio" => Type::Ratio,
            "Code" => Type::Code,
            "Concept" => Type::Concept,
            "ValueSet" => Type::ValueSet,
            "CodeSystem" => Type::CodeSystem,
            "Vocabulary" => Type::Any,
            _ => return None,
        })
    }

    /// True for the types with a total order (comparison operators, `successor of`,
    /// `Min`/`Max`; CQL 1.5 Appendix B "Comparison Operators").
    pub fn is_ordered(&self) -> bool {
        matches!(
            self,
            Type::Integer
                | Type::Long
                | Type::Decimal
                | Type::Quantity
                | Type::Date
                | Type::DateTime
                | Type::Time
                | Type::String
        )
    }
}

impl fmt::Display for Type {
    /// Renders the type as the reference translator names it in messages
    /// (`System.Integer`, `list<System.String>`, `interval<System.DateTime>`,
    /// `FHIR.Procedure`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Any => f.write_str("System.Any"),
            Type::Null => f.write_str("System.Any"),
            Type::List(t) => write!(f, "list<{t}>"),
            Type::Interval(t) => write!(f, "interval<{t}>"),
            Type::Tuple(els) => {
                f.write_str("tuple{")?;
                for (i, (n, t)) in els.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{n}:{t}")?;
                }
                f.write_str("}")
            }
            Type::Choice(ts) => {
                f.write_str("choice<")?;
                for (i, t) in ts.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{t}")?;
                }
                f.write_str(">")
            }
            Type::Fhir(n) => write!(f, "FHIR.{n}"),
            other => write!(f, "System.{other:?}"),
        }
    }
}

/// The System type FHIRHelpers converts a FHIR type to (FHIRHelpers 4.0.1 `ToString`,
/// `ToDateTime`, `ToCode`, `ToConcept`, `ToQuantity`, `ToInterval`, `ToRatio`, ...);
/// `None` for resources and other complex types.
pub fn fhir_to_system(name: &str) -> Option<Type> {
    Some(match name {
        "boolean" => Type::Boolean,
        "integer" | "positiveInt" | "unsignedInt" => Type::Integer,
        "integer64" => Type::Long,
        "decimal" => Type::Decimal,
        "string" | "code" | "uri" | "url" | "canonical" | "id" | "markdown" | "oid" | "uuid"
        | "base64Binary" | "xhtml" => Type::String,
        "dateTime" | "instant" => Type::DateTime,
        "date" => Type::Date,
        "time" => Type::Time,
        "Coding" => Type::Code,
        "CodeableConcept" => Type::Concept,
        "Quantity" | "Age" | "Duration" | "Distance" | "Count" | "SimpleQuantity"
        | "MoneyQuantity" => Type::Quantity,
        "Period" => Type::interval(Type::DateTime),
        "Range" => Type::interval(Type::Quantity),
        "Ratio" => Type::Ratio,
        _ => return None,
    })
}

/// True when FHIR type `sub` is FHIR type `sup` or derives from it (Quantity profiles,
/// every resource from `Resource` / `DomainResource`, every type from `Element`).
pub fn fhir_subtype(sub: &str, sup: &str) -> bool {
    if sub == sup {
        return true;
    }
    let resource = crate::fhir::model::is_resource(sub);
    match sup {
        "Resource" => resource || sub == "DomainResource",
        "DomainResource" => resource && sub != "Bundle",
        "Quantity" => matches!(
            sub,
            "Age" | "Duration" | "Distance" | "Count" | "SimpleQuantity" | "MoneyQuantity"
        ),
        "Element" => !resource,
        "string" => sub == "code" || sub == "markdown" || sub == "id",
        "uri" => matches!(sub, "url" | "canonical" | "oid" | "uuid"),
        "integer" => sub == "positiveInt" || sub == "unsignedInt",
        _ => false,
    }
}

/// The cost of converting a value of type `from` to type `to` implicitly, or `None`
/// when no implicit conversion exists (CQL 1.5 §3.9: exact match 0, subtype 1,
/// compatible (Any / null) 0, implicit conversion to a wider System type 2-3, FHIRHelpers
/// conversion 3, implicit cast out of a choice 4).
pub fn conversion_cost(from: &Type, to: &Type) -> Option<u32> {
    if from == to {
        return Some(0);
    }
    match (from, to) {
        (Type::Any | Type::Null, _) => Some(0),
        (_, Type::Any) => Some(1),
        (Type::Integer, Type::Long) => Some(2),
        (Type::Integer, Type::Decimal) => Some(3),
        (Type::Long, Type::Decimal) => Some(2),
        (Type::Integer | Type::Decimal, Type::Quantity) => Some(4),
        (Type::Date, Type::DateTime) => Some(2),
        (Type::Code, Type::Concept) => Some(2),
        (Type::List(a), Type::List(b)) | (Type::Interval(a), Type::Interval(b)) => {
            conversion_cost(a, b)
        }
        (Type::Tuple(a), Type::Tuple(b)) => {
            if a.len() != b.len() {
                return None;
            }
            let mut total = 0;
            for (n, t) in a {
                let (_, u) = b.iter().find(|(m, _)| m == n)?;
                total += conversion_cost(t, u)?;
            }
            Some(total)
        }
        (Type::Choice(ts), _) => {
            if let Type::Choice(us) = to {
                if ts
                    .iter()
                    .all(|t| us.iter().any(|u| conversion_cost(t, u).is_some()))
                {
                    return Some(1);
                }
            }
            ts.iter()
                .filter_map(|t| conversion_cost(t, to))
                .min()
                .map(|c| c + 4)
        }
        (_, Type::Choice(us)) => us
            .iter()
            .filter_map(|u| conversion_cost(from, u))
            .min()
            .map(|c| c + 1),
        (Type::Fhir(a), Type::Fhir(b)) => fhir_subtype(a, b).then_some(1),
        (Type::Fhir(a), _) => {
            let sys = fhir_to_system(a)?;
            conversion_cost(&sys, to).map(|c| c + 3)
        }
        _ => None,
    }
}

/// True when `from` converts implicitly to `to` (see [`conversion_cost`]).
pub fn converts(from: &Type, to: &Type) -> bool {
    conversion_cost(from, to).is_some()
}

/// The common type of two branches or list elements (`if`, `case`, list selectors,
/// `union`): the one the other converts to; `null` yields the other; otherwise `Any`
/// (no error: the reference translator would build a choice type).
pub fn unify(a: &Type, b: &Type) -> Type {
    match (a, b) {
        (Type::Null, x) | (x, Type::Null) => x.clone(),
        (Type::Any, _) | (_, Type::Any) => Type::Any,
        _ if a == b => a.clone(),
        (Type::List(x), Type::List(y)) => Type::list(unify(x, y)),
        (Type::Interval(x), Type::Interval(y)) => Type::interval(unify(x, y)),
        _ => {
            let ab = conversion_cost(a, b);
            let ba = conversion_cost(b, a);
            match (ab, ba) {
                (Some(x), Some(y)) if y < x => a.clone(),
                (Some(_), _) => b.clone(),
                (None, Some(_)) => a.clone(),
                (None, None) => Type::Any,
            }
        }
    }
}

/// The System type a value of `t` has after FHIRHelpers' implicit conversion (FHIR
/// primitives and mapped complex types; other types unchanged).
pub fn as_system(t: &Type) -> Type {
    match t {
        Type::Fhir(n) => fhir_to_system(n).unwrap_or_else(|| t.clone()),
        _ => t.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_and_temporal_conversions() {
        assert_eq!(conversion_cost(&Type::Integer, &Type::Integer), Some(0));
        assert!(converts(&Type::Integer, &Type::Decimal));
        assert!(converts(&Type::Long, &Type::Decimal));
        assert!(!converts(&Type::Decimal, &Type::Integer));
        assert!(converts(&Type::Date, &Type::DateTime));
        assert!(!converts(&Type::DateTime, &Type::Date));
        assert!(converts(&Type::Code, &Type::Concept));
        assert!(!converts(&Type::Code, &Type::String));
        assert!(!converts(&Type::Integer, &Type::list(Type::Integer)));
    }

    #[test]
    fn fhir_conversions_and_display() {
        let dt = Type::Fhir("dateTime".into());
        assert!(converts(&dt, &Type::DateTime));
        assert!(converts(&Type::Fhir("code".into()), &Type::String));
        assert!(!converts(&Type::Fhir("Procedure".into()), &Type::String));
        assert_eq!(
            as_system(&Type::Fhir("Period".into())),
            Type::interval(Type::DateTime)
        );
        assert_eq!(
            Type::list(Type::Integer).to_string(),
            "list<System.Integer>"
        );
        assert_eq!(dt.to_string(), "FHIR.dateTime");
        assert_eq!(unify(&Type::Integer, &Type::Decimal), Type::Decimal);
        assert_eq!(unify(&Type::Null, &Type::Date), Type::Date);
        assert_eq!(unify(&Type::Integer, &Type::String), Type::Any);
    }
}
