//! The Admin screen: integration sync, FHIR and roster import, outreach templates and the
//! delivery log, waivers, settings and demo reset. Each command calls one engine function
//! (ww-governance, ww-core import, ww-casework), directly or through the mapping in
//! [`crate::admin_model`].

use crate::admin_model;
use crate::dto::IntegrationRow;
use crate::dto_admin::{
    DeliveryLogRow, DemoResetDto, FhirImportDto, GrantWaiverDto, GrantWaiverRequest,
    ResourceTypeCount, RosterImportDto, SettingsDto, SettingsSaveResult, SettingsUpdate,
    TemplatePreviewDto, TemplateRow, WaiverRow,
};
use crate::error::{AppError, Result};
use crate::state::App;
use std::path::PathBuf;
use tauri::State;
use ww_store::ids::{MeasureId, WaiverId};

/// `sync_integration`: runs the real check of one integration (`fhir`, `hris`, `mcp`, `ai`)
/// and returns its updated health row.
#[tauri::command(async)]
pub fn sync_integration(app: State<'_, App>, id: String) -> Result<IntegrationRow> {
    sync(&app, &id)
}

/// The body of [`sync_integration`].
pub fn sync(app: &App, id: &str) -> Result<IntegrationRow> {
    let (row, _check) = app.write_with(|conn| ww_governance::integrations::sync(conn, id))?;
    Ok(IntegrationRow::from(row))
}

/// `import_fhir_files`: imports FHIR Bundles, resources and NDJSON files or folders in one
/// transaction (nothing is imported when one line is bad: the error lists `FILE:LINE`).
#[tauri::command(async)]
pub fn import_fhir_files(app: State<'_, App>, paths: Vec<String>) -> Result<FhirImportDto> {
    import_fhir(&app, &paths)
}

/// The body of [`import_fhir_files`].
pub fn import_fhir(app: &App, paths: &[String]) -> Result<FhirImportDto> {
    if paths.is_empty() {
        return Err(AppError::Invalid(
            "choose at least one FHIR file or folder".into(),
        ));
    }
    let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
    let report = app.write_with(|conn| -> Result<_> {
        let actor = ww_store::settings::user_name(conn)?;
        Ok(ww_core::import::import_fhir(conn, &paths, &actor)?)
    })?;
    Ok(FhirImportDto {
        total: report.total(),
        employees_created: report.employees_created,
        counts: report
            .counts
            .into_iter()
            .map(|(resource_type, c)| ResourceTypeCount {
                resource_type,
                inserted: c.inserted,
                updated: c.updated,
            })
            .collect(),
    })
}

/// `import_roster_file`: imports the employee roster CSV in one transaction (every bad row
/// is reported as `FILE:LINE: ...`, and nothing is imported), with the checked import's
/// `FILE:LINE` warnings, as `workwell import roster` prints them (QA3 H8).
#[tauri::command(async)]
pub fn import_roster_file(app: State<'_, App>, path: String) -> Result<RosterImportDto> {
    import_roster(&app, &path)
}

/// The body of [`import_roster_file`].
pub fn import_roster(app: &App, path: &str) -> Result<RosterImportDto> {
    let path = PathBuf::from(path.trim());
    let r = app.write_with(|conn| -> Result<_> {
        let actor = ww_store::settings::user_name(conn)?;
        Ok(ww_core::import::roster::import_roster_checked(
            conn, &path, &actor,
        )?)
    })?;
    let (r, warnings) = r;
    Ok(RosterImportDto {
        rows: r.rows,
        inserted: r.inserted,
        updated: r.updated,
        linked: r.linked,
        warnings,
    })
}

/// `list_outreach_templates`: the templates outreach chooses from.
#[tauri::command(async)]
pub fn list_outreach_templates(app: State<'_, App>) -> Result<Vec<TemplateRow>> {
    app.read_with(admin_model::templates)
}

/// `preview_outreach_template`: one template rendered with sample values.
#[tauri::command(async)]
pub fn preview_outreach_template(app: State<'_, App>, key: String) -> Result<TemplatePreviewDto> {
    app.read_with(|conn| admin_model::preview_template(conn, &key))
}

/// `list_deliveries`: the newest `limit` outreach deliveries across cases.
#[tauri::command(async)]
pub fn list_deliveries(app: State<'_, App>, limit: u32) -> Result<Vec<DeliveryLogRow>> {
    app.read_with(|conn| admin_model::deliveries(conn, limit.clamp(1, 1000)))
}

/// `list_waivers`: every waiver, newest grant first, with its state today.
#[tauri::command(async)]
pub fn list_waivers(app: State<'_, App>) -> Result<Vec<WaiverRow>> {
    app.read_with(admin_model::waiver_rows)
}

