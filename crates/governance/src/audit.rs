//! The acting user and the audit event every change writes in its own transaction
//! (DOMAIN.md section 7: "every state change writes its event in the same transaction").

use crate::Result;
use rusqlite::Connection;
use serde_json::Value;
use ww_store::audit_events::{append, NewAuditEvent};
use ww_store::enums::{AuditEventType, EntityType};
use ww_store::ids::MeasureVersionId;

/// The acting user: the `settings` value `user_name` (default `local-user`).
///
/// # Errors
/// [`crate::Error::Db`] when the settings cannot be read.
pub fn actor(conn: &Connection) -> Result<String> {
    Ok(ww_store::settings::user_name(conn)?)
}

/// Appends one audit event (inside the caller's transaction).
pub(crate) fn record(
    conn: &Connection,
    event_type: AuditEventType,
    entity_type: EntityType,
    entity_id: impl ToString,
    actor: &str,
    measure_version: Option<MeasureVersionId>,
    payload: Value,
) -> Result<()> {
    let mut e = NewAuditEvent::new(event_type, entity_type, Some(entity_id.to_string()), actor)
        .payload(payload);
    if let Some(mv) = measure_version {
        e = e.measure_version(mv);
    }
    append(conn, &e)?;
    Ok(())
}
