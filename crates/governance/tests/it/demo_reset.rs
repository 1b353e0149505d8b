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

/// QA finding F17: a database that was not created as a demo database is refused, named, and
/// left in place; `force` replaces it (keeping it beside the new one).
#[test]
fn a_non_demo_database_is_refused_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("site.db");
    {
        // `workwell init` without --demo: standard content only, plus one real employee.
        let mut conn = ww_store::open(&path).unwrap();
        ww_store::seed::load_standard(&mut conn).unwrap();
        assert!(!ww_governance::demo_reset::is_demo_database(&conn).unwrap());
    }
    let before = ledger_len(&path);
    let opts = DemoOptions {
        employees: 40,
        ..DemoOptions::as_of(chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap())
    };
    let err = demo_reset(&path, &opts).unwrap_err();
    assert!(matches!(err, ww_governance::Error::Gate(_)), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.contains("site.db was not created as a demo database") && msg.contains("--force"),
        "{msg}"
    );
    assert_eq!(ledger_len(&path), before, "nothing recorded, nothing moved");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no archive made"
    );

    let r = ww_governance::demo_reset::demo_reset_force(&path, &opts).unwrap();
    assert!(r.archived_to.unwrap().exists());
    let conn = ww_store::open(&path).unwrap();
    assert!(ww_governance::demo_reset::is_demo_database(&conn).unwrap());
    // The fresh file is a demo database: a second reset needs no force.
    drop(conn);
    assert!(demo_reset(&path, &opts).is_ok());
}

/// A database filled by `init --demo` (the demo workforce generated into it) is a demo
/// database without any settings row.
#[test]
fn a_database_with_the_generated_demo_workforce_is_a_demo_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut conn = ww_store::open(&path).unwrap();
    ww_store::seed::load_standard(&mut conn).unwrap();
    let opts = DemoOptions {
        employees: 40,
        ..DemoOptions::as_of(chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap())
    };
    ww_store::seed::demo::load_demo(&mut conn, &opts).unwrap();
    assert_eq!(
        ww_store::settings::get(&conn, ww_store::settings::DEMO_DATABASE).unwrap(),
        None
    );
    assert!(ww_governance::demo_reset::is_demo_database(&conn).unwrap());
    drop(conn);
    assert!(demo_reset(&path, &opts).is_ok());
}
