//! The static type checker (`ww_cql::typecheck`): no false errors on the demo measures
//! and on every conformance expression that is not marked invalid, and the errors a
//! measure author should see on a table of wrong inputs (messages follow the reference
//! translator's wording where it has one; asked with `tools/cql-oracle`).

use std::path::PathBuf;
use ww_cql::conformance::{read_suite, Invalid};
use ww_cql::typecheck::{check_expression, check_library, expression_type, Type};
use ww_cql_syntax::{parse_expression, parse_library, Diagnostic};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn check_expr(src: &str) -> Vec<Diagnostic> {
    let e = parse_expression(src).unwrap_or_else(|d| panic!("{src} does not parse: {d:?}"));
    check_expression(src, &e)
}

/// A measure-like library around `body` (line 1 is `library T`, the body starts on
/// line 12).
fn wrap(body: &str) -> String {
    format!(
        "library T version '1'\n\
         using FHIR version '4.0.1'\n\
         include FHIRHelpers version '4.0.1' called FHIRHelpers\n\
         include Common called C\n\
         codesystem \"SNOMED\": 'http://snomed.info/sct'\n\
         valueset \"Audiometry\": 'urn:vs:audiometry'\n\
         code \"Hearing\": '123' from \"SNOMED\"\n\
         parameter \"Measurement Period\" Interval<DateTime>\n\
         parameter \"Window Days\" Integer default 365\n\
         parameter \"Eligible Roles\" List<String> default {{ 'a' }}\n\
         context Patient\n\
         {body}\n"
    )
}

const COMMON: &str = "library Common version '1'\n\
    using FHIR version '4.0.1'\n\
    define \"Label\": 'text'\n\
    define \"Limit\": 10\n\
    define fluent function \"twice\"(x Integer): x * 2\n";

fn check_lib(body: &str) -> Vec<Diagnostic> {
    let src = wrap(body);
    let (lib, syntax) = parse_library(&src);
    assert!(
        !syntax.iter().any(Diagnostic::is_error),
        "{body}: syntax errors {syntax:?}"
    );
    let (common, cd) = parse_library(COMMON);
    assert!(cd.is_empty(), "{cd:?}");
    check_library(&src, &lib, &[&common])
}

#[test]
fn demo_measures_have_no_type_errors() {
    let mut checked = 0;
    for entry in std::fs::read_dir(root().join("seeds")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("cql") {
            continue;
        }
        let src = std::fs::read_to_string(&path).unwrap();
        let (lib, syntax) = parse_library(&src);
        assert!(syntax.is_empty(), "{}: {syntax:?}", path.display());
        let diags = check_library(&src, &lib, &[]);
        assert!(diags.is_empty(), "{}: {diags:#?}", path.display());
        checked += 1;
    }
    assert_eq!(checked, 4);
}

#[test]
fn valid_conformance_expressions_have_no_type_errors() {
    let dir = root().join("../shared/cql-tests/cql");
    let mut checked = 0;
    let mut false_positives = Vec::new();
    let (mut invalid, mut caught) = (0, 0);
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("xml") {
            continue;
        }
        for t in read_suite(&path).unwrap() {
            let Ok(e) = parse_expression(&t.expression) else {
                continue;
            };
            if t.invalid != Invalid::No {
                invalid += 1;
                if !check_expression(&t.expression, &e).is_empty() {
                    caught += 1;
                }
                continue;
            }
            checked += 1;
            let diags = check_expression(&t.expression, &e);
            if let Some(d) = diags.first() {
                false_positives.push(format!("{}: {} -> {d}", t.name, t.expression));
            }
        }
    }
    eprintln!(
        "type-checked {checked} valid expressions; {caught} of {invalid} parsable invalid ones reported"
    );
    assert!(checked > 1500, "only {checked} expressions checked");
    assert!(
        false_positives.is_empty(),
        "{} false positives:\n{}",
        false_positives.len(),
        false_positives.join("\n")
    );
}

