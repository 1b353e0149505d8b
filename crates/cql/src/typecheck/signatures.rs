//! Overload tables of the CQL operators and system functions (CQL 1.5 Appendix B "CQL
//! Reference") and overload resolution (CQL 1.5 §3.9 "Function resolution": the
//! signature needing the cheapest implicit conversions wins; `T` is a generic type
//! bound from the arguments).
//!
//! A signature is written `"Operand,Operand:Result"`, each type as in CQL with `T` for
//! the generic parameter (`"List<T>,Integer:T"`).

use super::types::{as_system, conversion_cost, Type};

/// Operator overloads by ELM operator name (`Add`, `Less`, `In`, ...).
fn operator_table(name: &str) -> Option<&'static [&'static str]> {
    const NUM: &[&str] = &[
        "Integer,Integer:Integer",
        "Long,Long:Long",
        "Decimal,Decimal:Decimal",
        "Quantity,Quantity:Quantity",
    ];
    const CMP: &[&str] = &[
        "Integer,Integer:Boolean",
        "Long,Long:Boolean",
        "Decimal,Decimal:Boolean",
        "Quantity,Quantity:Boolean",
        "Date,Date:Boolean",
        "DateTime,DateTime:Boolean",
        "Time,Time:Boolean",
        "String,String:Boolean",
    ];
    const BOOL2: &[&str] = &["Boolean,Boolean:Boolean"];
    const NEG: &[&str] = &[
        "Integer:Integer",
        "Long:Long",
        "Decimal:Decimal",
        "Quantity:Quantity",
    ];
    const SET: &[&str] = &[
        "List<T>,List<T>:List<T>",
        "Interval<T>,Interval<T>:Interval<T>",
    ];
    const SUCC: &[&str] = &[
        "Integer:Integer",
        "Long:Long",
        "Decimal:Decimal",
        "Quantity:Quantity",
        "Date:Date",
        "DateTime:DateTime",
        "Time:Time",
    ];
    const BETWEEN: &[&str] = &[
        "Date,Date:Integer",
        "DateTime,DateTime:Integer",
        "Time,Time:Integer",
    ];
    Some(match name {
        "And" | "Or" | "Xor" | "Implies" => BOOL2,
        "Equal" | "NotEqual" | "Equivalent" | "NotEquivalent" => &["T,T:Boolean"],
        "Less" | "LessOrEqual" | "Greater" | "GreaterOrEqual" => CMP,
        "Add" => &[
            "Integer,Integer:Integer",
            "Long,Long:Long",
            "Decimal,Decimal:Decimal",
            "Quantity,Quantity:Quantity",
            "Date,Quantity:Date",
            "DateTime,Quantity:DateTime",
            "Time,Quantity:Time",
            "String,String:String",
        ],
        "Subtract" => &[
            "Integer,Integer:Integer",
            "Long,Long:Long",
            "Decimal,Decimal:Decimal",
            "Quantity,Quantity:Quantity",
            "Date,Quantity:Date",
            "DateTime,Quantity:DateTime",
            "Time,Quantity:Time",
        ],
        "Multiply" | "TruncatedDivide" | "Modulo" => NUM,
        "Divide" => &["Decimal,Decimal:Decimal", "Quantity,Quantity:Quantity"],
        "Power" => &[
            "Integer,Integer:Integer",
            "Long,Long:Long",
            "Decimal,Decimal:Decimal",
        ],
        "Concatenate" => &["String,String:String"],
        "Union" | "Intersect" | "Except" => SET,
        "Not" => &["Boolean:Boolean"],
        "Exists" => &["List<T>:Boolean"],
        "Negate" | "Plus" => NEG,
        "Distinct" => &["List<T>:List<T>"],
        "Flatten" => &["List<List<T>>:List<T>"],
        "SingletonFrom" => &["List<T>:T"],
        "PointFrom" | "Start" | "End" => &["Interval<T>:T"],
        "Width" => &[
            "Interval<Integer>:Integer",
            "Interval<Long>:Long",
            "Interval<Decimal>:Decimal",
            "Interval<Quantity>:Quantity",
        ],
        "Successor" | "Predecessor" => SUCC,
        "IsNull" => &["Any:Boolean"],
        "IsTrue" | "IsFalse" => &["Boolean:Boolean"],
        "In" => &[
            "T,List<T>:Boolean",
            "T,Interval<T>:Boolean",
            "String,ValueSet:Boolean",
            "Code,ValueSet:Boolean",
            "Concept,ValueSet:Boolean",
            "List<Code>,ValueSet:Boolean",
            "List<Concept>,ValueSet:Boolean",
            "String,CodeSystem:Boolean",
            "Code,CodeSystem:Boolean",
            "Concept,CodeSystem:Boolean",
            "List<Code>,CodeSystem:Boolean",
            "List<Concept>,CodeSystem:Boolean",
        ],
        "Contains" => &[
            "List<T>,T:Boolean",
            "Interval<T>,T:Boolean",
            "String,String:Boolean",
        ],
        "Indexer" => &["List<T>,Integer:T", "String,Integer:String"],
        "DurationBetween" | "DifferenceBetween" => BETWEEN,
        "DateTimeComponentFrom" => &["Date:Integer", "DateTime:Integer", "Time:Integer"],
        "DateFrom" => &["DateTime:Date"],
        "TimeFrom" => &["DateTime:Time"],
        "TimezoneOffsetFrom" => &["DateTime:Decimal"],
        _ => return None,
    })
}

