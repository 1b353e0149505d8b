//! QA finding F7: activating a new measure version must not leave the previous version's open
//! cases open beside the new version's (the worklist doubled with every release).

use crate::support::{demo_db, events, run_measure, AUDIOGRAM, AUDIOGRAM_V1};
use chrono::NaiveDate;
use rusqlite::Connection;
use ww_governance::{compile, measures};

/// (employee, cycle) pairs of the measure with more than one OPEN / IN_PROGRESS case.
fn doubled_open_cases(conn: &Connection) -> i64 {
    conn.query_row(
        "SELECT COUNT(*) FROM (SELECT c.employee_id, c.evaluation_period FROM cases c \
         JOIN measure_versions mv ON mv.id = c.measure_version_id \
         WHERE mv.measure_id = ?1 AND c.status IN ('OPEN', 'IN_PROGRESS') \
         GROUP BY c.employee_id, c.evaluation_period HAVING COUNT(*) > 1)",
        [AUDIOGRAM],
        |r| r.get(0),
    )
    .unwrap()
}

fn open_cases_of_version(conn: &Connection, v: ww_store::ids::MeasureVersionId) -> i64 {
    conn.query_row(
        "SELECT COUNT(*) FROM cases WHERE measure_version_id = ?1 AND status IN ('OPEN', 'IN_PROGRESS')",
        [v],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn activating_a_new_version_carries_the_open_cases_over_and_the_next_run_opens_no_duplicate() {
    let as_of = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let mut d = demo_db(60, as_of);
    run_measure(&mut d.conn, AUDIOGRAM, as_of);
    let open_before = open_cases_of_version(&d.conn, AUDIOGRAM_V1);
    assert!(
        open_before > 0,
        "the demo workforce has open audiogram cases"
    );
    // A case someone is working on: it must stay IN_PROGRESS with its assignee.
    let (worked, worked_employee): (String, String) = d
        .conn
        .query_row(
            "SELECT id, employee_id FROM cases WHERE measure_version_id = ?1 AND status = 'OPEN' ORDER BY id LIMIT 1",
            [AUDIOGRAM_V1],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    d.conn
        .execute(
            "UPDATE cases SET status = 'IN_PROGRESS', assignee = 'nurse.kim' WHERE id = ?1",
            [&worked],
        )
        .unwrap();

    let v = measures::new_version(&mut d.conn, AUDIOGRAM, "Annual review").unwrap();
    compile::compile(&mut d.conn, v.id).unwrap();
    measures::approve(&mut d.conn, v.id).unwrap();
    let a = measures::activate(&mut d.conn, v.id).unwrap();
    assert_eq!(a.cases.carried as i64, open_before);
    assert_eq!(a.cases.superseded, 0);
    assert_eq!(open_cases_of_version(&d.conn, AUDIOGRAM_V1), 0);
    assert_eq!(open_cases_of_version(&d.conn, v.id), open_before);

    // The next run of the new version updates the carried cases instead of opening new ones.
    run_measure(&mut d.conn, AUDIOGRAM, as_of);
    assert_eq!(doubled_open_cases(&d.conn), 0);
    assert_eq!(open_cases_of_version(&d.conn, v.id), open_before);
    let (id, status, assignee, version): (String, String, Option<String>, String) = d
        .conn
        .query_row(
            "SELECT id, status, assignee, measure_version_id FROM cases WHERE employee_id = ?1 \
             AND measure_version_id IN (?2, ?3) AND status IN ('OPEN', 'IN_PROGRESS')",
            rusqlite::params![worked_employee, AUDIOGRAM_V1, v.id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        (id.as_str(), status.as_str(), assignee.as_deref()),
        (worked.as_str(), "IN_PROGRESS", Some("nurse.kim"))
    );
    assert_eq!(version, v.id.to_string());

    // The ledger says what happened to each case, with the actor, and the case's own
    // timeline carries the explanation.
    let carried: Vec<_> = events(&d.conn, "CASE_UPDATED")
        .into_iter()
        .filter(|(_, p)| p.contains("MEASURE_VERSION_CARRIED_OVER"))
        .collect();
    assert_eq!(carried.len() as i64, open_before);
    assert!(carried.iter().all(|(actor, _)| actor == "local-user"));
    let note: String = d
        .conn
        .query_row(
            "SELECT json_extract(payload_json, '$.note') FROM case_actions WHERE case_id = ?1 \
             AND action_type = 'NOTE_ADDED'",
            [&worked],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        note.contains("moved from version 1.0 to version 1.1"),
        "{note}"
    );
}

#[test]
fn open_cases_left_on_two_older_versions_converge_on_one_case() {
    let as_of = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let mut d = demo_db(40, as_of);
    run_measure(&mut d.conn, AUDIOGRAM, as_of);
    let open_before = open_cases_of_version(&d.conn, AUDIOGRAM_V1);
    // The state the QA review found (written before carry-over existed): 1.1 was activated
    // and run while 1.0's cases stayed open, giving two open cases per employee and cycle.
    let v11 = measures::new_version(&mut d.conn, AUDIOGRAM, "first").unwrap();
    compile::compile(&mut d.conn, v11.id).unwrap();
    measures::approve(&mut d.conn, v11.id).unwrap();
    measures::activate(&mut d.conn, v11.id).unwrap();
    d.conn
        .execute(
            "UPDATE cases SET measure_version_id = ?1 WHERE measure_version_id = ?2",
            [AUDIOGRAM_V1, v11.id],
        )
        .unwrap();
    run_measure(&mut d.conn, AUDIOGRAM, as_of);
    assert_eq!(doubled_open_cases(&d.conn), open_before);

    let v12 = measures::new_version(&mut d.conn, AUDIOGRAM, "second").unwrap();
    compile::compile(&mut d.conn, v12.id).unwrap();
    measures::approve(&mut d.conn, v12.id).unwrap();
    let a = measures::activate(&mut d.conn, v12.id).unwrap();
    assert_eq!(a.cases.carried as i64, open_before);
    assert_eq!(a.cases.superseded as i64, open_before);
    assert_eq!(doubled_open_cases(&d.conn), 0);
    let closed: i64 = d
        .conn
        .query_row(
            "SELECT COUNT(*) FROM cases WHERE status = 'CLOSED' AND closed_reason LIKE 'superseded: measure version 1.2 was activated%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(closed, open_before);
    run_measure(&mut d.conn, AUDIOGRAM, as_of);
    assert_eq!(doubled_open_cases(&d.conn), 0);
    assert_eq!(open_cases_of_version(&d.conn, v12.id), open_before);
}