/// (expression, expected message fragment).
const EXPRESSION_ERRORS: &[(&str, &str)] = &[
    (
        "1 + 'a'",
        "Could not resolve call to operator Add with signature (System.Integer, System.String).",
    ),
    (
        "Count(5)",
        "operator Count with signature (System.Integer). Hint: this operator takes a list",
    ),
    ("exists 1", "operator Exists with signature (System.Integer)"),
    ("Abs('a')", "operator Abs with signature (System.String)"),
    (
        "Length('a', 'b')",
        "Could not resolve call to system operator Length. Expected 1 arguments",
    ),
    (
        "({1, 2}) X where X + 1",
        "Expected an expression of type 'System.Boolean', but found an expression of type 'System.Integer'",
    ),
    ("if 1 then 2 else 3", "Expected an expression of type 'System.Boolean'"),
    (
        "case when 'a' then 1 else 2 end",
        "found an expression of type 'System.String'",
    ),
    ("Tuple { a: 1 }.b", "Member b not found for type tuple of a:System.Integer"),
    (
        "Code { code: '1' } = 'a'",
        "operator Equal with signature (System.Code, System.String)",
    ),
    ("'a' < 1", "operator Less with signature (System.String, System.Integer)"),
    ("not 5", "operator Not with signature (System.Integer)"),
    ("1 and true", "operator And with signature (System.Integer, System.Boolean)"),
    ("First(5)", "operator First with signature (System.Integer)"),
    ("@2012-01-01 + 'a'", "operator Add with signature (System.Date, System.String)"),
    ("'a' - 1", "operator Subtract"),
    ("Sum({ 'a', 'b' })", "operator Sum with signature (list<System.String>)"),
    ("Max(1)", "operator Max"),
    ("Upper(1)", "operator Upper with signature (System.Integer)"),
    ("Substring('abc')", "Substring. Expected 2 or 3 arguments, found 1"),
    ("{1, 2} union 3", "operator Union"),
    ("start of 5", "operator Start with signature (System.Integer)"),
    ("5 in 'abc'", "operator In with signature (System.Integer, System.String)"),
    ("years between 1 and 2", "operator DurationBetween"),
    ("year from 'x'", "operator DateTimeComponentFrom with signature (System.String)"),
    ("date from 5", "operator DateFrom"),
    ("successor of 'a'", "operator Successor"),
    ("'a' & 1", "operator Concatenate"),
    ("({1, 2}) X where exists X", "operator Exists with signature (System.Integer)"),
    ("Round('1.5')", "operator Round"),
    ("Interval[1, 5] contains 'a'", "operator Contains"),
    ("{ 1, 2 }['a']", "operator Indexer"),
    ("(1 + 2) * 'x'", "operator Multiply"),
    ("ToInteger(@2012-01-01)", "operator ToInteger with signature (System.Date)"),
    ("Combine({1, 2})", "operator Combine with signature (list<System.Integer>)"),
    ("Now(1)", "Now. Expected 0 arguments"),
    ("Interval[1, 5] union {1}", "operator Union"),
    ("-'a'", "operator Negate"),
    ("X", "Could not resolve identifier 'X'"),
    ("ToDate(5)", "operator ToDate with signature (System.Integer)"),
    ("minimum Boolean", "Type 'System.Boolean' has no minimum value"),
    ("0.000000001", "more than 8 digits after the decimal point"),
    (
        "10000000000000000000000000000.0",
        "a Decimal holds at most 28 digits before the decimal point",
    ),
    (
        "width of Interval[@T05:00, @T06:00]",
        "operator Width with signature (interval<System.Time>)",
    ),
    (
        "Interval[1, 'a']",
        "Low and high boundary values of an interval must be of the same type (found System.Integer and System.String)",
    ),
    (
        "@2012-01-01 during Interval[1, 5]",
        "operator IncludedIn with signature (System.Date, interval<System.Integer>)",
    ),
    ("5 between 'a' and 'z'", "operator Between with signature (System.Integer, System.String)"),
    (
        "Interval[1, 5] overlaps Interval[@T10:00, @T11:00]",
        "operator Overlaps",
    ),
];