/// System function overloads by name (CQL 1.5 Appendix B); `None` for names not
/// tabulated here (those are typed `Any` and never reported by the type checker).
fn function_table(name: &str) -> Option<&'static [&'static str]> {
    const ORDERED_LIST: &[&str] = &[
        "List<Integer>:Integer",
        "List<Long>:Long",
        "List<Decimal>:Decimal",
        "List<Quantity>:Quantity",
        "List<Date>:Date",
        "List<DateTime>:DateTime",
        "List<Time>:Time",
        "List<String>:String",
    ];
    const NUM_LIST: &[&str] = &[
        "List<Integer>:Integer",
        "List<Long>:Long",
        "List<Decimal>:Decimal",
        "List<Quantity>:Quantity",
    ];
    const STAT: &[&str] = &["List<Decimal>:Decimal", "List<Quantity>:Quantity"];
    const BOUNDARY: &[&str] = &[
        "Decimal,Integer:Decimal",
        "Date,Integer:Date",
        "DateTime,Integer:DateTime",
        "Time,Integer:Time",
    ];
    const STR2_BOOL: &[&str] = &["String,String:Boolean"];
    Some(match name {
        "Count" => &["List<T>:Integer"],
        "Sum" | "Product" => NUM_LIST,
        "Min" | "Max" => ORDERED_LIST,
        "Avg" | "Median" | "Variance" | "PopulationVariance" | "StdDev" | "PopulationStdDev" => {
            STAT
        }
        "GeometricMean" => &["List<Decimal>:Decimal"],
        "Mode" => &["List<T>:T"],
        "AllTrue" | "AnyTrue" => &["List<Boolean>:Boolean"],
        "Abs" => &[
            "Integer:Integer",
            "Long:Long",
            "Decimal:Decimal",
            "Quantity:Quantity",
        ],
        "Ceiling" | "Floor" | "Truncate" => &["Decimal:Integer"],
        "Round" => &["Decimal:Decimal", "Decimal,Integer:Decimal"],
        "Ln" | "Exp" => &["Decimal:Decimal"],
        "Log" => &["Decimal,Decimal:Decimal"],
        "Precision" => &[
            "Decimal:Integer",
            "Date:Integer",
            "DateTime:Integer",
            "Time:Integer",
        ],
        "LowBoundary" | "HighBoundary" => BOUNDARY,
        "Combine" => &["List<String>:String", "List<String>,String:String"],
        "Split" | "SplitOnMatches" => &["String,String:List<String>"],
        "Length" => &["String:Integer", "List<T>:Integer"],
        "Upper" | "Lower" => &["String:String"],
        "PositionOf" | "LastPositionOf" => &["String,String:Integer"],
        "Substring" => &["String,Integer:String", "String,Integer,Integer:String"],
        "StartsWith" | "EndsWith" | "Matches" => STR2_BOOL,
        "ReplaceMatches" => &["String,String,String:String"],
        "Now" => &[":DateTime"],
        "Today" => &[":Date"],
        "TimeOfDay" => &[":Time"],
        "Date" => &[
            "Integer:Date",
            "Integer,Integer:Date",
            "Integer,Integer,Integer:Date",
        ],
        "DateTime" => &[
            "Integer:DateTime",
            "Integer,Integer:DateTime",
            "Integer,Integer,Integer:DateTime",
            "Integer,Integer,Integer,Integer:DateTime",
            "Integer,Integer,Integer,Integer,Integer:DateTime",
            "Integer,Integer,Integer,Integer,Integer,Integer:DateTime",
            "Integer,Integer,Integer,Integer,Integer,Integer,Integer:DateTime",
            "Integer,Integer,Integer,Integer,Integer,Integer,Integer,Decimal:DateTime",
        ],
        "Time" => &[
            "Integer:Time",
            "Integer,Integer:Time",
            "Integer,Integer,Integer:Time",
            "Integer,Integer,Integer,Integer:Time",
        ],
        "First" | "Last" | "SingletonFrom" => &["List<T>:T"],
        "Tail" | "Distinct" => &["List<T>:List<T>"],
        "Skip" | "Take" => &["List<T>,Integer:List<T>"],
        "IndexOf" => &["List<T>,T:Integer"],
        "Exists" => &["List<T>:Boolean"],
        "Flatten" => &["List<List<T>>:List<T>"],
        "IsNull" => &["Any:Boolean"],
        "IsTrue" | "IsFalse" => &["Boolean:Boolean"],
        "ToString" => &[
            "String:String",
            "Boolean:String",
            "Integer:String",
            "Long:String",
            "Decimal:String",
            "Quantity:String",
            "Ratio:String",
            "Date:String",
            "DateTime:String",
            "Time:String",
        ],
        "ToBoolean" => &[
            "Boolean:Boolean",
            "String:Boolean",
            "Integer:Boolean",
            "Long:Boolean",
            "Decimal:Boolean",
        ],
        "ToInteger" => &[
            "Integer:Integer",
            "String:Integer",
            "Boolean:Integer",
            "Long:Integer",
        ],
        "ToLong" => &["Long:Long", "String:Long", "Boolean:Long", "Integer:Long"],
        "ToDecimal" => &[
            "Decimal:Decimal",
            "String:Decimal",
            "Boolean:Decimal",
            "Long:Decimal",
        ],
        "ToQuantity" => &[
            "Quantity:Quantity",
            "String:Quantity",
            "Decimal:Quantity",
            "Ratio:Quantity",
        ],
        "ToDate" => &["Date:Date", "String:Date", "DateTime:Date"],
        "ToDateTime" => &["DateTime:DateTime", "String:DateTime"],
        "ToTime" => &["Time:Time", "String:Time"],
        "ToConcept" => &["Concept:Concept", "List<Code>:Concept"],
        "ToRatio" => &["Ratio:Ratio", "String:Ratio"],
        "ConvertQuantity" => &["Quantity,String:Quantity"],
        "CanConvertQuantity" => &["Quantity,String:Boolean"],
        "Message" => &["T,Boolean,String,String,String:T"],
        _ => return None,
    })
}

