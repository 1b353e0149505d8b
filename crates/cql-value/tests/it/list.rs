use crate::support::{check1, check2, check_err, lit};
use ww_cql_value::list::*;

#[test]
fn membership() {
    check1(exists, "{null}", "false");
    check1(exists, "{1}", "true");
    check1(exists, "null", "false");
    check2(contains, "{1, 2}", "2", "true");
    check2(contains_equivalent, "{'A b', 2}", "'a B'", "true");
    check2(contains_equivalent, "{1, null}", "null", "true");
    check2(contains_equivalent, "null", "1", "false");
    check2(in_list, "null", "{1, null}", "true");
    check2(in_list, "3", "null", "false");
    check2(includes, "{1, 2, 3}", "{2, 3}", "true");
    check2(includes, "{1, 2, 3}", "null", "null");
    check2(included_in, "{2}", "{1, 2}", "true");
    check2(proper_includes, "{1, 2, 3}", "{1, 2, 3}", "false");
    check2(proper_includes, "{1, 2, 3}", "{1, 2}", "true");
    check2(proper_included_in, "{1, 2}", "{1, 2, 3}", "true");
}

#[test]
fn set_operations_use_cql_equality() {
    check2(union, "{1, 2, 3}", "{2, 4}", "{1, 2, 3, 4}");
    check2(union, "{1.0, 2}", "{1}", "{1.0, 2}");
    check2(union, "null", "{1}", "{1}");
    check2(intersect, "{1, 2, 3}", "{2, 3, 4}", "{2, 3}");
    check2(except, "{1, 2, 3}", "{2}", "{1, 3}");
    check2(except, "{1, 2}", "null", "{1, 2}");
    check1(distinct, "{1, 1, null, 2, null}", "{1, null, 2}");
    check1(distinct, "{@2012-01-01, @2012-01-01}", "{@2012-01-01}");
    check1(flatten, "{{1, 2}, {3}, 4}", "{1, 2, 3, 4}");
}

#[test]
fn positions() {
    check1(first, "{}", "null");
    check1(first, "{1, 2}", "1");
    check1(last, "{1, 2}", "2");
    check2(indexer, "{1, 2}", "1", "2");
    check2(indexer, "{1, 2}", "5", "null");
    check2(indexer, "{1, 2}", "-1", "null");
    check2(index_of, "{1, 2}", "2", "1");
    check2(index_of, "{1, 2}", "3", "-1");
    check2(index_of, "{}", "null", "null");
    check2(skip, "{1, 2, 3}", "2", "{3}");
    check2(take, "{1, 2, 3}", "2", "{1, 2}");
    check2(take, "{1, 2, 3}", "null", "{}");
    check1(tail, "{1, 2, 3}", "{2, 3}");
    check1(tail, "null", "null");
    assert_eq!(
        slice(&lit("{1, 2, 3, 4, 5}"), &lit("1"), &lit("null"))
            .unwrap()
            .to_cql_literal(),
        "{2, 3, 4, 5}"
    );
    check1(singleton_from, "{1}", "1");
    check1(singleton_from, "{}", "null");
    check_err(singleton_from(&lit("{1, 2}")));
}

#[test]
fn sorting_puts_nulls_first() {
    check1(|v| sort(v, false), "{3, null, 1, 2}", "{null, 1, 2, 3}");
    check1(|v| sort(v, true), "{3, null, 1, 2}", "{3, 2, 1, null}");
    check1(|v| sort(v, false), "{'b', 'a'}", "{'a', 'b'}");
}
