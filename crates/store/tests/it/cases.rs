//! Case rows: the (employee, measure version, evaluation period) key is unique.

use ww_store::cases::{self, Case};
use ww_store::employees::{self, Employee};
use ww_store::enums::{CaseStatus, OutcomeStatus, Priority, RunStatus, ScopeType, TriggerType};
use ww_store::ids::{CaseId, EmployeeId, RunId};
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

#[test]
fn a_second_case_with_the_same_key_is_refused() {
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
