//! Deprecating the ACTIVE version of a measure without a successor retires the measure: no
//! run evaluates it again, so its open cases are closed by the system in the same
//! transaction, each audited; another measure's cases are untouched.

use crate::support::{demo_db, events, run_measure, AUDIOGRAM, AUDIOGRAM_V1};
use chrono::NaiveDate;
use rusqlite::Connection;
use ww_governance::{compile, measures};
use ww_store::ids::MeasureId;
use ww_store::seed::catalog::M_TB;

fn active_cases_of_measure(conn: &Connection, m: MeasureId) -> i64 {
    conn.query_row(
        "SELECT COUNT(*) FROM cases c JOIN measure_versions mv ON mv.id = c.measure_version_id \
         WHERE mv.measure_id = ?1 AND c.status IN ('OPEN', 'IN_PROGRESS')",
        [m],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn deprecating_the_active_version_closes_its_open_cases_as_retired() {
    let as_of = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let mut d = demo_db(40, as_of);
    run_measure(&mut d.conn, AUDIOGRAM, as_of);
    run_measure(&mut d.conn, M_TB, as_of);
    let open = active_cases_of_measure(&d.conn, AUDIOGRAM);
    let tb_open = active_cases_of_measure(&d.conn, M_TB);
    assert!(open > 1 && tb_open > 0, "audiogram {open}, tb {tb_open}");
    d.conn
        .execute(
            "UPDATE cases SET status = 'IN_PROGRESS', assignee = 'nurse.kim' WHERE id = \
             (SELECT id FROM cases WHERE measure_version_id = ?1 AND status = 'OPEN' ORDER BY id LIMIT 1)",
            [AUDIOGRAM_V1],
        )
        .unwrap();

    let dep =
        measures::deprecate_version(&mut d.conn, AUDIOGRAM_V1, "  Programme ended  ").unwrap();
    assert_eq!(dep.cases_closed as i64, open);
    assert_eq!(
        dep.info.deprecated_reason.as_deref(),
        Some("Programme ended")
    );
    assert_eq!(active_cases_of_measure(&d.conn, AUDIOGRAM), 0);
    assert_eq!(active_cases_of_measure(&d.conn, M_TB), tb_open);
    let retired: i64 = d
        .conn
        .query_row(
            "SELECT COUNT(*) FROM cases WHERE measure_version_id = ?1 AND status = 'RESOLVED' \
             AND closed_by = 'SYSTEM' AND closed_reason = 'measure retired: Programme ended' \
             AND closed_at IS NOT NULL",
            [AUDIOGRAM_V1],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(retired, open);
    // One action and one audit event per case, with the deprecating person as the actor.
    let actions: i64 = d
        .conn
        .query_row(
            "SELECT COUNT(*) FROM case_actions WHERE action_type = 'SYSTEM_RESOLVED' \
             AND performed_by = 'SYSTEM' \
             AND json_extract(payload_json, '$.change') = 'MEASURE_RETIRED'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(actions, open);
    let resolved: Vec<_> = events(&d.conn, "CASE_RESOLVED")
        .into_iter()
        .filter(|(_, p)| p.contains("MEASURE_RETIRED"))
        .collect();
    assert_eq!(resolved.len() as i64, open);
    assert!(resolved.iter().all(|(actor, _)| actor == "local-user"));
    let (_, deprecation) = events(&d.conn, "MEASURE_VERSION_DEPRECATED")
        .into_iter()
        .next()
        .unwrap();
    let payload: serde_json::Value = serde_json::from_str(&deprecation).unwrap();
    assert_eq!(payload["casesClosed"], open);
    assert_eq!(payload["previousStatus"], "ACTIVE");
}

#[test]
fn deprecating_an_approved_version_beside_the_active_one_closes_nothing() {
    let as_of = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let mut d = demo_db(40, as_of);
    run_measure(&mut d.conn, AUDIOGRAM, as_of);
    let open = active_cases_of_measure(&d.conn, AUDIOGRAM);
    assert!(open > 0);
    let v = measures::new_version(&mut d.conn, AUDIOGRAM, "Annual review").unwrap();
    compile::compile(&mut d.conn, v.id).unwrap();
    measures::approve(&mut d.conn, v.id).unwrap();
    let dep = measures::deprecate_version(&mut d.conn, v.id, "Not needed").unwrap();
    assert_eq!(dep.cases_closed, 0);
    assert_eq!(active_cases_of_measure(&d.conn, AUDIOGRAM), open);
}

/// QA3 H1: the window asks before retiring a program; the preview counts exactly the cases
/// the deprecation then closes, writes nothing, and asks for the typed word.
#[test]
fn the_deprecation_preview_counts_the_cases_a_retirement_closes() {
    let as_of = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let mut d = demo_db(40, as_of);
    run_measure(&mut d.conn, AUDIOGRAM, as_of);
    let open = active_cases_of_measure(&d.conn, AUDIOGRAM);
    assert!(open > 1, "{open}");
    let events_before = events(&d.conn, "MEASURE_VERSION_DEPRECATED");
    let p = ww_governance::retire::preview_deprecation(&d.conn, AUDIOGRAM_V1).unwrap();
    assert!(p.retires_program);
    assert_eq!(p.open_cases_to_close as i64, open);
    assert_eq!(p.confirmation.as_deref(), Some("RETIRE"));
    assert!(
        p.message
            .contains(&format!("its {open} open cases will be closed"))
            && p.message.contains("leaves the programs overview"),
        "{}",
        p.message
    );
    assert_eq!(active_cases_of_measure(&d.conn, AUDIOGRAM), open);
    assert_eq!(events(&d.conn, "MEASURE_VERSION_DEPRECATED"), events_before);

    let dep = measures::deprecate_version(&mut d.conn, AUDIOGRAM_V1, "Programme ended").unwrap();
    assert_eq!(dep.cases_closed, p.open_cases_to_close);
    let after = ww_governance::retire::preview_deprecation(&d.conn, AUDIOGRAM_V1).unwrap();
    assert!(!after.retires_program);
    assert_eq!((after.open_cases_to_close, after.confirmation), (0, None));
}
