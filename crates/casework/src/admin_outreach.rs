//! Outreach read models that span cases, for the desktop Admin screen: the delivery log of
//! every case, the templates outreach chooses from, and a template rendered with sample
//! values (DOMAIN.md section 6). Read-only: nothing here writes.

use crate::outreach::template::{choose_template, displayed_due_date, fill};
use crate::outreach::{active_templates, builtin_templates, OutreachTemplate, OutreachValues};
use crate::{today, Result};
use rusqlite::Connection;
use serde::Serialize;
use std::collections::HashMap;
use ww_store::ids::MeasureId;

/// The name the sample employee of a template preview has.
pub const SAMPLE_EMPLOYEE: &str = "Sample Employee";
/// The outcome status a template preview is rendered for.
pub const SAMPLE_STATUS: &str = "OVERDUE";
/// The measure name a preview uses when the database has no measure at all.
pub const SAMPLE_MEASURE_FALLBACK: &str = "Annual audiogram";

/// One row of `outreach_delivery_log` with the employee and measure its case concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryLogEntry {
    /// Delivery id.
    pub id: String,
    /// The case it belongs to.
    pub case_id: String,
    /// The employee's external (roster) id.
    pub employee_external_id: String,
    /// The employee's name.
    pub employee_name: String,
    /// The name of the case's measure.
    pub measure_name: String,
    /// Recipient address.
    pub to_address: String,
    /// Subject line as sent.
    pub subject: String,
    /// `simulated` or `sendgrid`.
    pub provider: String,
    /// SIMULATED, SENT or FAILED.
    pub status: String,
    /// When it was sent, UTC ISO-8601 with milliseconds.
    pub sent_at: String,
    /// Why it failed (FAILED only).
    pub error_detail: Option<String>,
}

/// The newest `limit` outreach deliveries of every case, newest first (by `sent_at`, then
/// insertion order), with the employee and measure each concerns.
///
/// # Errors
/// [`crate::Error::Db`].
pub fn recent_deliveries(conn: &Connection, limit: u32) -> Result<Vec<DeliveryLogEntry>> {
    let mut stmt = conn.prepare(
        "SELECT d.id, d.case_id, e.external_id, e.name, m.name, d.to_address, d.subject, \
         d.provider, d.status, d.sent_at, d.error_detail \
         FROM outreach_delivery_log d \
         JOIN cases c ON c.id = d.case_id \
         JOIN employees e ON e.id = c.employee_id \
         JOIN measure_versions v ON v.id = c.measure_version_id \
         JOIN measures m ON m.id = v.measure_id \
         ORDER BY d.sent_at DESC, d.rowid DESC LIMIT ?1",
    )?;
    let rows = stmt
        .query_map([limit], |r| {
            Ok(DeliveryLogEntry {
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
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// A template outreach may choose, as an administrator sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TemplateEntry {
    /// The key [`sample_preview`] takes: the row id, or the name of a built-in.
    pub key: String,
    /// True for a built-in (no active template row exists).
    pub builtin: bool,
    /// The name of the measure it is written for; None = any measure.
    pub measure_name: Option<String>,
    /// The template.
    pub template: OutreachTemplate,
}

/// Measure names by id, for labelling templates.
fn measure_names(conn: &Connection) -> Result<HashMap<MeasureId, String>> {
    Ok(ww_store::measures::list_measures(conn)?
        .into_iter()
        .map(|m| (m.id, m.name))
        .collect())
}

/// The name of the measure a template is written for (its `measure_id` text parsed as a
/// [`MeasureId`]); None for a template for any measure or an id no measure has.
fn template_measure_name(
    names: &HashMap<MeasureId, String>,
    template: &OutreachTemplate,
) -> Option<String> {
    let id: MeasureId = template.measure_id.as_deref()?.parse().ok()?;
    names.get(&id).cloned()
}

/// The templates outreach chooses from: the active `outreach_templates` rows, or the
/// built-ins when there are none (the pool of [`choose_template`]).
///
/// # Errors
/// [`crate::Error::Db`] / [`crate::Error::Store`].
pub fn templates_in_use(conn: &Connection) -> Result<Vec<TemplateEntry>> {
    let active = active_templates(conn)?;
    let (pool, builtin) = if active.is_empty() {
        (builtin_templates(), true)
    } else {
        (active, false)
    };
    let names = measure_names(conn)?;
    Ok(pool
        .into_iter()
        .map(|t| TemplateEntry {
            key: t.id.clone().unwrap_or_else(|| t.name.clone()),
            builtin,
            measure_name: template_measure_name(&names, &t),
            template: t,
        })
        .collect())
}

/// A template rendered with sample values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SamplePreview {
    /// The template's name.
    pub template_name: String,
    /// The rendered subject.
    pub subject: String,
    /// The rendered body.
    pub body_text: String,
    /// The values used.
    pub values: OutreachValues,
}

impl SamplePreview {
    /// The sample values in a sentence, e.g. "Sample values: employee Sample Employee,
    /// measure Annual audiogram, status Overdue, due 2026-12-14."
    pub fn sample_sentence(&self) -> String {
        format!(
            "Sample values: employee {}, measure {}, status Overdue, due {}.",
            self.values.employee_name, self.values.measure_name, self.values.due_date
        )
    }
}

/// Renders the template `key` (row id or built-in name) with sample values: employee
/// [`SAMPLE_EMPLOYEE`], the template's measure (else the first measure by name, else
/// [`SAMPLE_MEASURE_FALLBACK`]), status [`SAMPLE_STATUS`] and the due date an overdue
/// employee is shown (today in the organisation's zone + the grace days).
///
/// # Errors
/// [`crate::Error::NotFound`] for an unknown template; [`crate::Error::UnknownPlaceholder`]
/// for a mistyped placeholder; [`crate::Error::Invalid`] for a bad `org_time_zone`.
pub fn sample_preview(conn: &Connection, key: &str) -> Result<SamplePreview> {
    let active = active_templates(conn)?;
    // A sample has no case: the template is shown for its own measure (any, for a general
    // one), so a template written for one measure is not refused as "another measure's".
    let own_measure = active
        .iter()
        .find(|t| t.id.as_deref() == Some(key) || t.name == key)
        .and_then(|t| t.measure_id.clone())
        .unwrap_or_default();
    let template = choose_template(&active, Some(key), &own_measure, SAMPLE_STATUS)?;
    let names = measure_names(conn)?;
    let measure_name = template_measure_name(&names, &template)
        .or_else(|| names.values().min().cloned())
        .unwrap_or_else(|| SAMPLE_MEASURE_FALLBACK.to_owned());
    let values = OutreachValues {
        employee_name: SAMPLE_EMPLOYEE.to_owned(),
        measure_name,
        due_date: displayed_due_date(None, today(conn)?),
        outcome_status: SAMPLE_STATUS.to_owned(),
    };
    Ok(SamplePreview {
        subject: fill(&template.subject, &values, &template.name)?,
        body_text: fill(&template.body_text, &values, &template.name)?,
        template_name: template.name,
        values,
    })
}
