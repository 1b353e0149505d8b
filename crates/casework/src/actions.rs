//! Case actions (DOMAIN.md section 5; issue 5 item 1).
//!
//! Each action is one transaction: it re-reads the case, checks the transition, writes the
//! case change, its `case_actions` row and its audit event, with the acting user from
//! `settings.user_name`. Refused transitions return [`Error::InvalidTransition`] or
//! [`Error::Invalid`] and write nothing.
//!
//! | action | allowed on | effect | audit event |
//! |---|---|---|---|
//! | ASSIGNED | OPEN, IN_PROGRESS | assignee set or cleared | CASE_ASSIGNED |
//! | NOTE_ADDED | any (note not empty) | none | CASE_NOTE_ADDED |
//! | ESCALATED | OPEN, IN_PROGRESS | priority one step up, status OPEN | CASE_ESCALATED |
//! | APPOINTMENT_SCHEDULED | OPEN, IN_PROGRESS (date today or later) | status IN_PROGRESS | CASE_APPOINTMENT_SCHEDULED |
//! | RESOLVED | OPEN, IN_PROGRESS (note required) | status CLOSED, closed_by = the person | CASE_CLOSED |
//!
//! Outreach actions live in [`crate::outreach::send`]; RERUN_TO_VERIFY in [`crate::rerun`].

use crate::cases::get_case;
use crate::context::{actor, today};
use crate::{Error, Result};
use chrono::NaiveDate;
use rusqlite::{Connection, Transaction};
use serde::Serialize;
use serde_json::{json, Value};
use ww_store::audit_events::{append, NewAuditEvent};
use ww_store::cases::{Case, CaseAction};
use ww_store::enums::{AuditEventType, CaseActionType, CaseStatus, EntityType};
use ww_store::ids::{CaseActionId, CaseId};
use ww_store::time::now_ts;

/// What an action did: the case after it and the action row written.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionResult {
    /// The case after the action.
    pub case: Case,
    /// The `case_actions` row.
    pub action: CaseAction,
    /// Id of the audit event written.
    pub audit_event_id: i64,
}

/// Refuses `action` unless the case is active (OPEN or IN_PROGRESS).
pub(crate) fn require_active(case: &Case, action: CaseActionType) -> Result<()> {
    if case.status.is_active() {
        Ok(())
    } else {
        Err(Error::InvalidTransition {
            case_id: case.id.to_string(),
            action: action.as_str(),
            reason: format!(
                "the case is {} (only OPEN or IN_PROGRESS cases accept it)",
                case.status
            ),
        })
    }
}

/// Trims `text` and refuses it when empty; `field` names it in the error.
pub(crate) fn required_text(text: &str, field: &str) -> Result<String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        Err(Error::Invalid(format!(
            "{field} is required and must not be empty"
        )))
    } else {
        Ok(trimmed.to_string())
    }
}

/// Writes the case (when `changed`), the action row and the audit event inside `tx`.
///
/// The audit payload carries the action id, the action payload and the status / priority
/// before and after, so the ledger alone can rebuild the timeline. An outreach action also
/// gets a `summary` sentence saying what happened to the email ([`outreach_summary`]), in
/// the action payload and at the top of the event payload.
pub(crate) fn record(
    tx: &Transaction<'_>,
    before: &Case,
    after: &mut Case,
    action_type: CaseActionType,
    event_type: AuditEventType,
    mut payload: Value,
    performed_by: &str,
) -> Result<ActionResult> {
    let summary = outreach_summary(action_type, &payload);
    if let (Some(text), Some(fields)) = (&summary, payload.as_object_mut()) {
        fields.insert("summary".into(), json!(text));
    }
    let now = now_ts();
    after.updated_at = now.clone();
    ww_store::cases::update(tx, after)?;
    let action = CaseAction {
        id: CaseActionId::new(),
        case_id: after.id,
        action_type,
        payload_json: Some(payload.clone()),
        performed_by: Some(performed_by.to_string()),
        performed_at: now,
    };
    ww_store::cases::insert_action(tx, &action)?;
    let mut event_payload = json!({
        "caseActionId": action.id.to_string(),
        "actionType": action_type.as_str(),
        "details": payload,
        "statusBefore": before.status.as_str(),
        "statusAfter": after.status.as_str(),
        "priorityBefore": before.priority.as_str(),
        "priorityAfter": after.priority.as_str(),
    });
    if let (Some(text), Some(fields)) = (summary, event_payload.as_object_mut()) {
        fields.insert("summary".into(), json!(text));
    }
    let event = NewAuditEvent::new(
        event_type,
        EntityType::Case,
        Some(after.id.to_string()),
        performed_by,
    )
    .case(after.id)
    .measure_version(after.measure_version_id)
    .payload(event_payload);
    let (audit_event_id, _) = append(tx, &event)?;
    Ok(ActionResult {
        case: after.clone(),
        action,
        audit_event_id,
    })
}

