//! Dispatch of built-in operators to the value crate (CQL Appendix B), choosing the
//! list, interval or point form by the operands' run-time types, and applying the
//! FHIRHelpers implicit conversions to FHIR operands of System operators.

use super::{err, Ctx, EvalResult};
use crate::fhir::helpers;
use crate::ir::{Ir, Op};
use std::sync::Arc;
use ww_cql_value::{
    aggregate as agg, arith, compare, convert, datetime as dt, interval as iv, list, logic, string,
    Code, Precision, Value, ValueType,
};

fn is_iv(v: &Value) -> bool {
    matches!(v, Value::Interval(_))
}

fn is_list(v: &Value) -> bool {
    matches!(v, Value::List(_))
}

/// Operators that work on FHIR values as they are (no implicit conversion).
fn structural(op: Op) -> bool {
    use Op::*;
    matches!(
        op,
        Exists
            | Count
            | First
            | Last
            | SingletonFrom
            | Flatten
            | IsNull
            | IsNotNull
            | Coalesce
            | Indexer
            | Tail
            | Skip
            | Take
            | Slice
            | ToList
            | Union
            | Intersect
            | Except
            | Distinct
            | IndexOf
    )
}

/// True when an expression is statically a list (a list selector or `as List<T>`).
fn static_list(ir: &Ir) -> bool {
    matches!(ir, Ir::List(_) | Ir::As(_, crate::ir::TypeSpec::List(_), _))
}

fn null() -> EvalResult {
    Ok(Value::Null)
}

