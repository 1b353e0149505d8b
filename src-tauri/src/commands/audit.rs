//! The audit ledger: listing and chain verification (ww-casework).

use crate::dto::{AuditEventRow, ChainCheck};
use crate::error::Result;
use crate::state::App;
use tauri::State;
use ww_casework::audit::AuditFilter;

/// Largest page of events.
pub const MAX_EVENTS: u32 = 1000;

/// `list_audit_events`: events newest first, optionally of one type, one page.
#[tauri::command(async)]
pub fn list_audit_events(
    app: State<'_, App>,
    event_type: Option<String>,
    offset: u64,
    limit: u32,
) -> Result<Vec<AuditEventRow>> {
    events(&app, event_type, offset, limit)
}

/// The body of [`list_audit_events`].
pub fn events(
    app: &App,
    event_type: Option<String>,
    offset: u64,
    limit: u32,
) -> Result<Vec<AuditEventRow>> {
    let filter = AuditFilter {
        event_types: event_type.into_iter().filter(|t| !t.is_empty()).collect(),
        ..AuditFilter::default()
    };
    let rows = app.read_with(|conn| {
        ww_casework::audit::list_events(conn, &filter, offset, limit.min(MAX_EVENTS))
    })?;
    Ok(rows.into_iter().map(AuditEventRow::from).collect())
}

/// `verify_audit_chain`: recomputes every hash and link and names the first mismatch.
#[tauri::command(async)]
pub fn verify_audit_chain(app: State<'_, App>) -> Result<ChainCheck> {
    verify(&app)
}

/// The body of [`verify_audit_chain`].
pub fn verify(app: &App) -> Result<ChainCheck> {
    Ok(app.read_with(ww_casework::audit::verify_chain)?.into())
}
