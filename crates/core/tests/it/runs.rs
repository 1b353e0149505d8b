//! Run lifecycle, scopes, failures, dry runs, cancellation and recovery (DOMAIN.md section 4).

use crate::support::{audiogram, date, run, Db, Script, Scripted};
use std::sync::atomic::{AtomicBool, Ordering};
use ww_core::run::{execute, recover_interrupted_runs, RunOptions, RunProgress, RunRequest};
use ww_store::enums::{LogLevel, RunStatus, ScopeType};
use ww_store::ids::RunId;
use ww_store::runs;
use ww_store::seed::catalog::MV_AUDIOGRAM;

fn logs(db: &Db, id: RunId) -> Vec<String> {
    runs::list_logs(&db.conn, id)
        .unwrap()
        .into_iter()
        .map(|l| format!("{} {}", l.level, l.message))
        .collect()
}

#[test]
fn lifecycle_logs_scope_and_period() {
    let mut db = Db::new();
    let ev = Scripted::default();
    db.employee("e1");
    ev.set("e1", Script::Status("COMPLIANT", Some("2026-01-02"), None));
    let r = run(&mut db, &ev, &audiogram("2026-05-06"));
    assert_eq!(r.status, RunStatus::Completed);
    let stored = runs::get(&db.conn, r.run_id).unwrap().unwrap();
    assert_eq!(stored.scope_type, ScopeType::Measure);
    assert_eq!(stored.scope_id, Some(MV_AUDIOGRAM.to_string()));
    assert_eq!(stored.measurement_period_start, "2025-05-06T00:00:00.000Z");
    assert_eq!(stored.measurement_period_end, "2026-05-06T23:59:59.999Z");
    assert_eq!(stored.requested_scope_json["asOf"], "2026-05-06");
    assert_eq!(stored.total_evaluated, Some(1));
    assert_eq!(stored.compliant, Some(1));
    assert!(stored.duration_ms.unwrap() >= 0);
    assert!(stored.completed_at.is_some());
    let l = logs(&db, r.run_id);
    assert!(l[0].starts_with("INFO A run requested by local-user: scope MEASURE"));
    assert_eq!(l[1], "INFO Queued: 1 measure(s) for 1 employee(s).");
    assert_eq!(
        l[2],
        "INFO Running: 1 evaluation(s) in batches of 2 employees."
    );
    assert!(l.last().unwrap().starts_with("INFO Run COMPLETED after "));
}

#[test]
fn run_duration_is_wall_clock_from_start_to_finish() {
    // Lesson (DOMAIN.md section 4): duration_ms is the wall clock, not a sum of parts.
    struct Slow(Scripted);
    impl ww_core::evaluator::MeasureEvaluator for Slow {
        type Compiled = ();
        type Error = crate::support::ScriptError;
        fn compile(&self, cql: &str) -> Result<(), Self::Error> {
            self.0.compile(cql)
        }
        fn evaluate(
            &self,
            c: &(),
            i: &ww_core::evaluator::EvaluationInput<'_>,
        ) -> Result<Vec<ww_core::interpret::DefineResult>, Self::Error> {
            std::thread::sleep(std::time::Duration::from_millis(60));
            self.0.evaluate(c, i)
        }
    }
    let mut db = Db::new();
    let slow = Slow(Scripted::default());
    db.employee("e1");
    slow.0
        .set("e1", Script::Status("COMPLIANT", Some("2026-01-02"), None));
    let cancel = AtomicBool::new(false);
    let opts = RunOptions {
        cancel: &cancel,
        progress: &ww_core::run::NoProgress,
        batch_size: 0,
    };
    let started = std::time::Instant::now();
    let r = execute(&mut db.conn, &slow, &audiogram("2026-05-06"), &opts).unwrap();
    let outer = started.elapsed().as_millis() as i64;
    assert!(r.duration_ms >= 60, "{}", r.duration_ms);
    assert!(r.duration_ms <= outer);
}

