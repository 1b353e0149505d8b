//! RERUN_TO_VERIFY through the real engine: the demo workforce, a real all-programs run, then
//! one-employee reruns of a case before and after a qualifying exam is recorded.

use chrono::Datelike;
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
pub(crate) fn demo_after_run(dir: &std::path::Path) -> Connection {
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
pub(crate) fn overdue_audiogram_case(conn: &Connection) -> (CaseId, String) {
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

/// The demo workforce run as of `as_of` (all programs), in a fresh file.
fn demo_run_as_of(dir: &std::path::Path, as_of: chrono::NaiveDate) -> Connection {
    let mut conn = ww_store::open(&dir.join("cycle.db")).unwrap();
    ww_store::seed::load_standard(&mut conn).unwrap();
    let today = chrono::Utc::now().date_naive();
    ww_store::seed::demo::load_demo(&mut conn, &ww_store::seed::demo::DemoOptions::as_of(today))
        .unwrap();
    let evaluator = CqlEvaluator::from_db(&conn).unwrap();
    let cancel = std::sync::atomic::AtomicBool::new(false);
    execute(
        &mut conn,
        &evaluator,
        &RunRequest::all_programs(as_of),
        &RunOptions {
            cancel: &cancel,
            progress: &NoProgress,
            batch_size: 0,
        },
    )
    .unwrap();
    conn
}

/// An active audiogram case (id, employee, version, cycle) of the given cycle.
fn active_audiogram_case(conn: &Connection, period: &str) -> (CaseId, String, String) {
    conn.query_row(
        "SELECT c.id, c.employee_id, c.measure_version_id FROM cases c \
         JOIN measure_versions mv ON mv.id = c.measure_version_id \
         JOIN measures m ON m.id = mv.measure_id \
         WHERE c.status = 'OPEN' AND c.evaluation_period = ?1 \
         AND m.name LIKE '%udiogram%' ORDER BY c.id LIMIT 1",
        [period],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .unwrap()
}

fn cases_of_pair(conn: &Connection, employee: &str, version: &str) -> i64 {
    conn.query_row(
        "SELECT COUNT(*) FROM cases WHERE employee_id = ?1 AND measure_version_id = ?2",
        [employee, version],
        |r| r.get(0),
    )
    .unwrap()
}

/// QA G1: a rerun of a case of an earlier cycle evaluated as of today, closed the worked case
/// as RESOLVED and opened a second, unassigned one. It now evaluates the case's own cycle (as
/// of its last day), updates that case and keeps its assignee.
#[test]
fn rerun_of_a_previous_cycle_case_verifies_that_cycle_and_opens_no_second_case() {
    let dir = tempfile::tempdir().unwrap();
    let today = chrono::Utc::now().date_naive();
    let last_year = today.year() - 1;
    let as_of = chrono::NaiveDate::from_ymd_opt(last_year, 12, 20).unwrap();
    let mut conn = demo_run_as_of(dir.path(), as_of);
    let period = last_year.to_string();
    let (case_id, employee, version) = active_audiogram_case(&conn, &period);
    ww_casework::actions::assign(&mut conn, case_id, Some("Dana Officer")).unwrap();
    let cases_before = cases_of_pair(&conn, &employee, &version);

    let result = rerun_to_verify(&mut conn, case_id).unwrap();
    let run_as_of: String = conn
        .query_row(
            "SELECT json_extract(requested_scope_json, '$.asOf') FROM runs WHERE id = ?1",
            [result.run_id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(run_as_of, format!("{last_year}-12-31"));
    let period_written: String = conn
        .query_row(
            "SELECT evaluation_period FROM outcomes WHERE run_id = ?1",
            [result.run_id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(period_written, period);
    assert_eq!(cases_of_pair(&conn, &employee, &version), cases_before);
    let case = ww_store::cases::get(&conn, case_id).unwrap().unwrap();
    assert_eq!(
        case.last_run_id, result.run_id,
        "the rerun updated that case"
    );
    assert_eq!(case.assignee.as_deref(), Some("Dana Officer"));
    assert_eq!(
        case.status.is_active(),
        result.outcome_status != Some(OutcomeStatus::Compliant),
        "only COMPLIANT resolves: {:?}",
        result.outcome_status
    );
}

/// QA G1, current cycle: the rerun is as of today and refreshes the same case, assignee kept.
#[test]
fn rerun_of_a_current_cycle_case_updates_that_case_and_keeps_its_assignee() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = demo_after_run(dir.path());
    let today = chrono::Utc::now().date_naive();
    let (case_id, employee, version) = active_audiogram_case(&conn, &today.year().to_string());
    ww_casework::actions::assign(&mut conn, case_id, Some("Dana Officer")).unwrap();
    let cases_before = cases_of_pair(&conn, &employee, &version);
    let result = rerun_to_verify(&mut conn, case_id).unwrap();
    let case = ww_store::cases::get(&conn, case_id).unwrap().unwrap();
    assert_eq!(case.last_run_id, result.run_id);
    assert_eq!(case.assignee.as_deref(), Some("Dana Officer"));
    assert_eq!(cases_of_pair(&conn, &employee, &version), cases_before);
    assert_eq!(
        result.action.action.payload_json.unwrap()["asOf"],
        today.to_string()
    );
}
