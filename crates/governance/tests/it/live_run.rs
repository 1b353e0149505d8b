//! QA finding G24: activating a new version while a run of the measure is in progress split
//! the run's cases between the demoted and the new version (F7's doubling). Activation is
//! refused while a live run may evaluate the measure, and allowed once it has ended or when
//! the RUNNING row was left by a crashed process.

use crate::support::{active_count, db, AUDIOGRAM, AUDIOGRAM_V1};
use ww_governance::{compile, measures};
use ww_store::enums::{RunStatus, ScopeType, TriggerType};
use ww_store::ids::{MeasureVersionId, RunId};
use ww_store::runs::{self, Run};
use ww_store::seed::catalog::MV_FLU;
use ww_store::time::now_ts;

fn running(scope_type: ScopeType, scope_id: Option<MeasureVersionId>) -> Run {
    Run {
        id: RunId::new(),
        scope_type,
        scope_id: scope_id.map(|v| v.to_string()),
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
        measurement_period_start: "2025-03-02T00:00:00.000Z".into(),
        measurement_period_end: "2026-03-02T23:59:59.999Z".into(),
        requested_scope_json: serde_json::json!({}),
        failure_summary: None,
        partial_failure_count: 0,
        dry_run: false,
    }
}

fn approved_successor(d: &mut crate::support::Db) -> MeasureVersionId {
    let v = measures::new_version(&mut d.conn, AUDIOGRAM, "race with a run").unwrap();
    compile::compile(&mut d.conn, v.id).unwrap();
    measures::approve(&mut d.conn, v.id).unwrap();
    v.id
}

fn active_id(d: &crate::support::Db) -> MeasureVersionId {
    measures::active_version_id(&d.conn, AUDIOGRAM)
        .unwrap()
        .unwrap()
}

#[test]
fn activation_is_refused_while_a_run_of_the_measure_is_live_and_allowed_after_it() {
    let mut d = db();
    let v = approved_successor(&mut d);

    // A live ALL_PROGRAMS run owned by this process.
    let mut run = running(ScopeType::AllPrograms, None);
    runs::insert(&d.conn, &run).unwrap();
    let err = measures::activate(&mut d.conn, v).unwrap_err();
    assert_eq!(err.code(), "GATE");
    let msg = err.to_string();
    assert!(msg.contains(&run.id.to_string()), "{msg}");
    assert!(msg.contains("ALL_PROGRAMS"), "{msg}");
    assert!(msg.contains("is in progress"), "{msg}");
    assert_eq!(active_id(&d), AUDIOGRAM_V1, "nothing changed");
    assert_eq!(active_count(&d.conn, AUDIOGRAM), 1);

    // The run ends: activation goes through.
    run.status = RunStatus::Completed;
    run.completed_at = Some(now_ts());
    runs::update_progress(&d.conn, &run).unwrap();
    measures::activate(&mut d.conn, v).unwrap();
    assert_eq!(active_id(&d), v);
}

#[test]
fn a_live_run_of_another_measure_or_a_dry_run_does_not_block_activation() {
    let mut d = db();
    let v = approved_successor(&mut d);
    let flu = running(ScopeType::Measure, Some(MV_FLU));
    runs::insert(&d.conn, &flu).unwrap();
    let dry = Run {
        dry_run: true,
        ..running(ScopeType::AllPrograms, None)
    };
    runs::insert(&d.conn, &dry).unwrap();
    measures::activate(&mut d.conn, v).unwrap();
    assert_eq!(active_id(&d), v);
}

#[test]
fn a_run_held_by_another_process_blocks_and_a_crashed_one_does_not() {
    let mut d = db();
    let v = approved_successor(&mut d);
    // A RUNNING row this process does not own (as another process or a crash leaves it).
    let foreign = running(ScopeType::Measure, Some(AUDIOGRAM_V1));
    d.conn
        .execute(
            "INSERT INTO runs (id, scope_type, scope_id, trigger_type, status, started_at, \
             measurement_period_start, measurement_period_end, requested_scope_json) \
             VALUES (?1, 'MEASURE', ?2, 'MANUAL', 'RUNNING', ?3, ?4, ?5, '{}')",
            rusqlite::params![
                foreign.id,
                foreign.scope_id,
                foreign.started_at,
                foreign.measurement_period_start,
                foreign.measurement_period_end
            ],
        )
        .unwrap();
    // Another process owning a live run holds a shared run lock.
    let held = ww_store::runs::RunLock::shared(&d.path()).unwrap();
    let err = measures::activate(&mut d.conn, v).unwrap_err().to_string();
    assert!(err.contains(&foreign.id.to_string()), "{err}");
    assert_eq!(active_id(&d), AUDIOGRAM_V1);
    // That process ends (lock released): the row is a crash leftover, not a live run.
    drop(held);
    measures::activate(&mut d.conn, v).unwrap();
    assert_eq!(active_id(&d), v);
}
