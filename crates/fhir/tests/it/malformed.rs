//! Bad input is refused with `FILE:LINE: what is wrong`.

use ww_fhir::{read_paths, read_str, Error, SourceKind};

fn err(file: &str, text: &str, kind: SourceKind) -> String {
    read_str(file, text, kind).unwrap_err().to_string()
}

fn check_ndjson(text: &str, expect: &str) {
    assert_eq!(err("bad.ndjson", text, SourceKind::Ndjson), expect);
}

fn check_json(text: &str, expect: &str) {
    assert_eq!(err("bad.json", text, SourceKind::Json), expect);
}

#[test]
fn ndjson_errors_name_the_line() {
    let ok = r#"{"resourceType":"Patient","id":"a"}"#;
    check_ndjson(
        &format!("{ok}\n{{\"resourceType\":\"Patient\",\"id\":\n"),
        "bad.ndjson:2: malformed JSON: EOF while parsing a value (column 31)",
    );
    check_ndjson(
        &format!("{ok}\n{ok}\n{{\"id\":\"x\"}}\n"),
        "bad.ndjson:3: missing resourceType",
    );
    check_ndjson(
        &format!("{ok}\n{{\"resourceType\":\"Immunization\"}}"),
        "bad.ndjson:2: Immunization resource has no id",
    );
    check_ndjson(
        "[1,2]",
        "bad.ndjson:1: expected a FHIR resource or Bundle (a JSON object)",
    );
    check_ndjson(
        r#"{"resourceType":"Patient","id":"has space"}"#,
        "bad.ndjson:1: Patient.id \"has space\" is not a valid FHIR id (1-64 of A-Z a-z 0-9 - .)",
    );
    check_ndjson(
        r#"{"resourceType":42,"id":"a"}"#,
        "bad.ndjson:1: resourceType must be a string",
    );
    check_ndjson(
        r#"{"resourceType":"patient","id":"a"}"#,
        "bad.ndjson:1: resourceType \"patient\" is not a FHIR resource type name",
    );
    check_ndjson(
        r#"{"resourceType":"Patient","id":7}"#,
        "bad.ndjson:1: Patient.id must be a string",
    );
}

#[test]
fn json_errors_name_the_line_of_the_problem() {
    check_json(
        "{\n  \"resourceType\": \"Bundle\",\n  \"type\": \"collection\",\n  \"entry\": [\n    {\"resource\": {\"resourceType\": \"Patient\", \"id\": \"a\"}},\n    {\"resource\":\n      {\"id\": \"b\"}}\n  ]\n}",
        "bad.json:7: Bundle entry 2: missing resourceType",
    );
    check_json(
        "{\n \"resourceType\": \"Bundle\",\n \"type\": \"transaction\",\n \"entry\": [\n  {\"request\": {\"method\": \"DELETE\", \"url\": \"Patient/a\"}}\n ]\n}",
        "bad.json:5: Bundle entry 1 is a DELETE request without a resource; only resources are imported",
    );
    check_json(
        "{\n \"resourceType\": \"Bundle\",\n \"type\": \"history\",\n \"entry\": []\n}",
        "bad.json:1: Bundle type \"history\" is not accepted (expected one of collection, transaction, batch, searchset, document)",
    );
    check_json(
        "{\"resourceType\": \"Bundle\", \"entry\": []}",
        "bad.json:1: Bundle has no type",
    );
    check_json(
        "{\n  \"resourceType\": \"Patient\",\n  \"id\": \"a\",\n  \"name\": [\n}",
        "bad.json:5: malformed JSON: expected value (column 1)",
    );
    check_json(
        "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[\n 3\n]}",
        "bad.json:2: Bundle entry 1 is not a JSON object",
    );
    check_json(
        "\"just text\"",
        "bad.json:1: expected a FHIR resource or Bundle (a JSON object)",
    );
}

