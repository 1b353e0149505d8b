//! Expression forms and precedence: each case parses `input` and prints it back with every
//! compound operand parenthesized (`expr_to_cql_grouped`), showing how it was grouped.

use ww_cql_syntax::{expr_to_cql_grouped, parse_expression, ExprKind, NumberKind};

/// Parses `input` and compares its grouped rendering with `expect`.
#[track_caller]
fn check(input: &str, expect: &str) {
    match parse_expression(input) {
        Ok(e) => assert_eq!(expr_to_cql_grouped(&e), expect, "input: {input}"),
        Err(d) => panic!("{input}: {}", d[0]),
    }
}

/// Parses `input`, which must be rejected; the first error message must contain `needle`
/// and sit at `line:col`.
#[track_caller]
pub(crate) fn check_error(input: &str, at: &str, needle: &str) {
    match parse_expression(input) {
        Ok(e) => panic!(
            "{input}: expected an error, parsed {}",
            expr_to_cql_grouped(&e)
        ),
        Err(d) => {
            let first = &d[0];
            let pos = format!("{}:{}", first.line, first.column);
            assert!(
                first.message.contains(needle) && pos == at,
                "{input}: got {pos}: {}",
                first.message
            );
        }
    }
}

#[test]
fn arithmetic_precedence() {
    check("1 + 2 * 3", "1 + (2 * 3)");
    check("1 * 2 + 3", "(1 * 2) + 3");
    check("2 ^ 3 ^ 2", "(2 ^ 3) ^ 2");
    check("-2 ^ 2", "(-2) ^ 2");
    check("- x ^ 2", "(- x) ^ 2");
    check("a div b mod c", "(a div b) mod c");
    check("'a' & 'b' + 'c'", "('a' & 'b') + 'c'");
    check("1 - 2 - 3", "(1 - 2) - 3");
    check("+x", "+x");
    check("-(5)", "-(5)");
}

#[test]
fn logical_precedence() {
    check("a and b or c", "(a and b) or c");
    check("a or b and c", "a or (b and c)");
    check("a implies b or c", "a implies (b or c)");
    check("a xor b xor c", "(a xor b) xor c");
    check("not a = b", "(not a) = b");
    check("not a and b", "(not a) and b");
    check("not X is null", "not (X is null)");
    check("exists X union Y", "(exists X) union Y");
    check("exists X and Y", "(exists X) and Y");
    check("not not a", "not (not a)");
}

#[test]
fn comparison_precedence() {
    check("a = b and c != d", "(a = b) and (c != d)");
    check("1 < 2 = true", "(1 < 2) = true");
    check("X in Y = true", "X in (Y = true)");
    check("{1} union {2} = {1, 2}", "({1} union {2}) = {1, 2}");
    check("X union Y intersect Z", "(X union Y) intersect Z");
    check("A | B", "A union B");
    check("a ~ b or a !~ c", "(a ~ b) or (a !~ c)");
    check("A during B and C", "(A during B) and C");
    check("A < B during C", "(A < B) during C");
    check("A during B = true", "(A during B) = true");
    check("X is null and Y", "(X is null) and Y");
    check("1 + 2 between 0 and 5", "(1 + 2) between 0 and 5");
    check("X between 1 + 1 and 5", "X between (1 + 1) and 5");
    check("X properly between 1 and 5", "X properly between 1 and 5");
    check("X in day of Y", "X in day of Y");
    check("L contains 3", "L contains 3");
}

#[test]
fn type_operators() {
    check("X is Integer", "X is Integer");
    check("X as List<Integer>", "X as List<Integer>");
    check("cast X as FHIR.Quantity", "cast X as FHIR.Quantity");
    check(
        "X is Choice<Integer, String>",
        "X is Choice<Integer, String>",
    );
    check(
        "X is Tuple { a Integer, b List<String> }",
        "X is Tuple { a Integer, b List<String> }",
    );
    check("X is Interval<DateTime>", "X is Interval<DateTime>");
    check("X is not null", "X is not null");
    check("X is true", "X is true");
    check("X is not false", "X is not false");
    check("(X as Integer) + 1", "(X as Integer) + 1");
    check("X.value as Quantity", "(X.value) as Quantity");
    check("X is System.Code", "X is System.Code");
    check("X is Code", "X is Code");
}

