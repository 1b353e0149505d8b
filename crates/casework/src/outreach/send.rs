//! Outreach on a case: preview, send (OUTREACH_SENT) and delivery updates
//! (OUTREACH_DELIVERY_UPDATED) (DOMAIN.md section 6).
//!
//! Sending happens outside the database transaction (a provider may take seconds); the
//! attempt is then recorded in one transaction: the `outreach_delivery_log` row, the case
//! action, the case's `updated_at` and the audit event. A refused send (terminal case, unknown
//! template) writes nothing and sends nothing.

use super::email::{DeliveryResult, EmailConfig, EmailMessage, EmailService};
use super::template::{
    choose_template, displayed_due_date, fill, recipient_address, template_pool, usable_templates,
    OutreachTemplate, OutreachValues,
};
use crate::actions::{record, ActionResult};
use crate::cases::get_case;
use crate::context::{actor, today};
use crate::{Error, Result};
use chrono::{Days, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;
use serde_json::{json, Value};
use ww_store::cases::Case;
use ww_store::enums::{AuditEventType, CaseActionType, CaseStatus, DeliveryStatus, EmailProvider};
use ww_store::ids::{CaseId, DeliveryId};
use ww_store::outreach::Delivery;
use ww_store::time::now_ts;

/// Settings keys read by [`email_config`].
pub mod keys {
    /// `simulated` | `sendgrid`.
    pub const PROVIDER: &str = "email_provider";
    /// Sender address.
    pub const FROM: &str = "email_from";
    /// SendGrid base URL.
    pub const SENDGRID_BASE_URL: &str = "sendgrid_base_url";
    /// SendGrid API key.
    pub const SENDGRID_API_KEY: &str = "sendgrid_api_key";
    /// Environment variable overriding the stored key.
    pub const SENDGRID_API_KEY_ENV: &str = "WORKWELL_SENDGRID_API_KEY";
}

/// The email configuration from settings (see [`EmailConfig`] for keys and defaults).
///
/// Errors: [`Error::Invalid`] naming the setting when `email_provider` is not `simulated` or
/// `sendgrid`.
pub fn email_config(conn: &Connection) -> Result<EmailConfig> {
    let mut config = EmailConfig::default();
    if let Some(p) = ww_store::settings::get(conn, keys::PROVIDER)? {
        config.provider = p.parse::<EmailProvider>().map_err(|_| {
            Error::Invalid(format!(
                "setting {}: '{p}' is not a provider (expected simulated or sendgrid)",
                keys::PROVIDER
            ))
        })?;
    }
    if let Some(from) = ww_store::settings::get(conn, keys::FROM)? {
        config.from_address = from;
    }
    if let Some(url) = ww_store::settings::get(conn, keys::SENDGRID_BASE_URL)? {
        config.sendgrid_base_url = url;
    }
    if let Some(key) = ww_store::settings::get(conn, keys::SENDGRID_API_KEY)? {
        config.sendgrid_api_key = key;
    }
    if let Ok(key) = std::env::var(keys::SENDGRID_API_KEY_ENV) {
        if !key.trim().is_empty() {
            config.sendgrid_api_key = key;
        }
    }
    Ok(config)
}

/// The active `outreach_templates` rows, by name.
pub fn active_templates(conn: &Connection) -> Result<Vec<OutreachTemplate>> {
    Ok(ww_store::outreach::list_templates(conn, true)?
        .into_iter()
        .map(|t| OutreachTemplate {
            id: Some(t.id.to_string()),
            name: t.name,
            subject: t.subject,
            body_text: t.body_text,
            measure_id: t.measure_id.map(|m| m.to_string()),
        })
        .collect())
}

/// The message a send would deliver, for the user to read first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OutreachPreview {
    /// The case.
    pub case_id: CaseId,
    /// Template row id (`None` for a built-in).
    pub template_id: Option<String>,
    /// Template name.
    pub template_name: String,
    /// `<external_id>@workwell-demo.dev`.
    pub to_address: String,
    /// Rendered subject.
    pub subject: String,
    /// Rendered body.
    pub body_text: String,
    /// The due date shown (never in the past).
    pub due_date: NaiveDate,
}

/// The due date the evidence implies: `why_flagged.due_date` when present, else
/// `last_exam_date + compliance_window_days`; `None` when neither is known.
pub fn evidence_due_date(evidence: &Value) -> Option<NaiveDate> {
    let why = evidence.get("why_flagged")?;
    let date = |v: &Value| {
        v.as_str()
            .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
    };
    if let Some(d) = why.get("due_date").and_then(date) {
        return Some(d);
    }
    let last = why.get("last_exam_date").and_then(date)?;
    let window = why.get("compliance_window_days")?.as_u64()?;
    last.checked_add_days(Days::new(window))
}

