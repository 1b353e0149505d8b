//! Open cases follow the measure to its newly ACTIVE version (QA finding F7).
//!
//! Cases are keyed on (employee, measure version, cycle) (contract, DOMAIN.md section 5), and
//! runs evaluate only a measure's ACTIVE version. Without this step the open cases of the
//! version an activation demotes would never be touched again: they would stay OPEN forever
//! beside the new version's cases for the same employee and cycle.
//!
//! So [`carry_over_open_cases`], called inside the activation's transaction, moves every
//! active case (OPEN or IN_PROGRESS) of the measure's other versions to the new version:
//!
//! * the case row keeps its id, status (IN_PROGRESS stays IN_PROGRESS), assignee, priority,
//!   next action, actions and history; only `measure_version_id` and `updated_at` change, so
//!   the next run of the new version finds it by its key and refreshes it (or resolves it);
//! * when one employee has active cases for the same cycle on several older versions (data
//!   written before this rule existed), the most recently updated one is carried and the
//!   others are CLOSED by the activating person as superseded, naming the carried case; the
//!   same happens when the new version already has a case for that key;
//! * every change writes a case action (NOTE_ADDED for a carry-over, RESOLVED for a
//!   superseded closure, with the reason) and an audit event (CASE_UPDATED or CASE_CLOSED)
//!   with the actor, in the caller's transaction.
//!
//! Terminal cases (RESOLVED, CLOSED, EXCLUDED) stay with the version that produced them: they
//! are the record of what that version decided.

use crate::Result;
use rusqlite::{params, Connection};
use serde_json::json;
use std::collections::HashMap;
use ww_store::cases::{self, Case, CaseAction};
use ww_store::enums::{AuditEventType as Ev, CaseActionType, CaseStatus, EntityType};
use ww_store::ids::{CaseActionId, CaseId, EmployeeId, MeasureVersionId};
use ww_store::measures::MeasureVersion;

/// What [`carry_over_open_cases`] changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct CarryOver {
    /// Active cases moved to the new version (status, assignee and history kept).
    pub carried: usize,
    /// Active cases closed as superseded because another case already covers their employee
    /// and cycle on the new version.
    pub superseded: usize,
}

