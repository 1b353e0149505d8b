//! The audit ledger: append-only in the database, hash-chained by `audit_events::append`.

use rusqlite::Connection;
use ww_store::audit_events::{self, NewAuditEvent};
use ww_store::enums::{AuditEventType, EntityType};

fn ledger_with_two_events() -> Connection {
    let conn = ww_store::db::open_in_memory().unwrap();
    audit_events::append(
        &conn,
        &NewAuditEvent::new(
            AuditEventType::SettingChanged,
            EntityType::Setting,
            Some("user_name".into()),
            "local-user",
        )
        .payload(serde_json::json!({"from": "local-user", "to": "ada"})),
    )
    .unwrap();
    audit_events::append(
        &conn,
        &NewAuditEvent::new(
            AuditEventType::WaiverGranted,
            EntityType::Waiver,
            None,
            "ada",
        ),
    )
    .unwrap();
    conn
}

#[test]
fn update_on_audit_events_fails_with_the_trigger_error() {
    let conn = ledger_with_two_events();
    let err = conn
        .execute("UPDATE audit_events SET actor = 'mallory' WHERE id = 1", [])
        .unwrap_err();
    assert!(
        err.to_string().contains("audit_events is append-only"),
        "{err}"
    );
    let actor: String = conn
        .query_row("SELECT actor FROM audit_events WHERE id = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(actor, "local-user");
}

#[test]
fn delete_on_audit_events_fails_with_the_trigger_error() {
    let conn = ledger_with_two_events();
    let err = conn.execute("DELETE FROM audit_events", []).unwrap_err();
    assert!(
        err.to_string().contains("audit_events is append-only"),
        "{err}"
    );
    let n: i64 = conn
        .query_row("SELECT COUNT(*) FROM audit_events", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 2);
}

#[test]
fn each_event_hash_chains_to_the_previous_one() {
    let conn = ledger_with_two_events();
    let mut events = Vec::new();
    audit_events::for_each(&conn, |e| -> ww_store::Result<()> {
        events.push(e);
        Ok(())
    })
    .unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].prev_hash, None);
    assert_eq!(
        events[1].prev_hash.as_deref(),
        Some(events[0].hash.as_str())
    );
    for e in &events {
        assert_eq!(e.expected_hash(), e.hash);
    }
    // Editing any hashed field changes the hash.
    let mut edited = events[0].clone();
    edited.payload_json = Some(r#"{"from":"local-user","to":"eve"}"#.into());
    assert_ne!(edited.expected_hash(), events[0].hash);
}

#[test]
fn an_insert_that_skips_the_chain_is_refused() {
    let conn = ledger_with_two_events();
    let err = conn
        .execute(
            "INSERT INTO audit_events (event_type, entity_type, occurred_at, prev_hash, hash) \
             VALUES ('CASE_CLOSED', 'CASE', '2026-01-01T00:00:00.000Z', NULL, ?1)",
            ["0".repeat(64)],
        )
        .unwrap_err();
    assert!(err.to_string().contains("prev_hash"), "{err}");
}

#[test]
fn canonical_bytes_are_unambiguous_json() {
    let content = audit_events::EventContent {
        event_type: "CASE_CLOSED",
        entity_type: "CASE",
        entity_id: Some("a\"b"),
        actor: None,
        ref_run_id: None,
        ref_case_id: None,
        ref_measure_version_id: None,
        payload_json: Some("{}"),
        occurred_at: "2026-01-01T00:00:00.000Z",
    };
    let bytes = audit_events::canonical_bytes(&content, None);
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        r#"["workwell-audit-v1","CASE_CLOSED","CASE","a\"b",null,null,null,null,"{}","2026-01-01T00:00:00.000Z",null]"#
    );
}
