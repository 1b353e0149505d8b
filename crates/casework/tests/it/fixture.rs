//! A small database with fixed ids and timestamps, so packets and snapshots are stable.

use rusqlite::Connection;
use serde_json::json;
use ww_store::cases::{Case, CaseAction};
use ww_store::employees::Employee;
use ww_store::enums::{
    CaseActionType, CaseStatus, CompileStatus, LogLevel, MeasureVersionStatus, OutcomeStatus,
    Priority, RunStatus, ScopeType, TriggerType,
};
use ww_store::ids::{
    CaseActionId, CaseId, EmployeeId, MeasureId, MeasureVersionId, OutcomeId, RunId,
};
use ww_store::measures::{Measure, MeasureVersion};
use ww_store::outcomes::Outcome;
use ww_store::runs::Run;

pub const MEASURE: &str = "10000000-0000-4000-8000-000000000001";
pub const VERSION_1: &str = "20000000-0000-4000-8000-000000000001";
pub const VERSION_2: &str = "20000000-0000-4000-8000-000000000002";
pub const EMPLOYEE: &str = "30000000-0000-4000-8000-000000000001";
pub const EMPLOYEE_2: &str = "30000000-0000-4000-8000-000000000002";
pub const RUN: &str = "40000000-0000-4000-8000-000000000001";
pub const OUTCOME: &str = "50000000-0000-4000-8000-000000000001";
pub const CASE: &str = "60000000-0000-4000-8000-000000000001";
pub const CASE_2: &str = "60000000-0000-4000-8000-000000000002";
pub const ACTION: &str = "70000000-0000-4000-8000-000000000001";

pub fn case_id() -> CaseId {
    CaseId::parse(CASE).unwrap()
}

pub fn case2_id() -> CaseId {
    CaseId::parse(CASE_2).unwrap()
}

/// A migrated in-memory database with one measure (two versions), two employees (one with
/// a formula name, one with a script name), one run, one outcome and two OPEN cases.
pub fn db() -> Connection {
    let conn = ww_store::db::open_in_memory().unwrap();
    seed(&conn);
    conn
}