#[test]
fn employees_outside_population_get_no_outcome_and_are_counted() {
    // Lesson (DOMAIN.md section 1): evaluating everyone made office staff MISSING_DATA.
    let mut db = Db::new();
    let ev = Scripted::default();
    db.employee("in");
    db.employee("office");
    ev.set("in", Script::Status("MISSING_DATA", None, None));
    ev.set("office", Script::Outside);
    let r = run(&mut db, &ev, &audiogram("2026-05-06"));
    assert_eq!(r.measures[0].evaluated, 1);
    assert_eq!(r.measures[0].outside_population, 1);
    assert_eq!(db.count("SELECT COUNT(*) FROM outcomes"), 1);
    assert!(logs(&db, r.run_id)
        .iter()
        .any(|l| l.contains("1 outside the population (not evaluated, no outcome)")));
}

#[test]
fn one_employee_failure_makes_missing_data_and_partial_failure() {
    // Lesson (DOMAIN.md section 4): the run continues and ends PARTIAL_FAILURE.
    let mut db = Db::new();
    let ev = Scripted::default();
    for id in ["a", "b", "c"] {
        db.employee(id);
    }
    ev.set("a", Script::Status("COMPLIANT", Some("2026-01-02"), None));
    ev.set("b", Script::Fail("retrieve failed: disk I/O error"));
    ev.set("c", Script::Status("OVERDUE", Some("2025-01-02"), Some(9)));
    let r = run(&mut db, &ev, &audiogram("2026-05-06"));
    assert_eq!(r.status, RunStatus::PartialFailure);
    assert_eq!(r.partial_failure_count, 1);
    let stored = runs::get(&db.conn, r.run_id).unwrap().unwrap();
    assert_eq!(stored.partial_failure_count, 1);
    assert_eq!(stored.total_evaluated, Some(3));
    let evidence: String = db
        .conn
        .query_row(
            "SELECT o.evidence_json FROM outcomes o JOIN employees e ON e.id = o.employee_id \
             WHERE e.external_id = 'b'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let evidence: serde_json::Value = serde_json::from_str(&evidence).unwrap();
    assert_eq!(evidence["evaluationError"], "CQL engine failure");
    assert_eq!(evidence["message"], "retrieve failed: disk I/O error");
    assert!(logs(&db, r.run_id)
        .contains(&"WARN Evaluation failed for b on Hearing Conservation: Annual Audiogram: retrieve failed: disk I/O error (outcome recorded as MISSING_DATA with the error in its evidence; case left unchanged)".to_string()));
}

#[test]
fn dry_run_stores_outcomes_reports_impact_and_touches_no_case() {
    let mut db = Db::new();
    let ev = Scripted::default();
    db.employee("e1");
    db.employee("e2");
    ev.set("e1", Script::Status("OVERDUE", Some("2025-01-02"), Some(9)));
    ev.set("e2", Script::Status("EXCLUDED", None, None));
    let req = RunRequest {
        dry_run: true,
        ..audiogram("2026-05-06")
    };
    let r = run(&mut db, &ev, &req);
    assert!(r.dry_run);
    assert_eq!(db.count("SELECT COUNT(*) FROM cases"), 0);
    assert_eq!(db.count("SELECT COUNT(*) FROM case_actions"), 0);
    assert_eq!(db.count("SELECT COUNT(*) FROM outcomes"), 2);
    assert_eq!(r.measures[0].cases.opened, 1);
    assert_eq!(r.measures[0].cases.excluded, 1);
    let stored = runs::get(&db.conn, r.run_id).unwrap().unwrap();
    assert!(stored.dry_run);
    assert!(logs(&db, r.run_id).iter().any(|l| l.contains(
        "Dry run: no case was changed; the run would have opened 1, updated 0 (and refreshed 0 with the same outcome), resolved 0, excluded 1"
    )));
}

#[test]
fn scopes_follow_the_filters() {
    let mut db = Db::new();
    let ev = Scripted::default();
    db.employee("e1");
    ev.set("e1", Script::Status("COMPLIANT", Some("2026-01-02"), None));
    let all = run(&mut db, &ev, &RunRequest::all_programs(date("2026-05-06")));
    assert_eq!(all.measures.len(), 4);
    let stored = runs::get(&db.conn, all.run_id).unwrap().unwrap();
    assert_eq!(stored.scope_type, ScopeType::AllPrograms);
    assert_eq!(stored.scope_id, None);
    let emp = run(
        &mut db,
        &ev,
        &RunRequest {
            employee: Some("e1".into()),
            ..RunRequest::all_programs(date("2026-05-06"))
        },
    );
    let stored = runs::get(&db.conn, emp.run_id).unwrap().unwrap();
    assert_eq!(stored.scope_type, ScopeType::Employee);
    let site = run(
        &mut db,
        &ev,
        &RunRequest {
            site: Some("Plant A".into()),
            ..audiogram("2026-05-06")
        },
    );
    let stored = runs::get(&db.conn, site.run_id).unwrap().unwrap();
    assert_eq!(stored.scope_type, ScopeType::Site);
    assert_eq!(stored.site.as_deref(), Some("Plant A"));
    assert_eq!(stored.scope_id, Some(MV_AUDIOGRAM.to_string()));
    // Case scope: a rerun of one case.
    ev.set("e1", Script::Status("OVERDUE", Some("2025-01-02"), Some(9)));
    run(&mut db, &ev, &audiogram("2026-05-06"));
    let case_id: String = db
        .conn
        .query_row("SELECT id FROM cases", [], |r| r.get(0))
        .unwrap();
    let rerun = run(
        &mut db,
        &ev,
        &RunRequest {
            case: Some(case_id.parse().unwrap()),
            trigger: ww_store::enums::TriggerType::Rerun,
            ..RunRequest::all_programs(date("2026-05-06"))
        },
    );
    let stored = runs::get(&db.conn, rerun.run_id).unwrap().unwrap();
    assert_eq!(stored.scope_type, ScopeType::Case);
    assert_eq!(stored.total_evaluated, Some(1));
}

#[test]
fn bad_requests_are_refused_before_a_run_exists() {
    let mut db = Db::new();
    let ev = Scripted::default();
    db.employee("e1");
    let cancel = AtomicBool::new(false);
    let opts = RunOptions {
        cancel: &cancel,
        progress: &ww_core::run::NoProgress,
        batch_size: 0,
    };
    let e = execute(
        &mut db.conn,
        &ev,
        &RunRequest {
            employee: Some("nobody".into()),
            ..RunRequest::all_programs(date("2026-05-06"))
        },
        &opts,
    )
    .unwrap_err();
    assert_eq!(e.to_string(), "employee not found: nobody");
    let e = execute(
        &mut db.conn,
        &ev,
        &RunRequest {
            site: Some("Moon Base".into()),
            ..RunRequest::all_programs(date("2026-05-06"))
        },
        &opts,
    )
    .unwrap_err();
    assert_eq!(e.to_string(), "no employee works at site \"Moon Base\"");
    // QA F1: absurd as-of dates are refused before a run row is written.
    for as_of in ["9999-12-31", "0001-01-01", "1899-12-31"] {
        let e = execute(
            &mut db.conn,
            &ev,
            &RunRequest::all_programs(date(as_of)),
            &opts,
        )
        .unwrap_err();
        assert!(
            e.to_string().starts_with(&format!(
                "the as-of date {as_of} is outside the accepted range 1900-01-01 to "
            )),
            "{e}"
        );
    }
    assert_eq!(db.count("SELECT COUNT(*) FROM runs"), 0);
}

#[test]
fn compile_error_fails_the_run_with_a_summary() {
    let mut db = Db::new();
    let ev = Scripted::default();
    db.employee("e1");
    db.conn
        .execute(
            "UPDATE measure_versions SET cql_text = 'define x: 1' WHERE id = ?1",
            [MV_AUDIOGRAM],
        )
        .unwrap();
    crate::engine::forget_approval_hashes(&db);
    let r = run(&mut db, &ev, &audiogram("2026-05-06"));
    assert_eq!(r.status, RunStatus::Failed);
    assert!(r
        .failure_summary
        .unwrap()
        .ends_with("does not compile: 1:1: error: expected a library declaration"));
    assert_eq!(db.count("SELECT COUNT(*) FROM outcomes"), 0);
    assert_eq!(
        db.count("SELECT COUNT(*) FROM audit_events WHERE event_type = 'RUN_FAILED'"),
        1
    );
}

/// Sets the cancel flag once `after` employees are written.
struct CancelAfter<'a> {
    flag: &'a AtomicBool,
    after: u64,
    seen: std::sync::atomic::AtomicU64,
}