/// What an outreach action did to the email, in plain words (QA G10): every attempt is
/// typed OUTREACH_SENT (the contract's action type) whatever the provider answered, so the
/// delivery status must be readable without opening the payload. `None` for other actions.
///
/// * OUTREACH_SENT: `outreach attempt FAILED: <detail>; nothing was delivered to <to> (provider
///   <provider>)`, `outreach attempt SENT: accepted by <provider> for <to>`, or `outreach
///   attempt SIMULATED: nothing was sent to <to> (simulated provider)`.
/// * OUTREACH_DELIVERY_UPDATED: `outreach delivery <id> updated: SENT -> FAILED: <detail>`.
pub fn outreach_summary(action_type: CaseActionType, payload: &Value) -> Option<String> {
    let text = |key: &str| payload.get(key).and_then(Value::as_str);
    let status = text("status").unwrap_or("UNKNOWN");
    match action_type {
        CaseActionType::OutreachSent => {
            let to = text("toAddress").unwrap_or("the employee");
            let provider = text("provider").unwrap_or("unknown");
            Some(match status {
                "FAILED" => format!(
                    "outreach attempt FAILED: {}; nothing was delivered to {to} (provider \
                     {provider})",
                    text("errorDetail").unwrap_or("no detail")
                ),
                "SENT" => format!("outreach attempt SENT: accepted by {provider} for {to}"),
                "SIMULATED" => format!(
                    "outreach attempt SIMULATED: nothing was sent to {to} (simulated provider)"
                ),
                other => format!("outreach attempt {other} to {to} (provider {provider})"),
            })
        }
        CaseActionType::OutreachDeliveryUpdated => Some(format!(
            "outreach delivery {} updated: {} -> {status}{}",
            text("updatesDeliveryId").unwrap_or("?"),
            text("fromStatus").unwrap_or("?"),
            text("detail").map(|d| format!(": {d}")).unwrap_or_default()
        )),
        _ => None,
    }
}

/// Runs one action in one transaction: reads the case and the actor, lets `decide` check the
/// transition and change the case, then records everything.
fn act(
    conn: &mut Connection,
    case_id: CaseId,
    action_type: CaseActionType,
    event_type: AuditEventType,
    decide: impl FnOnce(&Connection, &mut Case) -> Result<Value>,
) -> Result<ActionResult> {
    ww_store::with_tx(conn, |tx| {
        let who = actor(tx)?;
        let before = get_case(tx, case_id)?;
        let mut after = before.clone();
        let payload = decide(tx, &mut after)?;
        record(
            tx,
            &before,
            &mut after,
            action_type,
            event_type,
            payload,
            &who,
        )
    })
}

/// ASSIGNED: sets (`Some`) or clears (`None`) the assignee of an active case.
///
/// Errors: [`Error::Invalid`] for an empty name; [`Error::InvalidTransition`] on a terminal
/// case or when the assignee would not change; [`Error::NotFound`].
pub fn assign(
    conn: &mut Connection,
    case_id: CaseId,
    assignee: Option<&str>,
) -> Result<ActionResult> {
    let assignee = assignee.map(|a| required_text(a, "assignee")).transpose()?;
    act(
        conn,
        case_id,
        CaseActionType::Assigned,
        AuditEventType::CaseAssigned,
        |_, case| {
            require_active(case, CaseActionType::Assigned)?;
            if case.assignee == assignee {
                return Err(Error::InvalidTransition {
                    case_id: case.id.to_string(),
                    action: CaseActionType::Assigned.as_str(),
                    reason: match &assignee {
                        Some(a) => format!("it is already assigned to {a}"),
                        None => "it is already unassigned".to_string(),
                    },
                });
            }
            let previous = std::mem::replace(&mut case.assignee, assignee.clone());
            Ok(json!({ "assignee": assignee, "previousAssignee": previous }))
        },
    )
}

