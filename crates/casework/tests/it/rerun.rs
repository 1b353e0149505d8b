//! RERUN_TO_VERIFY through the real engine: the demo workforce, a real all-programs run, then
//! one-employee reruns of a case before and after a qualifying exam is recorded.

use rusqlite::Connection;
use serde_json::json;
use ww_casework::rerun::rerun_to_verify;
use ww_casework::Error;
use ww_core::cql_eval::CqlEvaluator;
use ww_core::run::{execute, NoProgress, RunOptions, RunRequest};
use ww_store::enums::{CaseStatus, OutcomeStatus, RunStatus, TriggerType};
use ww_store::ids::CaseId;

/// A demo database file (standard content + demo workforce as of today, UTC) after one real
/// all-programs run.
fn demo_after_run(dir: &std::path::Path) -> Connection {
    let mut conn = ww_store::open(&dir.join("rerun.db")).unwrap();
    ww_store::seed::load_standard(&mut conn).unwrap();
    let today = chrono::Utc::now().date_naive();
    ww_store::seed::demo::load_demo(&mut conn, &ww_store::seed::demo::DemoOptions::as_of(today))
        .unwrap();
    let evaluator = CqlEvaluator::from_db(&conn).unwrap();
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let report = execute(
        &mut conn,
        &evaluator,
        &RunRequest::all_programs(today),
        &RunOptions {
            cancel: &cancel,
            progress: &NoProgress,
            batch_size: 0,
        },
    )
    .unwrap();
    assert!(matches!(
        report.status,
        RunStatus::Completed | RunStatus::PartialFailure
    ));
    conn
}

/// An OPEN audiogram case whose current outcome is OVERDUE, with its patient id.
fn overdue_audiogram_case(conn: &Connection) -> (CaseId, String) {
    conn.query_row(
        "SELECT c.id, COALESCE(e.fhir_patient_id, e.external_id) FROM cases c \
         JOIN employees e ON e.id = c.employee_id \
         JOIN measure_versions mv ON mv.id = c.measure_version_id \
         JOIN measures m ON m.id = mv.measure_id \
         WHERE c.status = 'OPEN' AND c.current_outcome_status = 'OVERDUE' \
         AND m.name LIKE '%udiogram%' ORDER BY e.external_id LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

#[test]
fn rerun_evaluates_one_employee_and_only_compliant_resolves() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = demo_after_run(dir.path());
    let (case_id, patient) = overdue_audiogram_case(&conn);

    // Nothing changed in the records: the rerun finds OVERDUE again and the case stays open.
    let first = rerun_to_verify(&mut conn, case_id).unwrap();
    assert_eq!(first.outcome_status, Some(OutcomeStatus::Overdue));
    assert!(!first.resolved);
    assert_eq!(first.action.case.status, CaseStatus::Open);
    assert_eq!(first.action.action.action_type.as_str(), "RERUN_TO_VERIFY");
    let (scope, trigger, evaluated): (String, String, i64) = conn
        .query_row(
            "SELECT scope_type, trigger_type, (SELECT COUNT(*) FROM outcomes WHERE run_id = runs.id) \
             FROM runs WHERE id = ?1",
            [first.run_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (scope.as_str(), trigger.as_str(), evaluated),
        ("CASE", TriggerType::Rerun.as_str(), 1)
    );

    // The employee has an audiogram today: the rerun finds COMPLIANT and resolves the case.
    let today = chrono::Utc::now().date_naive();
    ww_store::fhir_resources::upsert(
        &conn,
        &json!({
            "resourceType": "Procedure",
            "id": format!("{patient}-aud-rerun"),
            "status": "completed",
            "code": {"coding": [{"system": "http://www.ama-assn.org/go/cpt", "code": "92557"}]},
            "subject": {"reference": format!("Patient/{patient}")},
            "performedDateTime": format!("{today}T00:30:00Z")
        }),
    )
    .unwrap();
    let second = rerun_to_verify(&mut conn, case_id).unwrap();
    assert_eq!(second.outcome_status, Some(OutcomeStatus::Compliant));
    assert!(second.resolved);
    assert_eq!(second.action.case.status, CaseStatus::Resolved);
    assert!(second.action.case.closed_at.is_some());
    let payload = second.action.action.payload_json.clone().unwrap();
    assert_eq!(payload["outcomeStatus"], "COMPLIANT");
    assert_eq!(payload["runId"], second.run_id.to_string());

    // A resolved case is not rerun.
    let err = rerun_to_verify(&mut conn, case_id).unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidTransition {
                action: "RERUN_TO_VERIFY",
                ..
            }
        ),
        "{err}"
    );

    // The timeline lists each action once and the ledger still verifies.
    let types: Vec<String> = ww_casework::cases::timeline(&conn, case_id)
        .unwrap()
        .into_iter()
        .map(|e| e.action_type)
        .collect();
    assert_eq!(
        types.iter().filter(|t| *t == "RERUN_TO_VERIFY").count(),
        2,
        "{types:?}"
    );
    assert!(ww_casework::audit::verify_chain(&conn).unwrap().is_intact());
}

/// Row counts of the tables a rerun writes.
fn written(conn: &Connection) -> Vec<(&'static str, i64)> {
    [
        "runs",
        "run_logs",
        "outcomes",
        "case_actions",
        "audit_events",
    ]
    .into_iter()
    .map(|t| {
        let n = conn
            .query_row(&format!("SELECT COUNT(*) FROM {t}"), [], |r| r.get(0))
            .unwrap();
        (t, n)
    })
    .collect()
}

#[test]
fn rerun_whose_action_record_fails_leaves_neither_run_nor_record() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = demo_after_run(dir.path());
    let (case_id, _) = overdue_audiogram_case(&conn);
    let case_before = ww_store::cases::get(&conn, case_id).unwrap().unwrap();
    // The action record fails after the run has written its outcome and case change.
    conn.execute_batch(
        "CREATE TEMP TRIGGER refuse_rerun_record BEFORE INSERT ON case_actions \
         WHEN NEW.action_type = 'RERUN_TO_VERIFY' \
         BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;",
    )
    .unwrap();
    let before = written(&conn);
    let err = rerun_to_verify(&mut conn, case_id).unwrap_err();
    assert!(err.to_string().contains("refused by the test"), "{err}");
    // Nothing of the user action is left: no RERUN run, no outcome, no record, no event.
    assert_eq!(written(&conn), before);
    let reruns: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM runs WHERE trigger_type = ?1",
            [TriggerType::Rerun.as_str()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(reruns, 0);
    assert_eq!(
        ww_store::cases::get(&conn, case_id).unwrap().unwrap(),
        case_before
    );
    assert!(ww_casework::audit::verify_chain(&conn).unwrap().is_intact());

    // Without the failure the same action commits the run and the record together.
    conn.execute_batch("DROP TRIGGER refuse_rerun_record;")
        .unwrap();
    let done = rerun_to_verify(&mut conn, case_id).unwrap();
    let status: String = conn
        .query_row(
            "SELECT status FROM runs WHERE id = ?1",
            [done.run_id.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(status, done.run_status.as_str());
    assert_eq!(done.outcome_status, Some(OutcomeStatus::Overdue));
    assert!(ww_casework::audit::verify_chain(&conn).unwrap().is_intact());
}