impl RunProgress for CancelAfter<'_> {
    fn start(&self, _total: u64) {}
    fn advance(&self, n: u64) {
        if self.seen.fetch_add(n, Ordering::SeqCst) + n >= self.after {
            self.flag.store(true, Ordering::SeqCst);
        }
    }
    fn finish(&self) {}
}

#[test]
fn ctrl_c_cancels_with_whole_batches_only() {
    let mut db = Db::new();
    let ev = Scripted::default();
    for i in 0..10 {
        let id = format!("e{i}");
        db.employee(&id);
        ev.set(&id, Script::Status("OVERDUE", Some("2025-01-02"), Some(9)));
    }
    let cancel = AtomicBool::new(false);
    let progress = CancelAfter {
        flag: &cancel,
        after: 4,
        seen: Default::default(),
    };
    let opts = RunOptions {
        cancel: &cancel,
        progress: &progress,
        batch_size: 2,
    };
    let r = execute(&mut db.conn, &ev, &audiogram("2026-05-06"), &opts).unwrap();
    assert_eq!(r.status, RunStatus::Cancelled);
    // Two whole batches of two employees were written, each with its case.
    assert_eq!(db.count("SELECT COUNT(*) FROM outcomes"), 4);
    assert_eq!(db.count("SELECT COUNT(*) FROM cases"), 4);
    assert_eq!(
        db.count("SELECT COUNT(*) FROM audit_events WHERE event_type = 'RUN_CANCELLED'"),
        1
    );
}

