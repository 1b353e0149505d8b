//! The Admin screen's read models and requests, mapped onto the engine: settings
//! (`ww_governance::settings`), waiver rows and their state (`ww_governance::waivers`), the
//! outreach delivery log, templates and sample preview (`ww_casework::admin_outreach`) and the
//! demo reset. No rule is decided here: each function calls the engine and shapes its answer
//! for the UI. Tested headlessly in `tests_admin.rs`.

use crate::dto_admin::{
    DeliveryLogRow, FieldError, SettingsDto, SettingsSaveResult, SettingsUpdate,
    TemplatePreviewDto, TemplateRow, WaiverRow,
};
use crate::error::{AppError, Result};
use chrono::NaiveDate;
use rusqlite::Connection;
use ww_casework::admin_outreach;
use ww_casework::outreach::send::keys;
use ww_governance::settings as gov_settings;
use ww_governance::waivers::{state_on, WaiverRow as GovWaiverRow};
use ww_store::settings as store_settings;

/// The settings as the Admin screen shows them (the SendGrid key only as "stored or not"),
/// from `ww_governance::settings::list` (stored values, else the defaults in effect).
///
/// # Errors
/// [`AppError::Governance`] when the settings cannot be read.
pub fn read_settings(conn: &Connection) -> Result<SettingsDto> {
    let views = gov_settings::list(conn)?;
    let find = |key: &str| views.iter().find(|v| v.key == key);
    let value = |key: &str| find(key).and_then(|v| v.value.clone()).unwrap_or_default();
    let from_env = std::env::var(keys::SENDGRID_API_KEY_ENV).is_ok_and(|k| !k.trim().is_empty());
    Ok(SettingsDto {
        user_name: value(store_settings::USER_NAME),
        org_time_zone: value(store_settings::ORG_TIME_ZONE),
        email_provider: value(keys::PROVIDER),
        email_from: value(keys::FROM),
        sendgrid_key_stored: find(keys::SENDGRID_API_KEY).is_some_and(|v| v.is_set),
        sendgrid_key_from_env: from_env,
        providers: gov_settings::EMAIL_PROVIDERS
            .iter()
            .map(|p| (*p).to_owned())
            .collect(),
    })
}

/// The `(form field, settings key, value)` triples an update gives, in the form's order.
fn requested(update: &SettingsUpdate) -> Vec<(&'static str, &'static str, &str)> {
    [
        ("userName", store_settings::USER_NAME, &update.user_name),
        (
            "orgTimeZone",
            store_settings::ORG_TIME_ZONE,
            &update.org_time_zone,
        ),
        ("emailProvider", keys::PROVIDER, &update.email_provider),
        ("emailFrom", keys::FROM, &update.email_from),
        (
            "sendgridApiKey",
            keys::SENDGRID_API_KEY,
            &update.sendgrid_api_key,
        ),
    ]
    .into_iter()
    .filter_map(|(field, key, value)| value.as_deref().map(|v| (field, key, v)))
    .collect()
}

/// The sentence shown beside a refused field: the engine's message without its
/// `setting <key>: ` prefix, as a sentence.
fn field_message(key: &str, error: &ww_governance::Error) -> String {
    let text = error.to_string();
    let text = text
        .strip_prefix(&format!("setting {key}: "))
        .unwrap_or(&text);
    let mut chars = text.chars();
    let mut sentence: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    if !sentence.ends_with('.') {
        sentence.push('.');
    }
    sentence
}

