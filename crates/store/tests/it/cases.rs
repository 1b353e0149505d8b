//! Case rows: the (employee, measure version, evaluation period) key is unique; outcomes,
//! case actions and the delivery log are append-only (V35, QA G12).

use ww_store::cases::{self, Case, CaseAction};
use ww_store::employees::{self, Employee};
use ww_store::enums::{
    CaseActionType, CaseStatus, DeliveryStatus, EmailProvider, OutcomeStatus, Priority, RunStatus,
    ScopeType, TriggerType,
};
use ww_store::ids::{CaseActionId, CaseId, DeliveryId, EmployeeId, OutcomeId, RunId};
use ww_store::outcomes::{self, Outcome};
use ww_store::outreach::{self, Delivery};
use ww_store::runs::{self, Run};
use ww_store::seed::{self, catalog};
use ww_store::time::now_ts;

fn case(employee: EmployeeId, run: RunId, period: &str) -> Case {
    let now = now_ts();
    Case {
        id: CaseId::new(),
        employee_id: employee,
        measure_version_id: catalog::MV_AUDIOGRAM,
        evaluation_period: period.into(),
        status: CaseStatus::Open,
        priority: Priority::High,
        assignee: None,
        next_action: Some("Schedule the annual audiogram.".into()),
        current_outcome_status: OutcomeStatus::Overdue,
        last_run_id: run,
        created_at: now.clone(),
        updated_at: now,
        closed_at: None,
        closed_by: None,
        closed_reason: None,
    }
}

/// A migrated database with the standard content, one employee and one RUNNING run.
fn db_with_employee_and_run() -> (rusqlite::Connection, Employee, Run) {
    let mut conn = ww_store::db::open_in_memory().unwrap();
    seed::load_standard(&mut conn).unwrap();
    let emp = Employee {
        id: EmployeeId::new(),
        external_id: "emp-006".into(),
        name: "Ada Lovelace".into(),
        role: Some("Machine Operator".into()),
        site: Some("Plant A".into()),
        supervisor_id: None,
        fhir_patient_id: Some("emp-006".into()),
        start_date: None,
        active: true,
    };
    employees::insert(&conn, &emp).unwrap();
    let run = Run {
        id: RunId::new(),
        scope_type: ScopeType::AllPrograms,
        scope_id: None,
        site: None,
        trigger_type: TriggerType::Manual,
        status: RunStatus::Running,
        triggered_by: Some("local-user".into()),
        started_at: now_ts(),
        completed_at: None,
        total_evaluated: None,
        compliant: None,
        non_compliant: None,
        duration_ms: None,
        measurement_period_start: "2025-05-06T00:00:00.000Z".into(),
        measurement_period_end: "2026-05-06T23:59:59.999Z".into(),
        requested_scope_json: serde_json::json!({}),
        failure_summary: None,
        partial_failure_count: 0,
        dry_run: false,
    };
    runs::insert(&conn, &run).unwrap();
    (conn, emp, run)
}

#[test]
fn a_second_case_with_the_same_key_is_refused() {
    let (conn, emp, run) = db_with_employee_and_run();
    let first = case(emp.id, run.id, "2026");
    cases::insert(&conn, &first).unwrap();

    let err = cases::insert(&conn, &case(emp.id, run.id, "2026")).unwrap_err();
    assert!(
        err.to_string().contains("UNIQUE constraint failed: cases.employee_id, cases.measure_version_id, cases.evaluation_period"),
        "{err}"
    );
    // Convergent insert: nothing happens, the first row stays.
    assert!(!cases::insert_if_absent(&conn, &case(emp.id, run.id, "2026")).unwrap());
    let stored = cases::get_by_key(&conn, emp.id, catalog::MV_AUDIOGRAM, "2026")
        .unwrap()
        .unwrap();
    assert_eq!(stored.id, first.id);
    // Another cycle is another case.
    assert!(cases::insert_if_absent(&conn, &case(emp.id, run.id, "2027")).unwrap());
}

#[test]
fn a_timestamp_not_in_the_stored_shape_is_refused() {
    let conn = ww_store::db::open_in_memory().unwrap();
    let err = conn
        .execute(
            "INSERT INTO settings (key, value, updated_at) VALUES ('k', 'v', '2026-05-06T14:03:00+00:00')",
            [],
        )
        .unwrap_err();
    assert!(err.to_string().contains("CHECK constraint failed"), "{err}");
}

/// QA G12: an outcome, a case action and a delivery row could be edited or deleted by SQL
/// outside the application and nothing noticed. V35 makes the database refuse it, naming the
/// table, and the rows stay as written; the case itself stays updatable (working state).
#[test]
fn outcomes_case_actions_and_deliveries_refuse_update_and_delete() {
    let (conn, emp, run) = db_with_employee_and_run();
    let c = case(emp.id, run.id, "2026");
    cases::insert(&conn, &c).unwrap();
    let outcome = Outcome {
        id: OutcomeId::new(),
        run_id: run.id,
        employee_id: emp.id,
        measure_version_id: catalog::MV_AUDIOGRAM,
        evaluation_period: "2026".into(),
        status: OutcomeStatus::Overdue,
        evidence_json: serde_json::json!({"why_flagged": {"days_overdue": 12}}),
        evaluated_at: now_ts(),
    };
    outcomes::insert(&conn, &outcome).unwrap();
    let action = CaseAction {
        id: CaseActionId::new(),
        case_id: c.id,
        action_type: CaseActionType::NoteAdded,
        payload_json: Some(serde_json::json!({"note": "called"})),
        performed_by: Some("local-user".into()),
        performed_at: now_ts(),
    };
    cases::insert_action(&conn, &action).unwrap();
    outreach::insert_delivery(
        &conn,
        &Delivery {
            id: DeliveryId::new(),
            case_id: c.id,
            case_action_id: Some(action.id),
            to_address: "emp-006@workwell-demo.dev".into(),
            subject: "Audiogram due".into(),
            provider: EmailProvider::Simulated,
            status: DeliveryStatus::Failed,
            sent_at: now_ts(),
            error_detail: Some("HTTP 500".into()),
        },
    )
    .unwrap();

    for (sql, table) in [
        ("UPDATE outcomes SET status = 'COMPLIANT'", "outcomes"),
        ("DELETE FROM outcomes", "outcomes"),
        (
            "UPDATE case_actions SET performed_by = 'mallory'",
            "case_actions",
        ),
        ("DELETE FROM case_actions", "case_actions"),
        (
            "UPDATE outreach_delivery_log SET status = 'SENT'",
            "outreach_delivery_log",
        ),
        ("DELETE FROM outreach_delivery_log", "outreach_delivery_log"),
    ] {
        let err = conn.execute(sql, []).unwrap_err();
        assert!(
            err.to_string().contains(&format!("{table} is append-only")),
            "{sql}: {err}"
        );
    }
    let status: String = conn
        .query_row("SELECT status FROM outcomes", [], |r| r.get(0))
        .unwrap();
    assert_eq!(status, "OVERDUE");
    let by: String = conn
        .query_row("SELECT performed_by FROM case_actions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(by, "local-user");
    let delivery: String = conn
        .query_row("SELECT status FROM outreach_delivery_log", [], |r| r.get(0))
        .unwrap();
    assert_eq!(delivery, "FAILED");
    // The case is working state: the application updates it (audit verify checks it).
    let mut closed = c.clone();
    closed.status = CaseStatus::Closed;
    cases::update(&conn, &closed).unwrap();
    assert_eq!(
        cases::get(&conn, c.id).unwrap().unwrap().status,
        CaseStatus::Closed
    );
}