#[test]
fn terminal_run_accepts_no_more_writes() {
    // Lesson (DOMAIN.md section 4): a finished run accepts no more writes.
    let mut db = Db::new();
    let ev = Scripted::default();
    db.employee("e1");
    ev.set("e1", Script::Status("COMPLIANT", Some("2026-01-02"), None));
    let r = run(&mut db, &ev, &audiogram("2026-05-06"));
    let mut stored = runs::get(&db.conn, r.run_id).unwrap().unwrap();
    stored.status = RunStatus::Running;
    let e = runs::update_progress(&db.conn, &stored).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("run {} is COMPLETED and accepts no more writes", r.run_id)
    );
}

#[test]
fn runs_left_running_by_a_crash_are_failed_at_start_up() {
    let mut db = Db::new();
    let ev = Scripted::default();
    db.employee("e1");
    ev.set("e1", Script::Status("COMPLIANT", Some("2026-01-02"), None));
    let r = run(&mut db, &ev, &audiogram("2026-05-06"));
    // Simulate a crash: a copy of the run left RUNNING by a process that is gone (written
    // with SQL, so no process owns it).
    let crashed = crashed_copy(&db, r.run_id);
    let recovered = recover_interrupted_runs(&mut db.conn, "local-user").unwrap();
    assert_eq!(recovered, vec![crashed]);
    let after = runs::get(&db.conn, crashed).unwrap().unwrap();
    assert_eq!(after.status, RunStatus::Failed);
    assert!(after
        .failure_summary
        .unwrap()
        .starts_with("Interrupted: the run was RUNNING"));
    let last = runs::list_logs(&db.conn, crashed).unwrap().pop().unwrap();
    assert_eq!(last.level, LogLevel::Error);
    assert_eq!(
        db.count("SELECT COUNT(*) FROM audit_events WHERE event_type = 'RUN_RECOVERED'"),
        1
    );
    assert!(recover_interrupted_runs(&mut db.conn, "local-user")
        .unwrap()
        .is_empty());
}

#[test]
fn overlapping_runs_converge_on_one_case() {
    let db = Db::new();
    let ev = Scripted::default();
    for i in 0..20 {
        let id = format!("e{i}");
        db.employee(&id);
        ev.set(&id, Script::Status("OVERDUE", Some("2025-01-02"), Some(9)));
    }
    let path = std::path::PathBuf::from(db.conn.path().unwrap());
    std::thread::scope(|s| {
        for _ in 0..2 {
            let ev = &ev;
            let path = &path;
            s.spawn(move || {
                let mut conn = ww_store::reopen(path).unwrap();
                let cancel = AtomicBool::new(false);
                let opts = RunOptions {
                    cancel: &cancel,
                    progress: &ww_core::run::NoProgress,
                    batch_size: 3,
                };
                execute(&mut conn, ev, &audiogram("2026-05-06"), &opts).unwrap();
            });
        }
    });
    assert_eq!(db.count("SELECT COUNT(*) FROM cases"), 20);
    assert_eq!(db.count("SELECT COUNT(*) FROM outcomes"), 40);
    assert_eq!(
        db.count("SELECT COUNT(*) FROM audit_events WHERE event_type = 'CASE_CREATED'"),
        20
    );
}