/// Checks every given field with `ww_governance::settings::validate` (each refusal is
/// reported beside its field) and, when all are acceptable, saves them with
/// `ww_governance::settings::set_many`: one transaction, one SETTING_CHANGED event per
/// changed key (for the SendGrid key only whether one is set). A refused field saves nothing.
///
/// # Errors
/// [`AppError::Governance`] for database failures. Refused fields are not errors: they come
/// back in [`SettingsSaveResult::errors`].
pub fn save_settings(conn: &mut Connection, update: &SettingsUpdate) -> Result<SettingsSaveResult> {
    let fields = requested(update);
    let errors: Vec<FieldError> = fields
        .iter()
        .filter_map(|(field, key, value)| {
            gov_settings::validate(key, value)
                .err()
                .map(|e| FieldError {
                    field: (*field).to_owned(),
                    message: field_message(key, &e),
                })
        })
        .collect();
    if !errors.is_empty() {
        return Ok(SettingsSaveResult {
            saved: false,
            changed: Vec::new(),
            errors,
            settings: read_settings(conn)?,
        });
    }
    let changes: Vec<(&str, &str)> = fields.iter().map(|(_, k, v)| (*k, *v)).collect();
    let changed = gov_settings::set_many(conn, &changes)?;
    Ok(SettingsSaveResult {
        saved: true,
        changed,
        errors: Vec::new(),
        settings: read_settings(conn)?,
    })
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

/// The newest `limit` outreach deliveries of every case, newest first
/// (`ww_casework::admin_outreach::recent_deliveries`).
///
/// # Errors
/// [`AppError::Casework`].
pub fn deliveries(conn: &Connection, limit: u32) -> Result<Vec<DeliveryLogRow>> {
    Ok(admin_outreach::recent_deliveries(conn, limit)?
        .into_iter()
        .map(|d| DeliveryLogRow {
            id: d.id,
            case_id: d.case_id,
            employee_external_id: d.employee_external_id,
            employee_name: d.employee_name,
            measure_name: d.measure_name,
            to_address: d.to_address,
            subject: d.subject,
            provider: d.provider,
            status: d.status,
            sent_at: d.sent_at,
            error_detail: d.error_detail,
        })
        .collect())
}

/// The templates outreach chooses from (`ww_casework::admin_outreach::templates_in_use`).
///
/// # Errors
/// [`AppError::Casework`].
pub fn templates(conn: &Connection) -> Result<Vec<TemplateRow>> {
    Ok(admin_outreach::templates_in_use(conn)?
        .into_iter()
        .map(|t| TemplateRow {
            key: t.key,
            builtin: t.builtin,
            measure_name: t.measure_name,
            name: t.template.name,
            subject: t.template.subject,
            body_text: t.template.body_text,
        })
        .collect())
}

/// The template `key` (row id or built-in name) rendered with sample values
/// (`ww_casework::admin_outreach::sample_preview`).
///
/// # Errors
/// [`AppError::Casework`]: NOT_FOUND for an unknown template, UNKNOWN_PLACEHOLDER for a
/// mistyped placeholder.
pub fn preview_template(conn: &Connection, key: &str) -> Result<TemplatePreviewDto> {
    let p = admin_outreach::sample_preview(conn, key)?;
    Ok(TemplatePreviewDto {
        sample: p.sample_sentence(),
        template_name: p.template_name,
        subject: p.subject,
        body_text: p.body_text,
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
/// [`AppError::Governance`] / [`AppError::Core`].
pub fn waiver_rows(conn: &Connection) -> Result<Vec<WaiverRow>> {
    let today = ww_core::run::today(conn)?;
    let list = ww_governance::waivers::list_rows(conn, &Default::default())?;
    Ok(list.into_iter().map(|r| waiver_row(r, today)).collect())
}

/// One governance waiver row as the screen shows it, its state as of `today` (today in the
/// organisation's zone) from `ww_governance::waivers::state_on`: ACTIVE, EXPIRED, REVOKED or
/// FUTURE.
pub fn waiver_row(r: GovWaiverRow, today: NaiveDate) -> WaiverRow {
    let state = state_on(&r.waiver, today).as_str().to_owned();
    let starts_on = r.waiver.start().map(|d| d.to_string());
    let w = r.waiver;
    WaiverRow {
        id: w.id.to_string(),
        employee_external_id: r.employee_external_id,
        employee_name: r.employee_name,
        measure_id: w.measure_id.to_string(),
        measure_name: r.measure_name,
        reason: w.reason,
        granted_by: w.granted_by,
        granted_at: w.granted_at,
        starts_on,
        expires_on: w.expires_on.map(|d| d.to_string()),
        can_revoke: w.revoked_at.is_none(),
        revoked_at: w.revoked_at,
        revoked_on: w.revoked_on.map(|d| d.to_string()),
        revoked_by: w.revoked_by,
        revoke_reason: w.revoke_reason,
        state,
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
