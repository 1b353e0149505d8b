//! The measure catalog: `list_measures` (every measure with its versions, used by filters) and
//! `measure_catalog` (the Studio's catalog with program and ACTIVE version).

use crate::dto::{MeasureSummary, VersionSummary};
use crate::dto_studio::{CatalogRow, CatalogVersion};
use crate::error::Result;
use crate::state::App;
use tauri::State;
use ww_governance::lifecycle::VersionStatus;

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

/// `measure_catalog`: every measure with its program, ACTIVE version and the status of each
/// version (the Studio's catalog).
#[tauri::command(async)]
pub fn measure_catalog(app: State<'_, App>) -> Result<Vec<CatalogRow>> {
    catalog(&app)
}

/// The body of [`measure_catalog`]: `ww_governance::measures::detail` of each measure.
pub fn catalog(app: &App) -> Result<Vec<CatalogRow>> {
    app.read_with(|conn| -> Result<Vec<CatalogRow>> {
        let mut out = Vec::new();
        for m in ww_governance::measures::list(conn)? {
            let detail = ww_governance::measures::detail(conn, m.measure.id)?;
            let shown = detail
                .versions
                .iter()
                .find(|v| v.version.status == VersionStatus::Active)
                .or(detail.versions.last());
            out.push(CatalogRow {
                id: m.measure.id.to_string(),
                name: m.measure.name,
                program: shown
                    .and_then(|v| v.version.spec_json.get("programArea"))
                    .and_then(|p| p.as_str())
                    .map(str::to_owned),
                policy_ref: m.measure.policy_ref,
                osha_citation: match shown.and_then(|v| v.version.osha_reference_id) {
                    Some(o) => ww_store::osha_references::get(conn, o)?.map(|o| o.cfr_citation),
                    None => None,
                },
                active_version: m.active.map(|(_, label)| label),
                versions: detail
                    .versions
                    .iter()
                    .map(|v| CatalogVersion {
                        id: v.version.id.to_string(),
                        version: v.version.version.clone(),
                        status: v.version.status.as_str().to_owned(),
                    })
                    .collect(),
            });
        }
        Ok(out)
    })
}
