//! The operator paths the WorkWell demo measures (`seeds/*.cql`) rely on, checked on
//! the values those measures compute.

use crate::support::{check1, check2, lit};
use ww_cql_value::{aggregate, compare, datetime, interval, Precision, Value};

fn days(a: &str, b: &str) -> String {
    datetime::duration_between(&lit(a), &lit(b), Precision::Day)
        .unwrap()
        .to_cql_literal()
}

#[test]
fn as_of_date_is_the_calendar_date_as_written() {
    // CQL 2.0: `date from` keeps the date as written, whatever the offset.
    check1(
        datetime::date_from,
        "@2025-12-31T23:59:59.999-05:00",
        "@2025-12-31",
    );
    check1(
        datetime::date_from,
        "@2025-12-31T23:59:59.999+14:00",
        "@2025-12-31",
    );
    check1(datetime::date_from, "@2024-05-01T", "@2024-05-01");
}

#[test]
fn days_since_last_exam() {
    assert_eq!(days("@2024-12-31", "@2025-12-31"), "365");
    assert_eq!(days("@2023-12-31", "@2024-12-31"), "366");
    assert_eq!(days("@2025-12-31", "@2025-12-31"), "0");
    assert_eq!(days("@2026-01-10", "@2025-12-31"), "-10");
    let none =
        datetime::duration_between(&Value::Null, &lit("@2025-12-31"), Precision::Day).unwrap();
    assert!(none.is_null(), "no exam gives null, never 0");
}

#[test]
fn overdue_comparisons_stay_three_valued() {
    check2(compare::greater, "366", "365", "true");
    check2(compare::greater, "null", "365", "null");
    check2(compare::less_or_equal, "30", "30", "true");
}

#[test]
fn most_recent_exam_date_ignores_nulls() {
    check1(
        aggregate::max,
        "{@2024-03-01, null, @2025-02-01, @2023-12-31}",
        "@2025-02-01",
    );
    check1(aggregate::max, "{}", "null");
    check1(aggregate::max, "{null}", "null");
}

#[test]
fn flu_season_window() {
    let i = |v: &[i32]| v.iter().map(|x| Value::Integer(*x)).collect::<Vec<_>>();
    let start = datetime::date_ctor(&i(&[2025, 8, 1])).unwrap();
    let end = datetime::date_ctor(&i(&[2026, 3, 31])).unwrap();
    let season = interval::selector(start, true, end, true).unwrap();
    let inside = interval::in_interval(&lit("@2025-10-15"), &season, None).unwrap();
    assert_eq!(inside.to_cql_literal(), "true");
    let before = interval::in_interval(&lit("@2025-07-31"), &season, None).unwrap();
    assert_eq!(before.to_cql_literal(), "false");
    check1(
        |v| datetime::component(v, Precision::Month),
        "@2025-12-31",
        "12",
    );
}

#[test]
fn eligible_roles_membership() {
    use ww_cql_value::list;
    check2(
        list::in_list,
        "'Nurse'",
        "{'Nurse', 'Lab Technician'}",
        "true",
    );
    check2(
        list::in_list,
        "'Clerk'",
        "{'Nurse', 'Lab Technician'}",
        "false",
    );
    check1(list::exists, "{}", "false");
}
