use crate::support::{check1, lit};
use ww_cql_value::{convert::*, ValueType};

#[test]
fn conversions() {
    check1(to_boolean, "'NO'", "false");
    check1(to_boolean, "'y'", "true");
    check1(to_boolean, "'maybe'", "null");
    check1(to_integer, "'-25'", "-25");
    check1(to_integer, "'foo'", "null");
    check1(to_integer, "'2147483648'", "null");
    check1(to_long, "'12'", "12L");
    check1(to_decimal, "'+25.5'", "25.5");
    check1(to_decimal, "5", "5.0");
    check1(to_string, "125 'cm'", "'125 \\'cm\\''");
    check1(to_string, "5.5 'cm'", "'5.5 \\'cm\\''");
    check1(to_string, "18.55", "'18.55'");
    check1(to_string, "-5", "'-5'");
    check1(to_string, "true", "'true'");
    // Both reference engines omit the evaluation offset (suite: DateTimeToString1/2).
    check1(|v| to_string_at(v, 0), "@2000-01-01T", "'2000-01-01'");
    check1(
        |v| to_string_at(v, 0),
        "@2000-01-01T15:25:25.300",
        "'2000-01-01T15:25:25.300'",
    );
    check1(
        |v| to_string_at(v, 60),
        "@2000-01-01T15:25:25.300Z",
        "'2000-01-01T15:25:25.300+00:00'",
    );
    check1(to_string, "@T09:30:01.003", "'09:30:01.003'");
    check1(
        to_string,
        "@2000-01-01T08:25:25.300-07:00",
        "'2000-01-01T08:25:25.300-07:00'",
    );
    check1(to_date, "'2014-01-01'", "@2014-01-01");
    check1(to_date, "@2014-01-01T23:00:00-05:00", "@2014-01-01");
    check1(to_date, "'2014/01/01'", "null");
    check1(
        |v| to_datetime(v, 0),
        "'2014-01-01T12:05:05.955Z'",
        "@2014-01-01T12:05:05.955+00:00",
    );
    check1(|v| to_datetime(v, 60), "'2014-01-01'", "@2014-01-01T+01:00");
    check1(|v| to_datetime(v, 0), "'2014/01/01T12:05:05.955Z'", "null");
    check1(|v| to_datetime(v, 0), "@2014-01-01", "@2014-01-01T+00:00");
    check1(to_time, "'T14:30:00.0'", "@T14:30:00.000");
    check1(to_time, "'T14:30:00.0-05:45'", "@T14:30:00.000");
    check1(to_time, "'T14-30-00.0'", "null");
    check1(to_quantity, "'5.5 \\'cm\\''", "5.5 'cm'");
    check1(to_quantity, "'5 days'", "5.0 days");
    check1(to_quantity, "5", "5.0 '1'");
    check1(
        to_ratio,
        "'1.0 \\'mg\\':2.0 \\'mL\\''",
        "1.0 'mg' : 2.0 'mL'",
    );
    let c = converts_to(&lit("'abc'"), &ValueType::Integer, 0).unwrap();
    assert_eq!(c.to_cql_literal(), "false");
    let c = converts_to(&lit("'12'"), &ValueType::Integer, 0).unwrap();
    assert_eq!(c.to_cql_literal(), "true");
}

#[test]
fn quantity_conversion() {
    let q = convert_quantity(&lit("5 'mg'"), &lit("'g'")).unwrap();
    assert_eq!(q.to_cql_literal(), "0.005 'g'");
    let q = convert_quantity(&lit("1 'kg'"), &lit("'g'")).unwrap();
    assert_eq!(q.to_cql_literal(), "1000.0 'g'");
    let q = convert_quantity(&lit("100 'mg/dL'"), &lit("'g/L'")).unwrap();
    assert_eq!(q.to_cql_literal(), "1.0 'g/L'");
    let q = convert_quantity(&lit("2 'h'"), &lit("'min'")).unwrap();
    assert_eq!(q.to_cql_literal(), "120.0 'min'");
    assert!(convert_quantity(&lit("5 'mg'"), &lit("'m'")).is_err());
}