#[test]
fn prefix_phrases() {
    check("start of X.y", "start of (X.y)");
    check("start of X + 1", "(start of X) + 1");
    check("end of X", "end of X");
    check("year from X", "year from X");
    check("date from X.performed", "date from (X.performed)");
    check("time from X", "time from X");
    check("timezoneoffset from X", "timezoneoffset from X");
    // CQL 1.3 spelling, accepted with a warning.
    check("timezone from X", "timezoneoffset from X");
    let (_, diags) = ww_cql_syntax::parse_expression_with_diagnostics("timezone from X");
    assert!(diags[0]
        .to_string()
        .starts_with("1:1: warning: 'timezone from' is CQL 1.3"));
    check("singleton from X", "singleton from X");
    check("point from X", "point from X");
    check("width of X", "width of X");
    check("successor of X", "successor of X");
    check("predecessor of X", "predecessor of X");
    check("minimum Integer", "minimum Integer");
    check("maximum System.DateTime", "maximum System.DateTime");
    check("days between A and B", "days between A and B");
    check("duration in days between A and B", "days between A and B");
    check(
        "difference in months between A and B",
        "difference in months between A and B",
    );
    check("duration in days of X", "duration in days of X");
    check("difference in hours of X", "difference in hours of X");
    check("years between A and B > 5", "(years between A and B) > 5");
    check("1 + (days between A and B)", "1 + (days between A and B)");
    check(
        "exists days between A and B",
        "exists (days between A and B)",
    );
    check("convert 5 to String", "convert 5 to String");
    check("convert X to 'mg'", "convert X to 'mg'");
    check("convert X to days", "convert X to days");
    check("distinct {1, 1}", "distinct {1, 1}");
    check("flatten {{1}, {2}}", "flatten {{1}, {2}}");
    check(
        "expand { Interval[1, 3] } per 1",
        "expand {Interval[1, 3]} per 1",
    );
    check("collapse X per day", "collapse X per day");
    check("expand X", "expand X");
}

#[test]
fn conditionals() {
    check("if a then 1 else 2 + 3", "if a then 1 else 2 + 3");
    check("(if a then 1 else 2) + 3", "(if a then 1 else 2) + 3");
    check(
        "case when a then 1 when b then 2 else 3 end",
        "case when a then 1 when b then 2 else 3 end",
    );
    check(
        "case X when 1 then 'a' else 'b' end",
        "case X when 1 then 'a' else 'b' end",
    );
}

#[test]
fn literals() {
    check("null", "null");
    check("true", "true");
    check("'it\\'s'", "'it\\'s'");
    check("'tab\\there \\u0041'", "'tab\\there A'");
    check("@2012-01-01", "@2012-01-01");
    check(
        "@2012-01-01T10:00:00.000+01:00",
        "@2012-01-01T10:00:00.000+01:00",
    );
    check("@2012T", "@2012T");
    check("@2014-01-01TZ", "@2014-01-01TZ");
    check("@T10:30", "@T10:30");
    check("10L", "10L");
    check("1.5", "1.5");
    check("5 'mg'", "5 'mg'");
    check("3 days", "3 days");
    check("1 year", "1 year");
    check("1:128", "1:128");
    check("5 'mg':10 'mL'", "5 'mg':10 'mL'");
    check("-2147483648", "-2147483648");
    check("-9223372036854775808L", "-9223372036854775808L");
    check("-5.5 'g'", "-5.5 'g'");
    check("%foo", "%foo");
    check("$this", "$this");
    check("\"Measurement Period\"", "\"Measurement Period\"");
    check("`delimited`", "delimited");
    // `-1` folds into the literal.
    let e = parse_expression("-1").unwrap();
    assert_eq!(
        e.kind,
        ExprKind::Number {
            text: "-1".into(),
            kind: NumberKind::Integer
        }
    );
}

