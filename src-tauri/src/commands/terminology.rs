//! Value sets, terminology mappings and integration health (read views).

use crate::dto::{IntegrationRow, MappingRow, ValueSetRow};
use crate::error::Result;
use crate::state::App;
use tauri::State;

/// `list_value_sets`: every value set with its codes.
#[tauri::command(async)]
pub fn list_value_sets(app: State<'_, App>) -> Result<Vec<ValueSetRow>> {
    value_sets(&app)
}

/// The body of [`list_value_sets`].
pub fn value_sets(app: &App) -> Result<Vec<ValueSetRow>> {
    let rows = app.read(ww_store::value_sets::list)?;
    Ok(rows.into_iter().map(ValueSetRow::from).collect())
}

/// `list_mappings`: every terminology mapping, whatever its review status.
#[tauri::command(async)]
pub fn list_mappings(app: State<'_, App>) -> Result<Vec<MappingRow>> {
    mappings(&app)
}

/// The body of [`list_mappings`].
pub fn mappings(app: &App) -> Result<Vec<MappingRow>> {
    let rows = app.read(|conn| ww_store::terminology_mappings::list(conn, None))?;
    Ok(rows.into_iter().map(MappingRow::from).collect())
}

/// `list_integrations`: the health row of each integration.
#[tauri::command(async)]
pub fn list_integrations(app: State<'_, App>) -> Result<Vec<IntegrationRow>> {
    integrations(&app)
}

/// The body of [`list_integrations`].
pub fn integrations(app: &App) -> Result<Vec<IntegrationRow>> {
    let rows = app.read(ww_store::integration_health::list)?;
    Ok(rows.into_iter().map(IntegrationRow::from).collect())
}
