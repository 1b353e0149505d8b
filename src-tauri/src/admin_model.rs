//! The Admin screen's rules and read models that no engine crate offers yet: settings
//! (validation, saving with their audit event, the write-only SendGrid key), the outreach
//! delivery log across cases, outreach templates previewed with sample values, and waiver
//! rows with the employee and measure they concern.
//!
//! Everything here is decided in Rust and tested headlessly (`tests_admin.rs`); the
//! commands in [`crate::commands::admin`] call one function each. These functions belong in
//! the engine (ww-governance for settings, ww-casework for the delivery log); they live in the
//! shell only until those crates grow them.

use crate::dto_admin::{
    DeliveryLogRow, FieldError, SettingsDto, SettingsSaveResult, SettingsUpdate,
    TemplatePreviewDto, TemplateRow, WaiverRow,
};
use crate::error::{AppError, Result};
use chrono::NaiveDate;
use rusqlite::Connection;
use serde_json::json;
use ww_casework::outreach::send::keys;
use ww_casework::outreach::{EmailProvider, OutreachTemplate, OutreachValues};
use ww_store::audit_events::{append, NewAuditEvent};
use ww_store::enums::{AuditEventType, EntityType};
use ww_store::settings;

/// Longest user name accepted (it is written into every audit event).
pub const MAX_USER_NAME: usize = 100;

/// The settings as the Admin screen shows them (the SendGrid key only as "stored or not").
///
/// # Errors
/// [`AppError::Store`] when the settings cannot be read.
pub fn read_settings(conn: &Connection) -> Result<SettingsDto> {
    let get = |key: &str| settings::get(conn, key);
    let key_stored = get(keys::SENDGRID_API_KEY)?.is_some_and(|k| !k.trim().is_empty());
    let from_env = std::env::var(keys::SENDGRID_API_KEY_ENV).is_ok_and(|k| !k.trim().is_empty());
    let defaults = ww_casework::outreach::EmailConfig::default();
    Ok(SettingsDto {
        user_name: settings::user_name(conn)?,
        org_time_zone: settings::org_time_zone(conn)?,
        email_provider: get(keys::PROVIDER)?.unwrap_or_else(|| defaults.provider.to_string()),
        email_from: get(keys::FROM)?.unwrap_or(defaults.from_address),
        sendgrid_key_stored: key_stored,
        sendgrid_key_from_env: from_env,
        providers: EmailProvider::ALL.iter().map(|p| p.to_string()).collect(),
    })
}

/// The (key, value) pairs an update would write, or the fields it refuses. Trims text;
/// checks the time zone against the IANA database (chrono-tz), the provider against
/// [`EmailProvider`], the user name for blankness and length, and the sender for an `@`.
pub fn validate(
    update: &SettingsUpdate,
) -> std::result::Result<Vec<(&'static str, String)>, Vec<FieldError>> {
    let mut writes = Vec::new();
    let mut errors = Vec::new();
    let mut refuse = |field: &str, message: String| {
        errors.push(FieldError {
            field: field.to_owned(),
            message,
        })
    };
    if let Some(name) = &update.user_name {
        let name = name.trim();
        if name.is_empty() {
            refuse(
                "userName",
                "The user name cannot be blank: audit events record it.".into(),
            );
        } else if name.chars().count() > MAX_USER_NAME {
            refuse(
                "userName",
                format!("The user name is longer than {MAX_USER_NAME} characters."),
            );
        } else {
            writes.push((settings::USER_NAME, name.to_owned()));
        }
    }
    if let Some(zone) = &update.org_time_zone {
        let zone = zone.trim();
        match zone.parse::<chrono_tz::Tz>() {
            Ok(tz) => writes.push((settings::ORG_TIME_ZONE, tz.name().to_owned())),
            Err(_) => refuse(
                "orgTimeZone",
                format!(
                    "\"{zone}\" is not an IANA time zone; use a name such as Europe/Berlin, America/Chicago or UTC."
                ),
            ),
        }
    }
    if let Some(provider) = &update.email_provider {
        match provider.trim().parse::<EmailProvider>() {
            Ok(p) => writes.push((keys::PROVIDER, p.to_string())),
            Err(_) => refuse(
                "emailProvider",
                format!("\"{provider}\" is not an email provider (simulated or sendgrid)."),
            ),
        }
    }
    if let Some(from) = &update.email_from {
        let from = from.trim();
        let valid = from
            .split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
        if valid && !from.contains(char::is_whitespace) {
            writes.push((keys::FROM, from.to_owned()));
        } else {
            refuse(
                "emailFrom",
                format!("\"{from}\" is not an email address (name@domain)."),
            );
        }
    }
    if let Some(key) = &update.sendgrid_api_key {
        writes.push((keys::SENDGRID_API_KEY, key.trim().to_owned()));
    }
    if errors.is_empty() {
        Ok(writes)
    } else {
        Err(errors)
    }
}

