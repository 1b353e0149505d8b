//! Where the two reference engines (the Kotlin/Java engine and cql-execution, asked
//! through `tools/cql-oracle`) disagree, the choice made here, with the spec text behind
//! it. Each case names both engines' answers.

use crate::support::{check2, lit};
use ww_cql_value::{arith, compare, datetime, Precision, Value};

fn between(
    f: fn(&Value, &Value, Precision) -> ww_cql_value::Result<Value>,
    p: Precision,
    a: &str,
    b: &str,
) -> String {
    f(&lit(a), &lit(b), p).unwrap().to_cql_literal()
}

/// `months between @2024-01-31 and @2024-02-29`: kotlin 0, cql-execution 1.
/// Chosen: 0. Appendix B "Duration": "the number of whole calendar periods of the
/// specified precision between the first and second arguments"; Feb 29 has not reached
/// the 31st, so no whole month has passed (CQL.md: `days between` counts whole periods).
#[test]
fn whole_months_at_month_ends() {
    assert_eq!(
        between(
            datetime::duration_between,
            Precision::Month,
            "@2024-01-31",
            "@2024-02-29"
        ),
        "0"
    );
    assert_eq!(
        between(
            datetime::duration_between,
            Precision::Month,
            "@2024-01-31",
            "@2024-03-31"
        ),
        "2"
    );
}

/// `difference in weeks between @2024-01-06 and @2024-01-08` (Saturday to Monday):
/// kotlin 0, cql-execution 1. Chosen: 0, whole days divided by 7, which the suite's
/// `difference in weeks between DateTime(2000, 10, 15) and DateTime(2000, 10, 28)` = 1
/// also gives. Appendix B "Difference": weeks have no calendar boundary in CQL's
/// calendar (no week start is defined), so the difference is counted in 7-day steps.
#[test]
fn difference_in_weeks_counts_seven_day_steps() {
    assert_eq!(
        between(
            datetime::difference_between,
            Precision::Week,
            "@2024-01-06",
            "@2024-01-08"
        ),
        "0"
    );
    assert_eq!(
        between(
            datetime::difference_between,
            Precision::Week,
            "@2024-01-06",
            "@2024-01-13"
        ),
        "1"
    );
}

/// `years between @2000 and @2024-06-01`: kotlin 24, cql-execution `Interval[23, 24]`.
/// Chosen: the uncertainty. Appendix B "Duration": "if either argument is not specified
/// to the precision needed, the result is an uncertainty"; the suite expects
/// `years between DateTime(2005) and DateTime(2010)` = `Interval[4, 5]`.
#[test]
fn years_between_partial_dates_is_uncertain() {
    assert_eq!(
        between(
            datetime::duration_between,
            Precision::Year,
            "@2000",
            "@2024-06-01"
        ),
        "Interval[23, 24]"
    );
}

/// `days between DateTime(2015, 2, 10) and DateTime(2015, 3)`: kotlin `Interval[19, 49]`,
/// cql-execution and the suite `Interval[18, 49]`. Chosen: 19 as the low end: the first
/// argument is known to the day, so its time of day does not make the count uncertain
/// (Feb 10 to Mar 1 is 19 whole days); the suite's own `days between DateTime(2014, 1,
/// 15) and DateTime(2014, 2)` = `Interval[17, 44]` counts the same way.
///
/// The same rule keeps `days between DateTime(2014, 1, 15) and DateTime(2014, 1, 20)`
/// at 5 (kotlin 5, cql-execution `Interval[4, 5]`): a measure comparing "days since the
/// last exam" against a window must not turn null because a FHIR dateTime was written
/// to the day. It costs the three suite tests that add or multiply these uncertainties
/// (`DateTimeDurationBetweenUncertainAdd/Subtract/Multiply`, written with a low of 16).
#[test]
fn days_between_a_day_and_a_month() {
    assert_eq!(
        between(
            datetime::duration_between,
            Precision::Day,
            "@2015-02-10T",
            "@2015-03T"
        ),
        "Interval[19, 49]"
    );
    assert_eq!(
        between(
            datetime::duration_between,
            Precision::Day,
            "@2014-01-15T",
            "@2014-02T"
        ),
        "Interval[17, 44]"
    );
}

