//! Crash recovery (DOMAIN.md section 4): runs left REQUESTED, QUEUED or RUNNING when WorkWell
//! stopped become FAILED with a failure summary, a log line and an audit event.

use crate::Result;
use rusqlite::Connection;
use serde_json::json;
use ww_store::audit_events::{self, NewAuditEvent};
use ww_store::enums::{AuditEventType, EntityType, LogLevel, RunStatus};
use ww_store::ids::RunId;
use ww_store::runs;
use ww_store::time::now_ts;

/// Marks every non-terminal run FAILED, each in its own transaction with its audit event.
/// Call once at start-up, before this process starts runs of its own. Returns the ids.
///
/// # Errors
/// [`crate::Error::Store`].
pub fn recover_interrupted_runs(conn: &mut Connection, actor: &str) -> Result<Vec<RunId>> {
    let mut recovered = Vec::new();
    for mut run in runs::list_unfinished(conn)? {
        let was = run.status;
        let now = now_ts();
        let summary = format!(
            "Interrupted: the run was {was} when WorkWell stopped; marked FAILED at start-up ({now})."
        );
        run.status = RunStatus::Failed;
        run.completed_at = Some(now.clone());
        run.failure_summary = Some(summary.clone());
        ww_store::with_tx(conn, |tx| -> Result<()> {
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
            Ok(())
        })?;
        recovered.push(run.id);
    }
    Ok(recovered)
}