/// Validates `update` and, when every field is acceptable, writes the changed values in one
/// transaction with one SETTING_CHANGED audit event per changed key (old and new value; for
/// the SendGrid key only whether one is set). A refused field saves nothing.
///
/// # Errors
/// [`AppError::Store`] for database failures. Refused fields are not errors: they come back
/// in [`SettingsSaveResult::errors`].
pub fn save_settings(conn: &mut Connection, update: &SettingsUpdate) -> Result<SettingsSaveResult> {
    let writes = match validate(update) {
        Ok(w) => w,
        Err(errors) => {
            return Ok(SettingsSaveResult {
                saved: false,
                changed: Vec::new(),
                errors,
                settings: read_settings(conn)?,
            })
        }
    };
    let changed = ww_store::with_tx(conn, |tx| -> ww_store::Result<Vec<String>> {
        let mut changed = Vec::new();
        for (key, value) in &writes {
            let old = effective(tx, key)?;
            if old.as_deref() == Some(value.as_str()) || (old.is_none() && value.is_empty()) {
                continue;
            }
            // The actor is who was acting before this change (a rename is made by the old name).
            let actor = settings::user_name(tx)?;
            settings::set(tx, key, value)?;
            let payload = if *key == keys::SENDGRID_API_KEY {
                json!({"key": key, "oldSet": old.is_some_and(|o| !o.is_empty()), "newSet": !value.is_empty()})
            } else {
                json!({"key": key, "old": old, "new": value})
            };
            append(
                tx,
                &NewAuditEvent::new(
                    AuditEventType::SettingChanged,
                    EntityType::Setting,
                    Some((*key).to_owned()),
                    &actor,
                )
                .payload(payload),
            )?;
            changed.push((*key).to_owned());
        }
        Ok(changed)
    })?;
    Ok(SettingsSaveResult {
        saved: true,
        changed,
        errors: Vec::new(),
        settings: read_settings(conn)?,
    })
}

/// The value `key` has in effect: its row, else the default the engine uses (so saving a
/// default that was never stored is not a change).
fn effective(conn: &Connection, key: &str) -> ww_store::Result<Option<String>> {
    let stored = settings::get(conn, key)?;
    let defaults = ww_casework::outreach::EmailConfig::default();
    Ok(stored.or_else(|| match key {
        keys::PROVIDER => Some(defaults.provider.to_string()),
        keys::FROM => Some(defaults.from_address),
        _ => None,
    }))
}

/// Every IANA time-zone name chrono-tz knows, sorted (for the time-zone field's suggestions).
pub fn time_zones() -> Vec<String> {
    let mut names: Vec<String> = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|tz| tz.name().to_owned())
        .collect();
    names.sort();
    names
}

