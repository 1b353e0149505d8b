//! Demo reset keeps the old file and its ledger (issue 6 item 7, DOMAIN.md section 7).

use ww_governance::demo_reset::demo_reset;
use ww_store::seed::demo::DemoOptions;

fn ledger_len(path: &std::path::Path) -> i64 {
    let conn = ww_store::open(path).unwrap();
    conn.query_row("SELECT COUNT(*) FROM audit_events", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_reset_moves_the_old_file_aside_and_deletes_no_ledger_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workwell.db");
    let opts = DemoOptions {
        employees: 40,
        ..DemoOptions::as_of(chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap())
    };
    let first = demo_reset(&path, &opts).unwrap();
    assert_eq!(first.archived_to, None);
    assert_eq!(first.employees, 40);
    assert_eq!(first.fixtures, 21);
    let before = ledger_len(&path);
    let second = demo_reset(&path, &opts).unwrap();
    let archived = second.archived_to.expect("old file kept");
    assert!(archived.exists());
    assert!(archived
        .file_name()
        .unwrap()
        .to_string_lossy()
        .starts_with("workwell."));
    // The old ledger is whole, plus the DEMO_RESET event naming where it went.
    assert_eq!(ledger_len(&archived), before + 1);
    let conn = ww_store::open(&archived).unwrap();
    let payload: String = conn
        .query_row(
            "SELECT payload_json FROM audit_events WHERE event_type = 'DEMO_RESET' ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(payload.contains("movedTo"), "{payload}");
    // The fresh file has the demo content and records where the previous one went.
    let fresh = ww_store::open(&path).unwrap();
    let employees: i64 = fresh
        .query_row("SELECT COUNT(*) FROM employees", [], |r| r.get(0))
        .unwrap();
    assert_eq!(employees, 40);
    let reset_events: i64 = fresh
        .query_row(
            "SELECT COUNT(*) FROM audit_events WHERE event_type = 'DEMO_RESET'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(reset_events, 1);
}

#[test]
fn a_file_that_is_not_workwell_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    std::fs::write(&path, b"my notes, not a database").unwrap();
    assert!(demo_reset(&path, &DemoOptions::default()).is_err());
    assert_eq!(std::fs::read(&path).unwrap(), b"my notes, not a database");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}