#[test]
fn expression_errors_are_reported() {
    let mut failures = Vec::new();
    for (src, expected) in EXPRESSION_ERRORS {
        let diags = check_expr(src);
        if !diags
            .iter()
            .any(|d| d.is_error() && d.message.contains(expected))
        {
            failures.push(format!("{src}: expected '{expected}', got {diags:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn expression_errors_point_at_the_construct() {
    let d = check_expr("1 + 'a'");
    assert_eq!((d[0].line, d[0].column), (1, 1));
    let d = check_expr("Tuple { a: 1 }.b");
    assert_eq!((d[0].line, d[0].column), (1, 16));
    let d = check_expr("({1, 2}) X\n  where X + 1");
    assert_eq!((d[0].line, d[0].column), (2, 9));
    assert_eq!(d.len(), 1);
}

/// (library body, expected message fragment).
const LIBRARY_ERRORS: &[(&str, &str)] = &[
    (
        "define X: [Procedure] P where P.performedDate > 5",
        "Procedure has no element 'performedDate'. Did you mean 'performed'?",
    ),
    (
        "define X: [Procedure] P where (P.performed as FHIR.dateTime) > 5",
        "operator Greater with signature (FHIR.dateTime, System.Integer)",
    ),
    (
        "define X: [Observation] O where O.code ~ 'abc'",
        "operator Equivalent with signature (FHIR.CodeableConcept, System.String)",
    ),
    (
        "define function F(x Integer): x + 1\ndefine Y: F('a')",
        "Could not resolve call to function 'F' with signature (System.String): it takes (System.Integer)",
    ),
    (
        "define Y: \"Mesurement Period\"",
        "Could not resolve identifier 'Mesurement Period'. Did you mean 'Measurement Period'?",
    ),
    (
        "define Y: [Procedure] P where \"Window Days\"",
        "found an expression of type 'System.Integer'",
    ),
    (
        "define Y: \"Measurement Period\" + 1",
        "operator Add with signature (interval<System.DateTime>, System.Integer)",
    ),
    (
        "define Y: C.\"Missing Thing\"",
        "Could not resolve 'Missing Thing' in library 'C'",
    ),
    (
        "define Y: C.\"Label\" - C.\"Limit\"",
        "operator Subtract with signature (System.String, System.Integer)",
    ),
    (
        "define Y: 'a'.twice()",
        "Could not resolve call to function 'twice' with signature (System.String)",
    ),
    (
        "define Y: [Patient] P return P.birthDate + 'x'",
        "operator Add with signature (FHIR.date, System.String)",
    ),
    (
        "define Y: [Procedure] P where P.performedDateTime > @2020-01-01",
        "Procedure has no element 'performedDateTime': 'performed' is a choice element, written without its type; use `performed as FHIR.dateTime`",
    ),
    (
        "define Y: Patient.gendr",
        "Patient has no element 'gendr'. Did you mean 'gender'?",
    ),
    (
        "define Y: [Procedure] P with [Observation] O such that O.status",
        "found an expression of type 'FHIR.code'",
    ),
    (
        "define Y: Count([Procedure]) + 'a'",
        "operator Add with signature (System.Integer, System.String)",
    ),
    (
        "define Y: \"Hearing\" = 'x'",
        "operator Equal with signature (System.Code, System.String)",
    ),
    (
        "define Y: exists (\"Eligible Roles\" R where R + 1)",
        "operator Add with signature (System.String, System.Integer)",
    ),
    (
        "define Y: [Immunization] I where I.vaccineCode in \"Audiometry\" and I.occurrence",
        "operator And with signature (System.Boolean, choice<FHIR.dateTime,FHIR.string>)",
    ),
    (
        "define Y: [Observation] O where O.subject.referenc = 'Patient/1'",
        "Reference has no element 'referenc'. Did you mean 'reference'?",
    ),
    (
        "define function F(x Integer) returns String: x + 1",
        "Function 'F' is declared to return 'System.String', but its body has type 'System.Integer'",
    ),
    (
        "define Y: case \"Window Days\" when 'a' then 1 else 2 end",
        "operator Equal with signature (System.Integer, System.String)",
    ),
    (
        "define Y: [Condition] C2 where C2.code = 'J45'",
        "Hint: a code is not a string",
    ),
    (
        "define Y: Patient.birthDate + 30",
        "Hint: add or subtract a duration with a unit",
    ),
    (
        "define Y: [Procedure: \"Window Days\"]",
        "The terminology of a retrieve must be a value set, code or concept, found an expression of type 'System.Integer'",
    ),
    (
        "define Y: [Procedure] P where P.status same day as @2020-01-01",
        "operator SameAs with signature (FHIR.code, System.Date)",
    ),
];

#[test]
fn library_errors_are_reported() {
    let mut failures = Vec::new();
    for (body, expected) in LIBRARY_ERRORS {
        let diags = check_lib(body);
        if !diags
            .iter()
            .any(|d| d.is_error() && d.message.contains(expected))
        {
            failures.push(format!("{body}: expected '{expected}', got {diags:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn library_errors_have_positions() {
    let d = check_lib("define X:\n  [Procedure] P where P.performedDate > 5");
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!((d[0].line, d[0].column), (13, 25));
    let d = check_lib("parameter \"Days\" Integer default 'a'");
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(d[0].message.contains("declared 'System.Integer'"), "{d:?}");
    assert_eq!((d[0].line, d[0].column), (12, 34));
}

#[test]
fn well_typed_libraries_pass() {
    let ok = [
        "define X: [Procedure] P where P.status = 'completed' return P.performed",
        "define X: [Procedure] P where P.performed is FHIR.Period and start of P.performed > @2020-01-01",
        "define X: [Observation: \"Audiometry\"] O where O.value as Quantity > 5 'dB'",
        "define X: C.\"Limit\".twice() + 1",
        "define X: from [Procedure] P, [Observation] O return Tuple { p: P.id, o: O.id }",
        "define X: [Condition] C2 where C2.code ~ \"Hearing\"",
        "define X: [Procedure] P return date from (if P.performed is Period then start of P.performed else P.performed)",
        "define X: AgeInYearsAt(date from end of \"Measurement Period\")",
        "define X: 1 / 0 + Message(1, true, 'E1', 'Error', 'deliberate')",
        "define X: [Observation] O where O.value as Quantity > 5 'dB' and O.effective as dateTime before Now()",
        "define X: [Immunization] I where I.status = 'completed' and I.occurrence as FHIR.dateTime during \"Measurement Period\"",
        "define X: [Patient] P where P.name[0].given[0] = 'Ann' and P.gender = 'female'",
        "define X: [Condition: \"Hearing\"] union [Condition: code in \"Audiometry\"]",
        "define X: \"Window Days\" + 1.5 > 3",
        "define X: Patient.birthDate < Today()",
        "define X: ({ 1, 2, 3 }) N aggregate A starting 0: A + N",
        "define function D(P Procedure): P.status\ndefine Y: [Procedure] P where D(P) = 'done'",
        "define X: \"Employee\" is null\ndefine \"Employee\": [Patient] P where P.active",
        "define X: [Procedure] P where P.performed during \"Measurement Period\"",
        "define X: [Encounter] E where E.period ends 3 days or more before @2020-01-01T00:00",
        "define X: Patient.birthDate between @2000-01-01 and Today()",
        "define X: \"Measurement Period\" P return date from (if P is null then start of P else end of P)",
    ];
    for body in ok {
        let d = check_lib(body);
        assert!(d.is_empty(), "{body}: {d:?}");
    }
}

#[test]
fn inferred_types() {
    let t = |s: &str| expression_type(&parse_expression(s).unwrap());
    assert_eq!(t("1 + 2.0"), Type::Decimal);
    assert_eq!(t("{ 1, 2 }"), Type::list(Type::Integer));
    assert_eq!(
        t("Interval[@2020-01-01, @2020-02-01T10:00]"),
        Type::interval(Type::DateTime)
    );
    assert_eq!(t("({ 1, 2 }) X return X > 1"), Type::list(Type::Boolean));
    assert_eq!(t("if true then 1 else null"), Type::Integer);
    assert_eq!(t("Tuple { a: 'x' }.a"), Type::String);
    assert_eq!(t("days between @2020-01-01 and @2020-02-01"), Type::Integer);
    assert_eq!(t("First({ @T10:00 })"), Type::Time);
}

#[test]
fn long_chains_and_deep_nesting_do_not_overflow() {
    let plus = format!("1{}", " + 1".repeat(999));
    let and = format!("true{}", " and true".repeat(999));
    let member = format!("Tuple {{ a: 1 }}{}", ".a".repeat(500));
    let nots = format!("{}true", "not ".repeat(190));
    let parens = format!("{}1{}", "(".repeat(190), ")".repeat(190));
    let ifs = format!("{}1{}", "if true then ".repeat(60), " else 2".repeat(60));
    for src in [plus, and, member, nots, parens, ifs] {
        if let Ok(e) = parse_expression(&src) {
            let d = check_expression(&src, &e);
            assert!(d.len() <= 1, "{d:?}");
        }
    }
    let lib = format!(
        "library R\nparameter P default P\ndefine X: P + {}\n",
        "1 + ".repeat(500) + "1"
    );
    let (ast, _) = parse_library(&lib);
    check_library(&lib, &ast, &[]);
}

/// Arbitrary token soup: whatever parses is checked without panicking.
#[test]
fn arbitrary_token_sequences_never_panic() {
    const TOKENS: &[&str] = &[
        "1",
        "2.5",
        "'a'",
        "@2020-01-01",
        "@T10:00",
        "null",
        "true",
        "X",
        "+",
        "-",
        "*",
        "/",
        "and",
        "or",
        "not",
        "exists",
        "(",
        ")",
        "{",
        "}",
        "[",
        "]",
        ",",
        ".",
        "a",
        "where",
        "return",
        "Interval",
        "List<Integer>",
        "Tuple",
        ":",
        "if",
        "then",
        "else",
        "case",
        "when",
        "end",
        "is",
        "as",
        "Integer",
        "days",
        "between",
        "during",
        "start of",
        "Count",
        "First",
        "union",
        "in",
        "contains",
        "[Procedure]",
        "P",
        "P.status",
        "from",
        "let",
        "sort by",
        "aggregate",
        "starting",
        "Patient",
        "Code",
        "same day as",
        "width of",
    ];
    let mut state: u64 = 7;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    let mut parsed = 0;
    for _ in 0..3000 {
        let n = 1 + next() % 12;
        let text: Vec<&str> = (0..n).map(|_| TOKENS[next() % TOKENS.len()]).collect();
        let text = text.join(" ");
        if let Ok(e) = parse_expression(&text) {
            parsed += 1;
            check_expression(&text, &e);
        }
        let lib = format!(
            "library R\nusing FHIR version '4.0.1'\ncontext Patient\ndefine \"X\": {text}\n"
        );
        let (ast, _) = parse_library(&lib);
        check_library(&lib, &ast, &[]);
    }
    assert!(parsed > 100, "only {parsed} parsed");
}

#[test]
fn compile_diagnostics_include_type_errors() {
    let src = "library T\nusing FHIR version '4.0.1'\ncontext Patient\ndefine \"X\": 1 + 'a'\ndefine \"Y\": [Procedure] P where P.performd is null\n";
    let lib = ww_cql::compile_library(src, &[]);
    let msgs: Vec<String> = lib.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(
        msgs.contains(&"4:13: error: Could not resolve call to operator Add with signature (System.Integer, System.String).".to_string()),
        "{msgs:?}"
    );
    assert_eq!(
        msgs.iter().filter(|m| m.contains("performd")).count(),
        1,
        "reported once: {msgs:?}"
    );
    assert!(lib.has_errors());
}
