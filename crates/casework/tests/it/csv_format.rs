//! CSV export format: headers against the contract, RFC 4180 quoting, formula neutralisation.

use ww_casework::export::{
    neutralise, write_csv, AuditEventCsvRow, CaseCsvRow, CsvRecord, OutcomeCsvRow, RunCsvRow,
};

fn header_line<R: CsvRecord>() -> String {
    let mut out = Vec::new();
    write_csv::<R, _, _>(&mut out, std::iter::empty()).unwrap();
    String::from_utf8(out).unwrap()
}

/// The comma-separated column lists that follow each "Columns:" line of the contract.
fn contract_column_lists() -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/contract/workwell-mvp-schema-contract.txt"
    );
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("contract file {path} must be readable: {e}"));
    let lines: Vec<&str> = text.lines().collect();
    lines
        .windows(2)
        .filter(|w| w[0].trim() == "Columns:")
        .map(|w| w[1].split(',').map(str::trim).collect::<Vec<_>>().join(","))
        .collect()
}

#[test]
fn headers_match_the_contract_in_order() {
    let lists = contract_column_lists();
    assert_eq!(lists.len(), 3, "runs, outcomes and cases column lists");
    assert_eq!(header_line::<RunCsvRow>().trim_end(), lists[0]);
    assert_eq!(header_line::<OutcomeCsvRow>().trim_end(), lists[1]);
    assert_eq!(header_line::<CaseCsvRow>().trim_end(), lists[2]);
}

#[test]
fn header_snapshots() {
    insta::assert_snapshot!("runs_header", header_line::<RunCsvRow>());
    insta::assert_snapshot!("outcomes_header", header_line::<OutcomeCsvRow>());
    insta::assert_snapshot!("cases_header", header_line::<CaseCsvRow>());
    insta::assert_snapshot!("audit_events_header", header_line::<AuditEventCsvRow>());
}

#[test]
fn neutralise_cases() {
    let check = |input: &str, expect: &str| assert_eq!(neutralise(input), expect, "{input:?}");
    check("=1+1", "'=1+1");
    check("+44 20", "'+44 20");
    check("-2", "'-2");
    check("@SUM(A1)", "'@SUM(A1)");
    check("\tx", "'\tx");
    check("\rx", "'\rx");
    check("plain", "plain");
    check("", "");
    check("a=b", "a=b");
    check("'already", "'already");
}

fn audit_row(actor: &str, payload: &str) -> AuditEventCsvRow {
    AuditEventCsvRow {
        timestamp: "2026-05-06T14:03:00.123Z".into(),
        event_type: "CASE_NOTE_ADDED".into(),
        entity: "CASE:c1".into(),
        case_id: Some("c1".into()),
        run_id: None,
        measure: Some("Audiogram v1.0".into()),
        employee: Some("emp-006".into()),
        actor: Some(actor.into()),
        payload: Some(payload.into()),
    }
}

#[test]
fn rfc4180_quoting_and_crlf() {
    let rows = vec![Ok(audit_row("a, b", r#"{"note":"say "hi"","x":1}"#))];
    let mut out = Vec::new();
    assert_eq!(write_csv(&mut out, rows).unwrap(), 1);
    let text = String::from_utf8(out).unwrap();
    let body = text.split("\r\n").nth(1).unwrap();
    assert_eq!(
        body,
        r#"2026-05-06T14:03:00.123Z,CASE_NOTE_ADDED,CASE:c1,c1,,Audiogram v1.0,emp-006,"a, b","{""note"":""say ""hi"""",""x"":1}""#
    );
    assert!(text.ends_with("\r\n"));
}

#[test]
fn formula_employee_name_is_inert_in_csv() {
    let row = CaseCsvRow {
        case_id: "c1".into(),
        employee_external_id: "emp-1".into(),
        employee_name: "=HYPERLINK(\"http://x\")".into(),
        role: Some("@role".into()),
        site: Some("+site".into()),
        measure_name: "Audiogram".into(),
        measure_version: "v1.0".into(),
        evaluation_period: "2026".into(),
        status: "OPEN".into(),
        priority: "HIGH".into(),
        assignee: Some("-x".into()),
        current_outcome_status: "OVERDUE".into(),
        next_action: Some("\tTab".into()),
        last_run_id: "r1".into(),
        created_at: "2026-05-06T14:03:00.123Z".into(),
        updated_at: "2026-05-06T14:03:00.123Z".into(),
        closed_at: None,
        latest_outreach_delivery_status: None,
    };
    let mut out = Vec::new();
    write_csv(&mut out, vec![Ok(row)]).unwrap();
    let text = String::from_utf8(out).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let record = reader.records().next().unwrap().unwrap();
    assert_eq!(&record[2], "'=HYPERLINK(\"http://x\")");
    assert_eq!(&record[3], "'@role");
    assert_eq!(&record[4], "'+site");
    assert_eq!(&record[10], "'-x");
    assert_eq!(&record[12], "'\tTab");
    for cell in record.iter() {
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "live formula cell {cell:?}"
        );
    }
}

#[test]
fn numbers_are_not_neutralised_and_pass_rate_has_one_decimal() {
    let row = RunCsvRow {
        run_id: "r1".into(),
        measure_name: "Audiogram".into(),
        measure_version: "v1.0".into(),
        scope_type: "MEASURE".into(),
        trigger_type: "MANUAL".into(),
        status: "COMPLETED".into(),
        started_at: "2026-05-06T14:03:00.123Z".into(),
        completed_at: Some("2026-05-06T14:03:01.456Z".into()),
        duration_ms: Some(1333),
        total_evaluated: 7,
        compliant: 2,
        due_soon: 1,
        overdue: 2,
        missing_data: 1,
        excluded: 1,
        pass_rate: RunCsvRow::compute_pass_rate(2, 7, 1),
        data_fresh_as_of: "2026-05-06T23:59:59.999Z".into(),
    };
    let mut out = Vec::new();
    write_csv(&mut out, vec![Ok(row)]).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(
        text.lines().nth(1).unwrap(),
        "r1,Audiogram,v1.0,MEASURE,MANUAL,COMPLETED,2026-05-06T14:03:00.123Z,\
         2026-05-06T14:03:01.456Z,1333,7,2,1,2,1,1,33.3,2026-05-06T23:59:59.999Z"
    );
    assert_eq!(RunCsvRow::compute_pass_rate(0, 3, 3), None);
}

#[test]
fn iterator_error_stops_the_export() {
    let rows: Vec<ww_casework::Result<AuditEventCsvRow>> = vec![
        Ok(audit_row("a", "{}")),
        Err(ww_casework::Error::Invalid("row 2 unreadable".into())),
    ];
    let mut out = Vec::new();
    let err = write_csv(&mut out, rows).unwrap_err();
    assert_eq!(err.to_string(), "invalid input: row 2 unreadable");
}
