use crate::support::{check1, check2, check_err, lit};
use ww_cql_value::{interval::*, Precision, Value};

fn p2(
    f: fn(&Value, &Value, Option<Precision>) -> ww_cql_value::Result<Value>,
) -> impl Fn(&Value, &Value) -> ww_cql_value::Result<Value> {
    move |a, b| f(a, b, None)
}

fn chk(
    f: fn(&Value, &Value, Option<Precision>) -> ww_cql_value::Result<Value>,
    a: &str,
    b: &str,
    expect: &str,
) {
    assert_eq!(
        p2(f)(&lit(a), &lit(b)).unwrap().to_cql_literal(),
        expect,
        "op({a}, {b})"
    );
}

#[test]
fn start_end_width_size() {
    check1(start, "Interval(1, 10]", "2");
    check1(end, "Interval[1, 10)", "9");
    check1(end, "Interval[1.0, 2.0)", "1.99999999");
    check1(start, "Interval[null, 5]", "-2147483648");
    check1(start, "Interval(null, 5]", "null");
    check1(width, "Interval[2, 10]", "8");
    check1(size, "Interval[2, 10]", "9");
    check1(point_from, "Interval[4, 4]", "4");
    check_err(point_from(&lit("Interval[1, 4]")));
}

#[test]
fn membership_and_inclusion() {
    chk(contains, "Interval[1.0, 10.0]", "8.0", "true");
    chk(
        contains,
        "Interval[1.0 'g', 10.0 'g']",
        "100.0 'g'",
        "false",
    );
    chk(contains, "Interval(null, 5]", "10", "false");
    chk(contains, "Interval(null, 5]", "3", "null");
    chk(in_interval, "5", "Interval[1, 10]", "true");
    chk(in_interval, "null", "Interval[1, 10]", "null");
    chk(contains, "null", "5", "false");
    chk(in_interval, "5", "null", "false");
    chk(includes, "Interval[1, 10]", "Interval[4, 10]", "true");
    chk(included_in, "Interval[44, 50]", "Interval[1, 10]", "false");
    chk(
        included_in,
        "Interval[5.0 'g', 10.0 'g']",
        "Interval[1.0 'g', 10.0 'g']",
        "true",
    );
    chk(
        proper_includes,
        "Interval[1, 10]",
        "Interval[4, 10]",
        "true",
    );
    chk(
        proper_includes,
        "Interval[1, 10]",
        "Interval[1, 10]",
        "false",
    );
    chk(
        proper_included_in,
        "Interval[1, 10]",
        "Interval[0, 10]",
        "true",
    );
}

#[test]
fn ordering_relations() {
    chk(after, "Interval[11, 20]", "5", "true");
    chk(before, "Interval[1, 10]", "8", "false");
    chk(before, "Interval[1.0, 10.0]", "11.0", "true");
    chk(
        after,
        "Interval[11.0 'g', 20.0 'g']",
        "Interval[1.0 'g', 10.0 'g']",
        "true",
    );
    chk(
        before,
        "Interval[@T15:59:59.999, @T20:59:59.999]",
        "@T22:59:59.999",
        "true",
    );
    chk(
        meets,
        "Interval[3.01, 5.00000001]",
        "Interval[5.00000002, 8.50]",
        "true",
    );
    chk(
        meets,
        "Interval[3.01 'g', 5.00000001 'g']",
        "Interval[5.5 'g', 8.50 'g']",
        "false",
    );
    chk(meets, "Interval(null, 5]", "Interval(null, 15)", "null");
    chk(
        meets_after,
        "Interval[55.00000123, 128.032156]",
        "Interval[12.00258, 55.00000122]",
        "true",
    );
    chk(meets_before, "Interval[1, 5]", "Interval[6, 8]", "true");
    chk(overlaps, "Interval[1, 5]", "Interval[5, 8]", "true");
    chk(overlaps, "Interval[1, 5]", "Interval[6, 8]", "false");
    chk(overlaps_before, "Interval[1, 5]", "Interval[3, 8]", "true");
    chk(overlaps_after, "Interval[1, 5]", "Interval[3, 8]", "false");
    chk(starts, "Interval[4, 10]", "Interval[4, 15]", "true");
    chk(ends, "Interval[4, 10]", "Interval[1, 10]", "true");
    chk(ends, "Interval[11.0, 20.0]", "Interval[1.0, 10.0]", "false");
}

#[test]
fn precision_qualified() {
    let r = before(
        &lit("Interval[@2012-01-01T10:00, @2012-01-05T10:00]"),
        &lit("Interval[@2012-01-05T12:00, @2012-01-08]"),
        Some(Precision::Day),
    )
    .unwrap();
    assert_eq!(r.to_cql_literal(), "false");
    let r = in_interval(
        &lit("@2012-01-05T23:00"),
        &lit("Interval[@2012-01-01T10:00, @2012-01-05T10:00]"),
        Some(Precision::Day),
    )
    .unwrap();
    assert_eq!(r.to_cql_literal(), "true");
}

#[test]
fn set_operations() {
    check2(
        union,
        "Interval[1, 5]",
        "Interval[6, 10]",
        "Interval[1, 10]",
    );
    check2(union, "Interval[1, 5]", "Interval[7, 10]", "null");
    check2(union, "Interval[1, 5]", "Interval[3, null)", "null");
    check2(
        union,
        "Interval[1, 5]",
        "Interval[3, null]",
        "Interval[1, 2147483647]",
    );
    check2(
        intersect,
        "Interval[1, 10]",
        "Interval[4, 10]",
        "Interval[4, 10]",
    );
    check2(
        intersect,
        "Interval[1.0, 10.0]",
        "Interval[11.0, 20.0]",
        "null",
    );
    check2(
        intersect,
        "Interval[1, 10]",
        "Interval[5, null)",
        "Interval[5, null)",
    );
    check2(
        except,
        "Interval[1, 10]",
        "Interval[4, 10]",
        "Interval[1, 3]",
    );
    check2(except, "Interval[1.0, 10.0]", "Interval[3.0, 7.0]", "null");
    check2(
        except,
        "Interval[@T05:59:59.999, @T10:59:59.999]",
        "Interval[@T08:59:59.999, @T10:59:59.999]",
        "Interval[@T05:59:59.999, @T08:59:59.998]",
    );
}

#[test]
fn collapse_and_expand() {
    check2(
        collapse,
        "{Interval[1, 5], Interval[3, 7], Interval[12, 19], Interval[7, 10]}",
        "null",
        "{Interval[1, 10], Interval[12, 19]}",
    );
    check2(
        collapse,
        "{Interval[1, 5], Interval[6, 7]}",
        "null",
        "{Interval[1, 7]}",
    );
    check2(collapse, "{}", "null", "{}");
    check2(
        expand,
        "Interval[1, 10)",
        "null",
        "{1, 2, 3, 4, 5, 6, 7, 8, 9}",
    );
    check2(
        expand,
        "{Interval[1, 10)}",
        "2 '1'",
        "{Interval[1, 2], Interval[3, 4], Interval[5, 6], Interval[7, 8]}",
    );
    check2(
        expand,
        "Interval[@2018-01-01, @2018-01-04]",
        "1 day",
        "{@2018-01-01, @2018-01-02, @2018-01-03, @2018-01-04}",
    );
}
