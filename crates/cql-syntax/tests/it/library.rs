//! Library parsing: a realistic measure, error recovery, definition order.

use ww_cql_syntax::*;

const AUDIOGRAM: &str = include_str!("data/audiogram.cql");

#[test]
fn realistic_measure_parses() {
    let (lib, diags) = parse_library(AUDIOGRAM);
    assert!(diags.is_empty(), "{diags:?}");
    let header = lib.header.as_ref().unwrap();
    assert_eq!(header.name.dotted(), "WorkWellAudiogram");
    assert_eq!(header.version.as_ref().unwrap().value, "1.0.0");
    assert_eq!(lib.usings[0].model.dotted(), "FHIR");
    assert_eq!(lib.usings[0].version.as_ref().unwrap().value, "4.0.1");
    let locals: Vec<&str> = lib.includes.iter().map(|i| i.local_name()).collect();
    assert_eq!(locals, ["FHIRHelpers", "Common"]);
    assert_eq!(lib.codesystems.len(), 2);
    assert_eq!(lib.codesystems[1].version.as_ref().unwrap().value, "2024");
    assert_eq!(lib.valuesets[0].name.name, "Audiogram Procedures");
    assert_eq!(
        lib.valuesets[0].id.value,
        "urn:uuid:a0000001-0000-0000-0000-000000000001"
    );
    let cs: Vec<String> = lib.valuesets[1]
        .codesystems
        .iter()
        .map(|c| match &c.library {
            Some(l) => format!("{}.{}", l.name, c.name.name),
            None => c.name.name.clone(),
        })
        .collect();
    assert_eq!(cs, ["SNOMED", "Common.LOINC"]);
    assert_eq!(lib.codes[0].code.value, "398171003");
    assert_eq!(lib.codes[0].system.name.name, "SNOMED");
    assert_eq!(
        lib.codes[0].display.as_ref().unwrap().value,
        "Hearing examination (procedure)"
    );
    assert_eq!(lib.concepts[0].codes[0].name.name, "Hearing examination");
    let params: Vec<(&str, String, AccessModifier)> = lib
        .parameters
        .iter()
        .map(|p| {
            (
                p.name.name.as_str(),
                type_to_cql(p.type_specifier.as_ref().unwrap()),
                p.access,
            )
        })
        .collect();
    assert_eq!(params[0].0, "Measurement Period");
    assert_eq!(params[0].1, "Interval<DateTime>");
    assert_eq!(params[2].1, "List<String>");
    assert_eq!(params[3].2, AccessModifier::Private);
    assert_eq!(
        expr_to_cql(lib.parameters[0].default.as_ref().unwrap()),
        "Interval[@2025-01-01T00:00:00.000, @2025-12-31T23:59:59.999]"
    );

    let names: Vec<&str> = lib
        .expression_defs()
        .map(|d| d.name.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "Audiograms",
            "Hearing Exams",
            "Most Recent Exam Date",
            "Days Overdue",
            "In Population",
            "Exempt",
            "Outcome Status",
            "Exams With Encounters",
            "Exams In Period",
            "Summary"
        ]
    );
    assert!(lib
        .expression_defs()
        .all(|d| d.context.as_deref() == Some("Patient")));
    let audiograms = lib.expression_defs().next().unwrap();
    let ExprKind::Query(q) = &audiograms.expression.kind else {
        panic!("query expected");
    };
    let ExprKind::Retrieve(r) = &q.sources[0].source.kind else {
        panic!("retrieve expected");
    };
    assert_eq!(r.data_type.name.name, "Procedure");
    assert_eq!(r.code_path.as_ref().unwrap().dotted(), "code");
    assert_eq!(r.comparator, Some(CodeComparator::In));
    assert!(
        matches!(&r.terminology.as_ref().unwrap().kind, ExprKind::Identifier(i) if i.name == "Audiogram Procedures")
    );
    assert!(
        matches!(q.sort, Some(SortClause::By(ref items, _)) if items[0].direction == Some(SortDirection::Descending))
    );

    let functions: Vec<&FunctionDef> = lib.function_defs().collect();
    assert_eq!(functions.len(), 3);
    assert_eq!(functions[0].name.name, "Is Recent");
    assert_eq!(functions[0].access, AccessModifier::Private);
    assert_eq!(functions[0].operands.len(), 2);
    assert_eq!(
        type_to_cql(functions[0].return_type.as_ref().unwrap()),
        "Boolean"
    );
    assert!(functions[1].fluent);
    assert_eq!(
        type_to_cql(&functions[1].operands[0].type_specifier),
        "Choice<FHIR.dateTime, FHIR.Period>"
    );
    assert!(matches!(functions[2].body, FunctionBody::External(_)));

    // The define's span covers it exactly, and line/column lookups agree with the text.
    let outcome = lib
        .expression_defs()
        .find(|d| d.name.name == "Outcome Status")
        .unwrap();
    let text = outcome.span.text(AUDIOGRAM);
    assert!(text.starts_with("define \"Outcome Status\":") && text.ends_with("end"));
    let index = LineIndex::new(AUDIOGRAM);
    let (line, col) = index.line_col(outcome.span.start);
    assert_eq!(col, 1);
    assert_eq!(
        AUDIOGRAM.lines().nth(line as usize - 1).unwrap(),
        "define \"Outcome Status\":"
    );
}

