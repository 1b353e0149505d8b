//! Run history.

use crate::dto::RunSummary;
use crate::error::Result;
use crate::state::App;
use tauri::State;

/// Most runs a history page shows at once.
pub const MAX_RUNS: u32 = 500;

/// `list_runs`: the newest `limit` runs (at most [`MAX_RUNS`]), newest first.
#[tauri::command(async)]
pub fn list_runs(app: State<'_, App>, limit: u32) -> Result<Vec<RunSummary>> {
    runs(&app, limit)
}

/// The body of [`list_runs`].
pub fn runs(app: &App, limit: u32) -> Result<Vec<RunSummary>> {
    let rows = app.read(|conn| ww_store::runs::list_recent(conn, limit.min(MAX_RUNS)))?;
    Ok(rows.into_iter().map(RunSummary::from).collect())
}