/// NOTE_ADDED: adds a note to any case (closed cases too: documentation continues).
///
/// Errors: [`Error::Invalid`] for an empty note; [`Error::NotFound`].
pub fn add_note(conn: &mut Connection, case_id: CaseId, note: &str) -> Result<ActionResult> {
    let note = required_text(note, "note")?;
    act(
        conn,
        case_id,
        CaseActionType::NoteAdded,
        AuditEventType::CaseNoteAdded,
        |_, _| Ok(json!({ "note": note })),
    )
}

/// ESCALATED: raises the priority one step (LOW -> MEDIUM -> HIGH -> CRITICAL) and sets the
/// status back to OPEN.
///
/// Errors: [`Error::InvalidTransition`] on a terminal case, or on an OPEN case already at
/// CRITICAL (nothing would change); [`Error::NotFound`].
pub fn escalate(
    conn: &mut Connection,
    case_id: CaseId,
    reason: Option<&str>,
) -> Result<ActionResult> {
    let reason = reason
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_string);
    act(
        conn,
        case_id,
        CaseActionType::Escalated,
        AuditEventType::CaseEscalated,
        |_, case| {
            require_active(case, CaseActionType::Escalated)?;
            let raised = case.priority.raised();
            if raised == case.priority && case.status == CaseStatus::Open {
                return Err(Error::InvalidTransition {
                    case_id: case.id.to_string(),
                    action: CaseActionType::Escalated.as_str(),
                    reason: format!("it is already OPEN at {} priority", case.priority),
                });
            }
            let from = case.priority;
            case.priority = raised;
            case.status = CaseStatus::Open;
            Ok(
                json!({ "fromPriority": from.as_str(), "toPriority": raised.as_str(), "reason": reason }),
            )
        },
    )
}

/// APPOINTMENT_SCHEDULED: records an appointment on `date` (today or later in the
/// organisation's zone) and moves an OPEN case to IN_PROGRESS (an IN_PROGRESS case is
/// rescheduled and stays IN_PROGRESS).
///
/// Errors: [`Error::Invalid`] for a date in the past; [`Error::InvalidTransition`] on a
/// terminal case; [`Error::NotFound`].
pub fn schedule_appointment(
    conn: &mut Connection,
    case_id: CaseId,
    date: NaiveDate,
    note: Option<&str>,
) -> Result<ActionResult> {
    let note = note
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    act(
        conn,
        case_id,
        CaseActionType::AppointmentScheduled,
        AuditEventType::CaseAppointmentScheduled,
        |tx, case| {
            require_active(case, CaseActionType::AppointmentScheduled)?;
            let today = today(tx)?;
            if date < today {
                return Err(Error::Invalid(format!(
                    "appointment date {date} is in the past (today is {today})"
                )));
            }
            let rescheduled = case.status == CaseStatus::InProgress;
            case.status = CaseStatus::InProgress;
            Ok(json!({
                "appointmentDate": date.format("%Y-%m-%d").to_string(),
                "note": note,
                "rescheduled": rescheduled,
            }))
        },
    )
}

/// RESOLVED: a person closes the case with a required note: status CLOSED, `closed_at` now,
/// `closed_by` the acting user, `closed_reason` the note.
///
/// Errors: [`Error::Invalid`] for an empty note; [`Error::InvalidTransition`] when the case
/// is already RESOLVED, CLOSED or EXCLUDED; [`Error::NotFound`].
pub fn resolve(conn: &mut Connection, case_id: CaseId, note: &str) -> Result<ActionResult> {
    let note = required_text(note, "resolution note")?;
    ww_store::with_tx(conn, |tx| {
        let who = actor(tx)?;
        let before = get_case(tx, case_id)?;
        require_active(&before, CaseActionType::Resolved)?;
        let mut after = before.clone();
        after.status = CaseStatus::Closed;
        after.closed_at = Some(now_ts());
        after.closed_by = Some(who.clone());
        after.closed_reason = Some(note.clone());
        record(
            tx,
            &before,
            &mut after,
            CaseActionType::Resolved,
            AuditEventType::CaseClosed,
            json!({ "note": note, "closedBy": who }),
            &who,
        )
    })
}
