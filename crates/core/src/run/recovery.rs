//! Crash recovery (DOMAIN.md section 4): runs left REQUESTED, QUEUED or RUNNING when WorkWell
//! stopped become FAILED with a failure summary, a log line and an audit event.
//!
//! Only runs whose owner is gone are recovered: every live run's process holds a shared lock
//! on the database's run lock file (`ww_store::runs`, "Run ownership"), and recovery acts only
//! when it can take that lock exclusively. A run started by another process (or by this one)
//! that is still going is never marked crashed (QA F24).

use crate::Result;
use rusqlite::Connection;
use serde_json::json;
use ww_store::audit_events::{self, NewAuditEvent};
use ww_store::enums::{AuditEventType, EntityType, LogLevel, RunStatus};
use ww_store::ids::RunId;
use ww_store::runs::{self, RunLock};
use ww_store::time::now_ts;

/// Marks every non-terminal run whose owner is gone FAILED, each in its own transaction with
/// its audit event, and returns their ids. When some process (this one included) owns a live
/// run, nothing is recovered now: the check needs no live run, and the next start-up with none
/// recovers what a crash left. Call before this process starts runs of its own.
///
/// # Errors
/// [`crate::Error::Store`], including a run lock file that cannot be opened.
pub fn recover_interrupted_runs(conn: &mut Connection, actor: &str) -> Result<Vec<RunId>> {
    // The candidates are read before the lock is tried: a run committed before this read had
    // its owner's shared lock taken before its insert, so if the exclusive lock can be taken
    // now, none of these runs has a live owner. Runs inserted after the read are not touched.
    let candidates = runs::list_unfinished(conn)?;
    if candidates.is_empty() {
        return Ok(Vec::new());
    }
    if let Some(db) = runs::database_file(conn) {
        match RunLock::try_exclusive(&db)? {
            // Released at once: the database work below needs no lock, and holding it while
            // waiting for SQLite's write lock could stall a starting run's insert.
            Some(lock) => drop(lock),
            None => return Ok(Vec::new()),
        }
    }
    let mut recovered = Vec::new();
    for candidate in candidates {
        let id = candidate.id;
        let done = ww_store::with_tx(conn, |tx| -> Result<bool> {
            // Re-read inside the write transaction: the run may have ended meanwhile.
            let Some(mut run) = runs::get(tx, id)? else {
                return Ok(false);
            };
            if run.status.is_terminal() {
                return Ok(false);
            }
            let was = run.status;
            let now = now_ts();
            let summary = format!(
                "Interrupted: the run was {was} when WorkWell stopped; marked FAILED at start-up ({now})."
            );
            run.status = RunStatus::Failed;
            run.completed_at = Some(now);
            run.failure_summary = Some(summary.clone());
            runs::append_log(tx, run.id, LogLevel::Error, &summary)?;
            runs::update_progress(tx, &run)?;
            audit_events::append(
                tx,
                &NewAuditEvent::new(
                    AuditEventType::RunRecovered,
                    EntityType::Run,
                    Some(run.id.to_string()),
                    actor,
                )
                .run(run.id)
                .payload(json!({"fromStatus": was, "toStatus": RunStatus::Failed})),
            )?;
            Ok(true)
        })?;
        if done {
            recovered.push(id);
        }
    }
    Ok(recovered)
}
