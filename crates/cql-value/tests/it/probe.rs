//! A test-only probe evaluator: parses conformance-suite expressions with `ww-cql-syntax`
//! and evaluates the operator subset (no queries, no libraries) with this crate's
//! functions, to measure how the operators do against the suite's expected outputs.
//! The real evaluator lives in `ww-cql`.

use std::sync::Arc;

use ww_cql_syntax as ast;
use ww_cql_syntax::{BinaryOp, Expr, ExprKind, UnaryOp};
use ww_cql_value::*;

/// Evaluation offset (minutes) and timestamp of the probe.
pub const NOW: &str = "@2025-06-15T12:00:00.000Z";

type R = std::result::Result<Value, String>;

fn e<T>(r: ww_cql_value::Result<T>) -> std::result::Result<T, String> {
    r.map_err(|x| x.to_string())
}

fn prec(p: ast::DateTimePrecision) -> Precision {
    use ast::DateTimePrecision as D;
    match p {
        D::Year => Precision::Year,
        D::Month => Precision::Month,
        D::Week => Precision::Week,
        D::Day => Precision::Day,
        D::Hour => Precision::Hour,
        D::Minute => Precision::Minute,
        D::Second => Precision::Second,
        D::Millisecond => Precision::Millisecond,
    }
}

fn quantity(q: &ast::QuantityLit) -> R {
    let unit = match &q.unit {
        None => "1".to_string(),
        Some(ast::QuantityUnit::Calendar { precision, .. }) => prec(*precision).name().to_string(),
        Some(ast::QuantityUnit::Ucum(u)) => u.clone(),
    };
    e(literal::parse_quantity(&q.value, &unit))
}

fn value_type(t: &ast::TypeSpecifier) -> ValueType {
    match &t.kind {
        ast::TypeSpecifierKind::Named(n) => ValueType::parse(&n.dotted()),
        ast::TypeSpecifierKind::List(inner) => ValueType::List(Box::new(value_type(inner))),
        ast::TypeSpecifierKind::Interval(inner) => ValueType::Interval(Box::new(value_type(inner))),
        ast::TypeSpecifierKind::Tuple(_) => ValueType::Tuple,
        ast::TypeSpecifierKind::Choice(_) => ValueType::Any,
    }
}

fn is_type(v: &Value, t: &ValueType) -> bool {
    match (v, t) {
        (Value::List(l), ValueType::List(inner)) => {
            l.iter().all(|x| x.is_null() || is_type(x, inner))
        }
        (Value::Interval(i), ValueType::Interval(inner)) => {
            (i.low.is_null() || is_type(&i.low, inner))
                && (i.high.is_null() || is_type(&i.high, inner))
        }
        _ => v.is_type(t),
    }
}

