//! The measure catalog.

use crate::dto::{MeasureSummary, VersionSummary};
use crate::error::Result;
use crate::state::App;
use tauri::State;

/// `list_measures`: every measure with its versions, by name.
#[tauri::command(async)]
pub fn list_measures(app: State<'_, App>) -> Result<Vec<MeasureSummary>> {
    measures(&app)
}

/// The body of [`list_measures`].
pub fn measures(app: &App) -> Result<Vec<MeasureSummary>> {
    app.read(|conn| {
        ww_store::measures::list_measures(conn)?
            .into_iter()
            .map(|m| {
                let versions = ww_store::measures::list_versions(conn, m.id)?;
                Ok(MeasureSummary {
                    id: m.id.to_string(),
                    name: m.name,
                    policy_ref: m.policy_ref,
                    owner: m.owner,
                    tags: m.tags,
                    versions: versions.into_iter().map(VersionSummary::from).collect(),
                })
            })
            .collect()
    })
}
