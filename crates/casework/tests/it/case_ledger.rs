//! QA G12: a `cases` row edited by SQL outside the application is reported by the audit
//! verification, which replays the case events of the ledger (`audit::verify_cases`).

use super::rerun::{demo_after_run, overdue_audiogram_case};
use chrono::Days;
use rusqlite::Connection;
use ww_casework::actions::{add_note, assign, escalate, resolve, schedule_appointment};
use ww_casework::audit::{verify_cases, verify_ledger, CaseDiscrepancy, CaseField};
use ww_casework::outreach::{send_outreach, SimulatedEmail};
use ww_casework::rerun::rerun_to_verify;
use ww_store::ids::CaseId;

fn count(conn: &Connection, sql: &str) -> u64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn last_case_event(conn: &Connection, case: CaseId) -> i64 {
    conn.query_row(
        "SELECT max(id) FROM audit_events WHERE entity_type = 'CASE' AND entity_id = ?1",
        [case.to_string()],
        |r| r.get(0),
    )
    .unwrap()
}

fn status_of_ledger(expected: &[CaseDiscrepancy]) -> &str {
    &expected
        .iter()
        .find(|d| d.field == CaseField::Status)
        .unwrap()
        .ledger_value
}

fn status_of(conn: &Connection, case: CaseId) -> String {
    conn.query_row(
        "SELECT status FROM cases WHERE id = ?1",
        [case.to_string()],
        |r| r.get(0),
    )
    .unwrap()
}

/// Every path that changes a case (a real run, assign, escalate, schedule, outreach, note,
/// rerun, resolve) leaves rows that agree with the ledger; an UPDATE of status, priority or
/// assignee by SQL, and a case row inserted by SQL, are each reported with the row's and the
/// ledger's value.
#[test]
fn case_rows_edited_outside_the_application_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = demo_after_run(dir.path());
    let (case, _) = overdue_audiogram_case(&conn);
    let today = chrono::Utc::now().date_naive();
    assign(&mut conn, case, Some("nurse.kim")).unwrap();
    escalate(&mut conn, case, Some("no answer")).unwrap();
    schedule_appointment(
        &mut conn,
        case,
        today.checked_add_days(Days::new(7)).unwrap(),
        None,
    )
    .unwrap();
    send_outreach(&mut conn, case, None, &SimulatedEmail).unwrap();
    add_note(&mut conn, case, "called, left a message").unwrap();
    rerun_to_verify(&mut conn, case).unwrap();
    let other: CaseId = conn
        .query_row(
            "SELECT id FROM cases WHERE status = 'OPEN' AND id <> ?1 ORDER BY id LIMIT 1",
            [case.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    assign(&mut conn, other, Some("dr.lee")).unwrap();
    assign(&mut conn, other, None).unwrap();
    let closed: CaseId = conn
        .query_row(
            "SELECT id FROM cases WHERE status = 'OPEN' AND id NOT IN (?1, ?2) ORDER BY id \
             LIMIT 1",
            [case.to_string(), other.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    resolve(&mut conn, closed, "seen at the clinic").unwrap();

    let cases = count(&conn, "SELECT COUNT(*) FROM cases");
    let clean = verify_cases(&conn).unwrap();
    assert_eq!(clean.discrepancies, Vec::<CaseDiscrepancy>::new());
    assert_eq!(clean.cases_checked, cases);
    assert!(clean.events_replayed >= cases + 8, "{clean:?}");
    assert!(verify_ledger(&conn).unwrap().is_intact());

    // Edits behind the application's back.
    let status = status_of(&conn, case);
    conn.execute(
        "UPDATE cases SET status = 'CLOSED' WHERE id = ?1",
        [case.to_string()],
    )
    .unwrap();
    let (priority, assignee): (String, Option<String>) = conn
        .query_row(
            "SELECT priority, assignee FROM cases WHERE id = ?1",
            [other.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(assignee, None);
    let lowered = if priority == "LOW" { "MEDIUM" } else { "LOW" };
    conn.execute(
        "UPDATE cases SET priority = ?2, assignee = 'mallory' WHERE id = ?1",
        [other.to_string(), lowered.to_string()],
    )
    .unwrap();
    let forged = "00000000-0000-4000-8000-00000000f0f0";
    conn.execute_batch(&format!(
        "CREATE TEMP TABLE c AS SELECT * FROM cases WHERE id = '{closed}'; \
         UPDATE c SET id = '{forged}', evaluation_period = '1999', status = 'OPEN'; \
         INSERT INTO cases SELECT * FROM c;"
    ))
    .unwrap();

    let report = verify_cases(&conn).unwrap();
    let mut expected = vec![
        CaseDiscrepancy {
            case_id: case.to_string(),
            field: CaseField::Status,
            row_value: "CLOSED".into(),
            ledger_value: status,
            last_event_id: Some(last_case_event(&conn, case)),
        },
        CaseDiscrepancy {
            case_id: other.to_string(),
            field: CaseField::Priority,
            row_value: lowered.into(),
            ledger_value: priority,
            last_event_id: Some(last_case_event(&conn, other)),
        },
        CaseDiscrepancy {
            case_id: other.to_string(),
            field: CaseField::Assignee,
            row_value: "mallory".into(),
            ledger_value: "(none)".into(),
            last_event_id: Some(last_case_event(&conn, other)),
        },
        CaseDiscrepancy {
            case_id: forged.into(),
            field: CaseField::Row,
            row_value: "OPEN case".into(),
            ledger_value: "(no event): the ledger never recorded this case".into(),
            last_event_id: None,
        },
    ];
    expected.sort_by(|a, b| a.case_id.cmp(&b.case_id));
    assert_eq!(report.discrepancies, expected);
    let status_change = &report
        .discrepancies
        .iter()
        .find(|d| d.field == CaseField::Status);
    assert_eq!(
        status_change.unwrap().to_string(),
        format!(
            "case {case} status: the row says CLOSED, the ledger says {} (last case event #{})",
            status_of_ledger(&expected),
            last_case_event(&conn, case)
        )
    );
    let all = verify_ledger(&conn).unwrap();
    assert!(all.chain.is_intact(), "the chain itself is untouched");
    assert!(!all.is_intact());
}