/// The baseline due date of an employee with no qualifying exam on record: the start date
/// plus the spec's `baselineDays` (DOMAIN.md section 2, step 2: "due date = start +
/// baselineDays"); `None` without a start date or a baseline rule.
pub fn baseline_due_date(start_date: Option<NaiveDate>, spec: &Value) -> Option<NaiveDate> {
    let days = spec.get("baselineDays")?.as_u64()?;
    start_date?.checked_add_days(Days::new(days))
}

fn refuse_unless_reachable(case: &Case) -> Result<()> {
    let reason = match case.status {
        CaseStatus::Open | CaseStatus::InProgress => return Ok(()),
        CaseStatus::Excluded => {
            "the case is EXCLUDED: the employee is exempt and must not be contacted".to_string()
        }
        other => format!("the case is {other} (only OPEN or IN_PROGRESS cases get outreach)"),
    };
    Err(Error::InvalidTransition {
        case_id: case.id.to_string(),
        action: CaseActionType::OutreachSent.as_str(),
        reason,
    })
}

/// Refuses outreach for a case whose outcome is an evaluation error (QA G21): the engine
/// failed, so "we have no record on file" would tell the employee something nobody knows.
fn refuse_evaluation_error(case: &Case, evidence: Option<&Value>) -> Result<()> {
    let Some(error) = evidence.and_then(|e| e.get("evaluationError")) else {
        return Ok(());
    };
    let message = evidence
        .and_then(|e| e.get("message"))
        .and_then(Value::as_str)
        .unwrap_or("no message");
    Err(Error::InvalidTransition {
        case_id: case.id.to_string(),
        action: CaseActionType::OutreachSent.as_str(),
        reason: format!(
            "its outcome is an evaluation error ({}: {message}), not a missing record: fix the \
             measure or the data and rerun to verify before contacting the employee",
            error.as_str().unwrap_or("error")
        ),
    })
}

/// Refuses outreach when the outcome says the problem is not a missing exam (QA3): the
/// employee has no linked health record (`why_flagged.health_record_linked == false`: the
/// exam cannot be found without the link) or a death is recorded (`patient_deceased`).
fn refuse_unlinked_or_deceased(case: &Case, evidence: Option<&Value>) -> Result<()> {
    let why = evidence.and_then(|e| e.get("why_flagged"));
    let deceased = why
        .and_then(|w| w.get("patient_deceased"))
        .or_else(|| evidence.and_then(|e| e.get("patient_deceased")))
        .filter(|v| !v.is_null() && *v != &Value::Bool(false));
    let reason = if let Some(d) = deceased {
        let when = d.as_str().map(|s| format!(" on {s}")).unwrap_or_default();
        format!(
            "the employee's health record records a death{when}: check the record and the \
             roster instead of contacting the employee"
        )
    } else if why.and_then(|w| w.get("health_record_linked")) == Some(&Value::Bool(false)) {
        "the employee has no linked health record, so no exam could be found: link the \
         employee's FHIR patient (roster fhir_patient_id) and rerun to verify before \
         contacting the employee"
            .to_owned()
    } else {
        return Ok(());
    };
    Err(Error::InvalidTransition {
        case_id: case.id.to_string(),
        action: CaseActionType::OutreachSent.as_str(),
        reason,
    })
}