#[test]
fn selectors() {
    check("Interval[1, 5)", "Interval[1, 5)");
    check("Interval(null, 5]", "Interval(null, 5]");
    check("List<Integer>{1, 2}", "List<Integer>{1, 2}");
    check("{}", "{}");
    check("{ a: 1, b: 'x' }", "Tuple { a: 1, b: 'x' }");
    check("Tuple { code: 1 }", "Tuple { code: 1 }");
    check("{ : }", "Tuple { : }");
    check(
        "Code { code: '1', system: 'x' }",
        "Code { code: '1', system: 'x' }",
    );
    check(
        "Quantity { value: 1, unit: 'g' }",
        "Quantity { value: 1, unit: 'g' }",
    );
    check("FHIR.Patient { id: 'p' }", "FHIR.Patient { id: 'p' }");
    check(
        "Code '123' from \"SNOMED\" display 'x'",
        "Code '123' from SNOMED display 'x'",
    );
    check(
        "Concept { Code '1' from S, Code '2' from Lib.S } display 'd'",
        "Concept { Code '1' from S, Code '2' from Lib.S } display 'd'",
    );
    check("Concept { codes: C }", "Concept { codes: C }");
}

#[test]
fn invocations_and_names() {
    check("X.y.z", "(X.y).z");
    check("X.f(1)", "X.f(1)");
    check("Lib.\"Def\"", "Lib.Def");
    check("Lib.\"My Def\"", "Lib.\"My Def\"");
    check("X[0]", "X[0]");
    check("Count(X)", "Count(X)");
    check("X.exists()", "X.exists()");
    check("Interval[X.start, X.end]", "Interval[X.start, X.end]");
    check("start", "\"start\"");
    check("X.code", "X.code");
    check("FHIRHelpers.ToDate(X.value)", "FHIRHelpers.ToDate(X.value)");
    check("Today() - 1 year", "Today() - 1 year");
    check("date(X)", "\"date\"(X)");
}

#[test]
fn timing_phrases() {
    check("A same day as B", "A same day as B");
    check(
        "A starts same or before end B",
        "A starts same or before end B",
    );
    check("A same as B", "A same as B");
    check("A before or on B", "A on or before B");
    check("A on or after B", "A on or after B");
    check("A 3 days before B", "A 3 days before B");
    check("A less than 3 days after B", "A less than 3 days after B");
    check("A 1 year or less before B", "A 1 year or less before B");
    check(
        "A 1 year or more after day of B",
        "A 1 year or more after day of B",
    );
    check(
        "A starts within 3 days of start B",
        "A starts within 3 days of start B",
    );
    check(
        "A properly within 1 day of B",
        "A properly within 1 day of B",
    );
    check("A includes B", "A includes B");
    check("A properly includes start B", "A properly includes start B");
    check("A included in B", "A included in B");
    check(
        "A properly included in day of B",
        "A properly included in day of B",
    );
    check("A during B", "A during B");
    check("A occurs during B", "A occurs during B");
    check("A meets before B", "A meets before B");
    check("A overlaps after B", "A overlaps after B");
    check("A starts B", "A starts B");
    check("A ends day of B", "A ends day of B");
    check("A ends before start of B", "A ends before (start of B)");
    check(
        "A starts 1 day after end of B",
        "A starts 1 day after (end of B)",
    );
    check("A before day of B", "A before day of B");
    check("A includes day of B", "A includes day of B");
}

#[test]
fn retrieves() {
    check("[Encounter]", "[Encounter]");
    check(
        "[Encounter: \"Office Visit\"]",
        "[Encounter: \"Office Visit\"]",
    );
    check("[Condition: code in \"VS\"]", "[Condition: code in VS]");
    check("[Observation: code ~ C]", "[Observation: code ~ C]");
    check("[FHIR.Procedure: \"VS\"]", "[FHIR.Procedure: VS]");
    check("[Patient -> Observation]", "[Patient -> Observation]");
    check(
        "[Immunization: vaccineCode in Common.\"Flu\"]",
        "[Immunization: vaccineCode in Common.Flu]",
    );
}

