//! Property tests: date arithmetic round trips, comparison antisymmetry, Decimal
//! add/sub round trips, interval relations, and no panics on arbitrary operands.

use proptest::prelude::*;
use ww_cql_value::{
    aggregate, arith, compare, datetime, interval, list, string, Date, Decimal, Precision,
    Quantity, Value,
};

fn arb_date() -> impl Strategy<Value = Date> {
    (1900i32..2100, 1u8..=12, 1u8..=28)
        .prop_map(|(y, m, d)| Date::new(y, Some(m), Some(d)).unwrap())
}

fn arb_decimal() -> impl Strategy<Value = Decimal> {
    (-1_000_000_000_000i128..1_000_000_000_000i128).prop_map(|u| Decimal::from_units(u, 8).unwrap())
}

fn arb_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Boolean),
        any::<i32>().prop_map(Value::Integer),
        any::<i64>().prop_map(Value::Long),
        arb_decimal().prop_map(Value::Decimal),
        "[a-z ]{0,5}".prop_map(Value::string),
        arb_date().prop_map(Value::Date),
        (
            arb_decimal(),
            prop_oneof![Just("g"), Just("mg"), Just("day"), Just("cm")]
        )
            .prop_map(|(d, u)| Value::Quantity(Quantity::new(d, u))),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::list),
            (inner.clone(), any::<bool>(), inner, any::<bool>())
                .prop_map(|(a, ac, b, bc)| Value::interval(a, ac, b, bc)),
        ]
    })
}

proptest! {
    #[test]
    fn add_then_subtract_days_is_identity(d in arb_date(), n in -5000i64..5000) {
        let q = Quantity::new(Decimal::from_i64(n), "day");
        let v = Value::Date(d);
        let there = datetime::add_duration(&v, &q, 1).unwrap();
        let back = datetime::add_duration(&there, &q, -1).unwrap();
        prop_assert_eq!(back.to_cql_literal(), v.to_cql_literal());
    }

    #[test]
    fn days_between_matches_added_days(d in arb_date(), n in -5000i64..5000) {
        let v = Value::Date(d);
        let there = datetime::add_duration(&v, &Quantity::new(Decimal::from_i64(n), "day"), 1).unwrap();
        let between = datetime::duration_between(&v, &there, Precision::Day).unwrap();
        prop_assert_eq!(between.to_cql_literal(), n.to_string());
    }

    #[test]
    fn comparison_is_antisymmetric(a in arb_date(), b in arb_date()) {
        let (x, y) = (Value::Date(a), Value::Date(b));
        let lt = compare::less(&x, &y).unwrap().as_bool();
        let gt = compare::greater(&y, &x).unwrap().as_bool();
        prop_assert_eq!(lt, gt);
        let le = compare::less_or_equal(&x, &y).unwrap().as_bool().unwrap();
        let ge = compare::less_or_equal(&y, &x).unwrap().as_bool().unwrap();
        prop_assert!(le || ge);
    }

    #[test]
    fn decimal_add_sub_round_trip(a in arb_decimal(), b in arb_decimal()) {
        let s = arith::add(&Value::Decimal(a), &Value::Decimal(b)).unwrap();
        let back = arith::subtract(&s, &Value::Decimal(b)).unwrap();
        prop_assert_eq!(compare::equal(&back, &Value::Decimal(a)).unwrap().as_bool(), Some(true));
    }

    #[test]
    fn point_in_interval_iff_between_bounds(lo in -100i32..100, len in 0i32..50, p in -200i32..200) {
        let iv = Value::interval(Value::Integer(lo), true, Value::Integer(lo + len), true);
        let inside = interval::contains(&iv, &Value::Integer(p), None).unwrap().as_bool().unwrap();
        prop_assert_eq!(inside, p >= lo && p <= lo + len);
        let before = interval::before(&iv, &Value::Integer(p), None).unwrap().as_bool().unwrap();
        prop_assert_eq!(before, p > lo + len);
    }

    #[test]
    fn union_of_overlapping_intervals_includes_both(a in -50i32..50, b in 0i32..30, c in 0i32..30) {
        let x = Value::interval(Value::Integer(a), true, Value::Integer(a + b), true);
        let y = Value::interval(Value::Integer(a + b), true, Value::Integer(a + b + c), true);
        let u = interval::union(&x, &y).unwrap();
        prop_assert_eq!(interval::includes(&u, &x, None).unwrap().as_bool(), Some(true));
        prop_assert_eq!(interval::includes(&u, &y, None).unwrap().as_bool(), Some(true));
    }

    #[test]
    fn no_operator_panics(a in arb_value(), b in arb_value()) {
        let binary: [fn(&Value, &Value) -> ww_cql_value::Result<Value>; 16] = [
            arith::add, arith::subtract, arith::multiply, arith::divide, arith::modulo,
            arith::truncated_divide, arith::power, compare::equal, compare::equivalent,
            compare::less, list::union, list::except, interval::union, interval::intersect,
            interval::except, string::concatenate,
        ];
        for f in binary {
            let _ = f(&a, &b);
        }
        for p in [None, Some(Precision::Day)] {
            let _ = interval::overlaps(&a, &b, p);
            let _ = interval::includes(&a, &b, p);
            let _ = interval::meets(&a, &b, p);
            let _ = datetime::same_as(&a, &b, p);
        }
        let unary: [fn(&Value) -> ww_cql_value::Result<Value>; 12] = [
            arith::negate, arith::abs, arith::successor, arith::predecessor, arith::ln,
            arith::exp, aggregate::sum, aggregate::avg, aggregate::median, list::distinct,
            interval::width, interval::collapse_default,
        ];
        for f in unary {
            let _ = f(&a);
        }
        let _ = a.to_cql_literal();
    }
}

