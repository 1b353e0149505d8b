//! Robustness: arbitrary text and token soups never panic and finish quickly; deep
//! nesting is reported as an error instead of overflowing the stack.

use crate::conformance::shape;
use proptest::prelude::*;
use std::time::{Duration, Instant};
use ww_cql_syntax::{expr_to_cql, parse_expression, parse_library, MAX_CHAIN, MAX_DEPTH};

/// Tokens and fragments of CQL, glued together at random by the token-soup property.
const PIECES: &[&str] = &[
    "define",
    "\"X\"",
    ":",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ".",
    "+",
    "-",
    "*",
    "/",
    "^",
    "&",
    "|",
    "=",
    "!=",
    "~",
    "!~",
    "<",
    "<=",
    ">",
    ">=",
    "->",
    "%",
    "#",
    "$this",
    "and",
    "or",
    "xor",
    "implies",
    "not",
    "exists",
    "in",
    "contains",
    "~in",
    "is",
    "as",
    "cast",
    "null",
    "true",
    "false",
    "if",
    "then",
    "else",
    "case",
    "when",
    "end",
    "start",
    "of",
    "from",
    "where",
    "return",
    "all",
    "distinct",
    "sort",
    "by",
    "asc",
    "desc",
    "with",
    "without",
    "such",
    "that",
    "let",
    "aggregate",
    "starting",
    "before",
    "after",
    "on",
    "same",
    "as",
    "during",
    "included",
    "includes",
    "properly",
    "within",
    "meets",
    "overlaps",
    "starts",
    "ends",
    "occurs",
    "between",
    "day",
    "days",
    "year",
    "less",
    "more",
    "than",
    "Interval",
    "List",
    "Tuple",
    "Code",
    "Concept",
    "display",
    "convert",
    "to",
    "minimum",
    "maximum",
    "duration",
    "difference",
    "width",
    "singleton",
    "point",
    "expand",
    "collapse",
    "per",
    "union",
    "intersect",
    "except",
    "library",
    "using",
    "include",
    "called",
    "version",
    "valueset",
    "codesystem",
    "code",
    "concept",
    "parameter",
    "default",
    "context",
    "function",
    "fluent",
    "returns",
    "external",
    "private",
    "public",
    "1",
    "2.5",
    "10L",
    "'s'",
    "'mg'",
    "@2012-01-01",
    "@2012-01-01T10:00Z",
    "@T10:00",
    "X",
    "Patient",
    "Encounter",
    "E",
    "`d`",
    "//c\n",
    "/* c */",
];

fn soup() -> impl Strategy<Value = String> {
    proptest::collection::vec(0..PIECES.len(), 0..60)
        .prop_map(|ix| ix.iter().map(|i| PIECES[*i]).collect::<Vec<_>>().join(" "))
}

/// Random expressions built from CQL forms (valid by construction in most cases).
fn expression() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("1".to_string()),
        Just("2.5".to_string()),
        Just("10L".to_string()),
        Just("'s'".to_string()),
        Just("null".to_string()),
        Just("true".to_string()),
        Just("X".to_string()),
        Just("\"My Def\"".to_string()),
        Just("X.y".to_string()),
        Just("@2012-01-01".to_string()),
        Just("@T10:00".to_string()),
        Just("3 days".to_string()),
        Just("5 'mg'".to_string()),
        Just("Interval[1, 5)".to_string()),
        Just("{1, 2}".to_string()),
        Just("Tuple { a: 1 }".to_string()),
        Just("[Encounter: \"VS\"]".to_string()),
        Just("Code '1' from \"S\"".to_string()),
        Just("$this".to_string()),
        Just("-1".to_string()),
    ];
    leaf.prop_recursive(5, 40, 3, |inner| {
        let two = (inner.clone(), inner.clone());
        prop_oneof![
            (inner.clone(), 0..PREFIXES.len()).prop_map(|(e, i)| format!("{}{e}", PREFIXES[i])),
            (inner.clone(), 0..POSTFIXES.len()).prop_map(|(e, i)| format!("{e}{}", POSTFIXES[i])),
            (two.clone(), 0..INFIXES.len())
                .prop_map(|((a, b), i)| format!("{a} {} {b}", INFIXES[i])),
            inner.clone().prop_map(|e| format!("({e})")),
            inner.clone().prop_map(|e| format!("F({e}, 1)")),
            inner.clone().prop_map(|e| format!("({e}).f()")),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(a, b, c)| format!("if {a} then {b} else {c}")),
            (inner.clone(), inner.clone())
                .prop_map(|(a, b)| format!("case when {a} then {b} else 0 end")),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(a, b, c)| format!("{a} between {b} and {c}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) A where {b} return A")),
            (inner.clone(), inner.clone())
                .prop_map(|(a, b)| format!("[Encounter] E with ({a}) B such that {b} sort by x")),
            (inner.clone(), inner).prop_map(|(a, b)| format!("Interval[{a}, {b}]")),
        ]
    })
}

