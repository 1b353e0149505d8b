//! Tests of the run writer: cancellation at batch boundaries (QA finding F18) and runs
//! inside a caller's transaction.

use super::{execute, execute_within, NoProgress, RunOptions, RunProgress, RunRequest};
use crate::evaluator::{EvaluationInput, MeasureEvaluator};
use crate::interpret::DefineResult;
use chrono::NaiveDate;
use rusqlite::Connection;
use serde_json::json;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use ww_store::employees::{self, Employee};
use ww_store::enums::RunStatus;
use ww_store::ids::EmployeeId;
use ww_store::seed::catalog::M_AUDIOGRAM;

/// Every employee is in the population and OVERDUE.
struct Overdue;

impl MeasureEvaluator for Overdue {
    type Compiled = ();
    type Error = std::convert::Infallible;

    fn compile(&self, _cql: &str) -> Result<(), Self::Error> {
        Ok(())
    }

    fn evaluate(
        &self,
        _c: &(),
        _input: &EvaluationInput<'_>,
    ) -> Result<Vec<DefineResult>, Self::Error> {
        Ok(vec![
            ("In Population".into(), Ok(json!(true))),
            ("Most Recent Exam Date".into(), Ok(json!("2024-01-10"))),
            ("Days Overdue".into(), Ok(json!(5))),
            ("Outcome Status".into(), Ok(json!("OVERDUE"))),
        ])
    }
}

/// Sets the cancel flag once `after` employees are written.
struct CancelAfter<'a> {
    flag: &'a AtomicBool,
    after: u64,
    written: AtomicU64,
}

impl RunProgress for CancelAfter<'_> {
    fn start(&self, _total: u64) {}
    fn advance(&self, n: u64) {
        if self.written.fetch_add(n, Ordering::SeqCst) + n >= self.after {
            self.flag.store(true, Ordering::SeqCst);
        }
    }
    fn finish(&self) {}
}

fn database(dir: &tempfile::TempDir, employees: usize) -> Connection {
    let mut conn = ww_store::open(&dir.path().join("ww.db")).unwrap();
    ww_store::seed::load_standard(&mut conn).unwrap();
    for i in 0..employees {
        employees::insert(
            &conn,
            &Employee {
                id: EmployeeId::new(),
                external_id: format!("E{i}"),
                name: format!("Employee {i}"),
                role: Some("Machine Operator".into()),
                site: Some("Plant A".into()),
                supervisor_id: None,
                fhir_patient_id: Some(format!("pat-{i}")),
                start_date: NaiveDate::from_ymd_opt(2020, 1, 6),
                active: true,
            },
        )
        .unwrap();
    }
    conn
}

