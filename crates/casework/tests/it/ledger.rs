//! The audit ledger: filters, and `verify_chain` naming the first tampered row after the
//! append-only triggers are dropped behind the application's back.

use super::fixture::{case_id, db};
use rusqlite::Connection;
use ww_casework::actions::{add_note, assign};
use ww_casework::audit::{list_events, verify_chain, AuditFilter};
use ww_casework::Error;

fn ledger_with_actions() -> Connection {
    let mut conn = db();
    assign(&mut conn, case_id(), Some("nurse-kim")).unwrap();
    add_note(&mut conn, case_id(), "first note").unwrap();
    add_note(&mut conn, case_id(), "second note").unwrap();
    conn
}

fn drop_triggers(conn: &Connection) {
    conn.execute_batch("DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;")
        .unwrap();
}

#[test]
fn intact_ledger_verifies() {
    let conn = ledger_with_actions();
    let report = verify_chain(&conn).unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.checked, 6);
    assert_eq!(report.head_hash.as_deref().map(str::len), Some(64));
}

#[test]
fn database_refuses_update_and_delete() {
    let conn = ledger_with_actions();
    let err = conn
        .execute("UPDATE audit_events SET actor = 'x' WHERE id = 2", [])
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    assert!(conn
        .execute("DELETE FROM audit_events WHERE id = 2", [])
        .is_err());
}

#[test]
fn edited_row_is_named() {
    let conn = ledger_with_actions();
    drop_triggers(&conn);
    conn.execute(
        "UPDATE audit_events SET payload_json = '{\"note\":\"forged\"}' WHERE id = 5",
        [],
    )
    .unwrap();
    let report = verify_chain(&conn).unwrap();
    let b = report.first_break.clone().unwrap();
    assert_eq!(b.event_id, 5);
    assert!(b.reason.contains("was changed"), "{}", b.reason);
    assert_eq!(report.checked, 4);
    let err = report.into_result().unwrap_err();
    assert!(matches!(err, Error::LedgerBroken { event_id: 5, .. }));
}

#[test]
fn edited_actor_is_named() {
    let conn = ledger_with_actions();
    drop_triggers(&conn);
    conn.execute(
        "UPDATE audit_events SET actor = 'someone-else' WHERE id = 4",
        [],
    )
    .unwrap();
    assert_eq!(
        verify_chain(&conn).unwrap().first_break.unwrap().event_id,
        4
    );
}

#[test]
fn deleted_middle_row_is_named() {
    let conn = ledger_with_actions();
    drop_triggers(&conn);
    conn.execute("DELETE FROM audit_events WHERE id = 3", [])
        .unwrap();
    let b = verify_chain(&conn).unwrap().first_break.unwrap();
    assert_eq!(b.event_id, 4);
    assert_eq!(
        b.reason,
        "event 4 does not link to event 2: event 3 was deleted"
    );
}

/// QA G10: several deleted rows are named as one plain, inclusive range.
#[test]
fn deleted_middle_rows_are_named_as_an_inclusive_range() {
    let conn = ledger_with_actions();
    drop_triggers(&conn);
    conn.execute("DELETE FROM audit_events WHERE id BETWEEN 2 AND 4", [])
        .unwrap();
    let b = verify_chain(&conn).unwrap().first_break.unwrap();
    assert_eq!(b.event_id, 5);
    assert_eq!(
        b.reason,
        "event 5 does not link to event 1: events 2-4 were deleted"
    );
}

#[test]
fn deleted_last_row_is_named() {
    let conn = ledger_with_actions();
    drop_triggers(&conn);
    conn.execute("DELETE FROM audit_events WHERE id = 6", [])
        .unwrap();
    let b = verify_chain(&conn).unwrap().first_break.unwrap();
    assert_eq!(b.event_id, 6);
    assert_eq!(
        b.reason,
        "the newest event after 5 is missing: event 6 was deleted"
    );
}

#[test]
fn deleted_first_row_is_named() {
    let conn = ledger_with_actions();
    drop_triggers(&conn);
    conn.execute("DELETE FROM audit_events WHERE id = 1", [])
        .unwrap();
    let b = verify_chain(&conn).unwrap().first_break.unwrap();
    assert_eq!(b.event_id, 2);
    assert_eq!(
        b.reason,
        "event 2 is the first event left but links to an earlier one: event 1 was deleted (the \
         oldest)"
    );
}

#[test]
fn reordered_rows_are_named() {
    let conn = ledger_with_actions();
    drop_triggers(&conn);
    conn.execute_batch(
        "UPDATE audit_events SET id = 1000 WHERE id = 4;
         UPDATE audit_events SET id = 4 WHERE id = 5;
         UPDATE audit_events SET id = 5 WHERE id = 1000;",
    )
    .unwrap();
    let b = verify_chain(&conn).unwrap().first_break.unwrap();
    assert_eq!(b.event_id, 4);
    assert!(b.reason.contains("reordered"), "{}", b.reason);
}

#[test]
fn filters_by_type_case_run_actor_and_time() {
    let conn = ledger_with_actions();
    let list = |f: AuditFilter| list_events(&conn, &f, 0, 100).unwrap();
    let notes = list(AuditFilter {
        event_types: vec!["CASE_NOTE_ADDED".into()],
        ..Default::default()
    });
    assert_eq!(notes.len(), 2);
    assert!(notes[0].id > notes[1].id, "newest first");
    let case_events = list(AuditFilter {
        case_id: Some(case_id()),
        ..Default::default()
    });
    assert_eq!(case_events.len(), 4, "CASE_CREATED + 3 actions");
    let run_events = list(AuditFilter {
        run_id: Some(super::fixture::RUN.parse().unwrap()),
        ..Default::default()
    });
    assert_eq!(run_events.len(), 3);
    let by_actor = list(AuditFilter {
        actor: Some("SYSTEM".into()),
        ..Default::default()
    });
    assert_eq!(by_actor.len(), 3);
    let by_entity = list(AuditFilter {
        entity_type: Some("RUN".into()),
        entity_id: Some(super::fixture::RUN.into()),
        ..Default::default()
    });
    assert_eq!(by_entity.len(), 2);
    let window = list(AuditFilter {
        since: Some("2026-05-06T14:03:00.500Z".into()),
        until: Some("2026-05-06T14:03:01.000Z".into()),
        ..Default::default()
    });
    assert_eq!(window.len(), 1);
    assert_eq!(window[0].event_type, "CASE_CREATED");
    let combined = list(AuditFilter {
        case_id: Some(case_id()),
        actor: Some("nurse-kim".into()),
        event_types: vec!["CASE_ASSIGNED".into(), "CASE_NOTE_ADDED".into()],
        ..Default::default()
    });
    assert_eq!(combined.len(), 3);
    assert_eq!(
        list_events(&conn, &AuditFilter::default(), 5, 100)
            .unwrap()
            .len(),
        1
    );
}