const PREFIXES: &[&str] = &[
    "not ",
    "exists ",
    "-",
    "+",
    "start of ",
    "end of ",
    "distinct ",
    "flatten ",
    "singleton from ",
    "point from ",
    "width of ",
    "successor of ",
    "year from ",
    "date from ",
    "duration in days of ",
    "collapse ",
    "expand ",
    "cast ",
];
const POSTFIXES: &[&str] = &[
    " is null",
    " is not true",
    " as Integer",
    " is List<String>",
    ".z",
    "[0]",
    " as Choice<Integer, String>",
    " is FHIR.Period",
];
const INFIXES: &[&str] = &[
    "and",
    "or",
    "xor",
    "implies",
    "=",
    "!=",
    "~",
    "!~",
    "<",
    "<=",
    ">",
    ">=",
    "+",
    "-",
    "*",
    "/",
    "div",
    "mod",
    "^",
    "&",
    "|",
    "union",
    "intersect",
    "except",
    "in",
    "contains",
    "in day of",
    "includes",
    "during",
    "included in",
    "properly includes",
    "before",
    "after",
    "on or before",
    "before or on",
    "3 days or more before",
    "less than 1 year after",
    "same day as",
    "same or after",
    "within 3 days of",
    "meets",
    "meets before",
    "overlaps",
    "overlaps after",
    "starts",
    "ends",
    "occurs during",
    "starts before start",
    "ends 1 day after end",
    "properly during",
];

/// A parsed expression prints to text that parses to the same tree.
fn assert_round_trip(src: &str) -> Result<(), TestCaseError> {
    if let Ok(e) = parse_expression(src) {
        let printed = expr_to_cql(&e);
        match parse_expression(&printed) {
            Ok(again) => {
                prop_assert_eq!(shape(&e), shape(&again), "{} printed as {}", src, printed)
            }
            Err(d) => prop_assert!(false, "{} printed as {} fails: {}", src, printed, d[0]),
        }
    }
    Ok(())
}

proptest! {
    // No persistence file: failures print their minimal input, which becomes a unit test.
    #![proptest_config(ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::with_cases(2000)
    })]

    #[test]
    fn generated_expressions_round_trip(src in expression()) {
        assert_round_trip(&src)?;
    }

    #[test]
    fn arbitrary_text_never_panics(s in "\\PC{0,200}") {
        let started = Instant::now();
        let _ = parse_expression(&s);
        let _ = parse_library(&s);
        prop_assert!(started.elapsed() < Duration::from_millis(200));
    }

    #[test]
    fn token_soup_never_panics(s in soup()) {
        let started = Instant::now();
        let _ = parse_expression(&s);
        let (_, diags) = parse_library(&s);
        for d in &diags {
            prop_assert!(d.span.start <= s.len() && d.span.end <= s.len());
            prop_assert!(d.line >= 1 && d.column >= 1);
        }
        prop_assert!(started.elapsed() < Duration::from_millis(200));
        assert_round_trip(&s)?;
    }

    #[test]
    fn ascii_noise_never_panics(s in "[ -~\\n]{0,300}") {
        let _ = parse_expression(&s);
        let _ = parse_library(&s);
    }
}

