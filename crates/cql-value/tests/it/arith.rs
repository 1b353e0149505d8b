use crate::support::{check1, check2, check_err, lit};
use ww_cql_value::{arith::*, ValueType};

#[test]
fn add_subtract_multiply() {
    check2(add, "1", "null", "null");
    check2(add, "1", "1", "2");
    check2(add, "1L", "2L", "3L");
    check2(add, "1.0", "1.0", "2.0");
    check2(add, "1", "2.0", "3.0");
    check2(add, "0.1", "0.2", "0.3");
    check2(add, "2147483647", "1", "null");
    check2(add, "1 'g/cm3'", "1 'g/cm3'", "2.0 'g/cm3'");
    check2(add, "5.0 'g'", "1 'kg'", "1005.0 'g'");
    check2(add, "'a'", "'b'", "'ab'");
    check2(subtract, "2", "1.1", "0.9");
    check2(subtract, "1.0 'cm'", "2.0 'cm'", "-1.0 'cm'");
    check2(multiply, "1", "1L", "1L");
    check2(multiply, "1.0 'cm'", "2.0 'cm'", "2.0 'cm2'");
    check2(multiply, "9999999999999999999999999999.0", "100", "null");
    // Suite: Decimal10Pow28ToZeroOneStepDecimalMaxValue (an intermediate 10^28).
    let big = multiply(&lit("10"), &lit("1000000000000000000000000000.00000000")).unwrap();
    assert_eq!(
        subtract(&big, &lit("0.00000001")).unwrap().to_cql_literal(),
        "9999999999999999999999999999.99999999"
    );
}

#[test]
fn division() {
    check2(divide, "1", "0", "null");
    check2(divide, "0", "1", "0.0");
    check2(divide, "10", "4", "2.5");
    check2(divide, "10", "3", "3.33333333");
    check2(divide, "10.0 'g'", "5.0 'g'", "2.0 '1'");
    check2(truncated_divide, "10", "3", "3");
    check2(truncated_divide, "-10", "3", "-3");
    check2(truncated_divide, "10.1", "3.1", "3.0");
    check2(truncated_divide, "2", "0", "null");
    check2(truncated_divide, "10L", "3L", "3L");
    check2(modulo, "10", "3", "1");
    check2(modulo, "0", "0", "null");
    check2(modulo, "3.5", "3", "0.5");
    check2(modulo, "10.0 'g'", "3.0 'g'", "1.0 'g'");
    check2(modulo, "10.0 'g'", "0.0 'g'", "null");
}

#[test]
fn power_and_logs() {
    check2(power, "0", "0", "1");
    check2(power, "-2", "2", "4");
    check2(power, "2", "-2", "0.25");
    check2(power, "2L", "2L", "4L");
    check2(power, "2.0", "-2.0", "0.25");
    check2(power, "2", "2.0", "4.0");
    check2(power, "2", "40", "null");
    check1(ln, "1", "0.0");
    check1(ln, "-1", "null");
    check_err(ln(&lit("0")));
    check1(|v| round(&ln(v)?, &lit("8")), "1000", "6.90775528");
    check2(log, "16", "2", "4.0");
    check2(log, "0.125", "2", "-3.0");
    check2(log, "1", "1", "null");
    check2(log, "1", "100", "0.0");
    check1(exp, "0", "1.0");
    check1(|v| round(&exp(v)?, &lit("8")), "1", "2.71828183");
    check_err(exp(&lit("1000")));
}

#[test]
fn rounding() {
    check2(round, "0.5", "null", "1.0");
    check2(round, "-0.5", "null", "-1.0");
    check2(round, "-1.5", "null", "-2.0");
    check2(round, "-0.4", "null", "0.0");
    check2(round, "3.14159", "2", "3.14");
    check2(round, "1", "null", "1.0");
    check1(truncate, "-1.9", "-1");
    check1(truncate, "1.9", "1");
    check1(ceiling, "2147483647.2", "null");
    check1(ceiling, "-0.1", "0");
    check1(ceiling, "1.1", "2");
    check1(floor, "2147483647.2", "2147483647");
    check1(floor, "-0.1", "-1");
    check1(abs, "-1.0 'cm'", "1.0 'cm'");
    check1(abs, "-1L", "1L");
    check1(negate, "-2147483648", "null");
    check1(negate, "1 'cm'", "-1.0 'cm'");
    check1(negate, "-0.0", "0.0");
}

#[test]
fn successor_predecessor_and_extremes() {
    check1(successor, "1.0", "1.00000001");
    check1(predecessor, "1.01", "1.00999999");
    check1(predecessor, "1.0 'cm'", "0.99999999 'cm'");
    check1(successor, "@2000-01-01T", "@2000-01-02T+00:00");
    check1(predecessor, "@T12:00:00.000", "@T11:59:59.999");
    check_err(successor(&lit("@T23:59:59.999")));
    check_err(predecessor(&lit("@0001-01-01T00:00:00.000")));
    check_err(successor(&lit("2147483647")));
    assert_eq!(
        min_value(&ValueType::Decimal).unwrap().to_cql_literal(),
        "-99999999999999999999.99999999"
    );
    assert_eq!(
        max_value(&ValueType::DateTime).unwrap().to_cql_literal(),
        "@9999-12-31T23:59:59.999+00:00"
    );
    assert_eq!(
        min_value(&ValueType::Time).unwrap().to_cql_literal(),
        "@T00:00:00.000"
    );
    assert_eq!(
        max_value(&ValueType::Long).unwrap().to_cql_literal(),
        "9223372036854775807L"
    );
    assert!(max_value(&ValueType::Boolean).is_err());
}

#[test]
fn precision_and_boundaries() {
    check1(precision, "1.58700", "5");
    check1(precision, "@2014", "4");
    check1(precision, "@2014-01-05T10:30:00.000", "17");
    check1(precision, "@T10:30", "4");
    check1(precision, "@T10:30:00.000", "9");
    check2(high_boundary, "1.587", "8", "1.58799999");
    check2(high_boundary, "1.58888", "null", "1.58888999");
    check2(low_boundary, "1.587", "8", "1.587");
    check2(low_boundary, "@2014", "6", "@2014-01");
    check2(high_boundary, "@2014", "6", "@2014-12");
    check2(
        high_boundary,
        "@2014-01-01T08",
        "17",
        "@2014-01-01T08:59:59.999+00:00",
    );
    check2(high_boundary, "@T10:30", "9", "@T10:30:59.999");
}
