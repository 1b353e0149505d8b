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