/// Evaluates an expression of the operator subset.
pub fn eval(x: &Expr) -> R {
    let now = match literal::parse_temporal_literal(NOW, 0) {
        Ok(Value::DateTime(d)) => d,
        _ => return Err("bad NOW".into()),
    };
    match &x.kind {
        ExprKind::Null => Ok(Value::Null),
        ExprKind::Boolean(b) => Ok(Value::Boolean(*b)),
        ExprKind::String(s) => Ok(Value::string(s)),
        ExprKind::Number { text, kind } => e(match kind {
            ast::NumberKind::Integer => literal::parse_integer(text),
            ast::NumberKind::Decimal => literal::parse_decimal(text),
            ast::NumberKind::Long => literal::parse_long(text),
        }),
        ExprKind::Date(t) | ExprKind::DateTime(t) => {
            e(literal::parse_temporal_literal(&format!("@{t}"), 0))
        }
        ExprKind::Time(t) => e(literal::parse_temporal_literal(&format!("@T{t}"), 0)),
        ExprKind::Quantity(q) => quantity(q),
        ExprKind::Ratio {
            numerator,
            denominator,
        } => match (quantity(numerator)?, quantity(denominator)?) {
            (Value::Quantity(n), Value::Quantity(d)) => Ok(Value::Ratio(Arc::new(Ratio {
                numerator: n,
                denominator: d,
            }))),
            _ => Err("ratio".into()),
        },
        ExprKind::Unary { op, operand } => unary(*op, &eval(operand)?),
        ExprKind::Binary { op, left, right } => {
            let l = eval(left)?;
            if matches!(op, BinaryOp::And) && l.as_bool() == Some(false) {
                return Ok(l);
            }
            binary(*op, &l, &eval(right)?)
        }
        ExprKind::Membership {
            op,
            precision,
            left,
            right,
        } => {
            let (l, r) = (eval(left)?, eval(right)?);
            let p = precision.map(prec);
            match op {
                ast::MembershipOp::In => membership(&l, &r, p),
                ast::MembershipOp::Contains => membership(&r, &l, p),
                _ => Err("equivalent membership".into()),
            }
        }
        ExprKind::Timing {
            phrase,
            left,
            right,
            ..
        } => timing(phrase, &eval(left)?, &eval(right)?),
        ExprKind::Between {
            operand,
            low,
            high,
            proper,
        } => {
            let (v, lo, hi) = (eval(operand)?, eval(low)?, eval(high)?);
            let (a, b) = if *proper {
                (e(compare::greater(&v, &lo))?, e(compare::less(&v, &hi))?)
            } else {
                (
                    e(compare::greater_or_equal(&v, &lo))?,
                    e(compare::less_or_equal(&v, &hi))?,
                )
            };
            e(logic::and(&a, &b))
        }
        ExprKind::DurationBetween {
            precision,
            low,
            high,
        } => e(datetime::duration_between(
            &eval(low)?,
            &eval(high)?,
            prec(*precision),
        )),
        ExprKind::DifferenceBetween {
            precision,
            low,
            high,
        } => e(datetime::difference_between(
            &eval(low)?,
            &eval(high)?,
            prec(*precision),
        )),
        ExprKind::DurationOf { precision, operand } => {
            let i = eval(operand)?;
            e(datetime::duration_between(
                &e(interval::start(&i))?,
                &e(interval::end(&i))?,
                prec(*precision),
            ))
        }
        ExprKind::DifferenceOf { precision, operand } => {
            let i = eval(operand)?;
            e(datetime::difference_between(
                &e(interval::start(&i))?,
                &e(interval::end(&i))?,
                prec(*precision),
            ))
        }
        ExprKind::DateTimeComponentFrom { component, operand } => {
            let v = eval(operand)?;
            e(match component {
                ast::DateTimeComponent::Precision(p) => datetime::component(&v, prec(*p)),
                ast::DateTimeComponent::Date => datetime::date_from(&v),
                ast::DateTimeComponent::Time => datetime::time_from(&v),
                ast::DateTimeComponent::TimezoneOffset => datetime::timezone_offset_from(&v),
            })
        }
        ExprKind::TypeExtent { extent, type_name } => {
            let t = ValueType::parse(&type_name.dotted());
            e(match extent {
                ast::TypeExtent::Minimum => arith::min_value(&t),
                ast::TypeExtent::Maximum => arith::max_value(&t),
            })
        }
        ExprKind::Is {
            operand,
            type_specifier,
        } => Ok(Value::Boolean(is_type(
            &eval(operand)?,
            &value_type(type_specifier),
        ))),
        ExprKind::As {
            operand,
            type_specifier,
            strict,
        } => {
            let v = eval(operand)?;
            let t = value_type(type_specifier);
            if v.is_null() || is_type(&v, &t) || t == ValueType::Any {
                Ok(v)
            } else if *strict {
                Err(format!("cannot cast {} as {t}", v.type_name()))
            } else {
                Ok(Value::Null)
            }
        }
        ExprKind::Convert { operand, target } => {
            let v = eval(operand)?;
            match &**target {
                ast::ConvertTarget::Type(t) => e(convert::convert_to(&v, &value_type(t), 0)),
                ast::ConvertTarget::Unit(u, _) => {
                    let unit = match u {
                        ast::QuantityUnit::Calendar { precision, .. } => {
                            prec(*precision).name().to_string()
                        }
                        ast::QuantityUnit::Ucum(s) => s.clone(),
                    };
                    e(convert::convert_quantity(&v, &Value::string(unit)))
                }
            }
        }
        ExprKind::If {
            condition,
            then_branch,
            else_branch,
        } => {
            if eval(condition)?.as_bool() == Some(true) {
                eval(then_branch)
            } else {
                eval(else_branch)
            }
        }
        ExprKind::Case {
            comparand,
            items,
            else_branch,
        } => {
            let c = comparand.as_ref().map(|c| eval(c)).transpose()?;
            for item in items {
                let w = eval(&item.when)?;
                let hit = match &c {
                    Some(c) => e(compare::equivalent(c, &w))?.as_bool() == Some(true),
                    None => w.as_bool() == Some(true),
                };
                if hit {
                    return eval(&item.then);
                }
            }
            eval(else_branch)
        }
        ExprKind::Expand { operand, per } => e(interval::expand(&eval(operand)?, &per_value(per)?)),
        ExprKind::Collapse { operand, per } => {
            e(interval::collapse(&eval(operand)?, &per_value(per)?))
        }
        ExprKind::Interval {
            low,
            low_closed,
            high,
            high_closed,
        } => e(interval::selector(
            eval(low)?,
            *low_closed,
            eval(high)?,
            *high_closed,
        )),
        ExprKind::List { elements, .. } => Ok(Value::list(
            elements
                .iter()
                .map(eval)
                .collect::<std::result::Result<_, _>>()?,
        )),
        ExprKind::Tuple { elements } => Ok(Value::tuple(
            elements
                .iter()
                .map(|el| Ok((el.name.name.clone(), eval(&el.value)?)))
                .collect::<std::result::Result<_, String>>()?,
        )),
        ExprKind::Instance {
            type_name,
            elements,
        } => instance(&type_name.name.name, elements),
        ExprKind::Indexer { source, index } => {
            let (s, i) = (eval(source)?, eval(index)?);
            if matches!(s, Value::String(_)) {
                e(string::indexer(&s, &i))
            } else {
                e(list::indexer(&s, &i))
            }
        }
        ExprKind::Call { target, name, args } => {
            let mut vals = Vec::new();
            if let Some(t) = target {
                vals.push(eval(t)?);
            }
            for a in args {
                vals.push(eval(a)?);
            }
            call(&name.name, &vals, &now)
        }
        _ => Err("unsupported by the probe".into()),
    }
}