/// A parsed operand or result pattern.
#[derive(Debug, Clone, PartialEq)]
enum Pat {
    /// A concrete type.
    Ty(Type),
    /// The generic parameter.
    T,
    /// `List<..>`.
    List(Box<Pat>),
    /// `Interval<..>`.
    Interval(Box<Pat>),
}

fn parse_pat(s: &str) -> Pat {
    let s = s.trim();
    if s == "T" {
        return Pat::T;
    }
    if let Some(inner) = s.strip_prefix("List<").and_then(|r| r.strip_suffix('>')) {
        return Pat::List(Box::new(parse_pat(inner)));
    }
    if let Some(inner) = s
        .strip_prefix("Interval<")
        .and_then(|r| r.strip_suffix('>'))
    {
        return Pat::Interval(Box::new(parse_pat(inner)));
    }
    Pat::Ty(Type::system(s).unwrap_or(Type::Any))
}

/// Splits `"A,B:R"` into operand patterns and the result pattern.
fn parse_sig(sig: &str) -> (Vec<Pat>, Pat) {
    let (ops, res) = sig.rsplit_once(':').unwrap_or((sig, "Any"));
    let operands = if ops.is_empty() {
        Vec::new()
    } else {
        ops.split(',').map(parse_pat).collect()
    };
    (operands, parse_pat(res))
}

fn instantiate(p: &Pat, t: &Type) -> Type {
    match p {
        Pat::Ty(ty) => ty.clone(),
        Pat::T => t.clone(),
        Pat::List(q) => Type::list(instantiate(q, t)),
        Pat::Interval(q) => Type::interval(instantiate(q, t)),
    }
}

/// The types an argument offers for `T` at pattern `p`.
fn bind(p: &Pat, arg: &Type, out: &mut Vec<Type>) {
    match p {
        Pat::Ty(_) => {}
        Pat::T => {
            if !arg.is_unknown() {
                out.push(arg.clone());
                let sys = as_system(arg);
                if &sys != arg {
                    out.push(sys);
                }
            }
        }
        Pat::List(q) | Pat::Interval(q) => {
            let sys = as_system(arg);
            match (p, &sys) {
                (Pat::List(_), Type::List(a)) | (Pat::Interval(_), Type::Interval(a)) => {
                    bind(q, a, out)
                }
                _ => {}
            }
        }
    }
}

