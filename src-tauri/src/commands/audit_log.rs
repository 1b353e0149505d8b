//! The audit log screen: filtered pages of the ledger and its CSV export (ww-casework's
//! `audit::list_events` and `export::export_audit_events`). Chain verification is in
//! [`super::audit`].

use crate::dto::AuditEventRow;
use crate::dto_audit::{AuditOptions, AuditQuery};
use crate::dto_cases::ExportDone;
use crate::error::{AppError, Result};
use crate::state::App;
use chrono::{Duration, NaiveDate};
use tauri::State;
use ww_casework::audit::AuditFilter;
use ww_store::enums::{AuditEventType, EntityType};

/// `search_audit_events`: events matching the filters, newest first, one page (at most
/// [`super::audit::MAX_EVENTS`]).
#[tauri::command(async)]
pub fn search_audit_events(
    app: State<'_, App>,
    query: AuditQuery,
    offset: u64,
    limit: u32,
) -> Result<Vec<AuditEventRow>> {
    search(&app, &query, offset, limit)
}

/// `export_audit_csv`: writes the matching events (ledger order) as CSV to `path` (absolute)
/// or, when null, to a new file in the export folder; records the export in the ledger.
#[tauri::command(async)]
pub fn export_audit_csv(
    app: State<'_, App>,
    query: AuditQuery,
    path: Option<String>,
) -> Result<ExportDone> {
    export(&app, &query, path.as_deref())
}

/// `audit_options`: the event and entity types for the filter menus, and the zone.
#[tauri::command(async)]
pub fn audit_options(app: State<'_, App>) -> Result<AuditOptions> {
    options(&app)
}

/// The body of [`search_audit_events`].
pub fn search(
    app: &App,
    query: &AuditQuery,
    offset: u64,
    limit: u32,
) -> Result<Vec<AuditEventRow>> {
    let filter = app.read_with(|conn| to_filter(conn, query))?;
    let limit = limit.clamp(1, super::audit::MAX_EVENTS);
    let rows =
        app.read_with(|conn| ww_casework::audit::list_events(conn, &filter, offset, limit))?;
    Ok(rows.into_iter().map(AuditEventRow::from).collect())
}

/// The body of [`export_audit_csv`].
pub fn export(app: &App, query: &AuditQuery, path: Option<&str>) -> Result<ExportDone> {
    let filter = app.read_with(|conn| to_filter(conn, query))?;
    let file = crate::files::target(app.db_path(), path, "audit-events", "csv")?;
    let out = crate::files::create(&file)?;
    let target = file.display().to_string();
    let rows = app.write_with(|conn| -> Result<u64> {
        let rows = ww_casework::export::export_audit_events(conn, &filter, out)?;
        let filters = serde_json::json!({
            "eventType": query.event_type, "entityType": query.entity_type,
            "actor": query.actor, "fromDate": query.from_date, "toDate": query.to_date,
        });
        ww_casework::export::record_export(conn, "audit-events", rows, Some(&target), filters)?;
        Ok(rows)
    })?;
    Ok(ExportDone { path: target, rows })
}

/// The body of [`audit_options`].
pub fn options(app: &App) -> Result<AuditOptions> {
    let zone = app.read_with(ww_core::run::org_zone)?;
    let mut event_types: Vec<String> = AuditEventType::ALL
        .iter()
        .map(|t| t.as_str().to_owned())
        .collect();
    event_types.sort();
    let mut entity_types: Vec<String> = EntityType::ALL
        .iter()
        .map(|t| t.as_str().to_owned())
        .collect();
    entity_types.sort();
    Ok(AuditOptions {
        event_types,
        entity_types,
        time_zone: zone.name().to_owned(),
    })
}

/// The engine's filter for `q`: known UPPERCASE types, and the dates as UTC bounds of those
/// days in the organisation's zone. Bad values name the field.
fn to_filter(conn: &rusqlite::Connection, q: &AuditQuery) -> Result<AuditFilter> {
    let some = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let event_type = some(&q.event_type);
    if let Some(t) = &event_type {
        t.parse::<AuditEventType>().map_err(|_| {
            AppError::Invalid(format!("eventType: {t:?} is not an audit event type"))
        })?;
    }
    let entity_type = some(&q.entity_type);
    if let Some(t) = &entity_type {
        t.parse::<EntityType>()
            .map_err(|_| AppError::Invalid(format!("entityType: {t:?} is not an entity type")))?;
    }
    let zone = ww_core::run::org_zone(conn)?;
    let day = |field: &str, v: &Option<String>| -> Result<Option<NaiveDate>> {
        some(v)
            .map(|s| {
                s.parse::<NaiveDate>().map_err(|_| {
                    AppError::Invalid(format!("{field}: {s:?} is not a date (YYYY-MM-DD)"))
                })
            })
            .transpose()
    };
    let from = day("fromDate", &q.from_date)?;
    let to = day("toDate", &q.to_date)?;
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            return Err(AppError::Invalid(format!(
                "fromDate {f} is after toDate {t}"
            )));
        }
    }
    let midnight_utc = |d: NaiveDate| {
        let local = ww_core::period::local_instant(zone, d.and_time(chrono::NaiveTime::MIN));
        ww_core::period::iso_millis(local.with_timezone(&chrono::Utc))
    };
    Ok(AuditFilter {
        event_types: event_type.into_iter().collect(),
        entity_type,
        actor: some(&q.actor),
        since: from.map(midnight_utc),
        until: to.map(|t| midnight_utc(t + Duration::days(1))),
        ..AuditFilter::default()
    })
}