fn per_value(per: &Option<ast::PerClause>) -> R {
    match per {
        None => Ok(Value::Null),
        Some(ast::PerClause::Precision(p, _)) => Ok(Value::quantity(Decimal::ONE, prec(*p).name())),
        Some(ast::PerClause::Expression(x)) => eval(x),
    }
}

fn instance(name: &str, elements: &[ast::TupleElement]) -> R {
    let mut get = std::collections::HashMap::new();
    for el in elements {
        get.insert(el.name.name.as_str(), eval(&el.value)?);
    }
    let s = |k: &str| get.get(k).and_then(|v| v.as_str()).map(str::to_string);
    match name {
        "Code" => Ok(Value::Code(Arc::new(Code {
            code: s("code"),
            system: s("system"),
            version: s("version"),
            display: s("display"),
        }))),
        "Concept" => {
            let codes = match get.get("codes") {
                Some(Value::List(l)) => l
                    .iter()
                    .filter_map(|c| {
                        if let Value::Code(c) = c {
                            Some((**c).clone())
                        } else {
                            None
                        }
                    })
                    .collect(),
                Some(Value::Code(c)) => vec![(**c).clone()],
                _ => Vec::new(),
            };
            Ok(Value::Concept(Arc::new(Concept {
                codes,
                display: s("display"),
            })))
        }
        "Quantity" => {
            let v = get.get("value").and_then(|v| match v {
                Value::Decimal(d) => Some(*d),
                Value::Integer(i) => Some(Decimal::from_i64(*i as i64)),
                _ => None,
            });
            Ok(v.map_or(Value::Null, |v| {
                Value::quantity(v, &s("unit").unwrap_or_default())
            }))
        }
        _ => Err(format!("instance {name}")),
    }
}

