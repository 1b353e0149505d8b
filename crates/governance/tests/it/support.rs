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