/// Runs `f` on a thread with a 2 MiB stack (the default for spawned threads), so the
/// depth guard is checked against a realistic stack.
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("no panic or overflow");
}

fn nested(open: &str, inner: &str, close: &str, n: usize) -> String {
    format!("{}{inner}{}", open.repeat(n), close.repeat(n))
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    on_small_stack(|| {
        for src in [
            nested("(", "1", ")", 100_000),
            nested("not ", "true", "", 100_000),
            nested("-", "1", "", 100_000),
            nested("{", "1", "}", 100_000),
            nested("Interval[", "1", ", 2]", 50_000),
            nested("if a then ", "1", " else 2", 50_000),
            nested("List<", "Integer", ">", 50_000).replace("Integer", "Integer>{}"),
            nested("f(", "1", ")", 100_000),
            nested("[E: ", "\"V\"", "]", 50_000),
            nested("exists ((X) A where ", "true", ")", 50_000),
            nested("(X) A let a: ", "1", "", 50_000),
            nested("[E] A with (X) B such that ", "true", "", 50_000),
            nested("Tuple { a: ", "1", " }", 50_000),
            nested("case when ", "true", " then 1 else 2 end", 50_000),
            nested("convert ", "1", " to Integer", 50_000),
            format!(
                "X is {}Integer{}",
                "List<".repeat(50_000),
                ">".repeat(50_000)
            ),
            nested("X A return ", "1", "", 50_000),
            nested("X A aggregate R starting (", "1", "): R", 50_000),
            nested("Code { code: ", "'1'", " }", 50_000),
            nested("start of ", "X", "", 50_000),
            nested("A during ", "B", "", 50_000),
            nested("A between (", "1", ") and 2", 50_000),
        ] {
            let err = parse_expression(&src).expect_err("too deep");
            assert!(
                err.iter().any(|d| d.message.contains("nested too deeply")
                    || d.message.contains("operators in a row")),
                "{}",
                err[0]
            );
        }
        let lib = format!("define X: {}", nested("(", "1", ")", 100_000));
        let (_, diags) = parse_library(&lib);
        assert!(diags[0].message.contains("nested too deeply"));
    });
}

#[test]
fn nesting_below_the_limit_parses() {
    on_small_stack(|| {
        let depth = (MAX_DEPTH as usize) / 2 - 2;
        assert!(parse_expression(&nested("(", "1", ")", depth)).is_ok());
        assert!(parse_expression(&nested("not ", "true", "", MAX_DEPTH as usize - 2)).is_ok());
        assert!(parse_expression(&nested("{", "1", "}", depth)).is_ok());
        assert!(parse_expression(&nested("if a then ", "1", " else 2", depth / 2)).is_ok());
    });
}

#[test]
fn long_operator_chains_are_limited() {
    on_small_stack(|| {
        let n = MAX_CHAIN as usize;
        assert!(parse_expression(&vec!["1"; n].join(" + ")).is_ok());
        assert!(parse_expression(&vec!["a"; n].join(" or ")).is_ok());
        assert!(parse_expression(&format!("X{}", ".y".repeat(n - 1))).is_ok());
        for src in [
            vec!["1"; 50_000].join(" + "),
            vec!["a"; 50_000].join(" and "),
            format!("X{}", ".y".repeat(50_000)),
            format!("X{}", "[0]".repeat(50_000)),
        ] {
            let err = parse_expression(&src).expect_err("too long");
            assert!(err[0].message.contains("operators in a row"), "{}", err[0]);
        }
        // Lists are flat: no limit.
        let list = format!("{{{}}}", vec!["1"; 50_000].join(", "));
        assert!(parse_expression(&list).is_ok());
    });
}
