//! The four exports against a database: contract headers, joined values, filters, and
//! formula neutralisation of stored values.

use super::fixture::{case_id, db};
use ww_casework::actions::assign;
use ww_casework::audit::AuditFilter;
use ww_casework::cases::{AssigneeFilter, CaseFilter};
use ww_casework::export::{
    export_audit_events, export_cases, export_outcomes, export_runs, OutcomeExportFilter,
    RunExportFilter,
};

fn records(bytes: &[u8]) -> Vec<csv::StringRecord> {
    csv::Reader::from_reader(bytes)
        .records()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn runs_export_counts_outcomes() {
    let conn = db();
    let mut out = Vec::new();
    assert_eq!(
        export_runs(&conn, &RunExportFilter::default(), &mut out).unwrap(),
        1
    );
    let text = String::from_utf8(out.clone()).unwrap();
    assert_eq!(
        text.lines().nth(1).unwrap(),
        "40000000-0000-4000-8000-000000000001,Hearing Conservation: Annual Audiogram,v1.0,\
         MEASURE,MANUAL,COMPLETED,2026-05-06T14:03:00.123Z,2026-05-06T14:03:01.456Z,1333,1,0,0,1,\
         0,0,0.0,2026-05-06T23:59:59.999Z"
    );
    let filter = RunExportFilter {
        status: Some(ww_store::enums::RunStatus::Failed),
        ..Default::default()
    };
    let mut out = Vec::new();
    assert_eq!(export_runs(&conn, &filter, &mut out).unwrap(), 0);
}

#[test]
fn outcomes_export_flattens_why_flagged_and_neutralises_names() {
    let conn = db();
    let mut out = Vec::new();
    let n = export_outcomes(&conn, &OutcomeExportFilter::default(), &mut out).unwrap();
    assert_eq!(n, 1);
    let rows = records(&out);
    let r = &rows[0];
    assert_eq!(&r[2], "emp-006");
    assert_eq!(&r[3], "'=HYPERLINK(\"http://x\")");
    assert_eq!(&r[9], "OVERDUE");
    assert_eq!(&r[10], "2025-03-10");
    assert_eq!(&r[11], "365");
    assert_eq!(&r[12], "57");
    assert_eq!(&r[13], "true");
    assert_eq!(&r[14], "true");
    assert_eq!(&r[15], "NONE");
}

#[test]
fn cases_export_uses_case_filters() {
    let mut conn = db();
    assign(&mut conn, case_id(), Some("@nurse")).unwrap();
    let mut out = Vec::new();
    assert_eq!(
        export_cases(&conn, &CaseFilter::default(), &mut out).unwrap(),
        2
    );
    let rows = records(&out);
    let first = rows.iter().find(|r| &r[0] == super::fixture::CASE).unwrap();
    assert_eq!(&first[2], "'=HYPERLINK(\"http://x\")");
    assert_eq!(&first[10], "'@nurse");
    assert_eq!(&first[17], "");
    let second = rows
        .iter()
        .find(|r| &r[0] == super::fixture::CASE_2)
        .unwrap();
    assert_eq!(&second[2], "<script>alert(1)</script>");
    let filter = CaseFilter {
        assignee: Some(AssigneeFilter::Unassigned),
        ..Default::default()
    };
    let mut out = Vec::new();
    assert_eq!(export_cases(&conn, &filter, &mut out).unwrap(), 1);
}

#[test]
fn audit_export_resolves_measure_and_employee() {
    let mut conn = db();
    assign(&mut conn, case_id(), Some("nurse-kim")).unwrap();
    let mut out = Vec::new();
    assert_eq!(
        export_audit_events(&conn, &AuditFilter::default(), &mut out).unwrap(),
        4
    );
    let rows = records(&out);
    let created = &rows[1];
    assert_eq!(&created[0], "2026-05-06T14:03:00.950Z");
    assert_eq!(&created[1], "CASE_CREATED");
    assert_eq!(&created[2], format!("CASE:{}", super::fixture::CASE));
    assert_eq!(&created[3], super::fixture::CASE);
    assert_eq!(&created[4], super::fixture::RUN);
    assert_eq!(&created[5], "Hearing Conservation: Annual Audiogram v1.0");
    assert_eq!(&created[6], "emp-006");
    assert_eq!(&created[7], "SYSTEM");
    assert_eq!(&created[8], "{\"note\":\"CASE_CREATED fixture\"}");
    assert_eq!(&rows[3][1], "CASE_ASSIGNED");
    assert_eq!(&rows[3][7], "nurse-kim");
    let filter = AuditFilter {
        event_types: vec!["CASE_ASSIGNED".into()],
        ..Default::default()
    };
    let mut out = Vec::new();
    assert_eq!(export_audit_events(&conn, &filter, &mut out).unwrap(), 1);
}

/// QA G11: `export outcomes` mixed dry-run outcomes (hypothetical, never counted) with real
/// ones, with no column telling them apart. They are left out unless asked for or the run is
/// named.
#[test]
fn outcomes_export_leaves_dry_run_outcomes_out_by_default() {
    let conn = db();
    let dry = "40000000-0000-4000-8000-0000000000d1";
    conn.execute_batch(&format!(
        "CREATE TEMP TABLE r AS SELECT * FROM runs; UPDATE r SET id = '{dry}', dry_run = 1; \
         INSERT INTO runs SELECT * FROM r; \
         CREATE TEMP TABLE o AS SELECT * FROM outcomes; \
         UPDATE o SET id = '50000000-0000-4000-8000-0000000000d1', run_id = '{dry}'; \
         INSERT INTO outcomes SELECT * FROM o;"
    ))
    .unwrap();
    let count = |filter: &OutcomeExportFilter| {
        let mut out = Vec::new();
        let n = export_outcomes(&conn, filter, &mut out).unwrap();
        (
            n,
            records(&out)
                .iter()
                .map(|r| r[1].to_string())
                .collect::<Vec<_>>(),
        )
    };
    let (n, runs) = count(&OutcomeExportFilter::default());
    assert_eq!(n, 1);
    assert_eq!(runs, ["40000000-0000-4000-8000-000000000001"]);
    let (n, _) = count(&OutcomeExportFilter {
        include_dry_runs: true,
        ..Default::default()
    });
    assert_eq!(n, 2);
    let (n, runs) = count(&OutcomeExportFilter {
        run_id: Some(dry.parse().unwrap()),
        ..Default::default()
    });
    assert_eq!((n, runs), (1, vec![dry.to_string()]));
}
