//! Tokens: each case lexes `input` and compares a compact rendering of the tokens
//! (`kind:text`, keywords as `kw:word`), without the final end-of-input token.

use ww_cql_syntax::lexer::{tokenize, Tok};
use ww_cql_syntax::LineIndex;

fn render(input: &str) -> (String, Vec<String>) {
    let index = LineIndex::new(input);
    let mut diags = Vec::new();
    let tokens = tokenize(input, &index, &mut diags);
    let parts: Vec<String> = tokens
        .iter()
        .filter(|t| t.kind != Tok::Eof)
        .map(|t| match t.kind {
            Tok::Keyword(kw) => format!("kw:{}", kw.text()),
            Tok::Ident => format!("id:{}", t.text),
            Tok::QuotedIdent => format!("qid:{}", t.text),
            Tok::DelimitedIdent => format!("did:{}", t.text),
            Tok::String => format!("str:{}", t.text),
            Tok::Number => format!("num:{}", t.text),
            Tok::LongNumber => format!("long:{}", t.text),
            Tok::Date => format!("date:{}", t.text),
            Tok::DateTime => format!("datetime:{}", t.text),
            Tok::Time => format!("time:{}", t.text),
            Tok::Dollar => format!("${}", t.text),
            _ => t.span.text(input).to_string(),
        })
        .collect();
    let messages = diags.iter().map(|d| d.to_string()).collect();
    (parts.join(" "), messages)
}

#[track_caller]
fn check(input: &str, expect: &str) {
    let (tokens, diags) = render(input);
    assert!(diags.is_empty(), "{input}: {diags:?}");
    assert_eq!(tokens, expect, "input: {input}");
}

#[track_caller]
fn check_diag(input: &str, expect: &str) {
    let (_, diags) = render(input);
    assert!(
        diags.iter().any(|d| d.contains(expect)),
        "{input}: {diags:?} lacks {expect}"
    );
}

#[test]
fn words_and_keywords() {
    check("define Foo_1 _x", "kw:define id:Foo_1 id:_x");
    check(
        "Code code Concept concept",
        "kw:Code kw:code kw:Concept kw:concept",
    );
    check("such that included in", "id:such id:that id:included kw:in");
    check("\"a \\\"b\\\"\" `c\\`d`", "qid:a \"b\" did:c`d");
}

#[test]
fn numbers() {
    check("1 1.5 10L 007 1.", "num:1 num:1.5 long:10 num:007 num:1 .");
    check("2.toString()", "num:2 . id:toString ( )");
    check("5'mg'", "num:5 str:mg");
}

#[test]
fn dates_and_times() {
    check("@2012", "date:2012");
    check("@2012-03", "date:2012-03");
    check("@2012-03-04", "date:2012-03-04");
    check("@2012T", "datetime:2012T");
    check("@2012-03-04T10", "datetime:2012-03-04T10");
    check(
        "@2012-03-04T10:11:12.345+05:30",
        "datetime:2012-03-04T10:11:12.345+05:30",
    );
    check("@2012-03-04T10:11Z", "datetime:2012-03-04T10:11Z");
    check("@2012-03-04TZ", "datetime:2012-03-04TZ");
    check("@T10:11:12.5", "time:10:11:12.5");
    check("@2012-03-04 - 1", "date:2012-03-04 - num:1");
    check("@2012-1", "date:2012 - num:1");
    check("@2012-03-04T10+1", "datetime:2012-03-04T10 + num:1");
}

#[test]
fn strings_and_escapes() {
    check("'a\\'b'", "str:a'b");
    check("'\\n\\t\\r\\f\\\\\\/'", "str:\n\t\r\u{c}\\/");
    check("'\\u00e9'", "str:é");
    check("'multi\nline'", "str:multi\nline");
}

#[test]
fn punctuation() {
    check(
        "( ) [ ] { } , . : + - * / ^ & | = != ~ !~ < <= > >= -> % #",
        "( ) [ ] { } , . : + - * / ^ & | = != ~ !~ < <= > >= -> % #",
    );
    check(
        "a ~in b ~contains c ~ind",
        "id:a ~in id:b ~contains id:c ~ id:ind",
    );
    check("$this $index $total", "$this $index $total");
    check("a//c\nb/*x\ny*/c", "id:a id:b id:c");
}

#[test]
fn lexical_errors() {
    check_diag("'abc", "1:1: error: string starting at 1:1 is never closed");
    check_diag("\"abc", "quoted identifier starting at 1:1 is never closed");
    check_diag("/* x", "comment opened at 1:1 is never closed");
    check_diag(
        "'\\u12'",
        "'\\u' must be followed by four hexadecimal digits",
    );
    check_diag("'\\q'", "warning: unknown escape");
    check_diag("a\n  ?", "2:3: error: unexpected character '?'");
    check_diag("@", "'@' must start a date");
    check_diag("@T", "a time literal needs at least an hour");
    check_diag("$foo", "unknown special name '$foo'");
    check_diag("é", "unexpected character 'é'");
}

#[test]
fn every_keyword_is_recognised() {
    use ww_cql_syntax::lexer::Kw;
    for kw in Kw::ALL {
        assert_eq!(Kw::from_word(kw.text()), Some(*kw));
    }
    assert_eq!(Kw::from_word("Define"), None);
    assert_eq!(Kw::from_word("a"), None);
    assert_eq!(Kw::from_word("timezoneoffsets"), None);
}