/// A copy of run `of` left RUNNING with no owner, as a crashed process leaves it.
fn crashed_copy(db: &Db, of: RunId) -> RunId {
    let id = RunId::new();
    db.conn
        .execute(
            "INSERT INTO runs (id, scope_type, scope_id, site, trigger_type, status, triggered_by, \
             started_at, measurement_period_start, measurement_period_end, requested_scope_json, \
             partial_failure_count, dry_run) SELECT ?1, scope_type, scope_id, site, trigger_type, \
             'RUNNING', triggered_by, started_at, measurement_period_start, measurement_period_end, \
             requested_scope_json, 0, dry_run FROM runs WHERE id = ?2",
            rusqlite::params![id, of],
        )
        .unwrap();
    id
}

/// A progress sink that, after the first batch is written, lets `other` start and waits until
/// `other` says it got past its start-up recovery, so both runs are live at the same time.
struct Handshake<'a> {
    first: AtomicBool,
    started: &'a std::sync::Barrier,
    recovered: &'a std::sync::Barrier,
}

impl RunProgress for Handshake<'_> {
    fn start(&self, _total: u64) {}
    fn advance(&self, _n: u64) {
        if !self.first.swap(true, Ordering::SeqCst) {
            self.started.wait();
            self.recovered.wait();
        }
    }
    fn finish(&self) {}
}

/// QA F24: a second run's start-up recovery must not fail a first run that is still going;
/// both finish COMPLETED and their cases converge on one row per employee, measure and cycle.
#[test]
fn recovery_only_takes_runs_whose_owner_is_gone() {
    let db = Db::new();
    let ev = Scripted::default();
    for i in 0..30 {
        let id = format!("e{i}");
        db.employee(&id);
        ev.set(&id, Script::Status("OVERDUE", Some("2025-01-02"), Some(9)));
    }
    let first_run = run_without_owner(&db, &ev);
    let crashed = crashed_copy(&db, first_run);
    let path = std::path::PathBuf::from(db.conn.path().unwrap());
    let started = std::sync::Barrier::new(2);
    let recovered = std::sync::Barrier::new(2);
    let (a, b) = std::thread::scope(|s| {
        let first = s.spawn(|| {
            let mut conn = ww_store::reopen(&path).unwrap();
            // Nothing is live yet: the crashed copy is recovered here.
            let got = recover_interrupted_runs(&mut conn, "a").unwrap();
            assert_eq!(got, vec![crashed]);
            let cancel = AtomicBool::new(false);
            let progress = Handshake {
                first: AtomicBool::new(false),
                started: &started,
                recovered: &recovered,
            };
            let opts = RunOptions {
                cancel: &cancel,
                progress: &progress,
                batch_size: 4,
            };
            execute(&mut conn, &ev, &audiogram("2026-05-06"), &opts).unwrap()
        });
        let second = s.spawn(|| {
            started.wait();
            let mut conn = ww_store::reopen(&path).unwrap();
            let got = recover_interrupted_runs(&mut conn, "b").unwrap();
            recovered.wait();
            assert!(got.is_empty(), "the first run is live: {got:?}");
            let cancel = AtomicBool::new(false);
            let opts = RunOptions {
                cancel: &cancel,
                progress: &ww_core::run::NoProgress,
                batch_size: 4,
            };
            execute(&mut conn, &ev, &audiogram("2026-05-06"), &opts).unwrap()
        });
        (first.join().unwrap(), second.join().unwrap())
    });
    assert_eq!(a.status, RunStatus::Completed, "{:?}", a.failure_summary);
    assert_eq!(b.status, RunStatus::Completed, "{:?}", b.failure_summary);
    assert_eq!(
        db.count("SELECT COUNT(*) FROM audit_events WHERE event_type = 'RUN_RECOVERED'"),
        1,
        "only the crashed copy"
    );
    assert_eq!(db.count("SELECT COUNT(*) FROM cases"), 30);
    assert_eq!(
        db.count(
            "SELECT COUNT(*) FROM (SELECT DISTINCT employee_id, measure_version_id, evaluation_period FROM cases)"
        ),
        30
    );
    assert_eq!(
        db.count("SELECT COUNT(*) FROM outcomes WHERE run_id IN (SELECT id FROM runs WHERE status = 'COMPLETED')"),
        90
    );
}

