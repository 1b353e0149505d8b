use crate::support::{check1, check2, lit};
use ww_cql_value::string::*;

#[test]
fn strings() {
    check2(concatenate, "'a'", "null", "null");
    check2(concatenate_amp, "'a'", "null", "'a'");
    check2(combine, "{'a', null, 'b'}", "'-'", "'a-b'");
    check2(combine, "null", "null", "null");
    check2(split, "'a,b,c'", "','", "{'a', 'b', 'c'}");
    check2(split, "'a,b'", "null", "{'a,b'}");
    check2(split_on_matches, "'a1b22c'", "'[0-9]+'", "{'a', 'b', 'c'}");
    let s = ww_cql_value::Value::string("héllo");
    assert_eq!(length(&s).unwrap().to_cql_literal(), "5");
    check1(length, "null", "null");
    check1(upper, "'abc'", "'ABC'");
    check1(lower, "'ABC'", "'abc'");
    check2(indexer, "'abc'", "1", "'b'");
    check2(indexer, "'abc'", "3", "null");
    check2(position_of, "'b'", "'abcb'", "1");
    check2(last_position_of, "'b'", "'abcb'", "3");
    check2(position_of, "'z'", "'abc'", "-1");
    assert_eq!(
        substring(&lit("'abcdef'"), &lit("2"), &lit("3"))
            .unwrap()
            .to_cql_literal(),
        "'cde'"
    );
    assert_eq!(
        substring(&lit("'abc'"), &lit("5"), &lit("null"))
            .unwrap()
            .to_cql_literal(),
        "null"
    );
    check2(starts_with, "'abc'", "'ab'", "true");
    check2(ends_with, "'abc'", "'bc'", "true");
    check2(
        matches,
        "'Not all who wander are lost - circa 2017'",
        "'.*\\\\d+'",
        "true",
    );
    check2(
        matches,
        "'Not all who wander are lost - circa 2017'",
        "'^[\\\\w\\\\s]+$'",
        "false",
    );
    assert_eq!(
        replace_matches(&lit("'a1b2'"), &lit("'[0-9]'"), &lit("'#'"))
            .unwrap()
            .to_cql_literal(),
        "'a#b#'"
    );
}