/// Renders the outreach for a case with `template` (id or name; `None` picks one, see
/// [`choose_template`]).
///
/// Errors: [`Error::InvalidTransition`] for a terminal or EXCLUDED case, or one whose outcome
/// is an evaluation error, has no linked health record or records a death; [`Error::NotFound`] for an unknown case or template;
/// [`Error::UnknownPlaceholder`].
pub fn preview_outreach(
    conn: &Connection,
    case_id: CaseId,
    template: Option<&str>,
) -> Result<OutreachPreview> {
    let case = get_case(conn, case_id)?;
    refuse_unless_reachable(&case)?;
    let employee =
        ww_store::employees::get(conn, case.employee_id)?.ok_or_else(|| Error::NotFound {
            entity: "employee",
            id: case.employee_id.to_string(),
        })?;
    let version =
        ww_store::measures::get_version(conn, case.measure_version_id)?.ok_or_else(|| {
            Error::NotFound {
                entity: "measure version",
                id: case.measure_version_id.to_string(),
            }
        })?;
    let measure = ww_store::measures::get_measure(conn, version.measure_id)?.ok_or_else(|| {
        Error::NotFound {
            entity: "measure",
            id: version.measure_id.to_string(),
        }
    })?;
    // The evidence of the outcome that set the case's state (its last run); a later failed
    // evaluation leaves the case alone and must not change the email either (QA G21).
    let evidence = match crate::cases::last_run_outcome(conn, &case)? {
        Some(o) => Some(o.evidence_json),
        None => ww_store::outcomes::latest_for(
            conn,
            case.employee_id,
            case.measure_version_id,
            &case.evaluation_period,
        )?
        .map(|o| o.evidence_json),
    };
    refuse_evaluation_error(&case, evidence.as_ref())?;
    refuse_unlinked_or_deceased(&case, evidence.as_ref())?;
    let due = evidence
        .as_ref()
        .and_then(evidence_due_date)
        .or_else(|| baseline_due_date(employee.start_date, &version.spec_json));
    let values = OutreachValues {
        employee_name: employee.name.clone(),
        measure_name: measure.name.clone(),
        due_date: displayed_due_date(due, today(conn)?),
        outcome_status: case.current_outcome_status.as_str().to_string(),
    };
    let active = active_templates(conn)?;
    let chosen = choose_template(
        &active,
        template,
        &measure.id.to_string(),
        case.current_outcome_status.as_str(),
    )?;
    Ok(OutreachPreview {
        case_id,
        template_id: chosen.id.clone(),
        template_name: chosen.name.clone(),
        to_address: recipient_address(&employee.external_id),
        subject: fill(&chosen.subject, &values, &chosen.name)?,
        body_text: fill(&chosen.body_text, &values, &chosen.name)?,
        due_date: values.due_date,
    })
}

/// The templates the officer may pick for a case, and the one used without a pick.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TemplateChoices {
    /// The [`usable_templates`] for the case's measure: its own first, then general ones.
    pub templates: Vec<OutreachTemplate>,
    /// What [`choose_template`] picks when the officer picks nothing (one of `templates`);
    /// `None` when no template suits the measure.
    pub default_template: Option<OutreachTemplate>,
}

/// The outreach templates case `case_id` may use: the active templates written for its
/// measure and those for any measure (the built-ins when no template is active). Passing one
/// of them (id, or name for a built-in) to [`preview_outreach`] or [`send_outreach`] renders
/// and sends that one.
///
/// Errors: [`Error::NotFound`] for an unknown case or its measure version; database errors.
pub fn template_choices(conn: &Connection, case_id: CaseId) -> Result<TemplateChoices> {
    let case = get_case(conn, case_id)?;
    let version =
        ww_store::measures::get_version(conn, case.measure_version_id)?.ok_or_else(|| {
            Error::NotFound {
                entity: "measure version",
                id: case.measure_version_id.to_string(),
            }
        })?;
    let measure_id = version.measure_id.to_string();
    let pool = template_pool(active_templates(conn)?);
    let templates: Vec<OutreachTemplate> = usable_templates(&pool, &measure_id)
        .into_iter()
        .cloned()
        .collect();
    let default_template = if templates.is_empty() {
        None
    } else {
        Some(choose_template(
            &pool,
            None,
            &measure_id,
            case.current_outcome_status.as_str(),
        )?)
    };
    Ok(TemplateChoices {
        templates,
        default_template,
    })
}

/// What a send did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OutreachResult {
    /// The OUTREACH_SENT action and the case after it.
    pub action: ActionResult,
    /// The `outreach_delivery_log` row.
    pub delivery: Delivery,
}