impl Ctx<'_> {
    /// Evaluates a built-in operator.
    pub(super) fn op(&mut self, op: Op, args: &[Ir]) -> EvalResult {
        let mut v = Vec::with_capacity(args.len());
        let off = self.offset();
        let conv = !structural(op);
        for a in args {
            let x = self.eval(a)?;
            v.push(if conv { helpers::to_system(&x, off) } else { x });
        }
        let a = v.first().cloned().unwrap_or(Value::Null);
        let b = v.get(1).cloned().unwrap_or(Value::Null);
        let c = v.get(2).cloned().unwrap_or(Value::Null);
        // A null that is statically a list (`null as List<T>`) behaves as an empty list
        // where the list overloads define that (Length, proper containment).
        let typed_list_null =
            |i: usize| v.get(i).is_some_and(Value::is_null) && args.get(i).is_some_and(static_list);
        use Op::*;
        match op {
            Length if typed_list_null(0) => return Ok(Value::Integer(0)),
            ProperIncludes(_) | ProperContains if typed_list_null(0) => {
                return Ok(Value::Boolean(false))
            }
            ProperIncludedIn(_) | ProperIn if typed_list_null(1) => {
                return Ok(Value::Boolean(false))
            }
            _ => {}
        }
        match op {
            Not => logic::not(&a),
            Xor => logic::xor(&a, &b),
            IsNull => Ok(logic::is_null(&a)),
            IsNotNull => Ok(Value::Boolean(!a.is_null())),
            IsTrue => Ok(logic::is_true(&a)),
            IsNotTrue => Ok(Value::Boolean(a.as_bool() != Some(true))),
            IsFalse => Ok(logic::is_false(&a)),
            IsNotFalse => Ok(Value::Boolean(a.as_bool() != Some(false))),
            Coalesce => {
                if v.len() == 1 {
                    if let Value::List(items) = &a {
                        return Ok(logic::coalesce(items));
                    }
                }
                Ok(logic::coalesce(&v))
            }
            Message => logic::message(&a, &b, &c, &v[3], &v[4]),
            Equal => compare::equal(&a, &b),
            NotEqual => compare::not_equal(&a, &b),
            Equivalent => compare::equivalent(&a, &b),
            NotEquivalent => logic::not(&compare::equivalent(&a, &b)?),
            Less => compare::less(&a, &b),
            LessOrEqual => compare::less_or_equal(&a, &b),
            Greater => compare::greater(&a, &b),
            GreaterOrEqual => compare::greater_or_equal(&a, &b),
            Add => arith::add(&a, &b),
            Subtract => arith::subtract(&a, &b),
            Multiply => arith::multiply(&a, &b),
            Divide => arith::divide(&a, &b),
            TruncatedDivide => arith::truncated_divide(&a, &b),
            Modulo => arith::modulo(&a, &b),
            Power => arith::power(&a, &b),
            Negate => arith::negate(&a),
            Abs => arith::abs(&a),
            Ceiling => arith::ceiling(&a),
            Floor => arith::floor(&a),
            Truncate => arith::truncate(&a),
            Round => arith::round(&a, &b),
            Ln => arith::ln(&a),
            Log => arith::log(&a, &b),
            Exp => arith::exp(&a),
            Successor => arith::successor(&a),
            Predecessor => arith::predecessor(&a),
            Precision => arith::precision(&a),
            LowBoundary => arith::low_boundary(&a, &b),
            HighBoundary => arith::high_boundary(&a, &b),
            MinValue(t) => arith::min_value(&ValueType::parse(t)),
            MaxValue(t) => arith::max_value(&ValueType::parse(t)),
            Concatenate => {
                let mut acc = a.clone();
                for x in &v[1..] {
                    acc = string::concatenate(&acc, x)?;
                }
                Ok(acc)
            }
            ConcatenateAmp => string::concatenate_amp(&a, &b),
            Combine => string::combine(&a, &b),
            Split => string::split(&a, &b),
            SplitOnMatches => string::split_on_matches(&a, &b),
            Length => match a {
                Value::List(_) => list::length(&a),
                _ => string::length(&a),
            },
            Upper => string::upper(&a),
            Lower => string::lower(&a),
            PositionOf => string::position_of(&a, &b),
            LastPositionOf => string::last_position_of(&a, &b),
            Substring => string::substring(&a, &b, &c),
            StartsWith => string::starts_with(&a, &b),
            EndsWith => string::ends_with(&a, &b),
            Matches => string::matches(&a, &b),
            ReplaceMatches => string::replace_matches(&a, &b, &c),
            Indexer => match a {
                Value::String(_) => string::indexer(&a, &b),
                _ => list::indexer(&a, &b),
            },
            ToBoolean => convert::to_boolean(&a),
            ToInteger => convert::to_integer(&a),
            ToLong => convert::to_long(&a),
            ToDecimal => convert::to_decimal(&a),
            ToString => convert::to_string(&a),
            ToDate => convert::to_date(&a),
            ToDateTime => convert::to_datetime(&a, off),
            ToTime => convert::to_time(&a),
            ToQuantity => convert::to_quantity(&a),
            ToRatio => convert::to_ratio(&a),
            ToConcept => convert::to_concept(&a),
            ToCode | ToInterval | FhirToSystem => Ok(a),
            ToList => Ok(if a.is_null() {
                Value::list(Vec::new())
            } else {
                Value::list(vec![a])
            }),
            ConvertsTo(t) => convert::converts_to(&a, &ValueType::parse(t), off),
            ConvertQuantity => convert::convert_quantity(&a, &b),
            CanConvertQuantity => Ok(match convert::convert_quantity(&a, &b) {
                Ok(x) if a.is_null() || b.is_null() => x,
                Ok(x) => Value::Boolean(!x.is_null()),
                Err(_) => Value::Boolean(false),
            }),
            Now => Ok(dt::now(&self.now)),
            Today => Ok(dt::today(&self.now)),
            TimeOfDay => Ok(dt::time_of_day(&self.now)),
            DateCtor => dt::date_ctor(&v),
            DateTimeCtor => dt::datetime_ctor(&v, off),
            TimeCtor => dt::time_ctor(&v),
            Component(p) => dt::component(&a, p),
            DateFrom => dt::date_from(&a),
            TimeFrom => dt::time_from(&a),
            TimezoneOffsetFrom => dt::timezone_offset_from(&a),
            DurationBetween(p) => dt::duration_between(&a, &b, p),
            DifferenceBetween(p) => dt::difference_between(&a, &b, p),
            SameAs(p) => same(&a, &b, p, 0),
            SameOrBefore(p) => same(&a, &b, p, -1),
            SameOrAfter(p) => same(&a, &b, p, 1),
            Before(p) => {
                if is_iv(&a) || is_iv(&b) {
                    iv::before(&a, &b, p)
                } else {
                    dt::before(&a, &b, p)
                }
            }
            After(p) => {
                if is_iv(&a) || is_iv(&b) {
                    iv::after(&a, &b, p)
                } else {
                    dt::after(&a, &b, p)
                }
            }
            In(p) => self.membership(&a, &b, p),
            Contains(p) => self.membership(&b, &a, p),
            EquivalentIn => Ok(match &b {
                Value::List(items) => Value::Boolean(items.iter().any(|x| compare::equiv(&a, x))),
                Value::Null => Value::Boolean(false),
                _ => return self.membership(&a, &b, None),
            }),
            Includes(p) => includes(&a, &b, p, false),
            IncludedIn(p) => includes(&b, &a, p, false),
            ProperIncludes(p) => includes(&a, &b, p, true),
            ProperIncludedIn(p) => includes(&b, &a, p, true),
            ProperContains => list::proper_contains_element(&a, &b),
            ProperIn => list::proper_contains_element(&b, &a),
            Meets(p) => iv::meets(&a, &b, p),
            MeetsBefore(p) => iv::meets_before(&a, &b, p),
            MeetsAfter(p) => iv::meets_after(&a, &b, p),
            Overlaps(p) => iv::overlaps(&a, &b, p),
            OverlapsBefore(p) => iv::overlaps_before(&a, &b, p),
            OverlapsAfter(p) => iv::overlaps_after(&a, &b, p),
            Starts(p) => iv::starts(&a, &b, p),
            Ends(p) => iv::ends(&a, &b, p),
            Start => iv::start(&a),
            End => iv::end(&a),
            PointStart => {
                if is_iv(&a) {
                    iv::start(&a)
                } else {
                    Ok(a)
                }
            }
            PointEnd => {
                if is_iv(&a) {
                    iv::end(&a)
                } else {
                    Ok(a)
                }
            }
            Width => iv::width(&a),
            Size => iv::size(&a),
            PointFrom => iv::point_from(&a),
            Collapse => iv::collapse(&a, &b),
            Expand => iv::expand(&a, &b),
            Union => {
                if is_iv(&a) || is_iv(&b) {
                    iv::union(&a, &b)
                } else {
                    list::union(&a, &b)
                }
            }
            Intersect => {
                if is_iv(&a) || is_iv(&b) {
                    iv::intersect(&a, &b)
                } else {
                    list::intersect(&a, &b)
                }
            }
            Except => {
                if is_iv(&a) || is_iv(&b) {
                    iv::except(&a, &b)
                } else {
                    list::except(&a, &b)
                }
            }
            Exists => list::exists(&a),
            Distinct => list::distinct(&a),
            Flatten => list::flatten(&a),
            First => list::first(&a),
            Last => list::last(&a),
            IndexOf => list::index_of(&a, &b),
            Slice => list::slice(&a, &b, &c),
            Skip => list::skip(&a, &b),
            Take => list::take(&a, &b),
            Tail => list::tail(&a),
            SingletonFrom => list::singleton_from(&a),
            SortList(desc) => list::sort(&a, desc),
            Count => agg::count(&a),
            Sum => agg::sum(&a),
            Product => agg::product(&a),
            Min => agg::min(&a),
            Max => agg::max(&a),
            Avg => agg::avg(&a),
            Median => agg::median(&a),
            Mode => agg::mode(&a),
            Variance => agg::variance(&a),
            PopulationVariance => agg::population_variance(&a),
            StdDev => agg::std_dev(&a),
            PopulationStdDev => agg::population_std_dev(&a),
            AllTrue => agg::all_true(&a),
            AnyTrue => agg::any_true(&a),
            GeometricMean => agg::geometric_mean(&a),
            InValueSet | AnyInValueSet => self.in_value_set(&a, &b),
            InCodeSystem => self.membership(&a, &b, None),
            ExpandValueSet => self.expand_value_set(&a),
            AgeIn(p) => {
                let birth = self.birth_date()?;
                let asof = self.age_reference(p);
                age(&birth, &asof, p)
            }
            AgeInAt(p) => {
                let birth = self.birth_date()?;
                age(&birth, &a, p)
            }
            CalculateAgeIn(p) => {
                let asof = self.age_reference(p);
                age(&a, &asof, p)
            }
            CalculateAgeInAt(p) => age(&a, &b, p),
        }
    }

    /// `x in L` / `x in I` / `code in "ValueSet"` / `code in "CodeSystem"`.
    fn membership(&mut self, x: &Value, coll: &Value, p: Option<Precision>) -> EvalResult {
        match coll {
            Value::List(_) => list::in_list(x, coll),
            Value::Interval(_) => iv::in_interval(x, coll, p),
            Value::Resource(r) if r.type_name == "ValueSet" => self.in_value_set(x, coll),
            Value::Resource(r) if r.type_name == "CodeSystem" => {
                let url = r.json.get("url").and_then(|u| u.as_str()).unwrap_or("");
                let codes = helpers::codes_of(x);
                if x.is_null() {
                    return null();
                }
                Ok(Value::Boolean(
                    codes.iter().any(|(s, _)| s.as_deref() == Some(url)),
                ))
            }
            Value::Null => {
                if is_iv(x) || matches!(x, Value::Null) {
                    null()
                } else {
                    iv::in_interval(x, coll, p)
                }
            }
            _ => Err(err(format!(
                "'in' is not defined for a {} on the right",
                coll.type_name()
            ))),
        }
    }

    /// Value-set membership of a String, Code, Concept or list of codes.
    fn in_value_set(&mut self, x: &Value, vs: &Value) -> EvalResult {
        let Value::Resource(r) = vs else {
            return if vs.is_null() {
                null()
            } else {
                Err(err("not a value set"))
            };
        };
        let id = r.json.get("url").and_then(|u| u.as_str()).unwrap_or("");
        if x.is_null() {
            return null();
        }
        for (system, code) in helpers::codes_of(x) {
            let system = system.unwrap_or_default();
            match self.terminology.in_value_set(id, &system, &code) {
                Some(true) => return Ok(Value::Boolean(true)),
                Some(false) => {}
                None => {
                    return Err(err(format!(
                        "value set '{id}' is not known to the terminology provider"
                    )))
                }
            }
        }
        if self.terminology.expand(id).is_none() {
            return Err(err(format!(
                "value set '{id}' is not known to the terminology provider"
            )));
        }
        Ok(Value::Boolean(false))
    }

    fn expand_value_set(&mut self, vs: &Value) -> EvalResult {
        let Value::Resource(r) = vs else {
            return null();
        };
        let id = r.json.get("url").and_then(|u| u.as_str()).unwrap_or("");
        let codes = self.terminology.expand(id).ok_or_else(|| {
            err(format!(
                "value set '{id}' is not known to the terminology provider"
            ))
        })?;
        Ok(Value::list(
            codes
                .into_iter()
                .map(|(s, c)| {
                    Value::Code(Arc::new(Code {
                        code: Some(c),
                        system: Some(s),
                        version: None,
                        display: None,
                    }))
                })
                .collect(),
        ))
    }

    /// The context patient's birth date (Patient.birthDate).
    fn birth_date(&mut self) -> EvalResult {
        let pats = self.retrieve_type("Patient")?;
        let Some(Value::Resource(p)) = pats.first() else {
            return null();
        };
        Ok(helpers::member(p, "birthDate", self.offset()))
    }

    /// Today() for calendar precisions, Now() for time precisions.
    fn age_reference(&self, p: Precision) -> Value {
        if p <= Precision::Day {
            dt::today(&self.now)
        } else {
            dt::now(&self.now)
        }
    }
}

