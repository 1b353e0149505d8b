//! `outreach_templates` and `outreach_delivery_log` (DOMAIN.md section 6).
//!
//! Templates come from the table when active rows exist, else from [`BUILTIN_TEMPLATES`].
//! Placeholders: `{{employeeName}}`, `{{measureName}}`, `{{dueDate}}`, `{{outcomeStatus}}`.

use crate::enums::{DeliveryStatus, EmailProvider};
use crate::ids::{CaseActionId, CaseId, DeliveryId, MeasureId, TemplateId};
use crate::Result;
use rusqlite::{params, Connection, OptionalExtension, Row};

/// One `outreach_templates` row.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Template {
    /// Primary key.
    pub id: TemplateId,
    /// Name shown in the picker.
    pub name: String,
    /// Subject with placeholders.
    pub subject: String,
    /// Body text with placeholders.
    pub body_text: String,
    /// The measure it is for (None: any measure).
    pub measure_id: Option<MeasureId>,
    /// Creation time.
    pub created_at: String,
    /// Offered for new outreach (WorkWell extension).
    pub active: bool,
}

/// A built-in template (name, subject, body), used when the table has no active row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuiltinTemplate {
    /// Name.
    pub name: &'static str,
    /// Subject with placeholders.
    pub subject: &'static str,
    /// Body with placeholders.
    pub body_text: &'static str,
}

/// The built-in templates, in the order offered. `workwell init` also seeds them as rows.
pub const BUILTIN_TEMPLATES: &[BuiltinTemplate] = &[
    BuiltinTemplate {
        name: "Exam reminder",
        subject: "Reminder: {{measureName}} due {{dueDate}}",
        body_text:
            "Hello {{employeeName}},\n\nOur records show that your {{measureName}} is due by \
{{dueDate}} (current status: {{outcomeStatus}}). Please book an appointment with Occupational \
Health before that date.\n\nThank you,\nOccupational Health",
    },
    BuiltinTemplate {
        name: "Overdue notice",
        subject: "Action needed: {{measureName}} is overdue",
        body_text: "Hello {{employeeName}},\n\nYour {{measureName}} is overdue (status: \
{{outcomeStatus}}). Please schedule it so that it is completed by {{dueDate}}. If you have \
already had it, please send us the record so that we can update your file.\n\nOccupational Health",
    },
    BuiltinTemplate {
        name: "Missing record",
        subject: "{{measureName}}: we have no record on file",
        body_text: "Hello {{employeeName}},\n\nWe could not find a record of your \
{{measureName}} (status: {{outcomeStatus}}). If you completed it elsewhere, please send us the \
documentation; otherwise please book it by {{dueDate}}.\n\nOccupational Health",
    },
];

/// One `outreach_delivery_log` row.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Delivery {
    /// Primary key.
    pub id: DeliveryId,
    /// The case.
    pub case_id: CaseId,
    /// The OUTREACH_SENT action.
    pub case_action_id: Option<CaseActionId>,
    /// `<external_id>@workwell-demo.dev`.
    pub to_address: String,
    /// Rendered subject.
    pub subject: String,
    /// Provider.
    pub provider: EmailProvider,
    /// Outcome of the attempt.
    pub status: DeliveryStatus,
    /// Attempt time.
    pub sent_at: String,
    /// Provider error detail.
    pub error_detail: Option<String>,
}

const TEMPLATE_COLUMNS: &str = "id, name, subject, body_text, measure_id, created_at, active";

fn template_from_row(r: &Row<'_>) -> rusqlite::Result<Template> {
    Ok(Template {
        id: r.get(0)?,
        name: r.get(1)?,
        subject: r.get(2)?,
        body_text: r.get(3)?,
        measure_id: r.get(4)?,
        created_at: r.get(5)?,
        active: r.get(6)?,
    })
}

/// Inserts a template.
///
/// # Errors
/// [`crate::Error::Sqlite`].
pub fn insert_template(conn: &Connection, t: &Template) -> Result<()> {
    conn.execute(
        &format!("INSERT INTO outreach_templates ({TEMPLATE_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
        params![
            t.id,
            t.name,
            t.subject,
            t.body_text,
            t.measure_id,
            t.created_at,
            t.active
        ],
    )?;
    Ok(())
}

/// Writes name, subject, body, measure and active flag.
///
/// # Errors
/// [`crate::Error::NotFound`] for an unknown id.
pub fn update_template(conn: &Connection, t: &Template) -> Result<()> {
    let n = conn.execute(
        "UPDATE outreach_templates SET name = ?2, subject = ?3, body_text = ?4, measure_id = ?5, active = ?6 WHERE id = ?1",
        params![t.id, t.name, t.subject, t.body_text, t.measure_id, t.active],
    )?;
    if n == 0 {
        return Err(crate::Error::NotFound {
            what: "outreach template",
            id: t.id.to_string(),
        });
    }
    Ok(())
}

/// The template with this id.
///
/// # Errors
/// [`crate::Error::Sqlite`].
pub fn get_template(conn: &Connection, id: TemplateId) -> Result<Option<Template>> {
    Ok(conn
        .query_row(
            &format!("SELECT {TEMPLATE_COLUMNS} FROM outreach_templates WHERE id = ?1"),
            [id],
            template_from_row,
        )
        .optional()?)
}

/// Templates (only active ones when `active_only`), by name.
///
/// # Errors
/// [`crate::Error::Sqlite`].
pub fn list_templates(conn: &Connection, active_only: bool) -> Result<Vec<Template>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {TEMPLATE_COLUMNS} FROM outreach_templates WHERE active = 1 OR ?1 = 0 ORDER BY name, id"
    ))?;
    let rows = stmt.query_map([active_only], template_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Inserts a delivery attempt.
///
/// # Errors
/// [`crate::Error::Sqlite`].
pub fn insert_delivery(conn: &Connection, d: &Delivery) -> Result<()> {
    conn.execute(
        "INSERT INTO outreach_delivery_log (id, case_id, case_action_id, to_address, subject, provider, \
         status, sent_at, error_detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            d.id,
            d.case_id,
            d.case_action_id,
            d.to_address,
            d.subject,
            d.provider,
            d.status,
            d.sent_at,
            d.error_detail
        ],
    )?;
    Ok(())
}

/// A case's delivery attempts, newest first.
///
/// # Errors
/// [`crate::Error::Sqlite`].
pub fn list_deliveries(conn: &Connection, case_id: CaseId) -> Result<Vec<Delivery>> {
    let mut stmt = conn.prepare(
        "SELECT id, case_id, case_action_id, to_address, subject, provider, status, sent_at, error_detail \
         FROM outreach_delivery_log WHERE case_id = ?1 ORDER BY sent_at DESC, rowid DESC",
    )?;
    let rows = stmt.query_map([case_id], |r| {
        Ok(Delivery {
            id: r.get(0)?,
            case_id: r.get(1)?,
            case_action_id: r.get(2)?,
            to_address: r.get(3)?,
            subject: r.get(4)?,
            provider: r.get(5)?,
            status: r.get(6)?,
            sent_at: r.get(7)?,
            error_detail: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
