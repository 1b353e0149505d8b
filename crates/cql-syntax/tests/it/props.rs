//! Robustness: arbitrary text and token soups never panic and finish quickly; deep
//! nesting is reported as an error instead of overflowing the stack.

use proptest::prelude::*;
use std::time::{Duration, Instant};
use ww_cql_syntax::{parse_expression, parse_library, MAX_CHAIN, MAX_DEPTH};

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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

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
        ] {
            let err = parse_expression(&src).expect_err("too deep");
            assert!(
                err.iter().any(|d| d.message.contains("nested too deeply")),
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
