//! Parse time stays tiny: a 100-line measure parses in well under a millisecond (release
//! build; the debug bound here is looser).

use std::time::Instant;
use ww_cql_syntax::parse_library;

#[test]
fn a_measure_parses_quickly() {
    let src = include_str!("data/audiogram.cql");
    let lines = src.lines().count();
    assert!(
        lines >= 90,
        "the sample is a realistic size ({lines} lines)"
    );
    let rounds = 200;
    let started = Instant::now();
    for _ in 0..rounds {
        let (lib, diags) = parse_library(src);
        assert!(diags.is_empty() && !lib.statements.is_empty());
    }
    let per_parse = started.elapsed() / rounds;
    println!("parsed a {lines}-line library in {per_parse:?} on average");
    let bound = if cfg!(debug_assertions) {
        20_000
    } else {
        1_000
    };
    assert!(
        per_parse.as_micros() < bound,
        "parsing took {per_parse:?} (bound {bound} µs)"
    );
}
