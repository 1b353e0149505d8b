//! Helpers of the type inference: operator names, messages with "did you mean" and
//! hints, number-literal ranges, named types, FHIRHelpers result types.

use super::types::{as_system, unify, Type};
use crate::fhir::model;
use ww_cql_syntax as syn;

pub(super) fn op_name(op: syn::BinaryOp) -> &'static str {
    use syn::BinaryOp as B;
    match op {
        B::And => "And",
        B::Or => "Or",
        B::Xor => "Xor",
        B::Implies => "Implies",
        B::Equal => "Equal",
        B::NotEqual => "NotEqual",
        B::Equivalent => "Equivalent",
        B::NotEquivalent => "NotEquivalent",
        B::Less => "Less",
        B::LessOrEqual => "LessOrEqual",
        B::Greater => "Greater",
        B::GreaterOrEqual => "GreaterOrEqual",
        B::Add => "Add",
        B::Subtract => "Subtract",
        B::Concatenate => "Concatenate",
        B::Multiply => "Multiply",
        B::Divide => "Divide",
        B::TruncatedDivide => "TruncatedDivide",
        B::Modulo => "Modulo",
        B::Power => "Power",
        B::Union => "Union",
        B::Intersect => "Intersect",
        B::Except => "Except",
    }
}

pub(super) fn unary_name(op: syn::UnaryOp) -> &'static str {
    use syn::UnaryOp as U;
    match op {
        U::Not => "Not",
        U::Exists => "Exists",
        U::Negate => "Negate",
        U::Plus => "Plus",
        U::Distinct => "Distinct",
        U::Flatten => "Flatten",
        U::SingletonFrom => "SingletonFrom",
        U::PointFrom => "PointFrom",
        U::StartOf => "Start",
        U::EndOf => "End",
        U::WidthOf => "Width",
        U::SuccessorOf => "Successor",
        U::PredecessorOf => "Predecessor",
        U::IsNull | U::IsNotNull => "IsNull",
        U::IsTrue | U::IsNotTrue => "IsTrue",
        U::IsFalse | U::IsNotFalse => "IsFalse",
    }
}

pub(super) fn signature(args: &[Type]) -> String {
    let v: Vec<String> = args.iter().map(Type::to_string).collect();
    v.join(", ")
}

/// Edit distance between two names, case-insensitive.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut diag = row[0];
        row[0] = i;
        for j in 1..=b.len() {
            let above = row[j];
            let sub = diag + usize::from(a[i - 1] != b[j - 1]);
            row[j] = sub.min(row[j - 1] + 1).min(above + 1);
            diag = above;
        }
    }
    row[b.len()]
}

