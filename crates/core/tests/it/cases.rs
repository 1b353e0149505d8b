//! Case upsert through runs (DOMAIN.md section 5 and the contract's Run A / B / C example).

use crate::support::{audiogram, run, Db, Script, Scripted};
use ww_store::cases::{self, CLOSED_BY_SYSTEM};
use ww_store::enums::{CaseStatus, OutcomeStatus, Priority};
use ww_store::ids::EmployeeId;
use ww_store::seed::catalog::MV_AUDIOGRAM;

fn case(db: &Db, e: EmployeeId, period: &str) -> Option<cases::Case> {
    cases::get_by_key(&db.conn, e, MV_AUDIOGRAM, period).unwrap()
}

fn case_events(db: &Db) -> i64 {
    db.count("SELECT COUNT(*) FROM audit_events WHERE event_type LIKE 'CASE_%'")
}

#[test]
fn contract_run_a_b_c_example() {
    let mut db = Db::new();
    let ev = Scripted::default();
    let e = db.employee("emp-006");
    // Run A: OVERDUE, no case -> insert OPEN / HIGH.
    ev.set(
        "emp-006",
        Script::Status("OVERDUE", Some("2025-03-10"), Some(57)),
    );
    let a = run(&mut db, &ev, &audiogram("2026-05-06"));
    let c = case(&db, e, "2026").expect("Run A opens a case");
    assert_eq!(c.status, CaseStatus::Open);
    assert_eq!(c.priority, Priority::High);
    assert_eq!(c.last_run_id, a.run_id);
    assert_eq!(
        c.next_action.as_deref(),
        Some("Schedule the audiogram now: it is 57 days overdue.")
    );
    assert_eq!(a.measures[0].cases.opened, 1);
    // Run B: OVERDUE again -> same row refreshed, no duplicate.
    let b = run(&mut db, &ev, &audiogram("2026-05-06"));
    let c2 = case(&db, e, "2026").unwrap();
    assert_eq!(c2.id, c.id);
    assert_eq!(c2.last_run_id, b.run_id);
    assert_eq!(db.count("SELECT COUNT(*) FROM cases"), 1);
    // Run C: COMPLIANT -> RESOLVED with closed_at.
    ev.set(
        "emp-006",
        Script::Status("COMPLIANT", Some("2026-05-01"), None),
    );
    let r = run(&mut db, &ev, &audiogram("2026-05-06"));
    let c3 = case(&db, e, "2026").unwrap();
    assert_eq!(c3.status, CaseStatus::Resolved);
    assert_eq!(c3.current_outcome_status, OutcomeStatus::Compliant);
    assert_eq!(c3.closed_by.as_deref(), Some(CLOSED_BY_SYSTEM));
    let closed_at = c3.closed_at.clone().expect("closed_at set");
    assert_eq!(r.measures[0].cases.resolved, 1);
    // Another COMPLIANT run: closed_at does not drift.
    run(&mut db, &ev, &audiogram("2026-05-06"));
    assert_eq!(case(&db, e, "2026").unwrap().closed_at.unwrap(), closed_at);
}

#[test]
fn second_identical_run_creates_no_case_and_no_audit() {
    let mut db = Db::new();
    let ev = Scripted::default();
    db.employee("e1");
    db.employee("e2");
    ev.set(
        "e1",
        Script::Status("OVERDUE", Some("2025-01-02"), Some(120)),
    );
    ev.set("e2", Script::Status("MISSING_DATA", None, None));
    run(&mut db, &ev, &audiogram("2026-05-06"));
    let cases_after_first = db.count("SELECT COUNT(*) FROM cases");
    let events_after_first = case_events(&db);
    assert_eq!(cases_after_first, 2);
    assert_eq!(events_after_first, 2);
    let second = run(&mut db, &ev, &audiogram("2026-05-06"));
    assert_eq!(db.count("SELECT COUNT(*) FROM cases"), 2);
    assert_eq!(
        case_events(&db),
        events_after_first,
        "unchanged outcomes are not audited"
    );
    assert_eq!(second.measures[0].cases.opened, 0);
    // QA G10: nothing changed, so nothing counts as "updated"; the two refreshes are apart.
    assert_eq!(second.measures[0].cases.updated, 0);
    assert_eq!(second.measures[0].cases.refreshed, 2);
}

