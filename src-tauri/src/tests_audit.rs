//! Headless tests of the audit log screen's commands (APP-C).

use crate::commands::audit_log::{export, options, search};
use crate::dto_audit::AuditQuery;
use crate::error::ErrorCode;
use crate::state::App;

fn app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let app = App::open(&dir.path().join("ww.db")).unwrap();
    (dir, app)
}

#[test]
fn filters_by_type_actor_and_organisation_dates() {
    let (_dir, app) = app();
    let all = search(&app, &AuditQuery::default(), 0, 1000).unwrap();
    assert!(all.len() > 10, "the first launch writes events");
    let runs = search(
        &app,
        &AuditQuery {
            event_type: Some("RUN_STARTED".into()),
            ..AuditQuery::default()
        },
        0,
        1000,
    )
    .unwrap();
    assert!(!runs.is_empty());
    assert!(runs.iter().all(|e| e.event_type == "RUN_STARTED"));

    let today = all[0].occurred_at[..10].to_owned();
    let on_today = AuditQuery {
        from_date: Some(today.clone()),
        to_date: Some(today.clone()),
        ..AuditQuery::default()
    };
    assert_eq!(search(&app, &on_today, 0, 1000).unwrap().len(), all.len());
    let before = AuditQuery {
        to_date: Some("2000-01-01".into()),
        ..AuditQuery::default()
    };
    assert!(search(&app, &before, 0, 1000).unwrap().is_empty());
    let nobody = AuditQuery {
        actor: Some("nobody-at-all".into()),
        ..AuditQuery::default()
    };
    assert!(search(&app, &nobody, 0, 1000).unwrap().is_empty());
}

#[test]
fn bad_filters_name_the_field() {
    let (_dir, app) = app();
    for (q, field) in [
        (
            AuditQuery {
                event_type: Some("CASE_EATEN".into()),
                ..AuditQuery::default()
            },
            "eventType",
        ),
        (
            AuditQuery {
                entity_type: Some("PLANET".into()),
                ..AuditQuery::default()
            },
            "entityType",
        ),
        (
            AuditQuery {
                from_date: Some("30/11/2026".into()),
                ..AuditQuery::default()
            },
            "fromDate",
        ),
        (
            AuditQuery {
                from_date: Some("2026-12-02".into()),
                to_date: Some("2026-12-01".into()),
                ..AuditQuery::default()
            },
            "fromDate",
        ),
    ] {
        let err = search(&app, &q, 0, 10).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput);
        assert!(err.to_string().contains(field), "{err}");
    }
}

#[test]
fn csv_export_writes_the_filtered_events_and_records_itself() {
    let (dir, app) = app();
    let q = AuditQuery {
        event_type: Some("RUN_STARTED".into()),
        ..AuditQuery::default()
    };
    let expected = search(&app, &q, 0, 1000).unwrap().len();
    let file = dir.path().join("audit.csv");
    let done = export(&app, &q, Some(file.to_str().unwrap())).unwrap();
    assert_eq!(done.rows as usize, expected);
    let text = std::fs::read_to_string(&file).unwrap();
    let mut lines = text.lines();
    assert!(lines.next().unwrap().starts_with("timestamp,eventType,"));
    assert_eq!(
        lines.filter(|l| l.contains("RUN_STARTED")).count(),
        expected
    );
    let exports = search(
        &app,
        &AuditQuery {
            event_type: Some("EXPORT_GENERATED".into()),
            ..AuditQuery::default()
        },
        0,
        10,
    )
    .unwrap();
    assert_eq!(exports.len(), 1);
    // A relative path is refused before anything is written.
    let err = export(&app, &q, Some("audit.csv")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
}

#[test]
fn options_list_every_type_sorted() {
    let (_dir, app) = app();
    let o = options(&app).unwrap();
    assert!(o.event_types.contains(&"CASE_ASSIGNED".to_owned()));
    assert!(o.entity_types.contains(&"CASE".to_owned()));
    assert!(o.event_types.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(o.time_zone, "UTC");
}

/// QA3 H3: "Verify chain" reports what `workwell audit verify` reports: an approved rule
/// edited in the database and a case row changed outside WorkWell, each with its entity.
#[test]
fn verify_reports_rule_drift_and_case_rows_like_the_cli() {
    let (dir, app) = app();
    let check = crate::commands::audit::verify(&app).unwrap();
    assert!(check.intact, "{:?}", check.problems);
    assert!(check.rules_checked >= 4 && check.cases_checked > 0);
    let conn = ww_store::reopen(&dir.path().join("ww.db")).unwrap();
    let version: String = conn
        .query_row(
            "SELECT id FROM measure_versions WHERE status = 'ACTIVE' ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    conn.execute(
        "UPDATE measure_versions SET cql_text = cql_text || char(10) || '// tampered' \
         WHERE id = ?1",
        [&version],
    )
    .unwrap();
    let case: String = conn
        .query_row("SELECT id FROM cases ORDER BY id LIMIT 1", [], |r| r.get(0))
        .unwrap();
    conn.execute(
        "UPDATE cases SET assignee = 'Mallory' WHERE id = ?1",
        [&case],
    )
    .unwrap();
    let check = crate::commands::audit::verify(&app).unwrap();
    assert!(!check.intact);
    let drift = check
        .problems
        .iter()
        .find(|p| p.kind == "RULE_DRIFT")
        .expect("the drifted rule is reported");
    assert_eq!(drift.entity_type, "MEASURE_VERSION");
    assert_eq!(drift.entity_id, version);
    assert!(
        drift.fails && drift.message.contains("CQL changed"),
        "{drift:?}"
    );
    let row = check
        .problems
        .iter()
        .find(|p| p.kind == "CASE")
        .expect("the changed case row is reported");
    assert_eq!(row.entity_id, case);
    assert!(row.message.contains("Mallory"), "{row:?}");
}