fn arb_temporal() -> impl Strategy<Value = Value> {
    let fields = (
        1i32..=9999,
        1i32..=12,
        1i32..=28,
        0i32..24,
        0i32..60,
        0i32..60,
        0i32..1000,
    );
    (fields, 0usize..7, -14i32 * 60..=14 * 60, 0u8..3).prop_map(|(f, n, off, kind)| {
        let all = [
            Some(f.0),
            Some(f.1),
            Some(f.2),
            Some(f.3),
            Some(f.4),
            Some(f.5),
            Some(f.6),
        ];
        let mut cut = [None; 7];
        cut[..=n].copy_from_slice(&all[..=n]);
        match kind {
            0 => ww_cql_value::DateTime::from_fields(cut, off).map_or(Value::Null, Value::DateTime),
            1 => Date::new(
                f.0,
                (n >= 1).then_some(f.1 as u8),
                (n >= 2).then_some(f.2 as u8),
            )
            .map_or(Value::Null, Value::Date),
            _ => ww_cql_value::Time::from_fields([
                Some(f.3),
                (n >= 1).then_some(f.4),
                (n >= 2).then_some(f.5),
                (n >= 3).then_some(f.6),
            ])
            .map_or(Value::Null, Value::Time),
        }
    })
}

fn arb_precision() -> impl Strategy<Value = Precision> {
    (0usize..8).prop_map(|i| {
        [
            Precision::Year,
            Precision::Month,
            Precision::Week,
            Precision::Day,
            Precision::Hour,
            Precision::Minute,
            Precision::Second,
            Precision::Millisecond,
        ][i]
    })
}