/// QA G10: the summary's "updated" counts only real changes (an outcome that changed, or a
/// reopened case); refreshes with the same outcome are counted as "refreshed".
#[test]
fn summary_counts_only_real_case_changes_as_updated() {
    let mut db = Db::new();
    let ev = Scripted::default();
    db.employee("e1");
    db.employee("e2");
    ev.set("e1", Script::Status("DUE_SOON", Some("2025-06-01"), None));
    ev.set("e2", Script::Status("DUE_SOON", Some("2025-06-01"), None));
    run(&mut db, &ev, &audiogram("2026-05-06"));
    ev.set("e1", Script::Status("OVERDUE", Some("2025-06-01"), Some(3)));
    let second = run(&mut db, &ev, &audiogram("2026-05-06"));
    assert_eq!(second.measures[0].cases.updated, 1);
    assert_eq!(second.measures[0].cases.refreshed, 1);
    let log: Vec<String> = ww_store::runs::list_logs(&db.conn, second.run_id)
        .unwrap()
        .into_iter()
        .map(|l| l.message)
        .collect();
    assert!(
        log.iter().any(|l| l.starts_with(
            "Cases: 0 opened, 1 updated (outcome changed or reopened), 1 refreshed (same outcome, no change recorded)"
        )),
        "{log:#?}"
    );
}

#[test]
fn daily_runs_in_one_cycle_update_one_case() {
    // Lesson (DOMAIN.md section 5): keying on the run date left thousands of stale open cases.
    let mut db = Db::new();
    let ev = Scripted::default();
    let e = db.employee("e1");
    ev.set("e1", Script::Status("OVERDUE", Some("2025-01-02"), Some(1)));
    for day in ["2026-03-01", "2026-03-02", "2026-03-03"] {
        run(&mut db, &ev, &audiogram(day));
    }
    assert_eq!(db.count("SELECT COUNT(*) FROM cases"), 1);
    assert!(case(&db, e, "2026").is_some());
}

#[test]
fn refresh_keeps_in_progress_and_assignee_and_audits_changed_outcome() {
    let mut db = Db::new();
    let ev = Scripted::default();
    let e = db.employee("e1");
    ev.set("e1", Script::Status("DUE_SOON", Some("2025-05-20"), None));
    run(&mut db, &ev, &audiogram("2026-05-06"));
    let mut c = case(&db, e, "2026").unwrap();
    c.status = CaseStatus::InProgress;
    c.assignee = Some("nurse.kim".into());
    cases::update(&db.conn, &c).unwrap();
    let before = case_events(&db);
    ev.set("e1", Script::Status("OVERDUE", Some("2025-05-20"), Some(3)));
    run(&mut db, &ev, &audiogram("2026-05-23"));
    let c = case(&db, e, "2026").unwrap();
    assert_eq!(c.status, CaseStatus::InProgress);
    assert_eq!(c.assignee.as_deref(), Some("nurse.kim"));
    assert_eq!(c.current_outcome_status, OutcomeStatus::Overdue);
    assert_eq!(c.priority, Priority::High);
    assert_eq!(case_events(&db), before + 1);
}