/// The newest `limit` outreach deliveries of every case, newest first, with the employee
/// and measure each concerns.
///
/// # Errors
/// [`AppError::Store`].
pub fn deliveries(conn: &Connection, limit: u32) -> Result<Vec<DeliveryLogRow>> {
    let mut stmt = conn
        .prepare(
            "SELECT d.id, d.case_id, e.external_id, e.name, m.name, d.to_address, d.subject, \
             d.provider, d.status, d.sent_at, d.error_detail \
             FROM outreach_delivery_log d \
             JOIN cases c ON c.id = d.case_id \
             JOIN employees e ON e.id = c.employee_id \
             JOIN measure_versions v ON v.id = c.measure_version_id \
             JOIN measures m ON m.id = v.measure_id \
             ORDER BY d.sent_at DESC, d.rowid DESC LIMIT ?1",
        )
        .map_err(ww_store::Error::from)?;
    let rows = stmt
        .query_map([limit], |r| {
            Ok(DeliveryLogRow {
                id: r.get(0)?,
                case_id: r.get(1)?,
                employee_external_id: r.get(2)?,
                employee_name: r.get(3)?,
                measure_name: r.get(4)?,
                to_address: r.get(5)?,
                subject: r.get(6)?,
                provider: r.get(7)?,
                status: r.get(8)?,
                sent_at: r.get(9)?,
                error_detail: r.get(10)?,
            })
        })
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
        .map_err(ww_store::Error::from)?;
    Ok(rows)
}

fn measure_names(conn: &Connection) -> Result<std::collections::HashMap<String, String>> {
    Ok(ww_store::measures::list_measures(conn)?
        .into_iter()
        .map(|m| (m.id.to_string(), m.name))
        .collect())
}

/// The templates outreach chooses from: the active rows, or the built-ins when there are
/// none (ww-casework `choose_template`'s pool).
///
/// # Errors
/// [`AppError::Casework`] / [`AppError::Store`].
pub fn templates(conn: &Connection) -> Result<Vec<TemplateRow>> {
    let active = ww_casework::outreach::active_templates(conn)?;
    let (pool, builtin) = if active.is_empty() {
        (ww_casework::outreach::builtin_templates(), true)
    } else {
        (active, false)
    };
    let names = measure_names(conn)?;
    Ok(pool
        .into_iter()
        .map(|t: OutreachTemplate| TemplateRow {
            key: t.id.clone().unwrap_or_else(|| t.name.clone()),
            builtin,
            measure_name: t.measure_id.as_ref().and_then(|m| names.get(m).cloned()),
            name: t.name,
            subject: t.subject,
            body_text: t.body_text,
        })
        .collect())
}

/// The name the sample employee of a template preview has.
pub const SAMPLE_EMPLOYEE: &str = "Sample Employee";

/// Renders the template `key` (row id or built-in name) with sample values: a sample
/// employee, the template's measure (or the first measure by name), OVERDUE, and the due date
/// an overdue employee is given (today + the grace days, in the organisation's zone).
///
/// # Errors
/// [`AppError::Casework`]: NOT_FOUND for an unknown template, UNKNOWN_PLACEHOLDER for a
/// mistyped placeholder.
pub fn preview_template(conn: &Connection, key: &str) -> Result<TemplatePreviewDto> {
    let active = ww_casework::outreach::active_templates(conn)?;
    let template = ww_casework::outreach::choose_template(&active, Some(key), "", "OVERDUE")?;
    let names = measure_names(conn)?;
    let measure_name = template
        .measure_id
        .as_ref()
        .and_then(|m| names.get(m).cloned())
        .or_else(|| {
            let mut all: Vec<&String> = names.values().collect();
            all.sort();
            all.first().map(|s| (*s).clone())
        })
        .unwrap_or_else(|| "Annual audiogram".to_owned());
    let today = ww_core::run::today(conn)?;
    let values = OutreachValues {
        employee_name: SAMPLE_EMPLOYEE.to_owned(),
        measure_name,
        due_date: ww_casework::outreach::template::displayed_due_date(None, today),
        outcome_status: "OVERDUE".to_owned(),
    };
    let fill = |text: &str| ww_casework::outreach::template::fill(text, &values, &template.name);
    Ok(TemplatePreviewDto {
        subject: fill(&template.subject)?,
        body_text: fill(&template.body_text)?,
        sample: format!(
            "Sample values: employee {}, measure {}, status Overdue, due {}.",
            values.employee_name, values.measure_name, values.due_date
        ),
        template_name: template.name,
    })
}