#[test]
fn queries() {
    check("(4) l", "(4) l");
    check("({1, 2, 3}) l sort desc", "({1, 2, 3}) l sort desc");
    check("from ({2, 3}) A, ({5, 6}) B", "from ({2, 3}) A, ({5, 6}) B");
    check(
        "({1, 2, 3}) L aggregate A starting 1: A * L",
        "({1, 2, 3}) L aggregate A starting 1: A * L",
    );
    check(
        "({1, 2}) L aggregate distinct A : A + L",
        "({1, 2}) L aggregate distinct A: A + L",
    );
    check(
        "[Encounter] E where E.status = 'finished' return E.period",
        "[Encounter] E where (E.status) = 'finished' return E.period",
    );
    check(
        "[Encounter] E with [Condition] C such that C.onset during E.period where true",
        "[Encounter] E with [Condition] C such that (C.onset) during (E.period) where true",
    );
    check(
        "[Encounter] E without [Condition] C such that C.x = E.x",
        "[Encounter] E without [Condition] C such that (C.x) = (E.x)",
    );
    check(
        "X A let b: A.x, c: 2 where b > c return all Tuple { b: b }",
        "X A let b: A.x, c: 2 where b > c return all Tuple { b: b }",
    );
    check("X A sort by x desc, y", "X A sort by x desc, y");
    check("X A return distinct A.y", "X A return distinct A.y");
    check(
        "exists ([Encounter] E where E.x)",
        "exists ([Encounter] E where E.x)",
    );
    check("Lib.Defs D return D", "Lib.Defs D return D");
    check("from X A, Y B return A", "from X A, Y B return A");
    check_error("X A, Y B return A", "1:1", "must start with 'from'");
    check("({1, 2}) X sort by $this", "({1, 2}) X sort by $this");
}

#[test]
fn errors_point_at_the_problem() {
    check_error(
        "Count(1, 2",
        "1:11",
        "expected ')' to close the call to 'Count' opened at 1:6",
    );
    check_error(
        "X as Integer + 1",
        "1:14",
        "unexpected '+' after the end of the expression",
    );
    check_error("1 +", "1:3", "expected an expression after '+'");
    check_error("if a then b", "1:12", "expected 'else'");
    check_error(
        "Interval[1, 2",
        "1:14",
        "expected ']' or ')' to close the interval opened at 1:9",
    );
    check_error(
        "2147483648",
        "1:1",
        "Integer literal 2147483648 is out of range",
    );
    check_error("'abc", "1:1", "never closed");
    check_error("X.f() F", "1:1", "a query source must be a retrieve");
    check_error(
        "[Encounter] E with [C] C such C",
        "1:26",
        "expected 'such that'",
    );
    check_error("case when a then 1 end", "1:20", "expected 'else'");
    check_error("exists", "1:1", "expected an expression after 'exists'");
    check_error("X union all Y", "1:1", "not supported");
    check_error("1 # 2", "1:3", "unexpected '#'");
    check_error("a ? b", "1:3", "unexpected character '?'");
    check_error("a == b", "1:4", "CQL compares with a single '='");
    check_error("1 + days between A and B", "1:5", "put it in parentheses");
    check_error(
        "X between days between A and B and 1",
        "1:11",
        "put it in parentheses",
    );
    check_error("a && b", "1:4", "write 'and'");
    check_error("a || b", "1:4", "write 'or'");
    check_error("define", "1:1", "found 'define'");
    check_error("day", "1:1", "'day' is a reserved word");
}

#[test]
fn spans_cover_the_source() {
    let src = "Count([Encounter] E where E.x > 1) + 2";
    let e = parse_expression(src).unwrap();
    assert_eq!(e.span.text(src), src);
    let ExprKind::Binary { left, right, .. } = &e.kind else {
        panic!("binary expected")
    };
    assert_eq!(left.span.text(src), "Count([Encounter] E where E.x > 1)");
    assert_eq!(right.span.text(src), "2");
    let ExprKind::Call { args, .. } = &left.kind else {
        panic!("call expected")
    };
    assert_eq!(args[0].span.text(src), "[Encounter] E where E.x > 1");
    let ExprKind::Query(q) = &args[0].kind else {
        panic!("query expected")
    };
    assert_eq!(q.sources[0].span.text(src), "[Encounter] E");
    assert_eq!(q.where_clause.as_ref().unwrap().span.text(src), "E.x > 1");
}

/// Printing keeps the tree: regressions found by the generated-expression property.
#[test]
fn printer_regressions() {
    for src in [
        "(Code '1' from \"S\").f()",
        "F(([Encounter] E with (1) B such that 1 sort by x), 1)",
        "[Encounter] E with (1) B such that ((1) A where 1 return A) sort by x",
        "{ from (X) A, (Y) B, (Z) C }",
        "[E] E where (if a then b else (X) A return A) sort by x",
    ] {
        let e = parse_expression(src).unwrap();
        let printed = ww_cql_syntax::expr_to_cql(&e);
        let again = parse_expression(&printed).unwrap();
        assert_eq!(
            crate::conformance::shape(&e),
            crate::conformance::shape(&again),
            "{src} printed as {printed}"
        );
    }
}