#[test]
fn system_closed_case_reopens_but_person_closed_case_is_left_alone() {
    let mut db = Db::new();
    let ev = Scripted::default();
    let sys = db.employee("sys");
    let person = db.employee("person");
    for id in ["sys", "person"] {
        ev.set(id, Script::Status("OVERDUE", Some("2025-01-02"), Some(9)));
    }
    run(&mut db, &ev, &audiogram("2026-05-06"));
    for id in ["sys", "person"] {
        ev.set(id, Script::Status("COMPLIANT", Some("2026-05-01"), None));
    }
    run(&mut db, &ev, &audiogram("2026-05-06"));
    let mut p = case(&db, person, "2026").unwrap();
    p.status = CaseStatus::Closed;
    p.closed_by = Some("safety.officer".into());
    p.closed_reason = Some("Handled on paper".into());
    cases::update(&db.conn, &p).unwrap();
    for id in ["sys", "person"] {
        ev.set(id, Script::Status("OVERDUE", Some("2025-01-02"), Some(20)));
    }
    let r = run(&mut db, &ev, &audiogram("2026-05-06"));
    let s = case(&db, sys, "2026").unwrap();
    assert_eq!(s.status, CaseStatus::Open);
    assert_eq!(s.closed_at, None);
    assert_eq!(s.closed_by, None);
    let p = case(&db, person, "2026").unwrap();
    assert_eq!(p.status, CaseStatus::Closed);
    assert_eq!(p.closed_by.as_deref(), Some("safety.officer"));
    assert_eq!(r.measures[0].cases.updated, 1);
    assert_eq!(
        db.count("SELECT COUNT(*) FROM audit_events WHERE event_type = 'CASE_REOPENED'"),
        1
    );
}

#[test]
fn excluded_outcome_inserts_an_excluded_case() {
    let mut db = Db::new();
    let ev = Scripted::default();
    let e = db.employee("e1");
    ev.set("e1", Script::Status("EXCLUDED", None, None));
    let r = run(&mut db, &ev, &audiogram("2026-05-06"));
    let c = case(&db, e, "2026").unwrap();
    assert_eq!(c.status, CaseStatus::Excluded);
    assert_eq!(c.closed_by.as_deref(), Some(CLOSED_BY_SYSTEM));
    assert_eq!(r.measures[0].cases.excluded, 1);
    // The exemption ends: the system-closed EXCLUDED case reopens.
    ev.set("e1", Script::Status("MISSING_DATA", None, None));
    run(&mut db, &ev, &audiogram("2026-05-07"));
    assert_eq!(case(&db, e, "2026").unwrap().status, CaseStatus::Open);
}

#[test]
fn new_cycle_run_closes_older_cycle_cases() {
    let mut db = Db::new();
    let ev = Scripted::default();
    let e = db.employee("e1");
    ev.set(
        "e1",
        Script::Status("OVERDUE", Some("2024-01-02"), Some(100)),
    );
    run(&mut db, &ev, &audiogram("2025-06-01"));
    let r = run(&mut db, &ev, &audiogram("2026-01-10"));
    let old = case(&db, e, "2025").unwrap();
    assert_eq!(old.status, CaseStatus::Resolved);
    assert_eq!(old.closed_by.as_deref(), Some(CLOSED_BY_SYSTEM));
    assert!(old.closed_reason.unwrap().starts_with("cycle 2026 began"));
    assert_eq!(case(&db, e, "2026").unwrap().status, CaseStatus::Open);
    assert_eq!(r.measures[0].cases.cycle_closed, 1);
    assert_eq!(
        db.count("SELECT COUNT(*) FROM case_actions WHERE action_type = 'CYCLE_CLOSED'"),
        1
    );
    // A run with a past as-of date leaves the newer cycle alone.
    run(&mut db, &ev, &audiogram("2025-06-02"));
    assert_eq!(case(&db, e, "2026").unwrap().status, CaseStatus::Open);
}

