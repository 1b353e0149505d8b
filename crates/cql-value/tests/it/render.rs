use crate::support::lit;
use ww_cql_value::{literal, Decimal, Value};

fn round_trip(text: &str) {
    assert_eq!(lit(text).to_cql_literal(), text);
}

#[test]
fn literals_render_as_the_suite_writes_them() {
    for t in [
        "null",
        "true",
        "5",
        "-5",
        "5L",
        "2.0",
        "0.3",
        "-1.25",
        "'it\\'s'",
        "5.0 'g'",
        "3.0 days",
        "1.0 day",
        "@2024-03-01",
        "@2024-03",
        "@2024-03-01T10:00:00.000+02:00",
        "@2024-03-01T+00:00",
        "@2016T+00:00",
        "@T10:00",
        "@T10:00:00.000",
        "Interval[1, 5]",
        "Interval(null, 5]",
        "Interval[1, 5)",
        "{1, 2}",
        "{}",
        "Tuple { a: 1, b: 'x' }",
    ] {
        round_trip(t);
    }
}

#[test]
fn decimals_drop_trailing_zeros_but_keep_one() {
    assert_eq!(Value::decimal_from_str("1.50").to_cql_literal(), "1.5");
    assert_eq!(Value::decimal_from_str("2").to_cql_literal(), "2.0");
    assert_eq!(
        Value::Decimal(Decimal::MAX).to_cql_literal(),
        "99999999999999999999.99999999"
    );
    assert_eq!(
        Value::Decimal(Decimal::MIN).to_cql_literal(),
        "-99999999999999999999.99999999"
    );
}

#[test]
fn string_escapes() {
    assert_eq!(
        Value::string("a\nb\t'\\").to_cql_literal(),
        "'a\\nb\\t\\'\\\\'"
    );
}

#[test]
fn datetime_without_offset_takes_the_default() {
    let v = literal::parse_temporal_literal("@2024-01-01T10:00", 120).unwrap();
    assert_eq!(v.to_cql_literal(), "@2024-01-01T10:00+02:00");
    let z = literal::parse_temporal_literal("@2012-01-01T12:00:00.000Z", 120).unwrap();
    assert_eq!(z.to_cql_literal(), "@2012-01-01T12:00:00.000+00:00");
}

#[test]
fn number_literals() {
    assert_eq!(
        literal::parse_number("2147483647")
            .unwrap()
            .to_cql_literal(),
        "2147483647"
    );
    assert!(literal::parse_number("2147483648").is_err());
    assert_eq!(
        literal::parse_number("-2147483648")
            .unwrap()
            .to_cql_literal(),
        "-2147483648"
    );
    assert_eq!(literal::parse_number("1L").unwrap().to_cql_literal(), "1L");
    assert_eq!(
        literal::parse_number("9223372036854775807L")
            .unwrap()
            .to_cql_literal(),
        "9223372036854775807L"
    );
    assert!(literal::parse_number("9223372036854775808L").is_err());
    assert!(literal::parse_decimal("12345678901234567890123456789.5").is_err());
    assert!(literal::parse_decimal("0.000000001").is_err());
}

#[test]
fn invalid_temporal_literals_are_errors() {
    for t in [
        "@2014-13-01",
        "@2014-02-30",
        "@T25:00",
        "@2014-01-01T10:61",
        "2014-01-01",
    ] {
        assert!(literal::parse_temporal_literal(t, 0).is_err(), "{t}");
    }
}

#[test]
fn code_and_concept_render() {
    use std::sync::Arc;
    use ww_cql_value::{Code, Concept};
    let c = Code {
        code: Some("1".into()),
        system: Some("x".into()),
        ..Default::default()
    };
    assert_eq!(
        Value::Code(Arc::new(c.clone())).to_cql_literal(),
        "Code { code: '1', system: 'x' }"
    );
    let k = Concept {
        codes: vec![c],
        display: Some("d".into()),
    };
    assert_eq!(
        Value::Concept(Arc::new(k)).to_cql_literal(),
        "Concept { codes: {Code { code: '1', system: 'x' }}, display: 'd' }"
    );
    assert_eq!(
        Value::tuple(vec![("b c".into(), Value::Integer(1))]).to_cql_literal(),
        "Tuple { \"b c\": 1 }"
    );
}