fn unary(op: UnaryOp, v: &Value) -> R {
    e(match op {
        UnaryOp::Not => logic::not(v),
        UnaryOp::Exists => list::exists(v),
        UnaryOp::Negate => arith::negate(v),
        UnaryOp::Plus => Ok(v.clone()),
        UnaryOp::Distinct => list::distinct(v),
        UnaryOp::Flatten => list::flatten(v),
        UnaryOp::SingletonFrom => list::singleton_from(v),
        UnaryOp::PointFrom => interval::point_from(v),
        UnaryOp::StartOf => interval::start(v),
        UnaryOp::EndOf => interval::end(v),
        UnaryOp::WidthOf => interval::width(v),
        UnaryOp::SuccessorOf => arith::successor(v),
        UnaryOp::PredecessorOf => arith::predecessor(v),
        UnaryOp::IsNull => Ok(logic::is_null(v)),
        UnaryOp::IsNotNull => logic::not(&logic::is_null(v)),
        UnaryOp::IsTrue => Ok(logic::is_true(v)),
        UnaryOp::IsNotTrue => logic::not(&logic::is_true(v)),
        UnaryOp::IsFalse => Ok(logic::is_false(v)),
        UnaryOp::IsNotFalse => logic::not(&logic::is_false(v)),
    })
}

fn is_list(a: &Value, b: &Value) -> bool {
    matches!(a, Value::List(_)) || (a.is_null() && matches!(b, Value::List(_)))
}

fn binary(op: BinaryOp, l: &Value, r: &Value) -> R {
    e(match op {
        BinaryOp::And => logic::and(l, r),
        BinaryOp::Or => logic::or(l, r),
        BinaryOp::Xor => logic::xor(l, r),
        BinaryOp::Implies => logic::implies(l, r),
        BinaryOp::Equal => compare::equal(l, r),
        BinaryOp::NotEqual => compare::not_equal(l, r),
        BinaryOp::Equivalent => compare::equivalent(l, r),
        BinaryOp::NotEquivalent => compare::equivalent(l, r).and_then(|v| logic::not(&v)),
        BinaryOp::Less => compare::less(l, r),
        BinaryOp::LessOrEqual => compare::less_or_equal(l, r),
        BinaryOp::Greater => compare::greater(l, r),
        BinaryOp::GreaterOrEqual => compare::greater_or_equal(l, r),
        BinaryOp::Add => arith::add(l, r),
        BinaryOp::Subtract => arith::subtract(l, r),
        BinaryOp::Concatenate => string::concatenate_amp(l, r),
        BinaryOp::Multiply => arith::multiply(l, r),
        BinaryOp::Divide => arith::divide(l, r),
        BinaryOp::TruncatedDivide => arith::truncated_divide(l, r),
        BinaryOp::Modulo => arith::modulo(l, r),
        BinaryOp::Power => arith::power(l, r),
        BinaryOp::Union if is_list(l, r) => list::union(l, r),
        BinaryOp::Union => interval::union(l, r),
        BinaryOp::Intersect if is_list(l, r) => list::intersect(l, r),
        BinaryOp::Intersect => interval::intersect(l, r),
        BinaryOp::Except if is_list(l, r) => list::except(l, r),
        BinaryOp::Except => interval::except(l, r),
    })
}

/// `x in c`: list or interval membership.
fn membership(x: &Value, c: &Value, p: Option<Precision>) -> R {
    e(match c {
        Value::Interval(_) => interval::in_interval(x, c, p),
        Value::Null if matches!(x, Value::Interval(_)) => Ok(Value::Null),
        _ => list::in_list(x, c),
    })
}