proptest! {
    #[test]
    fn no_temporal_operator_panics(a in arb_temporal(), b in arb_temporal(), p in arb_precision(), n in -100_000i64..100_000) {
        let q = Quantity::new(Decimal::from_i64(n), p.name());
        let _ = datetime::add_duration(&a, &q, 1);
        let _ = datetime::add_duration(&a, &q, -1);
        let _ = datetime::duration_between(&a, &b, p);
        let _ = datetime::difference_between(&a, &b, p);
        let _ = datetime::component(&a, p);
        let _ = datetime::same_as(&a, &b, Some(p));
        let _ = datetime::same_or_before(&a, &b, None);
        let _ = compare::less(&a, &b);
        let _ = compare::equivalent(&a, &b);
        let _ = arith::successor(&a);
        let _ = arith::predecessor(&a);
        let _ = arith::high_boundary(&a, &Value::Integer(17));
        let _ = ww_cql_value::convert::to_string_at(&a, 0);
        let iv = Value::interval(a.clone(), true, b.clone(), true);
        let _ = interval::expand(&iv, &Value::Quantity(Quantity::new(Decimal::ONE, "day")));
        let _ = interval::collapse(&Value::list(vec![iv.clone(), iv]), &Value::Null);
    }

    #[test]
    fn difference_and_duration_agree_in_sign(a in arb_date(), b in arb_date()) {
        let (x, y) = (Value::Date(a), Value::Date(b));
        for p in [Precision::Year, Precision::Month, Precision::Week, Precision::Day] {
            let dur = datetime::duration_between(&x, &y, p).unwrap();
            let diff = datetime::difference_between(&x, &y, p).unwrap();
            let (Value::Integer(d1), Value::Integer(d2)) = (dur, diff) else {
                return Err(TestCaseError::fail("dates of day precision give exact answers"));
            };
            // Whole periods never exceed boundaries crossed, and share the sign.
            prop_assert!(d1.abs() <= d2.abs());
            prop_assert!(d1 == 0 || d1.signum() == d2.signum());
        }
    }

    #[test]
    fn adding_months_clamps_to_month_end(y in 1900i32..2100, n in -48i64..48) {
        // From the 31st of January, every month lands on its last day.
        let d = Date::new(y, Some(1), Some(31)).unwrap();
        let r = datetime::add_duration(&Value::Date(d), &Quantity::new(Decimal::from_i64(n), "month"), 1).unwrap();
        let Value::Date(r) = r else { return Err(TestCaseError::fail("date expected")) };
        prop_assert_eq!(r.day, ww_cql_value::temporal::days_in_month(r.year, r.month));
    }

    #[test]
    fn sort_is_total_and_stable(xs in prop::collection::vec(prop_oneof![Just(Value::Null), (-50i32..50).prop_map(Value::Integer)], 0..20)) {
        let sorted = list::sort(&Value::list(xs.clone()), false).unwrap();
        let s = sorted.as_list().unwrap();
        prop_assert_eq!(s.len(), xs.len());
        for w in s.windows(2) {
            prop_assert!(compare::sort_cmp(&w[0], &w[1]) != std::cmp::Ordering::Greater);
        }
    }
}

proptest! {
    #[test]
    fn unit_algebra_never_panics(u1 in "[a-zA-Z0-9./\\-\\[\\]_%]{0,12}", u2 in "[a-zA-Z0-9./\\-\\[\\]_%]{0,12}", v in arb_decimal()) {
        let a = Value::Quantity(Quantity::new(v, &u1));
        let b = Value::Quantity(Quantity::new(Decimal::ONE, &u2));
        let _ = arith::multiply(&a, &b);
        let _ = arith::divide(&a, &b);
        let _ = arith::add(&a, &b);
        let _ = compare::equivalent(&a, &b);
        let _ = ww_cql_value::convert::convert_quantity(&a, &Value::string(&u2));
        let _ = ww_cql_value::convert::to_quantity(&Value::string(format!("{v} '{u1}'")));
    }

    #[test]
    fn string_operators_never_panic(s in "\\PC{0,12}", t in "\\PC{0,4}", i in -3i32..20, n in -3i32..20) {
        let (a, b) = (Value::string(&s), Value::string(&t));
        let _ = string::substring(&a, &Value::Integer(i), &Value::Integer(n));
        let _ = string::indexer(&a, &Value::Integer(i));
        let _ = string::position_of(&b, &a);
        let _ = string::last_position_of(&b, &a);
        let _ = string::split(&a, &b);
        let _ = string::matches(&a, &b);
        let _ = string::replace_matches(&a, &b, &b);
        let _ = string::split_on_matches(&a, &b);
        let _ = ww_cql_value::convert::to_datetime(&a, 0);
        let _ = ww_cql_value::convert::to_time(&a);
        let _ = ww_cql_value::convert::to_date(&a);
        let _ = ww_cql_value::convert::to_ratio(&a);
        let _ = ww_cql_value::literal::parse_temporal_literal(&s, 0);
        let _ = ww_cql_value::literal::parse_number(&s);
    }
}
