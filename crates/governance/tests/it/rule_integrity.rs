//! QA finding G12: the CQL of an ACTIVE, approved version could be changed by SQL and the next
//! run used the edited rule. Approval records the rule's hashes; runs refuse a version whose
//! CQL or spec no longer hashes to them, and `measures verify` reports the drift.

use crate::support::{db, events, AUDIOGRAM, AUDIOGRAM_V1};
use chrono::NaiveDate;
use rusqlite::Connection;
use ww_governance::rule_integrity::{verify_rules, RuleState};
use ww_governance::{compile, measures};
use ww_store::ids::MeasureVersionId;

fn try_run(conn: &mut Connection) -> Result<ww_store::ids::RunId, String> {
    use ww_core::run::{execute, NoProgress, RunOptions, RunRequest};
    let evaluator = ww_core::cql_eval::CqlEvaluator::from_db(conn).unwrap();
    let req = RunRequest {
        measure: Some(AUDIOGRAM),
        dry_run: true,
        ..RunRequest::all_programs(NaiveDate::from_ymd_opt(2026, 3, 2).unwrap())
    };
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let opts = RunOptions {
        cancel: &cancel,
        progress: &NoProgress,
        batch_size: 0,
    };
    execute(conn, &evaluator, &req, &opts)
        .map(|r| r.run_id)
        .map_err(|e| e.to_string())
}

fn state_of(conn: &Connection, v: MeasureVersionId) -> (RuleState, String) {
    let c = verify_rules(conn)
        .unwrap()
        .into_iter()
        .find(|c| c.version_id == v)
        .unwrap();
    (c.state, c.detail)
}

#[test]
fn approval_records_the_rule_hashes_and_a_changed_active_cql_is_refused_by_runs() {
    let mut d = db();
    let v = measures::new_version(&mut d.conn, AUDIOGRAM, "hash check").unwrap();
    compile::compile(&mut d.conn, v.id).unwrap();
    measures::approve(&mut d.conn, v.id).unwrap();
    measures::activate(&mut d.conn, v.id).unwrap();
    let cql = v.cql_text.clone().unwrap();
    let approved_sha = measures::cql_sha256(&cql);
    let (_, payload) = events(&d.conn, "MEASURE_VERSION_APPROVED").remove(0);
    assert!(
        payload.contains(&format!("\"cqlSha256\":\"{approved_sha}\"")),
        "{payload}"
    );
    assert!(payload.contains("\"specSha256\":\""), "{payload}");
    assert_eq!(state_of(&d.conn, v.id).0, RuleState::Ok);
    assert!(try_run(&mut d.conn).is_ok());

    // The QA repro: OVERDUE turned into COMPLIANT by SQL.
    let edited = cql.replace("'OVERDUE'", "'COMPLIANT'");
    assert_ne!(edited, cql, "the seed CQL has an OVERDUE branch");
    d.conn
        .execute(
            "UPDATE measure_versions SET cql_text = ?2 WHERE id = ?1",
            rusqlite::params![v.id, edited],
        )
        .unwrap();
    let err = try_run(&mut d.conn).unwrap_err();
    assert!(err.contains(&v.id.to_string()), "{err}");
    assert!(err.contains("CQL was changed after approval"), "{err}");
    assert!(err.contains(&approved_sha), "{err}");
    assert!(err.contains(&measures::cql_sha256(&edited)), "{err}");
    let (state, detail) = state_of(&d.conn, v.id);
    assert_eq!(state, RuleState::Drift);
    assert!(detail.contains("CQL changed since approval"), "{detail}");

    // Restoring the approved text makes it runnable again; a spec edit is caught too.
    d.conn
        .execute(
            "UPDATE measure_versions SET cql_text = ?2, \
             spec_json = json_set(spec_json, '$.windowDays', 9999) WHERE id = ?1",
            rusqlite::params![v.id, cql],
        )
        .unwrap();
    let err = try_run(&mut d.conn).unwrap_err();
    assert!(err.contains("spec was changed after approval"), "{err}");
    assert_eq!(state_of(&d.conn, v.id).0, RuleState::Drift);
}

#[test]
fn the_standard_content_is_approved_as_shipped_and_wiping_the_hash_is_drift() {
    let mut d = db();
    assert_eq!(state_of(&d.conn, AUDIOGRAM_V1).0, RuleState::Ok);
    d.conn
        .execute(
            "UPDATE measure_versions SET cql_text = cql_text || ' ' WHERE id = ?1",
            [AUDIOGRAM_V1],
        )
        .unwrap();
    let err = try_run(&mut d.conn).unwrap_err();
    assert!(err.contains("Hearing") || err.contains("1.0"), "{err}");
    assert!(err.contains("CQL was changed after approval"), "{err}");

    // A version approved through the lifecycle whose recorded hash is wiped by SQL: the
    // ledger's approval event still tells.
    let v = measures::new_version(&mut d.conn, AUDIOGRAM, "wipe").unwrap();
    compile::compile(&mut d.conn, v.id).unwrap();
    measures::approve(&mut d.conn, v.id).unwrap();
    d.conn
        .execute(
            "UPDATE measure_versions SET approved_cql_sha256 = NULL, approved_spec_sha256 = NULL \
             WHERE id = ?1",
            [v.id],
        )
        .unwrap();
    let (state, detail) = state_of(&d.conn, v.id);
    assert_eq!(state, RuleState::Drift, "{detail}");
    assert!(detail.contains("ledger"), "{detail}");
}