fn timing(phrase: &ast::TimingPhrase, l: &Value, r: &Value) -> R {
    use ast::TimingPhrase as T;
    let lists = is_list(l, r) || is_list(r, l);
    e(match phrase {
        T::SameAs {
            precision,
            relation,
            prefix: None,
            boundary: None,
        } => {
            let p = precision.map(prec);
            match relation {
                ast::SameRelation::As => datetime::same_as(l, r, p),
                ast::SameRelation::OrBefore => datetime::same_or_before(l, r, p),
                ast::SameRelation::OrAfter => datetime::same_or_after(l, r, p),
            }
        }
        T::Includes {
            proper,
            precision,
            boundary: None,
        } => {
            let p = precision.map(prec);
            match (lists, proper) {
                (true, false) => list::includes(l, r),
                (true, true) => list::proper_includes(l, r),
                (false, false) => interval::includes(l, r, p),
                (false, true) => interval::proper_includes(l, r, p),
            }
        }
        T::IncludedIn {
            proper,
            precision,
            prefix: None,
            ..
        } => {
            let p = precision.map(prec);
            match (lists, proper) {
                (true, false) => list::included_in(l, r),
                (true, true) => list::proper_included_in(l, r),
                (false, false) => interval::included_in(l, r, p),
                (false, true) => interval::proper_included_in(l, r, p),
            }
        }
        T::BeforeOrAfter {
            prefix: None,
            offset: None,
            direction,
            inclusive,
            precision,
            boundary: None,
        } => {
            let p = precision.map(prec);
            let points = !matches!(l, Value::Interval(_)) && !matches!(r, Value::Interval(_));
            match (direction, inclusive, points) {
                (ast::Direction::Before, false, true) => {
                    datetime::before(l, r, p).or_else(|_| compare::less(l, r))
                }
                (ast::Direction::After, false, true) => {
                    datetime::after(l, r, p).or_else(|_| compare::greater(l, r))
                }
                (ast::Direction::Before, false, false) => interval::before(l, r, p),
                (ast::Direction::After, false, false) => interval::after(l, r, p),
                (ast::Direction::Before, true, _) => interval::on_or_before(l, r, p),
                (ast::Direction::After, true, _) => interval::on_or_after(l, r, p),
            }
        }
        T::Meets {
            direction,
            precision,
        } => {
            let p = precision.map(prec);
            match direction {
                None => interval::meets(l, r, p),
                Some(ast::Direction::Before) => interval::meets_before(l, r, p),
                Some(ast::Direction::After) => interval::meets_after(l, r, p),
            }
        }
        T::Overlaps {
            direction,
            precision,
        } => {
            let p = precision.map(prec);
            match direction {
                None => interval::overlaps(l, r, p),
                Some(ast::Direction::Before) => interval::overlaps_before(l, r, p),
                Some(ast::Direction::After) => interval::overlaps_after(l, r, p),
            }
        }
        T::Starts { precision } => interval::starts(l, r, precision.map(prec)),
        T::Ends { precision } => interval::ends(l, r, precision.map(prec)),
        _ => return Err("timing phrase unsupported by the probe".into()),
    })
}

fn arg(v: &[Value], i: usize) -> Value {
    v.get(i).cloned().unwrap_or(Value::Null)
}

