//! Database status: path, schema version and row counts.

use crate::dto::{AppStatus, TableCount};
use crate::error::Result;
use crate::state::App;
use tauri::State;

/// `app_status`: the database file, its schema version and the row count of every table.
#[tauri::command(async)]
pub fn app_status(app: State<'_, App>) -> Result<AppStatus> {
    status(&app)
}

/// The body of [`app_status`], callable without a window (tests).
pub fn status(app: &App) -> Result<AppStatus> {
    let (schema_version, counts) = app.read(|conn| {
        Ok((
            ww_store::db::schema_version(conn)?,
            ww_store::db::table_counts(conn)?,
        ))
    })?;
    Ok(AppStatus {
        db_path: app.db_path().display().to_string(),
        created_this_launch: app.created(),
        schema_version,
        tables: counts
            .into_iter()
            .map(|(table, rows)| TableCount { table, rows })
            .collect(),
    })
}