#[test]
fn non_utf8_file_is_refused_with_its_line() {
    let dir = std::env::temp_dir().join(format!("ww-fhir-utf8-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("latin1.ndjson");
    std::fs::write(
        &file,
        b"{\"resourceType\":\"Patient\",\"id\":\"a\"}\n{\"x\":\"\xe9\"}\n",
    )
    .unwrap();
    let e = read_paths(std::slice::from_ref(&file)).unwrap_err();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(
        e.to_string(),
        format!("{}:2: the file is not UTF-8 text", file.display())
    );
}

#[test]
fn missing_path_and_empty_folder_are_refused() {
    let missing = std::path::PathBuf::from("/nonexistent/ww-fhir-input");
    assert!(matches!(
        read_paths(std::slice::from_ref(&missing)),
        Err(Error::Io { .. })
    ));
    let dir = std::env::temp_dir().join(format!("ww-fhir-empty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let e = read_paths(std::slice::from_ref(&dir)).unwrap_err();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(matches!(e, Error::NoInput(_)));
}

/// QA F6: the NDJSON reader names every bad line, not only the first, like the roster import.
#[test]
fn ndjson_reports_every_bad_line() {
    let ok = r#"{"resourceType":"Patient","id":"a"}"#;
    let text = format!(
        "{ok}\n{{\"resourceType\":\"Patient\",\"id\":\n{{\"resourceType\":\"Immunization\"}}\n{{\"id\":\"x\"}}\n{ok}\n"
    );
    let e = read_str("bad.ndjson", &text, SourceKind::Ndjson).unwrap_err();
    assert_eq!(
        e.problems(),
        vec![
            "bad.ndjson:2: malformed JSON: EOF while parsing a value (column 31)",
            "bad.ndjson:3: Immunization resource has no id",
            "bad.ndjson:4: missing resourceType",
        ]
    );
    assert_eq!(
        e.to_string(),
        "bad.ndjson:2: malformed JSON: EOF while parsing a value (column 31)\nbad.ndjson:3: Immunization resource has no id\nbad.ndjson:4: missing resourceType"
    );
}

#[test]
fn bundle_reports_every_bad_entry() {
    let text = "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[\n{\"resource\":{\"id\":\"a\"}},\n{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"ok\"}},\n{\"resource\":{\"resourceType\":\"Patient\"}}\n]}";
    let e = read_str("b.json", text, SourceKind::Json).unwrap_err();
    assert_eq!(
        e.problems(),
        vec![
            "b.json:2: Bundle entry 1: missing resourceType",
            "b.json:4: Patient resource has no id",
        ]
    );
}

#[test]
fn many_bad_lines_are_capped_and_counted() {
    let text: String = (0..(ww_fhir::MAX_REPORTED + 7))
        .map(|_| "{\"id\":\"x\"}\n")
        .collect();
    let e = read_str("big.ndjson", &text, SourceKind::Ndjson).unwrap_err();
    assert_eq!(e.problems().len(), ww_fhir::MAX_REPORTED);
    assert!(
        e.to_string().ends_with("\n... and 7 more problem(s)"),
        "{e}"
    );
}

/// QA F6: the operating system's error is printed once, also through a cause-chain printer.
#[test]
fn missing_file_error_names_the_os_error_once() {
    let missing = std::path::PathBuf::from("/nonexistent/ww-fhir-input");
    let e = read_paths(std::slice::from_ref(&missing)).unwrap_err();
    assert!(std::error::Error::source(&e).is_none());
    assert_eq!(
        e.to_string(),
        "/nonexistent/ww-fhir-input: No such file or directory (os error 2)"
    );
}

/// QA G18: an invalid FHIR dateTime was imported without a word and then ignored by the
/// measures (a vaccinated employee showed OVERDUE). It is refused as FILE:LINE with the
/// resource and the element.
#[test]
fn invalid_fhir_date_is_refused_with_its_element() {
    let ok = r#"{"resourceType":"Patient","id":"a","birthDate":"1980-02-29"}"#;
    let bad = r#"{"resourceType":"Immunization","id":"qa-bad-date","status":"completed","vaccineCode":{"coding":[{"system":"http://hl7.org/fhir/sid/cvx","code":"141"}]},"patient":{"reference":"Patient/a"},"occurrenceDateTime":"2022-13-45T99:00:00Z"}"#;
    check_ndjson(
        &format!("{ok}\n{bad}\n"),
        "bad.ndjson:2: Immunization/qa-bad-date: element occurrenceDateTime \
         \"2022-13-45T99:00:00Z\" is not a valid FHIR date/dateTime: month 13 is out of range \
         01-12",
    );
    check_json(
        "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[\n\
         {\"resource\":{\"resourceType\":\"Procedure\",\"id\":\"p1\",\n\
         \"performedPeriod\":{\"start\":\"2022-02-30T10:00:00Z\"}}}]}",
        "bad.json:2: Procedure/p1: element performedPeriod.start \"2022-02-30T10:00:00Z\" is \
         not a valid FHIR date/dateTime: day 30 does not exist in 2022-02 (1-28)",
    );
}

/// QA G16: a cancelled read stops and says so instead of reading (and importing) everything.
#[test]
fn cancelled_read_returns_cancelled() {
    let dir = std::env::temp_dir().join(format!("ww-fhir-cancel-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("a.ndjson");
    std::fs::write(&file, "{\"resourceType\":\"Patient\",\"id\":\"a\"}\n").unwrap();
    let flag = std::sync::atomic::AtomicBool::new(true);
    let err = ww_fhir::read_paths_cancellable(std::slice::from_ref(&file), &flag).unwrap_err();
    assert!(matches!(err, Error::Cancelled), "{err}");
    flag.store(false, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(
        ww_fhir::read_paths_cancellable(&[file], &flag)
            .unwrap()
            .len(),
        1
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