/// `@2012-01-01T10:00:00 = @2012-01-01T10:00:00.000`: kotlin null, cql-execution true.
/// Chosen: null. Appendix B "Equal": comparison is done "at each precision"; a value
/// without milliseconds is not known to the millisecond (suite: `DateTimeIncludedInNull`,
/// `TimeProperContainsNull`).
#[test]
fn seconds_against_milliseconds_is_unknown() {
    check2(
        compare::equal,
        "@2012-01-01T10:00:00",
        "@2012-01-01T10:00:00.000",
        "null",
    );
    check2(compare::equal, "@T10:00:00", "@T10:00:00.000", "null");
}

/// `5.0 'g' + 1 'kg'`: kotlin `1.005 'kg'`, cql-execution `1005.0 'g'`. Chosen: the finer
/// unit, so the conversion multiplies and stays exact. Appendix B "Add": "the result
/// will be in the units of ... [either operand]" is left to the implementation.
#[test]
fn mixed_unit_addition_uses_the_finer_unit() {
    check2(arith::add, "5.0 'g'", "1 'kg'", "1005.0 'g'");
    check2(arith::add, "1 'kg'", "5.0 'g'", "1005.0 'g'");
}

/// `10.0 / 4` and `0.1 + 0.2`: kotlin `2.0` and `0.3`, cql-execution `2.5` and
/// `0.30000000000000004` (both known engine bugs, see the oracle README). Chosen: exact
/// decimal arithmetic with 8 places (CQL §2.1: Decimal has "28 digits of precision and a
/// scale of 8").
#[test]
fn decimal_arithmetic_is_exact() {
    check2(arith::divide, "10.0", "4", "2.5");
    check2(arith::add, "0.1", "0.2", "0.3");
    check2(arith::divide, "1", "3", "0.33333333");
}

/// `ToInteger('1.5')`: kotlin 1, cql-execution 1 (and `ConvertsToInteger('1.0')`: kotlin
/// false, cql-execution true). Chosen: null, as Appendix B "ToInteger" says: "If the
/// input string is not formatted correctly, or cannot be interpreted as a valid Integer
/// value, the result is null" (format `(+|-)?#0`). Surrounding spaces are tolerated as
/// both engines do.
#[test]
fn to_integer_follows_the_spec_format() {
    use ww_cql_value::convert::to_integer;
    assert_eq!(to_integer(&lit("'1.5'")).unwrap().to_cql_literal(), "null");
    assert_eq!(to_integer(&lit("' 12 '")).unwrap().to_cql_literal(), "12");
    assert_eq!(to_integer(&lit("'+12'")).unwrap().to_cql_literal(), "12");
}

/// Both engines agree and are followed: `ToDate('2024-01-01T10:00:00Z')` is null,
/// `ToDecimal('.5')` is 0.5 and `ToDecimal('5.')` is 5.0.
#[test]
fn conversions_where_the_engines_agree() {
    use ww_cql_value::convert::{to_date, to_decimal};
    assert_eq!(
        to_date(&lit("'2024-01-01T10:00:00Z'"))
            .unwrap()
            .to_cql_literal(),
        "null"
    );
    assert_eq!(to_decimal(&lit("'.5'")).unwrap().to_cql_literal(), "0.5");
    assert_eq!(to_decimal(&lit("'5.'")).unwrap().to_cql_literal(), "5.0");
}

/// Offsets: both engines compare `same day as` and count `difference in days` on the
/// dates as written, but `same hour as`, `difference in hours` and `days between` on
/// instants. Followed (no spec text settles it; Appendix B "SameAs" says the comparison
/// is "performed at the specified precision").
#[test]
fn day_precision_uses_dates_as_written() {
    let (a, b) = (
        "@2025-01-01T23:00:00.000-05:00",
        "@2025-01-02T04:00:00.000Z",
    );
    let same = |p| {
        datetime::same_as(&lit(a), &lit(b), Some(p))
            .unwrap()
            .to_cql_literal()
    };
    assert_eq!(same(Precision::Day), "false");
    assert_eq!(same(Precision::Hour), "true");
    let c = "@2025-01-02T01:00:00.000Z";
    assert_eq!(
        between(datetime::difference_between, Precision::Day, a, c),
        "1"
    );
    assert_eq!(
        between(datetime::difference_between, Precision::Hour, a, b),
        "0"
    );
    assert_eq!(
        between(datetime::duration_between, Precision::Day, a, c),
        "0"
    );
}