/// OUTREACH_SENT: renders the preview, sends it through `service`, and records the attempt
/// (delivery log row, case action, audit event) in one transaction, whatever the provider
/// answered. A FAILED attempt is recorded with its detail, not returned as an error.
///
/// Errors: as [`preview_outreach`] (nothing is sent or written then); database errors.
pub fn send_outreach(
    conn: &mut Connection,
    case_id: CaseId,
    template: Option<&str>,
    service: &dyn EmailService,
) -> Result<OutreachResult> {
    let preview = preview_outreach(conn, case_id, template)?;
    let from = email_config(conn)?.from_address;
    let message = EmailMessage {
        to: preview.to_address.clone(),
        from,
        subject: preview.subject.clone(),
        body_text: preview.body_text.clone(),
    };
    let sent_at = now_ts();
    let result: DeliveryResult = service.send(&message);
    ww_store::with_tx(conn, |tx| {
        let who = actor(tx)?;
        let before = get_case(tx, case_id)?;
        let mut after = before.clone();
        let delivery_id = DeliveryId::new();
        let payload = json!({
            "deliveryId": delivery_id.to_string(),
            "templateId": preview.template_id,
            "templateName": preview.template_name,
            "toAddress": preview.to_address,
            "subject": preview.subject,
            "dueDate": preview.due_date.format("%Y-%m-%d").to_string(),
            "provider": service.provider().as_str(),
            "status": result.status.as_str(),
            "errorDetail": result.detail,
        });
        let action = record(
            tx,
            &before,
            &mut after,
            CaseActionType::OutreachSent,
            AuditEventType::OutreachSent,
            payload,
            &who,
        )?;
        let delivery = Delivery {
            id: delivery_id,
            case_id,
            case_action_id: Some(action.action.id),
            to_address: preview.to_address.clone(),
            subject: preview.subject.clone(),
            provider: service.provider(),
            status: result.status,
            sent_at: sent_at.clone(),
            error_detail: result.detail.clone(),
        };
        ww_store::outreach::insert_delivery(tx, &delivery)?;
        Ok(OutreachResult { action, delivery })
    })
}

/// OUTREACH_DELIVERY_UPDATED: records a later delivery status for an earlier attempt of the
/// same case (e.g. a bounce reported by the provider). The log stays append-only: a new row
/// with the new status (same recipient, subject and provider) is written and becomes the
/// case's latest delivery status.
///
/// Errors: [`Error::NotFound`] when `delivery_id` is not an attempt of this case;
/// [`Error::Invalid`] for FAILED without a detail; database errors.
pub fn update_delivery(
    conn: &mut Connection,
    case_id: CaseId,
    delivery_id: DeliveryId,
    status: DeliveryStatus,
    detail: Option<&str>,
) -> Result<OutreachResult> {
    let detail = detail
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_string);
    if status == DeliveryStatus::Failed && detail.is_none() {
        return Err(Error::Invalid(
            "detail is required when a delivery is updated to FAILED".into(),
        ));
    }
    ww_store::with_tx(conn, |tx| {
        let who = actor(tx)?;
        let before = get_case(tx, case_id)?;
        let original = ww_store::outreach::list_deliveries(tx, case_id)?
            .into_iter()
            .find(|d| d.id == delivery_id)
            .ok_or_else(|| Error::NotFound {
                entity: "outreach delivery of this case",
                id: delivery_id.to_string(),
            })?;
        let mut after = before.clone();
        let new_id = DeliveryId::new();
        let payload = json!({
            "deliveryId": new_id.to_string(),
            "updatesDeliveryId": original.id.to_string(),
            "fromStatus": original.status.as_str(),
            "status": status.as_str(),
            "detail": detail,
        });
        let action = record(
            tx,
            &before,
            &mut after,
            CaseActionType::OutreachDeliveryUpdated,
            AuditEventType::OutreachDeliveryUpdated,
            payload,
            &who,
        )?;
        let delivery = Delivery {
            id: new_id,
            case_id,
            case_action_id: Some(action.action.id),
            to_address: original.to_address,
            subject: original.subject,
            provider: original.provider,
            status,
            sent_at: now_ts(),
            error_detail: detail.clone(),
        };
        ww_store::outreach::insert_delivery(tx, &delivery)?;
        Ok(OutreachResult { action, delivery })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn new_hire_without_an_exam_is_due_at_start_plus_baseline_days() {
        let spec = json!({"windowDays": 365, "baselineDays": 180});
        assert_eq!(
            baseline_due_date(Some(d("2026-09-23")), &spec),
            Some(d("2027-03-22"))
        );
        assert_eq!(baseline_due_date(None, &spec), None);
        assert_eq!(
            baseline_due_date(Some(d("2026-09-23")), &json!({"windowDays": 365})),
            None
        );
    }

    #[test]
    fn evidence_with_a_last_exam_gives_last_exam_plus_window() {
        let evidence = json!({"why_flagged": {
            "last_exam_date": "2025-03-10", "compliance_window_days": 365}});
        assert_eq!(evidence_due_date(&evidence), Some(d("2026-03-10")));
        let missing = json!({"why_flagged": {
            "last_exam_date": null, "compliance_window_days": 365}});
        assert_eq!(evidence_due_date(&missing), None);
    }
}
