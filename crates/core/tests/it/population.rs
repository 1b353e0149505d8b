//! QA review 2 regressions of the run/case rules: future as-of dates (G23), the per-employee
//! back-dated rule (G1/G23), employees leaving a population (G3) and evaluation errors (G21).

use crate::support::{audiogram, run, Db, Script, Scripted};
use std::sync::atomic::AtomicBool;
use ww_core::run::{execute, NoProgress, RunOptions, RunRequest};
use ww_store::cases::{self, CLOSED_BY_SYSTEM};
use ww_store::enums::{CaseStatus, OutcomeStatus};
use ww_store::ids::EmployeeId;
use ww_store::seed::catalog::MV_AUDIOGRAM;

fn case(db: &Db, e: EmployeeId, period: &str) -> Option<cases::Case> {
    cases::get_by_key(&db.conn, e, MV_AUDIOGRAM, period).unwrap()
}

fn try_run(db: &mut Db, ev: &Scripted, req: &RunRequest) -> ww_core::Result<()> {
    let cancel = AtomicBool::new(false);
    let opts = RunOptions {
        cancel: &cancel,
        progress: &NoProgress,
        batch_size: 2,
    };
    execute(&mut db.conn, ev, req, &opts).map(|_| ())
}

/// QA G23: a non-dry run as of a future date closed the whole worklist; it is refused, and
/// the same date is still allowed as a dry run.
#[test]
fn future_as_of_is_refused_for_a_non_dry_run() {
    let mut db = Db::new();
    let ev = Scripted::default();
    db.employee("e1");
    ev.set("e1", Script::Status("OVERDUE", None, Some(10)));
    let today = ww_core::run::today(&db.conn).unwrap();
    let tomorrow = today.succ_opt().unwrap();
    let req = RunRequest {
        measure: Some(ww_store::seed::catalog::M_AUDIOGRAM),
        ..RunRequest::all_programs(tomorrow)
    };
    let err = try_run(&mut db, &ev, &req).unwrap_err().to_string();
    assert_eq!(
        err,
        format!(
            "the as-of date {tomorrow} is after today ({today} in the \
             organisation's time zone): a future as-of date is only allowed for a dry run \
             (--dry-run), which changes no case; no run was started"
        )
    );
    assert_eq!(db.count("SELECT COUNT(*) FROM runs"), 0);
    assert_eq!(db.count("SELECT COUNT(*) FROM cases"), 0);
    try_run(
        &mut db,
        &ev,
        &RunRequest {
            dry_run: true,
            ..req
        },
    )
    .unwrap();
    assert_eq!(db.count("SELECT COUNT(*) FROM runs WHERE dry_run = 1"), 1);
    assert_eq!(db.count("SELECT COUNT(*) FROM cases"), 0);
    // Today itself is a normal run.
    let today_req = RunRequest {
        measure: Some(ww_store::seed::catalog::M_AUDIOGRAM),
        ..RunRequest::all_programs(today)
    };
    try_run(&mut db, &ev, &today_req).unwrap();
    assert_eq!(db.count("SELECT COUNT(*) FROM cases"), 1);
}

/// QA G1/G23: one employee's run in a later cycle made every other employee's cases
/// "back-dated". The rule is per employee now.
#[test]
fn back_dated_rule_is_per_employee_not_per_measure() {
    let mut db = Db::new();
    let ev = Scripted::default();
    let e1 = db.employee("e1");
    let e2 = db.employee("e2");
    ev.set("e1", Script::Status("OVERDUE", None, Some(10)));
    ev.set("e2", Script::Status("OVERDUE", None, Some(10)));
    run(&mut db, &ev, &audiogram("2025-06-01"));
    // Only e1 is evaluated in 2026.
    run(
        &mut db,
        &ev,
        &RunRequest {
            employee: Some("e1".into()),
            ..audiogram("2026-03-01")
        },
    );
    assert_eq!(case(&db, e1, "2025").unwrap().status, CaseStatus::Resolved);
    // e2 became compliant within 2025: a 2025 run still resolves e2's case, and leaves e1's
    // 2025 case (e1 has a newer cycle) alone.
    ev.set("e2", Script::Status("COMPLIANT", Some("2025-07-01"), None));
    ev.set("e1", Script::Status("OVERDUE", None, Some(40)));
    let back = run(&mut db, &ev, &audiogram("2025-07-15"));
    let c2 = case(&db, e2, "2025").unwrap();
    assert_eq!(c2.status, CaseStatus::Resolved);
    assert_eq!(c2.last_run_id, back.run_id);
    let c1 = case(&db, e1, "2025").unwrap();
    assert_eq!(c1.status, CaseStatus::Resolved, "not reopened");
    assert_ne!(c1.last_run_id, back.run_id);
    assert_eq!(back.case_totals().resolved, 1);
    assert_eq!(back.case_totals().updated, 0);
}