fn call(name: &str, a: &[Value], now: &DateTime) -> R {
    let a0 = arg(a, 0);
    let a1 = arg(a, 1);
    let a2 = arg(a, 2);
    let is_str = matches!(a0, Value::String(_));
    if let Some(t) = name.strip_prefix("ConvertsTo") {
        return e(convert::converts_to(&a0, &ValueType::parse(t), 0));
    }
    e(match name {
        "Abs" => arith::abs(&a0),
        "Ceiling" => arith::ceiling(&a0),
        "Floor" => arith::floor(&a0),
        "Truncate" => arith::truncate(&a0),
        "Round" => arith::round(&a0, &a1),
        "Ln" => arith::ln(&a0),
        "Log" => arith::log(&a0, &a1),
        "Exp" => arith::exp(&a0),
        "Power" => arith::power(&a0, &a1),
        "Precision" => arith::precision(&a0),
        "LowBoundary" => arith::low_boundary(&a0, &a1),
        "HighBoundary" => arith::high_boundary(&a0, &a1),
        "Successor" => arith::successor(&a0),
        "Predecessor" => arith::predecessor(&a0),
        "Coalesce" => Ok(logic::coalesce(a)),
        "IsNull" => Ok(logic::is_null(&a0)),
        "IsTrue" => Ok(logic::is_true(&a0)),
        "IsFalse" => Ok(logic::is_false(&a0)),
        "Message" => logic::message(&a0, &a1, &a2, &arg(a, 3), &arg(a, 4)),
        "Date" => datetime::date_ctor(a),
        "DateTime" => datetime::datetime_ctor(a, 0),
        "Time" => datetime::time_ctor(a),
        "Now" => Ok(datetime::now(now)),
        "Today" => Ok(datetime::today(now)),
        "TimeOfDay" => Ok(datetime::time_of_day(now)),
        "Count" => aggregate::count(&a0),
        "Sum" => aggregate::sum(&a0),
        "Min" => aggregate::min(&a0),
        "Max" => aggregate::max(&a0),
        "Avg" => aggregate::avg(&a0),
        "Median" => aggregate::median(&a0),
        "Mode" => aggregate::mode(&a0),
        "Variance" => aggregate::variance(&a0),
        "StdDev" => aggregate::std_dev(&a0),
        "PopulationVariance" => aggregate::population_variance(&a0),
        "PopulationStdDev" => aggregate::population_std_dev(&a0),
        "AllTrue" => aggregate::all_true(&a0),
        "AnyTrue" => aggregate::any_true(&a0),
        "Product" => aggregate::product(&a0),
        "GeometricMean" => aggregate::geometric_mean(&a0),
        "Concatenate" => a
            .iter()
            .skip(1)
            .try_fold(a0.clone(), |acc, x| string::concatenate(&acc, x)),
        "Combine" => string::combine(&a0, &a1),
        "Split" => string::split(&a0, &a1),
        "SplitOnMatches" => string::split_on_matches(&a0, &a1),
        "Length" if is_str || a0.is_null() => string::length(&a0),
        "Length" => list::length(&a0),
        "Upper" => string::upper(&a0),
        "Lower" => string::lower(&a0),
        "Indexer" if is_str => string::indexer(&a0, &a1),
        "Indexer" => list::indexer(&a0, &a1),
        "PositionOf" => string::position_of(&a0, &a1),
        "LastPositionOf" => string::last_position_of(&a0, &a1),
        "Substring" => string::substring(&a0, &a1, &a2),
        "StartsWith" => string::starts_with(&a0, &a1),
        "EndsWith" => string::ends_with(&a0, &a1),
        "Matches" => string::matches(&a0, &a1),
        "ReplaceMatches" => string::replace_matches(&a0, &a1, &a2),
        "ToString" => convert::to_string_at(&a0, 0),
        "ToBoolean" => convert::to_boolean(&a0),
        "ToInteger" => convert::to_integer(&a0),
        "ToLong" => convert::to_long(&a0),
        "ToDecimal" => convert::to_decimal(&a0),
        "ToDate" => convert::to_date(&a0),
        "ToDateTime" => convert::to_datetime(&a0, 0),
        "ToTime" => convert::to_time(&a0),
        "ToQuantity" => convert::to_quantity(&a0),
        "ToConcept" => convert::to_concept(&a0),
        "ToRatio" => convert::to_ratio(&a0),
        "ConvertQuantity" => convert::convert_quantity(&a0, &a1),
        "First" => list::first(&a0),
        "Last" => list::last(&a0),
        "IndexOf" => list::index_of(&a0, &a1),
        "Skip" => list::skip(&a0, &a1),
        "Take" => list::take(&a0, &a1),
        "Tail" => list::tail(&a0),
        "Slice" => list::slice(&a0, &a1, &a2),
        "Exists" => list::exists(&a0),
        "Distinct" => list::distinct(&a0),
        "Flatten" => list::flatten(&a0),
        "SingletonFrom" => list::singleton_from(&a0),
        "Size" => interval::size(&a0),
        "Width" => interval::width(&a0),
        "Start" => interval::start(&a0),
        "End" => interval::end(&a0),
        "PointFrom" => interval::point_from(&a0),
        "Expand" => interval::expand(&a0, &a1),
        "Collapse" => interval::collapse(&a0, &a1),
        "Not" => logic::not(&a0),
        _ => return Err(format!("function {name} unsupported by the probe")),
    })
}