/// The cheapest way `args` fit `sig`: (total conversion cost, result type).
fn fit(sig: &str, args: &[Type]) -> Option<(u32, Type)> {
    let (operands, result) = parse_sig(sig);
    if operands.len() != args.len() {
        return None;
    }
    let mut candidates = Vec::new();
    for (p, a) in operands.iter().zip(args) {
        bind(p, a, &mut candidates);
    }
    if candidates.is_empty() {
        candidates.push(Type::Any);
    }
    let mut best: Option<(u32, Type)> = None;
    for t in &candidates {
        let mut total = 0;
        let mut ok = true;
        for (p, a) in operands.iter().zip(args) {
            match conversion_cost(a, &instantiate(p, t)) {
                Some(c) => total += c,
                None => {
                    ok = false;
                    break;
                }
            }
        }
        if ok && best.as_ref().is_none_or(|(c, _)| total < *c) {
            let t = if t.is_unknown() { &Type::Any } else { t };
            best = Some((total, instantiate(&result, t)));
        }
    }
    best
}

/// The outcome of resolving a call against an overload table.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolution {
    /// A signature fits; the call's result type (`Any` when unknown arguments leave the
    /// choice open).
    Resolved(Type),
    /// The name is tabulated but no signature takes these arguments.
    NoMatch,
    /// The name is not in the table.
    Unknown,
}

fn resolve_in(sigs: &[&str], args: &[Type]) -> Resolution {
    let fits: Vec<(u32, Type)> = sigs.iter().filter_map(|s| fit(s, args)).collect();
    if fits.is_empty() {
        return Resolution::NoMatch;
    }
    if args.iter().any(Type::has_any) {
        let first = &fits[0].1;
        if fits.iter().all(|(_, t)| t == first) {
            return Resolution::Resolved(first.clone());
        }
        return Resolution::Resolved(Type::Any);
    }
    let best = fits
        .into_iter()
        .min_by_key(|(c, _)| *c)
        .map(|(_, t)| t)
        .unwrap_or(Type::Any);
    Resolution::Resolved(best)
}

/// Resolves operator `name` (its ELM name: `Add`, `Equal`, `In`, ...) over `args`.
pub fn resolve_operator(name: &str, args: &[Type]) -> Resolution {
    match operator_table(name) {
        Some(sigs) => resolve_in(sigs, args),
        None => Resolution::Unknown,
    }
}

/// Resolves system function `name` over `args`. Families typed by pattern (`ConvertsTo*`,
/// `AgeIn*`, `CalculateAgeIn*`) are always resolved.
pub fn resolve_function(name: &str, args: &[Type]) -> Resolution {
    if name.starts_with("ConvertsTo") && args.len() == 1 {
        return Resolution::Resolved(Type::Boolean);
    }
    if name.starts_with("AgeIn") || name.starts_with("CalculateAgeIn") {
        return Resolution::Resolved(Type::Integer);
    }
    match function_table(name) {
        Some(sigs) => resolve_in(sigs, args),
        None => Resolution::Unknown,
    }
}

/// The numbers of arguments system function `name` takes (for messages), sorted.
pub fn function_arities(name: &str) -> Vec<usize> {
    let mut v: Vec<usize> = function_table(name)
        .unwrap_or(&[])
        .iter()
        .map(|s| parse_sig(s).0.len())
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_overloads() {
        let r = resolve_operator("Add", &[Type::Integer, Type::Decimal]);
        assert_eq!(r, Resolution::Resolved(Type::Decimal));
        let r = resolve_operator("Add", &[Type::Integer, Type::String]);
        assert_eq!(r, Resolution::NoMatch);
        let r = resolve_operator("Divide", &[Type::Integer, Type::Integer]);
        assert_eq!(r, Resolution::Resolved(Type::Decimal));
        let r = resolve_operator("Add", &[Type::DateTime, Type::Quantity]);
        assert_eq!(r, Resolution::Resolved(Type::DateTime));
    }

    #[test]
    fn generic_overloads() {
        let l = Type::list(Type::Date);
        assert_eq!(
            resolve_function("First", std::slice::from_ref(&l)),
            Resolution::Resolved(Type::Date)
        );
        assert_eq!(
            resolve_function("Max", &[l]),
            Resolution::Resolved(Type::Date)
        );
        assert_eq!(
            resolve_function("Count", &[Type::Integer]),
            Resolution::NoMatch
        );
        let code = Type::Fhir("code".into());
        assert_eq!(
            resolve_operator("Equal", &[code, Type::String]),
            Resolution::Resolved(Type::Boolean)
        );
        assert_eq!(
            resolve_operator("Equal", &[Type::Code, Type::String]),
            Resolution::NoMatch
        );
        assert_eq!(function_arities("Substring"), vec![2, 3]);
    }
}
