//! A migrated database with the standard content and the seed fixtures.

use rusqlite::Connection;
use std::path::PathBuf;
use ww_store::ids::{MeasureId, MeasureVersionId};
use ww_store::seed::catalog;

pub const AUDIOGRAM: MeasureId = catalog::M_AUDIOGRAM;
pub const AUDIOGRAM_V1: MeasureVersionId = catalog::MV_AUDIOGRAM;

/// A temporary database file with standard content and seed fixtures.
pub struct Db {
    pub dir: tempfile::TempDir,
    pub conn: Connection,
}

impl Db {
    pub fn path(&self) -> PathBuf {
        self.dir.path().join("ww.db")
    }

    pub fn reopen(&self) -> Connection {
        ww_store::reopen(&self.path()).unwrap()
    }
}

pub fn db() -> Db {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = ww_store::open(&dir.path().join("ww.db")).unwrap();
    ww_store::seed::load_standard(&mut conn).unwrap();
    let n = ww_store::with_tx(&mut conn, |tx| ww_governance::seed_fixtures(tx)).unwrap();
    assert_eq!(n, 21, "seed fixtures for the four measures");
    Db { dir, conn }
}

/// Audit events of a type, newest first: (actor, payload JSON text).
pub fn events(conn: &Connection, event_type: &str) -> Vec<(String, String)> {
    let mut stmt = conn
        .prepare(
            "SELECT actor, COALESCE(payload_json, '') FROM audit_events WHERE event_type = ?1 ORDER BY id DESC",
        )
        .unwrap();
    stmt.query_map([event_type], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

pub fn active_count(conn: &Connection, measure: MeasureId) -> i64 {
    conn.query_row(
        "SELECT COUNT(*) FROM measure_versions WHERE measure_id = ?1 AND status = 'ACTIVE'",
        [measure],
        |r| r.get(0),
    )
    .unwrap()
}

/// Runs `measure` (its ACTIVE version) for every employee as of `as_of` through the run engine
/// (ww-core) and returns the run's id.
pub fn run_measure(
    conn: &mut Connection,
    measure: MeasureId,
    as_of: chrono::NaiveDate,
) -> ww_store::ids::RunId {
    use ww_core::run::{execute, NoProgress, RunOptions, RunRequest};
    let evaluator = ww_core::cql_eval::CqlEvaluator::from_db(conn).unwrap();
    let req = RunRequest {
        measure: Some(measure),
        ..RunRequest::all_programs(as_of)
    };
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let opts = RunOptions {
        cancel: &cancel,
        progress: &NoProgress,
        batch_size: 0,
    };
    execute(conn, &evaluator, &req, &opts).unwrap().run_id
}

/// A database with the standard content, the seed fixtures and a demo workforce of `n`
/// employees generated around `as_of`.
pub fn demo_db(n: usize, as_of: chrono::NaiveDate) -> Db {
    let mut d = db();
    let opts = ww_store::seed::demo::DemoOptions {
        employees: n,
        ..ww_store::seed::demo::DemoOptions::as_of(as_of)
    };
    ww_store::seed::demo::load_demo(&mut d.conn, &opts).unwrap();
    d
}