/// QA G3: an employee who left the population (deactivated, or the rule leaves them out)
/// kept an OPEN case forever; the run now closes it by the system with the reason.
#[test]
fn employee_leaving_the_population_has_the_open_case_closed() {
    let mut db = Db::new();
    let ev = Scripted::default();
    let e1 = db.employee("e1");
    let e2 = db.employee("e2");
    let e3 = db.employee("e3");
    for e in ["e1", "e2", "e3"] {
        ev.set(e, Script::Status("OVERDUE", None, Some(10)));
    }
    run(&mut db, &ev, &audiogram("2026-05-06"));
    assert_eq!(
        db.count("SELECT COUNT(*) FROM cases WHERE status = 'OPEN'"),
        3
    );
    // e1 is deactivated, e2 moves to an office role; the measure leaves both out. e3 stays.
    db.conn
        .execute(
            "UPDATE employees SET active = 0 WHERE external_id = 'e1'",
            [],
        )
        .unwrap();
    db.conn
        .execute(
            "UPDATE employees SET role = 'Office Administrator' WHERE external_id = 'e2'",
            [],
        )
        .unwrap();
    ev.set("e1", Script::Outside);
    ev.set("e2", Script::Outside);
    let dry = run(
        &mut db,
        &ev,
        &RunRequest {
            dry_run: true,
            ..audiogram("2026-05-07")
        },
    );
    assert_eq!(dry.case_totals().population_closed, 2);
    assert_eq!(
        db.count("SELECT COUNT(*) FROM cases WHERE status = 'OPEN'"),
        3,
        "a dry run closes nothing"
    );
    let r = run(&mut db, &ev, &audiogram("2026-05-07"));
    assert_eq!(r.case_totals().population_closed, 2);
    let c1 = case(&db, e1, "2026").unwrap();
    assert_eq!(c1.status, CaseStatus::Resolved);
    assert_eq!(c1.closed_by.as_deref(), Some(CLOSED_BY_SYSTEM));
    assert_eq!(
        c1.closed_reason.unwrap(),
        format!(
            "no longer in the population: inactive; closed by run {}",
            r.run_id
        )
    );
    let c2 = case(&db, e2, "2026").unwrap();
    assert_eq!(c2.status, CaseStatus::Resolved);
    assert!(c2
        .closed_reason
        .unwrap()
        .starts_with("no longer in the population: role Office Administrator not eligible"),);
    assert_eq!(case(&db, e3, "2026").unwrap().status, CaseStatus::Open);
    assert_eq!(
        db.count(&format!(
            "SELECT COUNT(*) FROM audit_events WHERE event_type = 'CASE_RESOLVED' \
             AND ref_run_id = '{}'",
            r.run_id
        )),
        2
    );
    // A second run finds nothing more to close; back in the population -> reopened.
    let again = run(&mut db, &ev, &audiogram("2026-05-08"));
    assert_eq!(again.case_totals().population_closed, 0);
    db.conn
        .execute(
            "UPDATE employees SET active = 1 WHERE external_id = 'e1'",
            [],
        )
        .unwrap();
    ev.set("e1", Script::Status("OVERDUE", None, Some(12)));
    run(&mut db, &ev, &audiogram("2026-05-09"));
    assert_eq!(case(&db, e1, "2026").unwrap().status, CaseStatus::Open);
}

/// QA G21: a failed evaluation opened a MISSING_DATA case (and an outreach "no record on
/// file"). It now leaves the case alone; the outcome and the run log keep the failure.
#[test]
fn evaluation_error_opens_or_changes_no_case() {
    let mut db = Db::new();
    let ev = Scripted::default();
    let e1 = db.employee("e1");
    let e2 = db.employee("e2");
    ev.set("e1", Script::Fail("Date(2022, 13, 1): month 13"));
    ev.set("e2", Script::Status("OVERDUE", None, Some(10)));
    let first = run(&mut db, &ev, &audiogram("2026-05-06"));
    assert_eq!(first.partial_failure_count, 1);
    assert!(
        case(&db, e1, "2026").is_none(),
        "no case from an engine error"
    );
    let stored: OutcomeStatus = db
        .conn
        .query_row(
            "SELECT status FROM outcomes WHERE employee_id = ?1",
            [e1],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, OutcomeStatus::MissingData);
    // An open case is not turned into MISSING_DATA by a later failure either.
    ev.set("e2", Script::Fail("boom"));
    let second = run(&mut db, &ev, &audiogram("2026-05-07"));
    let c2 = case(&db, e2, "2026").unwrap();
    assert_eq!(c2.current_outcome_status, OutcomeStatus::Overdue);
    assert_eq!(c2.last_run_id, first.run_id);
    let log = ww_store::runs::list_logs(&db.conn, second.run_id).unwrap();
    assert!(log
        .iter()
        .any(|l| l.message.starts_with("Evaluation failed for e2")
            && l.message.ends_with("case left unchanged)")));
}

/// QA G11: the latest outcome (case evidence, outreach, packets) came from a later dry run,
/// a projection that never counts.
#[test]
fn latest_outcome_ignores_dry_runs() {
    let mut db = Db::new();
    let ev = Scripted::default();
    let e1 = db.employee("e1");
    ev.set("e1", Script::Status("OVERDUE", None, Some(10)));
    let real = run(&mut db, &ev, &audiogram("2026-05-06"));
    ev.set("e1", Script::Status("COMPLIANT", Some("2026-05-07"), None));
    run(
        &mut db,
        &ev,
        &RunRequest {
            dry_run: true,
            ..audiogram("2026-05-08")
        },
    );
    let latest = ww_store::outcomes::latest_for(&db.conn, e1, MV_AUDIOGRAM, "2026")
        .unwrap()
        .unwrap();
    assert_eq!(latest.run_id, real.run_id);
    assert_eq!(latest.status, OutcomeStatus::Overdue);
}