pub fn seed(conn: &Connection) {
    let t0 = "2026-05-06T14:03:00.123Z";
    ww_store::measures::insert_measure(
        conn,
        &Measure {
            id: MeasureId::parse(MEASURE).unwrap(),
            name: "Hearing Conservation: Annual Audiogram".into(),
            policy_ref: Some("29 CFR 1910.95(g)".into()),
            owner: Some("Occupational Health".into()),
            tags: vec!["osha".into()],
            created_at: t0.into(),
            updated_at: t0.into(),
        },
    )
    .unwrap();
    for (id, version, status, cql) in [
        (
            VERSION_1,
            "v1.0",
            MeasureVersionStatus::Deprecated,
            "library Audiogram version '1.0'",
        ),
        (
            VERSION_2,
            "v2.0",
            MeasureVersionStatus::Active,
            "library Audiogram version '2.0'",
        ),
    ] {
        ww_store::measures::insert_version(
            conn,
            &MeasureVersion {
                id: MeasureVersionId::parse(id).unwrap(),
                measure_id: MeasureId::parse(MEASURE).unwrap(),
                osha_reference_id: None,
                version: version.into(),
                status,
                spec_json: json!({"windowDays": 365, "dueSoonDays": 30, "eligibleRoles": ["Machinist"]}),
                cql_text: Some(cql.into()),
                compile_status: Some(CompileStatus::Compiled),
                compile_result: Some(json!({"diagnostics": []})),
                change_summary: Some(format!("{version} release")),
                approved_by: Some("dr-lee".into()),
                activated_at: Some(t0.into()),
                created_at: t0.into(),
            },
        )
        .unwrap();
    }
    for (id, ext, name) in [
        (EMPLOYEE, "emp-006", "=HYPERLINK(\"http://x\")"),
        (EMPLOYEE_2, "emp-007", "<script>alert(1)</script>"),
    ] {
        ww_store::employees::insert(
            conn,
            &Employee {
                id: EmployeeId::parse(id).unwrap(),
                external_id: ext.into(),
                name: name.into(),
                role: Some("Machinist".into()),
                site: Some("Plant A".into()),
                supervisor_id: None,
                fhir_patient_id: Some(format!("patient-{ext}")),
                start_date: Some(chrono::NaiveDate::from_ymd_opt(2020, 1, 15).unwrap()),
                active: true,
            },
        )
        .unwrap();
    }
    ww_store::runs::insert(
        conn,
        &Run {
            id: RunId::parse(RUN).unwrap(),
            scope_type: ScopeType::Measure,
            scope_id: Some(VERSION_1.into()),
            site: None,
            trigger_type: TriggerType::Manual,
            status: RunStatus::Completed,
            triggered_by: Some("dr-lee".into()),
            started_at: t0.into(),
            completed_at: Some("2026-05-06T14:03:01.456Z".into()),
            total_evaluated: Some(1),
            compliant: Some(0),
            non_compliant: Some(1),
            duration_ms: Some(1333),
            measurement_period_start: "2025-05-06T00:00:00.000Z".into(),
            measurement_period_end: "2026-05-06T23:59:59.999Z".into(),
            requested_scope_json: json!({"measureId": MEASURE}),
            failure_summary: None,
            partial_failure_count: 0,
            dry_run: false,
        },
    )
    .unwrap();
    ww_store::runs::append_log(
        conn,
        RunId::parse(RUN).unwrap(),
        LogLevel::Info,
        "Evaluated 1 employee",
    )
    .unwrap();
    ww_store::outcomes::insert(
        conn,
        &Outcome {
            id: OutcomeId::parse(OUTCOME).unwrap(),
            run_id: RunId::parse(RUN).unwrap(),
            employee_id: EmployeeId::parse(EMPLOYEE).unwrap(),
            measure_version_id: MeasureVersionId::parse(VERSION_1).unwrap(),
            evaluation_period: "2026".into(),
            status: OutcomeStatus::Overdue,
            evidence_json: json!({
                "expressionResults": [{"define": "Outcome Status", "result": "OVERDUE"}],
                "why_flagged": {
                    "last_exam_date": "2025-03-10",
                    "compliance_window_days": 365,
                    "days_overdue": 57,
                    "role_eligible": true,
                    "site_eligible": true,
                    "waiver_status": "NONE",
                    "outcome_status": "OVERDUE"
                }
            }),
            evaluated_at: "2026-05-06T14:03:00.900Z".into(),
        },
    )
    .unwrap();
    for (id, emp) in [(CASE, EMPLOYEE), (CASE_2, EMPLOYEE_2)] {
        ww_store::cases::insert(
            conn,
            &Case {
                id: CaseId::parse(id).unwrap(),
                employee_id: EmployeeId::parse(emp).unwrap(),
                measure_version_id: MeasureVersionId::parse(VERSION_1).unwrap(),
                evaluation_period: "2026".into(),
                status: CaseStatus::Open,
                priority: Priority::High,
                assignee: None,
                next_action: Some("Schedule the annual audiogram".into()),
                current_outcome_status: OutcomeStatus::Overdue,
                last_run_id: RunId::parse(RUN).unwrap(),
                created_at: t0.into(),
                updated_at: t0.into(),
                closed_at: None,
                closed_by: None,
                closed_reason: None,
            },
        )
        .unwrap();
    }
    ww_store::cases::insert_action(
        conn,
        &CaseAction {
            id: CaseActionId::parse(ACTION).unwrap(),
            case_id: case_id(),
            action_type: CaseActionType::Created,
            payload_json: Some(json!({"outcomeStatus": "OVERDUE"})),
            performed_by: Some("SYSTEM".into()),
            performed_at: t0.into(),
        },
    )
    .unwrap();
    // Ledger rows with fixed times, chained with the store's canonical hash.
    let events = [
        ("RUN_STARTED", "RUN", RUN, None, "2026-05-06T14:03:00.123Z"),
        (
            "CASE_CREATED",
            "CASE",
            CASE,
            Some(CASE),
            "2026-05-06T14:03:00.950Z",
        ),
        (
            "RUN_COMPLETED",
            "RUN",
            RUN,
            None,
            "2026-05-06T14:03:01.456Z",
        ),
    ];
    let mut prev: Option<String> = None;
    for (event_type, entity_type, entity_id, case, at) in events {
        let payload = json!({"note": format!("{event_type} fixture")}).to_string();
        let content = ww_store::audit_events::EventContent {
            event_type,
            entity_type,
            entity_id: Some(entity_id),
            actor: Some("SYSTEM"),
            ref_run_id: Some(RUN),
            ref_case_id: case,
            ref_measure_version_id: Some(VERSION_1),
            payload_json: Some(&payload),
            occurred_at: at,
        };
        let hash = ww_store::audit_events::event_hash(&content, prev.as_deref());
        conn.execute(
            "INSERT INTO audit_events (event_type, entity_type, entity_id, actor, ref_run_id, \
             ref_case_id, ref_measure_version_id, payload_json, occurred_at, prev_hash, hash) \
             VALUES (?1, ?2, ?3, 'SYSTEM', ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            rusqlite::params![
                event_type,
                entity_type,
                entity_id,
                RUN,
                case,
                VERSION_1,
                payload,
                at,
                prev,
                hash
            ],
        )
        .unwrap();
        prev = Some(hash);
    }
    ww_store::settings::set(conn, "user_name", "nurse-kim").unwrap();
}