/// The candidate a misspelt `name` most likely meant: a close edit, or a name that is a
/// prefix of it (`performedDate` -> `performed`).
pub(crate) fn did_you_mean<'n>(name: &str, candidates: &[&'n str]) -> Option<&'n str> {
    let lower = name.to_lowercase();
    let limit = (name.chars().count() / 3).clamp(1, 3);
    let mut best: Option<(usize, &'n str)> = None;
    for c in candidates {
        let cl = c.to_lowercase();
        let d = if cl.len() >= 3 && (lower.starts_with(&cl) || cl.starts_with(&lower)) {
            1
        } else {
            distance(name, c)
        };
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

pub(super) fn with_hint(msg: String, hint: Option<&str>) -> String {
    match hint {
        Some(h) => format!("{msg}. Did you mean '{h}'?"),
        None => format!("{msg}."),
    }
}

/// A sentence telling a measure author how to fix a common operator mismatch.
pub(super) fn hint(name: &str, args: &[Type]) -> Option<&'static str> {
    let sys: Vec<Type> = args.iter().map(as_system).collect();
    let coded = |t: &Type| matches!(t, Type::Code | Type::Concept);
    match (name, sys.as_slice()) {
        ("Equal" | "Equivalent" | "NotEqual" | "NotEquivalent", [a, b])
            if (coded(a) && *b == Type::String) || (coded(b) && *a == Type::String) =>
        {
            Some("a code is not a string: compare it with a declared code (`~ \"Code name\"`) or compare its `.code` element with the string.")
        }
        (
            "Add" | "Subtract",
            [Type::Date | Type::DateTime | Type::Time, Type::Integer | Type::Long | Type::Decimal],
        ) => {
            Some("add or subtract a duration with a unit, e.g. `30 days`, not a bare number.")
        }
        (
            "Less" | "LessOrEqual" | "Greater" | "GreaterOrEqual",
            [Type::Date | Type::DateTime, Type::Integer | Type::Decimal]
            | [Type::Integer | Type::Decimal, Type::Date | Type::DateTime],
        ) => Some("a date cannot be compared with a number: compare with a date, or use `days between`."),
        ("Exists" | "Count" | "First" | "Last" | "SingletonFrom" | "Distinct", [t])
            if !matches!(t, Type::List(_)) =>
        {
            Some("this operator takes a list (for example a retrieve or a query).")
        }
        _ => None,
    }
}

/// Why a number literal cannot be represented (CQL 1.5 §1.? "Integer" is 32-bit, "Long"
/// 64-bit, "Decimal" has 28 digits of which 8 after the point), if it cannot.
pub(super) fn literal_range_error(text: &str, kind: syn::NumberKind) -> Option<String> {
    match kind {
        syn::NumberKind::Integer => text.parse::<i32>().is_err().then(|| {
            format!("The Integer literal {text} is outside -2147483648..2147483647; write it as {text}L (Long) or as a Decimal.")
        }),
        syn::NumberKind::Long => text
            .parse::<i64>()
            .is_err()
            .then(|| format!("The Long literal {text}L is outside the 64-bit range.")),
        syn::NumberKind::Decimal => {
            let digits = text.trim_start_matches(['-', '+']);
            let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
            let int = int.trim_start_matches('0');
            if frac.len() > 8 {
                Some(format!("The Decimal literal {text} has more than 8 digits after the decimal point."))
            } else if int.len() > 28 {
                Some(format!("The Decimal literal {text} is too large: a Decimal holds at most 28 digits before the decimal point."))
            } else {
                None
            }
        }
    }
}

/// The point type of a timing operand: the type itself, or an interval's point type;
/// `None` when not known precisely enough to judge (lists, choices, `Any`, FHIR
/// resources).
pub(super) fn point_type(t: &Type) -> Option<Type> {
    let p = match as_system(t) {
        Type::Interval(p) => as_system(&p),
        other => other,
    };
    (p.is_ordered() && !p.has_any()).then_some(p)
}

/// A named type (`Integer`, `System.Integer`, `FHIR.Procedure`, `Procedure`).
pub(super) fn named_type(n: &syn::NamedType) -> Type {
    let name = n.name.name.as_str();
    match n.model() {
        Some("System") => Type::system(name).unwrap_or(Type::Any),
        Some("FHIR") => Type::Fhir(name.to_string()),
        Some(_) => Type::Any,
        None => Type::system(name).unwrap_or_else(|| {
            if model::is_resource(name) || model::is_primitive(name) || model::has_definition(name)
            {
                Type::Fhir(name.to_string())
            } else {
                Type::Any
            }
        }),
    }
}

/// Result of a FHIRHelpers 4.0.1 function (our built-in equivalent).
pub(super) fn helpers_result(name: &str, args: &[Type]) -> Type {
    match name {
        "ToString" => Type::String,
        "ToDateTime" => Type::DateTime,
        "ToDate" => Type::Date,
        "ToTime" => Type::Time,
        "ToBoolean" => Type::Boolean,
        "ToInteger" => Type::Integer,
        "ToDecimal" => Type::Decimal,
        "ToCode" => Type::Code,
        "ToQuantity" => Type::Quantity,
        "ToRatio" => Type::Ratio,
        "ToConcept" => match args.first() {
            Some(Type::List(_)) => Type::list(Type::Concept),
            _ => Type::Concept,
        },
        "ToInterval" => match args.first() {
            Some(Type::Fhir(n)) if n == "Range" => Type::interval(Type::Quantity),
            Some(Type::Fhir(n)) if n == "Period" => Type::interval(Type::DateTime),
            _ => Type::Any,
        },
        _ => Type::Any,
    }
}

/// `Coalesce(a, b, ...)` is the common type of its arguments; `Coalesce(list)` the list's
/// element type.
pub(super) fn coalesce(types: &[Type]) -> Type {
    if let [Type::List(t)] = types {
        return (**t).clone();
    }
    types.iter().fold(Type::Null, |acc, t| unify(&acc, t))
}
