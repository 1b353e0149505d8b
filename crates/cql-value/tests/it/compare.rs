use crate::support::check2;
use ww_cql_value::compare::*;

#[test]
fn equality_is_three_valued() {
    check2(equal, "true", "null", "null");
    check2(equal, "'a'", "'a'", "true");
    check2(equal, "1", "1.0", "true");
    check2(equal, "{null}", "{null}", "true");
    check2(equal, "{}", "{}", "true");
    check2(equal, "{1, 2}", "{1, 2, 3}", "false");
    check2(
        equal,
        "Tuple { Id: 1, Name: null }",
        "Tuple { Id: 1, Name: null }",
        "true",
    );
    check2(
        equal,
        "Tuple { Id: 1, Name: 'John' }",
        "Tuple { Id: 1, Name: null }",
        "null",
    );
    check2(
        equal,
        "Tuple { Id: null, Name: 'John' }",
        "Tuple { Id: 1, Name: 'James' }",
        "null",
    );
    check2(
        not_equal,
        "Tuple { Id: 1, Name: 'John' }",
        "Tuple { Id: 2, Name: null }",
        "true",
    );
    check2(equal, "Interval[1, 5)", "Interval[1, 4]", "true");
}

#[test]
fn datetime_equality_respects_precision_and_offsets() {
    check2(
        equal,
        "@2012-01-01T10:00:00.000+01:00",
        "@2012-01-01T09:00:00.000Z",
        "true",
    );
    check2(equal, "@2012-01-01", "@2012-01", "null");
    check2(equal, "@2012-02-01", "@2012-01", "false");
    check2(
        equal,
        "@2012-01-01T10:00:00",
        "@2012-01-01T10:00:00.000",
        "null",
    );
    check2(less, "@2012-01-01", "@2012-02", "true");
    check2(less, "@2012-01", "@2012-01-15", "null");
    check2(greater, "@T10:00", "@T09:59:59.999", "true");
    check2(greater_or_equal, "@T10", "@T10:30", "null");
}

#[test]
fn ordering() {
    check2(less, "'a'", "'aa'", "true");
    check2(greater, "'b'", "'a'", "true");
    check2(less_or_equal, "1", "1.0", "true");
    check2(less, "1 'g'", "1 'kg'", "true");
    check2(greater, "1 'm'", "99 'cm'", "true");
    check2(less, "null", "1", "null");
}

#[test]
fn quantity_calendar_units() {
    check2(equal, "1 day", "1 'd'", "true");
    check2(equal, "1 week", "7 days", "true");
    check2(equal, "1 week", "1 'wk'", "true");
    check2(equal, "1 year", "1 'a'", "null");
    check2(not_equal, "1 year", "1 'a'", "null");
    check2(equivalent, "1 year", "1 'a'", "true");
    check2(equivalent, "1 year", "12 months", "true");
    check2(equivalent, "1 year", "365 days", "true");
    check2(equivalent, "1 month", "30 days", "true");
}

#[test]
fn equivalence() {
    check2(equivalent, "null", "null", "true");
    check2(equivalent, "true", "null", "false");
    check2(equivalent, "'Abc  d'", "'abc d'", "true");
    check2(equivalent, "1.0", "1.00", "true");
    check2(equivalent, "1.01", "1.0", "true");
    check2(equivalent, "{1, null}", "{1, null}", "true");
    check2(equivalent, "{1}", "{1, null}", "false");
    check2(equivalent, "Tuple { a: null }", "Tuple { a: null }", "true");
    check2(equivalent, "@2012-01-01", "@2012-01", "false");
    check2(equivalent, "Interval[1, 5]", "Interval[1, 6)", "true");
}

#[test]
fn code_equivalence_is_system_and_code() {
    use std::sync::Arc;
    use ww_cql_value::{Code, Concept, Value};
    let c = |code: &str, display: &str| {
        Value::Code(Arc::new(Code {
            code: Some(code.into()),
            system: Some("http://loinc.org".into()),
            display: Some(display.into()),
            ..Default::default()
        }))
    };
    assert_eq!(
        equivalent(&c("1", "a"), &c("1", "b"))
            .unwrap()
            .to_cql_literal(),
        "true"
    );
    assert_eq!(
        equal(&c("1", "a"), &c("1", "b")).unwrap().to_cql_literal(),
        "false"
    );
    assert_eq!(
        equivalent(&c("1", "a"), &c("2", "a"))
            .unwrap()
            .to_cql_literal(),
        "false"
    );
    let Value::Code(inner) = c("1", "x") else {
        unreachable!()
    };
    let concept = Value::Concept(Arc::new(Concept {
        codes: vec![(*inner).clone()],
        display: None,
    }));
    assert_eq!(
        equivalent(&concept, &c("1", "y")).unwrap().to_cql_literal(),
        "true"
    );
}
