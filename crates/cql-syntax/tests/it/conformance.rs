//! Every `<expression>` of the official CQL conformance suite (`../shared/cql-tests/cql`)
//! parses, except those marked `invalid="syntax"`, which must be rejected.

use std::path::PathBuf;
use ww_cql_syntax::parse_expression;

/// One `<expression>` element: its text (entities decoded) and its `invalid` attribute.
struct Case {
    file: String,
    text: String,
    invalid: Option<String>,
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn suite_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/cql-tests/cql")
}

fn cases() -> Vec<Case> {
    let dir = suite_dir();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let xml = std::fs::read_to_string(&path).expect("read xml");
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        let mut rest = xml.as_str();
        while let Some(i) = rest.find("<expression") {
            rest = &rest[i + "<expression".len()..];
            let close = rest.find('>').expect("tag end");
            let attrs = &rest[..close];
            let body_start = close + 1;
            let end = rest.find("</expression>").expect("closing tag");
            let text = unescape(&rest[body_start..end]);
            let invalid = attrs.find("invalid=\"").map(|j| {
                let v = &attrs[j + 9..];
                v[..v.find('"').unwrap()].to_string()
            });
            out.push(Case {
                file: file.clone(),
                text,
                invalid,
            });
            rest = &rest[end..];
        }
    }
    out
}

/// The text of every `<output>` element (expected values, written as CQL literals).
fn outputs() -> Vec<(String, String)> {
    let dir = suite_dir();
    let mut out = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("suite dir")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    files.sort();
    for path in files {
        let xml = std::fs::read_to_string(&path).expect("read xml");
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        let mut rest = xml.as_str();
        while let Some(i) = rest.find("<output") {
            rest = &rest[i + "<output".len()..];
            let close = rest.find('>').expect("tag end");
            if rest[..close].ends_with('/') {
                continue;
            }
            let end = rest.find("</output>").expect("closing tag");
            out.push((file.clone(), unescape(&rest[close + 1..end])));
            rest = &rest[end..];
        }
    }
    out
}

#[test]
fn expected_outputs_parse_as_cql() {
    let outputs = outputs();
    let mut failures = Vec::new();
    for (file, text) in &outputs {
        if let Err(d) = parse_expression(text) {
            failures.push(format!("{file}: {text}: {}", d[0]));
        }
    }
    println!(
        "conformance outputs: {} total, {} parse",
        outputs.len(),
        outputs.len() - failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Valid-marked expressions this parser rejects on purpose, with the reason.
const KNOWN_REJECTIONS: &[(&str, &str)] = &[
    (
        "Floor(2147483648)",
        "Integer literal above 2^31-1: an error per CQL Appendix B (Integer range); the suite \
         expects null here but marks Ceiling(2147483648) invalid=\"syntax\"",
    ),
    (
        "Floor(-2147483649)",
        "Integer literal below -2^31, as above",
    ),
];

#[test]
fn every_conformance_expression_parses() {
    let cases = cases();
    assert_eq!(cases.len(), 1835, "the suite has 1,835 expressions");
    let mut parsed = 0;
    let mut syntax_rejected = 0;
    let mut invalid_rejected = 0;
    let mut known = 0;
    let mut failures = Vec::new();
    for c in &cases {
        let result = parse_expression(&c.text);
        let text = c.text.trim();
        match (c.invalid.as_deref(), result) {
            (Some("syntax"), Err(_)) => syntax_rejected += 1,
            (Some("syntax"), Ok(_)) => failures.push(format!(
                "{}: accepted but marked invalid=\"syntax\": {}",
                c.file, c.text
            )),
            (_, Ok(_)) => parsed += 1,
            // An error is expected for these; a parse error is one.
            (Some(_), Err(_)) => invalid_rejected += 1,
            (None, Err(_)) if KNOWN_REJECTIONS.iter().any(|(t, _)| *t == text) => known += 1,
            (None, Err(diags)) => failures.push(format!(
                "{}: {}\n    {}",
                c.file,
                text,
                diags
                    .iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join("\n    ")
            )),
        }
    }
    println!(
        "conformance expressions: {} total; {parsed} parsed; rejected: {syntax_rejected} marked invalid=\"syntax\", \
         {invalid_rejected} marked invalid=\"true\"/\"semantic\", {known} known (see KNOWN_REJECTIONS); {} failures",
        cases.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(
        known,
        KNOWN_REJECTIONS.len(),
        "a known rejection now parses: update the list"
    );
}

/// The tree's debug form without spans and node ids, for comparing shapes.
pub(crate) fn shape(e: &impl std::fmt::Debug) -> String {
    let dbg = format!("{e:?}");
    let mut out = String::with_capacity(dbg.len());
    let mut rest = dbg.as_str();
    loop {
        let next = [("Span {", '}'), ("NodeId(", ')')]
            .iter()
            .filter_map(|(pat, close)| rest.find(pat).map(|i| (i, *close)))
            .min_by_key(|(i, _)| *i);
        match next {
            Some((i, close)) => {
                out.push_str(&rest[..i]);
                let end = rest[i..].find(close).expect("closing") + i + 1;
                rest = &rest[end..];
            }
            None => {
                out.push_str(rest);
                return out;
            }
        }
    }
}

#[test]
fn printed_expressions_parse_back_to_the_same_tree() {
    let mut checked = 0;
    for c in cases() {
        let Ok(e) = parse_expression(&c.text) else {
            continue;
        };
        let printed = ww_cql_syntax::expr_to_cql(&e);
        let again = parse_expression(&printed).unwrap_or_else(|d| {
            panic!(
                "{}: {} printed as {printed} fails: {}",
                c.file,
                c.text.trim(),
                d[0]
            )
        });
        assert_eq!(
            shape(&e),
            shape(&again),
            "{}: {} printed as {printed}",
            c.file,
            c.text.trim()
        );
        checked += 1;
    }
    println!("round-tripped {checked} conformance expressions");
}

#[test]
fn child_spans_lie_inside_their_parents_and_ids_are_unique() {
    for c in cases() {
        let Ok(e) = parse_expression(&c.text) else {
            continue;
        };
        let mut ids = std::collections::HashSet::new();
        e.walk(&mut |node| {
            assert!(ids.insert(node.id), "{}: duplicate node id", c.text);
            assert!(!node.span.is_empty(), "{}: empty span", c.text);
            for child in node.children() {
                assert!(
                    child.span.start >= node.span.start && child.span.end <= node.span.end,
                    "{}: {:?} of {:?} outside {:?}",
                    c.text.trim(),
                    child.span.text(&c.text),
                    child.span,
                    node.span
                );
            }
        });
    }
}