#[test]
fn statements_keep_their_context() {
    let src = "define A: 1\ncontext Patient\ndefine B: 2\ncontext Unfiltered\ndefine C: 3";
    let (lib, diags) = parse_library(src);
    assert!(diags.is_empty(), "{diags:?}");
    let contexts: Vec<Option<&str>> = lib
        .expression_defs()
        .map(|d| d.context.as_deref())
        .collect();
    assert_eq!(contexts, [None, Some("Patient"), Some("Unfiltered")]);
    assert_eq!(lib.statements.len(), 5);
}

/// Parses a library and returns its diagnostics as `LINE:COL: severity: message` lines.
fn diagnostics(src: &str) -> Vec<String> {
    parse_library(src).1.iter().map(|d| d.to_string()).collect()
}

#[test]
fn each_broken_definition_is_reported_once_and_the_rest_parses() {
    let src = "library L\n\
               define A: (1 + \n\
               define B: 2\n\
               define C: Count(1, 2\n\
               define D: 4";
    let (lib, diags) = parse_library(src);
    let names: Vec<&str> = lib
        .expression_defs()
        .map(|d| d.name.name.as_str())
        .collect();
    assert_eq!(names, ["B", "D"]);
    let msgs: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    assert_eq!(msgs.len(), 2, "{msgs:?}");
    assert_eq!(
        msgs[0],
        "2:14: error: expected an expression after '+', found 'define' (at 3:1)"
    );
    assert!(
        msgs[1].starts_with("5:1: error: expected ')' to close the call to 'Count' opened at 4:16"),
        "{msgs:?}"
    );
}

/// QA finding F10: an expression missing at the end of a line is reported on that line, at
/// the operator (editors jump there), not at the next line's first token.
#[test]
fn a_missing_operand_at_the_end_of_a_line_is_reported_on_that_line() {
    let d = diagnostics("library E version '1'\ndefine \"A\": 1 +\ndefine \"B\": 2\n");
    assert_eq!(
        d,
        ["2:15: error: expected an expression after '+', found 'define' (at 3:1)"]
    );
    let d = diagnostics("define \"Q\": [Encounter] E where\n");
    assert_eq!(
        d,
        ["1:27: error: expected an expression after 'where', found end of input (at 2:1)"]
    );
}

#[test]
fn library_errors_name_the_place() {
    let d = diagnostics("define \"X\" 1");
    assert_eq!(
        d,
        ["1:12: error: expected ':' after the name of define \"X\", found number 1"]
    );
    let d = diagnostics("define X: 1 2");
    assert!(
        d[0].starts_with("1:13: error: unexpected number 2 after the end of define \"X\""),
        "{d:?}"
    );
    let d = diagnostics("valueset \"V\": urn");
    assert!(
        d[0].starts_with(
            "1:15: error: expected the value set URI or OID (a string in single quotes)"
        ),
        "{d:?}"
    );
    let d = diagnostics("define day: 1");
    assert!(d[0].contains("reserved word 'day'"), "{d:?}");
    let d = diagnostics("define X: 1\nusing FHIR version '4.0.1'");
    assert!(d[0].starts_with("2:1: warning:"), "{d:?}");
    let d = diagnostics("define X: 'abc\ndefine Y: 1");
    assert!(d[0].contains("never closed"), "{d:?}");
    let d = diagnostics("/* open comment");
    assert!(
        d[0].starts_with("1:1: error: comment opened at 1:1 is never closed"),
        "{d:?}"
    );
}

#[test]
fn directives_include_bind_and_access() {
    let src = "#language: 'en'\nlibrary A.B version '2'\ninclude X.Y called Z bind { p: 1 }\npublic codesystem S: 'urn:s'\ndefine public F: 1\ndefine private fluent function g(a Integer): a";
    let (lib, diags) = parse_library(src);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(lib.directives[0].name.name, "language");
    assert_eq!(lib.header.as_ref().unwrap().name.dotted(), "A.B");
    assert_eq!(lib.includes[0].library.dotted(), "X.Y");
    assert_eq!(lib.includes[0].local_name(), "Z");
    assert!(lib.includes[0].bind.is_some());
    let f = lib.function_defs().next().unwrap();
    assert!(f.fluent && f.access == AccessModifier::Private);
}

#[test]
fn words_that_became_keywords_in_cql2_still_name_things() {
    let src = "define type: 1\n\
               define path: [Encounter] label where label.key = 1 return label.identifier\n\
               define function f(retrievable String): retrievable";
    let (lib, diags) = parse_library(src);
    assert!(diags.is_empty(), "{diags:?}");
    let names: Vec<&str> = lib
        .expression_defs()
        .map(|d| d.name.name.as_str())
        .collect();
    assert_eq!(names, ["type", "path"]);
    let path = lib.expression_def("path").unwrap();
    let ExprKind::Query(q) = &path.expression.kind else {
        panic!("query expected")
    };
    assert_eq!(q.sources[0].alias.name, "label");
}

#[test]
fn printed_library_parses_back_to_the_same_library() {
    let (lib, _) = parse_library(AUDIOGRAM);
    let printed = library_to_cql(&lib);
    let (again, diags) = parse_library(&printed);
    assert!(diags.is_empty(), "{diags:?}\n{printed}");
    assert_eq!(
        crate::conformance::shape(&lib.statements),
        crate::conformance::shape(&again.statements)
    );
    let mut a = lib.clone();
    let mut b = again.clone();
    a.statements.clear();
    b.statements.clear();
    a.span = Span::default();
    b.span = Span::default();
    assert_eq!(crate::conformance::shape(&a), crate::conformance::shape(&b));
}