/// One completed audiogram run (its outcomes and cases), returning its id.
fn run_without_owner(db: &Db, ev: &Scripted) -> RunId {
    let mut conn = ww_store::reopen(std::path::Path::new(db.conn.path().unwrap())).unwrap();
    let cancel = AtomicBool::new(false);
    let opts = RunOptions {
        cancel: &cancel,
        progress: &ww_core::run::NoProgress,
        batch_size: 0,
    };
    execute(&mut conn, ev, &audiogram("2026-05-06"), &opts)
        .unwrap()
        .run_id
}

/// QA G10: a run on a database with no employees ends with a hint to import a roster.
#[test]
fn run_without_employees_hints_to_import_a_roster() {
    let mut db = Db::new();
    let ev = Scripted::default();
    let r = run(&mut db, &ev, &RunRequest::all_programs(date("2026-05-06")));
    assert_eq!(r.status, RunStatus::Completed);
    assert_eq!(r.employees, 0);
    let l = logs(&db, r.run_id);
    assert!(
        l.iter()
            .any(|m| m == &format!("WARN {}", ww_core::run::NO_EMPLOYEES_HINT)),
        "{l:#?}"
    );
    assert!(ww_core::run::NO_EMPLOYEES_HINT.contains("workwell import employees"));
}

/// Takes an exclusive lock on the run's database file at the first evaluation and keeps it,
/// as another program writing to the file would.
struct LocksTheFile {
    path: std::path::PathBuf,
    held: std::sync::Mutex<Option<rusqlite::Connection>>,
}

impl ww_core::evaluator::MeasureEvaluator for LocksTheFile {
    type Compiled = ();
    type Error = std::convert::Infallible;

    fn compile(&self, _cql: &str) -> Result<(), Self::Error> {
        Ok(())
    }

    fn evaluate(
        &self,
        _c: &(),
        _input: &ww_core::evaluator::EvaluationInput<'_>,
    ) -> Result<Vec<ww_core::interpret::DefineResult>, Self::Error> {
        let mut held = self.held.lock().unwrap();
        if held.is_none() {
            let c = rusqlite::Connection::open(&self.path).unwrap();
            c.execute_batch("BEGIN EXCLUSIVE").unwrap();
            *held = Some(c);
        }
        let d = |n: &str, v: serde_json::Value| (n.to_string(), Ok(v));
        Ok(vec![
            d("In Population", serde_json::json!(true)),
            d("Outcome Status", serde_json::json!("MISSING_DATA")),
        ])
    }
}

/// QA G15: a run that stops on a locked database mid-way says which run it was and what its
/// committed batches kept, and is FAILED (here at the next start, since the lock outlives it).
#[test]
fn run_stopped_by_a_locked_database_names_the_run_and_what_was_kept() {
    let mut db = Db::new();
    db.employee("e1");
    db.employee("e2");
    let path = std::path::PathBuf::from(db.conn.path().unwrap());
    db.conn
        .busy_timeout(std::time::Duration::from_millis(200))
        .unwrap();
    let ev = LocksTheFile {
        path,
        held: std::sync::Mutex::new(None),
    };
    let cancel = AtomicBool::new(false);
    let opts = RunOptions {
        cancel: &cancel,
        progress: &ww_core::run::NoProgress,
        batch_size: 1,
    };
    let err = execute(&mut db.conn, &ev, &audiogram("2026-05-06"), &opts).unwrap_err();
    let ww_core::Error::RunStopped {
        run_id,
        recorded,
        kept,
        source,
    } = &err
    else {
        panic!("expected RunStopped, got {err}")
    };
    assert!(
        !recorded,
        "the lock is still held, so FAILED could not be written yet"
    );
    assert_eq!(
        kept,
        "kept: 0 outcome(s) and 0 case change(s) from the batches committed before the \
         error; nothing of the batch being written"
    );
    assert!(
        source.to_string().contains("database is locked"),
        "{source}"
    );
    assert!(err
        .to_string()
        .starts_with(&format!("run {run_id} stopped on a store error")));
    // The lock goes; the next start marks the run FAILED.
    drop(ev);
    db.conn
        .busy_timeout(std::time::Duration::from_secs(10))
        .unwrap();
    let run = runs::get(&db.conn, *run_id).unwrap().unwrap();
    assert_eq!(run.status, RunStatus::Running);
}