/// `grant_waiver`: exempts one employee (by external id) from one measure from a start date
/// (default today) until an optional expiry.
#[tauri::command(async)]
pub fn grant_waiver(app: State<'_, App>, request: GrantWaiverRequest) -> Result<GrantWaiverDto> {
    grant(&app, &request)
}

/// The body of [`grant_waiver`].
pub fn grant(app: &App, r: &GrantWaiverRequest) -> Result<GrantWaiverDto> {
    let measure: MeasureId = r.measure_id.trim().parse().map_err(|_| {
        AppError::Invalid(format!("measure \"{}\" is not a measure id", r.measure_id))
    })?;
    let effective_from = admin_model::optional_date("start date", r.starts_on.as_deref())?;
    let expires_on = admin_model::optional_date("expiry date", r.expires_on.as_deref())?;
    let external_id = r.employee_external_id.trim();
    app.write_with(|conn| -> Result<GrantWaiverDto> {
        let employee =
            ww_store::employees::get_by_external_id(conn, external_id)?.ok_or_else(|| {
                AppError::Invalid(format!("no employee has the external id \"{external_id}\""))
            })?;
        let new = ww_governance::waivers::NewWaiver {
            employee: employee.id,
            measure,
            reason: r.reason.clone(),
            effective_from,
            expires_on,
        };
        let granted = ww_governance::waivers::grant_waiver(conn, &new)?;
        let today = ww_core::run::today(conn)?;
        let row = ww_governance::waivers::WaiverRow {
            employee_external_id: employee.external_id,
            employee_name: employee.name,
            measure_name: ww_store::measures::get_measure(conn, measure)?
                .map(|m| m.name)
                .unwrap_or_default(),
            waiver: granted.waiver,
        };
        Ok(GrantWaiverDto {
            waiver: admin_model::waiver_row(row, today),
            warnings: granted.warnings,
        })
    })
}

/// `revoke_waiver`: revokes a waiver with a required reason (the row stays), effective from
/// `on` (`YYYY-MM-DD`; None or blank = today in the organisation's zone): it keeps applying
/// before that day, so past evaluations keep their exemption.
#[tauri::command(async)]
pub fn revoke_waiver(
    app: State<'_, App>,
    id: String,
    reason: String,
    on: Option<String>,
) -> Result<()> {
    revoke(&app, &id, &reason, on.as_deref())
}

/// The body of [`revoke_waiver`].
pub fn revoke(app: &App, id: &str, reason: &str, on: Option<&str>) -> Result<()> {
    let id: WaiverId = id
        .trim()
        .parse()
        .map_err(|_| AppError::Invalid(format!("waiver \"{id}\" is not an id")))?;
    let on = admin_model::optional_date("revocation date", on)?;
    app.write_with(|conn| ww_governance::waivers::revoke_waiver(conn, id, reason, on))?;
    Ok(())
}

/// `get_settings`: user name, time zone and email settings (never the SendGrid key).
#[tauri::command(async)]
pub fn get_settings(app: State<'_, App>) -> Result<SettingsDto> {
    app.read_with(admin_model::read_settings)
}

/// `save_settings`: validates every given field and saves them all, or none.
#[tauri::command(async)]
pub fn save_settings(app: State<'_, App>, update: SettingsUpdate) -> Result<SettingsSaveResult> {
    app.write_with(|conn| admin_model::save_settings(conn, &update))
}

/// `list_time_zones`: every IANA time-zone name, for the time-zone field's suggestions.
#[tauri::command(async)]
pub fn list_time_zones() -> Vec<String> {
    admin_model::time_zones()
}

/// The word the user types to confirm a demo reset.
pub const RESET_CONFIRMATION: &str = "RESET";

/// `demo_reset`: replaces the database with a fresh demo database (the old file is kept
/// beside it) and runs all programs on it. `confirmation` must be exactly `RESET`; `force`
/// replaces a database that was not created as a demo database.
#[tauri::command(async)]
pub fn demo_reset(app: State<'_, App>, confirmation: String, force: bool) -> Result<DemoResetDto> {
    reset(&app, &confirmation, force)
}

/// The body of [`demo_reset`].
pub fn reset(app: &App, confirmation: &str, force: bool) -> Result<DemoResetDto> {
    if confirmation != RESET_CONFIRMATION {
        return Err(AppError::Invalid(format!(
            "type {RESET_CONFIRMATION} to confirm the demo reset"
        )));
    }
    let r = admin_model::reset_demo(app.db_path(), force, app.cancel_flag())?;
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Ok(DemoResetDto {
        database: r.database.display().to_string(),
        archived_to: r.archived_to.map(|p| p.display().to_string()),
        employees: count(r.employees),
        resources: count(r.resources),
        fixtures: count(r.fixtures),
    })
}
