//! Arbitrary text through compile and evaluation: no panic (a caught panic shows up as
//! an "internal error"), no hang. Deterministic pseudo-random token soup.

use std::time::{Duration, Instant};
use ww_cql::{compile_library, evaluate_expression_with, parse_now};

const TOKENS: &[&str] = &[
    "1",
    "2.5",
    "-3",
    "1L",
    "'a'",
    "null",
    "true",
    "@2024-01-01",
    "@2024-01-01T10:00",
    "@T10:00",
    "5 'mg'",
    "3 days",
    "Interval[",
    "Interval(",
    "]",
    ")",
    "(",
    "{",
    "}",
    ",",
    "+",
    "-",
    "*",
    "/",
    "div",
    "mod",
    "and",
    "or",
    "not",
    "=",
    "~",
    "<",
    ">=",
    "in",
    "contains",
    "during",
    "starts",
    "before",
    "after",
    "same day as",
    "union",
    "intersect",
    "except",
    "exists",
    "singleton from",
    "start of",
    "end of",
    "X",
    "from",
    "where",
    "return",
    "sort by",
    "let",
    "with",
    "such that",
    "if",
    "then",
    "else",
    "case",
    "when",
    "end",
    "is",
    "as",
    "Integer",
    "List<Integer>",
    "Tuple",
    "Tuple {",
    ":",
    ".",
    "Count(",
    "Sum(",
    "ToString(",
    "years between",
    "difference in days between",
    "collapse",
    "expand",
    "per",
    "Code",
    "Concept",
    "[Procedure]",
    "P",
];

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

#[test]
fn arbitrary_expressions_never_panic_or_hang() {
    let now = parse_now("2025-06-15T12:00:00.000Z").unwrap();
    let params = std::collections::HashMap::new();
    let mut rng = Lcg(42);
    for _ in 0..3000 {
        let n = 1 + rng.next() % 12;
        let text: Vec<&str> = (0..n).map(|_| TOKENS[rng.next() % TOKENS.len()]).collect();
        let text = text.join(" ");
        let start = Instant::now();
        let r = evaluate_expression_with(&text, now, &params, Some(start + Duration::from_secs(1)));
        assert!(start.elapsed() < Duration::from_secs(2), "slow: {text}");
        if let Err(e) = r {
            assert!(
                !e.to_string().contains("internal error"),
                "panic on {text:?}"
            );
        }
        let lib = compile_library(&format!("library R\ndefine \"X\": {text}\n"), &[]);
        let _ = lib.has_errors();
    }
}