fn audiogram() -> RunRequest {
    RunRequest {
        measure: Some(M_AUDIOGRAM),
        ..RunRequest::all_programs(NaiveDate::from_ymd_opt(2026, 1, 15).unwrap())
    }
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn run_with_cancel_after(
    employees: usize,
    batch: usize,
    after: u64,
) -> (tempfile::TempDir, Connection, RunStatus) {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = database(&dir, employees);
    let cancel = AtomicBool::new(false);
    let progress = CancelAfter {
        flag: &cancel,
        after,
        written: AtomicU64::new(0),
    };
    let opts = RunOptions {
        cancel: &cancel,
        progress: &progress,
        batch_size: batch,
    };
    let report = execute(&mut conn, &Overdue, &audiogram(), &opts).unwrap();
    (dir, conn, report.status)
}

#[test]
fn cancel_after_the_last_batch_is_committed_ends_completed() {
    // One batch holds all three employees; the cancel arrives after it is committed.
    let (_dir, conn, status) = run_with_cancel_after(3, 10, 3);
    assert_eq!(status, RunStatus::Completed);
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM outcomes"), 3);
    assert_eq!(
        count(
            &conn,
            "SELECT COUNT(*) FROM runs WHERE status = 'COMPLETED'"
        ),
        1
    );
    assert_eq!(
        count(
            &conn,
            "SELECT COUNT(*) FROM audit_events WHERE event_type = 'RUN_CANCELLED'"
        ),
        0
    );
}

#[test]
fn cancel_between_batches_ends_cancelled_with_whole_batches() {
    // Batches of two: the cancel after the first batch leaves the third employee unwritten.
    let (_dir, conn, status) = run_with_cancel_after(3, 2, 2);
    assert_eq!(status, RunStatus::Cancelled);
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM outcomes"), 2);
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM cases"), 2);
}

#[test]
fn a_run_within_a_transaction_commits_or_rolls_back_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = database(&dir, 2);
    let cancel = AtomicBool::new(false);
    let opts = RunOptions {
        cancel: &cancel,
        progress: &NoProgress,
        batch_size: 1,
    };
    let events_before = count(&conn, "SELECT COUNT(*) FROM audit_events");
    // The caller's later write fails: nothing of the run is left.
    let failed: crate::Result<()> = ww_store::with_tx(&mut conn, |tx| {
        let report = execute_within(tx, &Overdue, &audiogram(), &opts)?;
        assert_eq!(report.status, RunStatus::Completed);
        assert_eq!(report.total_evaluated, 2);
        Err(crate::Error::Invalid(
            "the caller's own write failed".into(),
        ))
    });
    assert!(failed.is_err());
    for table in ["runs", "run_logs", "outcomes", "cases", "case_actions"] {
        assert_eq!(
            count(&conn, &format!("SELECT COUNT(*) FROM {table}")),
            0,
            "{table}"
        );
    }
    assert_eq!(
        count(&conn, "SELECT COUNT(*) FROM audit_events"),
        events_before
    );
    // The same run committed: every step is there.
    let report = ww_store::with_tx(&mut conn, |tx| {
        execute_within(tx, &Overdue, &audiogram(), &opts)
    })
    .unwrap();
    assert_eq!(report.status, RunStatus::Completed);
    assert_eq!(report.timings.batches, 2);
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM outcomes"), 2);
    assert_eq!(
        count(&conn, "SELECT COUNT(*) FROM cases WHERE status = 'OPEN'"),
        2
    );
    assert_eq!(
        count(
            &conn,
            "SELECT COUNT(*) FROM runs WHERE status = 'COMPLETED'"
        ),
        1
    );
}

#[test]
fn a_run_gives_the_callers_connection_its_settings_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = database(&dir, 3);
    conn.pragma_update(None, "cache_size", -4096).unwrap();
    conn.pragma_update(None, "wal_autocheckpoint", 500).unwrap();
    let cancel = AtomicBool::new(false);
    let opts = RunOptions {
        cancel: &cancel,
        progress: &NoProgress,
        batch_size: 2,
    };
    let report = execute(&mut conn, &Overdue, &audiogram(), &opts).unwrap();
    assert_eq!(report.status, RunStatus::Completed);
    assert_eq!(count(&conn, "PRAGMA cache_size"), -4096);
    assert_eq!(count(&conn, "PRAGMA wal_autocheckpoint"), 500);
}

#[test]
fn a_failed_batch_within_a_transaction_is_rolled_back_to_its_savepoint() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = database(&dir, 2);
    // The second employee's outcome is refused by the store.
    conn.execute_batch(
        "CREATE TEMP TRIGGER refuse_e1 BEFORE INSERT ON outcomes \
         WHEN NEW.employee_id = (SELECT id FROM employees WHERE external_id = 'E1') \
         BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;",
    )
    .unwrap();
    let cancel = AtomicBool::new(false);
    let opts = RunOptions {
        cancel: &cancel,
        progress: &NoProgress,
        batch_size: 1,
    };
    // The caller commits what the run left: the first batch whole, nothing of the second,
    // and the run recorded FAILED.
    let err = ww_store::with_tx(&mut conn, |tx| {
        let outcome = execute_within(tx, &Overdue, &audiogram(), &opts);
        Ok::<_, crate::Error>(outcome.unwrap_err())
    })
    .unwrap();
    assert!(err.to_string().contains("refused by the test"), "{err}");
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM outcomes"), 1);
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM cases"), 1);
    assert_eq!(
        count(&conn, "SELECT COUNT(*) FROM runs WHERE status = 'FAILED'"),
        1
    );
}