#[test]
fn case_changes_are_audited_in_the_ledger_with_the_run() {
    let mut db = Db::new();
    let ev = Scripted::default();
    db.employee("e1");
    ev.set("e1", Script::Status("OVERDUE", Some("2025-01-02"), Some(9)));
    let r = run(&mut db, &ev, &audiogram("2026-05-06"));
    let events = ww_store::audit_events::list_for_run(&db.conn, r.run_id).unwrap();
    let kinds: Vec<&str> = events.iter().map(|e| e.event_type.as_str()).collect();
    assert_eq!(kinds, ["RUN_STARTED", "CASE_CREATED", "RUN_COMPLETED"]);
    for e in &events {
        assert_eq!(e.expected_hash(), e.hash);
    }
}

/// QA F13: a run whose cycle is older than the newest evaluated cycle of the measure records
/// its outcomes but opens, reopens and changes no case, and its log says so.
#[test]
fn back_dated_run_opens_no_case_for_a_past_cycle() {
    let mut db = Db::new();
    let ev = Scripted::default();
    let e1 = db.employee("e1");
    let e2 = db.employee("e2");
    ev.set(
        "e1",
        Script::Status("OVERDUE", Some("2024-01-02"), Some(100)),
    );
    ev.set("e2", Script::Status("COMPLIANT", Some("2026-02-01"), None));
    run(&mut db, &ev, &audiogram("2025-06-01"));
    let current = run(&mut db, &ev, &audiogram("2026-05-06"));
    let closed_2025 = case(&db, e1, "2025").unwrap();
    assert_eq!(closed_2025.status, CaseStatus::Resolved, "cycle 2026 began");
    let open_2026 = case(&db, e1, "2026").unwrap();
    assert_eq!(open_2026.status, CaseStatus::Open);

    // Looking back: both were overdue in 2024.
    ev.set(
        "e2",
        Script::Status("OVERDUE", Some("2022-01-02"), Some(400)),
    );
    let cases_before = db.count("SELECT COUNT(*) FROM cases");
    let events_before = case_events(&db);
    let back = run(&mut db, &ev, &audiogram("2024-03-01"));
    assert_eq!(back.measures[0].evaluated, 2, "outcomes are still recorded");
    assert_eq!(
        db.count(&format!(
            "SELECT COUNT(*) FROM outcomes WHERE run_id = '{}' AND evaluation_period = '2024'",
            back.run_id
        )),
        2
    );
    assert_eq!(back.case_totals().opened, 0);
    assert_eq!(back.case_totals().updated, 0);
    assert_eq!(db.count("SELECT COUNT(*) FROM cases"), cases_before);
    assert_eq!(case_events(&db), events_before);
    assert!(case(&db, e2, "2024").is_none());
    let log = ww_store::runs::list_logs(&db.conn, back.run_id).unwrap();
    let note: Vec<&str> = log
        .iter()
        .filter(|l| l.message.starts_with(ww_core::cases::BACK_DATED))
        .map(|l| l.message.as_str())
        .collect();
    assert_eq!(
        note,
        ["Back-dated run: Hearing Conservation: Annual Audiogram v1.0: cycle 2024 is older than a cycle already evaluated for some employees (newest 2026); their outcomes are recorded, but their cases are not opened, reopened, updated or closed."]
    );

    // A back-dated run into a cycle with a system-closed case does not reopen it, and the
    // current cycle's case keeps its last run.
    run(&mut db, &ev, &audiogram("2025-06-02"));
    assert_eq!(case(&db, e1, "2025").unwrap().status, CaseStatus::Resolved);
    assert_eq!(case(&db, e1, "2026").unwrap().last_run_id, current.run_id);
    // A dry run back then would change nothing either.
    let dry = run(
        &mut db,
        &ev,
        &ww_core::run::RunRequest {
            dry_run: true,
            ..audiogram("2024-03-01")
        },
    );
    assert_eq!(dry.case_totals().opened, 0);
    // The current cycle still works as before.
    let again = run(&mut db, &ev, &audiogram("2026-05-07"));
    assert_eq!(again.case_totals().opened, 1, "e2 is overdue now too");
}