fn age(birth: &Value, asof: &Value, p: Precision) -> EvalResult {
    let asof = match (birth, asof) {
        (Value::Date(_), Value::DateTime(_)) => dt::date_from(asof)?,
        _ => asof.clone(),
    };
    let birth = match (birth, &asof) {
        (Value::DateTime(_), Value::Date(_)) => dt::date_from(birth)?,
        _ => birth.clone(),
    };
    dt::duration_between(&birth, &asof, p)
}

/// `same [precision] as|or before|or after` for points, and for intervals (both ends).
fn same(a: &Value, b: &Value, p: Option<Precision>, dir: i32) -> EvalResult {
    if is_iv(a) || is_iv(b) {
        return match dir {
            0 => {
                let s = same(&iv::start(a)?, &iv::start(b)?, p, 0)?;
                let e = same(&iv::end(a)?, &iv::end(b)?, p, 0)?;
                logic::and(&s, &e)
            }
            d if d < 0 => iv::on_or_before(a, b, p),
            _ => iv::on_or_after(a, b, p),
        };
    }
    match dir {
        0 => dt::same_as(a, b, p),
        d if d < 0 => dt::same_or_before(a, b, p),
        _ => dt::same_or_after(a, b, p),
    }
}

/// `a includes b` for lists and intervals, `b` an element/point or a collection.
fn includes(a: &Value, b: &Value, p: Option<Precision>, proper: bool) -> EvalResult {
    match (a, b) {
        (Value::List(_), Value::List(_)) | (Value::Null, Value::List(_)) => {
            if proper {
                list::proper_includes(a, b)
            } else {
                list::includes(a, b)
            }
        }
        (Value::List(_), Value::Null) if !proper => Ok(Value::Null),
        (Value::List(_), _) => {
            if proper {
                list::proper_contains_element(a, b)
            } else {
                list::contains(a, b)
            }
        }
        (_, Value::Interval(_)) | (Value::Null, Value::Null) => {
            if proper {
                iv::proper_includes(a, b, p)
            } else {
                iv::includes(a, b, p)
            }
        }
        (Value::Interval(_), _) | (Value::Null, _) => {
            if proper {
                iv::proper_includes(a, b, p)
            } else {
                iv::contains(a, b, p)
            }
        }
        _ if is_list(b) => list::includes(a, b),
        _ => Err(err(format!(
            "'includes' is not defined for {} and {}",
            a.type_name(),
            b.type_name()
        ))),
    }
}