/// Moves the active cases of `new`'s measure that belong to its other versions onto `new`
/// (see the module documentation). Runs inside the caller's transaction; `who` is the actor
/// and `now` the timestamp written on every change.
///
/// # Errors
/// [`crate::Error::Db`].
pub fn carry_over_open_cases(
    tx: &Connection,
    new: &MeasureVersion,
    who: &str,
    now: &str,
) -> Result<CarryOver> {
    // Newest change first within each (employee, cycle): the first one seen is carried.
    let ids: Vec<CaseId> = {
        let mut stmt = tx.prepare(
            "SELECT c.id FROM cases c JOIN measure_versions mv ON mv.id = c.measure_version_id \
             WHERE mv.measure_id = ?1 AND c.measure_version_id <> ?2 \
             AND c.status IN ('OPEN', 'IN_PROGRESS') \
             ORDER BY c.employee_id, c.evaluation_period, c.updated_at DESC, c.id",
        )?;
        let rows = stmt.query_map(params![new.measure_id, new.id], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut labels: HashMap<MeasureVersionId, String> = HashMap::new();
    // The case that holds each (employee, cycle) on the new version once decided.
    let mut holder: HashMap<(EmployeeId, String), CaseId> = HashMap::new();
    let mut out = CarryOver::default();
    for id in ids {
        let Some(case) = cases::get(tx, id)? else {
            continue;
        };
        let from_label = match labels.get(&case.measure_version_id) {
            Some(l) => l.clone(),
            None => {
                let l: String = tx.query_row(
                    "SELECT version FROM measure_versions WHERE id = ?1",
                    [case.measure_version_id],
                    |r| r.get(0),
                )?;
                labels.insert(case.measure_version_id, l.clone());
                l
            }
        };
        let key = (case.employee_id, case.evaluation_period.clone());
        let kept = match holder.get(&key) {
            Some(k) => Some(*k),
            None => cases::get_by_key(tx, case.employee_id, new.id, &case.evaluation_period)?
                .map(|c| c.id),
        };
        match kept {
            Some(kept) => {
                holder.insert(key, kept);
                supersede(tx, case, new, &from_label, kept, who, now)?;
                out.superseded += 1;
            }
            None => {
                holder.insert(key, case.id);
                carry(tx, case, new, &from_label, who, now)?;
                out.carried += 1;
            }
        }
    }
    Ok(out)
}

fn carry(
    tx: &Connection,
    case: Case,
    new: &MeasureVersion,
    from_label: &str,
    who: &str,
    now: &str,
) -> Result<()> {
    tx.execute(
        "UPDATE cases SET measure_version_id = ?2, updated_at = ?3 WHERE id = ?1",
        params![case.id, new.id, now],
    )?;
    let note = format!(
        "Measure version {} was activated: this {} case moved from version {from_label} to \
         version {} (cycle {}); the next run of version {} updates it.",
        new.version,
        case.status.as_str(),
        new.version,
        case.evaluation_period,
        new.version
    );
    let payload = json!({
        "note": note,
        "change": "MEASURE_VERSION_CARRIED_OVER",
        "fromMeasureVersionId": case.measure_version_id, "fromVersion": from_label,
        "toMeasureVersionId": new.id, "toVersion": new.version,
        "evaluationPeriod": case.evaluation_period,
        "status": case.status, "assignee": case.assignee,
    });
    action(tx, case.id, CaseActionType::NoteAdded, &payload, who, now)?;
    record_case(tx, Ev::CaseUpdated, case.id, new.id, who, payload)
}

fn supersede(
    tx: &Connection,
    mut case: Case,
    new: &MeasureVersion,
    from_label: &str,
    kept: CaseId,
    who: &str,
    now: &str,
) -> Result<()> {
    let before = case.status;
    let reason = format!(
        "superseded: measure version {} was activated and case {kept} covers this employee and \
         cycle {} on it",
        new.version, case.evaluation_period
    );
    case.status = CaseStatus::Closed;
    case.closed_at = Some(now.to_owned());
    case.closed_by = Some(who.to_owned());
    case.closed_reason = Some(reason.clone());
    case.updated_at = now.to_owned();
    cases::update(tx, &case)?;
    let payload = json!({
        "note": reason,
        "change": "SUPERSEDED_BY_ACTIVATION",
        "measureVersionId": case.measure_version_id, "version": from_label,
        "activatedMeasureVersionId": new.id, "activatedVersion": new.version,
        "keptCaseId": kept, "evaluationPeriod": case.evaluation_period,
        "fromStatus": before, "toStatus": case.status,
    });
    action(tx, case.id, CaseActionType::Resolved, &payload, who, now)?;
    record_case(
        tx,
        Ev::CaseClosed,
        case.id,
        case.measure_version_id,
        who,
        payload,
    )
}

/// Writes one case action (`who` performs it) in the caller's transaction.
pub(crate) fn action(
    tx: &Connection,
    case: CaseId,
    kind: CaseActionType,
    payload: &serde_json::Value,
    who: &str,
    now: &str,
) -> Result<()> {
    cases::insert_action(
        tx,
        &CaseAction {
            id: CaseActionId::new(),
            case_id: case,
            action_type: kind,
            payload_json: Some(payload.clone()),
            performed_by: Some(who.to_owned()),
            performed_at: now.to_owned(),
        },
    )?;
    Ok(())
}

/// Appends one case audit event (actor `who`, referencing the case and `version`).
pub(crate) fn record_case(
    tx: &Connection,
    ev: Ev,
    case: CaseId,
    version: MeasureVersionId,
    who: &str,
    payload: serde_json::Value,
) -> Result<()> {
    ww_store::audit_events::append(
        tx,
        &ww_store::audit_events::NewAuditEvent::new(
            ev,
            EntityType::Case,
            Some(case.to_string()),
            who,
        )
        .case(case)
        .measure_version(version)
        .payload(payload),
    )?;
    Ok(())
}