/// Parses an optional `YYYY-MM-DD` field of a request, naming the field when it is not a
/// date. A blank text is None.
///
/// # Errors
/// [`AppError::Invalid`].
pub fn optional_date(field: &str, text: Option<&str>) -> Result<Option<NaiveDate>> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| AppError::Invalid(format!("{field}: \"{t}\" is not a date (YYYY-MM-DD)"))),
    }
}

/// Waivers as the Admin screen lists them, newest grant first (ww-governance
/// `waivers::list_rows`, with the employee's external id and name and the measure's name),
/// each with its state today in the organisation's zone.
///
/// # Errors
/// [`AppError::Governance`] / [`AppError::Store`].
pub fn waiver_rows(conn: &Connection) -> Result<Vec<WaiverRow>> {
    let today = ww_core::run::today(conn)?;
    let list = ww_governance::waivers::list_rows(conn, &Default::default())?;
    Ok(list.into_iter().map(|r| waiver_row(r, today)).collect())
}

/// One governance waiver row as the screen shows it, its state decided as of `today`:
/// REVOKED, EXPIRED (after its expiry), SCHEDULED (before its start) or ACTIVE.
pub fn waiver_row(r: ww_governance::waivers::WaiverRow, today: NaiveDate) -> WaiverRow {
    let w = r.waiver;
    let starts_on = w.start();
    let state = if w.revoked_at.is_some() {
        "REVOKED"
    } else if w.expires_on.is_some_and(|e| e < today) {
        "EXPIRED"
    } else if starts_on.is_some_and(|s| s > today) {
        "SCHEDULED"
    } else {
        "ACTIVE"
    };
    WaiverRow {
        id: w.id.to_string(),
        employee_external_id: r.employee_external_id,
        employee_name: r.employee_name,
        measure_id: w.measure_id.to_string(),
        measure_name: r.measure_name,
        reason: w.reason,
        granted_by: w.granted_by,
        granted_at: w.granted_at,
        starts_on: starts_on.map(|d| d.to_string()),
        expires_on: w.expires_on.map(|d| d.to_string()),
        can_revoke: w.revoked_at.is_none(),
        revoked_at: w.revoked_at,
        revoked_by: w.revoked_by,
        revoke_reason: w.revoke_reason,
        state: state.to_owned(),
    }
}

/// Demo reset from the window: ww-governance's demo reset (the old file kept beside the new
/// one; `force` replaces a database that was not created as a demo database), then one run
/// of all programs on the fresh file so the overview has figures, as on a first launch.
///
/// # Errors
/// [`AppError::Governance`]: GATE for a non-demo database without `force`, IO when the file
/// cannot be moved; run failures.
pub fn reset_demo(
    path: &std::path::Path,
    force: bool,
    cancel: &std::sync::atomic::AtomicBool,
) -> Result<ww_governance::demo_reset::ResetReport> {
    let opts = ww_store::seed::demo::DemoOptions::default();
    let report = if force {
        ww_governance::demo_reset::demo_reset_force(path, &opts)?
    } else {
        ww_governance::demo_reset::demo_reset(path, &opts)?
    };
    let mut conn = ww_store::reopen(path)?;
    cancel.store(false, std::sync::atomic::Ordering::SeqCst);
    crate::run::run_all_programs(&mut conn, cancel, &ww_core::run::NoProgress)?;
    Ok(report)
}
